import pytest
from django.contrib.messages import get_messages
from django.test import RequestFactory
from django_comments.views.comments import post_comment as library_post_comment
from django_comments_xtd.models import XtdComment

from .conftest import make_comment, post_data

pytestmark = pytest.mark.django_db

POST_URL = "/kommentare/post/"


def follow_post(client, data):
    """Post and follow the redirects; return the final response."""
    return client.post(POST_URL, data, follow=True)


def test_citizen_posts_and_lands_on_the_new_comment_with_a_confirmation(client, user, project):
    client.force_login(user)
    response = client.post(POST_URL, post_data(project, "Gute Idee, weiter so!"))

    comment = XtdComment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/kommentare/gepostet/?c={comment.pk}"

    landing = client.get(response["Location"])
    assert landing.status_code == 302
    # Relative: never http://example.com/… from django.contrib.sites.
    assert landing["Location"] == f"{project.url}#c{comment.pk}"

    page = client.get(landing["Location"])
    html = page.content.decode()
    assert "Vielen Dank. Ihr Beitrag wurde veröffentlicht." in html
    assert f'id="c{comment.pk}"' in html
    assert 'tabindex="-1"' in html
    assert "Gute Idee, weiter so!" in html
    assert comment.user == user
    assert comment.user_name == user.public_name
    assert comment.followup is False


def test_anonymous_post_is_refused_and_nothing_stored(client, project):
    response = client.post(POST_URL, post_data(project))
    assert response.status_code == 403
    assert "konnte nicht gespeichert werden" in response.content.decode()
    assert not XtdComment.objects.exists()


def test_post_on_a_closed_project_is_refused(client, user, closed_project):
    client.force_login(user)
    response = client.post(POST_URL, post_data(closed_project))
    assert response.status_code == 403
    assert not XtdComment.objects.exists()


def test_post_on_a_page_the_user_may_not_see_is_refused(client, user, restricted_project):
    client.force_login(user)
    response = client.post(POST_URL, post_data(restricted_project))
    assert response.status_code == 403
    assert not XtdComment.objects.exists()


@pytest.mark.parametrize(
    "forged",
    [
        {"content_type": "beteiligung.nosuchmodel"},
        {"object_pk": "999999"},
        {"content_type": ""},
        {"security_hash": "0" * 40},
        {"honeypot": "spam"},
    ],
)
def test_forged_posts_are_refused_without_a_server_error(client, user, project, forged):
    client.force_login(user)
    response = client.post(POST_URL, post_data(project, **forged))
    assert response.status_code == 400
    assert not XtdComment.objects.exists()


def test_the_receiver_refuses_even_when_our_view_is_bypassed(user, closed_project):
    """comment_will_be_posted is the server-side gate, whichever view posts."""
    request = RequestFactory().post(POST_URL, post_data(closed_project))
    request.user = user
    request._dont_enforce_csrf_checks = True
    response = library_post_comment(request)
    assert response.status_code == 400
    assert not XtdComment.objects.exists()


def test_the_receiver_stores_name_and_email_from_the_account_not_the_form(
    user, other_user, project
):
    request = RequestFactory().post(
        POST_URL,
        post_data(project, name="Admin", email=other_user.email, url="http://spam.example"),
    )
    request.user = user
    request._dont_enforce_csrf_checks = True
    library_post_comment(request)
    comment = XtdComment.objects.get()
    assert (comment.user_name, comment.user_email, comment.user_url) == (
        user.public_name,
        user.email,
        "",
    )


def test_reply_is_stored_in_the_thread(client, user, other_user, project):
    parent = make_comment(project, other_user, "Erster Beitrag")
    client.force_login(user)
    client.post(POST_URL, post_data(project, "Eine Antwort", reply_to=parent.pk))
    reply = XtdComment.objects.get(comment="Eine Antwort")
    assert (reply.parent_id, reply.thread_id, reply.level) == (parent.pk, parent.pk, 1)


def test_replies_stop_at_the_third_level(client, user, other_user, project):
    first = make_comment(project, other_user, "Ebene 1")
    second = make_comment(project, user, "Ebene 2", parent=first)
    third = make_comment(project, other_user, "Ebene 3", parent=second)
    assert third.level == 2
    client.force_login(user)

    response = client.post(POST_URL, post_data(project, "Ebene 4", reply_to=third.pk))

    assert response.status_code == 400
    assert not XtdComment.objects.filter(comment="Ebene 4").exists()
    html = client.get(project.url).content.decode()
    assert f"/kommentare/{third.pk}/antworten/" not in html
    assert f"/kommentare/{second.pk}/antworten/" in html


def test_reply_to_a_comment_of_another_object_is_refused(
    client, user, other_user, project, restricted_project
):
    foreign = make_comment(restricted_project, other_user, "Intern")
    client.force_login(user)
    response = client.post(POST_URL, post_data(project, "Antwort", reply_to=foreign.pk))
    assert response.status_code == 400
    assert not XtdComment.objects.filter(comment="Antwort").exists()


def test_reply_to_a_deleted_comment_is_refused(client, user, other_user, project):
    from diskussion import services

    parent = make_comment(project, other_user, "Bald weg")
    services.delete_comment(parent, project)
    client.force_login(user)
    response = client.post(POST_URL, post_data(project, "Antwort", reply_to=parent.pk))
    assert response.status_code == 400
    assert not XtdComment.objects.filter(comment="Antwort").exists()


def test_empty_comment_shows_the_error_summary_and_stores_nothing(client, user, project):
    client.force_login(user)
    response = client.post(POST_URL, post_data(project, "   "))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Fehler:" in html
    assert 'class="error-summary"' in html
    assert 'href="#id_comment"' in html
    assert "Bitte schreiben Sie Ihren Beitrag." in html
    assert 'aria-invalid="true"' in html
    assert not XtdComment.objects.exists()


def test_markup_only_comment_counts_as_empty(client, user, project):
    client.force_login(user)
    response = client.post(POST_URL, post_data(project, "<p><br></p>"))
    assert "Bitte schreiben Sie Ihren Beitrag." in response.content.decode()
    assert not XtdComment.objects.exists()


def test_too_long_comment_keeps_the_input_and_explains_the_limit(client, user, project):
    client.force_login(user)
    text = "x" * 3001
    response = client.post(POST_URL, post_data(project, text))
    html = response.content.decode()
    assert "höchstens 3000 Zeichen" in html
    assert text in html
    assert not XtdComment.objects.exists()


def test_error_page_of_a_reply_shows_what_is_answered(client, user, other_user, project):
    parent = make_comment(project, other_user, "Worauf geantwortet wird")
    client.force_login(user)
    response = client.post(POST_URL, post_data(project, "", reply_to=parent.pk))
    html = response.content.decode()
    assert "Ihre Antwort" in html
    assert "Worauf geantwortet wird" in html
    assert f'name="reply_to" value="{parent.pk}"' in html


def test_html_is_stripped_on_the_way_in(client, user, project):
    client.force_login(user)
    client.post(
        POST_URL, post_data(project, '<script>alert("x")</script><b>Fett</b> <a href="x">Link</a>')
    )
    comment = XtdComment.objects.get()
    assert "<" not in comment.comment
    assert comment.comment == 'alert("x")Fett Link'


def test_links_are_linkified_with_nofollow_ugc_and_text_is_escaped(client, user, project):
    make_comment(project, user, "Siehe https://www.kleve.de/rathaus & a<b\n\nZweiter Absatz")
    html = client.get(project.url).content.decode()
    assert (
        '<a href="https://www.kleve.de/rathaus" rel="nofollow ugc">https://www.kleve.de/rathaus</a>'
        in html
    )
    assert "&amp; a&lt;b" in html
    assert "<p>Zweiter Absatz</p>" in html


def test_a_double_submit_stores_one_comment(client, user, project):
    client.force_login(user)
    data = post_data(project, "Nur einmal")
    first = client.post(POST_URL, data)
    second = client.post(POST_URL, data)
    assert XtdComment.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_posted_page_of_someone_else_gives_no_confirmation(client, user, other_user, project):
    comment = make_comment(project, other_user)
    client.force_login(user)
    response = client.get(f"/kommentare/gepostet/?c={comment.pk}")
    assert response.status_code == 302
    assert not list(get_messages(response.wsgi_request))


@pytest.mark.parametrize("value", ["", "abc", "999999"])
def test_posted_page_with_bad_id_is_404(client, value):
    assert client.get(f"/kommentare/gepostet/?c={value}").status_code == 404


def test_no_follow_up_mails_even_when_the_form_is_forged(client, user, other_user, project):
    from django.core import mail

    earlier = make_comment(project, other_user, "Früher", followup=True)
    earlier.refresh_from_db()
    assert earlier.followup is False
    client.force_login(user)
    client.post(POST_URL, post_data(project, "Mit Nachfrage", followup="on"))
    assert not XtdComment.objects.filter(followup=True).exists()
    assert mail.outbox == []
