"""The pages and the API of recommendations, suggested meetings and applicants, and the weekly
suggestions that go out through the digest."""

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.utils import translation

from consortia.core import clock
from consortia.events.models import Mark, Participant
from consortia.events.services import b2b
from consortia.matching import services, sources
from consortia.matching.models import Dismissal, Suggested
from consortia.messaging.kinds import get_kind
from consortia.messaging.models import Notification
from tests.factories.directory import MembershipFactory, OrganisationFactory, country
from tests.factories.events import B2BSessionFactory, EventFactory

from .conftest import OFFER_EN, Market


def _client(market: Market, role: str) -> Client:
    return market.world.client(role)


def test_the_page_shows_each_section_with_reasons_and_forgets_what_is_not_wanted(
    market: Market,
) -> None:
    services.refresh_profiles()
    client = _client(market, "member_a")
    key = sources.key_of(market.offer_zh)

    page = client.get("/recommendations/").content.decode()

    for heading in ("Partners", "Offers and needs", "Opportunities", "Events"):
        assert f"<h2>{heading}</h2>" in page
    assert market.offer_zh.title in page and market.offer_en.title in page
    assert "Shared topics: Robotics" in page or "Offers Robotics" in page
    assert market.hidden_offer.organisation.name not in page

    answer = client.post(
        "/recommendations/not-interested/",
        {"subject": sources.key_of(market.world.org_a), "item": key, "next": "/recommendations/"},
        HTTP_HX_REQUEST="true",
    )
    assert answer.status_code == 200 and "Undo" in answer.content.decode()
    page = client.get("/recommendations/").content.decode()
    assert f'data-key="{key}"' not in page
    assert "1 suggestion marked “not interested”" in page

    undone = client.post(
        "/recommendations/interested-again/",
        {"subject": sources.key_of(market.world.org_a), "item": key, "next": "https://evil.example/"},
    )
    assert undone.status_code == 302 and undone["Location"] == "/recommendations/"
    assert f'data-key="{key}"' in client.get("/recommendations/").content.decode()


def test_a_bad_mark_is_refused_by_name_and_stores_nothing(market: Market) -> None:
    services.refresh_profiles()
    client = _client(market, "member_a")
    subject = sources.key_of(market.world.org_a)

    missing = client.post("/recommendations/not-interested/", {"subject": subject})
    unknown = client.post(
        "/recommendations/not-interested/", {"subject": subject, "item": "offer:nothing"}
    )
    foreign = client.post(
        "/recommendations/not-interested/",
        {"subject": sources.key_of(market.world.org_b), "item": sources.key_of(market.bread)},
    )

    for subject in ("organisation:not-a-uuid", "offer:" + str(market.bread.public_id), "x"):
        answer = client.post(
            "/recommendations/not-interested/",
            {"subject": subject, "item": sources.key_of(market.bread)},
        )
        assert answer.status_code == 404, subject
    assert missing.status_code == 400
    assert unknown.status_code == 400 and "no such suggestion" in unknown.content.decode()
    assert foreign.status_code == 404
    assert not Dismissal.objects.exists()


def test_the_api_gives_reasons_as_text_and_data_and_takes_not_interested(market: Market) -> None:
    services.refresh_profiles()
    client = _client(market, "member_a")

    found = client.get("/api/v1/recommendations?section=offers&k=3").json()

    assert [row["section"] for row in found] == ["offers"] * len(found)
    first = found[0]
    assert first["item"] in {sources.key_of(market.offer_en), sources.key_of(market.offer_zh)}
    assert first["url"].startswith("/offers/") and first["title"]
    assert all(reason["text"] for reason in first["reasons"])
    assert any("robotics" in reason["topics"] for reason in first["reasons"])

    body = {"subject": sources.key_of(market.world.org_a), "item": first["item"]}
    assert client.put("/api/v1/recommendations/not-interested", body,
                      content_type="application/json").status_code == 204
    again = client.get("/api/v1/recommendations?section=offers&k=3").json()
    assert first["item"] not in [row["item"] for row in again]
    listed = client.get(f"/api/v1/recommendations/not-interested?subject={body['subject']}").json()
    assert listed == [{**body, "title": first["title"]}]
    assert client.delete("/api/v1/recommendations/not-interested", body,
                         content_type="application/json").status_code == 204
    assert not Dismissal.objects.exists()

    bad = client.get("/api/v1/recommendations?section=people&k=0")
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json()["errors"]} >= {"section", "k"}


def test_suggested_meetings_leave_out_the_asked_and_the_refused(market: Market) -> None:
    world = market.world
    event = EventFactory(organiser=world.org_b, starts_at=clock.now() + timedelta(days=20),
                         ends_at=clock.now() + timedelta(days=20, hours=8))
    session = B2BSessionFactory(event=event, status="open")
    ours = Participant.objects.create(
        session=session, organisation=world.org_a, contact=world.users["member_a"],
        time_zone="Europe/Moscow", quota=8, profile="Ищем роботов для сортировки посылок.",
    )
    others = {}
    for name, code, profile in [
        ("SortBot UK", "GB", OFFER_EN[1]),
        ("分拣机器人", "CN", "我们的机器人系统自动分拣包裹。"),
        ("Bakery", "BR", "Bread and pastries for cafés."),
        ("Sorting Twins", "DE", OFFER_EN[1]),
    ]:
        org = OrganisationFactory(name=name, kind="startup", country=country(code))
        contact = MembershipFactory(organisation=org).person.user
        others[name] = Participant.objects.create(
            session=session, organisation=org, contact=contact, time_zone="UTC", quota=8,
            profile=profile,
        )
    Mark.objects.create(participant=ours, other=others["Sorting Twins"], kind="do_not_meet")
    services.refresh_profiles()
    client = _client(market, "member_a")

    found = client.get(f"/api/v1/b2b/participants/{ours.public_id}/suggestions").json()
    names = [row["title"] for row in found]
    assert set(names[:2]) == {"SortBot UK", "分拣机器人"}
    assert "Sorting Twins" not in names
    assert all(row["url"] == "" and row["kind"] == "participant" for row in found)

    b2b.request_meeting(session, by=world.users["member_a"], requester=ours,
                        recipient=others["SortBot UK"], message="", priority=2, online=False)
    page = client.get(f"/recommendations/b2b/{ours.public_id}/").content.decode()
    assert "SortBot UK" not in page and "分拣机器人" in page
    assert "Request a meeting with 分拣机器人" in page
    fragment = client.get(f"/recommendations/b2b/{ours.public_id}/", HTTP_HX_REQUEST="true")
    assert "<html" not in fragment.content.decode()


def test_suggested_applicants_are_eligible_and_have_not_applied(market: Market) -> None:
    world, call = market.world, market.open_call
    call.eligible_countries.set([country("GB"), country("CN"), country("RU")])
    call.eligible_kinds = ["startup"]
    call.save()
    services.refresh_profiles()
    operator = _client(market, "operator")

    found = operator.get(f"/api/v1/opportunities/{call.public_id}/suggested-applicants").json()

    names = {row["title"] for row in found}
    assert {"SortBot Ltd", "深圳分拣科技"} <= names
    assert "Padaria Boa" not in names  # Brazil is not eligible
    assert world.org_a.name not in names  # a corporation
    assert "Hidden Sorting Robots" not in names  # not verified
    page = operator.get(f"/recommendations/opportunities/{call.public_id}/applicants/")
    assert "SortBot Ltd" in page.content.decode()


def test_weekly_suggestions_go_once_a_week_and_never_repeat(market: Market) -> None:
    services.refresh_profiles()
    person = market.world.users["member_a"].person

    sent = services.send_weekly_suggestions()
    again = services.send_weekly_suggestions()

    mine = Notification.objects.filter(recipient=person, kind="matching.suggested")
    assert sent > 0 and again == 0
    assert 1 <= mine.count() <= 3
    first = mine.first()
    assert first is not None and first.delivery == "weekly"
    assert first.data["organisation"] in {market.world.org_a.name, market.world.pending.name}
    assert first.data["why"]["kind"]
    next_week = services.send_weekly_suggestions(now=clock.now() + timedelta(days=7))
    items = list(Suggested.objects.filter(person=person).values_list("item", flat=True))
    assert next_week >= 0 and len(items) == len(set(items))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_weekly_suggestions_are_computed_outside_any_write_transaction(
    market: Market, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On SQLite a write transaction holds the database's one write lock: the engine's work for
    each person must run before it, or every page that writes waits the computation out."""
    services.refresh_profiles()
    inside: list[bool] = []
    compute = services.recommendations_for

    def watched(*args: Any, **kwargs: Any) -> Any:
        inside.append(connection.in_atomic_block)
        return compute(*args, **kwargs)

    monkeypatch.setattr(services, "recommendations_for", watched)

    sent = services.send_weekly_suggestions()

    assert sent > 0
    assert inside and not any(inside)


def test_a_weekly_suggestion_reads_with_its_reason_in_the_readers_language(
    market: Market,
) -> None:
    """The digest words the stored reason when it is read: topic labels and roles in Russian
    for a Russian reader, in English for an English one."""
    services.refresh_profiles()
    services.send_weekly_suggestions()
    kind = get_kind("matching.suggested")
    notification = Notification.objects.filter(kind="matching.suggested").first()
    assert notification is not None
    why = notification.data["why"]

    with translation.override("en"):
        english = kind.describe(notification.data)
    with translation.override("ru"):
        russian = kind.describe(notification.data)

    assert notification.data["title"] in english and why["english"] in english
    assert russian.startswith("Предложено для") and why["english"] not in russian
