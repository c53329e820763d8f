"""Areas as GeoJSON text: what parse_city_area accepts, how it tidies it, what it refuses."""

import json

import pytest
from django.core.exceptions import ValidationError

from home.districts import District
from orte.districts import CENTRES, centre
from orte.geo import (
    MAX_AREA_VERTICES,
    Point,
    in_city,
    parse_area,
    parse_city_area,
    validate_city_area,
)

SQUARE = [[6.137, 51.788], [6.14, 51.788], [6.14, 51.7893], [6.137, 51.7893], [6.137, 51.788]]
HOLE = [[6.138, 51.7885], [6.139, 51.7885], [6.139, 51.789], [6.138, 51.7885]]
MATERBORN = [[6.09, 51.777], [6.1, 51.777], [6.1, 51.781], [6.09, 51.777]]


def test_a_polygon_with_a_hole_is_read_and_written_back_unchanged():
    text = json.dumps({"type": "Polygon", "coordinates": [SQUARE, HOLE]}, separators=(",", ":"))
    area = parse_city_area(text)
    assert str(area) == text
    assert area.vertex_count == 9
    assert area.latlngs[0][1][0] == [51.7885, 6.138]


def test_a_multipolygon_stays_one_and_its_centre_lies_between_its_parts():
    area = parse_city_area(
        json.dumps({"type": "MultiPolygon", "coordinates": [[SQUARE], [MATERBORN]]})
    )
    assert area.geojson["type"] == "MultiPolygon"
    assert len(area.polygons) == 2
    assert str(area.centre()) == "51.78315, 6.11500"


def test_a_feature_is_unwrapped_and_coordinates_rounded_to_five_decimals():
    feature = {
        "type": "Feature",
        "properties": {},
        "geometry": {"type": "Polygon", "coordinates": [[[6.1370000004, 51.788, 30], *SQUARE[1:]]]},
    }
    assert parse_area(json.dumps(feature)).geojson == {"type": "Polygon", "coordinates": [SQUARE]}


def test_exactly_the_vertex_limit_is_accepted_one_more_refused():
    def ring(count):
        corners = [[6.13 + 0.01 * i / count, 51.785 + 0.002 * (i % 2)] for i in range(count - 1)]
        return json.dumps({"type": "Polygon", "coordinates": [[*corners, corners[0]]]})

    assert parse_city_area(ring(MAX_AREA_VERTICES)).vertex_count == MAX_AREA_VERTICES
    with pytest.raises(ValidationError) as refused:
        parse_city_area(ring(MAX_AREA_VERTICES + 1))
    assert refused.value.code == "vertices"


def test_many_small_polygons_count_together():
    polygons = [[SQUARE]] * (MAX_AREA_VERTICES // len(SQUARE) + 1)
    with pytest.raises(ValidationError) as refused:
        parse_area(json.dumps({"type": "MultiPolygon", "coordinates": polygons}))
    assert refused.value.code == "vertices"
    assert refused.value.params["count"] == len(polygons) * len(SQUARE)


def with_corner(corner: str) -> str:
    """A triangle whose first (and last) corner is written as given."""
    ring = f"[[{corner}], [6.14, 51.788], [6.14, 51.79], [{corner}]]"
    return f'{{"type": "Polygon", "coordinates": [{ring}]}}'


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "json"),
        ("null", "type"),
        (with_corner("NaN, 51.788"), "number"),
        (with_corner("-Infinity, 51.788"), "number"),
        (with_corner("6.137, 51.788, 1, 2"), "structure"),
        (with_corner("6.137, 51.788, NaN"), "number"),
        (with_corner("6.137, 51.788, 1e999"), "number"),
        ('{"type": "MultiPolygon", "coordinates": [[]]}', "structure"),
        ('{"type": "MultiPolygon", "coordinates": [5]}', "structure"),
        ('{"type": "Polygon", "coordinates": [5]}', "structure"),
        ('{"type": "Polygon", "coordinates": "[[6, 51]]"}', "structure"),
    ],
)
def test_malformed_areas_are_refused_with_a_code(text, code):
    with pytest.raises(ValidationError) as refused:
        parse_area(text)
    assert refused.value.code == code


def test_an_empty_field_is_valid_and_an_area_outside_the_city_is_not():
    validate_city_area("")
    validate_city_area("   ")
    outside = [[lon + 1, lat] for lon, lat in SQUARE]
    with pytest.raises(ValidationError) as refused:
        validate_city_area(json.dumps({"type": "Polygon", "coordinates": [outside]}))
    assert refused.value.code == "outside"


def test_every_ortsteil_has_a_centre_in_the_city_and_the_whole_city_none():
    assert set(CENTRES) == set(District.values)
    assert all(in_city(point) for point in CENTRES.values())
    assert centre("") is None
    assert str(centre("materborn")) == "51.77900, 6.09500"


def test_a_point_in_a_hole_is_not_in_the_area():
    area = parse_city_area(json.dumps({"type": "Polygon", "coordinates": [SQUARE, HOLE]}))
    assert area.contains(Point.of("51.7882", "6.1375"))
    assert not area.contains(Point.of("51.7886", "6.1387"))
    assert not area.contains(Point.of("51.7790", "6.0950"))
