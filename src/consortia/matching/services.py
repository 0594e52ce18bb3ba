"""Every write of recommendations: keeping the stored profiles in step with the objects, the
"not interested" marks, and the weekly suggestions that go out through the digest."""

import hashlib
import json
import logging
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from consortia.core import audit, clock
from consortia.core.permissions import require
from consortia.directory.models import Membership, Person, VerificationStatus
from consortia.engines.matching import parse_item
from consortia.messaging.services import notify

from . import live, sources
from .models import Dismissal, Profile, Suggested, SuggestionRound
from .notifications import reason_data
from .policies import can_act_for_subject
from .selectors import recommendations_for

log = logging.getLogger(__name__)
EMBED_BATCH = 128


def _digest(item: dict[str, Any], encoder: str) -> str:
    text = json.dumps(item, sort_keys=True, ensure_ascii=False) + "\n" + encoder
    return hashlib.sha256(text.encode()).hexdigest()


def _store(rows: list[sources.Row], encoder: str) -> None:
    """Embed the changed rows once and write their profiles."""
    vectors = live.embed(parse_item(row.item, 0) for row in rows)
    now = clock.now()
    with transaction.atomic():
        for row in rows:
            Profile.objects.update_or_create(
                key=row.key,
                defaults={
                    "source": row.source,
                    "item": row.item,
                    "digest": _digest(row.item, encoder),
                    "encoder": encoder if row.key in vectors else "",
                    "vectors": live.pack(vectors.get(row.key)),
                    "removed": False,
                    "changed_at": now,
                },
            )


def _refresh(rows: Iterable[sources.Row], known: dict[str, str]) -> tuple[int, set[str]]:
    encoder = live.encoder_name()
    changed: list[sources.Row] = []
    seen: set[str] = set()
    count = 0
    for row in rows:
        seen.add(row.key)
        if known.get(row.key) == _digest(row.item, encoder):
            continue
        changed.append(row)
        if len(changed) == EMBED_BATCH:
            _store(changed, encoder)
            count += len(changed)
            changed = []
    if changed:
        _store(changed, encoder)
        count += len(changed)
    return count, seen


def refresh_profiles(only: Iterable[str] = sources.SOURCES) -> int:
    """Bring every stored profile in step with its object: new and changed objects are embedded
    and stored, those gone are marked removed. Safe to run any number of times; cheap when
    nothing changed (a digest per object). Returns how many profiles changed."""
    total = 0
    for source in only:
        current = Profile.objects.filter(source=source, removed=False)
        known = dict(current.values_list("key", "digest"))
        count, seen = _refresh(sources.rows(source), known)
        gone = set(known) - seen
        if gone:
            Profile.objects.filter(key__in=gone).update(
                removed=True, digest="", changed_at=clock.now()
            )
        total += count + len(gone)
    if total:
        log.info("matching: %d profiles refreshed", total)
    return total


def refresh_profile(obj: Model) -> bool:
    """Bring one object's profile in step now (the subject of a request, whose page should not
    wait for the periodic refresh). Returns whether it changed."""
    key = sources.key_of(obj)
    source, public_id = sources.split_key(key)
    known = dict(Profile.objects.filter(key=key, removed=False).values_list("key", "digest"))
    count, _seen = _refresh(sources.rows(source, public_ids=[public_id]), known)
    return count > 0


def _known_item(key: str) -> None:
    if not Profile.objects.filter(key=key, removed=False).exists():
        raise ValidationError({"item": _("There is no such suggestion.")})


def _for_the_team(subject: Model, by: Any) -> str:
    require(
        can_act_for_subject(by, subject), _("Only its team says what it is not interested in.")
    )
    return sources.key_of(subject)


def _audit(action: str, subject: Model, item: str, by: Any) -> None:
    subject_key = sources.key_of(subject)
    audit.record(
        action,
        actor=by,
        organisation_id=_organisation_id(subject),
        data={"subject": subject_key, "item": item},
    )


def mark_not_interested(subject: Model, item: str, *, by: Any) -> Dismissal:
    """Stop suggesting ``item`` (a profile key) to ``subject``, for its whole team."""
    subject_key = _for_the_team(subject, by)
    _known_item(item)
    with transaction.atomic():
        dismissal, created = Dismissal.objects.get_or_create(
            subject=subject_key, item=item, defaults={"by": by, "created_at": clock.now()}
        )
        if created:
            _audit("matching.not_interested", subject, item, by)
    return dismissal


def undo_not_interested(subject: Model, item: str, *, by: Any) -> bool:
    """Suggest ``item`` to ``subject`` again. Returns whether a mark was removed."""
    subject_key = _for_the_team(subject, by)
    with transaction.atomic():
        deleted, _counts = Dismissal.objects.filter(subject=subject_key, item=item).delete()
        if deleted:
            _audit("matching.interested_again", subject, item, by)
    return bool(deleted)


def _organisation_id(subject: Model) -> int | None:
    for name in ("organisation_id", "owner_id"):
        if hasattr(subject, name):
            return getattr(subject, name)  # type: ignore[no-any-return]
    return subject.pk if sources.key_of(subject).startswith("organisation:") else None


WEEKLY_PER_PERSON = 3
WEEKLY_BATCH = 200


def send_weekly_suggestions(*, now: Any = None, batch: int = WEEKLY_BATCH) -> int:
    """Once an ISO week per person in a verified organisation: up to three suggestions not
    suggested to them before, as notifications (the weekly digest by default), each with its
    first reason. At most ``batch`` people per call (the periodic work calls it again).
    Returns how many suggestions were sent."""
    now = now or clock.now()
    year, week, _day = now.isocalendar()
    label = f"{year}-W{week:02d}"
    people = (
        Person.objects.filter(
            user__is_active=True,
            memberships__organisation__verification_status=VerificationStatus.VERIFIED,
        )
        .exclude(pk__in=SuggestionRound.objects.filter(week=label).values("person_id"))
        .select_related("user")
        .distinct()
        .order_by("pk")[:batch]
    )
    sent = 0
    for person in people:
        membership = (
            Membership.objects.filter(
                person=person, organisation__verification_status=VerificationStatus.VERIFIED
            )
            .select_related("organisation")
            .order_by("organisation__name", "organisation_id")
            .first()
        )
        # The engine's work runs before the transaction: on SQLite a write transaction holds the
        # database's one write lock, and every other writer would wait the computation out.
        candidates = []
        if membership is not None:
            sections = recommendations_for(person.user, membership.organisation, k=5).values()
            found = [s for section in sections for s in section]
            candidates = sorted(found, key=lambda s: -s.score)
        with transaction.atomic():
            _round, created = SuggestionRound.objects.get_or_create(
                person=person, week=label, defaults={"created_at": now}
            )
            if not created or membership is None:
                continue  # another round sent them this week's, or no verified organisation
            organisation = membership.organisation
            before = set(Suggested.objects.filter(person=person).values_list("item", flat=True))
            new = [s for s in candidates if s.key not in before]
            for suggestion in new[:WEEKLY_PER_PERSON]:
                obj = suggestion.obj
                notify(
                    person,
                    "matching.suggested",
                    target=obj,
                    data={
                        "organisation": organisation.name,
                        "title": getattr(obj, "name", None) or getattr(obj, "title", ""),
                        "why": reason_data(suggestion.why[0]),
                    },
                )
                Suggested.objects.create(person=person, item=suggestion.key, suggested_at=now)
                sent += 1
    return sent
