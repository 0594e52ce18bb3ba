"""Server-rendered SVG: the cooperation map and bar charts. No JavaScript, nothing fetched.

Every mark has a ``<title>`` (the tooltip) and, where there is somewhere to go, an ``<a href>``.
Colours are presentation attributes, so a saved SVG file looks the same; ``insights.css`` only
adds hover effects and sizing. Text is escaped here; numbers are formatted for the active
language (``number``)."""

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from django.utils import formats
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import geography
from .selectors import CooperationMap, CountryLink, CountryNode

AGREEMENTS_COLOUR = "#0172ad"
PROJECTS_COLOUR = "#c2410c"
NODE_COLOUR = "#1e3a5f"
AXIS_COLOUR = "#8a97a6"
GRID_COLOUR = "#e3e8ee"
TEXT_COLOUR = "#27313d"
LIGHT_COLOURS = {"green": "#2e7d32", "amber": "#b26a00", "red": "#c62828", "": "#9aa5b1"}
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Noto Sans CJK SC', sans-serif"

Number = int | float | Decimal


def number(value: Number, decimals: int = 0) -> str:
    """A number as the active language writes it, with its thousands grouped."""
    if not decimals and isinstance(value, int) and -1000 < value < 1000:
        return str(value)  # nothing to group or separate in any language (and drawn often)
    return str(formats.number_format(value, decimal_pos=decimals, force_grouping=True))


def _attrs(**values: object) -> str:
    return "".join(
        f' {name.rstrip("_").replace("_", "-")}="{escape(str(value))}"'
        for name, value in values.items()
        if value is not None and value != ""
    )


def _svg_open(width: float, height: float, *, title: str, ident: str, css_class: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:g} {height:g}"'
        f"{_attrs(class_=css_class, role='img', aria_labelledby=f'{ident}-title')}"
        f' font-family="{escape(FONT)}" font-size="12" fill="{TEXT_COLOUR}">'
        f'<title id="{escape(ident)}-title">{escape(title)}</title>'
    )


def _link(href: str, tooltip: str, inner: str) -> str:
    title = f"<title>{escape(tooltip)}</title>"
    if not href:
        return f"<g>{title}{inner}</g>"
    return f'<a href="{escape(href)}">{title}{inner}</a>'


# --- The cooperation map ------------------------------------------------------------------


@dataclass(frozen=True)
class MapOptions:
    registry_url: str  # the agreements registry, linked with ?country= (&partner=)
    registry_query: dict[str, str]  # filters that carry over to the registry
    ident: str = "cooperation-map"
    max_links: int = 300  # per kind (agreements, projects): the heaviest are drawn
    labels: int = 16  # the largest nodes are named


def _node_radius(total: int, largest: int) -> float:
    return 3.0 + 19.0 * math.sqrt(total / largest) if largest else 3.0


def _stroke_width(count: int, largest: int) -> float:
    return 0.8 + 7.2 * math.sqrt(count / largest) if largest else 0.8


def _curve(a: geography.Point, b: geography.Point, bend: float) -> str:
    """A quadratic curve from a to b, its middle pulled aside by ``bend`` × the distance."""
    mid_x, mid_y = (a.x + b.x) / 2, (a.y + b.y) / 2
    dx, dy = b.x - a.x, b.y - a.y
    control_x, control_y = mid_x - dy * bend, mid_y + dx * bend
    return f"M{a.x:.1f} {a.y:.1f}Q{control_x:.1f} {control_y:.1f} {b.x:.1f} {b.y:.1f}"


def _registry_href(options: MapOptions, **codes: str) -> str:
    return options.registry_url + "?" + urlencode({**codes, **options.registry_query})


def agreements_text(count: int) -> str:
    return ngettext("%(count)s agreement", "%(count)s agreements", count) % {"count": number(count)}


def projects_text(count: int) -> str:
    return ngettext("%(count)s project", "%(count)s projects", count) % {"count": number(count)}


def _link_paths(
    links: Sequence[CountryLink],
    positions: dict[str, geography.Point],
    options: MapOptions,
    *,
    projects: bool,
    largest: int,
) -> list[str]:
    """One curve per link, the heaviest drawn last (on top). Hundreds are drawn, so texts are
    made once per count and the links' query strings by hand (country codes need no quoting)."""
    colour = PROJECTS_COLOUR if projects else AGREEMENTS_COLOUR
    css_class = "map-link map-link-projects" if projects else "map-link map-link-agreements"
    bend = -0.18 if projects else 0.18
    texts: dict[int, str] = {}
    carried = urlencode(options.registry_query)
    base = escape(options.registry_url + "?country=")
    tail = escape("&" + carried) if carried else ""
    paths = []
    for link in reversed(links):
        count = link.projects if projects else link.agreements
        if count not in texts:
            texts[count] = projects_text(count) if projects else agreements_text(count)
        tooltip = escape(f"{link.a_name} — {link.b_name}: {texts[count]}")
        path = _curve(positions[link.a], positions[link.b], bend)
        paths.append(
            f'<a href="{base}{link.a}&amp;partner={link.b}{tail}"><title>{tooltip}</title>'
            f'<path d="{path}" fill="none" stroke="{colour}"'
            f' stroke-width="{_stroke_width(count, largest):.1f}" stroke-opacity="0.5"'
            f' stroke-linecap="round" class="{css_class}"/></a>'
        )
    return paths


def _heaviest(
    links: Sequence[CountryLink], count: Callable[[CountryLink], int], limit: int
) -> list[CountryLink]:
    chosen = [link for link in links if count(link) > 0]
    chosen.sort(key=lambda link: (-count(link), link.a, link.b))
    return chosen[:limit]


def cooperation_map_svg(cooperation: CooperationMap, options: MapOptions) -> SafeString:
    """The map: land outlines, curved links (agreements bend one way, projects the other,
    wider for more), countries as circles (area for the number of agreements and projects),
    the largest named, and a legend."""
    positions = geography.country_positions()
    width, height = geography.WIDTH, geography.HEIGHT
    placed = [link for link in cooperation.links if link.a in positions and link.b in positions]
    agreement_links = _heaviest(placed, lambda link: link.agreements, options.max_links)
    project_links = _heaviest(placed, lambda link: link.projects, options.max_links)
    largest_link = max(
        [link.agreements for link in agreement_links] + [link.projects for link in project_links],
        default=0,
    )
    nodes = [node for node in cooperation.nodes if node.code in positions]
    largest_node = max((node.total for node in nodes), default=0)
    title = _("Cooperation map: %(countries)s countries, %(links)s links between them") % {
        "countries": number(len(cooperation.nodes)),
        "links": number(len(cooperation.links)),
    }
    parts = [
        _svg_open(width, height, title=title, ident=options.ident, css_class="cooperation-map"),
        f'<rect width="{width:g}" height="{height:g}" fill="#f3f7fa"/>',
        f'<path d="{geography.graticule_path()}" fill="none" stroke="#e1e8ef" stroke-width="0.6"/>',
        f'<path d="{geography.land_path()}" fill="#e2e7ec" stroke="#ffffff"'
        ' stroke-width="0.6" stroke-linejoin="round"/>',
        '<g class="map-links">',
        *_link_paths(agreement_links, positions, options, projects=False, largest=largest_link),
        *_link_paths(project_links, positions, options, projects=True, largest=largest_link),
        "</g>",
        '<g class="map-nodes">',
        *(_node(node, positions[node.code], largest_node, options) for node in nodes),
        "</g>",
        '<g class="map-labels" pointer-events="none">',
        *_labels(nodes[: options.labels], positions, largest_node),
        "</g>",
        _map_legend(
            height, drawn=(len(agreement_links), len(project_links)), cooperation=cooperation
        ),
        "</svg>",
    ]
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def _node(node: CountryNode, at: geography.Point, largest: int, options: MapOptions) -> str:
    radius = _node_radius(node.total, largest)
    tooltip = f"{node.name}: {agreements_text(node.agreements)}, {projects_text(node.projects)}"
    return _link(
        _registry_href(options, country=node.code),
        tooltip,
        f'<circle cx="{at.x:.1f}" cy="{at.y:.1f}" r="{radius:.1f}" fill="{NODE_COLOUR}"'
        ' fill-opacity="0.78" stroke="#ffffff" stroke-width="1" class="map-node"/>',
    )


def _text_width(text: str, size: float, em: float = 0.6) -> float:
    """Roughly how wide a text is: CJK characters are square, others about ``em`` (0.6 for
    bold labels, less for plain text)."""
    return sum(size if ord(char) >= 0x2E80 else size * em for char in text)


Box = tuple[float, float, float, float]  # left, top, right, bottom


def _overlaps(box: Box, others: list[Box]) -> bool:
    left, top, right, bottom = box
    return any(
        left < o_right and o_left < right and top < o_bottom and o_top < bottom
        for o_left, o_top, o_right, o_bottom in others
    )


def _labels(
    nodes: Sequence[CountryNode], positions: dict[str, geography.Point], largest: int
) -> list[str]:
    """Names of the largest nodes, right of the circle, else left, above or below; a name that
    fits nowhere without covering another is left to the tooltip and the table."""
    size = 13.0
    placed: list[Box] = []
    parts = []
    for node in nodes:
        at, radius = positions[node.code], _node_radius(node.total, largest)
        width = _text_width(node.name, size)
        candidates = [
            (at.x + radius + 3, at.y + 4, "start"),
            (at.x - radius - 3, at.y + 4, "end"),
            (at.x, at.y - radius - 4, "middle"),
            (at.x, at.y + radius + size, "middle"),
        ]
        for x, y, anchor in candidates:
            left = {"start": x, "end": x - width, "middle": x - width / 2}[anchor]
            box = (left - 1, y - size + 2, left + width + 1, y + 3)
            if box[0] < 0 or box[2] > geography.WIDTH or _overlaps(box, placed):
                continue
            placed.append(box)
            parts.append(
                f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size:g}"'
                ' font-weight="600" stroke="#ffffff" stroke-width="3" stroke-linejoin="round"'
                f' paint-order="stroke">{escape(node.name)}</text>'
            )
            break
    return parts


def _map_legend(height: float, *, drawn: tuple[int, int], cooperation: CooperationMap) -> str:
    x, y = 14.0, height - 92
    agreements_drawn, projects_drawn = drawn
    agreement_links = sum(1 for link in cooperation.links if link.agreements)
    project_links = sum(1 for link in cooperation.links if link.projects)
    lines = []
    for text, shown, total in (
        (_("Agreements between the two countries"), agreements_drawn, agreement_links),
        (_("Joint projects"), projects_drawn, project_links),
    ):
        if shown < total:
            text += " " + _("(the %(shown)s strongest of %(total)s)") % {
                "shown": number(shown),
                "total": number(total),
            }
        lines.append(text)
    country = _("Country: the area grows with its agreements and projects")
    hint = _("Wider lines: more in common. Click a country or a line for the agreements.")
    width = max(
        max(_text_width(text, 12, 0.52) for text in [*lines, country]) + 50,
        _text_width(hint, 12, 0.52) + 8,
    )
    parts = [
        f'<g class="map-legend"><rect x="{x - 6:g}" y="{y - 18:g}" width="{width:.0f}"'
        ' height="100" rx="6" fill="#ffffff" fill-opacity="0.88" stroke="#d5dde6"/>'
    ]
    for index, (colour, text) in enumerate(
        zip((AGREEMENTS_COLOUR, PROJECTS_COLOUR), lines, strict=True)
    ):
        row = y + index * 22
        parts.append(
            f'<path d="M{x:g} {row:g}h34" stroke="{colour}" stroke-width="4"'
            ' stroke-opacity="0.7" stroke-linecap="round"/>'
            f'<text x="{x + 42:g}" y="{row + 4:g}">{escape(text)}</text>'
        )
    row = y + 2 * 22
    parts.append(
        f'<circle cx="{x + 8:g}" cy="{row:g}" r="6" fill="{NODE_COLOUR}" fill-opacity="0.78"/>'
        f'<text x="{x + 42:g}" y="{row + 4:g}">{escape(country)}</text>'
        f'<text x="{x:g}" y="{row + 26:g}" fill="#5b6775">{escape(hint)}</text></g>'
    )
    return "".join(parts)


# --- Bar charts ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    label: str
    value: Number
    value_text: str  # the value as shown (formatted, with its unit)
    colour: str = AGREEMENTS_COLOUR
    href: str = ""
    tooltip: str = ""  # defaults to "label: value_text"


def nice_ticks(largest: float, wanted: int = 5) -> list[float]:
    """Round tick values from 0 to at least ``largest`` (steps of 1, 2 or 5 × 10ⁿ)."""
    if largest <= 0:
        return [0.0, 1.0]
    raw = largest / wanted
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    count = math.ceil(largest / step - 1e-9)
    return [step * i for i in range(count + 1)]


def _tick_text(value: float) -> str:
    return number(value, 0 if float(value).is_integer() else 1)


def column_chart(
    bars: Sequence[Bar],
    *,
    title: str,
    ident: str,
    axis_label: str,
    width: float = 600,
    height: float = 280,
) -> SafeString:
    """Vertical bars (for years): categories along the bottom, values up the side."""
    left, right, top, bottom = 56.0, 12.0, 14.0, 44.0
    plot_width, plot_height = width - left - right, height - top - bottom
    ticks = nice_ticks(max((float(bar.value) for bar in bars), default=0))
    scale = plot_height / ticks[-1]
    parts = [_svg_open(width, height, title=title, ident=ident, css_class="chart")]
    for tick in ticks:
        y = top + plot_height - tick * scale
        parts.append(
            f'<path d="M{left:g} {y:.1f}H{width - right:g}" stroke="{GRID_COLOUR}"/>'
            f'<text x="{left - 6:g}" y="{y + 4:.1f}" text-anchor="end" fill="#5b6775">'
            f"{escape(_tick_text(tick))}</text>"
        )
    slot = plot_width / max(len(bars), 1)
    every = max(1, math.ceil(len(bars) * 34 / plot_width))  # label spacing: ~34 units each
    for index, bar in enumerate(bars):
        bar_height = float(bar.value) * scale
        x = left + index * slot + slot * 0.12
        y = top + plot_height - bar_height
        parts.append(
            _link(
                bar.href,
                bar.tooltip or f"{bar.label}: {bar.value_text}",
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{slot * 0.76:.1f}"'
                f' height="{max(bar_height, 0):.1f}" fill="{bar.colour}" class="chart-bar"/>',
            )
        )
        if index % every == 0:
            parts.append(
                f'<text x="{left + (index + 0.5) * slot:.1f}" y="{top + plot_height + 16:g}"'
                f' text-anchor="middle" fill="#5b6775">{escape(bar.label)}</text>'
            )
    parts.append(
        f'<path d="M{left:g} {top:g}V{top + plot_height:g}H{width - right:g}"'
        f' fill="none" stroke="{AXIS_COLOUR}"/>'
        f'<text x="{left + plot_width / 2:.1f}" y="{height - 6:g}" text-anchor="middle"'
        f' fill="#5b6775">{escape(axis_label)}</text></svg>'
    )
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def bar_chart(
    bars: Sequence[Bar],
    *,
    title: str,
    ident: str,
    axis_label: str,
    width: float = 600,
    label_width: float = 190,
) -> SafeString:
    """Horizontal bars (for names): one row per bar, its value written at its end."""
    row_height, top, bottom = 24.0, 8.0, 40.0
    left, right = label_width, 70.0
    plot_width = width - left - right
    height = top + row_height * max(len(bars), 1) + bottom
    ticks = nice_ticks(max((float(bar.value) for bar in bars), default=0), wanted=4)
    scale = plot_width / ticks[-1]
    plot_bottom = top + row_height * max(len(bars), 1)
    parts = [_svg_open(width, height, title=title, ident=ident, css_class="chart")]
    for tick in ticks:
        x = left + tick * scale
        parts.append(
            f'<path d="M{x:.1f} {top:g}V{plot_bottom:g}" stroke="{GRID_COLOUR}"/>'
            f'<text x="{x:.1f}" y="{plot_bottom + 15:g}" text-anchor="middle" fill="#5b6775">'
            f"{escape(_tick_text(tick))}</text>"
        )
    for index, bar in enumerate(bars):
        y = top + index * row_height
        bar_width = float(bar.value) * scale
        parts.append(
            f'<text x="{left - 8:g}" y="{y + row_height / 2 + 4:.1f}" text-anchor="end">'
            f"{escape(_shorten(bar.label, int(label_width / 7)))}</text>"
        )
        parts.append(
            _link(
                bar.href,
                bar.tooltip or f"{bar.label}: {bar.value_text}",
                f'<rect x="{left:g}" y="{y + 4:.1f}" width="{max(bar_width, 0):.1f}"'
                f' height="{row_height - 8:g}" fill="{bar.colour}" class="chart-bar"/>',
            )
        )
        parts.append(
            f'<text x="{left + bar_width + 5:.1f}" y="{y + row_height / 2 + 4:.1f}"'
            f' fill="#5b6775">{escape(bar.value_text)}</text>'
        )
    parts.append(
        f'<path d="M{left:g} {top:g}V{plot_bottom:g}" stroke="{AXIS_COLOUR}"/>'
        f'<text x="{left + plot_width / 2:.1f}" y="{height - 6:g}" text-anchor="middle"'
        f' fill="#5b6775">{escape(axis_label)}</text></svg>'
    )
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def _shorten(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


@dataclass(frozen=True)
class Segment:
    label: str
    value: int
    colour: str


def stacked_bars(
    rows: Sequence[tuple[str, Sequence[Segment]]],
    *,
    title: str,
    ident: str,
    width: float = 600,
    label_width: float = 120,
) -> SafeString:
    """One bar per row split into shares (100 % wide), each share's count written inside when
    it fits, and a legend of the segments below."""
    row_height, top = 40.0, 8.0
    left, right = label_width, 12.0
    plot_width = width - left - right
    legend_y = top + row_height * len(rows) + 18
    height = legend_y + 16
    parts = [_svg_open(width, height, title=title, ident=ident, css_class="chart")]
    for index, (label, segments) in enumerate(rows):
        y = top + index * row_height
        total = sum(segment.value for segment in segments)
        parts.append(
            f'<text x="{left - 8:g}" y="{y + row_height / 2 + 4:.1f}" text-anchor="end">'
            f"{escape(label)}</text>"
        )
        if not total:
            parts.append(
                f'<rect x="{left:g}" y="{y + 6:g}" width="{plot_width:g}"'
                f' height="{row_height - 12:g}" fill="{GRID_COLOUR}"/>'
            )
            continue
        x = left
        for segment in segments:
            if not segment.value:
                continue
            share = segment.value / total
            segment_width = plot_width * share
            text = f"{number(segment.value)} ({number(share * 100, 0)} %)"
            inner = (
                f'<rect x="{x:.1f}" y="{y + 6:g}" width="{segment_width:.1f}"'
                f' height="{row_height - 12:g}" fill="{segment.colour}" class="chart-bar"/>'
            )
            if segment_width > len(number(segment.value)) * 8 + 8:
                inner += (
                    f'<text x="{x + segment_width / 2:.1f}" y="{y + row_height / 2 + 4:.1f}"'
                    ' text-anchor="middle" fill="#ffffff" font-weight="600">'
                    f"{escape(number(segment.value))}</text>"
                )
            parts.append(_link("", f"{label} — {segment.label}: {text}", inner))
            x += segment_width
    x = left
    for segment in rows[0][1] if rows else []:
        parts.append(
            f'<rect x="{x:g}" y="{legend_y - 9:g}" width="10" height="10" fill="{segment.colour}"/>'
            f'<text x="{x + 14:g}" y="{legend_y:g}">{escape(segment.label)}</text>'
        )
        x += 24 + len(segment.label) * 7
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
