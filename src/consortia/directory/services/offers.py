"""Publishing, renewing and withdrawing offers and needs."""

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from consortia.core import audit, clock
from consortia.core.permissions import require

from .. import policies
from ..models import Country, Offer, OfferKind, Organisation, Topic
from .search_documents import offer_document
from .validation import (
    clean_fields,
    invalid,
    require_countries,
    require_language,
    require_text,
    require_topics,
)


def _check_expiry(expires_on: date) -> date:
    today = clock.today()
    if not isinstance(expires_on, date):
        raise ValidationError({"expires_on": _("Enter a date.")})
    if expires_on < today:
        raise ValidationError({"expires_on": _("The expiry date must not be in the past.")})
    if expires_on > today + timedelta(days=settings.CONSORTIA_OFFER_MAX_DAYS):
        raise ValidationError(
            {
                "expires_on": _("An offer can run at most %(days)d days; renew it later.")
                % {"days": settings.CONSORTIA_OFFER_MAX_DAYS}
            }
        )
    return expires_on


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    checks = {
        "kind": lambda v: (
            v if v in OfferKind.values else invalid("kind", _("Unknown kind of offer."))
        ),
        "title": lambda v: require_text("title", v, max_length=200),
        "description": lambda v: require_text("description", v, max_length=10000),
        "language": lambda v: require_language("language", v),
        "topics": lambda v: require_topics("topics", v),
        "target_countries": lambda v: require_countries("target_countries", v),
        "expires_on": _check_expiry,
    }
    return clean_fields(values, checks, kind="offer")


def _refresh_search(offer: Offer, topics: Sequence[Topic] | None = None) -> None:
    offer.search_document = offer_document(
        offer, list(offer.topics.all()) if topics is None else topics
    )
    offer.save(update_fields=["search_document"])


def publish_offer(
    organisation: Organisation,
    *,
    by: Any,
    kind: str,
    title: str,
    description: str,
    language: str,
    expires_on: date,
    topics: Sequence[Topic | str] = (),
    target_countries: Sequence[Country | str] = (),
) -> Offer:
    require(
        policies.can_publish_offer(by, organisation),
        _("Only the organisation's members can publish for it."),
    )
    cleaned = _clean(
        dict(
            kind=kind,
            title=title,
            description=description,
            language=language,
            expires_on=expires_on,
            topics=topics,
            target_countries=target_countries,
        )
    )
    topic_objects, countries = cleaned.pop("topics"), cleaned.pop("target_countries")
    with transaction.atomic():
        offer = Offer.objects.create(organisation=organisation, created_by=by, **cleaned)
        offer.topics.set(topic_objects)
        offer.target_countries.set(countries)
        _refresh_search(offer, topic_objects)
        audit.record("offer.published", actor=by, target=offer, data={"kind": offer.kind})
    return offer


def update_offer(offer: Offer, *, by: Any, **changes: Any) -> Offer:
    require(
        policies.can_edit_offer(by, offer),
        _("Only the organisation's members can edit its offers."),
    )
    cleaned = _clean(changes)
    topic_objects = cleaned.pop("topics", None)
    countries = cleaned.pop("target_countries", None)
    with transaction.atomic():
        for field, value in cleaned.items():
            setattr(offer, field, value)
        offer.save()
        if topic_objects is not None:
            offer.topics.set(topic_objects)
        if countries is not None:
            offer.target_countries.set(countries)
        _refresh_search(offer)
        audit.record("offer.updated", actor=by, target=offer, data={"fields": sorted(changes)})
    return offer


def renew_offer(offer: Offer, *, by: Any, until: date | None = None) -> Offer:
    """Extend an offer (by default a further 90 days from today) and bring a withdrawn one back."""
    require(
        policies.can_edit_offer(by, offer),
        _("Only the organisation's members can renew its offers."),
    )
    until = _check_expiry(until or clock.today() + timedelta(days=90))
    with transaction.atomic():
        offer.expires_on = until
        offer.status = Offer.Status.ACTIVE
        offer.save(update_fields=["expires_on", "status"])
        audit.record("offer.renewed", actor=by, target=offer, data={"until": until.isoformat()})
    return offer


def withdraw_offer(offer: Offer, *, by: Any) -> Offer:
    require(
        policies.can_edit_offer(by, offer),
        _("Only the organisation's members can withdraw its offers."),
    )
    with transaction.atomic():
        offer.status = Offer.Status.WITHDRAWN
        offer.save(update_fields=["status"])
        audit.record("offer.withdrawn", actor=by, target=offer)
    return offer


def delete_offer(offer: Offer, *, by: Any) -> None:
    require(
        policies.can_delete_offer(by, offer),
        _("Only the organisation's admins can delete its offers."),
    )
    with transaction.atomic():
        audit.record("offer.deleted", actor=by, target=offer, data={"title": offer.title})
        offer.delete()
