"""The open-data files are streamed in chunks, carry an ETag and answer 304 while unchanged."""

import csv
import io
import json

import pytest
from django.http import StreamingHttpResponse
from django.test import Client
from django.urls import reverse

from tests.factories import IdeaFactory, move_to
from transparenz import opendata

FILES = [
    ("transparenz:opendata_csv", "ideen"),
    ("transparenz:opendata_json", "ideen"),
    ("transparenz:opendata_csv", "statusaenderungen"),
    ("transparenz:opendata_json", "statusaenderungen"),
]


@pytest.fixture
def decided(public_idea, idea):
    """A decided public proposal and a decided internal idea."""
    move_to(public_idea, "angenommen")
    move_to(idea, "abgelehnt")
    return public_idea


@pytest.mark.parametrize(("name", "slug"), FILES)
def test_files_are_streamed_with_an_etag_and_answer_304(
    name, slug, decided, django_assert_num_queries
):
    client = Client()
    url = reverse(name, args=[slug])
    response = client.get(url)
    assert isinstance(response, StreamingHttpResponse)
    assert response["Cache-Control"] == "public, max-age=0, must-revalidate"
    etag = response["ETag"]
    assert etag.startswith('W/"')
    body = response.getvalue().decode()
    assert "Fahrradstraße an der Hochschule" in body
    assert "Termine online buchen" not in body  # the internal idea
    with django_assert_num_queries(0):
        again = client.get(url, headers={"if-none-match": etag})
    assert again.status_code == 304


@pytest.mark.parametrize(("name", "slug"), FILES)
def test_a_change_gives_a_new_etag_and_the_new_rows(name, slug, decided, project, citizen):
    client = Client()
    url = reverse(name, args=[slug])
    etag = client.get(url)["ETag"]
    newer = IdeaFactory(space=project, author=citizen, title="Neue Bänke am Spoykanal")
    move_to(newer, "in_pruefung")
    response = client.get(url, headers={"if-none-match": etag})
    assert response.status_code == 200
    assert response["ETag"] != etag
    assert "Neue Bänke am Spoykanal" in response.getvalue().decode()


def test_rows_are_read_in_chunks_not_all_at_once(decided, project, citizen, monkeypatch):
    """The rows come from QuerySet.iterator: the whole table is never held in memory."""
    for n in range(5):
        IdeaFactory(space=project, author=citizen, title=f"Vorschlag {n}")
    monkeypatch.setattr(opendata, "CHUNK_SIZE", 2)
    monkeypatch.setattr(opendata, "BUFFER_SIZE", 1)
    response = Client().get(reverse("transparenz:opendata_csv", args=["ideen"]))
    pieces = list(response.streaming_content)
    assert (
        pieces[0].decode()
        == "id,title," + ",".join(column.name for column in opendata.IDEAS.columns[2:]) + "\r\n"
    )  # the header alone, sent before the first row is read
    assert len(pieces) == 7  # then one piece per idea
    rows = list(csv.DictReader(io.StringIO(b"".join(pieces).decode())))
    assert len(rows) == 6


def test_json_streamed_is_one_valid_document(decided):
    body = Client().get(reverse("transparenz:opendata_json", args=["ideen"])).getvalue()
    document = json.loads(body)
    assert [r["title"] for r in document["records"]] == ["Fahrradstraße an der Hochschule"]
    assert document["fields"][0]["name"] == "id"


def test_empty_datasets_are_valid_too(db):
    document = json.loads(
        Client().get(reverse("transparenz:opendata_json", args=["statusaenderungen"])).getvalue()
    )
    assert document["records"] == []


def test_logged_in_staff_get_the_same_public_file(client, decided, staff_user):
    client.force_login(staff_user)
    body = client.get(reverse("transparenz:opendata_csv", args=["ideen"])).getvalue().decode()
    assert "Termine online buchen" not in body
