"""Failed logins slow a guesser down, behind the proxy too, without locking the owner out."""

import re

import pytest
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse

from accounts.ratelimit import LoginThrottle, client_ip
from accounts.second_factor import ensure_totp
from tests.factories import DEFAULT_PASSWORD, UserFactory

from .conftest import link_in

# allauth's e-mails go through the outbox and are sent when the request commits.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("requests_commit")]

ADMIN_LOGIN = reverse("account_login") + "?next=/cms/"
GUESSER = "203.0.113.66"
OWNER = "198.51.100.7"
PROXY = "10.0.0.2"


def attempt(client, email, password, **extra):
    return client.post(
        ADMIN_LOGIN, {"login": email, "password": password, "next": "/cms/"}, **extra
    )


@pytest.fixture
def owner(editor):
    """An editor with an authenticator app, as the admin requires."""
    ensure_totp(editor, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    return editor


def guess(client, email, times, **extra) -> list[int]:
    return [attempt(client, email, f"falsch-{n}", **extra).status_code for n in range(times)]


def test_thirty_guesses_at_the_admin_login_are_refused_long_before_the_thirtieth(client, owner):
    statuses = guess(client, owner.email, 30, REMOTE_ADDR=GUESSER)

    first_refusal = statuses.index(429) + 1
    assert first_refusal == 4  # three free failures, then a growing delay
    assert statuses[:3] == [200, 200, 200]
    assert set(statuses[3:]) == {429}
    # The right password does not help the guesser's address either ...
    assert attempt(client, owner.email, DEFAULT_PASSWORD, REMOTE_ADDR=GUESSER).status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_owner_still_logs_in_from_another_address(client, owner):
    guess(client, owner.email, 30, REMOTE_ADDR=GUESSER)

    response = attempt(client, owner.email, DEFAULT_PASSWORD, REMOTE_ADDR=OWNER)

    assert response.status_code == 302
    assert response.url == reverse("mfa_authenticate")


def test_behind_the_proxy_guesser_and_owner_are_told_apart(client, owner, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1

    statuses = guess(client, owner.email, 30, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=GUESSER)
    response = attempt(
        client, owner.email, DEFAULT_PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=OWNER
    )

    assert statuses.index(429) == 3
    assert response.status_code == 302
    assert response.url == reverse("mfa_authenticate")


def test_a_guesser_cannot_choose_an_address_by_sending_x_forwarded_for(client, owner, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    statuses = [
        attempt(
            client,
            owner.email,
            f"falsch-{n}",
            REMOTE_ADDR=PROXY,
            # the guesser sends a new address each time; the proxy appends the real one
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, {GUESSER}",
        ).status_code
        for n in range(6)
    ]

    assert statuses == [200, 200, 200, 429, 429, 429]


def test_without_a_trusted_proxy_x_forwarded_for_is_ignored(client, owner):
    statuses = [
        attempt(
            client, owner.email, "falsch", REMOTE_ADDR=GUESSER, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}"
        ).status_code
        for n in range(5)
    ]

    assert statuses == [200, 200, 200, 429, 429]


def test_the_delay_grows_with_every_failure(settings):
    throttle = LoginThrottle(RequestFactory().post("/", REMOTE_ADDR=GUESSER), "a@example.org")

    delays = [throttle.delay_after(n) for n in range(1, 12)]

    assert delays[:2] == [0, 0]
    assert delays[2:7] == [15, 30, 60, 120, 240]
    assert delays[-1] == 15 * 60
    assert delays == sorted(delays)


def test_a_distributed_guesser_hits_the_account_ceiling_not_a_lock(client, user):
    for n in range(20):
        attempt(client, user.email, "falsch", REMOTE_ADDR=f"192.0.2.{n}")

    # Password alone is no longer enough, right or wrong ...
    for password in (DEFAULT_PASSWORD, "falsch"):
        response = attempt(client, user.email, password, REMOTE_ADDR=OWNER)
        html = response.content.decode()
        assert response.status_code == 429
        assert "mit dem Passwort allein" in html
        assert "_auth_user_id" not in client.session

    # ... but the reset link is: after it the owner signs in at once.
    client.post(reverse("account_reset_password"), {"email": user.email}, REMOTE_ADDR=OWNER)
    form_page = client.get(link_in(mail.outbox[-1], "/konto/password/reset/key/"), follow=True)
    new_password = "Ein neuer langer Satz als Passwort"
    client.post(
        form_page.redirect_chain[-1][0],
        {"password1": new_password, "password2": new_password},
        REMOTE_ADDR=OWNER,
    )
    response = attempt(client, user.email, new_password, REMOTE_ADDR=OWNER)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_at_the_ceiling_an_account_with_a_second_factor_goes_on_to_it(client, owner):
    for n in range(25):
        attempt(client, owner.email, "falsch", REMOTE_ADDR=f"192.0.2.{n}")

    response = attempt(client, owner.email, DEFAULT_PASSWORD, REMOTE_ADDR=OWNER)

    assert response.status_code == 302
    assert response.url == reverse("mfa_authenticate")


def test_other_accounts_are_not_affected(client, owner):
    other = UserFactory()
    guess(client, owner.email, 10, REMOTE_ADDR=GUESSER)

    response = attempt(client, other.email, DEFAULT_PASSWORD, REMOTE_ADDR=GUESSER)

    assert response.status_code == 302


def test_the_429_page_says_when_and_keeps_the_email_but_not_the_password(client, user):
    guess(client, user.email, 3, REMOTE_ADDR=GUESSER)

    response = attempt(client, user.email, "geheim-und-falsch", REMOTE_ADDR=GUESSER)
    html = response.content.decode()

    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 15
    assert "<title>Fehler: Anmelden – " in html
    assert re.search(r"Bitte warten Sie \d+ Minute\(n\) und versuchen Sie es ab \d\d:\d\d", html)
    assert f'value="{user.email}"' in html
    assert "geheim-und-falsch" not in html
    assert 'class="error-summary"' in html


def test_allauths_own_limit_per_address_gets_our_429_page(client, user, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "2/m/ip"}
    for _ in range(2):
        attempt(client, user.email, DEFAULT_PASSWORD, REMOTE_ADDR=GUESSER)
        client.logout()

    response = attempt(client, user.email, "Geheimwort-xyz", REMOTE_ADDR=GUESSER)
    html = response.content.decode()

    assert response.status_code == 429
    assert "<h1>Zu viele Anfragen</h1>" in html
    assert re.search(r"Bitte versuchen Sie es in 1 Minute erneut, ab \d\d:\d\d", html)
    assert f'value="{user.email}"' in html
    assert "Geheimwort-xyz" not in html


@pytest.mark.parametrize(
    ("proxies", "meta", "expected"),
    [
        (0, {"REMOTE_ADDR": "192.0.2.1"}, "192.0.2.1"),
        (0, {"REMOTE_ADDR": "192.0.2.1", "HTTP_X_FORWARDED_FOR": "198.51.100.1"}, "192.0.2.1"),
        (1, {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "198.51.100.1"}, "198.51.100.1"),
        (
            1,
            {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "6.6.6.6, 198.51.100.1"},
            "198.51.100.1",
        ),
        (
            2,
            {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "198.51.100.1, 10.0.0.9"},
            "198.51.100.1",
        ),
        # fewer entries than proxies: the request bypassed them; count who connected
        (2, {"REMOTE_ADDR": "192.0.2.1", "HTTP_X_FORWARDED_FOR": "198.51.100.1"}, "192.0.2.1"),
        (1, {"REMOTE_ADDR": PROXY}, PROXY),
        # IPv6 clients are counted by their /64 network
        (0, {"REMOTE_ADDR": "2001:db8:1:2:3:4:5:6"}, "2001:db8:1:2::"),
    ],
)
def test_client_ip(settings, proxies, meta, expected):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = proxies

    assert client_ip(RequestFactory().get("/", **meta)) == expected


def test_barrier_reports_count_the_client_behind_the_proxy(client, settings, home_page):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    settings.ACCESSIBILITY_FEEDBACK_RATE_LIMIT = (1, 3600)
    data = {"description": "Der Kontrast ist zu schwach."}

    first = client.post("/barriere-melden/", data, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=GUESSER)
    again = client.post("/barriere-melden/", data, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=GUESSER)
    other = client.post("/barriere-melden/", data, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=OWNER)

    assert (first.status_code, again.status_code, other.status_code) == (302, 429, 302)
