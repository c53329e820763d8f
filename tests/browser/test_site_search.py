"""The site search with ideas and proposals in a real browser: axe at 1280 and 320 px, the
filters without JavaScript, no CSP violations (checked for every browser test)."""

from playwright.sync_api import expect

from tests.browser.test_home import assert_no_horizontal_scrolling


def test_search_finds_the_hotspot_proposals_and_filters_without_javascript(
    browser, page, demo, axe
):
    page.goto(demo + "/suche/?q=Hotspots")
    expect(page.locator("#idea-results-count")).to_contain_text("für „Hotspots“")
    results = page.locator(".search-results__item--idea")
    expect(results.first).to_contain_text("Vorschlag")
    expect(page.locator(".search-results__item--idea mark").first).to_have_text("Hotspot")
    assert page.get_by_role("link", name="Hotspot auf dem Koekkoekplatz").is_visible()
    axe(page)
    page.set_viewport_size({"width": 320, "height": 800})
    assert_no_horizontal_scrolling(page)
    axe(page)

    context = browser.new_context(java_script_enabled=False, locale="de-DE")
    nojs = context.new_page()
    try:
        nojs.goto(demo + "/suche/?q=Hotspots")
        nojs.get_by_label("Status").select_option(label="Abgelehnt")
        with nojs.expect_navigation():
            nojs.get_by_role("button", name="Filter anwenden").click()
        assert "q=Hotspots" in nojs.url and "status=abgelehnt" in nojs.url
        expect(nojs.get_by_label("Suchbegriff")).to_have_value("Hotspots")
        expect(nojs.get_by_label("Status")).to_have_value("abgelehnt")
        with nojs.expect_navigation():
            nojs.get_by_role("link", name="Alle Filter zurücksetzen").click()
        expect(nojs.get_by_label("Status")).to_have_value("")
        filtered_url = demo + "/suche/?q=Hotspots&status=abgelehnt"
    finally:
        context.close()

    # axe needs JavaScript: scan the filtered page in a normal one.
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(filtered_url)
    axe(page)
