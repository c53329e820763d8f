"""The demo's places: real, approximate Kleve coordinates for projects and proposals."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from beteiligung.models import ProjectPage
from demo.loader import read
from ideen.models import Idea
from orte.geo import Point, in_city, parse_city_area, parse_point

pytestmark = pytest.mark.django_db


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


def test_the_privacy_page_names_the_tile_server():
    privacy = next(p for p in read("pages.yaml")["pages"] if p["slug"] == "datenschutz")
    text = str(privacy["body"])
    assert "tile.openstreetmap.org" in text and "OpenStreetMap Foundation" in text
    assert "keine Inhalte von fremden Servern" not in text
