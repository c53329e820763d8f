"""Login, logout and allauth's rate limits."""

import pytest
from django.urls import reverse

from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def login(client, email, password=DEFAULT_PASSWORD, **extra):
    return client.post(reverse("account_login"), {"login": email, "password": password}, **extra)


def test_login_page_has_labelled_fields_and_a_reset_link(client):
    html = client.get(reverse("account_login")).content.decode()

    assert "<title>Anmelden – " in html
    assert html.count("<h1>") == 1
    assert '<label class="form-field__label" for="id_login">E-Mail</label>' in html
    assert 'autocomplete="current-password"' in html
    assert 'aria-describedby="id_password_helptext"' in html
    assert f'href="{reverse("account_reset_password")}"' in html
    assert '<button class="button" type="submit">Anmelden</button>' in html


def test_verified_user_logs_in_with_email(client, user):
    response = login(client, user.email)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_wrong_password_shows_error_summary_and_keeps_email(client, user):
    response = login(client, user.email, password="falsch")
    html = response.content.decode()

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "<title>Fehler: Anmelden – " in html
    assert "Die E-Mail-Adresse oder das Passwort ist nicht richtig." in html
    assert f'value="{user.email}"' in html


def test_empty_login_links_each_error_to_its_field(client):
    html = login(client, "", password="").content.decode()

    assert 'href="#id_login"' in html
    assert 'href="#id_password"' in html


def test_inactive_user_sees_the_inactive_page(client):
    user = UserFactory(is_active=False)

    response = login(client, user.email, follow=True)

    assert "_auth_user_id" not in client.session
    assert "Dieses Konto ist gesperrt." in response.content.decode()


def test_logout_asks_for_confirmation_on_get(client, user):
    client.force_login(user)

    response = client.get(reverse("account_logout"))

    assert response.status_code == 200
    assert "Möchten Sie sich wirklich abmelden?" in response.content.decode()
    assert client.session["_auth_user_id"] == str(user.pk)


def test_logout_by_post(client, user, home_page):
    client.force_login(user)

    response = client.post(reverse("account_logout"), follow=True)

    assert "_auth_user_id" not in client.session
    html = response.content.decode()
    assert "Sie haben sich abgemeldet." in html
    assert user.display_name not in html


def test_repeated_failed_logins_are_refused_even_with_the_right_password(client, user):
    for _ in range(3):
        assert login(client, user.email, password="falsch").status_code == 200

    response = login(client, user.email)

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert "Zu viele fehlgeschlagene Versuche von Ihrem Anschluss." in response.content.decode()


def test_too_many_login_requests_get_an_accessible_429_page(client, user, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "2/m/ip"}
    login(client, user.email, password="falsch")
    login(client, user.email, password="falsch")

    response = login(client, user.email)

    assert response.status_code == 429
    html = response.content.decode()
    assert '<html lang="de">' in html
    assert "<h1>Zu viele Anfragen</h1>" in html


def test_rate_limits_are_configured():
    from allauth.account import app_settings

    limits = app_settings.RATE_LIMITS
    for action in ("login", "login_failed", "signup", "reset_password", "manage_email"):
        assert limits.get(action), action
