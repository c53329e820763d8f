"""Editors keep the gazetteer in the admin; citizens do not get there."""

import pytest
from django.contrib.auth.models import Group

from orte.models import Place
from tests.factories import PlaceFactory

pytestmark = pytest.mark.django_db

LIST_URL = "/cms/snippets/orte/place/"
ADD_URL = "/cms/snippets/orte/place/add/"


def test_editors_list_add_and_edit_places(client, editor):
    place = PlaceFactory(name="Koekkoekplatz")
    client.force_login(editor)
    listing = client.get(LIST_URL)
    assert listing.status_code == 200 and "Koekkoekplatz" in listing.content.decode()
    assert client.get(f"{LIST_URL}?q=koekkoek").status_code == 200
    assert "Ortsverzeichnis" in client.get("/cms/").content.decode()
    response = client.post(
        ADD_URL,
        {
            "name": "  Spoykanal ",
            "kind": "ort",
            "district": "kleve",
            "latitude": "51.79300",
            "longitude": "6.13950",
        },
    )
    assert response.status_code == 302
    assert Place.objects.get(name="Spoykanal").kind == "ort"
    edit = client.get(f"{LIST_URL}edit/{place.pk}/")
    assert edit.status_code == 200


def test_the_admin_refuses_a_second_name_and_a_point_outside_kleve(client, editor):
    PlaceFactory(name="Koekkoekplatz")
    client.force_login(editor)
    data = {"name": "KOEKKOEKPLATZ", "kind": "", "district": "", "latitude": "51.7886"}
    response = client.post(ADD_URL, {**data, "longitude": "6.1386"})
    assert response.status_code == 200
    assert "Einen Ort mit diesem Namen gibt es schon." in response.content.decode()
    response = client.post(
        ADD_URL, {**data, "name": "Goch", "latitude": "51.68", "longitude": "6.16"}
    )
    assert "außerhalb der Stadt Kleve" in response.content.decode()
    assert Place.objects.count() == 1


def test_the_editors_group_has_the_place_permissions_from_the_migration():
    codenames = set(
        Group.objects.get(name="Editors")
        .permissions.filter(content_type__app_label="orte")
        .values_list("codename", flat=True)
    )
    assert codenames == {"add_place", "change_place", "delete_place", "view_place"}


def test_citizens_and_visitors_do_not_reach_the_gazetteer(client, citizen):
    PlaceFactory(name="Koekkoekplatz")
    assert client.get(LIST_URL).status_code == 302  # to the login
    client.force_login(citizen)
    response = client.get(LIST_URL)
    assert response.status_code in (302, 403)
    assert "Koekkoekplatz" not in response.content.decode()
    assert client.get(ADD_URL).status_code in (302, 403)
