"""Single sign-on for staff against a real OpenID Connect provider (npm "oidc-provider",
tests/oidc/provider.mjs) started on loopback: the site talks to it over HTTP (discovery, token,
userinfo, keys), the test walks through its login form as the browser would."""

import json
import os
import re
import subprocess
import sys
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import get_user_model
from django.urls import reverse

from accounts.second_factor import ensure_totp, totp_code
from config.settings.base import oidc_provider_settings
from ideen.staff import STAFF_GROUP
from tests.conftest import editors_group
from tests.factories import UserFactory
from tests.oidc.server import sign_in_at_provider, start_provider

pytestmark = pytest.mark.django_db

PROVIDER_ID = "stadt"
LOGIN_URL = f"/konto/oidc/{PROVIDER_ID}/login/"
CALLBACK_URL = f"/konto/oidc/{PROVIDER_ID}/login/callback/"
SITE = "http://testserver"
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

ACCOUNTS = {
    # staff by the verified address at kleve.de
    "anna": {
        "password": "anna-passwort",
        "email": "anna.sso@kleve.de",
        "email_verified": True,
        "name": "Anna Schmitz",
    },
    # staff by the group claim, at another domain
    "kai": {
        "password": "kai-passwort",
        "email": "kai@it-dienstleister.example",
        "email_verified": True,
        "name": "Kai Berger",
        "groups": ["beteiligung-mitarbeitende", "vpn"],
    },
    # neither
    "gast": {
        "password": "gast-passwort",
        "email": "gast@example.org",
        "email_verified": True,
        "name": "Gast",
        "groups": ["vpn"],
    },
    # a directory that sends no email_verified (Entra ID, ADFS)
    "entra": {"password": "entra-passwort", "email": "lena.entra@kleve.de", "name": "Lena"},
    # an editor who already has an account and a second factor on the site
    "redaktion": {
        "password": "redaktion-passwort",
        "email": "redaktion.sso@kleve.de",
        "email_verified": True,
        "name": "Redaktion",
    },
}


@pytest.fixture(scope="module")
def provider():
    running = start_provider(accounts=ACCOUNTS, redirect_uris=[SITE + CALLBACK_URL])
    yield running
    running.stop()


@pytest.fixture
def sso(settings, provider):
    """The site configured for the provider, as config.settings.base does from OIDC_*."""
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": oidc_provider_settings(
            provider_id=PROVIDER_ID,
            server_url=provider.issuer,
            client_id=provider.client_id,
            secret=provider.client_secret,
            label="Anmeldung für Mitarbeitende der Stadt",
            scopes=["openid", "profile", "email", "groups"],
        )
    }
    settings.OIDC_STAFF_CLAIM = "groups"
    settings.OIDC_STAFF_VALUE = "beteiligung-mitarbeitende"
    settings.STAFF_EMAIL_DOMAINS = ["kleve.de"]
    return provider


def start(client, next_url=""):
    """Press the button on the login page: the site sends the browser to the provider."""
    response = client.post(LOGIN_URL, {"next": next_url} if next_url else {})
    assert response.status_code == 302
    return response["Location"]


def sign_on(client, login, next_url=""):
    """The whole round trip; returns the site's answer to the provider's redirect back."""
    authorize_url = start(client, next_url)
    back = sign_in_at_provider(
        requests.Session(), authorize_url, login, ACCOUNTS[login]["password"], SITE
    )
    assert isinstance(back, str), back.text
    parts = urlsplit(back)
    assert parts.path == CALLBACK_URL
    return client.get(f"{parts.path}?{parts.query}")


def logged_in_user(client):
    user_id = client.session.get("_auth_user_id")
    return get_user_model().objects.filter(pk=user_id).first() if user_id else None


def test_the_login_page_shows_the_button_only_when_a_provider_is_configured(client, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {}
    assert "Mitarbeitende der Stadt" not in client.get("/konto/login/").content.decode()
    assert client.get(LOGIN_URL).status_code == 404


def test_the_login_page_offers_the_provider_as_a_form_button(client, sso):
    html = client.get("/konto/login/").content.decode()
    assert f'<form method="post" action="{LOGIN_URL}' in html
    assert "Anmeldung für Mitarbeitende der Stadt</button>" in html


def test_the_site_sends_the_browser_to_the_provider_with_pkce(client, sso):
    authorize = urlsplit(start(client))
    query = parse_qs(authorize.query)
    assert f"{authorize.scheme}://{authorize.netloc}" == sso.issuer
    assert query["client_id"] == [sso.client_id]
    assert query["redirect_uri"] == [SITE + CALLBACK_URL]
    assert query["code_challenge_method"] == ["S256"]
    assert set(query["scope"][0].split()) == {"openid", "profile", "email", "groups"}


def test_first_sign_on_creates_the_account_staff_by_the_address(client, sso):
    response = sign_on(client, "anna", next_url="/konto/profil/")

    assert response.status_code == 302
    assert response["Location"] == "/konto/profil/"
    user = logged_in_user(client)
    assert user.email == "anna.sso@kleve.de"
    assert user.display_name == "Anna Schmitz"
    assert not user.has_usable_password()
    assert EmailAddress.objects.filter(user=user, email=user.email, verified=True).exists()
    assert SocialAccount.objects.get(user=user).provider == PROVIDER_ID
    assert user.groups.filter(name=STAFF_GROUP).exists()


def test_staff_by_the_claim_of_the_provider(client, sso):
    sign_on(client, "kai")
    user = logged_in_user(client)
    assert user.email == "kai@it-dienstleister.example"
    assert user.groups.filter(name=STAFF_GROUP).exists()


def test_neither_claim_nor_domain_no_staff(client, sso):
    sign_on(client, "gast")
    user = logged_in_user(client)
    assert user is not None
    assert not user.groups.filter(name=STAFF_GROUP).exists()


def test_the_claim_counts_only_as_configured(client, sso, settings):
    settings.OIDC_STAFF_CLAIM = ""
    sign_on(client, "kai")
    assert not logged_in_user(client).groups.filter(name=STAFF_GROUP).exists()


def test_second_sign_on_uses_the_same_account_and_logout_ends_the_session(client, sso):
    sign_on(client, "anna")
    first = logged_in_user(client)
    client.post("/konto/logout/")
    assert logged_in_user(client) is None

    sign_on(client, "anna")

    assert logged_in_user(client) == first
    assert get_user_model().objects.filter(email="anna.sso@kleve.de").count() == 1
    client.post("/konto/logout/")
    assert logged_in_user(client) is None
    assert client.get("/konto/profil/").status_code == 302  # to the login


def test_an_existing_editor_is_linked_and_still_asked_for_the_second_factor(client, sso, groups):
    editor = UserFactory(email="redaktion.sso@kleve.de", display_name="Redaktion")
    editor.groups.add(editors_group())
    ensure_totp(editor, SECRET)

    response = sign_on(client, "redaktion")

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert logged_in_user(client) is None
    assert client.get("/cms/").status_code == 302
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(SECRET)})
    assert response.status_code == 302
    assert logged_in_user(client) == editor
    assert SocialAccount.objects.get(provider=PROVIDER_ID).user == editor
    assert client.get("/cms/").status_code == 200


def test_a_provider_that_is_down_gets_a_german_error_page(client, settings, free_port):
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": oidc_provider_settings(
            provider_id=PROVIDER_ID,
            server_url=f"http://127.0.0.1:{free_port}",
            client_id="x",
            secret="y",
            label="Anmeldung für Mitarbeitende",
            scopes=["openid"],
        )
    }
    response = client.post(LOGIN_URL)

    html = response.content.decode()
    assert response.status_code == 502
    assert "Die Anmeldung über Ihre Organisation hat nicht funktioniert" in html
    assert "derzeit nicht erreichbar" in html
    assert logged_in_user(client) is None


def test_a_forged_code_is_refused_and_nobody_logged_in(client, sso):
    state = parse_qs(urlsplit(start(client)).query)["state"][0]

    response = client.get(f"{CALLBACK_URL}?state={state}&code=forged-code")

    assert response.status_code == 401
    assert "nicht annehmen konnten" in response.content.decode()
    assert logged_in_user(client) is None


def test_a_wrong_state_is_refused(client, sso):
    start(client)
    response = client.get(f"{CALLBACK_URL}?state=not-ours&code=abc")
    assert response.status_code == 401
    assert logged_in_user(client) is None


def test_an_error_from_the_provider_is_shown_in_german(client, sso):
    state = parse_qs(urlsplit(start(client)).query)["state"][0]
    response = client.get(f"{CALLBACK_URL}?state={state}&error=server_error")
    assert response.status_code == 401
    assert "Die Anmeldung über Ihre Organisation hat nicht funktioniert" in (
        response.content.decode()
    )
    assert logged_in_user(client) is None


def test_a_wrong_password_at_the_provider_does_not_come_back(client, sso):
    page = sign_in_at_provider(requests.Session(), start(client), "anna", "falsch", SITE)
    assert not isinstance(page, str)
    assert re.search("Passwort ist falsch", page.text)
    assert logged_in_user(client) is None


def test_without_email_verified_the_address_is_not_trusted(client, sso):
    existing = UserFactory(email="lena.entra@kleve.de")
    sign_on(client, "entra")
    # Not linked to the existing account, not logged in as anybody yet: the address must be
    # confirmed by e-mail first (it might not be Lena's).
    assert logged_in_user(client) is None
    assert not SocialAccount.objects.filter(user=existing).exists()


def test_with_oidc_trust_email_the_address_links_the_existing_account(client, sso, settings):
    settings.OIDC_TRUST_EMAIL = True
    existing = UserFactory(email="lena.entra@kleve.de")
    sign_on(client, "entra")
    assert logged_in_user(client) == existing
    assert SocialAccount.objects.get(provider=PROVIDER_ID).user == existing
    assert existing.groups.filter(name=STAFF_GROUP).exists()


def _settings_from(env: dict) -> dict:
    script = (
        "import json, django; django.setup(); from django.conf import settings; "
        "print(json.dumps(settings.SOCIALACCOUNT_PROVIDERS))"
    )
    environment = {k: v for k, v in os.environ.items() if not k.startswith("OIDC_")}
    environment.update(DJANGO_SETTINGS_MODULE="config.settings.test", **env)
    result = subprocess.run(
        [sys.executable, "-c", script], env=environment, capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout)


def test_the_provider_comes_from_the_environment_and_is_absent_without_it():
    assert _settings_from({}) == {}
    providers = _settings_from(
        {
            "OIDC_SERVER_URL": "https://login.microsoftonline.com/tenant/v2.0",
            "OIDC_CLIENT_ID": "beteiligung",
            "OIDC_CLIENT_SECRET": "geheim",
            "OIDC_BUTTON_LABEL": "Mit dem Dienstkonto anmelden",
            "OIDC_SCOPES": "openid email profile",
        }
    )
    (app,) = providers["openid_connect"]["APPS"]
    assert providers["openid_connect"]["OAUTH_PKCE_ENABLED"] is True
    assert app["provider_id"] == "stadt"
    assert app["name"] == "Mit dem Dienstkonto anmelden"
    assert app["client_id"] == "beteiligung"
    assert app["secret"] == "geheim"
    assert app["settings"]["server_url"] == "https://login.microsoftonline.com/tenant/v2.0"


def test_signing_on_again_keeps_every_cached_page(client, sso):
    """Staff sign on every morning; the provider's data stored with each sign-on (and the
    login's time stamp) is shown on no page, so no cached page has to be rendered again."""
    from home import pagecache

    sign_on(client, "anna")
    client.post("/konto/logout/")
    start = pagecache.generation()

    sign_on(client, "anna")

    assert logged_in_user(client) is not None
    assert SocialAccount.objects.filter(user=logged_in_user(client)).count() == 1
    assert pagecache.generation() == start
