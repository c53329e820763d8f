"""Browser tests: a live server, Debian's headless Chromium through Playwright, and axe-core."""

import io
import logging
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command
from playwright.sync_api import Page

from accounts.admin_access import needs_second_factor
from accounts.second_factor import ensure_totp, totp_code
from barrierefreiheit.accessibility.crawl import CHROMIUM, CHROMIUM_ARGS
from home.setup import ensure_site_root
from tests.conftest import TEST_TOTP_SECRET
from tests.factories import DEFAULT_PASSWORD

from . import snapshot
from .axe import assert_no_axe_violations


def pytest_collection_modifyitems(items):
    """Every test in tests/browser/ is a browser test."""
    for item in items:
        if "tests/browser/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": CHROMIUM_ARGS,
        "headless": True,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "de-DE", "timezone_id": "Europe/Berlin"}


class ViolationLog(logging.Handler):
    """Collects the Content-Security-Policy violations that browsers report to /csp-report/."""

    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.reports: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.reports.append(record.getMessage())


@pytest.fixture(autouse=True)
def csp_violations():
    """Every browser test runs with the policy enforced and fails on a violation.

    Chromium logs a blocked script or style on the console at once and sends a report to the
    live server a moment later; both are collected (the `context` fixture below adds the console).
    """
    handler = ViolationLog()
    logger = logging.getLogger("csp.violation")
    logger.addHandler(handler)
    yield handler.reports
    logger.removeHandler(handler)
    assert handler.reports == [], "Content-Security-Policy violations:\n" + "\n".join(
        handler.reports
    )


@pytest.fixture
def context(context, csp_violations):
    def on_console(message):
        if "Content Security Policy" in message.text:
            csp_violations.append(f"{message.page.url if message.page else ''}: {message.text}")

    context.on("console", on_console)
    return context


@pytest.fixture
def site_url(live_server, transactional_db):
    """The live server's base URL, with the Wagtail page tree restored after earlier flushes."""
    ensure_site_root()
    return live_server.url


@pytest.fixture
def media_site(site_url, settings, tmp_path):
    """The live server with media served from a fresh folder and rate limits reset."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ROOT_URLCONF = "tests.browser.media_urls"
    cache.clear()  # renditions cached by earlier tests point to files in their media folders
    return site_url


@pytest.fixture(scope="session")
def demo_snapshot():
    """Filled by the first test that loads the demo (tests/browser/snapshot.py)."""
    return {}


@pytest.fixture
def demo(media_site, settings, demo_snapshot):
    """The live server's site with the whole demo content loaded.

    The first test of a run loads it with `load_demo`; later ones get the same rows and media
    files back from a snapshot, in a fraction of the time.
    """
    media_root = Path(settings.MEDIA_ROOT)
    if "taken" in demo_snapshot:
        snapshot.restore(demo_snapshot["taken"], media_root)
    else:
        call_command("load_demo", force=True, stdout=io.StringIO())
        demo_snapshot["taken"] = snapshot.take(media_root)
    return media_site


@pytest.fixture
def clear_rate_limits():
    """allauth's rate limits live in the (locmem) cache, shared by the live server thread:
    a test module that signs in often uses ``pytest.mark.usefixtures("clear_rate_limits")``."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def axe():
    """Call axe(page) to fail on any accessibility violation of the current page."""
    return assert_no_axe_violations


@pytest.fixture
def login(site_url):
    """Log a user in through the real login form: login(page, user)."""

    def do_login(page: Page, user, password: str = DEFAULT_PASSWORD) -> None:
        if needs_second_factor(user):  # the admin requires one (accounts.admin_access)
            ensure_totp(user, TEST_TOTP_SECRET)
        page.goto(f"{site_url}/konto/login/")
        form = page.locator("main form").filter(has=page.locator("input[name=password]"))
        form.locator("input[name=login]").fill(user.email)
        form.locator("input[name=password]").fill(password)
        with page.expect_navigation():
            form.locator("button[type=submit]").last.click()
        if "/konto/2fa/authenticate/" in page.url:
            code = totp_code(TEST_TOTP_SECRET)
            # A code counts once; a test that logs the same user in twice may reuse it.
            cache.delete(f"allauth.mfa.totp.used?user={user.pk}&code={code}")
            page.locator("main input[name=code]").fill(code)
            with page.expect_navigation():
                page.locator("main form").first.locator("button[type=submit]").first.click()

    return do_login


@pytest.fixture(scope="session")
def tile_server():
    """The local tile server (tests/browser/tiles.py), one per test run."""
    from .tiles import TileServer

    server = TileServer().start()
    yield server
    server.stop()


@pytest.fixture
def map_tiles(tile_server, settings):
    """Maps load their tiles from the local server; the policy allows its origin."""
    settings.MAP_TILE_URL = tile_server.url
    settings.MAP_TILE_ATTRIBUTION = "© Testkacheln"
    tile_server.requested.clear()
    return tile_server
