"""What the recommendations keep: each matchable object's profile as the engine reads it (with
its sentence vectors, computed once when it changes), the "not interested" marks, and what the
weekly digest has already suggested to whom."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from consortia.directory.models import Person


class Profile(models.Model):
    """One object as the matching engine sees it: ``key`` is ``<source>:<public id>`` (source is
    organisation, offer, opportunity, event or participant), ``item`` the engine's item (its
    texts, topics, country, kind), ``vectors`` its sentence vectors as float16 (empty without an
    encoder). ``digest`` tells whether the object changed since; a removed object keeps its row
    (``removed``) so that every process drops it from its index too."""

    key = models.CharField(_("key"), max_length=64, unique=True)
    source = models.CharField(_("source"), max_length=12)
    item = models.JSONField(_("item"))
    digest = models.CharField(_("digest"), max_length=64)
    encoder = models.CharField(_("encoder"), max_length=40, blank=True)
    vectors = models.BinaryField(_("vectors"), blank=True, default=b"")
    removed = models.BooleanField(_("removed"), default=False)
    changed_at = models.DateTimeField(_("changed at"), db_index=True)

    class Meta:
        verbose_name = _("matching profile")
        verbose_name_plural = _("matching profiles")

    def __str__(self) -> str:
        return self.key


class Dismissal(models.Model):
    """ "Not interested": ``item`` is no longer suggested to ``subject`` (an organisation, a B2B
    participant or an opportunity, by profile key), whoever of its team said so."""

    subject = models.CharField(_("for"), max_length=64)
    item = models.CharField(_("not interested in"), max_length=64)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("not interested")
        verbose_name_plural = _("not interested")
        constraints = [
            models.UniqueConstraint(fields=["subject", "item"], name="dismissal_once"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} ✕ {self.item}"


class Suggested(models.Model):
    """An item the weekly digest suggested to a person, so it is not suggested again."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="+"
    )
    item = models.CharField(_("item"), max_length=64)
    suggested_at = models.DateTimeField(_("suggested at"), db_index=True)

    class Meta:
        verbose_name = _("suggestion sent")
        verbose_name_plural = _("suggestions sent")
        constraints = [
            models.UniqueConstraint(fields=["person", "item"], name="suggested_once"),
        ]

    def __str__(self) -> str:
        return f"{self.person} ← {self.item}"


class SuggestionRound(models.Model):
    """The weekly suggestions were worked out for a person in an ISO week (``2026-W48``),
    whether or not anything new was found: each person's round runs once a week."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="+"
    )
    week = models.CharField(_("week"), max_length=8)
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("weekly suggestions")
        verbose_name_plural = _("weekly suggestions")
        constraints = [
            models.UniqueConstraint(fields=["person", "week"], name="suggestion_round_once"),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.week}"
