"""The generated member world: deterministic, a prefix for a smaller count, and shaped like the
directory's models. Pure Python; no database."""

import re
import zoneinfo

import pytest

from consortia.core.multilingual import CONTENT_LANGUAGE_CODES, UI_LANGUAGES
from consortia.directory.generation import GeneratedOrganisation, generate_world

TOPICS = [
    "artificial-intelligence",
    "fintech",
    "agritech",
    "logistics",
    "smart-city",
    "e-government",
    "biotech",
]
# The values of OrganisationKind, StartupStage and OfferKind in directory/models.py (importing the
# models would need Django's settings).
ORGANISATION_KINDS = {
    "government",
    "corporation",
    "startup",
    "investor",
    "technopark",
    "university",
    "association",
}
STARTUP_STAGES = {"idea", "prototype", "mvp", "early_revenue", "growth", "scale"}
OFFER_KINDS = {
    "technology_offer",
    "technology_request",
    "business_partnership",
    "investment_sought",
    "investment_offered",
    "rnd_partnership",
}
CYRILLIC = re.compile(r"[\u0400-\u04FF]")
CJK = re.compile(r"[\u4E00-\u9FFF]")


@pytest.fixture(scope="module")
def world() -> list[GeneratedOrganisation]:
    return list(generate_world(2_000, seed=42, topics=TOPICS))


def _first(
    world: list[GeneratedOrganisation], *, country: str, language: str
) -> GeneratedOrganisation:
    return next(org for org in world if org.country == country and org.language == language)


def test_generate_world_same_arguments_yield_equal_worlds():
    first = list(generate_world(300, seed=7, topics=TOPICS))

    second = list(generate_world(300, seed=7, topics=TOPICS))

    assert first == second


def test_generate_world_other_seed_yields_another_world():
    first = list(generate_world(50, seed=7, topics=TOPICS))

    second = list(generate_world(50, seed=8, topics=TOPICS))

    assert [org.name for org in first] != [org.name for org in second]


def test_generate_world_smaller_count_is_prefix_of_larger_count():
    small = list(generate_world(200, seed=3, topics=TOPICS))

    large = list(generate_world(1_000, seed=3, topics=TOPICS))

    assert len(small) == 200
    assert len(large) == 1_000
    assert large[:200] == small


def test_generate_world_emails_unique_ascii_and_reserved_over_2000_organisations(world):
    emails = [person.email for org in world for person in org.people]

    assert len(emails) == len(set(emails))
    assert all(email.isascii() for email in emails)
    assert all(re.fullmatch(r"[a-z]\.[a-z]+\.\d+@[a-z0-9-]+\.example", email) for email in emails)


def test_generate_world_email_domain_is_organisation_website(world):
    org = world[0]

    hosts = {person.email.split("@", 1)[1] for person in org.people}

    assert hosts == {org.website.removeprefix("https://")}


def test_generate_world_names_and_websites_unique_over_2000_organisations(world):
    names = [org.name for org in world]
    websites = [org.website for org in world]

    assert len(set(names)) == len(names)
    assert len(set(websites)) == len(websites)
    assert all(re.fullmatch(r"https://[a-z0-9-]+\.example", website) for website in websites)


def test_generate_world_stage_only_for_startups(world):
    startups = [org for org in world if org.kind == "startup"]
    others = [org for org in world if org.kind != "startup"]

    assert startups and others
    assert {org.stage for org in startups} <= STARTUP_STAGES
    assert {org.stage for org in others} == {""}


def test_generate_world_kinds_are_model_choices(world):
    kinds = {org.kind for org in world}
    offer_kinds = {offer.kind for org in world for offer in org.offers}

    assert kinds == ORGANISATION_KINDS
    assert offer_kinds <= OFFER_KINDS


def test_generate_world_time_zones_valid_in_zoneinfo(world):
    zones = {person.time_zone for org in world for person in org.people}

    for zone in zones:
        assert zoneinfo.ZoneInfo(zone).key == zone


def test_generate_world_language_codes_are_content_languages(world):
    organisation_languages = {org.language for org in world}
    offer_languages = {offer.language for org in world for offer in org.offers}
    spoken = {code for org in world for person in org.people for code in person.languages}

    assert organisation_languages <= CONTENT_LANGUAGE_CODES
    assert offer_languages <= organisation_languages
    assert spoken <= CONTENT_LANGUAGE_CODES


def test_generate_world_people_speak_their_organisations_language(world):
    people = [(org, person) for org in world for person in org.people]

    assert all(org.language in person.languages for org, person in people)
    assert {person.ui_language for _, person in people} <= set(UI_LANGUAGES)


def test_generate_world_owner_is_first_person_and_only_owner(world):
    staffed = [org for org in world if org.people]

    assert all(org.people[0].role == "owner" for org in staffed)
    assert all(person.role in {"admin", "member"} for org in staffed for person in org.people[1:])


def test_generate_world_russian_organisation_named_in_cyrillic(world):
    org = _first(world, country="RU", language="ru")

    assert CYRILLIC.search(org.name)
    assert CYRILLIC.search(org.description)
    assert CYRILLIC.search(org.people[0].full_name)
    assert org.people[0].time_zone.startswith(("Europe/", "Asia/"))


def test_generate_world_chinese_organisation_named_in_cjk_characters(world):
    org = _first(world, country="CN", language="zh")

    assert CJK.search(org.name)
    assert CJK.search(org.description)
    assert CJK.search(org.people[0].full_name)
    assert org.people[0].time_zone in {"Asia/Shanghai", "Asia/Urumqi"}


def test_generate_world_offers_use_organisation_topics_and_other_countries(world):
    offers = [(org, offer) for org in world for offer in org.offers]

    assert offers
    assert all(set(offer.topics) <= set(org.topics) for org, offer in offers)
    assert all(org.country not in offer.target_countries for org, offer in offers)


def test_generate_world_offers_mostly_open_some_expired(world):
    days = [offer.expires_in_days for org in world for offer in org.offers]

    expired = [day for day in days if day < 0]
    usual = [day for day in days if 30 <= day <= 365]

    assert 0 < len(expired) < len(days) * 0.2
    assert len(usual) > len(days) * 0.7


def test_generate_world_without_topics_still_describes_organisations():
    world = list(generate_world(20, seed=1, topics=[]))

    assert all(org.topics == [] and org.description for org in world)
    assert all(offer.topics == [] for org in world for offer in org.offers)


def test_generate_world_zero_people_per_org_yields_no_people():
    world = list(generate_world(20, seed=1, topics=TOPICS, people_per_org=0, offers_per_org=0))

    assert all(org.people == [] and org.offers == [] for org in world)
