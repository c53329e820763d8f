""" "Meine Daten", "Konto löschen" and the consent step in headless Chromium, with axe-core."""

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from accounts.models import User
from diskussion.services import add_comment
from home.models import FooterSettings
from home.setup import ensure_site_root
from tests.factories import (
    DEFAULT_PASSWORD,
    ContentPageFactory,
    IdeaFactory,
    ProjectIndexPageFactory,
    ProjectPageFactory,
    UserFactory,
)

from .forms import assert_error_summary_focused, submit

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("clear_rate_limits")]


@pytest.fixture
def legal_pages(site_url):
    home = ensure_site_root()
    privacy = ContentPageFactory(parent=home, title="Datenschutz", slug="datenschutz")
    netiquette = ContentPageFactory(parent=home, title="Netiquette", slug="netiquette")
    FooterSettings.objects.update_or_create(
        site=home.get_site(), defaults={"privacy_page": privacy, "netiquette_page": netiquette}
    )
    return site_url


def reauthenticate(page):
    """allauth asks for the password again before personal data is shown or deleted."""
    expect(page.locator("h1")).to_have_text("Zugriff bestätigen")
    page.locator("main input[name=password]").fill(DEFAULT_PASSWORD)
    submit(page, "Bestätigen")


def assert_reflows(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


def test_my_data_page_and_download(page, legal_pages, login, axe):
    site_url = legal_pages
    user = UserFactory(display_name="Maria vom Deich")
    project = ProjectPageFactory(parent=ProjectIndexPageFactory(parent=ensure_site_root()))
    idea = IdeaFactory(space=project, author=user, title="Mehr Fahrradständer")
    add_comment(idea, user, "Ein Kommentar von mir.")
    login(page, user)

    page.goto(site_url + "/konto/meine-daten/")
    axe(page)
    reauthenticate(page)
    expect(page.locator("h1")).to_have_text("Meine Daten")
    expect(page.locator("main")).to_contain_text("Mehr Fahrradständer")
    expect(page.locator("main")).to_contain_text("Ein Kommentar von mir.")
    axe(page)
    page.set_viewport_size({"width": 320, "height": 800})
    assert_reflows(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Meine Daten herunterladen (JSON-Datei)").click()
    data = json.loads(Path(download_info.value.path()).read_text(encoding="utf-8"))
    assert data["account"][0]["display_name"] == "Maria vom Deich"
    assert data["ideas"][0]["title"] == "Mehr Fahrradständer"


def test_my_data_of_a_user_without_content(page, legal_pages, login, axe):
    login(page, UserFactory())
    page.goto(legal_pages + "/konto/meine-daten/")
    reauthenticate(page)
    expect(page.locator("main")).to_contain_text("Nichts gespeichert.")
    axe(page)


def test_deletion_flow_confirmation_error_and_done(page, legal_pages, login, axe):
    user = UserFactory()
    login(page, user)

    page.goto(legal_pages + "/konto/loeschen/")
    reauthenticate(page)
    expect(page.locator("h1")).to_have_text("Konto löschen")
    expect(page.locator("main")).to_contain_text("Was bleibt, und warum")
    axe(page)

    submit(page, "Mein Konto endgültig löschen")
    summary = assert_error_summary_focused(page)
    expect(summary).to_contain_text("Bitte bestätigen Sie")
    axe(page)
    assert User.objects.get(pk=user.pk).deleted_at is None

    page.set_viewport_size({"width": 320, "height": 800})
    assert_reflows(page)
    page.get_by_label("Ich habe verstanden").check()
    submit(page, "Mein Konto endgültig löschen")
    expect(page.locator("h1")).to_have_text("Ihr Konto wurde gelöscht")
    # Logged out: at 320 px the account links are in the header's menu.
    page.get_by_text("Menü", exact=True).click()
    expect(page.locator("header").get_by_role("link", name="Anmelden")).to_be_visible()
    axe(page)
    assert User.objects.get(pk=user.pk).deleted_at is not None


def test_deletion_refused_for_the_last_administrator(page, legal_pages, login, axe):
    User.objects.filter(is_superuser=True).update(is_superuser=False)
    admin = UserFactory(is_superuser=True, is_staff=True)
    login(page, admin)

    page.goto(legal_pages + "/konto/loeschen/")
    reauthenticate(page)
    expect(page.locator("[data-error-summary]")).to_contain_text("letzte Administrationskonto")
    expect(page.get_by_role("button", name="Mein Konto endgültig löschen")).to_have_count(0)
    axe(page)


def test_consent_step_with_error(page, legal_pages, login, axe, settings):
    user = UserFactory()
    login(page, user)
    settings.LEGAL_TEXT_VERSIONS = {**settings.LEGAL_TEXT_VERSIONS, "netiquette": "2099-01-01"}

    page.goto(legal_pages + "/konto/profil/")
    expect(page.locator("h1")).to_have_text("Bitte stimmen Sie den geänderten Texten zu")
    expect(page.locator("main").get_by_role("link", name="Netiquette")).to_be_visible()
    axe(page)

    submit(page, "Zustimmen und weiter")
    summary = assert_error_summary_focused(page)
    expect(summary).to_contain_text("Bitte stimmen Sie der Datenschutzerklärung")
    axe(page)

    page.get_by_label("Ich habe die Datenschutzerklärung und die Netiquette gelesen").check()
    submit(page, "Zustimmen und weiter")
    expect(page.locator("h1")).to_have_text("Ihr Profil")
    assert user.consents.filter(document="netiquette", version="2099-01-01").exists()


def test_signup_without_consent_shows_the_error(page, legal_pages, axe):
    page.goto(legal_pages + "/konto/signup/")
    expect(page.locator("main").get_by_role("link", name="Datenschutzerklärung")).to_be_visible()
    page.get_by_label("E-Mail").fill("lena@example.org")
    page.get_by_label("Anzeigename").fill("Lena vom Spoykanal")
    page.get_by_label("Passwort", exact=True).fill("Schwanenburg-2026!")
    page.get_by_label("Passwort (Wiederholung)").fill("Schwanenburg-2026!")
    submit(page, "Registrieren")
    summary = assert_error_summary_focused(page)
    expect(summary).to_contain_text("Bitte stimmen Sie der Datenschutzerklärung")
    axe(page)
    summary.get_by_role("link", name=re.compile("Datenschutzerklärung")).click()
    expect(page.locator("#id_consent")).to_be_focused()
