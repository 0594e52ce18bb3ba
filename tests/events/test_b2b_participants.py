"""A participant after joining: changing its contact, time zone, profile, quota and attendance;
organisers checking a side in from their page; people in several participating organisations
choosing whom they act for; and the organisers' review naming whose quota left a request out."""

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from consortia.core import clock
from consortia.core.models import AuditEvent
from consortia.core.permissions import NotPermitted
from consortia.directory.policies import forget_memberships
from consortia.events.models import B2BStatus, Mark, MeetingRequest, Participant, Seat
from consortia.events.services import b2b as services
from consortia.events.services.b2b_sessions import update_participant
from tests.conftest import World
from tests.events.test_b2b import joined, session_of
from tests.events.test_b2b_scheduling import accepted, only, run
from tests.events.test_b2b_views import BEFORE, client_of, scheduled
from tests.factories.directory import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def colleague(participant: Participant, name: str = "Second Person", **user: Any) -> Any:
    """Another member of the participant's organisation."""
    membership = MembershipFactory(
        organisation=participant.organisation, person__full_name=name, **user
    )
    return membership.person.user


def stored(participant: Participant) -> tuple[Any, ...]:
    fresh = Participant.objects.get(pk=participant.pk)
    return (fresh.profile, fresh.time_zone, fresh.contact_id, fresh.quota, fresh.onsite)


# --- 1. A participant changes its profile after joining ----------------------------------------
def test_update_participant_changes_every_field_and_keeps_the_availability(world: World):
    session = session_of(world)
    participant, user = joined(session, "East Trade", profile="Tea")
    slots = set(participant.available_slots.values_list("pk", flat=True))
    other = colleague(participant)

    update_participant(
        participant,
        by=user,
        profile="  Tea and coffee  ",
        time_zone="Asia/Shanghai",
        contact=other,
        quota=4,
        onsite=False,
    )

    assert stored(participant) == ("Tea and coffee", "Asia/Shanghai", other.pk, 4, False)
    assert set(participant.available_slots.values_list("pk", flat=True)) == slots
    event = AuditEvent.objects.get(action="b2b.participant_updated")
    assert event.data["fields"] == ["contact", "onsite", "profile", "quota", "time_zone"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
        ({"profile": "x" * 5001}, "profile"),
        ({"quota": 0}, "quota"),
        ({"quota": 19}, "quota"),
        ({"onsite": "no"}, "onsite"),
    ],
)
def test_update_participant_refuses_bad_values_naming_the_field(
    world: World, changes: dict[str, Any], field: str
):
    session = session_of(world)
    participant, user = joined(session, "East Trade", profile="Tea")
    before = stored(participant)

    with pytest.raises(ValidationError) as refused:
        update_participant(participant, by=user, **({"profile": "Changed"} | changes))

    assert list(refused.value.message_dict) == [field]
    assert stored(participant) == before


def test_update_participant_contact_must_be_an_active_member_of_the_organisation(world: World):
    session = session_of(world)
    participant, user = joined(session, "East Trade")
    before = stored(participant)
    retired = colleague(participant, "Retired Person", person__user__is_active=False)

    for stranger in (world.users["member_b"], retired):
        with pytest.raises(ValidationError) as refused:
            update_participant(participant, by=user, profile="Changed", contact=stranger)
        assert refused.value.message_dict == {"contact": ["Choose an active member of East Trade."]}
    assert stored(participant) == before


def test_update_participant_quota_below_the_meetings_held_names_the_count(
    world: World, django_capture_on_commit_callbacks: Any
):
    session = session_of(world, quota=4)
    busy, user = joined(session, "Busy Corp")
    x, _ = joined(session, "X Corp")
    y, _ = joined(session, "Y Corp")
    accepted(session, busy, x)
    accepted(session, busy, y)
    run(session, world, django_capture_on_commit_callbacks)
    assert Seat.objects.filter(participant=busy).count() == 2
    before = stored(busy)

    with pytest.raises(ValidationError) as refused:
        update_participant(busy, by=user, quota=1, profile="Changed")

    assert refused.value.message_dict == {
        "quota": [
            "You already have 2 meetings: set at least 2, or ask the organisers to take some "
            "off the schedule."
        ]
    }
    assert stored(busy) == before
    update_participant(busy, by=user, quota=2)
    assert stored(busy)[3] == 2


@pytest.mark.parametrize("role", ["member_b", "no_org"])
def test_update_participant_refused_to_others(world: World, role: str):
    session = session_of(world)
    participant, _user = joined(session, "East Trade")
    before = stored(participant)

    with pytest.raises(NotPermitted):
        update_participant(participant, by=world.users[role], profile="Hijacked")

    assert stored(participant) == before


def test_update_participant_by_the_organisers(world: World):
    session = session_of(world)
    participant, _user = joined(session, "East Trade")

    update_participant(participant, by=world.users["admin_a"], quota=2)

    assert stored(participant)[3] == 2


def test_participant_edits_its_profile_zone_and_contact_on_the_session_page(world: World):
    with clock.frozen(BEFORE):
        session = session_of(world)
        east, user = joined(session, "East Trade", "Europe/Moscow", profile="Tea")
        other = colleague(east, "Lin Wei")
        client = client_of(user)
        url = session.get_absolute_url()
        page = client.get(url).content.decode()
        assert "09:00–18:00" in page  # all day, Moscow clocks
        slots = set(east.available_slots.values_list("pk", flat=True))

        response = client.post(
            reverse("events:b2b_participation", args=[session.public_id]),
            {
                "contact": other.pk,
                "time_zone": "Asia/Shanghai",
                "quota": 3,
                "onsite": "no",
                "profile": "Tea, coffee and spices",
            },
        )
        page = client.get(url).content.decode()

    assert response.status_code == 302
    assert stored(east) == ("Tea, coffee and spices", "Asia/Shanghai", other.pk, 3, False)
    assert set(east.available_slots.values_list("pk", flat=True)) == slots
    # The same slots, now shown as Shanghai clocks show them (UTC+8).
    assert "14:00–23:00" in page and "09:00–18:00" not in page
    assert "Lin Wei" in page and "Tea, coffee and spices" in page
    assert "Times as the clock shows them in Asia/Shanghai" in page


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"contact": "stranger"}, "contact"),
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
        ({"quota": 999}, "quota"),
    ],
)
def test_participation_form_names_the_bad_field_and_changes_nothing(
    world: World, changes: dict[str, Any], field: str
):
    with clock.frozen(BEFORE):
        session = session_of(world)
        east, user = joined(session, "East Trade", profile="Tea")
        before = stored(east)
        values = {
            "contact": user.pk,
            "time_zone": "Asia/Shanghai",
            "quota": 3,
            "onsite": "yes",
            "profile": "Changed",
        }
        if changes.get("contact") == "stranger":
            changes = {"contact": world.users["member_b"].pk}

        response = client_of(user).post(
            reverse("events:b2b_participation", args=[session.public_id]), values | changes
        )

    assert response.status_code == 400
    assert f'id="id_{field}-errors"' in response.content.decode()
    assert stored(east) == before


# --- 2. Organisers check a side in --------------------------------------------------------------
def test_organiser_checks_in_a_side_from_the_organise_page(
    world: World, django_capture_on_commit_callbacks: Any
):
    with clock.frozen(BEFORE):
        built = scheduled(world, django_capture_on_commit_callbacks)
    session, meeting, b = built["session"], built["meeting"], built["b"]
    operator = world.client("operator")
    organise = reverse("events:b2b_organise", args=[session.public_id])
    url = reverse("events:b2b_check_in", args=[meeting.public_id])

    with clock.frozen(meeting.slot.starts_at - timedelta(minutes=10)):
        page = operator.get(organise).content.decode()
        response = operator.post(url, {"participant": str(b.public_id)})
        after = operator.get(organise).content.decode()

    assert "Check in Beta Payments" in page and "Check in Alpha Robotics" in page
    assert str(b.public_id) in page
    assert response.status_code == 302 and response["Location"] == organise
    seats = {s.participant_id: s.checked_in for s in Seat.objects.filter(meeting=meeting)}
    assert seats == {built["a"].pk: False, b.pk: True}
    assert "Beta Payments checked in" in after and "Check in Beta Payments" not in after
    assert "Check in Alpha Robotics" in after


def test_organiser_check_in_follows_the_participants_time_rule(
    world: World, django_capture_on_commit_callbacks: Any
):
    with clock.frozen(BEFORE):
        built = scheduled(world, django_capture_on_commit_callbacks)
    session, meeting, b = built["session"], built["meeting"], built["b"]
    operator = world.client("operator")
    organise = reverse("events:b2b_organise", args=[session.public_id])
    url = reverse("events:b2b_check_in", args=[meeting.public_id])

    with clock.frozen(meeting.slot.starts_at - timedelta(minutes=40)):
        page = operator.get(organise).content.decode()
        response = operator.post(url, {"participant": str(b.public_id)})
        own_page = client_of(b.contact).get(session.get_absolute_url()).content.decode()
    with clock.frozen(meeting.slot.starts_at - timedelta(minutes=10)):
        own_page_open = client_of(b.contact).get(session.get_absolute_url()).content.decode()
    empty = operator.post(url, {})

    assert "Check in Beta Payments" not in page
    assert response.status_code == 400
    assert "Check-in opens 30 minutes before the meeting." in response.content.decode()
    assert empty.status_code == 400 and "Choose the side that has arrived." in empty.text
    check_in_button = f'action="{url}"'
    assert check_in_button not in own_page and check_in_button in own_page_open
    assert not Seat.objects.filter(meeting=meeting, checked_in=True).exists()


def test_organiser_check_in_only_on_a_published_schedule(
    world: World, django_capture_on_commit_callbacks: Any
):
    with clock.frozen(BEFORE):
        built = scheduled(world, django_capture_on_commit_callbacks)
    session, meeting = built["session"], built["meeting"]
    type(session).objects.filter(pk=session.pk).update(status=B2BStatus.OPEN)

    with clock.frozen(meeting.slot.starts_at):
        page = world.client("operator").get(
            reverse("events:b2b_organise", args=[session.public_id])
        )

    assert "Check in Beta Payments" not in page.content.decode()


def test_a_participant_checks_in_only_its_own_side(
    world: World, django_capture_on_commit_callbacks: Any
):
    with clock.frozen(BEFORE):
        built = scheduled(world, django_capture_on_commit_callbacks)
    meeting, a, b = built["meeting"], built["a"], built["b"]
    member_b = world.client("member_b")
    url = reverse("events:b2b_check_in", args=[meeting.public_id])

    with clock.frozen(meeting.slot.starts_at):
        foreign = member_b.post(url, {"participant": str(a.public_id)})
        unknown = member_b.post(url, {"participant": "00000000-0000-0000-0000-000000000000"})
        assert not Seat.objects.filter(meeting=meeting, checked_in=True).exists()
        own = member_b.post(url, {"participant": str(b.public_id)})

    assert (foreign.status_code, unknown.status_code, own.status_code) == (404, 404, 302)
    seats = {s.participant_id: s.checked_in for s in Seat.objects.filter(meeting=meeting)}
    assert seats == {a.pk: False, b.pk: True}


# --- 3. Acting for one of several organisations --------------------------------------------------
def two_hats(world: World) -> dict[str, Any]:
    """Kazan Drones' member is also a member of Zeta Foods; both take part (Kazan first by
    name), and so does organisation B."""
    session = session_of(world)
    kazan, user = joined(session, "Kazan Drones")
    zeta_org = OrganisationFactory(name="Zeta Foods")
    MembershipFactory(organisation=zeta_org, person=user.person)
    forget_memberships(user)
    zeta = services.join_b2b_session(session, by=user, organisation=zeta_org)
    beta = services.join_b2b_session(session, by=world.users["member_b"], organisation=world.org_b)
    return {"session": session, "kazan": kazan, "zeta": zeta, "beta": beta, "user": user}


def test_the_session_page_offers_the_choice_and_defaults_to_the_first(world: World):
    with clock.frozen(BEFORE):
        hats = two_hats(world)
        client = client_of(hats["user"])
        url = hats["session"].get_absolute_url()
        default = client.get(url).content.decode()
        by_public_id = client.get(url, {"as": str(hats["zeta"].organisation.public_id)})
        by_number = client.get(url, {"as": hats["zeta"].organisation_id}).content.decode()
        single = world.client("member_b").get(url).content.decode()

    assert "Taking part as Kazan Drones" in default
    assert 'id="acting-as"' in default and "Zeta Foods</option>" in default
    assert by_public_id.status_code == 200
    assert "Taking part as Zeta Foods" in by_public_id.content.decode()
    assert "Taking part as Zeta Foods" in by_number
    assert 'id="acting-as"' not in single


def test_every_participant_action_acts_for_the_chosen_organisation(world: World):
    with clock.frozen(BEFORE):
        hats = two_hats(world)
        session, zeta, kazan, beta = hats["session"], hats["zeta"], hats["kazan"], hats["beta"]
        client = client_of(hats["user"])
        as_zeta = {"as": str(zeta.organisation.public_id)}

        response = client.post(
            reverse("events:b2b_availability", args=[session.public_id]),
            {"ranges": "10:00–11:00", **as_zeta},
        )
        requested = client.post(
            reverse("events:b2b_request", args=[session.public_id]),
            {"recipient": str(beta.public_id), "priority": 1, **as_zeta},
        )
        marked = client.post(
            reverse("events:b2b_mark", args=[session.public_id]),
            {"other": str(kazan.public_id), "kind": "must_meet", **as_zeta},
        )
        participation = client.post(
            reverse("events:b2b_participation", args=[session.public_id]),
            {
                "contact": hats["user"].pk,
                "time_zone": "Asia/Almaty",
                "quota": 2,
                "onsite": "yes",
                **as_zeta,
            },
        )
        page = client.get(response["Location"]).content.decode()

    assert response.status_code == 302
    assert response["Location"] == f"{session.get_absolute_url()}?as={zeta.organisation.public_id}"
    assert zeta.available_slots.count() == 2 and kazan.available_slots.count() == 18
    assert requested.status_code == 302
    assert MeetingRequest.objects.get().requester == zeta
    assert marked.status_code == 302
    assert Mark.objects.get(participant=zeta).other == kazan
    assert participation.status_code == 302
    assert stored(zeta)[1:4] == ("Asia/Almaty", hats["user"].pk, 2)
    assert stored(kazan)[1] == "Europe/Moscow"
    assert "Taking part as Zeta Foods" in page


def test_acting_for_an_organisation_one_is_not_a_member_of_is_404(world: World):
    with clock.frozen(BEFORE):
        hats = two_hats(world)
        session, beta = hats["session"], hats["beta"]
        client = client_of(hats["user"])
        foreign = {"as": str(world.org_b.public_id)}
        request = services.request_meeting(
            session, by=world.users["member_b"], requester=beta, recipient=hats["zeta"]
        )
        answers = [
            client.get(session.get_absolute_url(), foreign).status_code,
            client.get(session.get_absolute_url(), {"as": world.org_b.pk}).status_code,
            client.post(
                reverse("events:b2b_availability", args=[session.public_id]),
                {"ranges": "10:00–11:00", **foreign},
            ).status_code,
            client.post(
                reverse("events:b2b_request", args=[session.public_id]),
                {"recipient": str(beta.public_id), "priority": 1, **foreign},
            ).status_code,
            client.post(
                reverse("events:b2b_answer", args=[request.public_id, "accept"]), foreign
            ).status_code,
        ]

    assert answers == [404, 404, 404, 404, 404]
    assert hats["zeta"].available_slots.count() == 18
    assert MeetingRequest.objects.get().status == "pending"


def test_check_in_and_follow_up_act_for_the_chosen_side(
    world: World, django_capture_on_commit_callbacks: Any
):
    with clock.frozen(BEFORE):
        hats = two_hats(world)
        session, kazan, zeta = hats["session"], hats["kazan"], hats["zeta"]
        request = accepted(session, kazan, zeta)
        for side in (kazan, zeta):
            only(side, [(6, 7)])
        run(session, world, django_capture_on_commit_callbacks)
        services.publish_schedule(session, by=world.users["admin_a"])
    meeting = request.meeting
    client = client_of(hats["user"])

    with clock.frozen(meeting.slot.starts_at):
        response = client.post(
            reverse("events:b2b_check_in", args=[meeting.public_id]),
            {"as": str(zeta.organisation.public_id)},
        )
    with clock.frozen(meeting.slot.ends_at):
        answered = client.post(
            reverse("events:b2b_follow_up", args=[meeting.public_id]),
            {"follow_up": "yes", "as": str(zeta.organisation.public_id)},
        )

    assert response.status_code == 302 and answered.status_code == 302
    seats = {
        s.participant_id: (s.checked_in, s.follow_up) for s in Seat.objects.filter(meeting=meeting)
    }
    assert seats == {kazan.pk: (False, None), zeta.pk: (True, True)}


# --- 4. The organisers' review names whose quota ---------------------------------------------
def test_organise_page_names_whose_quota_left_a_request_out(
    world: World, django_capture_on_commit_callbacks: Any
):
    with clock.frozen(BEFORE):
        session = session_of(world, tables=2, quota=4)
        busy, _ = joined(session, "Busy Corp", quota=1)
        x, _ = joined(session, "X Corp")
        y, _ = joined(session, "Y Corp")
        accepted(session, busy, x, priority=3, answer=3)
        accepted(session, busy, y)
        finished = run(session, world, django_capture_on_commit_callbacks)
        page = world.client("admin_a").get(reverse("events:b2b_organise", args=[session.public_id]))

    assert [item["code"] for item in finished.left_out] == ["quota"]
    text = page.content.decode()
    assert page.status_code == 200
    assert "Busy Corp – Y Corp: quota of Busy Corp reached (1 meeting)" in text
    assert "a side&#x27;s quota is reached" not in text
