"""The insights pages and CSV files through the test client: what each role gets."""

import csv
import io

import pytest

from .conftest import Cooperation

CSV_NAMES = [
    "map-edges",
    "map-nodes",
    "agreements-per-year",
    "agreements-per-area",
    "commitment-health",
    "project-budgets",
    "opportunity-funnel",
    "opportunity-results",
    "meeting-funnel",
]


def _csv(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def _figures(page: str) -> str:
    """The page after the filters (whose country list names every country)."""
    return page.split('class="insights-filters"', 1)[1].split("</form>", 1)[1]


@pytest.mark.parametrize("url", ["/insights/", "/insights/map/"])
def test_pages_draw_the_map_and_the_tables(cooperation: Cooperation, url: str):
    response = cooperation.world.client("anonymous").get(url)

    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("<svg") >= 1
    assert 'viewBox="0 0 1200 559.2"' in page
    assert "<title>China — Kazakhstan: 1 agreement</title>" in page
    assert 'href="/agreements/?country=CN&amp;partner=KZ"' in page
    assert 'href="/agreements/?country=KZ"' in page
    assert "<td>Kazakhstan</td>" in page


def test_dashboard_has_every_chart_its_table_and_csv_link(cooperation: Cooperation):
    page = cooperation.world.client("anonymous").get("/insights/?kind=memorandum").content.decode()

    # per year, per area, health, RUB and CNY budgets, the opportunities and meetings funnels
    assert page.count('class="chart"') == 7
    for name in CSV_NAMES:
        assert f'href="/insights/{name}.csv?kind=memorandum"' in page
    assert "Project budgets in RUB" in page
    assert '<td class="numeric">1,250</td>' in page  # the RUB total, grouped the English way


def test_numbers_follow_the_language(cooperation: Cooperation):
    client = cooperation.world.client("anonymous")

    page = client.get("/insights/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()

    assert '<td class="numeric">1\xa0250</td>' in page
    assert "Казахстан" in page


@pytest.mark.parametrize("role", ["anonymous", "member_b"])
def test_hidden_agreement_and_project_are_absent_everywhere_for_outsiders(
    cooperation: Cooperation, role: str
):
    client = cooperation.world.client(role)

    pages = [client.get(url).content.decode() for url in ("/insights/", "/insights/map/")]
    files = [client.get(f"/insights/{name}.csv").content.decode() for name in CSV_NAMES]

    # The filter form lists every country; the figures start after it.
    for text in [_figures(page) for page in pages] + files:
        assert "Belarus" not in text
        assert "BY" not in text
        assert "USD" not in text
    assert ["RU", "Russia", "1", "0", "1"] in _csv(client.get("/insights/map-nodes.csv"))


def test_member_of_a_party_sees_its_agreement_on_the_map_and_in_the_files(
    cooperation: Cooperation,
):
    client = cooperation.world.client("member_a")

    page = client.get("/insights/map/").content.decode()
    edges = _csv(client.get("/insights/map-edges.csv"))
    budgets = _csv(client.get("/insights/project-budgets.csv"))

    assert "<title>Belarus — Russia: 1 agreement</title>" in page
    assert ["BY", "Belarus", "RU", "Russia", "1", "0", "1"] in edges
    assert ["USD", "1", "700.00", "700.00", "0.00", "0.00", "0.00"] in budgets


def test_csv_files_have_a_heading_row_and_are_attachments(cooperation: Cooperation):
    client = cooperation.world.client("anonymous")

    response = client.get("/insights/map-edges.csv")
    rows = _csv(response)

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="map-edges.csv"'
    assert rows == [
        ["Code A", "Country A", "Code B", "Country B", "Agreements", "Projects", "Weight"],
        ["CN", "China", "KZ", "Kazakhstan", "1", "1", "2"],
        ["CN", "China", "RU", "Russia", "1", "0", "1"],
        ["KZ", "Kazakhstan", "RU", "Russia", "1", "0", "1"],
        ["KZ", "Kazakhstan", "UZ", "Uzbekistan", "1", "0", "1"],
    ]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "map-nodes",
            [
                ["Code", "Country", "Agreements", "Projects", "Total"],
                ["KZ", "Kazakhstan", "2", "1", "3"],
                ["CN", "China", "1", "1", "2"],
                ["RU", "Russia", "1", "0", "1"],
                ["UZ", "Uzbekistan", "1", "0", "1"],
            ],
        ),
        ("agreements-per-year", [["Year", "Agreements"], ["2023", "1"], ["2024", "1"]]),
        (
            "agreements-per-area",
            [
                ["Code", "Area", "Agreements"],
                ["digital-tech", "Artificial intelligence and frontier digital technologies", "1"],
                ["e-government", "Digital government", "1"],
                ["smart-city", "Smart city", "1"],
            ],
        ),
        (
            "commitment-health",
            [
                ["Light", "Name", "Commitments", "Agreements"],
                ["green", "Green", "1", "0"],
                ["amber", "Amber", "0", "0"],
                ["red", "Red", "1", "1"],
                ["", "No light", "0", "1"],
            ],
        ),
        (
            "project-budgets",
            [
                ["Currency", "Projects", "Total", "Proposed", "Active", "Completed", "Cancelled"],
                ["CNY", "1", "500.00", "500.00", "0.00", "0.00", "0.00"],
                ["RUB", "1", "1250.50", "1250.50", "0.00", "0.00", "0.00"],
            ],
        ),
    ],
)
def test_csv_content(cooperation: Cooperation, name: str, expected):
    rows = _csv(cooperation.world.client("anonymous").get(f"/insights/{name}.csv"))

    assert rows == expected


def test_csv_follows_the_filters(cooperation: Cooperation):
    rows = _csv(cooperation.world.client("anonymous").get("/insights/map-edges.csv?year_from=2024"))

    assert rows[1:] == [
        ["CN", "China", "KZ", "Kazakhstan", "0", "1", "1"],
        ["KZ", "Kazakhstan", "UZ", "Uzbekistan", "1", "0", "1"],
    ]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("year_from=soon", "year_from"),
        ("year_from=2024&year_to=2020", "year_to"),
        ("kind=treaty", "kind"),
        ("topic=astrology", "topic"),
        ("status=lost", "status"),
        ("project_status=lost", "project_status"),
        ("country=XX", "country"),
        ("show=everything", "show"),
    ],
)
def test_unknown_filter_values_answer_400_naming_the_field(
    cooperation: Cooperation, query: str, field: str
):
    client = cooperation.world.client("anonymous")

    page = client.get(f"/insights/?{query}")
    map_page = client.get(f"/insights/map/?{query}")
    file = client.get(f"/insights/map-edges.csv?{query}")

    assert (page.status_code, map_page.status_code, file.status_code) == (400, 400, 400)
    assert file.content.decode().startswith(f"{field}: ")
    assert "<svg" not in page.content.decode()
    assert 'role="alert"' in page.content.decode()


def test_lower_case_country_codes_are_accepted(cooperation: Cooperation):
    response = cooperation.world.client("anonymous").get("/insights/map/?country=kz&year_from=2024")

    assert response.status_code == 200
    assert "<td>Uzbekistan</td>" in response.content.decode()


def test_unknown_chart_is_not_found(cooperation: Cooperation):
    response = cooperation.world.client("anonymous").get("/insights/secrets.csv")

    assert response.status_code == 404


def test_map_page_lists_fifty_links_then_all_on_request(cooperation: Cooperation):
    from consortia.insights import views

    client = cooperation.world.client("anonymous")
    views_limit = views.MAP_LINKS
    views.MAP_LINKS = 2
    try:
        short = client.get("/insights/map/").content.decode()
        full = client.get("/insights/map/?links=all").content.decode()
    finally:
        views.MAP_LINKS = views_limit

    assert "The 2 heaviest of 4 links." in short
    assert 'href="?links=all"' in short
    assert short.count("<td>Uzbekistan</td>") == 1  # in the countries table only
    assert full.count("<td>Uzbekistan</td>") == 2


@pytest.mark.parametrize("url", ["/insights/", "/insights/map/", "/insights/map-edges.csv"])
def test_answers_to_signed_in_people_are_private(cooperation: Cooperation, url: str):
    signed_in = cooperation.world.client("member_a").get(url)
    anonymous = cooperation.world.client("anonymous").get(url)

    assert "private" in signed_in["Cache-Control"]
    assert "private" not in anonymous.get("Cache-Control", "")
    assert "Cookie" in signed_in["Vary"]


def test_navigation_links_to_insights(cooperation: Cooperation):
    page = cooperation.world.client("anonymous").get("/").content.decode()

    assert 'href="/insights/"' in page
