"""The page for an expired form (CSRF failure): German, in the site's layout, without barriers."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

SCREENS = Path("/tmp/screens/review")


@pytest.mark.parametrize("width", [1280, 320])
def test_a_form_sent_without_cookies_explains_what_to_do(page, site_url, axe, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{site_url}/barriere-melden/")
    page.get_by_label("Beschreibung der Barriere").fill("Der Kontrast ist zu schwach.")
    page.context.clear_cookies()
    with page.expect_navigation() as navigation:
        page.locator("main form button[type=submit]").click()

    assert navigation.value.status == 403
    expect(page).to_have_title("Das Formular ist abgelaufen – Beteiligung Kleve")
    expect(page.locator("h1")).to_have_text("Das Formular ist abgelaufen")
    expect(page.locator("main")).to_contain_text("Bitte erlauben Sie Cookies")
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / f"csrf-no-cookie-{width}.png"), full_page=True)
    axe(page)


def test_a_form_with_an_outdated_token_does_not_blame_cookies(page, site_url, axe):
    page.goto(f"{site_url}/barriere-melden/")
    page.get_by_label("Beschreibung der Barriere").fill("Der Kontrast ist zu schwach.")
    # Another tab logged in meanwhile: the browser now holds a different token.
    page.context.add_cookies([{"name": "csrftoken", "value": "y" * 32, "url": site_url}])
    with page.expect_navigation() as navigation:
        page.locator("main form button[type=submit]").click()

    assert navigation.value.status == 403
    expect(page.locator("h1")).to_have_text("Das Formular ist abgelaufen")
    expect(page.locator("main")).not_to_contain_text("Cookies")
    page.screenshot(path=str(SCREENS / "csrf-outdated-token.png"), full_page=True)
    axe(page)
