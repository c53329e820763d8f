"""Reading typed coordinates and the city area: what is accepted, what is refused and why."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from orte.geo import Point, city_bounds, in_city, parse_city_point, parse_point

KLEVE_PLACES = {
    "Koekkoekplatz": (51.7886, 6.1386),
    "Spoykanal": (51.7935, 6.1300),
    "Materborn": (51.7790, 6.0950),
    "Reichswalde": (51.7620, 6.1130),
    "Kellen": (51.8010, 6.1580),
    "Griethausen": (51.8240, 6.1700),
    "Bimmen": (51.8580, 6.0750),
    "Donsbrüggen": (51.8000, 6.0720),
}

NEIGHBOURS = {
    "Bedburg-Hau": (51.7620, 6.1850),
    "Kranenburg": (51.7900, 6.0080),
    "Goch": (51.6800, 6.1600),
    "Emmerich": (51.8330, 6.2470),
    "Nijmegen": (51.8420, 5.8530),
}


@pytest.mark.parametrize(
    "text",
    [
        "51.7886, 6.1386",
        "51.7886,6.1386",
        " 51.7886  6.1386 ",
        "51,7886; 6,1386",
        "51,7886 6,1386",
        "51.7886/6.1386",
        "+51.7886, +6.1386",
    ],
)
def test_the_usual_ways_of_writing_coordinates_are_read(text):
    assert parse_point(text) == Point(Decimal("51.78860"), Decimal("6.13860"))


def test_points_are_rounded_to_about_a_metre_and_printed_the_same_way():
    point = parse_point("51.788649999, 6.1386049")
    assert str(point) == "51.78865, 6.13860"
    assert point.geojson == [6.1386, 51.78865]


@pytest.mark.parametrize(
    "text",
    [
        "Koekkoekplatz",
        "51.7886",
        "51.7886, 6.1386, 12",
        "nan, nan",
        "NaN, 6.1",
        "inf, 6.1",
        "-Infinity, 6.1",
        "5e1, 6.1",
        "1" * 400 + ", 6.1",
        "51.7886 N, 6.1386 O",
        "0x33, 6",
        "51..7, 6.1",
        "<script>, 6",
        "51.7886,\x006.1386",
        "٥١.٧٨, ٦.١٣",
        "",
    ],
)
def test_anything_but_two_numbers_is_refused_with_an_example(text):
    with pytest.raises(ValidationError) as refused:
        parse_point(text)
    assert refused.value.code == "format"


@pytest.mark.parametrize("text", ["91, 6.1", "51.7, 181", "-90.5, 0", "999, 999"])
def test_numbers_beyond_the_globe_are_refused(text):
    with pytest.raises(ValidationError) as refused:
        parse_point(text)
    assert refused.value.code == "range"


@pytest.mark.parametrize("name", KLEVE_PLACES)
def test_places_in_kleve_lie_in_the_city_area(name):
    assert in_city(Point.of(*KLEVE_PLACES[name]))


@pytest.mark.parametrize("name", NEIGHBOURS)
def test_neighbouring_towns_lie_outside(name):
    assert not in_city(Point.of(*NEIGHBOURS[name]))
    with pytest.raises(ValidationError) as refused:
        parse_city_point("{}, {}".format(*NEIGHBOURS[name]))
    assert "außerhalb der Stadt Kleve" in refused.value.messages[0]


def test_swapped_latitude_and_longitude_get_a_hint():
    with pytest.raises(ValidationError) as refused:
        parse_city_point("6.1386, 51.7886")
    assert "vertauscht" in refused.value.messages[0]


def test_the_city_area_comes_from_the_configured_file(settings, tmp_path):
    square = tmp_path / "square.geojson"
    square.write_text(
        '{"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]}'
    )
    settings.MAP_CITY_AREA_FILE = str(square)
    assert parse_city_point("0.5, 0.5") == Point.of(0.5, 0.5)
    assert city_bounds() == (0, 0, 1, 1)
    with pytest.raises(ValidationError):
        parse_city_point("51.7886, 6.1386")


def test_the_policy_allows_images_from_the_configured_tile_server(client, db, settings):
    settings.MAP_TILE_URL = "https://karten.kleve.example/wmts/{z}/{x}/{y}.png"
    policy = client.get("/")["Content-Security-Policy"]
    img_src = next(part for part in policy.split(";") if part.strip().startswith("img-src"))
    assert "https://karten.kleve.example" in img_src.split()
    assert "tile.openstreetmap.org" not in policy
