"""The projects with a place as GeoJSON: areas and points of public projects only."""

import json

import pytest
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from tests.transparenz.test_geodata import assert_rfc7946_feature_collection

from .test_project_area import KOEKKOEKPLATZ, polygon

pytestmark = pytest.mark.django_db
URL = "/offene-daten/projekte.geojson"


def collection(client) -> dict:
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json; charset=utf-8"
    return json.loads(b"".join(response.streaming_content))


def test_public_projects_with_an_area_or_a_point_are_features(client, make_project):
    wlan = make_project(
        "laeuft", title="WLAN", area=polygon(), area_description="Koekkoekplatz", district="kleve"
    )
    benches = make_project("geplant", title="Bänke", latitude="51.77900", longitude="6.09500")
    make_project("geplant", title="Ohne Ort")
    hidden = make_project("laeuft", title="Geschützt", latitude="51.79000", longitude="6.14000")
    PageViewRestriction.objects.create(
        page=hidden, restriction_type=PageViewRestriction.GROUPS
    ).groups.add(Group.objects.create(name="Intern"))
    draft = make_project("laeuft", title="Entwurf", latitude="51.79000", longitude="6.14000")
    draft.unpublish()
    data = collection(client)
    by_title = {f["properties"]["title"]: f for f in data["features"]}
    assert set(by_title) == {"WLAN", "Bänke"}
    area = by_title["WLAN"]
    assert area["geometry"] == {"type": "Polygon", "coordinates": [KOEKKOEKPLATZ]}
    assert area["id"] == wlan.pk
    assert area["properties"]["place"] == "Koekkoekplatz"
    assert area["properties"]["district_label"] == "Kleve (Kernstadt)"
    assert area["properties"]["state"] == "laeuft"
    assert area["properties"]["url"].endswith(wlan.url)
    assert by_title["Bänke"]["geometry"] == {"type": "Point", "coordinates": [6.095, 51.779]}
    assert by_title["Bänke"]["id"] == benches.pk
    # The proposals' checks apply: positions longitude first, at most five decimals.
    points = [f for f in data["features"] if f["geometry"]["type"] == "Point"]
    assert_rfc7946_feature_collection({"type": "FeatureCollection", "features": points})


def test_an_unchanged_file_is_answered_with_304_and_renewed_after_publishing(
    client, editor, make_project
):
    project = make_project("laeuft", title="WLAN", latitude="51.79000", longitude="6.14000")
    etag = client.get(URL)["ETag"]
    assert client.get(URL, headers={"if-none-match": etag}).status_code == 304
    project.area = polygon()
    project.save_revision(user=editor).publish()
    assert client.get(URL, headers={"if-none-match": etag}).status_code == 200
    assert collection(client)["features"][0]["geometry"]["type"] == "Polygon"


def test_the_statistics_page_documents_the_projects_file(client, home_page):
    from transparenz.models import StatisticsPage

    page = StatisticsPage(title="Zahlen und Statistiken", slug="zahlen")
    home_page.add_child(instance=page)
    html = client.get(page.url).content.decode()
    assert f'href="{URL}"' in html
    assert "Projekte mit Ort als GeoJSON" in html
    assert "Eigenschaften jedes Objekts von „Projekte mit Ort (GeoJSON)“" in html


def test_only_get_is_answered(client, db):
    assert client.post(URL).status_code == 405
