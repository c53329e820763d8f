"""Suggestions from the gazetteer for the point field: bounded, ordered, cacheable, never a 500."""

import pytest

from orte.models import SUGGESTIONS, Place
from tests.factories import PlaceFactory

pytestmark = pytest.mark.django_db

URL = "/orte/suche/"


@pytest.fixture
def streets():
    for name in ["Hohe Straße", "Hafenstraße", "Große Straße", "Koekkoekplatz", "Straßburger Weg"]:
        PlaceFactory(name=name)


def test_names_starting_with_the_text_come_first(streets):
    assert Place.objects.suggestions("straß") == [
        "Straßburger Weg",
        "Große Straße",
        "Hafenstraße",
        "Hohe Straße",
    ]
    assert Place.objects.suggestions("  KOEK ") == ["Koekkoekplatz"]


@pytest.mark.parametrize("text", ["", " ", "k", "x" * 101])
def test_too_short_or_too_long_text_asks_nothing(streets, text, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert Place.objects.suggestions(text) == []


def test_the_answer_is_small_json_from_one_query(client, django_assert_num_queries):
    for number in range(25):
        PlaceFactory(name=f"Weg {number:02}")
    with django_assert_num_queries(1):
        response = client.get(URL, {"q": "weg"})
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    places = response.json()["places"]
    assert len(places) == SUGGESTIONS == 10 and places[0] == "Weg 00"
    assert len(response.content) < 200
    assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]


@pytest.mark.parametrize(
    "query", [{}, {"q": "%"}, {"q": "_"}, {"q": "\x00"}, {"q": "ab\x00c"}, {"q": "ä" * 5000}]
)
def test_odd_queries_get_an_empty_or_plain_answer(client, streets, query):
    response = client.get(URL, query)
    assert response.status_code == 200
    assert response.json() == {"places": []}


def test_only_get_is_answered(client):
    assert client.post(URL, {"q": "koek"}).status_code == 405
