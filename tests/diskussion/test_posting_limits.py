"""Rate limits on comments, replies and reports: 429, when to try again, the text to copy."""

import pytest
from django_comments.models import CommentFlag
from django_comments_xtd.models import XtdComment

from .conftest import make_comment, post_data

pytestmark = pytest.mark.django_db

POST_URL = "/kommentare/post/"


def test_comments_beyond_the_limit_are_refused_with_the_text_to_copy(
    client, user, project, settings
):
    settings.POSTING_RATE_LIMITS = {**settings.POSTING_RATE_LIMITS, "comment": "2/m/user"}
    client.force_login(user)
    for n in range(2):
        assert client.post(POST_URL, post_data(project, f"Beitrag {n}")).status_code == 302

    response = client.post(POST_URL, post_data(project, "Ein dritter, <b>langer</b> Beitrag."))

    html = response.content.decode()
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert "Bitte warten Sie einen Moment" in html
    assert "Nichts wurde gespeichert" in html
    assert "Ein dritter, &lt;b&gt;langer&lt;/b&gt; Beitrag." in html  # kept, escaped
    assert f'href="{project.url}#diskussion"' in html
    assert XtdComment.objects.count() == 2


def test_replies_have_their_own_limit(client, user, other_user, project, settings):
    settings.POSTING_RATE_LIMITS = {
        **settings.POSTING_RATE_LIMITS,
        "comment": "1/m/user",
        "reply": "1/m/user",
    }
    parent = make_comment(project, other_user)
    client.force_login(user)
    assert client.post(POST_URL, post_data(project, "Ein Beitrag")).status_code == 302
    reply = post_data(project, "Eine Antwort", reply_to=parent.pk)
    assert client.post(POST_URL, reply).status_code == 302
    again = post_data(project, "Noch eine Antwort", reply_to=parent.pk)
    assert client.post(POST_URL, again).status_code == 429


def test_the_limit_per_address_holds_for_many_accounts(client, user, other_user, project, settings):
    settings.POSTING_RATE_LIMITS = {**settings.POSTING_RATE_LIMITS, "comment": "1/m/ip"}
    client.force_login(user)
    assert client.post(POST_URL, post_data(project, "Eins")).status_code == 302
    client.force_login(other_user)
    assert client.post(POST_URL, post_data(project, "Zwei")).status_code == 429


def test_reports_beyond_the_limit_are_refused(client, user, other_user, project, settings):
    settings.POSTING_RATE_LIMITS = {**settings.POSTING_RATE_LIMITS, "report": "1/h/user"}
    first = make_comment(project, other_user, "Erster")
    second = make_comment(project, other_user, "Zweiter")
    client.force_login(user)
    assert client.post(f"/kommentare/{first.pk}/melden/").status_code == 302

    response = client.post(f"/kommentare/{second.pk}/melden/")

    assert response.status_code == 429
    assert "Ihre Meldung konnte nicht gesendet werden" in response.content.decode()
    assert not CommentFlag.objects.filter(comment=second).exists()
