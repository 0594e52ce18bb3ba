"""The drawings: positions of every country, the scale of the axes, escaping, local numbers."""

from decimal import Decimal

import pytest
from django.utils import translation

from consortia.directory.models import Country
from consortia.insights import geography, svg
from consortia.insights.selectors import CooperationMap, CountryLink, CountryNode


def test_every_country_of_the_directory_has_a_position(db):
    codes = set(Country.objects.values_list("code", flat=True))

    assert codes - set(geography.country_positions()) == set()


def test_positions_are_where_the_capitals_are():
    positions = geography.country_positions()

    moscow, beijing, brasilia, canberra = (positions[c] for c in ("RU", "CN", "BR", "AU"))
    assert moscow.x < beijing.x and moscow.y < beijing.y  # west and north of Beijing
    assert brasilia.x < moscow.x and brasilia.y > moscow.y
    assert canberra.x > beijing.x and canberra.y > brasilia.y
    for point in positions.values():
        assert 0 <= point.x <= geography.WIDTH and 0 <= point.y <= geography.HEIGHT


def test_land_outlines_are_one_closed_path():
    land = geography.land_path()

    assert land.startswith("M") and land.endswith("Z")
    assert land.count("M") > 150


@pytest.mark.parametrize(
    ("largest", "ticks"),
    [
        (0, [0.0, 1.0]),
        (4, [0, 1, 2, 3, 4]),
        (7, [0, 2, 4, 6, 8]),
        (95, [0, 20, 40, 60, 80, 100]),
        (6_200_000_000, [0, 2e9, 4e9, 6e9, 8e9]),
    ],
)
def test_nice_ticks(largest, ticks):
    assert svg.nice_ticks(largest) == ticks


def test_numbers_are_grouped_the_way_the_language_writes_them():
    with translation.override("en"):
        english = svg.number(Decimal("1234567.5"), 2)
    with translation.override("ru"):
        russian = svg.number(1234567)

    assert (english, russian, svg.number(12)) == ("1,234,567.50", "1\xa0234\xa0567", "12")


def test_text_in_charts_is_escaped():
    drawing = svg.bar_chart(
        [svg.Bar(label="<script>alert(1)</script>", value=3, value_text="3", href="/a?b=1&c=2")],
        title='Say "hi" & <go>',
        ident="x",
        axis_label="n",
    )

    assert "<script>" not in drawing
    assert "&lt;script&gt;" in drawing
    assert 'href="/a?b=1&amp;c=2"' in drawing
    assert "Say &quot;hi&quot; &amp; &lt;go&gt;" in drawing


def test_map_draws_links_of_both_kinds_with_tooltips_and_registry_links():
    cooperation = CooperationMap(
        nodes=[
            CountryNode("KZ", "Kazakhstan", 2, 1),
            CountryNode("CN", "China", 1, 1),
            CountryNode("XX", "Nowhere", 1, 0),  # no position: not drawn
        ],
        links=[CountryLink("CN", "China", "KZ", "Kazakhstan", 1, 1)],
        agreements=2,
        projects=1,
    )
    options = svg.MapOptions(registry_url="/agreements/", registry_query={"kind": "memorandum"})

    with translation.override("en"):
        drawing = svg.cooperation_map_svg(cooperation, options)

    assert drawing.count('class="map-link map-link-agreements"') == 1
    assert drawing.count('class="map-link map-link-projects"') == 1
    assert '<a href="/agreements/?country=CN&amp;partner=KZ&amp;kind=memorandum">' in drawing
    assert "<title>China — Kazakhstan: 1 project</title>" in drawing
    assert "<title>Kazakhstan: 2 agreements, 1 project</title>" in drawing
    assert "Nowhere" not in drawing
    assert drawing.startswith('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1200 559.2"')
