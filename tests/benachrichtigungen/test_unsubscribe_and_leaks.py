"""One-click unsubscribe without a login (RFC 8058), clear messages for bad links, and no
internal content for somebody who may no longer read it when the e-mail is sent."""

import pytest
from django.core import mail, signing
from django.urls import reverse

from benachrichtigungen import services
from benachrichtigungen.delivery import TOKEN_SALT, make_token
from benachrichtigungen.models import Choice, Kind, Notification
from diskussion.services import add_comment
from outbox.models import OutgoingMail
from outbox.services import send_due
from tests.factories import IdeaFactory, StaffUserFactory

pytestmark = pytest.mark.django_db


def reply_mail(project, petra, jonas, capture):
    mine = add_comment(project, petra, "Frage?")
    mail.outbox.clear()
    with capture(execute=True):
        add_comment(project, jonas, "Antwort.", parent=mine)
    [message] = [m for m in mail.outbox if "petra@example.org" in m.to]
    return message


def test_every_e_mail_has_text_html_and_one_click_unsubscribe(
    project, petra, jonas, django_capture_on_commit_callbacks
):
    message = reply_mail(project, petra, jonas, django_capture_on_commit_callbacks)
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert '<html lang="de">' in html and "Antwort." in html
    assert "Antwort." in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert link.startswith("http") and "/benachrichtigungen/abbestellen/" in link
    assert link in message.body and "/konto/neuigkeiten/einstellungen/" in message.body


def test_one_click_post_without_login_turns_off_only_that_kind(
    client, project, petra, jonas, django_capture_on_commit_callbacks
):
    message = reply_mail(project, petra, jonas, django_capture_on_commit_callbacks)
    path = message.extra_headers["List-Unsubscribe"].strip("<>").split("://", 1)[1]
    path = path[path.index("/") :]
    # What a mail program sends (RFC 8058): a POST with this body, no cookies, no CSRF token.
    response = client.post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert "Antworten auf meine Kommentare" in response.content.decode()
    choices = services.all_choices(petra)
    assert choices[Kind.REPLY] == Choice.OFF
    assert choices[Kind.COMMENT_ON_MINE] == Choice.IMMEDIATELY
    assert choices[Kind.PROJECT_NEWS] == Choice.WEEKLY


def test_get_only_asks_for_confirmation(client, petra):
    url = reverse("benachrichtigungen:unsubscribe", args=[make_token(petra.pk, Kind.REPLY)])
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<form" in page and "Abbestellen" in page
    assert services.all_choices(petra)[Kind.REPLY] == Choice.IMMEDIATELY


@pytest.mark.parametrize("method", ["get", "post"])
def test_forged_token_gives_a_german_message(client, petra, method):
    token = make_token(petra.pk, Kind.REPLY)[:-3] + "abc"
    response = getattr(client, method)(reverse("benachrichtigungen:unsubscribe", args=[token]))
    assert response.status_code == 400
    assert "nicht gültig" in response.content.decode()
    assert services.all_choices(petra)[Kind.REPLY] == Choice.IMMEDIATELY


def test_expired_token_gives_a_german_message(client, petra, settings):
    token = signing.TimestampSigner(salt=TOKEN_SALT).sign_object({"u": petra.pk, "k": "reply"})
    settings.NOTIFICATION_UNSUBSCRIBE_DAYS = -1
    response = client.post(reverse("benachrichtigungen:unsubscribe", args=[token]))
    assert response.status_code == 400
    assert "abgelaufen" in response.content.decode()
    assert services.all_choices(petra)[Kind.REPLY] == Choice.IMMEDIATELY


def test_token_of_an_unknown_kind_is_refused(client, petra):
    token = signing.TimestampSigner(salt=TOKEN_SALT).sign_object({"u": petra.pk, "k": "spam"})
    response = client.post(reverse("benachrichtigungen:unsubscribe", args=[token]))
    assert response.status_code == 400


def test_internal_comment_not_sent_to_someone_who_left_the_staff(platform, groups):
    anna = StaffUserFactory(display_name="Anna", email="anna@kleve.de")
    jonas = StaffUserFactory(display_name="Jonas", email="jonas@kleve.de")
    idea = IdeaFactory(space=platform, author=anna, title="Interne Idee")
    mail.outbox.clear()
    add_comment(idea, jonas, "Vertrauliche Einschätzung.")  # e-mail queued, not yet sent
    assert Notification.objects.filter(recipient=anna).exists()
    anna.groups.clear()  # left the staff while the e-mail waited
    send_due()
    assert not [m for m in mail.outbox if "Vertrauliche" in m.body]
    assert OutgoingMail.objects.get(kind="notification").state == OutgoingMail.State.CANCELLED
