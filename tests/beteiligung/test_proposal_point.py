"""A point on the map for a proposal: off, optional or required per project; bad input kept."""

from decimal import Decimal

import pytest
from django.urls import reverse

from ideen.models import Idea
from orte.models import LocationMode
from tests.factories import CategoryFactory, IdeaFactory, PlaceFactory

pytestmark = pytest.mark.django_db


def submit_url(project) -> str:
    return reverse("ideen:submit", args=[project.pk])


def proposal(category, **fields) -> dict:
    return {
        "title": "Bank am Spoykanal",
        "description": "Eine Bank zum Ausruhen am Wasser.",
        "category": category.pk,
        "district": "kleve",
        "location": "Spoykanal",
        **fields,
    }


def test_a_citizen_marks_the_place_of_a_proposal_by_its_coordinates(client, citizen, open_project):
    category = CategoryFactory()
    client.force_login(citizen)
    form = client.get(submit_url(open_project)).content.decode()
    assert 'name="point"' in form
    assert "Punkt auf der Karte: Straße, Platz oder Koordinaten <span" in form
    response = client.post(submit_url(open_project), proposal(category, point="51,7935; 6,13"))
    idea = Idea.objects.get()
    assert response.status_code == 302
    assert (idea.latitude, idea.longitude) == (Decimal("51.79350"), Decimal("6.13000"))


def test_a_citizen_names_a_place_of_the_gazetteer_instead_of_coordinates(
    client, citizen, open_project
):
    PlaceFactory(name="Spoykanal", latitude="51.79300", longitude="6.13950")
    client.force_login(citizen)
    form = client.get(submit_url(open_project)).content.decode()
    assert "Ortsverzeichnis der Stadt" in form and 'inputmode="decimal"' not in form
    response = client.post(
        submit_url(open_project), proposal(CategoryFactory(), point=" spoykanal ")
    )
    assert response.status_code == 302
    idea = Idea.objects.get()
    assert (idea.latitude, idea.longitude) == (Decimal("51.79300"), Decimal("6.13950"))
    # The edit form shows the point as coordinates, as the map picker writes them.
    edit = client.get(reverse("ideen:edit", args=[idea.pk])).content.decode()
    assert 'value="51.79300, 6.13950"' in edit


def test_a_typed_name_is_kept_when_another_field_is_wrong(client, citizen, open_project):
    PlaceFactory(name="Koekkoekplatz")
    client.force_login(citizen)
    data = proposal(CategoryFactory(), point="Koekkoekplatz", title="")
    response = client.post(submit_url(open_project), data)
    html = response.content.decode()
    assert response.status_code == 200 and not Idea.objects.exists()
    assert 'value="Koekkoekplatz"' in html
    summary = html.split('class="error-summary"')[1].split("</div>")[0]
    assert 'href="#id_title"' in summary and 'href="#id_point"' not in summary


def test_without_a_point_the_district_and_place_are_enough(client, citizen, open_project):
    client.force_login(citizen)
    response = client.post(submit_url(open_project), proposal(CategoryFactory(), point=""))
    idea = Idea.objects.get()
    assert response.status_code == 302
    assert idea.point is None and idea.location == "Spoykanal"


UNKNOWN = "Wir kennen den Ort „{}“ nicht. Geben Sie Koordinaten ein (z. B. „51.78860, 6.13860“)"

BAD_POINTS = {
    "Spoykanal": UNKNOWN.format("Spoykanal"),
    "nan, nan": UNKNOWN.format("nan, nan"),
    "inf, -inf": UNKNOWN.format("inf, -inf"),
    "1e308, 6.1": UNKNOWN.format("1e308, 6.1"),
    "51.7886": "Bitte geben Sie die Koordinaten als Breite und Länge ein",
    "51,7886 6,1386 7": "Bitte geben Sie die Koordinaten als Breite und Länge ein",
    "Straße " * 2000: "Wir kennen den Ort „Straße Straße",
    "9" * 5000: "Bitte geben Sie die Koordinaten als Breite und Länge ein",
    "123, 456": "Das sind keine gültigen Koordinaten",
    "51.762, 6.185": "außerhalb der Stadt Kleve",
    "6.1300, 51.7935": "Haben Sie Breite und Länge vertauscht?",
}


@pytest.mark.parametrize("typed", BAD_POINTS)
def test_bad_coordinates_and_unknown_names_are_explained_in_the_summary_and_kept(
    client, citizen, open_project, typed
):
    PlaceFactory(name="Koekkoekplatz")
    client.force_login(citizen)
    response = client.post(submit_url(open_project), proposal(CategoryFactory(), point=typed))
    html = response.content.decode()
    assert response.status_code == 200
    assert not Idea.objects.exists()
    summary = html.split('class="error-summary"')[1].split("</div>")[0]
    assert 'href="#id_point"' in summary and BAD_POINTS[typed] in summary
    if len(typed) < 100:
        assert f'value="{typed}"' in html


def test_a_project_can_require_a_point(client, citizen, make_project):
    project = make_project("laeuft", location_mode=LocationMode.REQUIRED)
    client.force_login(citizen)
    form = client.get(submit_url(project)).content.decode()
    assert "Punkt auf der Karte: Straße, Platz oder Koordinaten</label>" in form
    response = client.post(submit_url(project), proposal(CategoryFactory()))
    assert (
        "Bitte wählen Sie den Ort auf der Karte oder geben Sie eine Straße, einen Platz oder "
        "Koordinaten ein." in response.content.decode()
    )
    assert not Idea.objects.exists()
    client.post(submit_url(project), proposal(CategoryFactory(), point="51.7886, 6.1386"))
    assert Idea.objects.get().point is not None


def test_a_project_without_points_does_not_ask_for_one(client, citizen, make_project):
    project = make_project("laeuft", location_mode=LocationMode.OFF)
    client.force_login(citizen)
    assert 'name="point"' not in client.get(submit_url(project)).content.decode()
    client.post(submit_url(project), proposal(CategoryFactory(), point="kaputt"))
    assert Idea.objects.get().point is None


def test_the_author_moves_or_removes_the_point_while_editing(client, citizen, open_project):
    idea = IdeaFactory(space=open_project, author=citizen, latitude="51.78860", longitude="6.13860")
    client.force_login(citizen)
    edit_url = reverse("ideen:edit", args=[idea.pk])
    assert 'value="51.78860, 6.13860"' in client.get(edit_url).content.decode()
    data = proposal(idea.category, title=idea.title, description=idea.description)
    client.post(edit_url, {**data, "point": "51.7790, 6.0950"})
    idea.refresh_from_db()
    assert str(idea.point) == "51.77900, 6.09500"
    client.post(edit_url, {**data, "point": ""})
    idea.refresh_from_db()
    assert idea.point is None


def test_switching_points_off_keeps_the_points_already_given(client, citizen, make_project):
    project = make_project("laeuft", location_mode=LocationMode.OFF)
    idea = IdeaFactory(space=project, author=citizen, latitude="51.7886", longitude="6.1386")
    client.force_login(citizen)
    data = proposal(idea.category, title="Neuer Titel", description=idea.description)
    client.post(reverse("ideen:edit", args=[idea.pk]), data)
    idea.refresh_from_db()
    assert idea.title == "Neuer Titel" and idea.point is not None


def test_a_project_point_must_be_complete_and_in_the_city(open_project):
    from django.core.exceptions import ValidationError

    open_project.latitude, open_project.longitude = Decimal("51.68"), Decimal("6.16")
    with pytest.raises(ValidationError) as refused:
        open_project.full_clean()
    assert "außerhalb der Stadt Kleve" in str(refused.value.message_dict["latitude"])
    open_project.longitude = None
    with pytest.raises(ValidationError) as refused:
        open_project.full_clean()
    assert "Breite und Länge" in str(refused.value.message_dict["longitude"])
    open_project.latitude, open_project.longitude = Decimal("51.7886"), Decimal("6.1386")
    open_project.full_clean()
