"""Admin view "Geplante Aufgaben" in the browser, with axe."""

import pytest
from playwright.sync_api import expect

from betrieb.scheduler import run_due
from tests.factories import UserFactory

pytestmark = pytest.mark.browser


def test_administrators_see_the_scheduled_jobs(page, site_url, axe, login, settings):
    settings.PERIODIC_JOBS = {
        **settings.PERIODIC_JOBS,
        "broken": {
            "command": "shell",
            "args": ["-c", "raise RuntimeError('boom')"],
            "interval": 60,
        },
    }
    run_due()
    administrator = UserFactory(is_superuser=True, is_staff=True)
    login(page, administrator)
    # Straight to the page: the dashboard's Wagtail update check would leave the CSP's connect-src.
    page.goto(f"{site_url}/cms/geplante-aufgaben/")
    page.wait_for_load_state("networkidle")
    expect(page.locator('a[href="/cms/geplante-aufgaben/"]').first).to_be_attached()  # menu
    expect(page.locator("h1")).to_contain_text("Geplante Aufgaben")
    expect(page.locator("main")).to_contain_text("apply_retention")
    expect(page.locator("main")).to_contain_text("fehlgeschlagen")
    axe(page)
    page.get_by_text("Fehler anzeigen").first.click()
    expect(page.locator("main pre").first).to_contain_text("RuntimeError: boom")
    axe(page)
