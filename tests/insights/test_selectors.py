"""The insights' numbers: exact counts, and nothing counted that the viewer may not see."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser

from consortia.core.money import Money
from consortia.insights import selectors
from consortia.insights.selectors import InsightFilters

from .conftest import Cooperation

EVERYTHING = InsightFilters()
PUBLIC_LINKS = {
    ("CN", "KZ"): (1, 1),
    ("CN", "RU"): (1, 0),
    ("KZ", "RU"): (1, 0),
    ("KZ", "UZ"): (1, 0),
}


def _user(cooperation: Cooperation, role: str):
    return AnonymousUser() if role == "anonymous" else cooperation.world.users[role]


def _links(result: selectors.CooperationMap) -> dict[tuple[str, str], tuple[int, int]]:
    return {(link.a, link.b): (link.agreements, link.projects) for link in result.links}


def _nodes(result: selectors.CooperationMap) -> dict[str, tuple[int, int]]:
    return {node.code: (node.agreements, node.projects) for node in result.nodes}


def test_a_three_country_agreement_counts_once_in_each_pair(cooperation: Cooperation):
    result = selectors.cooperation_map(AnonymousUser(), EVERYTHING)

    assert _links(result) == PUBLIC_LINKS
    assert _nodes(result) == {"CN": (1, 1), "KZ": (2, 1), "RU": (1, 0), "UZ": (1, 0)}
    assert (result.agreements, result.projects) == (2, 1)


def test_links_are_heaviest_first_with_their_weight_and_names(cooperation: Cooperation):
    result = selectors.cooperation_map(AnonymousUser(), EVERYTHING)

    first = result.links[0]
    assert (first.a, first.a_name, first.b, first.b_name, first.weight) == (
        "CN",
        "China",
        "KZ",
        "Kazakhstan",
        2,
    )
    assert [node.code for node in result.nodes[:2]] == ["KZ", "CN"]


@pytest.mark.parametrize("role", ["anonymous", "no_org", "member_b"])
def test_parties_only_agreement_and_partners_only_project_are_absent_for_outsiders(
    cooperation: Cooperation, role: str
):
    result = selectors.cooperation_map(_user(cooperation, role), EVERYTHING)

    assert _links(result) == PUBLIC_LINKS
    assert "BY" not in _nodes(result)
    assert _nodes(result)["RU"] == (1, 0)


def test_parties_see_their_parties_only_agreement_and_partners_only_project(
    cooperation: Cooperation,
):
    result = selectors.cooperation_map(cooperation.world.users["member_a"], EVERYTHING)

    assert _links(result) == {**PUBLIC_LINKS, ("BY", "RU"): (1, 0), ("RU", "UZ"): (0, 1)}
    assert _nodes(result) == {
        "BY": (1, 0),
        "CN": (1, 1),
        "KZ": (2, 1),
        "RU": (2, 1),
        "UZ": (1, 1),
    }
    assert (result.agreements, result.projects) == (3, 2)


def test_operator_sees_drafts_too(cooperation: Cooperation):
    result = selectors.cooperation_map(cooperation.world.users["operator"], EVERYTHING)

    assert _links(result)[("CN", "KZ")] == (2, 1)
    assert result.agreements == 4


@pytest.mark.parametrize(
    ("filters", "links"),
    [
        # Agreements signed from 2024, projects running in 2024 or later.
        (InsightFilters(year_from=2024), {("KZ", "UZ"): (1, 0), ("CN", "KZ"): (0, 1)}),
        (
            InsightFilters(year_to=2023),
            {("CN", "KZ"): (1, 0), ("CN", "RU"): (1, 0), ("KZ", "RU"): (1, 0)},
        ),
        (InsightFilters(year_from=2026), {}),
        # Kind and status narrow agreements only; projects stay.
        (InsightFilters(kind="programme"), {("KZ", "UZ"): (1, 0), ("CN", "KZ"): (0, 1)}),
        (InsightFilters(status="in_force"), {("KZ", "UZ"): (1, 0), ("CN", "KZ"): (0, 1)}),
        (InsightFilters(project_status="active"), {**PUBLIC_LINKS, ("CN", "KZ"): (1, 0)}),
        # An area takes in its topics.
        (
            InsightFilters(topic="digital-tech"),
            {("CN", "KZ"): (1, 1), ("CN", "RU"): (1, 0), ("KZ", "RU"): (1, 0)},
        ),
        (InsightFilters(topic="e-public-services"), {("KZ", "UZ"): (1, 0)}),
        (InsightFilters(country="UZ"), {("KZ", "UZ"): (1, 0)}),
        (InsightFilters(show="projects"), {("CN", "KZ"): (0, 1)}),
        (InsightFilters(show="agreements"), {**PUBLIC_LINKS, ("CN", "KZ"): (1, 0)}),
    ],
)
def test_filters_narrow_the_map(cooperation: Cooperation, filters: InsightFilters, links):
    result = selectors.cooperation_map(AnonymousUser(), filters)

    assert _links(result) == links


def test_filters_never_reveal_what_is_hidden(cooperation: Cooperation):
    result = selectors.cooperation_map(
        cooperation.world.users["member_b"], InsightFilters(country="BY")
    )

    assert (result.nodes, result.links, result.agreements) == ([], [], 0)


@pytest.mark.parametrize(
    ("role", "years"),
    [("anonymous", [(2023, 1), (2024, 1)]), ("member_a", [(2023, 1), (2024, 2)])],
)
def test_agreements_per_year(cooperation: Cooperation, role: str, years):
    result = selectors.agreements_per_year(_user(cooperation, role))

    assert [(row.year, row.agreements) for row in result] == years


def test_agreements_per_year_fills_the_empty_years(cooperation: Cooperation):
    from consortia.agreements.models import Agreement

    Agreement.objects.filter(pk=cooperation.trilateral.pk).update(signed_on="2021-02-01")

    result = selectors.agreements_per_year(AnonymousUser())

    assert [(row.year, row.agreements) for row in result] == [
        (2021, 1),
        (2022, 0),
        (2023, 0),
        (2024, 1),
    ]


def test_agreements_per_area_counts_an_agreement_once_per_area(cooperation: Cooperation):
    result = selectors.agreements_per_area(AnonymousUser())

    # The trilateral memorandum has two topics of one area and one of another.
    assert [(row.code, row.agreements) for row in result] == [
        ("digital-tech", 1),
        ("e-government", 1),
        ("smart-city", 1),
    ]
    assert result[0].label == "Artificial intelligence and frontier digital technologies"


def test_agreements_per_area_for_a_party_and_without_an_area(cooperation: Cooperation):
    member = selectors.agreements_per_area(cooperation.world.users["member_a"])
    operator = selectors.agreements_per_area(cooperation.world.users["operator"])

    assert [(row.code, row.agreements) for row in member] == [
        ("digital-tech", 2),
        ("e-government", 1),
        ("smart-city", 1),
    ]
    assert (operator[-1].code, operator[-1].label, operator[-1].agreements) == (
        "",
        "Without an area",
        1,
    )


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        # light: (commitments, agreements)
        ("anonymous", {"green": (1, 0), "amber": (0, 0), "red": (1, 1), "": (0, 1)}),
        ("member_b", {"green": (1, 0), "amber": (0, 0), "red": (1, 1), "": (0, 1)}),
        ("member_a", {"green": (1, 0), "amber": (1, 1), "red": (1, 1), "": (0, 1)}),
    ],
)
def test_commitment_health(cooperation: Cooperation, role: str, expected):
    result = selectors.commitment_health(_user(cooperation, role))

    assert {row.light: (row.commitments, row.agreements) for row in result.rows} == expected
    assert [row.label for row in result.rows] == ["Green", "Amber", "Red", "No light"]


def test_project_budgets_per_currency_are_never_added_up(cooperation: Cooperation):
    result = selectors.project_budgets(AnonymousUser())

    assert [(b.currency, b.total, b.projects) for b in result] == [
        ("CNY", Money(Decimal("500.00"), "CNY"), 1),
        ("RUB", Money(Decimal("1250.50"), "RUB"), 1),
    ]
    assert [(s.status, s.amount, s.projects) for s in result[1].by_status] == [
        ("proposed", Money(Decimal("1250.50"), "RUB"), 1)
    ]


def test_project_budgets_of_a_partners_only_project_for_its_partners(cooperation: Cooperation):
    member_a = selectors.project_budgets(cooperation.world.users["member_a"])
    member_b = selectors.project_budgets(cooperation.world.users["member_b"])

    assert [b.currency for b in member_a] == ["CNY", "RUB", "USD"]
    assert member_a[2].total == Money(Decimal("700.00"), "USD")
    assert "USD" not in [b.currency for b in member_b]


def test_project_budgets_follow_the_year_filter(cooperation: Cooperation):
    result = selectors.project_budgets(
        cooperation.world.users["member_a"], InsightFilters(year_to=2022)
    )

    assert [(b.currency, b.total) for b in result] == [("USD", Money(Decimal("700.00"), "USD"))]


@pytest.mark.parametrize(
    "role", ["anonymous", "no_org", "member_a", "admin_a", "member_b", "operator"]
)
def test_public_and_beyond_public_split_what_each_role_sees(cooperation: Cooperation, role: str):
    from consortia.agreements.selectors import agreements_visible_to
    from consortia.projects.selectors import projects_visible_to

    user = _user(cooperation, role)

    public = selectors._public(EVERYTHING)
    beyond = selectors._beyond_public(user, EVERYTHING)

    for visible, public_part, beyond_part in (
        (agreements_visible_to(user), public.agreements, beyond and beyond.agreements),
        (projects_visible_to(user), public.projects, beyond and beyond.projects),
    ):
        seen = set(visible.values_list("pk", flat=True))
        shared = set(public_part.values_list("pk", flat=True))
        more = set(beyond_part.values_list("pk", flat=True)) if beyond_part is not None else set()
        assert shared | more == seen
        assert not shared & more


def test_counts_follow_changes_made_after_they_were_cached(cooperation: Cooperation):
    from datetime import date

    from consortia.agreements import services as agreements

    before = selectors.cooperation_map(AnonymousUser(), EVERYTHING)

    agreements.sign_agreement(
        cooperation.draft, by=cooperation.world.users["operator"], signed_on=date(2024, 9, 1)
    )
    after = selectors.cooperation_map(AnonymousUser(), EVERYTHING)

    assert _links(before)[("CN", "KZ")] == (1, 1)
    assert _links(after)[("CN", "KZ")] == (2, 1)


def test_the_public_part_is_counted_once_and_then_read_from_the_cache(
    cooperation: Cooperation, django_assert_max_num_queries
):
    selectors.cooperation_map(AnonymousUser(), EVERYTHING)

    with django_assert_max_num_queries(2):  # the data stamp and the country names
        result = selectors.cooperation_map(AnonymousUser(), EVERYTHING)

    assert _links(result) == PUBLIC_LINKS


def test_the_cache_never_hands_one_viewer_another_viewers_part(cooperation: Cooperation):
    member_a = selectors.cooperation_map(cooperation.world.users["member_a"], EVERYTHING)
    member_b = selectors.cooperation_map(cooperation.world.users["member_b"], EVERYTHING)
    again = selectors.cooperation_map(cooperation.world.users["member_a"], EVERYTHING)

    assert ("BY", "RU") in _links(member_a)
    assert _links(member_b) == PUBLIC_LINKS
    assert _links(again) == _links(member_a)


def test_who_sees_very_much_more_than_the_public_is_counted_live(
    cooperation: Cooperation, monkeypatch
):
    operator = cooperation.world.users["operator"]
    split = selectors.cooperation_map(operator, EVERYTHING)
    monkeypatch.setattr(selectors, "MAX_BEYOND_PUBLIC", 0)

    live = selectors.cooperation_map(operator, EVERYTHING)

    assert live == split
