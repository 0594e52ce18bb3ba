"""Registering, editing and verifying organisations."""

import uuid
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from consortia.core import audit, clock
from consortia.core.permissions import NotPermitted, require
from consortia.messaging.services import notify

from .. import policies
from ..models import (
    Country,
    Membership,
    Organisation,
    OrganisationKind,
    Role,
    StartupStage,
    Topic,
    VerificationStatus,
)
from ..selectors import organisation_contacts
from .search_documents import organisation_document
from .validation import (
    clean_fields,
    invalid,
    optional_url,
    require_country,
    require_language,
    require_text,
    require_topics,
    sniff_logo,
)


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    """Validate organisation fields; raises one ValidationError naming every bad field."""
    checks = {
        "name": lambda v: require_text("name", v, max_length=200),
        "other_names": lambda v: (v or "").strip()[:400],
        "kind": lambda v: (
            v if v in OrganisationKind.values else invalid("kind", _("Unknown organisation kind."))
        ),
        "country": lambda v: require_country("country", v),
        "city": lambda v: (v or "").strip()[:100],
        "website": lambda v: optional_url("website", v),
        "description": lambda v: (v or "").strip(),
        "language": lambda v: require_language("language", v),
        "topics": lambda v: require_topics("topics", v),
        "stage": _clean_stage,
        "founded_year": _clean_year,
        "contact_email": lambda v: (v or "").strip().lower(),
        "phone": lambda v: (v or "").strip()[:40],
    }
    return clean_fields(values, checks, kind="organisation")


def _clean_stage(value: str | None) -> str:
    value = value or ""
    if value not in ("", *StartupStage.values):
        raise ValidationError({"stage": _("Unknown stage.")})
    return value


def _clean_year(value: int | None) -> int | None:
    if value in (None, ""):
        return None
    year = int(value)  # type: ignore[arg-type]
    if not 1700 <= year <= clock.today().year:
        raise ValidationError({"founded_year": _("Enter a year between 1700 and this year.")})
    return year


def _check_stage(kind: str, stage: str) -> None:
    if stage and kind != OrganisationKind.STARTUP:
        raise ValidationError({"stage": _("Only startups have a stage.")})


def _refresh_search(organisation: Organisation, topics: Sequence[Topic] | None = None) -> None:
    topics = list(organisation.topics.all()) if topics is None else topics
    organisation.search_document = organisation_document(organisation, topics)
    organisation.save(update_fields=["search_document"])


def register_organisation(
    *,
    by: Any,
    name: str,
    kind: str,
    other_names: str = "",
    country: Country | str,
    language: str,
    description: str = "",
    city: str = "",
    website: str = "",
    topics: Sequence[Topic | str] = (),
    stage: str = "",
    founded_year: int | None = None,
    contact_email: str = "",
    phone: str = "",
) -> Organisation:
    """A signed-in person registers an organisation; it waits for the operator, they own it."""
    require(policies.can_register_organisation(by), _("Sign in to register an organisation."))
    cleaned = _clean(
        dict(
            name=name,
            other_names=other_names,
            kind=kind,
            country=country,
            language=language,
            description=description,
            city=city,
            website=website,
            topics=topics,
            stage=stage,
            founded_year=founded_year,
            contact_email=contact_email,
            phone=phone,
        )
    )
    _check_stage(cleaned["kind"], cleaned["stage"])
    topic_objects = cleaned.pop("topics")
    with transaction.atomic():
        organisation = Organisation.objects.create(**cleaned)
        organisation.topics.set(topic_objects)
        Membership.objects.create(person=by.person, organisation=organisation, role=Role.OWNER)
        policies.forget_memberships(by)
        _refresh_search(organisation, topic_objects)
        audit.record(
            "organisation.registered",
            actor=by,
            target=organisation,
            data={"name": organisation.name},
        )
    return organisation


def update_organisation(organisation: Organisation, *, by: Any, **changes: Any) -> Organisation:
    require(
        policies.can_edit_organisation(by, organisation),
        _("Only the organisation's admins can edit it."),
    )
    cleaned = _clean(changes)
    _check_stage(cleaned.get("kind", organisation.kind), cleaned.get("stage", organisation.stage))
    topic_objects = cleaned.pop("topics", None)
    with transaction.atomic():
        changed = [
            field for field, value in cleaned.items() if getattr(organisation, field) != value
        ]
        for field in changed:
            setattr(organisation, field, cleaned[field])
        organisation.save()
        if topic_objects is not None:
            organisation.topics.set(topic_objects)
            changed.append("topics")
        _refresh_search(organisation)
        audit.record(
            "organisation.updated", actor=by, target=organisation, data={"fields": sorted(changed)}
        )
    return organisation


def set_organisation_logo(
    organisation: Organisation, *, by: Any, upload: UploadedFile
) -> Organisation:
    require(
        policies.can_edit_organisation(by, organisation),
        _("Only the organisation's admins can edit it."),
    )
    extension = sniff_logo(upload)
    with transaction.atomic():
        previous = organisation.logo.name if organisation.logo else ""
        organisation.logo.save(f"{uuid.uuid4().hex}.{extension}", upload, save=False)
        organisation.save(update_fields=["logo"])
        audit.record("organisation.logo_changed", actor=by, target=organisation)
        if previous:
            storage = organisation.logo.storage
            transaction.on_commit(lambda: storage.delete(previous))
    return organisation


def _locked(organisation: Organisation) -> Organisation:
    return Organisation.objects.select_for_update().get(pk=organisation.pk)


def _tell_contacts(organisation: Organisation, kind: str, data: dict[str, str]) -> None:
    for person in organisation_contacts(organisation):
        notify(person, kind, organisation, data)


def verify_organisation(organisation: Organisation, *, by: Any) -> Organisation:
    require(policies.can_verify_organisations(by), _("Only the operator verifies organisations."))
    with transaction.atomic():
        organisation = _locked(organisation)
        if organisation.verification_status != VerificationStatus.PENDING:
            raise NotPermitted(_("Only an organisation waiting for verification can be verified."))
        organisation.verification_status = VerificationStatus.VERIFIED
        organisation.verified_at = clock.now()
        organisation.verified_by = by
        organisation.rejection_reason = ""
        organisation.save(
            update_fields=["verification_status", "verified_at", "verified_by", "rejection_reason"]
        )
        audit.record("organisation.verified", actor=by, target=organisation)
        _tell_contacts(organisation, "organisation.verified", {"organisation": organisation.name})
    return organisation


def reject_organisation(organisation: Organisation, *, by: Any, reason: str) -> Organisation:
    require(policies.can_verify_organisations(by), _("Only the operator verifies organisations."))
    reason = require_text("reason", reason, max_length=2000)
    with transaction.atomic():
        organisation = _locked(organisation)
        if organisation.verification_status != VerificationStatus.PENDING:
            raise NotPermitted(_("Only an organisation waiting for verification can be rejected."))
        organisation.verification_status = VerificationStatus.REJECTED
        organisation.rejection_reason = reason
        organisation.save(update_fields=["verification_status", "rejection_reason"])
        audit.record(
            "organisation.rejected", actor=by, target=organisation, data={"reason": reason}
        )
        _tell_contacts(
            organisation,
            "organisation.rejected",
            {"organisation": organisation.name, "reason": reason},
        )
    return organisation


def resubmit_organisation(organisation: Organisation, *, by: Any) -> Organisation:
    """After fixing what the operator asked for, the organisation's admins send it back to the queue."""
    require(
        policies.can_manage_members(by, organisation),
        _("Only the organisation's admins can resubmit it."),
    )
    with transaction.atomic():
        organisation = _locked(organisation)
        if organisation.verification_status != VerificationStatus.REJECTED:
            raise NotPermitted(_("Only a rejected organisation can be resubmitted."))
        organisation.verification_status = VerificationStatus.PENDING
        organisation.save(update_fields=["verification_status"])
        audit.record("organisation.resubmitted", actor=by, target=organisation)
    return organisation


def delete_organisation(organisation: Organisation, *, by: Any) -> None:
    """The owner (or the operator) removes the organisation with its memberships and offers."""
    require(
        policies.can_delete_organisation(by, organisation),
        _("Only an owner can delete the organisation."),
    )
    try:
        with transaction.atomic():
            audit.record(
                "organisation.deleted",
                actor=by,
                target=organisation,
                data={"name": organisation.name},
            )
            organisation.delete()
    except ProtectedError:
        raise ValidationError(
            _(
                "%(name)s is a party to agreements or projects, which are kept as a record; "
                "it cannot be deleted."
            )
            % {"name": organisation.name}
        ) from None
