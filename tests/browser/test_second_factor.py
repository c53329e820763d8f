"""The second factor in a real browser: setup, sign-in with a code, recovery codes, 429."""

import re
import time
from functools import partial

import pytest
from playwright.sync_api import expect

from accounts.second_factor import totp_code
from tests.factories import DEFAULT_PASSWORD

from . import forms
from .shots import assert_fits_320

pytestmark = pytest.mark.usefixtures("clear_rate_limits")
# These tests click the first button of a name (the sign-in pages may show more than one).
submit = partial(forms.submit, first=True)


def sign_in(page, site_url, user, next_url="/cms/"):
    page.goto(f"{site_url}/cms/login/?next={next_url}")
    page.get_by_label("E-Mail").fill(user.email)
    page.get_by_label("Passwort", exact=True).fill(DEFAULT_PASSWORD)
    submit(page, "Anmelden")


def enter_code(page, code):
    page.get_by_label("Code", exact=True).fill(code)
    submit(page, "Anmelden")


def test_editor_sets_up_an_authenticator_app_and_signs_in_with_it(page, site_url, editor, axe):
    # After the password, the admin is closed until a second factor exists.
    sign_in(page, site_url, editor)
    expect(page).to_have_url(re.compile(r"/konto/2fa/$"))
    expect(page.locator("#second-factor-required")).to_contain_text(
        "mit einem zweiten Faktor geschützt"
    )
    axe(page)
    assert_fits_320(page)
    page.goto(f"{site_url}/cms/pages/")
    expect(page).to_have_url(re.compile(r"/konto/2fa/$"))

    # Set up the app (allauth asks for the password once more first).
    page.goto(f"{site_url}/konto/2fa/totp/activate/")
    axe(page)
    page.get_by_label("Passwort", exact=True).fill(DEFAULT_PASSWORD)
    submit(page, "Bestätigen")
    expect(page.locator("h1")).to_have_text("Authenticator-App einrichten")
    expect(page.locator("img.totp-setup__qr")).to_have_attribute("alt", re.compile("QR-Code"))
    secret_text = page.locator("#totp-secret").inner_text()
    assert re.fullmatch(r"([A-Z2-7]{4} )+[A-Z2-7]{1,4}", secret_text), secret_text
    expect(page.get_by_role("button", name="Schlüssel kopieren")).to_be_visible()
    axe(page)
    assert_fits_320(page)

    # A wrong code: error summary linked to the field, focus on the summary.
    page.get_by_label("Code aus der App").fill("000000")
    submit(page, "Aktivieren")
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Dieser Code ist nicht (mehr) gültig.")
    expect(page.get_by_label("Code aus der App")).to_have_attribute("aria-invalid", "true")
    axe(page)
    summary.get_by_role("link").first.click()
    expect(page.get_by_label("Code aus der App")).to_be_focused()

    secret = "".join(page.locator("#totp-secret").inner_text().split())
    page.get_by_label("Code aus der App").fill(totp_code(secret))
    submit(page, "Aktivieren")
    expect(page).to_have_url(re.compile(r"/konto/2fa/recovery-codes/$"))
    recovery_codes = page.locator("main textarea").input_value().split()
    assert len(recovery_codes) == 10
    axe(page)

    page.goto(f"{site_url}/cms/")
    expect(page).to_have_url(f"{site_url}/cms/")

    # Next time: password, then a code. Wrong and expired codes get a clear message.
    page.context.clear_cookies()
    sign_in(page, site_url, editor)
    expect(page).to_have_url(re.compile(r"/konto/2fa/authenticate/$"))
    expect(page.locator("h1")).to_have_text("Mit dem zweiten Faktor bestätigen")
    axe(page)
    assert_fits_320(page)
    enter_code(page, "123456")
    expect(page.locator("[data-error-summary]")).to_contain_text("nicht (mehr) gültig")
    axe(page)
    enter_code(page, totp_code(secret, time.time() - 180))
    expect(page.locator("[data-error-summary]")).to_contain_text("nicht (mehr) gültig")
    enter_code(page, totp_code(secret))
    expect(page).to_have_url(f"{site_url}/cms/")

    # A recovery code works once ...
    page.context.clear_cookies()
    sign_in(page, site_url, editor)
    enter_code(page, recovery_codes[0])
    expect(page).to_have_url(f"{site_url}/cms/")

    # ... and is refused the second time, with the reason.
    page.context.clear_cookies()
    sign_in(page, site_url, editor)
    enter_code(page, recovery_codes[0])
    expect(page.locator("[data-error-summary]")).to_contain_text(
        "Ein Wiederherstellungscode gilt nur ein einziges Mal."
    )
    expect(page).to_have_url(re.compile(r"/konto/2fa/authenticate/$"))
    axe(page)


def test_overview_for_a_citizen_offers_the_factor_without_requiring_it(
    page, site_url, user, login, axe
):
    login(page, user)
    page.goto(f"{site_url}/konto/profil/")
    page.get_by_role("link", name=re.compile("Zwei-Faktor-Authentifizierung")).click()
    expect(page.locator("h1")).to_have_text("Zwei-Faktor-Authentifizierung")
    expect(page.locator("#second-factor-required")).to_have_count(0)
    axe(page)


def test_refused_login_gets_an_accessible_429_with_the_email_kept(page, site_url, user, axe):
    page.goto(f"{site_url}/konto/login/")
    for _ in range(4):
        page.get_by_label("E-Mail").fill(user.email)
        page.get_by_label("Passwort", exact=True).fill("falsch-geraten")
        with page.expect_navigation() as navigation:
            page.locator("main").get_by_role("button", name="Anmelden", exact=True).click()

    assert navigation.value.status == 429
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text(re.compile(r"versuchen Sie es ab \d\d:\d\d Uhr erneut"))
    expect(page.get_by_label("E-Mail")).to_have_value(user.email)
    expect(page.get_by_label("Passwort", exact=True)).to_have_value("")
    axe(page)
    assert_fits_320(page)


def test_allauths_429_page_is_accessible(page, site_url, user, settings, axe):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "1/m/ip"}
    page.goto(f"{site_url}/konto/login/")
    for _ in range(2):
        page.get_by_label("E-Mail").fill(user.email)
        page.get_by_label("Passwort", exact=True).fill("falsch-geraten")
        with page.expect_navigation() as navigation:
            page.locator("main").get_by_role("button", name="Anmelden", exact=True).click()

    assert navigation.value.status == 429
    expect(page.locator("h1")).to_have_text("Zu viele Anfragen")
    expect(page.locator("main")).to_contain_text(re.compile(r"in 1 Minute erneut, ab \d\d:\d\d"))
    expect(page.get_by_label("E-Mail")).to_have_value(user.email)
    axe(page)
    assert_fits_320(page)
