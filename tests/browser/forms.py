"""Form steps that several browser tests share: submitting and the error summary."""

import re

from playwright.sync_api import Locator, Page, expect


def submit(page: Page, name: str, *, first: bool = False) -> None:
    """Click the submit button called ``name`` inside <main> and wait for the next page
    (with ``first``, the first of several buttons of that name)."""
    button = page.locator("main").get_by_role("button", name=name, exact=True)
    with page.expect_navigation():
        (button.first if first else button).click()


def assert_error_summary_focused(page: Page) -> Locator:
    """After a failed submit the title starts with "Fehler: " and the error summary has focus."""
    expect(page).to_have_title(re.compile(r"^Fehler: "))
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    return summary
