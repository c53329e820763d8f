"""The public Vorhabenliste, a Vorhaben page, the feed and the open data."""

import csv
import datetime
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import (
    CategoryFactory,
    DepartmentFactory,
    IdeaFactory,
    IdeaPlatformPageFactory,
    ProjectIndexPageFactory,
    ProjectPageFactory,
)
from tests.vorhaben.conftest import make_vorhaben
from transparenz import opendata
from vorhaben.models import Status
from vorhaben.services import report_progress

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def titles(response) -> list[str]:
    return [item.title for item in response.context["vorhaben_list"]]


def test_filters_by_status_field_of_action_department_and_district(client, vorhabenliste):
    mobility = CategoryFactory(name="Mobilität", slug="mobilitaet")
    office = DepartmentFactory(name="Bürgerbüro")
    make_vorhaben(vorhabenliste, "A", field_of_action=mobility, district="materborn")
    make_vorhaben(vorhabenliste, "B", department=office)
    c = make_vorhaben(vorhabenliste, "C", department=office, district="materborn")
    report_progress(c, author=None, text="Los", new_status=Status.IN_PROGRESS)
    url = vorhabenliste.url
    assert sorted(titles(client.get(url))) == ["A", "B", "C"]
    assert titles(client.get(url, {"status": "in_umsetzung"})) == ["C"]
    assert titles(client.get(url, {"topic": "mobilitaet"})) == ["A"]
    assert sorted(titles(client.get(url, {"department": office.pk}))) == ["B", "C"]
    assert sorted(titles(client.get(url, {"district": "materborn"}))) == ["A", "C"]
    response = client.get(url, {"district": "materborn", "department": office.pk})
    assert titles(response) == ["C"]
    assert response.context["is_filtered"]
    # A hand-edited value is ignored, not an error.
    assert len(titles(client.get(url, {"status": "fertig"}))) == 3


def test_sorted_by_last_report_by_default_or_by_planned_completion(client, vorhabenliste):
    early = make_vorhaben(vorhabenliste, "Früh", planned_completion=TODAY)
    late = make_vorhaben(
        vorhabenliste, "Spät", planned_completion=TODAY + datetime.timedelta(days=400)
    )
    make_vorhaben(vorhabenliste, "Ohne Bericht")
    report_progress(late, author=None, text="Alt", on=TODAY - datetime.timedelta(days=30))
    report_progress(early, author=None, text="Neu")
    assert titles(client.get(vorhabenliste.url)) == ["Früh", "Spät", "Ohne Bericht"]
    sorted_by_date = titles(client.get(vorhabenliste.url, {"sort": "abschluss"}))
    assert sorted_by_date == ["Früh", "Spät", "Ohne Bericht"]
    report_progress(late, author=None, text="Neuer")
    assert titles(client.get(vorhabenliste.url)) == ["Spät", "Früh", "Ohne Bericht"]


def test_the_timeline_is_a_table_grouped_by_quarter(client, vorhabenliste):
    make_vorhaben(vorhabenliste, "Q1", planned_completion=datetime.date(2027, 2, 1))
    make_vorhaben(vorhabenliste, "Q1b", planned_completion=datetime.date(2027, 3, 31))
    make_vorhaben(vorhabenliste, "Q4", planned_completion=datetime.date(2028, 11, 1))
    response = client.get(vorhabenliste.url, {"ansicht": "zeitplan"})
    html = response.content.decode()
    groups = [(q.year, q.quarter, [r.title for r in q.rows]) for q in response.context["quarters"]]
    assert groups == [(2027, 1, ["Q1", "Q1b"]), (2028, 4, ["Q4"])]
    assert "<caption" in html and 'scope="rowgroup"' in html and 'scope="col"' in html
    assert html.count("<h1") == 1


def test_the_list_is_paginated_and_its_queries_do_not_grow(
    client, vorhabenliste, page_cache_off, django_assert_max_num_queries
):
    def queries(params) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(vorhabenliste.url, params).status_code == 200
        return len(captured)

    field = CategoryFactory(name="Bildung", slug="bildung")
    office = DepartmentFactory(name="Schulamt")

    def add(n):
        page = make_vorhaben(vorhabenliste, f"V{n}", field_of_action=field, department=office)
        report_progress(page, author=None, text="Bericht")

    for n in range(3):
        add(n)
    views = [{}, {"ansicht": "zeitplan"}, {"sort": "abschluss", "department": office.pk}]
    small = [queries(params) for params in views]
    for n in range(3, 45):
        add(n)
    for params, limit in zip(views, small, strict=True):
        with django_assert_max_num_queries(limit):
            response = client.get(vorhabenliste.url, params)
        assert len(response.context["vorhaben_list"]) == 20
    assert response.context["vorhaben_list"].paginator.num_pages == 3
    last = client.get(vorhabenliste.url, {"page": 3})
    assert len(last.context["vorhaben_list"]) == 5


def test_a_vorhaben_page_shows_status_checklist_reports_papers_and_links(
    client, vorhabenliste, home_page, groups, staff_user
):
    index = ProjectIndexPageFactory(parent=home_page)
    project = ProjectPageFactory(parent=index, title="Bürgerwerkstatt Innenstadt")
    platform = IdeaPlatformPageFactory(parent=home_page)
    public_idea = IdeaFactory(space=project, title="Öffentlicher Vorschlag")
    internal_idea = IdeaFactory(space=platform, title="Interne Idee der Verwaltung")
    page = make_vorhaben(vorhabenliste, "Digitale Akte")
    page.measures.create(title="Ausschreibung", done_on=TODAY, sort_order=0)
    page.measures.create(title="Einführung", sort_order=1)
    page.council_papers.create(
        title="Vorlage 12/2026", url="https://ratsinfo.example/12", oparl_id="", sort_order=0
    )
    page.projects.add(project)
    page.idea_links.create(idea=public_idea, sort_order=0)
    page.idea_links.create(idea=internal_idea, sort_order=1)
    page.save_revision().publish()
    first = report_progress(page, author=staff_user, text="Begonnen.", new_status="in_umsetzung")
    report_progress(page, author=staff_user, text="Richtigstellung.", corrects=first)

    html = client.get(page.url).content.decode()
    assert html.count("<h1") == 1
    assert "Status: In Umsetzung" in html
    assert "1 von 2 Maßnahmen erledigt." in html
    assert html.index("Richtigstellung.") < html.index("Begonnen.")  # newest first
    assert "Korrektur" in html
    assert "https://ratsinfo.example/12" in html
    assert "Bürgerwerkstatt Innenstadt" in html
    assert "Öffentlicher Vorschlag" in html
    assert "Interne Idee der Verwaltung" not in html
    assert staff_user.display_name not in html

    client.force_login(staff_user)
    assert "Interne Idee der Verwaltung" in client.get(page.url).content.decode()


def test_the_feed_lists_reports_without_staff_names(client, vorhaben, staff_user):
    report_progress(vorhaben, author=staff_user, text="Ein Sachstand.", new_status="in_umsetzung")
    response = client.get("/sachstandsberichte/feed/")
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert "Ein Sachstand." in body and vorhaben.title in body
    assert staff_user.display_name not in body and staff_user.email not in body


def test_open_data_as_csv_and_json(client, vorhaben, staff_user, vorhabenliste):
    draft = make_vorhaben(vorhabenliste, "Noch nicht veröffentlicht")
    draft.unpublish()
    vorhaben.measures.create(title="Erledigt", done_on=TODAY, sort_order=0)
    vorhaben.save_revision().publish()
    report_progress(vorhaben, author=staff_user, text="=Formel?", new_status="in_umsetzung")
    slugs = [dataset.slug for dataset in opendata.DATASETS]
    assert {"vorhaben", "sachstandsberichte"} <= set(slugs)

    rows = list(
        csv.DictReader(io.StringIO(client.get("/offene-daten/vorhaben.csv").getvalue().decode()))
    )
    assert [row["title"] for row in rows] == [vorhaben.title]
    assert rows[0]["status"] == "in_umsetzung" and rows[0]["measures_done"] == "1"
    reports = json.loads(client.get("/offene-daten/sachstandsberichte.json").getvalue())
    assert reports["status_codes"]["verworfen"] == "Verworfen"
    (record,) = reports["records"]
    assert record["text"] == "=Formel?" and record["status"] == "in_umsetzung"
    assert staff_user.display_name not in json.dumps(reports, ensure_ascii=False)
    csv_text = client.get("/offene-daten/sachstandsberichte.csv").getvalue().decode()
    assert "'=Formel?" in csv_text


def test_the_open_data_section_lists_the_datasets_and_the_feed(client, home_page):
    from transparenz.models import StatisticsPage

    statistics = StatisticsPage(title="Zahlen", slug="zahlen")
    home_page.add_child(instance=statistics)
    html = client.get(statistics.url).content.decode()
    assert "/offene-daten/vorhaben.csv" in html
    assert "/offene-daten/sachstandsberichte.json" in html
    assert "/sachstandsberichte/feed/" in html


def test_the_preview_shows_projects_and_ideas_not_saved_yet(vorhaben, home_page, rf, groups):
    from vorhaben.models import IdeaLink

    index = ProjectIndexPageFactory(parent=home_page)
    project = ProjectPageFactory(parent=index, title="Noch nicht gespeichert")
    idea = IdeaFactory(space=project, title="Vorschlag in der Vorschau")
    vorhaben.projects.set([project])
    vorhaben.idea_links.add(IdeaLink(idea=idea))
    html = vorhaben.make_preview_request().render().content.decode()
    assert "Noch nicht gespeichert" in html and "Vorschlag in der Vorschau" in html
