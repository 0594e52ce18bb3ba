"""Applications are confidential: the applicant's members, the owner's admins and the
opportunity's assigned reviewers see them; other applicants, unrelated members, the owner's
plain members and the operator do not."""

import pytest

from consortia.core import clock
from consortia.core.permissions import ANONYMOUS
from consortia.opportunities import selectors, services
from consortia.opportunities.models import Application, Opportunity
from tests.conftest import World
from tests.factories.directory import PersonFactory

from .conftest import DURING, Applicant, publish, started, submitted


@pytest.fixture
def scene(world: World, challenge: Opportunity, gamma: Applicant, delta: Applicant) -> dict:
    """Gamma and Delta apply to A's challenge; Delta also to A's second call;
    an outside expert reviews the challenge only."""
    other = publish(world, title="Second call")
    reviewer = PersonFactory(full_name="Outside Expert").user
    services.assign_reviewer(challenge, by=world.users["admin_a"], user=reviewer)
    return {
        "users": world.users | {"gamma": gamma.member, "delta": delta.member, "reviewer": reviewer},
        "applications": {
            "gamma_challenge": submitted(challenge, gamma),
            "delta_challenge": submitted(challenge, delta),
            "delta_second": submitted(other, delta),
        },
    }


EVERYTHING = {"gamma_challenge", "delta_challenge", "delta_second"}


@pytest.mark.parametrize(
    ("role", "visible"),
    [
        ("gamma", {"gamma_challenge"}),
        ("delta", {"delta_challenge", "delta_second"}),
        ("owner_a", EVERYTHING),
        ("admin_a", EVERYTHING),
        ("reviewer", {"gamma_challenge", "delta_challenge"}),
        ("member_a", set()),
        ("member_b", set()),
        ("operator", set()),
        ("no_org", set()),
    ],
)
def test_applications_visible_to_each_role(scene: dict, role: str, visible: set[str]):
    names = {application.pk: name for name, application in scene["applications"].items()}

    found = selectors.applications_visible_to(scene["users"][role])

    assert {names[application.pk] for application in found} == visible
    assert found.count() == len(visible)  # no duplicates from the joins


def test_anonymous_sees_no_application(scene: dict):
    assert list(selectors.applications_visible_to(ANONYMOUS)) == []


def test_a_reviewer_of_another_opportunity_sees_nothing_of_this_one(
    world: World, scene: dict, gamma: Applicant
):
    elsewhere = publish(world, title="Third call")
    stranger = PersonFactory().user
    services.assign_reviewer(elsewhere, by=world.users["admin_a"], user=stranger)

    assert list(selectors.applications_visible_to(stranger)) == []


def test_the_applicant_reads_the_decision_only_through_its_own_visibility(
    world: World, challenge: Opportunity, gamma: Applicant, delta: Applicant
):
    application = submitted(challenge, gamma)
    submitted(challenge, delta)
    services.reject_application(application, by=world.users["admin_a"], reason="Too early.")

    own = selectors.applications_visible_to(gamma.member).get(pk=application.pk)
    other = selectors.applications_visible_to(delta.member).filter(pk=application.pk)

    assert own.decision_reason == "Too early."
    assert not other.exists()


def test_review_lists_only_submitted_applications_of_the_opportunity(
    world: World, scene: dict, challenge: Opportunity
):
    draft_of_another = Applicant(world.org_b, world.users["member_b"])
    started(challenge, draft_of_another)

    listed = selectors.applications_for_review(scene["users"]["admin_a"], challenge)

    assert sorted(a.pk for a in listed) == sorted(
        scene["applications"][name].pk for name in ("gamma_challenge", "delta_challenge")
    )
    assert Application.objects.filter(opportunity=challenge).count() == 3


def test_a_draft_is_its_applicants_alone_until_submitted(
    world: World, challenge: Opportunity, gamma: Applicant
):
    reviewer = PersonFactory(full_name="Draft Reader").user
    services.assign_reviewer(challenge, by=world.users["admin_a"], user=reviewer)
    draft = started(challenge, gamma)

    readers = {
        name: selectors.applications_visible_to(user).filter(pk=draft.pk).exists()
        for name, user in [
            ("gamma", gamma.member),
            ("admin_a", world.users["admin_a"]),
            ("reviewer", reviewer),
        ]
    }
    with clock.frozen(DURING):
        services.submit_application(draft, by=gamma.member)
    after = {
        name: selectors.applications_visible_to(user).filter(pk=draft.pk).exists()
        for name, user in [("admin_a", world.users["admin_a"]), ("reviewer", reviewer)]
    }

    assert readers == {"gamma": True, "admin_a": False, "reviewer": False}
    assert after == {"admin_a": True, "reviewer": True}
