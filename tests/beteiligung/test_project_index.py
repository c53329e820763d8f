"""The project index: filters by state, field of action and district; cards with counts."""

import re

import pytest
from django.utils import timezone

from tests.diskussion.conftest import make_comment
from tests.factories import (
    CategoryFactory,
    IdeaFactory,
    ProjectIndexPageFactory,
    ProjectPageFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def results(html: str) -> str:
    return html[html.index('id="project-results-heading"') :]


def test_project_index_without_projects_says_so(client, home_page):
    index = ProjectIndexPageFactory(parent=home_page)
    html = client.get(index.url).content.decode()
    assert "Zurzeit gibt es keine Beteiligungsprojekte" in html
    assert 'class="card-list' not in html


def test_project_index_lists_live_projects_only(client, home_page):
    index = ProjectIndexPageFactory(parent=home_page)
    ProjectPageFactory(parent=index, title="Radwege in der Innenstadt")
    ProjectPageFactory(parent=index, title="Entwurf", live=False)
    html = client.get(index.url).content.decode()
    assert re.search(r"<h2 id=\"project-results-heading\">\s*1 Projekt\s*</h2>", html)
    assert "Radwege in der Innenstadt" in html
    assert "Entwurf" not in html
    assert "Zurzeit gibt es keine Beteiligungsprojekte" not in html


def test_open_projects_come_first_with_their_state_and_period(client, index, make_project):
    make_project("abgeschlossen", title="Handyparken")
    make_project("laeuft", title="Freies WLAN")
    html = results(client.get(index.url).content.decode())
    assert html.index("Freies WLAN") < html.index("Handyparken")
    assert "Beteiligung läuft" in html and "Abgeschlossen" in html
    assert "Beteiligung bis" in html and "Beteiligung beendet am" in html


def test_filter_by_state_field_of_action_and_district(client, index, make_project):
    smart_city = CategoryFactory(name="Smart City", slug="f-smart-city")
    make_project("laeuft", title="Freies WLAN", field_of_action=smart_city, district="kleve")
    make_project("laeuft", title="Sensoren in Materborn", district="materborn")
    make_project("auswertung", title="Open Data", field_of_action=smart_city)

    def titles(query: str) -> set[str]:
        html = results(client.get(f"{index.url}?{query}").content.decode())
        return {t for t in ("Freies WLAN", "Sensoren in Materborn", "Open Data") if t in html}

    assert titles("state=laeuft") == {"Freies WLAN", "Sensoren in Materborn"}
    assert titles("topic=f-smart-city") == {"Freies WLAN", "Open Data"}
    assert titles("district=materborn") == {"Sensoren in Materborn"}
    assert titles("state=laeuft&topic=f-smart-city") == {"Freies WLAN"}
    # Hand-edited values are ignored rather than reported.
    assert titles("state=kaputt&district=atlantis") == {
        "Freies WLAN",
        "Sensoren in Materborn",
        "Open Data",
    }


def test_filtered_form_keeps_its_values_and_an_empty_result_says_so(client, index, make_project):
    make_project("laeuft", title="Freies WLAN")
    html = client.get(f"{index.url}?state=abgeschlossen&district=rindern").content.decode()
    assert '<option value="abgeschlossen" selected>' in html
    assert '<option value="rindern" selected>' in html
    assert "Kein Projekt passt zu diesen Filtern" in html
    assert "Alle Projekte anzeigen" in html


def test_cards_count_listed_proposals_and_the_visible_comments_of_the_discussion(
    client, index, open_project
):
    citizen = UserFactory()
    proposals = IdeaFactory.create_batch(3, space=open_project, author=citizen)
    IdeaFactory(space=open_project, removed_at=timezone.now(), removal_reason="Werbung")
    make_comment(open_project, citizen, "Zum Projekt")
    deleted = make_comment(open_project, citizen, "Gelöscht")
    type(deleted).objects.filter(pk=deleted.pk).update(is_removed=True)
    first = proposals[0]
    for text in ("Eins", "Zwei"):
        make_comment(first, citizen, text)
    first.refresh_comment_count()
    html = results(client.get(index.url).content.decode())
    assert "3 Vorschläge" in html
    # The number in the project's discussion heading; the proposals' comments are on their cards.
    assert "1 Beitrag" in html


@pytest.mark.parametrize("count", [2, 20])
def test_index_runs_a_fixed_number_of_queries(
    client, index, make_project, django_assert_max_num_queries, count
):
    citizen = UserFactory()
    for number in range(count):
        project = make_project(
            ["laeuft", "geplant", "auswertung", "abgeschlossen"][number % 4],
            field_of_action=CategoryFactory(),
        )
        idea = IdeaFactory(space=project, author=citizen)
        make_comment(project, citizen)
        make_comment(idea, citizen)
    with django_assert_max_num_queries(13):
        response = client.get(index.url)
    assert response.status_code == 200
