import pytest
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django_comments.models import CommentFlag
from django_comments_xtd.models import LIKEDIT_FLAG, XtdComment

from diskussion.models import CommentState
from diskussion.services import author_name

from .conftest import make_comment

pytestmark = pytest.mark.django_db


def like_url(comment):
    return f"/kommentare/{comment.pk}/gefaellt-mir/"


# Likes


def test_like_toggles_without_javascript(client, user, other_user, project):
    comment = make_comment(project, other_user)
    client.force_login(user)

    response = client.post(like_url(comment))
    assert response.status_code == 302
    assert response["Location"] == f"{project.url}#c{comment.pk}"
    assert CommentFlag.objects.filter(comment=comment, user=user, flag=LIKEDIT_FLAG).exists()
    html = client.get(project.url).content.decode()
    assert 'aria-pressed="true"' in html
    assert "1 Person gefällt das" in html

    client.post(like_url(comment))
    assert not CommentFlag.objects.filter(comment=comment, flag=LIKEDIT_FLAG).exists()
    assert 'aria-pressed="false"' in client.get(project.url).content.decode()


def test_like_answers_the_script_with_json(client, user, other_user, project):
    comment = make_comment(project, other_user)
    client.force_login(user)
    data = client.post(like_url(comment), headers={"x-requested-with": "fetch"}).json()
    assert data == {
        "liked": True,
        "count": 1,
        "count_text": "1 Person gefällt das",
        "announcement": "Ihnen gefällt dieser Beitrag. 1 Person gefällt das",
    }


def test_like_needs_login_and_post(client, other_user, user, project):
    comment = make_comment(project, other_user)
    response = client.post(like_url(comment))
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/")
    client.force_login(user)
    assert client.get(like_url(comment)).status_code == 405
    assert not CommentFlag.objects.exists()


def test_own_comment_cannot_be_liked(client, user, project):
    comment = make_comment(project, user)
    client.force_login(user)
    assert client.post(like_url(comment)).status_code == 403
    assert not CommentFlag.objects.exists()


def test_liking_closes_with_the_participation(client, user, other_user, closed_project):
    comment = make_comment(closed_project, other_user)
    client.force_login(user)
    assert client.post(like_url(comment)).status_code == 403
    assert not CommentFlag.objects.exists()


# Reports


def test_report_asks_for_confirmation_then_flags(client, user, other_user, project):
    comment = make_comment(project, other_user, "Fragwürdig")
    client.force_login(user)
    url = f"/kommentare/{comment.pk}/melden/"

    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "<h1>Beitrag melden</h1>" in html
    assert "Fragwürdig" in html
    assert not CommentFlag.objects.exists()
    # A title of its own for every reported comment: whose, when, where.
    when = date_format(localtime(comment.submit_date), "j. F Y, H:i")
    author = author_name(comment)
    assert f"<title>Beitrag von {author} vom {when} melden – „Digitales Rathaus“ – " in html

    response = client.post(url)
    assert response["Location"] == f"{project.url}#c{comment.pk}"
    assert CommentFlag.objects.filter(
        comment=comment, user=user, flag=CommentFlag.SUGGEST_REMOVAL
    ).exists()
    html = client.get(project.url).content.decode()
    assert "Die Moderation prüft den Beitrag." in html
    assert ">Gemeldet<" in html

    # Reporting twice does not add a second flag.
    again = client.get(url).content.decode()
    assert "bereits gemeldet" in again
    client.post(url)
    assert CommentFlag.objects.count() == 1


def test_report_needs_login(client, other_user, project):
    comment = make_comment(project, other_user)
    response = client.get(f"/kommentare/{comment.pk}/melden/")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/")


def test_own_comment_cannot_be_reported(client, user, project):
    comment = make_comment(project, user)
    client.force_login(user)
    assert client.post(f"/kommentare/{comment.pk}/melden/").status_code == 403
    assert not CommentFlag.objects.exists()


# Reply page (without JavaScript)


def test_reply_page_shows_the_comment_and_a_form_for_the_answer(client, user, other_user, project):
    comment = make_comment(project, other_user, "Die Frage")
    client.force_login(user)
    html = client.get(f"/kommentare/{comment.pk}/antworten/").content.decode()
    assert "<h1>Antwort an Bernd Beispiel</h1>" in html
    assert "Die Frage" in html
    assert f'name="reply_to" value="{comment.pk}"' in html
    assert 'action="/kommentare/post/"' in html


def test_reply_page_refuses_the_third_level_and_closed_projects(
    client, user, other_user, project, closed_project
):
    first = make_comment(project, other_user)
    second = make_comment(project, user, parent=first)
    third = make_comment(project, other_user, parent=second)
    closed = make_comment(closed_project, other_user)
    client.force_login(user)
    assert client.get(f"/kommentare/{third.pk}/antworten/").status_code == 403
    assert client.get(f"/kommentare/{closed.pk}/antworten/").status_code == 403


# Edit


def test_author_edits_and_the_comment_is_marked_as_edited(client, user, project):
    comment = make_comment(project, user, "Alte Fassung")
    client.force_login(user)
    url = f"/kommentare/{comment.pk}/bearbeiten/"

    form = client.get(url).content.decode()
    assert "Alte Fassung</textarea>" in form

    response = client.post(url, {"comment": "Neue <b>Fassung</b> mit https://kleve.de"})
    assert response["Location"] == f"{project.url}#c{comment.pk}"
    comment.refresh_from_db()
    assert comment.comment == "Neue Fassung mit https://kleve.de"
    assert CommentState.objects.get(comment=comment).edited_at is not None
    html = client.get(project.url).content.decode()
    assert "Ihr Beitrag wurde geändert." in html
    assert "bearbeitet am" in html


def test_edit_with_empty_text_keeps_the_form_with_an_error(client, user, project):
    comment = make_comment(project, user, "Bleibt")
    client.force_login(user)
    response = client.post(f"/kommentare/{comment.pk}/bearbeiten/", {"comment": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary"' in html
    assert "Bitte schreiben Sie Ihren Beitrag." in html
    comment.refresh_from_db()
    assert comment.comment == "Bleibt"
    assert CommentState.objects.get(comment=comment).edited_at is None  # not marked edited


def test_only_the_author_may_edit(client, user, other_user, project):
    comment = make_comment(project, other_user, "Fremd")
    client.force_login(user)
    url = f"/kommentare/{comment.pk}/bearbeiten/"
    assert client.get(url).status_code == 403
    assert client.post(url, {"comment": "Gekapert"}).status_code == 403
    comment.refresh_from_db()
    assert comment.comment == "Fremd"


def test_editing_closes_with_the_participation(client, user, closed_project):
    comment = make_comment(closed_project, user)
    client.force_login(user)
    assert client.get(f"/kommentare/{comment.pk}/bearbeiten/").status_code == 403


def test_editing_does_not_disturb_the_thread(client, user, other_user, project):
    parent = make_comment(project, user, "Eltern")
    child = make_comment(project, other_user, "Kind", parent=parent)
    before = list(XtdComment.objects.values_list("pk", "nested_count", "is_public", "order"))
    client.force_login(user)
    client.post(f"/kommentare/{parent.pk}/bearbeiten/", {"comment": "Eltern, geändert"})
    after = list(XtdComment.objects.values_list("pk", "nested_count", "is_public", "order"))
    assert before == after
    assert child.pk in [pk for pk, *_ in after]


# Delete


def test_author_deletes_after_confirmation_and_replies_stay(client, user, other_user, project):
    parent = make_comment(project, user, "Mein Text")
    make_comment(project, other_user, "Eine Antwort", parent=parent)
    client.force_login(user)
    url = f"/kommentare/{parent.pk}/loeschen/"

    confirm = client.get(url).content.decode()
    assert "Ihren Beitrag löschen?" in confirm
    assert XtdComment.objects.get(pk=parent.pk).comment == "Mein Text"

    response = client.post(url)
    assert response["Location"] == f"{project.url}#diskussion-heading"
    parent.refresh_from_db()
    assert parent.comment == ""
    assert parent.is_removed
    html = client.get(project.url).content.decode()
    assert "Beitrag gelöscht" in html
    assert "Eine Antwort" in html
    assert "Mein Text" not in html
    assert "Ihr Beitrag wurde gelöscht." in html


def test_only_the_author_may_delete(client, user, other_user, project):
    comment = make_comment(project, other_user)
    client.force_login(user)
    assert client.post(f"/kommentare/{comment.pk}/loeschen/").status_code == 403
    comment.refresh_from_db()
    assert not comment.is_removed


@pytest.mark.parametrize("action", ["bearbeiten", "loeschen", "melden", "antworten"])
def test_unknown_comment_is_404(client, user, action):
    client.force_login(user)
    assert client.get(f"/kommentare/999999/{action}/").status_code == 404
