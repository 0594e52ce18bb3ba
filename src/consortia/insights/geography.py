"""Where countries are drawn: their capitals (``data/country_positions.csv``) in the Miller
cylindrical projection, and the outlines of the land (``data/land.txt``) for the background.
See ``data/README.md`` for the sources. No Django here."""

import csv
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data"
POSITIONS_FILE = DATA / "country_positions.csv"
LAND_FILE = DATA / "land.txt"

# The drawing: 1200 units wide, longitudes -180..180, latitudes SOUTH..NORTH.
WIDTH = 1200.0
NORTH, SOUTH = 80.0, -56.0


@dataclass(frozen=True, slots=True)
class Point:
    x: float
    y: float


def _miller(latitude: float) -> float:
    return 1.25 * math.log(math.tan(math.pi / 4 + 0.4 * math.radians(latitude)))


_TOP, _BOTTOM = _miller(NORTH), _miller(SOUTH)
SCALE = WIDTH / (2 * math.pi)
HEIGHT = round((_TOP - _BOTTOM) * SCALE, 1)


def project(latitude: float, longitude: float) -> Point:
    """The point of the drawing for a place; latitudes beyond the drawing sit on its edge."""
    latitude = min(max(latitude, SOUTH), NORTH)
    return Point(
        x=(longitude + 180.0) / 360.0 * WIDTH,
        y=(_TOP - _miller(latitude)) * SCALE,
    )


@cache
def country_positions() -> dict[str, Point]:
    """Every ISO 3166-1 alpha-2 code with a known capital, projected."""
    with POSITIONS_FILE.open(encoding="utf-8") as file:
        return {
            row["code"]: project(float(row["lat"]), float(row["lon"]))
            for row in csv.DictReader(file)
        }


@cache
def land_path() -> str:
    """The outlines of the countries as the ``d`` of one SVG path, in drawing units."""
    parts = []
    with LAND_FILE.open(encoding="utf-8") as file:
        for line in file:
            _code, *points = line.split()
            projected = []
            for point in points:
                longitude, latitude = point.split(",")
                p = project(float(latitude), float(longitude))
                projected.append(f"{p.x:.0f} {p.y:.0f}")
            if len(set(projected)) >= 3:
                parts.append("M" + "L".join(_without_repeats(projected)) + "Z")
    return "".join(parts)


def _without_repeats(points: list[str]) -> list[str]:
    kept: list[str] = []
    for point in points:
        if not kept or kept[-1] != point:
            kept.append(point)
    return kept


def graticule_path(step: int = 30) -> str:
    """Meridians and parallels every ``step`` degrees."""
    parts = []
    for longitude in range(-180 + step, 180, step):
        top, bottom = project(NORTH, longitude), project(SOUTH, longitude)
        parts.append(f"M{top.x:.0f} {top.y:.0f}V{bottom.y:.0f}")
    for latitude in range(-step, int(NORTH), step):
        if latitude < SOUTH:
            continue
        left = project(latitude, -180)
        parts.append(f"M0 {left.y:.0f}H{WIDTH:.0f}")
    return "".join(parts)
