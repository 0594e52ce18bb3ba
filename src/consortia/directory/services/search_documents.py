"""What each directory object is found by: its own text plus the labels of its country and topics
in every UI language, so a Russian query finds an English profile tagged with the same topic."""

from collections.abc import Iterable

from consortia.core.search import build_document

from ..models import Country, Offer, Organisation, Person, Topic


def _country_words(country: Country | None) -> list[str]:
    if country is None:
        return []
    return [country.name_en, country.name_ru, country.name_zh]


def _topic_words(topics: Iterable[Topic]) -> list[str]:
    words: list[str] = []
    for topic in topics:
        words += [topic.label_en, topic.label_ru, topic.label_zh, *topic.synonyms]
    return words


def organisation_document(organisation: Organisation, topics: Iterable[Topic]) -> str:
    return build_document(
        organisation.name,
        organisation.other_names,
        organisation.city,
        _country_words(organisation.country),
        _topic_words(topics),
        organisation.description,
    )


def person_document(person: Person, organisation_names: Iterable[str] = ()) -> str:
    return build_document(
        person.full_name, person.title, _country_words(person.country), organisation_names
    )


def offer_document(offer: Offer, topics: Iterable[Topic]) -> str:
    return build_document(
        offer.title, offer.organisation.name, _topic_words(topics), offer.description
    )
