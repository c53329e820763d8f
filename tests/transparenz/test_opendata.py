"""Open data and the Atom feed, read from the outside: public ideas only, no personal data."""

import csv
import io
import json
from xml.etree import ElementTree

import pytest

from ideen.models import Idea
from transparenz.opendata import IDEAS, STATUS_CHANGES
from transparenz.services import record_status_change

pytestmark = pytest.mark.django_db
S = Idea.Status
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def decided(public_idea, idea, editor, citizen):
    """A public proposal adopted with a reason; an internal idea rejected."""
    for target, reason in ((S.UNDER_REVIEW, ""), (S.ADOPTED, "Sicherer Schulweg.")):
        record_status_change(
            public_idea,
            to_status=target,
            recorded_by=editor,
            reason=reason,
            deciding_body="Bauausschuss",
            link="https://ratsinfo.example.org/42" if target == S.ADOPTED else "",
            notify=False,
        )
    for target in (S.UNDER_REVIEW, S.REJECTED):
        record_status_change(
            idea, to_status=target, recorded_by=editor, reason="Intern: zu teuer.", notify=False
        )
    return public_idea


def assert_no_personal_data(text, *people):
    for person in people:
        assert person.email not in text
        assert person.username not in text
        assert person.display_name not in text


def test_ideas_csv(client, decided, idea, citizen, editor, staff_user):
    response = client.get("/offene-daten/ideen.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.getvalue().decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == [column.name for column in IDEAS.columns]
    assert [row["title"] for row in rows] == ["Fahrradstraße an der Hochschule"]
    row = rows[0]
    assert row["status"] == "angenommen" and row["status_label"] == "Angenommen"
    assert row["first_decision_on"] == row["last_change_on"] != ""
    assert row["url"].endswith(f"/ideen/{decided.pk}/")
    assert "Termine online buchen" not in text
    assert_no_personal_data(text, citizen, editor, staff_user)


def test_status_changes_json(client, decided, citizen, editor, staff_user):
    response = client.get("/offene-daten/statusaenderungen.json")
    assert response.status_code == 200
    document = json.loads(response.getvalue())
    assert [field["name"] for field in document["fields"]] == [
        c.name for c in STATUS_CHANGES.columns
    ]
    assert all(field["description"] for field in document["fields"])
    assert document["status_codes"]["angenommen"] == "Angenommen"
    records = document["records"]
    assert [r["to_status"] for r in records] == ["in_pruefung", "angenommen"]
    adopted = records[-1]
    assert adopted["reason"] == "Sicherer Schulweg."
    assert adopted["deciding_body"] == "Bauausschuss"
    assert adopted["document_url"] == "https://ratsinfo.example.org/42"
    assert "recorded_by" not in adopted
    assert "zu teuer" not in response.getvalue().decode()
    assert_no_personal_data(response.getvalue().decode(), citizen, editor, staff_user)


def test_csv_and_json_of_both_datasets_agree(client, decided):
    for slug in ("ideen", "statusaenderungen"):
        rows = list(
            csv.DictReader(io.StringIO(client.get(f"/offene-daten/{slug}.csv").getvalue().decode()))
        )
        records = json.loads(client.get(f"/offene-daten/{slug}.json").getvalue())["records"]
        assert [str(r["id"]) for r in rows] == [str(r["id"]) for r in records]


def test_staff_get_the_same_public_files(client, decided, staff_user):
    client.force_login(staff_user)
    text = client.get("/offene-daten/statusaenderungen.csv").getvalue().decode()
    assert "zu teuer" not in text and "Termine online buchen" not in text


def test_unknown_dataset_is_404(client, db):
    assert client.get("/offene-daten/personen.csv").status_code == 404
    assert client.get("/offene-daten/personen.json").status_code == 404


def test_atom_feed(client, decided, idea, editor):
    response = client.get("/entscheidungen/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.getvalue())
    entries = feed.findall(f"{ATOM}entry")
    titles = [entry.find(f"{ATOM}title").text for entry in entries]
    assert titles == [
        "„Fahrradstraße an der Hochschule“: Angenommen",
        "„Fahrradstraße an der Hochschule“: In Prüfung",
    ]
    newest = entries[0]
    assert "Sicherer Schulweg." in newest.find(f"{ATOM}summary").text
    assert (
        newest.find(f"{ATOM}link")
        .get("href")
        .endswith(
            f"/ideen/{decided.pk}/#statusaenderung-{decided.status_changes.latest('created').pk}"
        )
    )
    text = response.getvalue().decode()
    assert "Termine online buchen" not in text and "zu teuer" not in text
    assert editor.email not in text


def test_feed_links_and_space_url_use_the_configured_public_address(client, decided, settings):
    """Not http://example.com (Django's Site) nor http://localhost (Wagtail's Site)."""
    from home.setup import ensure_site_address

    settings.WAGTAILADMIN_BASE_URL = "https://beteiligung.kleve.de"
    ensure_site_address()
    feed = ElementTree.fromstring(client.get("/entscheidungen/feed/").getvalue())
    links = [link.get("href") for link in feed.iter(f"{ATOM}link")]
    assert links and all(link.startswith("http://beteiligung.kleve.de/") for link in links)
    # The feed's scheme follows the request (plain http in the test client); the host is ours.
    records = json.loads(b"".join(client.get("/offene-daten/ideen.json").streaming_content))[
        "records"
    ]
    assert [record["space_url"] for record in records] == [
        "https://beteiligung.kleve.de" + decided.space.specific.url
    ]
