"""Single sign-on in Chromium through the real provider's login form (tests/oidc/provider.mjs):
the button on our login page, the way back, logout; the error page when the provider is down.
Our pages are checked with axe-core and at 320 px; the provider's own page is not ours."""

import pytest
from django.contrib.auth import get_user_model

from config.settings.base import oidc_provider_settings
from tests.oidc.server import free_port, start_provider

from .shots import assert_fits_320

pytestmark = pytest.mark.browser

CALLBACK = "/konto/oidc/stadt/login/callback/"
LABEL = "Anmeldung für Mitarbeitende der Stadt"


def configure(settings, server_url, client_id="beteiligung-kleve", secret="x"):
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": oidc_provider_settings(
            provider_id="stadt",
            server_url=server_url,
            client_id=client_id,
            secret=secret,
            label=LABEL,
            scopes=["openid", "profile", "email"],
        )
    }


def test_sign_on_through_the_providers_login_form_and_log_out(page, site_url, axe, settings):
    provider = start_provider(
        accounts={
            "jonas": {
                "password": "jonas-passwort",
                "email": "jonas.sso@kleve.de",
                "email_verified": True,
                "name": "Jonas Peters",
            }
        },
        redirect_uris=[site_url + CALLBACK],
    )
    try:
        configure(settings, provider.issuer, provider.client_id, provider.client_secret)
        # Opened by address (GET), allauth asks first; its page is ours too.
        page.goto(f"{site_url}/konto/oidc/stadt/login/")
        axe(page)
        page.goto(f"{site_url}/konto/3rdparty/login/cancelled/")
        axe(page)
        page.goto(f"{site_url}/konto/login/")
        axe(page)
        assert_fits_320(page)
        with page.expect_navigation():
            page.get_by_role("button", name=LABEL).click()

        assert page.url.startswith(provider.issuer)
        page.get_by_label("Benutzername").fill("jonas")
        page.get_by_label("Passwort").fill("jonas-passwort")
        page.get_by_role("button", name="Anmelden").click()
        page.wait_for_url(f"{site_url}/**")

        user = get_user_model().objects.get(email="jonas.sso@kleve.de")
        assert user.display_name == "Jonas Peters"
        page.goto(f"{site_url}/konto/profil/")
        # An account created by the provider has not agreed to the privacy notice and the
        # netiquette yet: the consent step comes first (accounts.consent).
        assert "/konto/zustimmung/" in page.url
        axe(page)
        page.get_by_label("Ich habe die Datenschutzerklärung und die Netiquette gelesen").check()
        with page.expect_navigation():
            page.get_by_role("button", name="Zustimmen und weiter").click()
        assert page.url == f"{site_url}/konto/profil/"
        axe(page)
        page.goto(f"{site_url}/konto/3rdparty/")  # the linked accounts
        axe(page)
        with page.expect_navigation():
            page.get_by_role("button", name="Abmelden").first.click()
        page.goto(f"{site_url}/konto/profil/")
        assert "/konto/login/" in page.url
    finally:
        provider.stop()


def test_a_provider_that_is_down_gets_an_accessible_error_page(page, site_url, axe, settings):
    configure(settings, f"http://127.0.0.1:{free_port()}")
    page.goto(f"{site_url}/konto/login/")
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name=LABEL).click()

    assert navigation.value.status == 502
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Die Anmeldung über Ihre Organisation hat nicht funktioniert"
    )
    axe(page)
    assert_fits_320(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Zurück zur Anmeldung").click()
    assert "/konto/login/" in page.url
