"""Password reset by e-mail and password change."""

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import DEFAULT_PASSWORD

from .conftest import link_in

# allauth's e-mails go through the outbox and are sent when the request commits.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("requests_commit")]

NEW_PASSWORD = "Neue-Brücke-2027?"


def test_password_reset_by_email(client, user):
    response = client.post(reverse("account_reset_password"), {"email": user.email})
    assert response.status_code == 302
    assert response.url == reverse("account_reset_password_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [user.email]
    assert message.subject == "[Beteiligung Kleve] Passwort zurücksetzen"

    # The link leads (via a redirect that hides the key from the address bar) to the form.
    form_page = client.get(link_in(message, "/konto/password/reset/key/"), follow=True)
    html = form_page.content.decode()
    assert "<h1>Neues Passwort festlegen</h1>" in html
    action_url = form_page.redirect_chain[-1][0]

    done = client.post(action_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert done.status_code == 302
    assert done.url == reverse("account_reset_password_from_key_done")

    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert not user.check_password(DEFAULT_PASSWORD)


def test_password_reset_done_page(client):
    html = client.get(reverse("account_reset_password_done")).content.decode()

    assert "<h1>E-Mail zum Zurücksetzen gesendet</h1>" in html
    assert "<title>E-Mail zum Zurücksetzen gesendet – " in html


def test_password_reset_for_unknown_address_looks_the_same(client):
    response = client.post(reverse("account_reset_password"), {"email": "niemand@example.org"})

    assert response.status_code == 302
    assert response.url == reverse("account_reset_password_done")
    assert mail.outbox[0].subject == "[Beteiligung Kleve] Unbekanntes Konto"


def test_password_reset_with_invalid_email_shows_error_summary(client):
    response = client.post(reverse("account_reset_password"), {"email": "kein-at-zeichen"})
    html = response.content.decode()

    assert response.status_code == 200
    assert "<title>Fehler: Passwort zurücksetzen – " in html
    assert 'href="#id_email"' in html
    assert 'value="kein-at-zeichen"' in html
    assert mail.outbox == []


def test_used_or_wrong_reset_link_says_so(client, user):
    url = reverse("account_reset_password_from_key", kwargs={"uidb36": "zz", "key": "set-password"})

    response = client.get(url, follow=True)

    assert response.status_code == 200
    assert "<h1>Ungültiger Link</h1>" in response.content.decode()


def test_password_change_requires_current_password(client, user):
    client.force_login(user)

    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": "falsch", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Bitte geben Sie Ihr aktuelles Passwort ein." in html
    assert 'href="#id_oldpassword"' in html
    user.refresh_from_db()
    assert user.check_password(DEFAULT_PASSWORD)


def test_password_change(client, user):
    client.force_login(user)

    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": DEFAULT_PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        follow=True,
    )

    assert "Ihr Passwort wurde geändert." in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    # The user stays logged in after the change.
    assert response.wsgi_request.user.is_authenticated


def test_password_change_needs_login(client):
    response = client.get(reverse("account_change_password"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
