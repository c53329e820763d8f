"""Changing the e-mail address: the new one counts only once it is confirmed."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from .conftest import link_in

# allauth's e-mails go through the outbox and are sent when the request commits.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("requests_commit")]

NEW_EMAIL = "neu@example.org"


def request_change(client, email=NEW_EMAIL):
    return client.post(reverse("account_email"), {"email": email, "action_add": ""})


def test_email_page_shows_current_address_and_change_form(client, user):
    client.force_login(user)

    html = client.get(reverse("account_email")).content.decode()

    assert "<h1>E-Mail-Adresse</h1>" in html
    assert user.email in html
    assert '<label class="form-field__label" for="id_email">Neue E-Mail-Adresse</label>' in html
    assert 'aria-current="page">E-Mail-Adresse</a>' in html


def test_new_address_must_be_confirmed_before_it_replaces_the_old_one(client, user):
    old_email = user.email
    client.force_login(user)

    response = request_change(client)

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [NEW_EMAIL]
    user.refresh_from_db()
    assert user.email == old_email
    assert not EmailAddress.objects.get(email=NEW_EMAIL).verified
    html = client.get(reverse("account_email")).content.decode()
    assert "Änderung noch nicht bestätigt" in html
    assert NEW_EMAIL in html

    client.post(link_in(mail.outbox[0], "/konto/confirm-email/"))

    user.refresh_from_db()
    assert user.email == NEW_EMAIL
    assert EmailAddress.objects.get(user=user, primary=True).email == NEW_EMAIL
    assert not EmailAddress.objects.filter(email=old_email).exists()


def test_pending_change_can_be_resent_and_cancelled(client, user):
    client.force_login(user)
    request_change(client)

    # Within allauth's cooldown (ACCOUNT_RATE_LIMITS["confirm_email"]) nothing is re-sent ...
    client.post(reverse("account_email"), {"email": NEW_EMAIL, "action_send": ""})
    assert len(mail.outbox) == 1
    # ... after it, the e-mail goes out again.
    cache.clear()
    response = client.post(
        reverse("account_email"), {"email": NEW_EMAIL, "action_send": ""}, follow=True
    )
    assert [m.to for m in mail.outbox] == [[NEW_EMAIL], [NEW_EMAIL]]
    assert f"Wir haben eine Bestätigungs-E-Mail an {NEW_EMAIL} gesendet." in (
        response.content.decode()
    )

    client.post(reverse("account_email"), {"email": NEW_EMAIL, "action_remove": ""})
    assert not EmailAddress.objects.filter(email=NEW_EMAIL).exists()
    assert EmailAddress.objects.get(user=user).email == user.email


def test_invalid_new_address_shows_error_summary_and_keeps_input(client, user):
    client.force_login(user)

    response = request_change(client, email="kein-at-zeichen")
    html = response.content.decode()

    assert response.status_code == 200
    assert "<title>Fehler: E-Mail-Adresse – " in html
    assert html.count("data-error-summary") == 1
    assert 'href="#id_email"' in html
    assert 'value="kein-at-zeichen"' in html
    assert 'aria-invalid="true"' in html
    assert mail.outbox == []


def test_current_address_cannot_be_entered_again(client, user):
    client.force_login(user)

    response = request_change(client, email=user.email)

    assert response.status_code == 200
    assert "Diese E-Mail-Adresse gehört bereits zu Ihrem Konto." in response.content.decode()


def test_email_management_needs_login(client):
    response = client.get(reverse("account_email"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_invalid_confirmation_key_explains_what_to_do(client):
    response = client.get(reverse("account_confirm_email", kwargs={"key": "abc"}))

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>E-Mail-Adresse bestätigen</h1>" in html
    assert "Dieser Bestätigungslink ist abgelaufen oder ungültig." in html
