"""Review: only assigned reviewers score, never their own organisation's application; scores stay
within each criterion's scale; scoring again replaces; the ranking is the exact weighted mean."""

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from consortia.core import clock
from consortia.core.models import AuditEvent
from consortia.core.permissions import NotPermitted
from consortia.directory.models import Role
from consortia.opportunities import selectors, services
from consortia.opportunities.models import (
    Application,
    ApplicationStatus,
    Criterion,
    Opportunity,
    Score,
)
from tests.conftest import World
from tests.factories.directory import MembershipFactory, PersonFactory

from .conftest import DURING, Applicant, applicant, publish, started, submitted


@pytest.fixture
def rubric(world: World, challenge: Opportunity) -> list[Criterion]:
    """Weights 3, 2, 1 on scales of 5, 10 and 5."""
    by = world.users["admin_a"]
    return [
        services.add_criterion(challenge, by=by, name="Fit", weight=3, scale=5),
        services.add_criterion(challenge, by=by, name="Team", weight=2, scale=10),
        services.add_criterion(challenge, by=by, name="Price", weight="1", scale=5),
    ]


def _reviewer(world: World, opportunity: Opportunity, name: str = "Reviewer") -> Any:
    user = PersonFactory(full_name=name).user
    services.assign_reviewer(opportunity, by=world.users["admin_a"], user=user)
    return user


def _score(application: Application, reviewer: Any, values: dict[Criterion, int]) -> list[Score]:
    return services.score_application(
        application, by=reviewer, scores={c: (v, "") for c, v in values.items()}
    )


def test_criteria_are_stored_with_exact_weights_in_order(rubric: list[Criterion]):
    assert [(c.name, c.weight, c.scale, c.position) for c in rubric] == [
        ("Fit", Decimal("3.00"), 5, 1),
        ("Team", Decimal("2.00"), 10, 2),
        ("Price", Decimal("1.00"), 5, 3),
    ]


def test_an_assigned_reviewer_scores_each_criterion_with_a_comment(
    world: World, challenge: Opportunity, rubric: list[Criterion], gamma: Applicant
):
    reviewer = _reviewer(world, challenge)
    application = submitted(challenge, gamma)
    fit, team, price = rubric

    with clock.frozen(DURING):
        services.score_application(
            application,
            by=reviewer,
            scores={fit: (5, "  Exactly our problem  "), team: (0, ""), price: (3, "")},
        )

    assert sorted(
        (s.criterion.name, s.value, s.comment, s.scored_at)
        for s in Score.objects.filter(reviewer=reviewer)
    ) == [
        ("Fit", 5, "Exactly our problem", DURING),
        ("Price", 3, "", DURING),
        ("Team", 0, "", DURING),
    ]
    assert AuditEvent.objects.filter(action="application.scored").count() == 1


def test_a_reviewer_who_is_a_member_of_the_applicant_is_refused_and_nothing_is_written(
    world: World, challenge: Opportunity, rubric: list[Criterion], gamma: Applicant
):
    insider = MembershipFactory(organisation=gamma.organisation, role=Role.ADMIN).person.user
    services.assign_reviewer(challenge, by=world.users["admin_a"], user=insider)
    application = submitted(challenge, gamma)

    with pytest.raises(NotPermitted) as refused:
        _score(application, insider, {rubric[0]: 5})

    assert str(refused.value) == "Reviewers do not score their own organisation's application."
    assert Score.objects.count() == 0
    assert not AuditEvent.objects.filter(action="application.scored").exists()


def test_the_same_reviewer_scores_other_applicants(
    world: World,
    challenge: Opportunity,
    rubric: list[Criterion],
    gamma: Applicant,
    delta: Applicant,
):
    insider = MembershipFactory(organisation=gamma.organisation).person.user
    services.assign_reviewer(challenge, by=world.users["admin_a"], user=insider)

    _score(submitted(challenge, delta), insider, {rubric[0]: 4})

    assert list(Score.objects.values_list("value", flat=True)) == [4]


@pytest.mark.parametrize("role", ["admin_a", "owner_a", "member_a", "member_b", "operator"])
def test_anyone_not_assigned_is_refused_and_nothing_is_written(
    world: World, challenge: Opportunity, rubric: list[Criterion], gamma: Applicant, role: str
):
    _reviewer(world, challenge)
    application = submitted(challenge, gamma)

    with pytest.raises(NotPermitted) as refused:
        _score(application, world.users[role], {rubric[0]: 5})

    assert str(refused.value) == "Only the assigned reviewers score applications."
    assert Score.objects.count() == 0


def test_a_reviewer_of_another_opportunity_is_refused(
    world: World, challenge: Opportunity, rubric: list[Criterion], gamma: Applicant
):
    elsewhere = _reviewer(world, publish(world, title="Another call"))
    application = submitted(challenge, gamma)

    with pytest.raises(NotPermitted):
        _score(application, elsewhere, {rubric[0]: 5})

    assert Score.objects.count() == 0


@pytest.mark.parametrize(
    ("position", "value"),
    [(0, 6), (1, 11), (2, 6), (0, -1), (0, True), (1, 7.5), (1, "7")],
)
def test_a_score_outside_the_criterions_scale_is_refused_and_nothing_is_written(
    world: World,
    challenge: Opportunity,
    rubric: list[Criterion],
    gamma: Applicant,
    position: int,
    value: Any,
):
    reviewer = _reviewer(world, challenge)
    application = submitted(challenge, gamma)
    criterion = rubric[position]
    valid = {c: 1 for c in rubric if c != criterion}

    with pytest.raises(ValidationError) as refused:
        _score(application, reviewer, {**valid, criterion: value})

    assert refused.value.message_dict == {
        f"criterion_{criterion.pk}": [f"Score from 0 to {criterion.scale}."]
    }
    assert Score.objects.count() == 0
    assert not AuditEvent.objects.filter(action="application.scored").exists()


def test_a_criterion_of_another_opportunity_is_refused(
    world: World, challenge: Opportunity, rubric: list[Criterion], gamma: Applicant
):
    other = publish(world, title="Another call")
    foreign = services.add_criterion(other, by=world.users["admin_a"], name="Other", weight=1)
    reviewer = _reviewer(world, challenge)

    with pytest.raises(ValidationError) as refused:
        _score(submitted(challenge, gamma), reviewer, {foreign: 1})

    assert refused.value.message_dict == {"scores": ["A criterion of another opportunity."]}
    assert Score.objects.count() == 0


def test_a_draft_is_not_scored(
    world: World, challenge: Opportunity, rubric: list[Criterion], gamma: Applicant
):
    reviewer = _reviewer(world, challenge)

    with pytest.raises(ValidationError) as refused:
        _score(started(challenge, gamma), reviewer, {rubric[0]: 3})

    assert refused.value.message_dict == {"status": ["Only submitted applications are scored."]}
    assert Score.objects.count() == 0


def test_scoring_again_replaces_the_reviewers_scores(
    world: World, challenge: Opportunity, rubric: list[Criterion], gamma: Applicant
):
    reviewer = _reviewer(world, challenge)
    application = submitted(challenge, gamma)
    fit, team, _ = rubric
    with clock.frozen(DURING):
        services.score_application(
            application, by=reviewer, scores={fit: (2, "Weak"), team: (4, "")}
        )
    later = DURING + timedelta(days=1)

    with clock.frozen(later):
        services.score_application(application, by=reviewer, scores={fit: (4, "Better on reread")})

    assert sorted(
        (s.criterion.name, s.value, s.comment, s.scored_at) for s in Score.objects.all()
    ) == [("Fit", 4, "Better on reread", later), ("Team", 4, "", DURING)]


def test_assigning_a_reviewer_twice_keeps_one_entry(world: World, challenge: Opportunity):
    user = _reviewer(world, challenge)

    again = services.assign_reviewer(challenge, by=world.users["admin_a"], user=user)

    assert list(challenge.reviewers.values_list("user_id", flat=True)) == [user.pk]
    assert again.user == user
    assert AuditEvent.objects.filter(action="opportunity.reviewer_assigned").count() == 1


@pytest.mark.parametrize("role", ["member_a", "member_b", "no_org"])
def test_only_the_owners_admins_and_the_operator_assign_reviewers(
    world: World, challenge: Opportunity, role: str
):
    with pytest.raises(NotPermitted):
        services.assign_reviewer(challenge, by=world.users[role], user=world.users["no_org"])

    assert challenge.reviewers.count() == 0


# Ranking


def test_ranking_is_the_exact_weighted_mean_highest_first_ties_by_submission_unscored_last(
    world: World, challenge: Opportunity, rubric: list[Criterion]
):
    fit, team, price = rubric
    first, second = _reviewer(world, challenge, "First"), _reviewer(world, challenge, "Second")
    hour = timedelta(hours=1)
    unscored_late = submitted(challenge, applicant("Unscored late"), at=DURING + 5 * hour)
    tie_late = submitted(challenge, applicant("Tie late"), at=DURING + 4 * hour)
    two_reviewers = submitted(challenge, applicant("Two reviewers"), at=DURING + hour)
    partial = submitted(challenge, applicant("Partial"), at=DURING + 2 * hour)
    tie_early = submitted(challenge, applicant("Tie early"), at=DURING + 3 * hour)
    unscored_early = submitted(challenge, applicant("Unscored early"), at=DURING)
    _score(two_reviewers, first, {fit: 4, team: 7, price: 3})
    _score(two_reviewers, second, {fit: 5, team: 8, price: 2})
    _score(partial, first, {fit: 5, team: 10})
    _score(partial, second, {fit: 3})
    _score(tie_late, first, {fit: 2, team: 5, price: 5})
    _score(tie_early, second, {fit: 2, team: 5, price: 5})

    ranked = selectors.ranking(
        challenge, list(selectors.applications_for_review(world.users["admin_a"], challenge))
    )

    # Per criterion the reviewers' mean over its scale; weighted over the criteria scored; × 100.
    expected_two = (
        (3 * Decimal("4.5") / 5 + 2 * Decimal("7.5") / 10 + 1 * Decimal("2.5") / 5) / 6 * 100
    )  # 78.333…
    expected_partial = (3 * Decimal(4) / 5 + 2 * Decimal(10) / 10) / 5 * 100  # 88
    expected_tie = (3 * Decimal(2) / 5 + 2 * Decimal(5) / 10 + 1 * Decimal(5) / 5) / 6 * 100
    assert [r.application for r in ranked] == [
        partial,
        two_reviewers,
        tie_early,
        tie_late,
        unscored_early,
        unscored_late,
    ]
    scores = [r.score for r in ranked]
    for got, want in zip(
        scores, [expected_partial, expected_two, expected_tie, expected_tie], strict=False
    ):
        assert abs(got - want) <= Decimal("0.01")
    assert scores == [
        Decimal("88.00"),
        Decimal("78.33"),
        Decimal("53.33"),
        Decimal("53.33"),
        None,
        None,
    ]
    assert [r.reviewers for r in ranked] == [2, 2, 1, 1, 0, 0]


def test_a_perfect_score_ranks_at_one_hundred_and_zero_at_zero(
    world: World, challenge: Opportunity, rubric: list[Criterion]
):
    reviewer = _reviewer(world, challenge)
    best = submitted(challenge, applicant("Best"))
    worst = submitted(challenge, applicant("Worst"))
    _score(best, reviewer, {c: c.scale for c in rubric})
    _score(worst, reviewer, {c: 0 for c in rubric})

    ranked = selectors.ranking(challenge, [worst, best])

    assert [(r.application, r.score) for r in ranked] == [
        (best, Decimal("100.00")),
        (worst, Decimal("0.00")),
    ]


def test_ranking_reflects_a_replaced_score(
    world: World, challenge: Opportunity, rubric: list[Criterion]
):
    reviewer = _reviewer(world, challenge)
    application = submitted(challenge, applicant("Changing"))
    _score(application, reviewer, {rubric[0]: 1})
    _score(application, reviewer, {rubric[0]: 4})

    ranked = selectors.ranking(challenge, [Application.objects.get(pk=application.pk)])

    assert (ranked[0].score, ranked[0].reviewers) == (Decimal("80.00"), 1)
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.SUBMITTED
