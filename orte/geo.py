"""Points and the city area: reading coordinates typed by people, and checking they lie in Kleve.

No GIS library: a point is two decimals (WGS 84, as GPS and every web map use), the city area
is one polygon from a GeoJSON file (settings.MAP_CITY_AREA_FILE), and "inside" is the classic
even-odd ray test, exact enough for an outline a few hundred metres wide of the real border.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

#: Five decimals are about a metre: enough for a bench or a crossing, no false precision.
PLACES = 5
QUANTUM = Decimal(1).scaleb(-PLACES)

EXAMPLE = "51.78860, 6.13860"

# Latitude and longitude: up to three integer digits, a point or a comma as the decimal mark,
# separated by a comma (with the decimal point), a semicolon, a slash or spaces.
_NUMBER = r"[+-]?[0-9]{1,3}(?:[.,][0-9]{1,12})?"
_PAIR = re.compile(rf"^\s*({_NUMBER})\s*(?:[;,/]\s*|\s+)({_NUMBER})\s*$")
_DOT_PAIR = re.compile(
    r"^\s*([+-]?[0-9]{1,3}(?:\.[0-9]{1,12})?)\s*,\s*([+-]?[0-9]{1,3}(?:\.[0-9]{1,12})?)\s*$"
)
#: Longer input is not a pair of coordinates; it is refused before any pattern runs.
MAX_INPUT_LENGTH = 60

MESSAGES = {
    "format": _(
        "Please enter the coordinates as latitude and longitude, for example “%(example)s”, "
        "or choose the point on the map."
    ),
    "range": _(
        "These are not valid coordinates: the latitude lies between -90 and 90, "
        "the longitude between -180 and 180."
    ),
    "outside": _(
        "This point lies outside the city of Kleve. Please choose a point within the city area."
    ),
    "swapped": _(
        "This point lies outside the city of Kleve. Did you swap latitude and longitude? "
        "In Kleve the latitude is about 51.8 and the longitude about 6.1."
    ),
}


@dataclass(frozen=True)
class Point:
    """A place on the earth: latitude and longitude in degrees, rounded to ``PLACES`` decimals."""

    latitude: Decimal
    longitude: Decimal

    @classmethod
    def of(cls, latitude, longitude) -> Point:
        return cls(_rounded(latitude), _rounded(longitude))

    def __str__(self) -> str:
        return f"{self.latitude:.{PLACES}f}, {self.longitude:.{PLACES}f}"

    @property
    def geojson(self) -> list[float]:
        """The position as GeoJSON orders it (RFC 7946, 3.1.1): longitude first."""
        return [float(self.longitude), float(self.latitude)]


def _rounded(value) -> Decimal:
    return Decimal(str(value)).quantize(QUANTUM, rounding=ROUND_HALF_UP)


def _decimal(text: str) -> Decimal:
    return Decimal(text.replace(",", "."))


def parse_point(text: str) -> Point:
    """The point a person typed, e.g. "51.7886, 6.1386" or "51,7886; 6,1386".

    Raises ValidationError (code "format" or "range") with a German message for anything
    else: words, a single number, NaN, infinity, exponents, numbers beyond the globe.
    """
    text = (text or "").strip()
    match = None
    if len(text) <= MAX_INPUT_LENGTH:
        # "51.7, 6.1": the comma separates; otherwise a comma may be the decimal mark.
        match = _DOT_PAIR.match(text) or _PAIR.match(text)
    if match is None:
        raise ValidationError(MESSAGES["format"], code="format", params={"example": EXAMPLE})
    latitude, longitude = (_decimal(group) for group in match.groups())
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise ValidationError(MESSAGES["range"], code="range")
    return Point.of(latitude, longitude)


@cache
def _city_area(path: str) -> tuple[tuple[float, float], ...]:
    """The outer ring of the city's polygon as (longitude, latitude) pairs."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    geometry = data.get("geometry", data)
    if geometry.get("type") != "Polygon":
        raise ValueError(f"{path}: the city area must be a GeoJSON Polygon")
    return tuple((float(lon), float(lat)) for lon, lat, *_ in geometry["coordinates"][0])


def city_area() -> tuple[tuple[float, float], ...]:
    """The configured city outline (settings.MAP_CITY_AREA_FILE), read once per process."""
    return _city_area(str(settings.MAP_CITY_AREA_FILE))


def city_bounds() -> tuple[float, float, float, float]:
    """South, west, north and east edge of the city area: the map's initial view."""
    ring = city_area()
    lons = [lon for lon, _lat in ring]
    lats = [lat for _lon, lat in ring]
    return min(lats), min(lons), max(lats), max(lons)


def in_ring(lon: float, lat: float, ring) -> bool:
    """Whether a position lies inside a closed ring (even-odd rule)."""
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > lat) != (y2 > lat):
            crossing = x1 + (lat - y1) * (x2 - x1) / (y2 - y1)
            if lon < crossing:
                inside = not inside
    return inside


def in_city(point: Point) -> bool:
    """Whether the point lies in the city area."""
    return in_ring(float(point.longitude), float(point.latitude), city_area())


def parse_city_point(text: str) -> Point:
    """A typed point that lies in the city; otherwise a ValidationError saying what is wrong."""
    point = parse_point(text)
    if not in_city(point):
        swapped = Point(point.longitude, point.latitude)
        code = "swapped" if in_city(swapped) else "outside"
        raise ValidationError(MESSAGES[code], code="outside")
    return point
