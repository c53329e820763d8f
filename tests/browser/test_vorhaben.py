"""The Vorhabenliste of the demo in headless Chromium: axe at 1280 and 320 px, no CSP violation."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from vorhaben.models import VorhabenPage

LIST = "/vorhabenliste/"
SCREENS = Path("/tmp/screens/vorhaben")


def scan(page, axe, url: str) -> None:
    """axe at desktop width and at 320 px; one h1, and nothing scrolls sideways when narrow."""
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(url)
        assert page.locator("h1").count() == 1, url
        if width == 320:
            assert page.evaluate("document.documentElement.scrollWidth") <= 320, url
        axe(page)


@pytest.fixture
def vorhaben_url(demo):
    page = VorhabenPage.objects.filter(reports__corrects__isnull=False).distinct().first()
    return demo + page.url


def test_the_list_a_vorhaben_and_the_timeline_pass_axe(demo, page, axe, vorhaben_url):
    scan(page, axe, demo + LIST)
    expect(page.locator("#vorhaben-results-heading")).to_contain_text("42 Vorhaben")
    scan(page, axe, vorhaben_url)
    expect(page.locator(".report__correction").first).to_contain_text("Korrektur")
    scan(page, axe, demo + LIST + "?ansicht=zeitplan")
    expect(page.locator("table caption")).to_contain_text("Quartal")
    expect(page.locator("th[scope=rowgroup]").first).to_be_visible()


def test_the_filters_work_without_javascript_and_pass_axe(demo, browser, axe):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(demo + LIST)
    page.get_by_label("Status").select_option(label="In Umsetzung")
    page.get_by_label("Ortsteil").select_option(label="Kleve (Kernstadt)")
    with page.expect_navigation():
        page.get_by_role("button", name="Vorhaben anzeigen").click()
    assert "status=in_umsetzung" in page.url and "district=kleve" in page.url
    cards = page.locator(".vorhaben-card")
    assert cards.count() >= 1
    for card in cards.all():
        expect(card).to_contain_text("In Umsetzung")
        expect(card).to_contain_text("Kleve (Kernstadt)")
    filtered = page.url
    context.close()
    page = browser.new_page()
    scan(page, axe, filtered)
    page.close()


def test_the_timeline_chart_follows_the_table_and_scrolls_in_its_own_region(demo, page, axe):
    """The chart of the timeline: axe at both widths, a bar per row of the table, the page does
    not scroll sideways at 320 px while the chart's region does and takes keyboard focus."""
    url = demo + LIST + "?ansicht=zeitplan"
    scan(page, axe, url)
    chart = page.get_by_role("img", name="Balken für Zeitraum")
    expect(chart).to_be_visible()
    rows = page.locator(".timeline-table tbody tr:not(.timeline-table__group)").count()
    assert page.locator(".timeline-chart__row").count() == rows == 20
    assert page.locator(".timeline-chart__bar").count() > 0
    expect(page.locator(".timeline-chart__legend")).to_contain_text("Heute")
    region = page.get_by_role("region", name="Zeitplan als Diagramm")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert region.evaluate("el => el.scrollWidth > el.clientWidth")
    region.focus()
    page.keyboard.press("ArrowRight")
    # Scrolling by key may be smooth: wait for it rather than read it at once.
    page.wait_for_function("el => el.scrollLeft > 0", arg=region.element_handle(), timeout=3000)
    SCREENS.mkdir(parents=True, exist_ok=True)
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(url)
        page.locator(".timeline-chart").screenshot(path=str(SCREENS / f"chart-{width}.png"))
        page.screenshot(path=str(SCREENS / f"timeline-{width}.png"), full_page=True)
