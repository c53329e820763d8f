"""Security keys and passkeys (WebAuthn) in a real browser, with a virtual authenticator."""

import re
from functools import partial

import pytest
from allauth.mfa.models import Authenticator
from playwright.sync_api import expect

from tests.factories import DEFAULT_PASSWORD

from . import forms
from .shots import assert_fits_320

pytestmark = pytest.mark.usefixtures("clear_rate_limits")
# These tests click the first button of a name (the sign-in pages may show more than one).
submit = partial(forms.submit, first=True)


def add_virtual_authenticator(page) -> tuple:
    """A platform authenticator (like Windows Hello or Touch ID) that always confirms the user."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    result = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    return cdp, result["authenticatorId"]


def sign_in_with_password(page, site_url, user, next_url="/cms/"):
    page.goto(f"{site_url}/konto/login/?next={next_url}")
    page.get_by_label("E-Mail").fill(user.email)
    page.get_by_label("Passwort", exact=True).fill(DEFAULT_PASSWORD)
    submit(page, "Anmelden")


def confirm_password_if_asked(page):
    if "reauthenticate" in page.url:
        page.get_by_label("Passwort", exact=True).fill(DEFAULT_PASSWORD)
        submit(page, "Bestätigen")


def add_key(page, site_url, axe, name, passwordless):
    page.goto(f"{site_url}/konto/2fa/webauthn/add/")
    confirm_password_if_asked(page)
    expect(page).to_have_url(re.compile(r"/konto/2fa/webauthn/add/"))
    axe(page)
    assert_fits_320(page)
    page.get_by_label("Name").fill(name)
    if passwordless:
        page.get_by_role("checkbox").check()
    with page.expect_navigation():
        page.locator("#mfa_webauthn_add").click()


def test_editor_adds_a_security_key_and_signs_in_with_it(page, site_url, editor, axe):
    add_virtual_authenticator(page)
    sign_in_with_password(page, site_url, editor)
    expect(page).to_have_url(re.compile(r"/konto/2fa/$"))

    add_key(page, site_url, axe, "Dienstlaptop", passwordless=False)
    # The first key comes with recovery codes, for when it is lost.
    expect(page).to_have_url(re.compile(r"/konto/2fa/recovery-codes/$"))
    assert Authenticator.objects.filter(user=editor, type=Authenticator.Type.WEBAUTHN).count() == 1
    axe(page)

    # The list of keys, renaming and the removal question.
    page.goto(f"{site_url}/konto/2fa/webauthn/")
    expect(page.locator("main")).to_contain_text("Dienstlaptop")
    axe(page)
    assert_fits_320(page)
    page.locator("main").get_by_role("link", name=re.compile("Umbenennen")).first.click()
    expect(page).to_have_url(re.compile(r"/edit/$"))
    axe(page)
    assert_fits_320(page)
    page.get_by_label("Name").fill("Laptop im Büro")
    submit(page, "Speichern")
    page.goto(f"{site_url}/konto/2fa/webauthn/")
    expect(page.locator("main")).to_contain_text("Laptop im Büro")
    page.locator("main").get_by_role("link", name=re.compile("Entfernen")).first.click()
    expect(page).to_have_url(re.compile(r"/remove/$"))
    axe(page)
    assert_fits_320(page)

    page.goto(f"{site_url}/cms/")
    expect(page).to_have_url(f"{site_url}/cms/")

    # Next time: password, then the key.
    page.context.clear_cookies()
    sign_in_with_password(page, site_url, editor)
    expect(page).to_have_url(re.compile(r"/konto/2fa/authenticate/$"))
    axe(page)
    assert_fits_320(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Sicherheitsschlüssel oder Passkey verwenden").click()
    expect(page).to_have_url(f"{site_url}/cms/")


def test_citizen_adds_a_passkey_and_signs_in_with_it_alone(page, site_url, citizen, axe):
    add_virtual_authenticator(page)
    sign_in_with_password(page, site_url, citizen, next_url="/")
    add_key(page, site_url, axe, "Mein Telefon", passwordless=True)
    assert Authenticator.objects.filter(user=citizen, type=Authenticator.Type.WEBAUTHN).exists()

    page.context.clear_cookies()
    page.goto(f"{site_url}/konto/login/")
    axe(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Mit einem Passkey anmelden").click()
    page.goto(f"{site_url}/konto/2fa/")
    expect(page).to_have_url(re.compile(r"/konto/2fa/$"))
    expect(page.locator("body")).to_contain_text("Abmelden")


def test_a_failing_key_gives_a_clear_message_and_signs_nobody_in(page, site_url, editor, axe):
    cdp, authenticator_id = add_virtual_authenticator(page)
    sign_in_with_password(page, site_url, editor)
    add_key(page, site_url, axe, "Schlüssel", passwordless=False)
    expect(page).to_have_url(re.compile(r"/konto/2fa/recovery-codes/$"))

    # The browser refuses to add the same key twice: the page says so.
    page.goto(f"{site_url}/konto/2fa/webauthn/add/")
    page.get_by_label("Name").fill("Noch einmal")
    page.locator("#mfa_webauthn_add").click()
    alert = page.locator("main [data-webauthn-error]")
    expect(alert).to_contain_text("konnte nicht hinzugefügt werden")
    axe(page)
    assert Authenticator.objects.filter(user=editor, type=Authenticator.Type.WEBAUTHN).count() == 1

    # The key answers with a signature the server cannot verify: a message, no 500, no login.
    page.context.clear_cookies()
    cdp.send(
        "WebAuthn.setResponseOverrideBits",
        {"authenticatorId": authenticator_id, "isBogusSignature": True},
    )
    sign_in_with_password(page, site_url, editor)
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Sicherheitsschlüssel oder Passkey verwenden").click()
    assert navigation.value.status == 200
    expect(page).to_have_url(re.compile(r"/konto/2fa/authenticate/$"))
    expect(page.locator("#webauthn-failed")).to_contain_text("konnte nicht bestätigt werden")
    axe(page)
    page.goto(f"{site_url}/cms/")
    expect(page).not_to_have_url(f"{site_url}/cms/")
