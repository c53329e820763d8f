"""`manage.py check_accessibility` against a running site (the live test server)."""

import io
import sys

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command

from barrierefreiheit.models import AccessibilityCheck
from home.setup import ensure_site_root
from tests.browser.a11y_content import build_accessibility_pages
from tests.factories import DEFAULT_PASSWORD, ContentPageFactory, UserFactory

pytestmark = pytest.mark.browser  # needs Chromium and axe-core


@pytest.fixture
def running_site(live_server, transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    ensure_site_root()
    pages = build_accessibility_pages(with_video=False)
    return live_server.url, pages


def run_command(*args, **options) -> str:
    out = io.StringIO()
    call_command("check_accessibility", *args, stdout=out, **options)
    return out.getvalue()


def test_check_stores_the_result_and_the_statement_shows_it(running_site, client):
    base_url, pages = running_site
    citizen = UserFactory()

    output = run_command(
        base_url=base_url, login=[f"{citizen.email}:{DEFAULT_PASSWORD}"], max_pages=30
    )

    check = AccessibilityCheck.objects.get()
    assert check.passed, output
    assert check.violations == {}
    assert check.pages_checked >= 8  # home, statement, easy, sign, form, login … twice
    assert check.base_url == base_url
    assert "No accessibility violations found." in output
    assert "anonymous" in output and citizen.email in output
    html = client.get(pages["statement"].url).content.decode()
    assert f"{check.pages_checked} Seiten" in html
    assert "Sie hat keine Verstöße gefunden." in html


def test_violations_fail_the_command_and_are_stored_by_rule(running_site, client):
    base_url, pages = running_site
    home = ensure_site_root()
    ContentPageFactory(
        parent=home,
        title="Schlecht gegliedert",
        slug="schlecht",
        show_in_menus=True,
        body=[("rich_text", "<h4>Viel zu tief</h4><p>Die Überschrift überspringt Ebenen.</p>")],
    )

    with pytest.raises(CommandError, match="accessibility problems"):
        run_command(base_url=base_url, max_pages=30)

    check = AccessibilityCheck.objects.get()
    assert not check.passed
    assert "heading-order" in check.violations
    rule = check.violations["heading-order"]
    assert "/schlecht/ (anonymous)" in rule["pages"]
    assert rule["help"]  # German help text from axe's locale
    html = client.get(pages["statement"].url).content.decode()
    assert "Sie hat Verstöße gegen 1 Regel gefunden:" in html
    assert rule["help"] in html


def test_no_store_only_reports(running_site):
    base_url, _pages = running_site
    run_command(base_url=base_url, max_pages=3, no_store=True)
    assert not AccessibilityCheck.objects.exists()


def test_unreachable_site_gives_a_clear_error(db):
    with pytest.raises(CommandError, match="Is the site running"):
        run_command(base_url="http://127.0.0.1:9", max_pages=1)


def test_bad_login_option_is_rejected(db):
    with pytest.raises(CommandError, match="EMAIL:PASSWORD"):
        run_command(base_url="http://127.0.0.1:9", login=["nur-eine-adresse"])


def test_missing_playwright_says_how_to_install_it(db, monkeypatch):
    monkeypatch.setitem(sys.modules, "playwright", None)
    with pytest.raises(CommandError, match="make install-test"):
        run_command(base_url="http://127.0.0.1:9")
