"""Beteiligung anregen in headless Chromium: axe at 1280 and 320 px before and after asking,
with the keyboard only and with an error. (The form is a plain POST; tests/vorhaben covers it
without any script.)"""

import pytest
from playwright.sync_api import expect

from tests.factories import UserFactory
from vorhaben.models import ParticipationRequest, VorhabenPage


def scan(page, axe) -> None:
    """axe at desktop width and at 320 px on the current page; nothing scrolls sideways."""
    url = page.url
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(url)
        assert page.locator("h1").count() == 1, url
        if width == 320:
            assert page.evaluate("document.documentElement.scrollWidth") <= 320, url
        axe(page)


@pytest.fixture
def waiting(demo):
    """The demo's Vorhaben whose requests reached the threshold and wait for the answer."""
    return VorhabenPage.objects.awaiting_participation_answer().get()


def test_anonymous_readers_see_the_count_the_deadline_and_the_answer(demo, page, axe, waiting):
    page.goto(demo + waiting.url)
    section = page.locator("#beteiligung-anregen")
    expect(section).to_contain_text("Personen haben Beteiligung angeregt")
    expect(section).to_contain_text("Die Stadt antwortet bis")
    expect(section.get_by_role("link", name="Zum Anregen anmelden")).to_be_visible()
    scan(page, axe)
    answered = VorhabenPage.objects.filter(participation_answered_on__isnull=False).get()
    page.goto(demo + answered.url)
    expect(page.locator(".report").first).to_contain_text("Beteiligung wird durchgeführt")
    expect(page.locator("#beteiligung-anregen")).to_contain_text("Die Stadt hat am")
    scan(page, axe)


def test_a_citizen_asks_with_the_keyboard_and_withdraws(demo, page, axe, login, waiting):
    citizen = UserFactory(display_name="Tastatur Test")
    login(page, citizen)
    page.goto(demo + waiting.url)
    scan(page, axe)  # the page with the request form
    before = waiting.participation_request_count
    field = page.get_by_label("Warum sollten Bürgerinnen und Bürger beteiligt werden?")
    field.focus()
    page.keyboard.type("Die Menschen im Ortsteil kennen die Lage am besten.")
    page.keyboard.press("Tab")
    button = page.get_by_role("button", name="Beteiligung anregen")
    expect(button).to_be_focused()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("#beteiligung-anregen")
    expect(page.locator(".messages, [role=status]").first).to_contain_text("Danke")
    section = page.locator("#beteiligung-anregen")
    expect(section).to_contain_text(f"{before + 1} Personen haben Beteiligung angeregt")
    expect(section).to_contain_text("Die Menschen im Ortsteil kennen die Lage am besten.")
    scan(page, axe)  # after asking
    withdraw = page.get_by_role("button", name="Meine Anregung zurückziehen")
    withdraw.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("#beteiligung-anregen")).to_contain_text(f"{before} Personen")
    assert not ParticipationRequest.objects.filter(user=citizen).exists()


def test_an_empty_reason_comes_back_with_an_error_summary(demo, page, axe, login, waiting):
    citizen = UserFactory()
    login(page, citizen)
    page.goto(demo + waiting.url)
    with page.expect_navigation():
        page.get_by_role("button", name="Beteiligung anregen").click()
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("warum eine Beteiligung nötig ist")
    expect(summary.get_by_role("link")).to_have_attribute("href", "#id_reason")
    axe(page)  # the error state
    scan(page, axe)  # the form page at both widths
    field = page.get_by_label("Warum sollten Bürgerinnen und Bürger beteiligt werden?")
    field.fill("Jetzt mit Grund")
    with page.expect_navigation():
        page.get_by_role("button", name="Beteiligung anregen").click()
    assert ParticipationRequest.objects.filter(user=citizen).exists()
