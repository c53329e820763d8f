"""The GeoJSON of public proposals with a place: valid per RFC 7946, public only, no names."""

import json

import pytest
from django.urls import reverse
from django.utils import timezone

from ideen.models import Idea
from tests.factories import IdeaFactory

pytestmark = pytest.mark.django_db
URL = "/offene-daten/vorschlaege.geojson"


def assert_rfc7946_feature_collection(data: dict) -> None:
    """The members RFC 7946 asks for (3.3, 3.2, 3.1.2), positions as longitude, latitude."""
    assert set(data) == {"type", "features"}
    assert data["type"] == "FeatureCollection"
    assert isinstance(data["features"], list)
    for feature in data["features"]:
        assert feature["type"] == "Feature"
        assert {"geometry", "properties"} <= set(feature)
        assert isinstance(feature["id"], int | str)
        assert isinstance(feature["properties"], dict)
        geometry = feature["geometry"]
        assert geometry["type"] == "Point"
        lon, lat = geometry["coordinates"]
        assert isinstance(lon, float) and isinstance(lat, float)
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        # At most six decimals suffice (RFC 7946, 11.2); we publish five.
        assert all(len(repr(v).split(".")[1]) <= 5 for v in (lon, lat))


@pytest.fixture
def placed(public_idea, idea, project, citizen, category):
    public_idea.latitude, public_idea.longitude = "51.78860", "6.13860"
    public_idea.district, public_idea.location = "kleve", "Koekkoekplatz"
    public_idea.save()
    idea.latitude, idea.longitude = "51.79000", "6.14000"  # internal: never published
    idea.save()
    removed = IdeaFactory(
        space=project,
        author=citizen,
        category=category,
        title="Entfernt",
        latitude="51.7790",
        longitude="6.0950",
        removed_at=timezone.now(),
    )
    IdeaFactory(space=project, author=citizen, category=category, title="Ohne Ort")
    far = IdeaFactory(
        space=project,
        author=citizen,
        category=category,
        title="Bank in Materborn",
        latitude="51.77900",
        longitude="6.09500",
    )
    return {"public": public_idea, "internal": idea, "removed": removed, "far": far}


def test_public_proposals_with_a_point_as_geojson(client, placed, citizen):
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json; charset=utf-8"
    text = b"".join(response.streaming_content).decode()
    data = json.loads(text)
    assert_rfc7946_feature_collection(data)
    titles = [f["properties"]["title"] for f in data["features"]]
    assert titles == ["Fahrradstraße an der Hochschule", "Bank in Materborn"]
    first = data["features"][0]
    assert first["geometry"]["coordinates"] == [6.1386, 51.7886]
    assert first["properties"]["district_label"] == "Kleve (Kernstadt)"
    assert first["properties"]["place"] == "Koekkoekplatz"
    assert first["properties"]["url"].endswith(placed["public"].get_absolute_url())
    for person in (citizen, placed["internal"].author):
        assert person.email not in text and person.display_name not in text
    assert "Termine online buchen" not in text and "Entfernt" not in text


def test_bbox_and_project_narrow_the_collection(client, placed, project):
    def titles(query):
        response = client.get(URL + query)
        assert response.status_code == 200
        data = json.loads(b"".join(response.streaming_content))
        assert_rfc7946_feature_collection(data)
        return [f["properties"]["title"] for f in data["features"]]

    assert titles("?bbox=6.12,51.78,6.16,51.80") == ["Fahrradstraße an der Hochschule"]
    assert titles(f"?projekt={project.pk}") == [
        "Fahrradstraße an der Hochschule",
        "Bank in Materborn",
    ]
    assert titles("?projekt=999999") == []


@pytest.mark.parametrize(
    "query, message",
    [
        ("?bbox=6.1,51.7", "vier Zahlen"),
        ("?bbox=a,b,c,d", "vier Zahlen"),
        ("?bbox=nan,51,6,52", "vier Zahlen"),
        ("?bbox=inf,51,6,52", "vier Zahlen"),
        ("?bbox=1e400,51,6,52", "vier Zahlen"),
        ("?bbox=6,52,7,51", "Süden"),
        ("?bbox=6,51,7,95", "Süden"),
        ("?projekt=abc", "Nummer eines Projekts"),
        ("?projekt=-1", "Nummer eines Projekts"),
        ("?projekt=" + "9" * 40, "Nummer eines Projekts"),
    ],
)
def test_malformed_parameters_get_a_german_explanation(client, db, query, message):
    response = client.get(URL + query)
    assert response.status_code == 400
    assert message in response.json()["error"]


def test_an_unchanged_collection_is_answered_with_304(client, placed):
    etag = client.get(URL)["ETag"]
    assert client.get(URL, headers={"if-none-match": etag}).status_code == 304
    Idea.objects.filter(pk=placed["far"].pk).update(title="Neu")  # a write renews the generation
    assert client.get(URL, headers={"if-none-match": etag}).status_code == 200


def test_the_statistics_page_links_the_file_and_counts_by_ortsteil(client, placed, home_page):
    from transparenz.models import StatisticsPage

    page = StatisticsPage(title="Zahlen und Statistiken", slug="zahlen")
    home_page.add_child(instance=page)
    html = client.get(page.url).content.decode()
    assert reverse("transparenz:opendata_geojson") in html
    assert "<code>district_label</code>" in html
    districts = html[html.index('id="ortsteile"') :]
    districts = districts[: districts.index("</table>")]
    # Kernstadt: the placed public proposal; the whole city: "Ohne Ort" and "Bank in Materborn".
    assert '<th scope="row">Kleve (Kernstadt)</th><td class="num">1</td>' in districts
    assert '<th scope="row">Materborn</th><td class="num">0</td>' in districts
    assert '<th scope="row">Gesamtes Stadtgebiet</th><td class="num">2</td>' in districts


def district_map(html: str) -> dict:
    data = html[html.index('id="count-map-districts"') :]
    items = json.loads(data[data.index(">") + 1 : data.index("</script>")])
    return {item["name"].split(":")[0]: item for item in items}


def test_the_statistics_map_has_a_named_circle_per_ortsteil_and_is_renewed(
    client, placed, home_page, project, citizen, category
):
    from transparenz.models import StatisticsPage

    page = StatisticsPage(title="Zahlen und Statistiken", slug="zahlen")
    home_page.add_child(instance=page)
    html = client.get(page.url).content.decode()
    section = html[html.index('id="ortsteile"') :]
    # The map comes first, hidden until the script draws it, with a skip link to the table.
    assert section.index("data-count-map") < section.index("<table")
    assert 'href="#districts-table"' in section and 'id="districts-table"' in section
    assert "js/karte.js" in html
    items = district_map(html)
    assert len(items) == 15  # every Ortsteil, not the whole city (it has no centre)
    kernstadt = items["Kleve (Kernstadt)"]
    assert kernstadt["name"] == "Kleve (Kernstadt): 1 Vorschlag, 0 Unterstützungen"
    assert (kernstadt["lat"], kernstadt["lon"], kernstadt["count"]) == (51.7886, 6.1386, 1)
    assert items["Materborn"]["name"] == "Materborn: 0 Vorschläge, 0 Unterstützungen"
    # A new proposal renews the cached page, map and table alike.
    IdeaFactory(
        space=project, author=citizen, category=category, district="materborn", support_count=3
    )
    html = client.get(page.url).content.decode()
    assert district_map(html)["Materborn"]["name"] == "Materborn: 1 Vorschlag, 3 Unterstützungen"
    assert '<th scope="row">Materborn</th><td class="num">1</td>' in html
