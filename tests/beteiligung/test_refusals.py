"""Outside the participation period a POST is refused with the words the page shows instead of
the form, and a refused comment is shown again so that the text is not lost."""

import json

import pytest
from django.utils import translation
from django.utils.html import escape
from django_comments.models import CommentFlag
from django_comments_xtd.models import LIKEDIT_FLAG, XtdComment
from wagtail.models import PageViewRestriction

from ideen.models import Idea, IdeaFollow, IdeaSupport
from tests.diskussion.conftest import make_comment, post_data
from tests.factories import IdeaFactory, UserFactory

pytestmark = pytest.mark.django_db

POST_URL = "/kommentare/post/"
TEXT = "Mein langer Beitrag mit <Klammern> & Umlauten: Grünflächen!"


@pytest.fixture
def citizen(db):
    return UserFactory(display_name="Radfahrerin42")


@pytest.fixture
def neighbour(db):
    return UserFactory(display_name="Nachbar")


def german(callable_):
    with translation.override("de"):
        return str(callable_())


def notice_html(project, kind="comments") -> str:
    """The project's notice as it appears in HTML."""
    return escape(german(lambda: project.notice_for(kind)))


def kept_text_in(html: str, text: str = TEXT) -> bool:
    """The refused text is offered again in a read-only field."""
    return "readonly" in html and f">{escape(text)}</textarea>" in html


# Comments on the project itself


@pytest.mark.parametrize("phase", ["geplant", "auswertung"])
def test_comment_outside_the_period_is_refused_with_the_notice_of_the_page(
    client, citizen, make_project, phase
):
    project = make_project(phase, title="Radwege in Kellen")
    client.force_login(citizen)
    notice = notice_html(project)
    assert notice
    page = client.get(project.url).content.decode()
    assert notice in page

    response = client.post(POST_URL, post_data(project, TEXT))

    html = response.content.decode()
    assert response.status_code == 403
    assert notice in html
    assert kept_text_in(html)
    assert "Kopieren Sie Ihren Text" in html
    assert f'href="{project.url}#diskussion"' in html
    assert not XtdComment.objects.exists()


def test_comment_while_open_is_stored(client, citizen, make_project):
    project = make_project("laeuft")
    client.force_login(citizen)
    response = client.post(POST_URL, post_data(project, "Gute Sache."))
    assert response.status_code == 302
    assert XtdComment.objects.get().comment == "Gute Sache."


def test_comment_on_a_project_that_collects_no_comments_says_so(client, citizen, make_project):
    project = make_project("laeuft", offers_comments=False)
    client.force_login(citizen)
    response = client.post(POST_URL, post_data(project, TEXT))
    html = response.content.decode()
    assert response.status_code == 403
    assert notice_html(project) in html
    assert "keine Beiträge" in html
    assert kept_text_in(html)


def test_anonymous_post_after_the_period_hears_that_it_ended(client, make_project):
    project = make_project("auswertung")
    response = client.post(POST_URL, post_data(project, TEXT))
    assert response.status_code == 403
    assert notice_html(project) in response.content.decode()
    assert not XtdComment.objects.exists()


def test_refusal_on_a_project_the_user_may_not_read_reveals_nothing(client, citizen, make_project):
    project = make_project("auswertung", title="Geheimes Vorhaben")
    PageViewRestriction.objects.create(page=project, restriction_type="password", password="x")
    client.force_login(citizen)
    response = client.post(POST_URL, post_data(project, TEXT))
    html = response.content.decode()
    assert response.status_code == 403
    assert "Geheimes Vorhaben" not in html
    assert notice_html(project) not in html
    # The user's own text is still given back.
    assert kept_text_in(html)


# Reply, edit and like close with the period too


def test_reply_page_after_the_period_shows_the_notice(client, citizen, neighbour, make_project):
    project = make_project("auswertung")
    comment = make_comment(project, neighbour)
    client.force_login(citizen)
    response = client.get(f"/kommentare/{comment.pk}/antworten/")
    assert response.status_code == 403
    assert notice_html(project) in response.content.decode()


def test_reply_posted_after_the_period_keeps_the_text(client, citizen, neighbour, make_project):
    project = make_project("auswertung")
    comment = make_comment(project, neighbour)
    client.force_login(citizen)
    response = client.post(POST_URL, post_data(project, TEXT, reply_to=comment.pk))
    html = response.content.decode()
    assert response.status_code == 403
    assert notice_html(project) in html
    assert kept_text_in(html)
    assert XtdComment.objects.count() == 1


def test_edit_after_the_period_is_refused_and_keeps_the_new_text(client, citizen, make_project):
    project = make_project("auswertung")
    comment = make_comment(project, citizen, "Alte Fassung")
    client.force_login(citizen)
    url = f"/kommentare/{comment.pk}/bearbeiten/"

    assert notice_html(project) in client.get(url).content.decode()
    response = client.post(url, {"comment": TEXT})

    html = response.content.decode()
    assert response.status_code == 403
    assert notice_html(project) in html
    assert kept_text_in(html)
    comment.refresh_from_db()
    assert comment.comment == "Alte Fassung"


def test_edit_of_someone_elses_comment_stays_a_plain_refusal(
    client, citizen, neighbour, make_project
):
    project = make_project("auswertung")
    comment = make_comment(project, neighbour, "Fremd")
    client.force_login(citizen)
    response = client.post(f"/kommentare/{comment.pk}/bearbeiten/", {"comment": TEXT})
    assert response.status_code == 403
    assert notice_html(project) not in response.content.decode()


@pytest.mark.parametrize("script", [False, True])
def test_like_after_the_period_is_refused_with_the_notice(
    client, citizen, neighbour, make_project, script
):
    project = make_project("auswertung")
    comment = make_comment(project, neighbour)
    client.force_login(citizen)
    headers = {"HTTP_X_REQUESTED_WITH": "fetch"} if script else {}
    response = client.post(f"/kommentare/{comment.pk}/gefaellt-mir/", **headers)
    assert response.status_code == 403
    assert notice_html(project) in response.content.decode()
    assert not CommentFlag.objects.filter(flag=LIKEDIT_FLAG).exists()


# Comments on a proposal in a project


@pytest.mark.parametrize("phase", ["geplant", "auswertung"])
def test_comment_on_a_proposal_outside_the_period_shows_the_projects_notice(
    client, citizen, neighbour, make_project, phase
):
    project = make_project(phase)
    proposal = IdeaFactory(space=project, author=neighbour, title="Mehr Bänke")
    client.force_login(citizen)
    notice = notice_html(project)
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert notice in page

    response = client.post(POST_URL, post_data(proposal, TEXT))

    html = response.content.decode()
    assert response.status_code == 403
    assert notice in html
    assert kept_text_in(html)
    assert f'href="{proposal.get_absolute_url()}#diskussion"' in html
    assert not XtdComment.objects.exists()


def test_comment_on_a_withdrawn_proposal_gets_the_general_refusal(
    client, citizen, neighbour, make_project
):
    project = make_project("laeuft")
    proposal = IdeaFactory(space=project, author=neighbour, status=Idea.Status.WITHDRAWN)
    client.force_login(citizen)
    response = client.post(POST_URL, post_data(proposal, TEXT))
    html = response.content.decode()
    assert response.status_code == 403
    assert "konnte nicht gespeichert werden" in html
    assert kept_text_in(html)


# Supports and follows on proposals


@pytest.mark.parametrize("phase", ["geplant", "auswertung"])
def test_support_outside_the_period_is_refused_with_the_notice(
    client, citizen, neighbour, make_project, phase
):
    project = make_project(phase)
    proposal = IdeaFactory(space=project, author=neighbour)
    client.force_login(citizen)
    notice = notice_html(project, "supports")
    assert notice in client.get(proposal.get_absolute_url()).content.decode()

    response = client.post(f"/ideen/{proposal.pk}/unterstuetzen/", {"state": "1"})

    assert response.status_code == 403
    assert notice in response.content.decode()
    assert not IdeaSupport.objects.exists()
    proposal.refresh_from_db()
    assert proposal.support_count == 0


def test_support_refusal_for_the_script_is_json_with_the_notice(
    client, citizen, neighbour, make_project
):
    project = make_project("auswertung")
    proposal = IdeaFactory(space=project, author=neighbour)
    client.force_login(citizen)
    response = client.post(
        f"/ideen/{proposal.pk}/unterstuetzen/", {"state": "1"}, HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 403
    data = json.loads(response.content)
    assert data["ok"] is False
    assert data["message"] == german(lambda: project.notice_for("supports"))


def test_support_on_a_project_without_supports_says_so(client, citizen, neighbour, make_project):
    project = make_project("laeuft", offers_supports=False)
    proposal = IdeaFactory(space=project, author=neighbour)
    client.force_login(citizen)
    response = client.post(f"/ideen/{proposal.pk}/unterstuetzen/", {"state": "1"})
    assert response.status_code == 403
    assert notice_html(project, "supports") in response.content.decode()
    assert not IdeaSupport.objects.exists()


def test_support_while_open_works(client, citizen, neighbour, make_project):
    proposal = IdeaFactory(space=make_project("laeuft"), author=neighbour)
    client.force_login(citizen)
    response = client.post(f"/ideen/{proposal.pk}/unterstuetzen/", {"state": "1"})
    assert response.status_code == 302
    assert IdeaSupport.objects.filter(idea=proposal, user=citizen).exists()


def test_following_stays_possible_after_the_period_to_hear_the_decision(
    client, citizen, neighbour, make_project
):
    proposal = IdeaFactory(space=make_project("auswertung"), author=neighbour)
    client.force_login(citizen)
    response = client.post(f"/ideen/{proposal.pk}/folgen/", {"state": "1"})
    assert response.status_code == 302
    assert IdeaFollow.objects.filter(idea=proposal, user=citizen).exists()
