"""The Content-Security-Policy in a real browser: enforced, and a violation is reported."""

import time

from tests.browser.test_home import content  # noqa: F401  (fixture)


def test_an_injected_inline_script_is_blocked_and_reported(page, site_url, content, csp_violations):  # noqa: F811
    page.goto(f"{site_url}/")
    ran = page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.injected = true;";
            document.body.append(script);
            return window.injected === true;
        }"""
    )
    assert ran is False
    deadline = time.monotonic() + 5
    # Chromium logs the violation on the console and posts a report to /csp-report/.
    while not (
        any(r.startswith("Content-Security-Policy violation") for r in csp_violations)
        and any("inline script" in r for r in csp_violations)
    ):
        assert time.monotonic() < deadline, f"no violation was reported: {csp_violations}"
        page.wait_for_timeout(100)
    csp_violations.clear()  # expected here; every other browser test fails on one


def test_the_site_scripts_run_under_the_policy(page, site_url, content):  # noqa: F811
    # site.js (a static file) moves focus to the error summary after a failed submit.
    page.goto(f"{site_url}/konto/login/")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
