"""Home, content, project and search pages in headless Chromium, scanned with axe-core."""

import pytest
from django.test import override_settings

from home.setup import ensure_site_root
from tests.factories import (
    ContentPageFactory,
    ProjectIndexPageFactory,
    ProjectPageFactory,
    UserFactory,
)


@pytest.fixture
def content(site_url):
    home = ensure_site_root()
    page = ContentPageFactory(
        parent=home,
        title="Über die Plattform",
        show_in_menus=True,
        body=[
            ("rich_text", "<h2>Worum es geht</h2><p>Mitreden in Kleve.</p>"),
            ("quote", {"quote": "Transparenz schafft Vertrauen.", "attribution": "Strategie"}),
            (
                "call_to_action",
                {
                    "heading": "Mitmachen",
                    "text": "Jetzt beteiligen.",
                    "page": home,
                    "url": "",
                    "link_label": "Zur Startseite",
                },
            ),
        ],
    )
    index = ProjectIndexPageFactory(parent=home, show_in_menus=True)
    project = ProjectPageFactory(parent=index, title="Digitales Bürgerbüro")
    return {"content": page, "index": index, "project": project}


def assert_no_horizontal_scrolling(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def test_home_page_logged_out(page, site_url, content, axe):
    page.goto(site_url + "/")
    assert page.locator("h1").count() == 1
    assert page.get_by_role("link", name="Anmelden").is_visible()
    axe(page)


def test_home_page_empty_states(page, site_url, axe):
    page.goto(site_url + "/")
    assert page.get_by_text("Zurzeit gibt es keine Beteiligungsprojekte").is_visible()
    axe(page)


def test_home_page_logged_in(page, site_url, content, login, axe):
    user = UserFactory(display_name="Maria aus Kellen")
    login(page, user)
    page.goto(site_url + "/")
    assert page.get_by_role("link", name="Angemeldet als Maria aus Kellen").is_visible()
    assert page.get_by_role("button", name="Abmelden").is_visible()
    axe(page)


def test_content_project_index_and_project_pages(page, site_url, content, axe):
    for key in ["content", "index", "project"]:
        page.goto(site_url + content[key].url)
        assert page.locator("h1").count() == 1
        axe(page)


def test_skip_link_is_first_and_moves_focus_to_main(page, site_url, content):
    page.goto(site_url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Zum Inhalt springen"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"


@pytest.mark.parametrize("query", ["", "Bürgerbüro", "Seilbahn"], ids=["empty", "hits", "none"])
def test_search_states(page, site_url, content, axe, query):
    page.goto(f"{site_url}/suche/?q={query}")
    if query == "Bürgerbüro":
        assert page.get_by_role("link", name="Digitales Bürgerbüro").is_visible()
    axe(page)


@pytest.mark.parametrize("path", ["/", "/suche/?q=Bürgerbüro", "content"])
def test_pages_reflow_at_320_px(page, site_url, content, axe, path):
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(site_url + (content["content"].url if path == "content" else path))
    assert_no_horizontal_scrolling(page)
    axe(page)


@override_settings(DEBUG=False)
def test_not_found_page(page, site_url, axe):
    response = page.goto(site_url + "/gibt-es-nicht/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Seite nicht gefunden"
    axe(page)
