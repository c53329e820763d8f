"""A project's area: entered as GeoJSON in Wagtail, refused with a German reason when wrong,
drawn on the project page and the index map, with the place named in words beside it."""

import json

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from beteiligung.models import ProjectPage
from orte.geo import MAX_AREA_VERTICES

pytestmark = pytest.mark.django_db

KOEKKOEKPLATZ = [
    [6.1370, 51.7880],
    [6.1400, 51.7880],
    [6.1400, 51.7893],
    [6.1370, 51.7893],
    [6.1370, 51.7880],
]


def polygon(ring=None, **extra) -> str:
    return json.dumps({"type": "Polygon", "coordinates": [ring or KOEKKOEKPLATZ], **extra})


def many_corners(count: int) -> list:
    ring = [[6.13 + 0.01 * i / count, 51.785 + 0.005 * (i % 2)] for i in range(count - 1)]
    return [*ring, ring[0]]


def project_form(index, **fields) -> dict:
    return nested_form_data(
        {
            "title": "Neue Bänke am Koekkoekplatz",
            "slug": "baenke",
            "intro": "Wo sollen die neuen Bänke stehen?",
            "body": streamfield([]),
            "phases": inline_formset([]),
            "outcome": rich_text(""),
            "location_mode": "freiwillig",
            "district": "kleve",
            "area": "",
            "area_description": "",
            **fields,
        }
    )


def add_url(index) -> str:
    return reverse("wagtailadmin_pages:add", args=["beteiligung", "projectpage", index.pk])


def test_an_editor_saves_a_project_with_an_area_in_tidy_form(client, editor, index):
    client.force_login(editor)
    feature = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"name": "Koekkoekplatz"},
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [[[6.137000001, 51.788, 12.5], *KOEKKOEKPLATZ[1:]]],
                },
            }
        ],
    }
    data = project_form(index, area=json.dumps(feature), area_description="Koekkoekplatz")
    response = client.post(add_url(index), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    project = ProjectPage.objects.get(slug="baenke")
    # The Feature wrapper, the height and the false precision are gone.
    assert json.loads(project.get_latest_revision_as_object().area) == {
        "type": "Polygon",
        "coordinates": [KOEKKOEKPLATZ],
    }


@pytest.mark.parametrize(
    ("area", "message"),
    [
        ("Koekkoekplatz", "kein GeoJSON-Text"),
        ("{'type': 'Polygon'}", "kein GeoJSON-Text"),
        ('{"type": "Polygon", "coordinates": [[[6.137, 51.788]', "kein GeoJSON-Text"),
        ("[" * 20000 + "]" * 20000, "kein GeoJSON-Text"),
        ("x" * 60000, "höchstens 50000 Zeichen"),
        ('{"type": "Point", "coordinates": [6.138, 51.788]}', "Punkte und Linien"),
        (json.dumps({"type": "LineString", "coordinates": KOEKKOEKPLATZ}), "Punkte und Linien"),
        ('{"type": "FeatureCollection", "features": []}', "Punkte und Linien"),
        ("[1, 2]", "Punkte und Linien"),
        ('{"type": "Polygon", "coordinates": [[6.137, 51.788]]}', "nicht die GeoJSON-Form"),
        ('{"type": "Polygon", "coordinates": []}', "nicht die GeoJSON-Form"),
        ('{"type": "Polygon"}', "nicht die GeoJSON-Form"),
        (polygon([["6.137", "51.788"], *KOEKKOEKPLATZ[1:]]), "nicht die GeoJSON-Form"),
        (polygon([[True, 51.788], *KOEKKOEKPLATZ[1:]]), "nicht die GeoJSON-Form"),
        (polygon(KOEKKOEKPLATZ[:-1]), "geschlossener Ring"),
        (polygon([KOEKKOEKPLATZ[0], KOEKKOEKPLATZ[1], KOEKKOEKPLATZ[0]]), "geschlossener Ring"),
        (polygon([KOEKKOEKPLATZ[0]] * 4), "geschlossener Ring"),
        (polygon().replace("6.14", "NaN"), "keine gewöhnliche Zahl"),
        (polygon().replace("6.14", "Infinity"), "keine gewöhnliche Zahl"),
        (polygon().replace("6.14", "1e400"), "keine gewöhnliche Zahl"),
        (polygon().replace("6.14", "9" * 400), "keine gewöhnliche Zahl"),
        (polygon().replace("51.7893", "95.5"), "keine gültige Position"),
        (polygon().replace("6.14,", "600.14,"), "keine gültige Position"),
        (polygon(many_corners(MAX_AREA_VERTICES + 1)), "Das Gebiet hat 501 Ecken"),
        (polygon().replace("6.14,", "7.14,"), "reicht über die Stadt Kleve hinaus"),
        (polygon([[lat, lon] for lon, lat in KOEKKOEKPLATZ]), "vertauscht"),
    ],
)
def test_a_wrong_area_is_refused_with_a_reason_and_the_text_kept(
    client, editor, index, area, message
):
    client.force_login(editor)
    response = client.post(add_url(index), project_form(index, area=area))
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert not ProjectPage.objects.filter(slug="baenke").exists()
    if len(area) < 200:
        assert area.replace('"', "&quot;").replace("'", "&#x27;")[:40] in html


def test_the_help_text_names_the_vertex_limit():
    assert str(MAX_AREA_VERTICES) in str(ProjectPage._meta.get_field("area").help_text)


def test_the_project_page_names_the_area_and_carries_it_for_the_map(client, make_project):
    project = make_project(
        "laeuft", area=polygon(), area_description="Koekkoekplatz", district="kleve"
    )
    html = client.get(project.url).content.decode()
    assert '<h2 id="place-heading">Ort</h2>' in html
    assert "Gebiet: Koekkoekplatz" in html
    assert 'href="#place-heading"' in html
    assert "js/karte.js" in html and "data-place-map" in html
    data = html[html.index('id="place-map-project"') :]
    data = json.loads(data[data.index(">") + 1 : data.index("</script>")])
    assert data == {"point": None, "area": [[[[lat, lon] for lon, lat in KOEKKOEKPLATZ]]]}
    assert 'data-area-label="Gebiet: Koekkoekplatz"' in html


def test_a_project_with_only_a_point_names_its_ortsteil(client, make_project):
    project = make_project("laeuft", latitude="51.78860", longitude="6.13860", district="materborn")
    html = client.get(project.url).content.decode()
    assert "Ort: Materborn" in html
    assert '"point": [51.7886, 6.1386]' in html


def test_a_project_without_a_place_has_no_map(client, make_project):
    project = make_project("laeuft", offers_proposals=False)
    html = client.get(project.url).content.decode()
    assert "place-heading" not in html and "karte.js" not in html


def test_the_index_map_draws_areas_with_a_marker_at_their_centre(client, index, make_project):
    make_project("laeuft", title="Koekkoekplatz", area=polygon())
    make_project("geplant", title="Mit Punkt", latitude="51.79000", longitude="6.14000")
    make_project("geplant", title="Ohne Ort")
    html = client.get(index.url).content.decode()
    data = html[html.index('id="map-items-projects"') :]
    items = json.loads(data[data.index(">") + 1 : data.index("</script>")])
    by_title = {item["title"]: item for item in items}
    assert set(by_title) == {"Koekkoekplatz", "Mit Punkt"}
    assert by_title["Koekkoekplatz"]["area"] == [[[[lat, lon] for lon, lat in KOEKKOEKPLATZ]]]
    assert (by_title["Koekkoekplatz"]["lat"], by_title["Koekkoekplatz"]["lon"]) == (
        51.78865,
        6.1385,
    )
    assert "area" not in by_title["Mit Punkt"]
    assert "Gebiet von „{title}“" in html


def test_a_new_area_shows_on_the_cached_project_page_after_publishing(client, editor, make_project):
    project = make_project("laeuft", district="materborn")
    assert "place-heading" not in client.get(project.url).content.decode()
    project.area = polygon()
    project.save_revision(user=editor).publish()
    html = client.get(project.url).content.decode()
    assert "Gebiet: Materborn" in html and "data-place-map" in html
