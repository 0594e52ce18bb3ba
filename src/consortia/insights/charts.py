"""Each chart as a figure: the SVG drawing and the table of the numbers behind it. The same
``Table`` is shown under the drawing and written as the chart's CSV file, so they cannot differ."""

from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cached_property
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from consortia.opportunities.models import OpportunityKind

from . import selectors, svg
from .selectors import InsightFilters


@dataclass(frozen=True)
class Column:
    heading: str
    numeric: bool = False
    decimals: int = 0  # shown on the page; the CSV file keeps the exact value


@dataclass(frozen=True)
class Table:
    """Rows of plain values (text, int, Decimal) under headings."""

    caption: str
    columns: list[Column]
    rows: list[list[Any]]

    @cached_property
    def display_rows(self) -> list[list[tuple[str, bool]]]:
        """Cells as (text, numeric) with numbers written the active language's way (a text in a
        numeric column, such as "fewer than 3", is shown as it is)."""
        return [
            [
                (
                    svg.number(value, column.decimals)
                    if column.numeric and isinstance(value, int | float | Decimal)
                    else str(value),
                    column.numeric,
                )
                for column, value in zip(self.columns, row, strict=True)
            ]
            for row in self.rows
        ]

    def limited(self, count: int | None) -> "Table":
        """The first ``count`` rows (all for None)."""
        return self if count is None else replace(self, rows=self.rows[:count])

    @property
    def total_rows(self) -> int:
        return len(self.rows)

    def csv_rows(self) -> list[list[Any]]:
        """The heading row, then the rows (``tables.csv_lines`` makes formula text inert)."""
        return [[column.heading for column in self.columns], *self.rows]


@dataclass(frozen=True)
class Figure:
    name: str  # also the CSV file's name
    title: str
    drawings: list[SafeString]  # one, or one per currency
    table: Table
    note: str = ""

    @property
    def csv_url(self) -> str:
        return reverse("insights:csv", args=[self.name])


def registry_query(filters: InsightFilters) -> dict[str, str]:
    """The filters the agreements registry understands too."""
    query = {"kind": filters.kind, "status": filters.status, "topic": filters.topic}
    if filters.year_from and filters.year_from == filters.year_to:
        query["year"] = str(filters.year_from)
    return {name: value for name, value in query.items() if value}


def _registry(**params: str) -> str:
    return reverse("agreements:registry") + "?" + urlencode(params)


# --- The map ------------------------------------------------------------------------------


def map_tables(cooperation: selectors.CooperationMap) -> tuple[Table, Table]:
    """The links (heaviest first) and the countries (largest first)."""
    links = Table(
        caption=_("Links between countries, heaviest first"),
        columns=[
            Column(_("Code A")),
            Column(_("Country A")),
            Column(_("Code B")),
            Column(_("Country B")),
            Column(_("Agreements"), numeric=True),
            Column(_("Projects"), numeric=True),
            Column(_("Weight"), numeric=True),
        ],
        rows=[
            [link.a, link.a_name, link.b, link.b_name, link.agreements, link.projects, link.weight]
            for link in cooperation.links
        ],
    )
    nodes = Table(
        caption=_("Countries, most agreements and projects first"),
        columns=[
            Column(_("Code")),
            Column(_("Country")),
            Column(_("Agreements"), numeric=True),
            Column(_("Projects"), numeric=True),
            Column(_("Total"), numeric=True),
        ],
        rows=[
            [node.code, node.name, node.agreements, node.projects, node.total]
            for node in cooperation.nodes
        ],
    )
    return links, nodes


@dataclass(frozen=True)
class MapFigure:
    cooperation: selectors.CooperationMap
    drawing: SafeString
    links: Table
    nodes: Table

    @property
    def caption(self) -> str:
        return _(
            "%(countries)s; counted from %(agreements)s and %(projects)s that you may see."
        ) % {
            "countries": ngettext(
                "%(count)s country", "%(count)s countries", len(self.cooperation.nodes)
            )
            % {"count": svg.number(len(self.cooperation.nodes))},
            "agreements": svg.agreements_text(self.cooperation.agreements),
            "projects": svg.projects_text(self.cooperation.projects),
        }

    @property
    def links_csv_url(self) -> str:
        return reverse("insights:csv", args=["map-edges"])

    @property
    def nodes_csv_url(self) -> str:
        return reverse("insights:csv", args=["map-nodes"])


def map_figure(user: Any, filters: InsightFilters, *, ident: str = "cooperation-map") -> MapFigure:
    cooperation = selectors.cooperation_map(user, filters)
    options = svg.MapOptions(
        registry_url=reverse("agreements:registry"),
        registry_query=registry_query(filters),
        ident=ident,
    )
    links, nodes = map_tables(cooperation)
    return MapFigure(cooperation, svg.cooperation_map_svg(cooperation, options), links, nodes)


# --- Charts -------------------------------------------------------------------------------


def per_year_table(years: list[selectors.YearCount]) -> Table:
    return Table(
        caption=_("Agreements signed per year"),
        columns=[Column(_("Year")), Column(_("Agreements"), numeric=True)],
        rows=[[row.year, row.agreements] for row in years],
    )


def per_year_figure(user: Any, filters: InsightFilters) -> Figure:
    years = selectors.agreements_per_year(user, filters)
    carried = {k: v for k, v in registry_query(filters).items() if k != "year"}
    bars = [
        svg.Bar(
            label=str(row.year),
            value=row.agreements,
            value_text=svg.number(row.agreements),
            href=_registry(**carried, year=str(row.year)),
        )
        for row in years
    ]
    table = per_year_table(years)
    drawing = svg.column_chart(
        bars, title=table.caption, ident="per-year", axis_label=_("Year of signing")
    )
    return Figure("agreements-per-year", table.caption, [drawing], table)


def per_area_table(areas: list[selectors.AreaCount]) -> Table:
    return Table(
        caption=_("Agreements per area"),
        columns=[Column(_("Code")), Column(_("Area")), Column(_("Agreements"), numeric=True)],
        rows=[[row.code, row.label, row.agreements] for row in areas],
    )


def per_area_figure(user: Any, filters: InsightFilters) -> Figure:
    areas = selectors.agreements_per_area(user, filters)
    carried = {k: v for k, v in registry_query(filters).items() if k != "topic"}
    bars = [
        svg.Bar(
            label=row.label,
            value=row.agreements,
            value_text=svg.number(row.agreements),
            colour=svg.AGREEMENTS_COLOUR if row.code else svg.LIGHT_COLOURS[""],
            href=_registry(**carried, topic=row.code) if row.code else "",
        )
        for row in areas
    ]
    table = per_area_table(areas)
    drawing = svg.bar_chart(
        bars,
        title=table.caption,
        ident="per-area",
        axis_label=_("Agreements (one in several areas counts in each)"),
        label_width=230,
    )
    return Figure("agreements-per-area", table.caption, [drawing], table)


def health_table(health: selectors.CommitmentHealth) -> Table:
    return Table(
        caption=_("Commitment health: traffic lights"),
        columns=[
            Column(_("Light")),
            Column(_("Name")),
            Column(_("Commitments"), numeric=True),
            Column(_("Agreements"), numeric=True),
        ],
        rows=[[row.light, row.label, row.commitments, row.agreements] for row in health.rows],
    )


def health_figure(user: Any, filters: InsightFilters) -> Figure:
    health = selectors.commitment_health(user, filters)

    def segments(count: Callable[[selectors.LightCount], int]) -> list[svg.Segment]:
        return [
            svg.Segment(row.label, count(row), svg.LIGHT_COLOURS[row.light]) for row in health.rows
        ]

    table = health_table(health)
    drawing = svg.stacked_bars(
        [
            (_("Commitments"), segments(lambda row: row.commitments)),
            (_("Agreements"), segments(lambda row: row.agreements)),
        ],
        title=table.caption,
        ident="health",
    )
    return Figure("commitment-health", table.caption, [drawing], table)


def budgets_table(budgets: list[selectors.CurrencyBudget]) -> Table:
    """A row per currency: its total and its amount per project status."""
    statuses = selectors.ProjectStatus.choices

    def amount(budget: selectors.CurrencyBudget, status: str) -> Decimal:
        found = (item.amount.amount for item in budget.by_status if item.status == status)
        return next(found, Decimal("0.00"))

    return Table(
        caption=_(
            "Budgets of projects per currency, never added across currencies (in whole units; "
            "to the cent in the CSV file)"
        ),
        columns=[
            Column(_("Currency")),
            Column(_("Projects"), numeric=True),
            Column(_("Total"), numeric=True),
            *(Column(str(label), numeric=True) for _code, label in statuses),
        ],
        rows=[
            [
                budget.currency,
                budget.projects,
                budget.total.amount,
                *(amount(budget, code) for code, _label in statuses),
            ]
            for budget in budgets
        ],
    )


def budgets_figure(user: Any, filters: InsightFilters) -> Figure:
    """One chart per currency: amounts in different currencies are never drawn on one scale or
    added up."""
    budgets = selectors.project_budgets(user, filters)
    drawings = []
    for budget in budgets:
        bars = [
            svg.Bar(
                label=item.label,
                value=item.amount.amount,
                value_text=svg.number(item.amount.amount),
                colour=svg.PROJECTS_COLOUR,
                tooltip=ngettext(
                    "%(status)s: %(amount)s %(currency)s in %(projects)s project",
                    "%(status)s: %(amount)s %(currency)s in %(projects)s projects",
                    item.projects,
                )
                % {
                    "status": item.label,
                    "amount": svg.number(item.amount.amount),
                    "currency": budget.currency,
                    "projects": svg.number(item.projects),
                },
            )
            for item in budget.by_status
        ]
        title = _("Project budgets in %(currency)s") % {"currency": budget.currency}
        drawings.append(
            svg.bar_chart(
                bars,
                title=title,
                ident=f"budget-{budget.currency.lower()}",
                axis_label=budget.currency,
                label_width=110,
            )
        )
    return Figure(
        "project-budgets",
        _("Project budgets per currency"),
        drawings,
        budgets_table(budgets),
        note=_("One chart per currency: amounts in different currencies are never added up."),
    )


# --- What came of the opportunities --------------------------------------------------------


def funnel_table(funnel: selectors.OpportunityFunnel) -> Table:
    """A row per stage: how many got that far, in total and per kind of opportunity."""
    kinds = OpportunityKind.choices
    return Table(
        caption=_("From opportunities published to contracts signed, per kind of opportunity"),
        columns=[
            Column(_("Stage")),
            Column(_("Total"), numeric=True),
            *(Column(str(label), numeric=True) for _code, label in kinds),
        ],
        rows=[
            [stage.label, stage.total, *(stage.by_kind.get(code, 0) for code, _label in kinds)]
            for stage in funnel.stages
        ],
    )


def funnel_figure(user: Any, filters: InsightFilters) -> Figure:
    funnel = selectors.opportunity_funnel(user, filters)
    bars = [
        svg.Bar(
            label=stage.label,
            value=stage.total,
            value_text=svg.number(stage.total),
            colour=svg.PROJECTS_COLOUR,
        )
        for stage in funnel.stages
    ]
    drawing = svg.bar_chart(
        bars, title=_("Opportunities funnel"), ident="opportunity-funnel", axis_label=_("Count")
    )
    return Figure(
        "opportunity-funnel",
        _("What came of the opportunities"),
        [drawing],
        funnel_table(funnel),
        note=_(
            "Counts only: applications are confidential, so no applicant or application is "
            "named here."
        ),
    )


def results_table(funnel: selectors.OpportunityFunnel) -> Table:
    return Table(
        caption=_(
            "Contracts signed, grants awarded and investments made after opportunities, per "
            "currency (in whole units; to the cent in the CSV file)"
        ),
        columns=[
            Column(_("Result")),
            Column(_("Currency")),
            Column(_("Amount"), numeric=True),
            Column(_("Engagements"), numeric=True),
        ],
        rows=[
            [item.label, item.amount.currency, item.amount.amount, item.engagements]
            for item in funnel.money
        ],
    )


def results_figure(user: Any, filters: InsightFilters) -> Figure:
    """One bar per result and currency; amounts are never added across currencies."""
    funnel = selectors.opportunity_funnel(user, filters)
    drawings = []
    for currency in dict.fromkeys(item.amount.currency for item in funnel.money):
        bars = [
            svg.Bar(
                label=item.label,
                value=item.amount.amount,
                value_text=svg.number(item.amount.amount),
                colour=svg.PROJECTS_COLOUR,
            )
            for item in funnel.money
            if item.amount.currency == currency
        ]
        title = _("Results in %(currency)s") % {"currency": currency}
        drawings.append(
            svg.bar_chart(
                bars, title=title, ident=f"results-{currency.lower()}", axis_label=currency
            )
        )
    note = _("One chart per currency: amounts in different currencies are never added up.")
    if funnel.withheld:
        note += " " + ngettext(
            "%(count)d sum made of fewer than %(least)d engagements is shown to the operator only.",
            "%(count)d sums made of fewer than %(least)d engagements are shown to the operator "
            "only.",
            funnel.withheld,
        ) % {"count": funnel.withheld, "least": selectors.MIN_GROUP}
    return Figure(
        "opportunity-results",
        _("Contracts, grants and investments"),
        drawings,
        results_table(funnel),
        note=note,
    )


# --- What came of the B2B meetings ---------------------------------------------------------


def _fewer_than() -> str:
    return _("fewer than %(least)d") % {"least": selectors.MIN_GROUP}


def meeting_funnel_table(funnel: selectors.MeetingFunnel) -> Table:
    """A row per stage: how many meetings got that far and the share of the stage before."""
    return Table(
        caption=_("From B2B meetings held to joint projects"),
        columns=[
            Column(_("Stage")),
            Column(_("Meetings"), numeric=True),
            Column(_("Of the stage before (%)"), numeric=True),
        ],
        rows=[
            [
                stage.label,
                _fewer_than() if stage.count is None else stage.count,
                "" if stage.conversion is None else stage.conversion,
            ]
            for stage in funnel.stages
        ],
    )


def meeting_funnel_figure(user: Any, filters: InsightFilters) -> Figure:
    """One bar per stage, its count and the share of the stage before written at its end; a
    stage not shown to the viewer is an empty bar marked "fewer than 3"."""
    funnel = selectors.meeting_funnel(user, filters)
    bars = []
    for stage in funnel.stages:
        if stage.count is None:
            text = _fewer_than()
        elif stage.conversion is None:
            text = svg.number(stage.count)
        else:
            text = _("%(count)s · %(percent)s%%") % {
                "count": svg.number(stage.count),
                "percent": svg.number(stage.conversion),
            }
        tooltip = f"{stage.label}: {text}"
        if stage.conversion is not None:
            tooltip = _("%(stage)s: %(count)s, %(percent)s%% of the stage before") % {
                "stage": stage.label,
                "count": svg.number(stage.count or 0),
                "percent": svg.number(stage.conversion),
            }
        bars.append(
            svg.Bar(
                label=stage.label,
                value=stage.count or 0,
                value_text=text,
                colour=svg.LIGHT_COLOURS[""] if stage.count is None else svg.AGREEMENTS_COLOUR,
                tooltip=tooltip,
            )
        )
    drawing = svg.bar_chart(
        bars,
        title=_("B2B meetings funnel"),
        ident="meeting-funnel",
        axis_label=_("Meetings"),
        label_width=230,
    )
    return Figure(
        "meeting-funnel",
        _("What came of the B2B meetings"),
        [drawing],
        meeting_funnel_table(funnel),
        note=_(
            "Counts only: meetings are confidential to their sides, so no organisation is named. "
            "An agreement counts when both sides are among its parties and it was signed within "
            "%(months)d months after the meeting; a project when it carries out that agreement. "
            "A stage of fewer than %(least)d meetings is shown as such except to the operator."
        )
        % {"months": selectors.AGREEMENT_WITHIN_MONTHS, "least": selectors.MIN_GROUP},
    )


def table_for(name: str, user: Any, filters: InsightFilters) -> Table:
    """The table behind a chart by the name of its CSV file (nothing drawn)."""
    if name in {"map-edges", "map-nodes"}:
        links, nodes = map_tables(selectors.cooperation_map(user, filters))
        return links if name == "map-edges" else nodes
    if name == "agreements-per-year":
        return per_year_table(selectors.agreements_per_year(user, filters))
    if name == "agreements-per-area":
        return per_area_table(selectors.agreements_per_area(user, filters))
    if name == "commitment-health":
        return health_table(selectors.commitment_health(user, filters))
    if name == "project-budgets":
        return budgets_table(selectors.project_budgets(user, filters))
    if name == "opportunity-funnel":
        return funnel_table(selectors.opportunity_funnel(user, filters))
    if name == "opportunity-results":
        return results_table(selectors.opportunity_funnel(user, filters))
    if name == "meeting-funnel":
        return meeting_funnel_table(selectors.meeting_funnel(user, filters))
    raise KeyError(name)


CSV_NAMES = (
    "map-edges",
    "map-nodes",
    "agreements-per-year",
    "agreements-per-area",
    "commitment-health",
    "project-budgets",
    "opportunity-funnel",
    "opportunity-results",
    "meeting-funnel",
)
