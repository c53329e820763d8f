"""Sign-up: display name required, e-mail verification mandatory, input kept on errors."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from .conftest import SIGNUP_DATA, link_in

# allauth's e-mails go through the outbox and are sent when the request commits.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("requests_commit")]

User = get_user_model()


def signup(client, **changes):
    return client.post(reverse("account_signup"), {**SIGNUP_DATA, **changes})


def test_signup_page_asks_for_email_display_name_and_password_in_that_order(client):
    response = client.get(reverse("account_signup"))
    html = response.content.decode()
    assert response.status_code == 200
    positions = [html.index(f'name="{name}"') for name in SIGNUP_DATA]
    assert positions == sorted(positions)
    assert 'autocomplete="email"' in html
    assert 'autocomplete="nickname"' in html
    assert 'autocomplete="new-password"' in html
    assert "placeholder=" not in html.split('id="main-content"')[1]


def test_signup_creates_user_with_display_name_and_sends_verification_email(client):
    response = signup(client)

    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    user = User.objects.get(email=SIGNUP_DATA["email"])
    assert user.display_name == "Maria vom Deich"
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [SIGNUP_DATA["email"]]
    assert message.subject == "[Beteiligung Kleve] Bitte bestätigen Sie Ihre E-Mail-Adresse"
    assert "Maria vom Deich" in message.body
    assert "example.com" not in message.body
    assert link_in(message, "/konto/confirm-email/")


def test_verification_sent_page_explains_the_next_step(client):
    response = client.post(reverse("account_signup"), SIGNUP_DATA, follow=True)
    html = response.content.decode()
    assert "<h1>Bestätigen Sie Ihre E-Mail-Adresse</h1>" in html
    assert "Spam-Ordner" in html


def test_signup_without_display_name_is_refused(client):
    response = signup(client, display_name="")

    assert response.status_code == 200
    assert not User.objects.filter(email=SIGNUP_DATA["email"]).exists()
    assert mail.outbox == []
    assert 'href="#id_display_name"' in response.content.decode()


def test_display_name_with_at_sign_is_refused(client):
    response = signup(client, display_name="maria@example.org")

    assert response.status_code == 200
    assert not User.objects.exists()
    assert "Bitte verwenden Sie keine E-Mail-Adresse als Anzeigenamen." in response.content.decode()


def test_invalid_signup_keeps_input_and_shows_error_summary(client):
    response = signup(client, password2="etwas-anderes-2026")
    html = response.content.decode()

    assert response.status_code == 200
    assert "<title>Fehler: Registrieren – " in html
    assert "data-error-summary" in html
    assert 'href="#id_password2"' in html
    assert 'value="maria@example.org"' in html
    assert 'value="Maria vom Deich"' in html
    # Passwords are never sent back to the browser.
    assert "Schwanenburg-2026!" not in html
    # The field is tied to its error message.
    assert 'aria-describedby="id_password2_error1"' in html
    assert 'aria-invalid="true"' in html


def test_unverified_user_cannot_log_in(client):
    signup(client)
    client.logout()
    mail.outbox.clear()

    response = client.post(
        reverse("account_login"),
        {"login": SIGNUP_DATA["email"], "password": SIGNUP_DATA["password1"]},
    )

    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_after_confirming_user_can_log_in_and_header_shows_display_name(client, home_page):
    signup(client)
    confirm_url = link_in(mail.outbox[0], "/konto/confirm-email/")
    client.logout()

    page = client.get(confirm_url)
    assert page.status_code == 200
    assert "<h1>E-Mail-Adresse bestätigen</h1>" in page.content.decode()
    client.post(confirm_url)
    assert EmailAddress.objects.get(email=SIGNUP_DATA["email"]).verified

    response = client.post(
        reverse("account_login"),
        {"login": SIGNUP_DATA["email"], "password": SIGNUP_DATA["password1"]},
        follow=True,
    )
    assert response.wsgi_request.user.is_authenticated
    assert "Sie sind jetzt als Maria vom Deich angemeldet." in response.content.decode()

    html = client.get("/").content.decode()
    header = html.split("<header")[1].split("</header>")[0]
    assert "Maria vom Deich" in header
    assert "Abmelden" in header
    assert "Anmelden" not in header
    assert SIGNUP_DATA["email"] not in html


def test_existing_email_does_not_reveal_the_account(client, user):
    response = signup(client, email=user.email)

    # Same answer as for a new address; the owner gets a hint by e-mail instead.
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert User.objects.filter(email=user.email).count() == 1
    assert mail.outbox[0].to == [user.email]
    assert "Konto besteht bereits" in mail.outbox[0].subject
