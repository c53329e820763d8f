"""Points and the city area: reading coordinates typed by people, and checking they lie in Kleve.

No GIS library: a point is two decimals (WGS 84, as GPS and every web map use), the city area
is one polygon from a GeoJSON file (settings.MAP_CITY_AREA_FILE), and "inside" is the classic
even-odd ray test, exact enough for an outline a few hundred metres wide of the real border.
"""

from __future__ import annotations

import json
import math
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


# Areas: a polygon (or several) drawn by the city, stored as GeoJSON text.

#: More corners than a drawn outline of a square, a street or a quarter needs; keeps pages small.
MAX_AREA_VERTICES = 500
#: Longer text is not a drawn area of the city; refused before it is parsed.
MAX_AREA_LENGTH = 50_000

AREA_MESSAGES = {
    "json": _(
        "This is not GeoJSON text. Paste the geometry as exported by geojson.io or the city's "
        "GIS, beginning with “{” and ending with “}”."
    ),
    "length": _("This text is too long for an area (at most %(limit)s characters)."),
    "type": _(
        "The area must be a GeoJSON Polygon or MultiPolygon (or a Feature with one). "
        "Points and lines are not areas."
    ),
    "structure": _(
        "The coordinates of the area are not in GeoJSON form: each corner is "
        "[longitude, latitude], each ring a list of corners."
    ),
    "number": _(
        "The area contains something that is not a plain number (for example NaN, Infinity "
        "or an exponent too large). Every corner needs two numbers in degrees."
    ),
    "range": _(
        "A corner of the area is not a valid position: the longitude lies between -180 and "
        "180, the latitude between -90 and 90."
    ),
    "ring": _(
        "Every ring of the area needs at least three different corners, and its last corner "
        "must repeat the first (a closed ring)."
    ),
    "vertices": _(
        "The area has %(count)s corners; at most %(limit)s are allowed. Please simplify the "
        "outline (geojson.io and GIS programs can do it)."
    ),
    "outside": _(
        "The area reaches outside the city of Kleve. Every corner must lie within the city area."
    ),
    "swapped": _(
        "The area lies outside the city of Kleve. Are latitude and longitude swapped? GeoJSON "
        "writes the longitude first: [6.14, 51.79] in Kleve."
    ),
}

Ring = tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class Area:
    """One or more polygons; each polygon an outer ring and optional holes of (lon, lat)."""

    polygons: tuple[tuple[Ring, ...], ...]

    @property
    def geojson(self) -> dict:
        """The area as a GeoJSON geometry (Polygon for one polygon, else MultiPolygon)."""
        polygons = [[[list(position) for position in ring] for ring in p] for p in self.polygons]
        if len(polygons) == 1:
            return {"type": "Polygon", "coordinates": polygons[0]}
        return {"type": "MultiPolygon", "coordinates": polygons}

    def __str__(self) -> str:
        return json.dumps(self.geojson, separators=(",", ":"))

    @property
    def latlngs(self) -> list:
        """The polygons as Leaflet reads them: rings of [latitude, longitude]."""
        return [[[[lat, lon] for lon, lat in ring] for ring in p] for p in self.polygons]

    @property
    def vertex_count(self) -> int:
        return sum(len(ring) for polygon in self.polygons for ring in polygon)

    def contains(self, point: Point) -> bool:
        """Whether the point lies in one of the polygons (inside its outer ring, in no hole)."""
        lon, lat = float(point.longitude), float(point.latitude)
        return any(
            in_ring(lon, lat, polygon[0]) and not any(in_ring(lon, lat, h) for h in polygon[1:])
            for polygon in self.polygons
        )

    def centre(self) -> Point:
        """The middle of the bounding box of the outer rings: where a list map puts its marker."""
        outer = [position for polygon in self.polygons for position in polygon[0]]
        lons = [lon for lon, _lat in outer]
        lats = [lat for _lon, lat in outer]
        return Point.of((min(lats) + max(lats)) / 2, (min(lons) + max(lons)) / 2)


def _refuse_constant(name):
    raise ValueError(name)


def _number(value) -> float:
    # bool is an int in Python; JSON true/false is no coordinate.
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValidationError(AREA_MESSAGES["structure"], code="structure")
    try:
        number = float(value)
    except OverflowError:
        number = math.inf
    if not math.isfinite(number):
        raise ValidationError(AREA_MESSAGES["number"], code="number")
    return number


def _ring(value) -> Ring:
    if not isinstance(value, list) or not all(isinstance(p, list) for p in value):
        raise ValidationError(AREA_MESSAGES["structure"], code="structure")
    ring = []
    for position in value:
        # A third number (the height) is allowed by GeoJSON and dropped.
        if len(position) not in (2, 3):
            raise ValidationError(AREA_MESSAGES["structure"], code="structure")
        lon, lat = (_number(n) for n in position[:2])
        if len(position) == 3:
            _number(position[2])
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise ValidationError(AREA_MESSAGES["range"], code="range")
        ring.append((float(round(lon, PLACES)), float(round(lat, PLACES))))
    if len(ring) < 4 or ring[0] != ring[-1] or len(set(ring)) < 3:
        raise ValidationError(AREA_MESSAGES["ring"], code="ring")
    return tuple(ring)


def _geometry(data) -> dict:
    """The geometry in a GeoJSON object: itself, a Feature's, or the one Feature's of a
    FeatureCollection (what geojson.io exports)."""
    if isinstance(data, dict) and data.get("type") == "FeatureCollection":
        features = data.get("features")
        if not isinstance(features, list) or len(features) != 1:
            raise ValidationError(AREA_MESSAGES["type"], code="type")
        data = features[0]
    if isinstance(data, dict) and data.get("type") == "Feature":
        data = data.get("geometry")
    if not isinstance(data, dict) or data.get("type") not in ("Polygon", "MultiPolygon"):
        raise ValidationError(AREA_MESSAGES["type"], code="type")
    return data


def parse_area(text: str) -> Area:
    """An area from GeoJSON text: a Polygon or MultiPolygon in WGS 84, rings closed, at most
    ``MAX_AREA_VERTICES`` corners, coordinates rounded to ``PLACES`` decimals.

    Raises ValidationError with a German message saying what is wrong. Does not check the city.
    """
    text = (text or "").strip()
    if len(text) > MAX_AREA_LENGTH:
        raise ValidationError(
            AREA_MESSAGES["length"], code="length", params={"limit": MAX_AREA_LENGTH}
        )
    try:
        data = json.loads(text, parse_constant=_refuse_constant)
    except ValueError as error:
        code = "number" if str(error) in ("NaN", "Infinity", "-Infinity") else "json"
        raise ValidationError(AREA_MESSAGES[code], code=code) from None
    except RecursionError:
        raise ValidationError(AREA_MESSAGES["json"], code="json") from None
    geometry = _geometry(data)
    coordinates = geometry.get("coordinates")
    if geometry["type"] == "Polygon":
        coordinates = [coordinates]
    if not isinstance(coordinates, list) or not coordinates:
        raise ValidationError(AREA_MESSAGES["structure"], code="structure")
    polygons = []
    count = 0
    for polygon in coordinates:
        if not isinstance(polygon, list) or not polygon:
            raise ValidationError(AREA_MESSAGES["structure"], code="structure")
        count += sum(len(ring) if isinstance(ring, list) else 0 for ring in polygon)
        if count > MAX_AREA_VERTICES:
            break
        polygons.append(tuple(_ring(ring) for ring in polygon))
    if count > MAX_AREA_VERTICES:
        count = sum(
            len(ring) if isinstance(ring, list) else 0
            for polygon in coordinates
            if isinstance(polygon, list)
            for ring in polygon
        )
        raise ValidationError(
            AREA_MESSAGES["vertices"],
            code="vertices",
            params={"count": count, "limit": MAX_AREA_VERTICES},
        )
    return Area(tuple(polygons))


def area_in_city(area: Area) -> bool:
    """Whether every corner of the area lies in the city area."""
    city = city_area()
    return all(
        in_ring(lon, lat, city)
        for polygon in area.polygons
        for ring in polygon
        for lon, lat in ring
    )


def parse_city_area(text: str) -> Area:
    """An area (see ``parse_area``) whose corners all lie in the city."""
    area = parse_area(text)
    if not area_in_city(area):
        swapped = Area(
            tuple(
                tuple(tuple((lat, lon) for lon, lat in ring) for ring in polygon)
                for polygon in area.polygons
            )
        )
        code = "swapped" if area_in_city(swapped) else "outside"
        raise ValidationError(AREA_MESSAGES[code], code="outside")
    return area


def validate_city_area(text: str) -> None:
    """Model field validator: empty, or GeoJSON text of an area in the city."""
    if text and text.strip():
        parse_city_area(text)
