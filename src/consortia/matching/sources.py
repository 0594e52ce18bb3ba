"""The objects recommendations are made of, as items of ``shared/formats/recommend.md``: an
organisation (with what its offers and needs say), an offer or a need, an opportunity, an event
and a B2B session's participant. Each has a profile key ``<source>:<public id>``."""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Model, Prefetch, QuerySet

from consortia.directory.models import NEED_KINDS, Offer, Organisation
from consortia.events.models import Event, Participant
from consortia.opportunities.models import Opportunity

SOURCES = ("organisation", "offer", "opportunity", "event", "participant")
MODELS: dict[str, type[Model]] = {
    "organisation": Organisation,
    "offer": Offer,
    "opportunity": Opportunity,
    "event": Event,
    "participant": Participant,
}
BATCH = 500


def key_of(obj: Model) -> str:
    for source, model in MODELS.items():
        if isinstance(obj, model):
            return f"{source}:{obj.public_id}"  # type: ignore[attr-defined]
    raise TypeError(f"{type(obj).__name__} is not matched")


def split_key(key: str) -> tuple[str, str]:
    source, _, public_id = key.partition(":")
    return source, public_id


def _item(obj: Any, kind: str, *, country: str | None, **extra: Any) -> dict[str, Any]:
    """What every item says: its key, kind, country, language, title, text, topics and date."""
    return {
        "id": key_of(obj),
        "kind": kind,
        "country": country,
        "language": getattr(obj, "language", "") or None,
        "title": getattr(obj, "title", ""),
        "text": getattr(obj, "description", ""),
        "topics": sorted(topic.code for topic in obj.topics.all()),
        "updated": obj.updated_at.date().isoformat(),
        **extra,
    }


def _organisation(org: Organisation) -> dict[str, Any]:
    offers = [o for o in org.offers.all() if o.status == Offer.Status.ACTIVE]
    return _item(
        org,
        "organisation",
        country=org.country_id,
        org_kind=org.kind,
        title=org.name,
        offers="\n".join(o.title for o in offers if o.kind not in NEED_KINDS),
        seeks="\n".join(o.title for o in offers if o.kind in NEED_KINDS),
    )


def _offer(offer: Offer) -> dict[str, Any]:
    kind = "need" if offer.kind in NEED_KINDS else "offer"
    org = offer.organisation
    return _item(offer, kind, country=org.country_id, org_kind=org.kind)


def _opportunity(opportunity: Opportunity) -> dict[str, Any]:
    return _item(opportunity, "opportunity", country=opportunity.owner.country_id)


def _event(event: Event) -> dict[str, Any]:
    return _item(event, "event", country=event.country_id)


def _participant(participant: Participant) -> dict[str, Any]:
    """A B2B participant: its organisation, with what it says it offers and looks for here."""
    org = participant.organisation
    item = _item(
        org,
        "person",
        country=org.country_id,
        org_kind=org.kind,
        title=org.name,
        text="\n".join(p for p in (participant.profile, org.description) if p),
        language=None,
        updated=participant.updated_at.date().isoformat(),
    )
    return item | {"id": key_of(participant)}


def _querysets() -> dict[str, tuple[QuerySet[Any], Any]]:
    active_offers = Prefetch("offers", queryset=Offer.objects.only("organisation_id", "title",
                                                                  "kind", "status"))
    return {
        "organisation": (
            Organisation.objects.prefetch_related("topics", active_offers), _organisation
        ),
        "offer": (Offer.objects.select_related("organisation").prefetch_related("topics"), _offer),
        "opportunity": (
            Opportunity.objects.select_related("owner").prefetch_related("topics"), _opportunity
        ),
        "event": (Event.objects.prefetch_related("topics"), _event),
        "participant": (
            Participant.objects.select_related("organisation").prefetch_related(
                "organisation__topics"
            ),
            _participant,
        ),
    }


@dataclass(frozen=True)
class Row:
    key: str
    source: str
    item: dict[str, Any]


def rows(source: str, *, public_ids: list[str] | None = None) -> Iterator[Row]:
    """Every object of ``source`` (or those named) as engine items, in batches."""
    queryset, build = _querysets()[source]
    if public_ids is not None:
        queryset = queryset.filter(public_id__in=public_ids)
    for obj in queryset.order_by("pk").iterator(chunk_size=BATCH):
        item = build(obj)
        yield Row(item["id"], source, item)
