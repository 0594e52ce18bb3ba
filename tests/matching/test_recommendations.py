"""Recommendations on the platform: stored profiles, "Recommended for you", "not interested",
only what the viewer may open, suggested meetings and applicants, the weekly suggestions."""

import pytest
from django.core.exceptions import ValidationError

from consortia.core.permissions import NotPermitted
from consortia.directory.models import Offer, Role
from consortia.directory.selectors import offers_visible_to, organisations_visible_to
from consortia.engines.matching import parse_item
from consortia.engines.matching.items import features
from consortia.engines.matching.scoring import COMPLEMENTARY_ROLES
from consortia.events.selectors.events import events_visible_to
from consortia.matching import selectors, services, sources
from consortia.matching.live import taxonomy
from consortia.matching.models import Dismissal, Profile
from consortia.matching.wording import ROLE_PAIRS
from consortia.opportunities.selectors import opportunities_visible_to
from tests.factories.directory import MembershipFactory, country

from .conftest import Market

DETAIL = {
    "organisation": organisations_visible_to,
    "offer": offers_visible_to,
    "opportunity": opportunities_visible_to,
    "event": events_visible_to,
}


def _keys(found: dict[str, list[selectors.Suggestion]]) -> list[str]:
    return [s.key for section in found.values() for s in section]


def test_profiles_are_stored_once_and_again_only_when_an_object_changes(market: Market) -> None:
    first = services.refresh_profiles()

    assert first == Profile.objects.count() > 0
    offer = Profile.objects.get(key=sources.key_of(market.offer_zh))
    assert offer.item["language"] == "zh" and offer.item["kind"] == "offer"
    assert offer.encoder and len(bytes(offer.vectors)) > 512  # stored, as float16
    assert services.refresh_profiles() == 0

    market.bread.description = "Now also robots that knead dough."
    market.bread.save()
    assert services.refresh_profiles() == 1
    bread = Profile.objects.get(key=sources.key_of(market.bread))
    assert "knead" in bread.item["text"]

    key = sources.key_of(market.bread)
    market.bread.delete()
    assert services.refresh_profiles() == 2  # the offer is gone; its organisation offers less
    assert Profile.objects.get(key=key).removed
    bakery = Profile.objects.get(key=sources.key_of(market.bread.organisation))
    assert not bakery.removed and bakery.item["offers"] == ""


def test_a_russian_need_finds_the_english_and_the_chinese_offer(market: Market) -> None:
    services.refresh_profiles()
    user = market.world.users["member_a"]

    offers = selectors.recommendations_for(user, market.world.org_a, sections=["offers"])["offers"]

    keys = [s.key for s in offers]
    assert set(keys[:2]) == {sources.key_of(market.offer_en), sources.key_of(market.offer_zh)}
    assert keys.index(sources.key_of(market.offer_en)) < keys.index(sources.key_of(market.bread))
    for suggestion in offers[:2]:
        assert 1 <= len(suggestion.reasons) <= 3
        assert any("Robotics" in reason for reason in suggestion.reasons), suggestion.reasons


def test_every_named_topic_of_a_reason_is_in_both_profiles(market: Market) -> None:
    services.refresh_profiles()
    subject = Profile.objects.get(key=sources.key_of(market.world.org_a)).item

    found = selectors.recommendations_for(market.world.users["member_a"], market.world.org_a)

    named = 0
    for suggestion in (s for section in found.values() for s in section):
        theirs = Profile.objects.get(key=suggestion.key).item
        for why in suggestion.why:
            for code in why.topics:
                named += 1
                # a topic given to an object, or found in its text by the engine: check both

                mine = features(parse_item(subject, 0), taxonomy()).topics
                other = features(parse_item(theirs, 0), taxonomy()).topics
                assert code in mine and code in other, (why, suggestion.key)
    assert named > 0


def test_recommendations_never_hold_what_the_viewer_may_not_open(market: Market) -> None:
    services.refresh_profiles()
    hidden = {
        sources.key_of(market.hidden_org),
        sources.key_of(market.hidden_offer),
        sources.key_of(market.draft_call),
    }

    for role in ("member_a", "admin_a", "owner_a"):
        user = market.world.users[role]
        found = selectors.recommendations_for(user, market.world.org_a, k=50)
        keys = _keys(found)
        assert not hidden & set(keys), role
        assert sources.key_of(market.open_call) in keys  # the visible twin of the draft is there
        for key in keys:  # each one opens: the detail permission allows it
            source, public_id = sources.split_key(key)
            assert DETAIL[source](user).filter(public_id=public_id).exists(), key


def test_the_pending_organisations_own_member_still_gets_no_unverified_partner(
    market: Market,
) -> None:
    """member_a also owns the pending organisation of the world: it may open it, but unverified
    organisations and their offers are not suggested to anyone."""
    services.refresh_profiles()
    MembershipFactory(organisation=market.hidden_org, person=market.world.users["member_a"].person,
                      role=Role.MEMBER)

    keys = _keys(selectors.recommendations_for(market.world.users["member_a"],
                                               market.world.org_a, k=50))

    assert sources.key_of(market.hidden_org) not in keys
    assert sources.key_of(market.hidden_offer) not in keys


def test_not_interested_removes_the_item_for_the_whole_team_until_undone(market: Market) -> None:
    services.refresh_profiles()
    a, users = market.world.org_a, market.world.users
    key = sources.key_of(market.offer_en)

    services.mark_not_interested(a, key, by=users["member_a"])

    for role in ("member_a", "admin_a"):
        offers = selectors.recommendations_for(users[role], a, sections=["offers"], k=50)
        assert key not in _keys(offers)
    assert services.undo_not_interested(a, key, by=users["admin_a"])
    assert key in _keys(selectors.recommendations_for(users["member_a"], a, sections=["offers"]))


def test_only_the_team_marks_and_only_known_items(market: Market) -> None:
    services.refresh_profiles()
    a, users = market.world.org_a, market.world.users

    with pytest.raises(NotPermitted):
        services.mark_not_interested(a, sources.key_of(market.bread), by=users["member_b"])
    with pytest.raises(ValidationError) as error:
        services.mark_not_interested(a, "offer:not-a-thing", by=users["member_a"])
    assert "item" in error.value.message_dict
    assert not Dismissal.objects.exists()


def test_a_changed_profile_changes_the_next_ranking_without_a_rebuild(market: Market) -> None:
    services.refresh_profiles()
    user, a = market.world.users["member_a"], market.world.org_a
    assert selectors.recommendations_for(user, a, sections=["offers"], k=3)["offers"]
    bread = market.bread
    bread.title, bread.description = "Роботы для сортировки посылок", OFFER_RU_TWIN
    bread.language = "ru"
    bread.save()
    services.refresh_profile(bread)

    offers = selectors.recommendations_for(user, a, sections=["offers"], k=3)["offers"]

    assert sources.key_of(bread) in [s.key for s in offers]


OFFER_RU_TWIN = "Роботизированная система автоматической сортировки посылок для почты."


def test_every_pair_of_roles_the_engine_names_has_words() -> None:
    assert set(ROLE_PAIRS) == set(COMPLEMENTARY_ROLES)


def test_expired_and_withdrawn_offers_are_not_suggested(market: Market) -> None:
    services.refresh_profiles()
    market.offer_zh.status = Offer.Status.WITHDRAWN
    market.offer_zh.save()

    offers = selectors.recommendations_for(
        market.world.users["member_a"], market.world.org_a, sections=["offers"], k=50
    )

    assert sources.key_of(market.offer_zh) not in _keys(offers)



def test_only_opportunities_the_organisation_may_apply_to_are_recommended(market: Market) -> None:
    services.refresh_profiles()
    user, a = market.world.users["member_a"], market.world.org_a
    key = sources.key_of(market.open_call)
    assert key in _keys(selectors.recommendations_for(user, a, sections=["opportunities"]))

    market.open_call.eligible_countries.set([country("CN")])

    assert key not in _keys(selectors.recommendations_for(user, a, sections=["opportunities"]))
