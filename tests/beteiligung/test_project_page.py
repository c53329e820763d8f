"""The project page: what a visitor may do in each phase, proposals, outcome, fixed queries."""

import pytest
from django.urls import reverse

from beteiligung.models import ProjectPhase
from ideen.models import Idea
from tests.diskussion.conftest import make_comment
from tests.factories import CategoryFactory, IdeaFactory, UserFactory, days

pytestmark = pytest.mark.django_db


def submit_url(project) -> str:
    return reverse("ideen:submit", args=[project.pk])


def test_anonymous_visitors_read_everything_and_are_invited_to_log_in(client, open_project):
    IdeaFactory(space=open_project, title="Hotspot am Koekkoek-Platz")
    html = client.get(open_project.url).content.decode()
    assert "Hotspot am Koekkoek-Platz" in html
    assert "Zum Lesen brauchen Sie kein Konto" in html
    assert submit_url(open_project) not in html


def test_citizens_get_the_proposal_button_and_the_comment_form_while_open(
    client, citizen, open_project
):
    client.force_login(citizen)
    html = client.get(open_project.url).content.decode()
    assert submit_url(open_project) in html
    assert "Vorschlag machen" in html
    assert "<textarea" in html


@pytest.mark.parametrize(
    ("state", "notice"),
    [("geplant", "Die Beteiligung beginnt am"), ("auswertung", "Die Beteiligung endete am")],
)
def test_outside_the_period_the_forms_are_replaced_by_the_notice(
    client, citizen, make_project, state, notice
):
    project = make_project(state)
    IdeaFactory(space=project, title="Ein Vorschlag")
    client.force_login(citizen)
    html = client.get(project.url).content.decode()
    assert notice in html
    assert submit_url(project) not in html
    assert "<textarea" not in html
    assert "Unterstützen" not in html


def test_proposal_form_outside_the_period_shows_the_notice_and_refuses_posts(
    client, citizen, make_project
):
    project = make_project("geplant")
    category = CategoryFactory()
    client.force_login(citizen)
    page = client.get(submit_url(project))
    assert page.status_code == 200
    assert "Die Beteiligung beginnt am" in page.content.decode()
    assert 'name="title"' not in page.content.decode()
    refused = client.post(
        submit_url(project), {"title": "Zu früh", "description": "Text", "category": category.pk}
    )
    assert refused.status_code == 403
    assert "Die Beteiligung beginnt am" in refused.content.decode()
    assert not Idea.objects.exists()


def test_a_citizen_proposes_with_district_and_place(client, citizen, open_project):
    category = CategoryFactory()
    client.force_login(citizen)
    form = client.get(submit_url(open_project)).content.decode()
    assert "Vorschlag machen" in form and 'name="district"' in form
    assert "Ortsteil <span" in form and "(freiwillig)</span>" in form
    assert "(freiwillig) <span" not in form
    response = client.post(
        submit_url(open_project),
        {
            "title": "WLAN am Bahnhof",
            "description": "Viele warten dort auf den Zug.",
            "category": category.pk,
            "district": "kleve",
            "location": "Bahnhofsvorplatz",
        },
    )
    idea = Idea.objects.get()
    assert response.status_code == 302 and response.url == idea.get_absolute_url()
    assert (idea.space_id, idea.district, idea.location) == (
        open_project.pk,
        "kleve",
        "Bahnhofsvorplatz",
    )
    assert idea.follows.filter(user=citizen).exists()


def test_invalid_proposal_keeps_the_input_and_lists_the_errors(client, citizen, open_project):
    client.force_login(citizen)
    response = client.post(
        submit_url(open_project), {"title": "", "description": "Mein Text", "location": "Markt"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Fehler:" in html
    assert "Bitte geben Sie einen Titel ein." in html
    assert "Mein Text" in html and 'value="Markt"' in html


def test_a_project_without_proposals_hides_the_list_and_refuses_the_form(
    client, citizen, make_project
):
    project = make_project("laeuft", offers_proposals=False)
    client.force_login(citizen)
    html = client.get(project.url).content.decode()
    assert 'id="vorschlaege"' not in html
    page = client.get(submit_url(project)).content.decode()
    assert "Zu diesem Projekt werden keine Vorschläge gesammelt." in page


def test_timeline_is_an_ordered_list_with_the_current_phase_in_words(client, open_project):
    ProjectPhase.objects.create(
        page=open_project,
        title="Information",
        start_date=days(-30),
        end_date=days(-6),
        sort_order=5,
    )
    ProjectPhase.objects.create(
        page=open_project, title="Online-Beteiligung", start_date=days(-5), sort_order=1
    )
    html = client.get(open_project.url).content.decode()
    timeline = html[
        html.index('class="timeline__list"') : html.index("</ol>", html.index("timeline__list"))
    ]
    assert "(abgeschlossen)" in timeline
    assert 'aria-current="step"' in timeline and "(aktuelle Phase)" in timeline


def test_outcome_links_the_proposals_that_were_taken_up(client, make_project):
    project = make_project("abgeschlossen", outcome="<p>Wir bauen zehn Hotspots.</p>")
    adopted = IdeaFactory(space=project, title="Hotspot am Rathaus", status="angenommen")
    IdeaFactory(space=project, title="Hotspot im Wald", status="abgelehnt")
    html = client.get(project.url).content.decode()
    outcome = html[
        html.index('id="outcome-heading"') : html.index(
            "</section>", html.index('id="outcome-heading"')
        )
    ]
    assert "Wir bauen zehn Hotspots." in outcome
    assert adopted.get_absolute_url() in outcome
    assert "Hotspot im Wald" not in outcome


@pytest.mark.parametrize("count", [3, 40])
def test_project_page_runs_a_fixed_number_of_queries(
    client, citizen, open_project, django_assert_max_num_queries, count
):
    authors = UserFactory.create_batch(3)
    for number in range(count):
        idea = IdeaFactory(space=open_project, author=authors[number % 3])
        make_comment(idea, authors[(number + 1) % 3])
        make_comment(open_project, authors[number % 3], f"Kommentar {number}")
    for position in range(3):
        ProjectPhase.objects.create(
            page=open_project,
            title=f"Phase {position}",
            start_date=days(position * 10 - 20),
            sort_order=position,
        )
    client.force_login(citizen)
    # The first request after a change also renders the shared thread page and reads the roles
    # and the layout (once per content generation; and content types, once per process); the
    # next ones only what is personal.
    with django_assert_max_num_queries(31):
        response = client.get(open_project.url)
    assert response.status_code == 200
    with django_assert_max_num_queries(15):
        response = client.get(open_project.url)
    assert response.status_code == 200
