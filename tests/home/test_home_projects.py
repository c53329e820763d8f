"""The home page's project sections and the project-teaser block on home and content pages."""

import pytest
from wagtail.models import PageViewRestriction

from tests.factories import ContentPageFactory, ProjectIndexPageFactory, ProjectPageFactory, days

pytestmark = pytest.mark.django_db


@pytest.fixture
def index(home_page):
    return ProjectIndexPageFactory(parent=home_page)


def completed(index, title: str, completed_days_ago: int = 20, **fields):
    return ProjectPageFactory(
        parent=index,
        title=title,
        participation_start=days(-200),
        participation_end=days(-150),
        completed_on=days(-completed_days_ago),
        outcome="<p>Das Ergebnis.</p>",
        **fields,
    )


def open_project(index, title: str, **fields):
    return ProjectPageFactory(
        parent=index,
        title=title,
        participation_start=days(-5),
        participation_end=days(20),
        **fields,
    )


def section(html: str, heading_id: str) -> str:
    start = html.index(f'id="{heading_id}"')
    return html[start : html.index("</section>", start)]


def teasers(heading: str, *projects) -> dict:
    """A project-teaser block in the raw form StreamFields store."""
    return {
        "type": "project_teasers",
        "value": {"heading": heading, "projects": [p.pk for p in projects]},
    }


def test_home_page_empty_states(client, home_page):
    html = client.get("/").content.decode()
    assert "Zurzeit gibt es keine Beteiligungsprojekte" in section(html, "projects-heading")
    outcomes = section(html, "outcomes-heading")
    assert "Neueste Ergebnisse" in outcomes
    assert "Noch ist kein Projekt abgeschlossen." in outcomes
    assert "noch keine Entscheidungen" in section(html, "decisions-heading")


def test_home_page_shows_newest_outcomes_with_a_link_to_them(client, index):
    completed(index, "Handyparken", completed_days_ago=40)
    wlan = completed(index, "WLAN im Rathaus", completed_days_ago=5)
    completed(index, "Entwurf eines Ergebnisses", live=False)
    open_project(index, "Open Data")

    html = client.get("/").content.decode()
    outcomes = section(html, "outcomes-heading")

    assert outcomes.index("WLAN im Rathaus") < outcomes.index("Handyparken")
    assert f'href="{wlan.url}#outcome-heading"' in outcomes
    assert "Ergebnis lesen" in outcomes
    assert "Entwurf eines Ergebnisses" not in outcomes
    assert "Open Data" not in outcomes
    assert "Open Data" in section(html, "projects-heading")


def test_teaser_block_on_the_home_page_shows_live_public_projects_in_the_chosen_order(
    client, home_page, index
):
    first = open_project(index, "Sensornetz")
    second = completed(index, "Handyparken")
    draft = open_project(index, "Noch geheim", live=False)
    restricted = open_project(index, "Nur mit Anmeldung")
    PageViewRestriction.objects.create(page=restricted, restriction_type="login")
    home_page.body = [teasers("Machen Sie mit", second, draft, restricted, first)]
    home_page.save_revision().publish()

    html = client.get("/").content.decode()
    block = html[html.index('class="home-body"') :]

    assert "<h2>Machen Sie mit</h2>" in block
    assert block.index("Handyparken") < block.index("Sensornetz")
    assert "Noch geheim" not in block and "Nur mit Anmeldung" not in block
    assert "Abgeschlossen" in block and "Beteiligung läuft" in block
    assert "0 Vorschläge" in block


def test_teaser_block_without_a_visible_project_renders_nothing(client, home_page, index):
    draft = open_project(index, "Noch geheim", live=False)
    page = ContentPageFactory(parent=home_page, body=[teasers("Aktuelle Projekte", draft)])
    html = client.get(page.url).content.decode()
    assert "Aktuelle Projekte" not in html


def test_teaser_block_on_content_and_project_pages(client, home_page, index):
    wlan = open_project(index, "Freies WLAN")
    page = ContentPageFactory(parent=home_page, body=[teasers("Gerade gefragt", wlan)])
    project = open_project(index, "Sensornetz", body=[teasers("Ähnliche Projekte", wlan)])
    for url in (page.url, project.url):
        html = client.get(url).content.decode()
        assert "Gerade gefragt" in html or "Ähnliche Projekte" in html
        assert f'href="{wlan.url}"' in html


def test_teaser_block_query_count_does_not_grow_with_projects(
    client, home_page, index, django_assert_max_num_queries
):
    projects = [open_project(index, f"Projekt {n}") for n in range(6)]
    page = ContentPageFactory(parent=home_page, body=[teasers("Eins", projects[0])])
    with django_assert_max_num_queries(40) as few:
        client.get(page.url)
    page.body = [teasers("Sechs", *projects)]
    page.save_revision().publish()
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(page.url).content.decode()
    assert html.count('class="card project-card"') == 6


def test_home_page_query_count_with_outcomes_and_teasers(
    client, home_page, index, django_assert_max_num_queries
):
    def fill(n):
        made = [completed(index, f"Fertig {n}-{i}") for i in range(n)]
        made += [open_project(index, f"Offen {n}-{i}") for i in range(n)]
        home_page.body = [teasers("Projekte", *made[:6])]
        home_page.save_revision().publish()

    fill(1)
    with django_assert_max_num_queries(40) as few:
        client.get("/")
    fill(5)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/")
