"""Run axe-core in a Playwright page and fail with a readable report on any violation.

The implementation lives in barrierefreiheit.accessibility.axe, shared with
`manage.py check_accessibility`.
"""

from playwright.sync_api import Page

from barrierefreiheit.accessibility.axe import (  # noqa: F401  (re-exported for the tests)
    AXE_LOCALE,
    AXE_SCRIPT,
    AXE_TAGS,
    format_violations,
    run_axe,
)


class AccessibilityError(AssertionError):
    """axe-core found violations."""


def assert_no_axe_violations(page: Page, within: str | None = None) -> None:
    """Fail the test when axe reports any violation of the WCAG 2.2 AA and best-practice tags
    (in the part of the page ``within`` selects, or all of it)."""
    violations = run_axe(page, within)
    if violations:
        raise AccessibilityError(format_violations(page.url, violations))
