"""The demo site in a real browser: axe on every demo page, logged out and in, and at 320 px."""

import os
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Page

from beteiligung.models import ProjectIndexPage, ProjectPage
from demo.loader import accounts
from home.models import ContentPage, HomePage

# Set SCREENSHOT_DIR=/tmp/screens/demo to keep screenshots of the demo pages for a human look.
SCREENSHOT_DIR = os.environ.get("SCREENSHOT_DIR")
CITIZEN = next(account for account in accounts() if account.username == "maria.beispiel")
OPEN_PROJECT = "/projekte/freies-wlan/"


def demo_paths() -> list[str]:
    """Every live page of the home loaders: home, content, footer and project pages."""
    return [
        page.url
        for page in Page.objects.live()
        .type(HomePage, ContentPage, ProjectIndexPage, ProjectPage)
        .order_by("path")
    ]


def screenshot(page, name: str) -> None:
    if SCREENSHOT_DIR:
        Path(SCREENSHOT_DIR).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SCREENSHOT_DIR}/{name}.png", full_page=True)


def test_every_demo_page_has_no_axe_violations_logged_out(demo, page, axe):
    paths = demo_paths()
    assert {"/", "/projekte/", OPEN_PROJECT, "/digitalstrategie/", "/impressum/"} <= set(paths)
    for path in paths:
        page.goto(demo + path)
        assert page.locator("h1").count() == 1, path
        axe(page)
    page.goto(demo + "/digitalstrategie/")
    image = page.locator("main figure img")
    assert image.get_attribute("alt").startswith("Illustration:")
    assert image.evaluate("img => img.naturalWidth") > 0  # the generated image really loads


def test_demo_pages_have_no_axe_violations_for_a_logged_in_citizen(demo, page, axe, login):
    citizen = get_user_model().objects.get(username=CITIZEN.username)
    login(page, citizen, password=CITIZEN.password)
    for path in ["/", "/digitalstrategie/", "/projekte/", OPEN_PROJECT, "/projekte/open-data/"]:
        page.goto(demo + path)
        assert page.get_by_role("button", name="Abmelden").is_visible(), path
        axe(page)


@pytest.mark.parametrize("path", ["/", OPEN_PROJECT])
def test_demo_pages_reflow_at_320_px(demo, page, axe, path):
    page.set_viewport_size({"width": 320, "height": 720})
    page.goto(demo + path)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    axe(page)


# The widest single word of the h1, measured in the h1's own font (browsers split words that
# do not fit, mid-word, since Chromium on Linux has no German hyphenation dictionary).
WIDEST_H1_WORD = """() => {
    const h1 = document.querySelector("main h1");
    const probe = document.createElement("span");
    probe.style.whiteSpace = "nowrap";
    h1.appendChild(probe);
    let widest = 0;
    for (const word of h1.firstChild.textContent.trim().split(/\\s+/)) {
        probe.textContent = word;
        widest = Math.max(widest, probe.getBoundingClientRect().width);
    }
    probe.remove();
    return [widest, h1.clientWidth];
}"""


def test_every_demo_page_fits_320_px_without_splitting_title_words(demo, page):
    page.set_viewport_size({"width": 320, "height": 720})
    for path in demo_paths():
        page.goto(demo + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, path
        widest, available = page.evaluate(WIDEST_H1_WORD)
        assert widest <= available, f"{path}: a word of the title is split ({widest} > {available})"


def test_screenshots_of_home_content_and_project_page(demo, page):
    """Keeps screenshots when SCREENSHOT_DIR is set; always checks the pages show their content."""
    for name, path in [
        ("home", "/"),
        ("content-page", "/digitalstrategie/"),
        ("project-page", OPEN_PROJECT),
        ("project-index", "/projekte/"),
        ("easy-language", "/leichte-sprache/"),
    ]:
        for width in (1280, 320):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(demo + path)
            assert page.locator("main h1").is_visible()
            screenshot(page, f"{name}-{width}")
