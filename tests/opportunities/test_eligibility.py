"""Who may apply: the pure ``judge()`` rule by rule, each way and at its boundaries, with the
reason a person reads; then the same rules read from real opportunities and organisations, and
"opportunities for us" across owners."""

from datetime import UTC, datetime

import pytest

from consortia.directory.models import Topic, VerificationStatus
from consortia.opportunities import selectors, services
from consortia.opportunities.eligibility import Candidate, Check, Rules, Verdict, judge
from tests.conftest import World
from tests.factories.directory import OrganisationFactory

from .conftest import applicant, publish

STARTUP = Candidate(
    country="RU",
    kind="startup",
    stage="mvp",
    topics=frozenset({"artificial-intelligence", "digital-payments"}),
    founded_year=2018,
    verified=True,
)
LABELS = {
    "RU": "Russia",
    "KZ": "Kazakhstan",
    "CN": "China",
    "startup": "Startup or SME",
    "university": "University or research centre",
    "mvp": "Minimum viable product",
    "growth": "Growth",
    "artificial-intelligence": "Artificial intelligence",
    "digital-payments": "Digital and cross-border payments",
    "energy": "Energy and green technologies",
}


def _rules(**values: object) -> Rules:
    """Rules without the verified-members rule unless given, so each test sees one rule."""
    return Rules(**({"verified_only": False, "labels": LABELS} | values))


# The pure check


@pytest.mark.parametrize(
    "candidate",
    [
        STARTUP,
        Candidate(country="CN", kind="government"),
        Candidate(country="", kind="", stage="", topics=frozenset(), founded_year=None),
    ],
)
def test_empty_rule_sets_admit_anyone_with_no_checks(candidate: Candidate):
    verdict = judge(
        candidate,
        Rules(
            countries=frozenset(),
            kinds=frozenset(),
            stages=frozenset(),
            topics=frozenset(),
            verified_only=False,
        ),
    )

    assert verdict == Verdict(checks=())
    assert verdict.eligible is True
    assert verdict.failed == ()


@pytest.mark.parametrize(
    ("verified", "reason"),
    [
        (True, "Your organisation is a verified member."),
        (False, "Verified members of the alliance only."),
    ],
)
def test_verified_only_passes_verified_members_and_fails_the_others(verified: bool, reason: str):
    verdict = judge(Candidate(country="RU", kind="startup", verified=verified), Rules())

    assert verdict.checks == (Check("verified", verified, reason),)
    assert verdict.eligible is verified


def test_verified_only_switched_off_adds_no_check_for_an_unverified_organisation():
    verdict = judge(Candidate(country="RU", kind="startup", verified=False), _rules())

    assert verdict.checks == ()
    assert verdict.eligible is True


@pytest.mark.parametrize(("country", "passed"), [("KZ", True), ("RU", True), ("CN", False)])
def test_country_in_the_list_passes_and_outside_fails(country: str, passed: bool):
    verdict = judge(
        Candidate(country=country, kind="startup"), _rules(countries=frozenset({"RU", "KZ"}))
    )

    assert verdict.checks == (
        Check("country", passed, "Open to organisations from: Kazakhstan, Russia."),
    )
    assert verdict.eligible is passed


@pytest.mark.parametrize(("kind", "passed"), [("startup", True), ("corporation", False)])
def test_kind_in_the_list_passes_and_outside_fails(kind: str, passed: bool):
    verdict = judge(
        Candidate(country="RU", kind=kind), _rules(kinds=frozenset({"startup", "university"}))
    )

    assert verdict.checks == (
        Check("kind", passed, "Open to: Startup or SME, University or research centre."),
    )


@pytest.mark.parametrize(("stage", "passed"), [("mvp", True), ("growth", True), ("idea", False)])
def test_stage_in_the_list_passes_and_outside_fails(stage: str, passed: bool):
    verdict = judge(
        Candidate(country="RU", kind="startup", stage=stage),
        _rules(stages=frozenset({"mvp", "growth"})),
    )

    assert verdict.checks == (
        Check("stage", passed, "Startups at these stages: Growth, Minimum viable product."),
    )


def test_an_organisation_without_a_stage_fails_a_stage_rule():
    verdict = judge(Candidate(country="RU", kind="corporation"), _rules(stages=frozenset({"mvp"})))

    assert verdict.failed == (
        Check("stage", False, "Startups at these stages: Minimum viable product."),
    )


def test_topics_pass_when_one_is_shared_and_the_reason_names_only_the_shared_ones():
    verdict = judge(STARTUP, _rules(topics=frozenset({"artificial-intelligence", "energy"})))

    assert verdict.checks == (
        Check("topics", True, "Works in an area it asks for: Artificial intelligence."),
    )


def test_topics_reason_lists_every_shared_area_by_name_in_order():
    verdict = judge(
        STARTUP, _rules(topics=frozenset({"digital-payments", "artificial-intelligence"}))
    )

    assert verdict.checks[0].reason == (
        "Works in an area it asks for: Artificial intelligence, Digital and cross-border payments."
    )


def test_topics_fail_when_none_is_shared():
    verdict = judge(STARTUP, _rules(topics=frozenset({"energy"})))

    assert verdict.checks == (Check("topics", False, "Works in none of the areas it asks for."),)


@pytest.mark.parametrize(
    ("low", "high", "year", "passed", "reason"),
    [
        (2015, 2020, 2015, True, "Founded from 2015 to 2020."),
        (2015, 2020, 2020, True, "Founded from 2015 to 2020."),
        (2015, 2020, 2014, False, "Founded from 2015 to 2020."),
        (2015, 2020, 2021, False, "Founded from 2015 to 2020."),
        (2015, 2015, 2015, True, "Founded from 2015 to 2015."),
        (2015, None, 2015, True, "Founded in 2015 or later."),
        (2015, None, 2014, False, "Founded in 2015 or later."),
        (None, 2020, 2020, True, "Founded in 2020 or earlier."),
        (None, 2020, 2021, False, "Founded in 2020 or earlier."),
    ],
)
def test_founded_years_are_inclusive_at_both_ends(
    low: int | None, high: int | None, year: int, passed: bool, reason: str
):
    verdict = judge(
        Candidate(country="RU", kind="startup", founded_year=year),
        _rules(founded_from_year=low, founded_until_year=high),
    )

    assert verdict.checks == (Check("founded", passed, reason),)


@pytest.mark.parametrize(
    ("low", "high", "reason"),
    [
        (2015, 2020, "Founded from 2015 to 2020."),
        (2015, None, "Founded in 2015 or later."),
        (None, 2020, "Founded in 2020 or earlier."),
    ],
)
def test_an_unknown_founding_year_fails_and_says_the_profile_lacks_it(
    low: int | None, high: int | None, reason: str
):
    verdict = judge(
        Candidate(country="RU", kind="startup", founded_year=None),
        _rules(founded_from_year=low, founded_until_year=high),
    )

    assert verdict.checks == (
        Check("founded", False, f"{reason} Your profile does not say when you were founded."),
    )


def test_every_rule_is_checked_in_a_fixed_order_with_reasons_for_passed_and_failed():
    rules = Rules(
        countries=frozenset({"KZ"}),
        kinds=frozenset({"startup"}),
        stages=frozenset({"growth"}),
        topics=frozenset({"artificial-intelligence"}),
        founded_from_year=2010,
        founded_until_year=2020,
        verified_only=True,
        labels=LABELS,
    )

    verdict = judge(STARTUP, rules)

    assert verdict.checks == (
        Check("verified", True, "Your organisation is a verified member."),
        Check("country", False, "Open to organisations from: Kazakhstan."),
        Check("kind", True, "Open to: Startup or SME."),
        Check("stage", False, "Startups at these stages: Growth."),
        Check("topics", True, "Works in an area it asks for: Artificial intelligence."),
        Check("founded", True, "Founded from 2010 to 2020."),
    )
    assert verdict.eligible is False
    assert [check.rule for check in verdict.failed] == ["country", "stage"]


def test_codes_without_a_label_are_shown_as_codes():
    verdict = judge(STARTUP, Rules(countries=frozenset({"XK"}), verified_only=False))

    assert verdict.checks == (Check("country", False, "Open to organisations from: XK."),)


# Rules read from real opportunities


def _codes_within(area: str) -> set[str]:
    return {area, *Topic.objects.filter(parent__code=area).values_list("code", flat=True)}


def test_rules_of_an_opportunity_hold_every_rule_it_was_published_with(world: World):
    opportunity = publish(
        world,
        eligible_countries=["KZ", "RU"],
        eligible_kinds=["startup"],
        eligible_stages=["mvp", "growth"],
        eligible_topics=["energy"],
        founded_from_year=2012,
        founded_until_year=2022,
        verified_only=False,
    )

    rules = selectors.rules_of(opportunity)

    assert rules == Rules(
        countries=frozenset({"KZ", "RU"}),
        kinds=frozenset({"startup"}),
        stages=frozenset({"mvp", "growth"}),
        topics=frozenset(_codes_within("energy")),
        founded_from_year=2012,
        founded_until_year=2022,
        verified_only=False,
    )


def test_a_parent_area_admits_organisations_working_in_its_sub_areas(world: World):
    opportunity = publish(world, eligible_topics=["digital-tech"])
    startup = OrganisationFactory(topics=["artificial-intelligence"])

    rules = selectors.rules_of(opportunity)
    verdict = selectors.eligibility(opportunity, startup)

    assert {"digital-tech", "artificial-intelligence"} < rules.topics
    assert rules.topics == _codes_within("digital-tech")
    assert verdict.checks == (
        Check("verified", True, "Your organisation is a verified member."),
        Check("topics", True, "Works in an area it asks for: Artificial intelligence."),
    )


def test_a_sub_area_does_not_admit_an_organisation_of_its_parent_area_only(world: World):
    opportunity = publish(world, eligible_topics=["artificial-intelligence"])
    generalist = OrganisationFactory(topics=["digital-tech"])

    verdict = selectors.eligibility(opportunity, generalist)

    assert verdict.failed == (Check("topics", False, "Works in none of the areas it asks for."),)


def test_eligibility_of_real_organisations_names_countries_and_kinds(world: World):
    opportunity = publish(world, eligible_countries=["KZ", "RU"], eligible_kinds=["startup"])

    corporation = selectors.eligibility(opportunity, world.org_b)
    startup = selectors.eligibility(opportunity, OrganisationFactory(kind="startup"))

    assert corporation.checks == (
        Check("verified", True, "Your organisation is a verified member."),
        Check("country", True, "Open to organisations from: Kazakhstan, Russia."),
        Check("kind", False, "Open to: Startup or SME."),
    )
    assert startup.eligible is True


def test_a_pending_organisation_fails_the_verified_rule(world: World):
    opportunity = publish(world)

    verdict = selectors.eligibility(opportunity, world.pending)

    assert world.pending.verification_status == VerificationStatus.PENDING
    assert verdict.checks == (Check("verified", False, "Verified members of the alliance only."),)


def test_an_organisation_without_founding_year_fails_a_founded_rule(world: World):
    opportunity = publish(world, founded_from_year=2015)
    young = OrganisationFactory(founded_year=2015)

    assert world.org_b.founded_year is None
    assert selectors.eligibility(opportunity, young).eligible is True
    assert selectors.eligibility(opportunity, world.org_b).failed == (
        Check(
            "founded",
            False,
            "Founded in 2015 or later. Your profile does not say when you were founded.",
        ),
    )


# "Opportunities for us"


def test_opportunities_for_lists_published_opportunities_of_every_owner_eligible_first(
    world: World,
):
    gamma = applicant("Gamma Capital", kind="investor")
    services.create_opportunity(  # a draft: nobody else sees it
        by=world.users["admin_a"],
        owner=world.org_a,
        kind="grant",
        title="Draft grant",
        description="Not yet.",
        language="en",
        closes_at=datetime(2025, 3, 5, tzinfo=UTC),
    )
    closed = publish(world, title="Closed call", closes_at=datetime(2025, 3, 6, tzinfo=UTC))
    services.close_opportunity(closed, by=world.users["admin_a"])
    publish(world, by="operator", owner=world.org_b, title="Beta's own", closes_at=_day(7))
    a_soon_kz = publish(world, title="Kazakh pilots", eligible_countries=["KZ"], closes_at=_day(20))
    a_late = publish(world, title="Open pilots", closes_at=datetime(2025, 5, 1, tzinfo=UTC))
    a_startups = publish(
        world, title="Startups only", eligible_kinds=["startup"], closes_at=_day(25)
    )
    g_fund = publish(world, by="operator", owner=gamma.organisation, title="Fund call")

    found = selectors.opportunities_for(world.users["member_b"], world.org_b)

    assert [(o.title, v.eligible, [c.reason for c in v.failed]) for o, v in found] == [
        (g_fund.title, True, []),
        (a_late.title, True, []),
        (a_soon_kz.title, False, ["Open to organisations from: Kazakhstan."]),
        (a_startups.title, False, ["Open to: Startup or SME."]),
    ]


def test_opportunities_for_leaves_out_the_organisations_own_opportunities(world: World):
    own = publish(world, title="Alpha's challenge")
    other = publish(world, by="operator", owner=world.org_b, title="Beta's challenge")

    for_alpha = selectors.opportunities_for(world.users["admin_a"], world.org_a)
    for_beta = selectors.opportunities_for(world.users["member_b"], world.org_b)

    assert [o for o, _ in for_alpha] == [other]
    assert [o for o, _ in for_beta] == [own]


def _day(day: int) -> datetime:
    return datetime(2025, 3, day, 12, 0, tzinfo=UTC)
