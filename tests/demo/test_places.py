"""The demo's places: real, approximate Kleve coordinates for projects and proposals."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from beteiligung.models import ProjectPage
from demo.loader import CONTENT, ortsteil_rows, read
from home.districts import District
from ideen.models import Idea
from orte.districts import CENTRES
from orte.geo import Point, in_city, parse_city_area, parse_point
from orte.models import Place
from orte.places import import_places

pytestmark = pytest.mark.django_db

NAMED_PLACES = (CONTENT / "orte.csv").read_text(encoding="utf-8").strip().splitlines()[1:]
GAZETTEER_SIZE = len(CENTRES) + len(NAMED_PLACES)


def test_every_point_of_the_demo_data_lies_in_kleve():
    proposals = [p for ps in read("ideas.yaml")["proposals"].values() for p in ps]
    points = [parse_point(p["point"]) for p in proposals if "point" in p]
    projects = read("projects.yaml")["projects"]
    points += [Point.of(p["latitude"], p["longitude"]) for p in projects if "latitude" in p]
    assert len(points) >= 12
    assert all(in_city(point) for point in points)


def test_the_demo_areas_are_valid_and_lie_in_kleve():
    projects = read("projects.yaml")["projects"]
    areas = {p["slug"]: parse_city_area(p["area"]) for p in projects if p.get("area")}
    assert "freies-wlan" in areas
    # The Koekkoekplatz and its hotspot proposal lie in the area of the WLAN project.
    assert areas["freies-wlan"].contains(Point.of("51.7886", "6.1386"))


def test_load_demo_gives_proposals_and_projects_their_points(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo", force=True, stdout=io.StringIO())
    hotspot = Idea.objects.get(title="Hotspot auf dem Koekkoekplatz")
    assert (hotspot.latitude, hotspot.longitude) == (Decimal("51.78860"), Decimal("6.13860"))
    assert Idea.objects.filter(latitude__isnull=False).count() >= 8
    lorawan = ProjectPage.objects.get(slug="lorawan-sensornetz")
    assert str(lorawan.point) == "51.79350, 6.13000"
    wlan = ProjectPage.objects.get(slug="freies-wlan")
    assert wlan.area_shape is not None and wlan.area_description
    # A demo loaded before points existed gets them on the next run.
    Idea.objects.update(latitude=None, longitude=None)
    call_command("load_demo", force=True, stdout=io.StringIO())
    hotspot.refresh_from_db()
    assert hotspot.point == Point.of("51.7886", "6.1386")
    # The gazetteer: all Ortsteile and the demo's named places, once.
    assert Place.objects.count() == GAZETTEER_SIZE
    assert set(District.labels) - {"Kleve (Kernstadt)"} <= set(
        Place.objects.values_list("name", flat=True)
    )
    assert Place.objects.named("koekkoekplatz").point == hotspot.point
    # The Ortsteile lie where the overview maps put them.
    assert Place.objects.named("Materborn").point == CENTRES[District.MATERBORN]
    assert Place.objects.named("kleve").district == District.KERNSTADT


def test_the_demo_gazetteer_is_clean_and_names_the_demo_places():
    with (CONTENT / "orte.csv").open(encoding="utf-8", newline="") as stream:
        report = import_places(stream)
    assert report.errors == [] and report.created == len(NAMED_PLACES)
    report = import_places(io.StringIO(ortsteil_rows()))
    assert report.errors == [] and report.created == len(CENTRES) == len(District.choices)
    for name in ["Koekkoekplatz", "Spoykanal", "Materborn", "Bahnhof Kleve", "Rathaus"]:
        assert Place.objects.named(name) is not None, name
    # The places the demo proposals point at lie where the proposals put them.
    assert str(Place.objects.named("Hohe Straße").point) == "51.78940, 6.14050"
    assert str(Place.objects.named("Forstgarten").point) == "51.78250, 6.12700"


def test_reloading_the_demo_keeps_what_editors_changed_in_the_gazetteer(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    Place.objects.create(name="Rathaus", latitude="51.79050", longitude="6.13860")
    call_command("load_demo", force=True, stdout=io.StringIO())
    assert str(Place.objects.named("rathaus").point) == "51.79050, 6.13860"
    assert Place.objects.count() == GAZETTEER_SIZE


def test_the_privacy_page_names_the_tile_server():
    privacy = next(p for p in read("pages.yaml")["pages"] if p["slug"] == "datenschutz")
    text = str(privacy["body"])
    assert "tile.openstreetmap.org" in text and "OpenStreetMap Foundation" in text
    assert "keine Inhalte von fremden Servern" not in text
