"""The registry of pilot sites: places where corporations, cities and parks let solutions be
tested. Its owner's admins (or the operator) describe a site; opportunities point to it."""

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from consortia.core import audit
from consortia.core.permissions import require
from consortia.directory.models import Country, Organisation, Topic
from consortia.directory.services.validation import (
    clean_fields,
    invalid,
    require_country,
    require_language,
    require_text,
    require_topics,
)

from .. import policies
from ..models import PilotSite

_CHECKS = {
    "kind": lambda v: (
        v if v in PilotSite.Kind.values else invalid("kind", _("Unknown kind of pilot site."))
    ),
    "name": lambda v: require_text("name", v, max_length=200),
    "description": lambda v: (v or "").strip()[:20_000],
    "language": lambda v: require_language("language", v),
    "country": lambda v: require_country("country", v),
    "city": lambda v: (v or "").strip()[:100],
    "topics": lambda v: require_topics("topics", v or []),
}


def create_pilot_site(
    *,
    by: Any,
    owner: Organisation,
    kind: str,
    name: str,
    language: str,
    country: Country | str,
    description: str = "",
    city: str = "",
    topics: Sequence[Topic | str] = (),
) -> PilotSite:
    require(
        policies.can_publish_for(by, owner),
        _("Only the verified organisation's admins or the operator offer its pilot sites."),
    )
    cleaned = clean_fields(
        {
            "kind": kind,
            "name": name,
            "description": description,
            "language": language,
            "country": country,
            "city": city,
            "topics": topics,
        },
        _CHECKS,
        kind="pilot site",
    )
    areas = cleaned.pop("topics")
    with transaction.atomic():
        site = PilotSite.objects.create(owner=owner, **cleaned)
        site.topics.set(areas)
        audit.record(
            "pilot_site.created",
            actor=by,
            target=site,
            organisation_id=owner.pk,
            data={"name": name},
        )
    return site


def update_pilot_site(site: PilotSite, *, by: Any, **changes: Any) -> PilotSite:
    """Change the given fields of the site; all are checked before anything is written."""
    require(
        policies.can_manage_site(by, site),
        _("Only the owner's admins or the operator change its pilot sites."),
    )
    cleaned = clean_fields(changes, _CHECKS, kind="pilot site")
    areas = cleaned.pop("topics", None)
    with transaction.atomic():
        for field, value in cleaned.items():
            setattr(site, field, value)
        site.save()
        if areas is not None:
            site.topics.set(areas)
        audit.record(
            "pilot_site.updated",
            actor=by,
            target=site,
            organisation_id=site.owner_id,
            data={"fields": sorted(changes)},
        )
    return site
