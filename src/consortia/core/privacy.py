"""What the platform holds about a person: the one registry behind "download my data" and erasure.

Each app lists, in its own ``privacy.py`` (``HOLDINGS``), every model of its that refers to an
account, a person or an organisation, as a :class:`Holding`: how to find the rows about one
account, which of their columns the export carries, and what erasure does with them —

- ``DELETE``: the rows go (tokens, notifications, preferences, memberships…);
- ``SCRUB``: the row stays for others, its personal columns are overwritten (the person's profile,
  the account itself, an invitation sent to their address);
- ``KEEP``: the row stays as it is, because it is someone else's record too (an agreement's
  history, a message in a shared conversation, the audit trail); it names only the account,
  which erasure has pseudonymised;
- ``EXEMPT``: an organisation's record that holds nothing about a person.

``tests/accounts/test_personal_data.py`` fails on any model with such a reference that no holding
covers, so a new model cannot slip past the export and erasure. ADR 0009 gives the decisions.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from importlib import import_module
from typing import Any

from django.apps import apps
from django.db import models


class Erase(StrEnum):
    DELETE = "delete"
    SCRUB = "scrub"
    KEEP = "keep"
    EXEMPT = "exempt"


Rows = Callable[[Any], "models.QuerySet[Any]"]
Scrub = Callable[["models.QuerySet[Any]", Any], object]


@dataclass(frozen=True)
class Holding:
    """One model's rows about a person: found by ``rows(user)``, exported, then erased."""

    model: str
    """``app_label.ModelName``."""
    refs: tuple[str, ...]
    """Its fields that point at an account, a person or an organisation, all covered here."""
    erase: Erase
    part: str = ""
    """Tells two exported holdings of one model apart in the export (``sent``, ``received``)."""
    mine: Rows | str | None = None
    """The rows about this account: a lookup compared with the account's id (``created_by_id``,
    ``person__user_id``) or a function of the account; None only for ``EXEMPT``."""
    columns: tuple[str, ...] = ()
    """What the export carries of each row (lookups such as ``organisation__name`` allowed);
    empty means the rows are not exported, and ``why`` must say why."""
    scrub: Scrub | None = None
    """For ``SCRUB``: overwrites the personal columns of ``rows(user)``."""
    why: str = ""

    def __post_init__(self) -> None:
        if self.erase is Erase.EXEMPT:
            if not self.why:
                raise ValueError(f"{self.model}: an exempt holding says why")
            return
        if self.mine is None:
            raise ValueError(f"{self.model}: a holding finds the person's rows (mine)")
        if self.erase is Erase.SCRUB and self.scrub is None:
            raise ValueError(f"{self.model}: a scrubbed holding says how (scrub)")
        if (self.erase is Erase.KEEP or not self.columns) and not self.why:
            raise ValueError(f"{self.model}: kept or unexported rows need a reason (why)")

    @property
    def model_class(self) -> type[models.Model]:
        return apps.get_model(self.model)

    @property
    def section(self) -> str:
        return f"{self.model.lower()}.{self.part}" if self.part else self.model.lower()

    def rows(self, user: Any) -> "models.QuerySet[Any]":
        """This holding's rows about ``user`` (none for an exempt holding)."""
        if self.mine is None:
            return self.model_class._default_manager.none()
        if isinstance(self.mine, str):
            return self.model_class._default_manager.filter(**{self.mine: user.pk})
        return self.mine(user)

    def export(self, user: Any) -> list[dict[str, Any]]:
        if self.mine is None or not self.columns:
            return []
        return list(self.rows(user).order_by("pk").values(*self.columns))

    def apply(self, user: Any) -> int:
        """Erase this holding's rows about ``user``; returns how many rows were touched."""
        if self.mine is None or self.erase in (Erase.KEEP, Erase.EXEMPT):
            return 0
        rows = self.rows(user)
        if self.erase is Erase.DELETE:
            deleted, _by_model = rows.delete()
            return deleted
        count = rows.count()
        if count:
            assert self.scrub is not None
            self.scrub(rows, user)
        return count


Obstacle = Callable[[Any], list[str]]
"""Why this account cannot be erased yet (an organisation it alone owns), in words for the person."""


def _modules() -> Iterator[Any]:
    for config in apps.get_app_configs():
        try:
            yield import_module(f"{config.name}.privacy")
        except ModuleNotFoundError as missing:
            if missing.name != f"{config.name}.privacy":
                raise


def holdings() -> list[Holding]:
    """Every app's holdings, in the order of INSTALLED_APPS (erasure runs them in this order)."""
    return [holding for module in _modules() for holding in getattr(module, "HOLDINGS", ())]


IDENTITY = ("accounts.User", "directory.Person")
"""Who the person is: scrubbed last, since other holdings find their rows by name and address."""


def in_erasure_order() -> list[Holding]:
    """The holdings as erasure runs them: every app's, then the account and the person."""
    return sorted(holdings(), key=lambda holding: holding.model in IDENTITY)


def obstacles(user: Any) -> list[str]:
    """What must be settled before ``user`` can be erased; empty when nothing stands in the way."""
    return [
        reason
        for module in _modules()
        for check in getattr(module, "OBSTACLES", ())
        for reason in check(user)
    ]


def references(model: type[models.Model]) -> Iterator[str]:
    """The names of ``model``'s own fields that point at an account, a person or an organisation."""
    targets = {
        apps.get_model("accounts.User"),
        apps.get_model("directory.Person"),
        apps.get_model("directory.Organisation"),
    }
    for field in model._meta.get_fields(include_hidden=True):
        declared = field.concrete or (field.many_to_many and not field.auto_created)
        if field.is_relation and declared and field.related_model in targets:
            yield field.name


def _audit_events_of(user: Any) -> "models.QuerySet[Any]":
    from .models import AuditEvent

    return AuditEvent.objects.filter(actor_id=user.pk)


def _idempotency_keys_of(user: Any) -> "models.QuerySet[Any]":
    from .models import IdempotencyKey

    return IdempotencyKey.objects.filter(user_id=user.pk)


HOLDINGS = [
    Holding(
        "core.AuditEvent",
        refs=("actor",),
        erase=Erase.KEEP,
        mine=_audit_events_of,
        columns=("occurred_at", "action", "target_type", "target_id", "data"),
        why="The audit trail stays whole: it names only the account, which erasure pseudonymises "
        "(values naming the person inside events are replaced by the apps that wrote them).",
    ),
    Holding(
        "core.IdempotencyKey",
        refs=("user",),
        erase=Erase.DELETE,
        mine=_idempotency_keys_of,
        why="Stored answers to replayed API requests: a day's technical record, copies of answers "
        "whose objects are exported in their own sections.",
    ),
]
