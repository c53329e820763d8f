"""Statement, "Barriere melden", Leichte Sprache and DGS pages in Chromium, scanned with axe."""

import re

import pytest
from playwright.sync_api import expect

from barrierefreiheit.feedback import BarrierReport
from home.setup import ensure_site_root
from tests.factories import ContentPageFactory, UserFactory

from .a11y_content import build_accessibility_pages, screenshot


@pytest.fixture
def pages(media_site):
    return build_accessibility_pages()


def test_statement_page(page, site_url, pages, axe):
    page.goto(site_url + pages["statement"].url)
    assert page.locator("h1").inner_text() == "Erklärung zur Barrierefreiheit"
    assert page.get_by_role("heading", name="Durchsetzungsverfahren").is_visible()
    axe(page)
    screenshot(page, "statement")


def test_footer_link_prefills_the_page_and_report_is_sent(page, site_url, pages, axe):
    page.goto(site_url + pages["easy"].url)
    page.locator("footer").get_by_role("link", name="Barriere melden").click()
    page.wait_for_url("**/barriere-melden/**")
    assert page.get_by_label("Betroffene Seite").input_value() == pages["easy"].url
    assert page.title().startswith("Barriere melden")
    axe(page)
    screenshot(page, "feedback-form")

    page.get_by_label("Beschreibung der Barriere").fill(
        "Die Wort-Erklärung wird vom Screenreader doppelt vorgelesen."
    )
    page.get_by_label("Ihre E-Mail-Adresse").fill("erika@example.org")
    with page.expect_navigation():
        page.get_by_role("button", name="Meldung senden").click()

    assert page.locator("h1").inner_text() == "Vielen Dank für Ihre Meldung"
    assert page.get_by_text("Ombudsstelle für barrierefreie Informationstechnik").first.is_visible()
    report = BarrierReport.objects.get()
    assert report.page_url == pages["easy"].url
    axe(page)
    screenshot(page, "feedback-sent")


def test_form_errors_move_focus_to_the_summary(page, site_url, pages, axe):
    page.goto(site_url + "/barriere-melden/")
    page.get_by_label("Ihre E-Mail-Adresse").fill("keine-adresse")
    with page.expect_navigation():
        page.get_by_role("button", name="Meldung senden").click()

    assert page.title().startswith("Fehler:")
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    summary_link = page.locator(".error-summary a").first
    summary_link.click()
    assert page.evaluate("document.activeElement.id") == "id_description"
    assert page.get_by_label("Ihre E-Mail-Adresse").input_value() == "keine-adresse"
    axe(page)
    screenshot(page, "feedback-errors")


def test_rate_limited_state(page, site_url, pages, axe, settings):
    settings.ACCESSIBILITY_FEEDBACK_RATE_LIMIT = (1, 3600)
    for text in ["Erste Meldung", "Zweite Meldung"]:
        page.goto(site_url + "/barriere-melden/")
        page.get_by_label("Beschreibung der Barriere").fill(text)
        with page.expect_navigation():
            page.get_by_role("button", name="Meldung senden").click()
    assert page.title().startswith("Fehler:")
    assert page.get_by_text("in einer Stunde").is_visible()
    assert page.get_by_role("link", name="barrierefreiheit@kleve.de").is_visible()
    assert BarrierReport.objects.count() == 1
    axe(page)


def test_honeypot_is_invisible_and_not_focusable(page, site_url, pages):
    page.goto(site_url + "/barriere-melden/")
    trap = page.locator("input[name=website]")
    assert trap.count() == 1
    box = trap.bounding_box()
    assert box is None or box["x"] < 0
    # Tab through the form: the honeypot never gets focus.
    focused = []
    for _ in range(60):
        page.keyboard.press("Tab")
        focused.append(page.evaluate("document.activeElement.name || ''"))
    assert "website" not in focused
    assert "description" in focused


def test_easy_language_page(page, site_url, pages, axe):
    page.goto(site_url + pages["easy"].url)
    assert page.get_by_text("Was bedeutet „Barriere“?").is_visible()
    axe(page)
    screenshot(page, "easy-language")


def test_sign_language_page_with_video(page, site_url, pages, axe):
    page.goto(site_url + pages["sign"].url)
    video = page.locator("video")
    assert video.get_attribute("poster").startswith("/media/")
    assert page.locator("video track[kind=captions]").count() == 1
    # The browser can really load and decode the WebM file.
    page.wait_for_function("document.querySelector('video').readyState >= 1", timeout=10_000)
    assert page.evaluate("document.querySelector('video').duration") == pytest.approx(12, abs=1)
    download = page.get_by_role("link", name=re.compile(r"^Video herunterladen\s*: Willkommen$"))
    assert download.is_visible()
    assert "WEBM" in page.locator(".video-block__meta").first.inner_text()
    page.get_by_text("Textfassung des Videos").click()
    assert page.get_by_text("Willkommen in Kleve.").is_visible()
    axe(page)
    screenshot(page, "sign-language")


def test_sign_language_page_without_video(page, site_url, settings, tmp_path, axe):
    settings.MEDIA_ROOT = tmp_path / "media"
    pages = build_accessibility_pages(with_video=False)
    page.goto(site_url + pages["sign"].url)
    assert page.locator("video").count() == 0
    assert page.get_by_text("Das Video ist zurzeit nicht verfügbar.").is_visible()
    assert page.get_by_text("Willkommen in Kleve.").is_visible()
    axe(page)


def test_editors_content_checker_flags_their_heading_mistake(page, site_url, pages, login, axe):
    """Wagtail's userbar runs our content checker (editorial rules without DEBUG)."""
    editor = UserFactory(is_superuser=True, is_staff=True)
    bad = ContentPageFactory(
        parent=ensure_site_root(),
        title="Falsch gegliedert",
        slug="falsch",
        body=[("rich_text", "<h4>Zu tief</h4><p>Die Überschrift überspringt Ebenen.</p>")],
    )
    login(page, editor)
    page.goto(site_url + bad.url)
    count = page.locator("wagtail-userbar #checker-trigger [data-content-checker-count]")
    expect(count).to_have_text("1", timeout=10_000)

    page.goto(site_url + pages["statement"].url)
    expect(page.locator("wagtail-userbar")).to_have_count(1)
    axe(page)  # the userbar itself adds no barrier
