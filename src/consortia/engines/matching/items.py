"""Items and queries of `shared/formats/recommend.md`, parsed and checked, and what the engine
derives from an item: its language, terms, topics, and the topics of what it offers and seeks.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from .taxonomy import Taxonomy
from .text import analyse

KINDS = ("organisation", "person", "offer", "need", "opportunity", "event")
ORG_KINDS = (
    "startup", "sme", "corporation", "investor", "technopark", "university", "research",
    "government", "association", "other",
)


class ItemError(ValueError):
    """A bad item or query; the message names it and the field."""


@dataclass(frozen=True)
class Item:
    id: str
    kind: str
    title: str = ""
    text: str = ""
    language: str | None = None
    org_kind: str | None = None
    country: str | None = None
    offers: str = ""
    seeks: str = ""
    topics: tuple[str, ...] = ()
    updated: date | None = None


@dataclass(frozen=True)
class Query:
    id: str
    item: str
    kinds: tuple[str, ...] = KINDS
    k: int = 10
    not_interested: frozenset[str] = field(default_factory=frozenset)
    among: frozenset[str] | None = None  # when given, only these items (those one may see)


@dataclass(frozen=True)
class Features:
    """What scoring needs of an item, computed once when it is added or changed."""

    item: Item
    language: str
    terms: Counter[str]
    topics: dict[str, float]  # of the whole item: given (with ancestors) and inferred
    offers: dict[str, float]  # of what it offers (an offer's text, an organisation's offers)
    seeks: dict[str, float]  # of what it seeks (a need, a pilot request, "seeks")
    text: str  # all of its text, for the embedding
    offers_text: str  # what it offers in its own words ("" when it says nothing of it)
    seeks_text: str  # what it seeks in its own words


# An offer's and an event's whole text says what is offered; a need's and an opportunity's
# (a pilot request, a challenge, a call) what is sought.
OFFERING_KINDS = {"offer", "event"}
SEEKING_KINDS = {"need", "opportunity"}


def features(item: Item, taxonomy: Taxonomy) -> Features:
    body = " \n".join(part for part in (item.title, item.text) if part)
    whole = analyse(" \n".join(p for p in (body, item.offers, item.seeks) if p), item.language)
    language = whole.language
    topics = taxonomy.infer(whole)
    for code, weight in taxonomy.with_ancestors(item.topics).items():
        topics[code] = max(topics.get(code, 0.0), weight + 1.0)
    offers = taxonomy.infer(analyse(item.offers, language)) if item.offers else {}
    seeks = taxonomy.infer(analyse(item.seeks, language)) if item.seeks else {}
    offers_text, seeks_text = item.offers, item.seeks
    if item.kind in OFFERING_KINDS:
        offers = _merge(offers, topics)
        offers_text = offers_text or body
    if item.kind in SEEKING_KINDS:
        seeks = _merge(seeks, topics)
        seeks_text = seeks_text or body
    return Features(
        item=item,
        language=language,
        terms=Counter(whole.terms),
        topics=topics,
        offers=offers,
        seeks=seeks,
        text=" ".join(p for p in (body, item.offers, item.seeks) if p),
        offers_text=offers_text,
        seeks_text=seeks_text,
    )


def _merge(first: Mapping[str, float], second: Mapping[str, float]) -> dict[str, float]:
    merged = dict(first)
    for code, weight in second.items():
        merged[code] = max(merged.get(code, 0.0), weight)
    return merged


def _text(row: Mapping[str, Any], name: str, where: str, *, limit: int = 20_000) -> str:
    value = row.get(name) or ""
    if not isinstance(value, str):
        raise ItemError(f"{where}: “{name}” must be text.")
    if len(value) > limit:
        raise ItemError(f"{where}: “{name}” is longer than {limit} characters.")
    return value


def parse_item(row: Any, position: int) -> Item:
    where = f"items[{position}]"
    if not isinstance(row, Mapping):
        raise ItemError(f"{where} must be an object.")
    item_id = row.get("id")
    if not isinstance(item_id, str) or not item_id:
        raise ItemError(f"{where}: “id” must be a non-empty string.")
    where = f"item {item_id}"
    kind = row.get("kind")
    if kind not in KINDS:
        raise ItemError(f"{where}: “kind” must be one of {', '.join(KINDS)}.")
    org_kind = row.get("org_kind")
    if org_kind is not None and org_kind not in ORG_KINDS:
        raise ItemError(f"{where}: “org_kind” must be one of {', '.join(ORG_KINDS)}.")
    topics = row.get("topics") or []
    if not isinstance(topics, list) or not all(isinstance(t, str) for t in topics):
        raise ItemError(f"{where}: “topics” must be a list of topic codes.")
    country = row.get("country")
    if country is not None and (not isinstance(country, str) or len(country) != 2):
        raise ItemError(f"{where}: “country” must be an ISO 3166 alpha-2 code.")
    language = row.get("language")
    if language is not None and not isinstance(language, str):
        raise ItemError(f"{where}: “language” must be an ISO 639-1 code.")
    updated = row.get("updated")
    if updated is not None:
        try:
            updated = datetime.fromisoformat(str(updated)).date()
        except ValueError:
            raise ItemError(f"{where}: “updated” must be an ISO date.") from None
    item = Item(
        id=item_id,
        kind=kind,
        title=_text(row, "title", where, limit=1000),
        text=_text(row, "text", where),
        language=language,
        org_kind=org_kind,
        country=country.upper() if country else None,
        offers=_text(row, "offers", where),
        seeks=_text(row, "seeks", where),
        topics=tuple(topics),
        updated=updated,
    )
    if not (item.title or item.text or item.offers or item.seeks or item.topics):
        raise ItemError(f"{where}: give at least a title, a text or topics.")
    return item


def parse_query(row: Any, position: int, known: set[str]) -> Query:
    where = f"queries[{position}]"
    if not isinstance(row, Mapping):
        raise ItemError(f"{where} must be an object.")
    query_id, item = row.get("id"), row.get("item")
    if not isinstance(query_id, str) or not query_id:
        raise ItemError(f"{where}: “id” must be a non-empty string.")
    where = f"query {query_id}"
    if item not in known:
        raise ItemError(f"{where}: “item” must name one of the items.")
    kinds = row.get("kinds") or list(KINDS)
    if not isinstance(kinds, list) or any(kind not in KINDS for kind in kinds):
        raise ItemError(f"{where}: “kinds” must list kinds among {', '.join(KINDS)}.")
    k = row.get("k", 10)
    if isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= 1000:
        raise ItemError(f"{where}: “k” must be a whole number from 1 to 1000.")
    skipped = row.get("not_interested") or []
    if not isinstance(skipped, list) or not all(isinstance(s, str) for s in skipped):
        raise ItemError(f"{where}: “not_interested” must be a list of item ids.")
    return Query(query_id, str(item), tuple(kinds), k, frozenset(skipped))
