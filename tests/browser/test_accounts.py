"""Account pages (allauth and profile) in headless Chromium, scanned with axe-core."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import DEFAULT_PASSWORD, UserFactory

from .forms import assert_error_summary_focused, submit

pytestmark = pytest.mark.usefixtures("clear_rate_limits")


def test_login_page_empty_and_with_errors(page, site_url, axe):
    page.goto(site_url + "/konto/login/")
    expect(page).to_have_title("Anmelden – Beteiligung Kleve")
    expect(page.locator("h1")).to_have_count(1)
    axe(page)

    submit(page, "Anmelden")
    summary = assert_error_summary_focused(page)
    expect(summary.get_by_role("link")).to_have_count(2)
    axe(page)

    # Each entry of the summary leads to its field.
    summary.get_by_role("link", name=re.compile("^E-Mail")).click()
    expect(page.locator("#id_login")).to_be_focused()


def test_login_with_wrong_password(page, site_url, user, axe):
    page.goto(site_url + "/konto/login/")
    page.get_by_label("E-Mail").fill(user.email)
    page.get_by_label("Passwort", exact=True).fill("falsch")
    submit(page, "Anmelden")

    assert_error_summary_focused(page)
    expect(page.locator("[data-error-summary]")).to_contain_text("nicht richtig")
    expect(page.get_by_label("E-Mail")).to_have_value(user.email)
    axe(page)


def test_login_page_at_320_pixels(page, site_url, axe):
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(site_url + "/konto/login/")

    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    axe(page)

    submit(page, "Anmelden")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


def test_signup_empty_with_errors_and_verification_sent(page, site_url, axe):
    page.goto(site_url + "/konto/signup/")
    expect(page).to_have_title("Registrieren – Beteiligung Kleve")
    axe(page)

    page.get_by_label("E-Mail").fill("lena@example.org")
    page.get_by_label("Anzeigename").fill("lena@example.org")
    submit(page, "Registrieren")
    summary = assert_error_summary_focused(page)
    expect(summary).to_contain_text("keine E-Mail-Adresse als Anzeigenamen")
    expect(page.get_by_label("E-Mail")).to_have_value("lena@example.org")
    axe(page)

    page.get_by_label("Anzeigename").fill("Lena vom Spoykanal")
    page.get_by_label("Passwort", exact=True).fill("Schwanenburg-2026!")
    page.get_by_label("Passwort (Wiederholung)").fill("Schwanenburg-2026!")
    page.get_by_label("Ich habe die Datenschutzerklärung und die Netiquette gelesen").check()
    submit(page, "Registrieren")
    expect(page.locator("h1")).to_have_text("Bestätigen Sie Ihre E-Mail-Adresse")
    axe(page)


def test_password_reset_request_and_done(page, site_url, user, axe):
    page.goto(site_url + "/konto/password/reset/")
    expect(page.locator("h1")).to_have_text("Passwort zurücksetzen")
    axe(page)

    submit(page, "Link zum Zurücksetzen anfordern")
    assert_error_summary_focused(page)
    axe(page)

    page.get_by_label("E-Mail").fill(user.email)
    submit(page, "Link zum Zurücksetzen anfordern")
    expect(page.locator("h1")).to_have_text("E-Mail zum Zurücksetzen gesendet")
    axe(page)


def test_email_management_logged_in(page, site_url, login, axe):
    user = UserFactory()
    login(page, user)
    page.goto(site_url + "/konto/email/")
    expect(page).to_have_title("E-Mail-Adresse – Beteiligung Kleve")
    axe(page)

    page.get_by_label("Neue E-Mail-Adresse").fill("kein-at-zeichen")
    submit(page, "E-Mail-Adresse ändern")
    assert_error_summary_focused(page)
    axe(page)

    page.get_by_label("Neue E-Mail-Adresse").fill("neu@example.org")
    submit(page, "E-Mail-Adresse ändern")
    expect(page.get_by_role("heading", name="Änderung noch nicht bestätigt")).to_be_visible()
    axe(page)


def test_password_change_logged_in(page, site_url, login, axe):
    user = UserFactory()
    login(page, user)
    page.goto(site_url + "/konto/password/change/")
    expect(page.locator("h1")).to_have_text("Passwort ändern")
    axe(page)

    page.get_by_label("Aktuelles Passwort").fill("falsch")
    submit(page, "Passwort ändern")
    assert_error_summary_focused(page)
    axe(page)

    page.get_by_label("Aktuelles Passwort").fill(DEFAULT_PASSWORD)
    page.get_by_label("Neues Passwort", exact=True).fill("Neue-Brücke-2027?")
    page.get_by_label("Neues Passwort (Wiederholung)").fill("Neue-Brücke-2027?")
    submit(page, "Passwort ändern")
    expect(page.locator(".messages")).to_contain_text("Ihr Passwort wurde geändert.")


def test_profile_page_and_after_saving(page, site_url, login, axe):
    user = UserFactory(display_name="Jan Janssen")
    login(page, user)
    page.goto(site_url + "/konto/profil/")
    expect(page.get_by_label("Anzeigename")).to_have_value("Jan Janssen")
    axe(page)

    page.get_by_label("Anzeigename").fill("jan@example.org")
    submit(page, "Speichern")
    assert_error_summary_focused(page)
    axe(page)

    page.get_by_label("Anzeigename").fill("Jan vom Kermisdahl")
    submit(page, "Speichern")
    expect(page.locator(".messages")).to_contain_text("Ihr Profil wurde gespeichert.")
    expect(page.locator("header")).to_contain_text("Jan vom Kermisdahl")
    expect(page.locator("header")).not_to_contain_text(user.email)
    axe(page)


def test_logout_confirmation_page(page, site_url, login, axe):
    user = UserFactory(display_name="Kim")
    login(page, user)
    page.goto(site_url + "/konto/logout/")
    expect(page.locator("h1")).to_have_text("Abmelden")
    axe(page)

    submit(page, "Abmelden")
    expect(page.locator("header").get_by_role("link", name="Anmelden")).to_be_visible()
    expect(page.locator(".messages")).to_contain_text("Sie haben sich abgemeldet.")


def test_pages_without_forms_and_the_reauthentication_page(page, site_url, login, axe):
    for path, heading in [
        ("/konto/confirm-email/", "Bestätigen Sie Ihre E-Mail-Adresse"),
        ("/konto/confirm-email/ungueltig/", "E-Mail-Adresse bestätigen"),
        ("/konto/password/reset/key/zz-set-password/", "Ungültiger Link"),
        ("/konto/password/reset/key/done/", "Passwort geändert"),
        ("/konto/inactive/", "Konto gesperrt"),
    ]:
        page.goto(site_url + path)
        expect(page.locator("h1")).to_have_text(heading)
        axe(page)

    login(page, UserFactory())
    page.goto(site_url + "/konto/reauthenticate/")
    expect(page.locator("h1")).to_have_text("Zugriff bestätigen")
    axe(page)
    submit(page, "Bestätigen")
    assert_error_summary_focused(page)
    axe(page)


def test_rate_limited_login_gets_an_accessible_page(page, site_url, settings, axe):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "1/m/ip"}
    page.goto(site_url + "/konto/login/")
    submit(page, "Anmelden")
    submit(page, "Anmelden")

    expect(page.locator("h1")).to_have_text("Zu viele Anfragen")
    axe(page)
