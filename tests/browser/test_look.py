"""The look of the demo: the compact header and its menu, images, the home page, the project
page and the statistics tiles, at 320 and 1280 px, with and without JavaScript."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_barriers_by_hand import add_text_spacing, overflow
from tests.browser.test_citizen_loop import DEMO_PASSWORD, log_in

OPEN_PROJECT = "/projekte/online-beteiligung/"
STATISTICS = "/zahlen-und-statistiken/"
MARIA = "maria.beispiel@example.org"
ANNA = "anna.schmitz@kleve.de"


def no_horizontal_scrolling(page) -> bool:
    return page.evaluate(
        "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def test_main_navigation_and_account_links_fit_one_row_each_at_1280_px(page, demo):
    """Logged in as staff the menu is longest (the internal Ideenplattform too)."""
    log_in(page, demo, ANNA, DEMO_PASSWORD)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(demo + "/")
    links = page.locator(".main-nav-bar .main-nav a")
    assert links.count() >= 7
    tops = {round(box["y"]) for box in (links.nth(i).bounding_box() for i in range(links.count()))}
    assert len(tops) == 1, tops  # one row
    # Brand, search and the account links share the first row.
    brand = page.locator(".site-brand").bounding_box()
    logout = page.get_by_role("button", name="Abmelden").bounding_box()
    assert logout["y"] < brand["y"] + brand["height"]
    expect(page.locator(".site-menu")).to_be_hidden()


def test_menu_opens_by_keyboard_on_a_phone(page, demo, axe):
    page.set_viewport_size({"width": 320, "height": 720})
    page.goto(demo + "/")
    # The content starts high: only the brand and the menu button come before it.
    assert page.locator("main h1").bounding_box()["y"] < 160
    expect(page.locator(".main-nav-bar")).to_be_hidden()
    menu_link = page.locator(".site-menu").get_by_role("link", name="Projekte")
    expect(menu_link).to_be_hidden()
    page.keyboard.press("Tab")  # skip link
    page.keyboard.press("Tab")  # brand
    page.keyboard.press("Tab")
    toggle = page.get_by_text("Menü", exact=True)
    assert toggle.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    expect(menu_link).to_be_visible()
    expect(page.locator(".site-menu").get_by_role("link", name="Anmelden")).to_be_visible()
    expect(page.locator(".site-menu").get_by_role("searchbox")).to_be_visible()
    page.keyboard.press("Tab")
    assert menu_link.evaluate("el => el === document.activeElement")
    axe(page)
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")  # closes it again
    expect(menu_link).to_be_hidden()
    assert no_horizontal_scrolling(page)


def test_menu_works_without_javascript(demo, browser):
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 320, "height": 720}, locale="de-DE"
    )
    page = context.new_page()
    try:
        page.goto(demo + "/")
        page.get_by_text("Menü", exact=True).click()
        with page.expect_navigation():
            page.locator(".site-menu").get_by_role("link", name="Entscheidungen").click()
        expect(page.locator("main h1")).to_have_text("Entscheidungen")
    finally:
        context.close()


def test_home_hero_shows_its_image_beside_the_text(page, demo, axe):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(demo + "/")
    image = page.locator(".hero__figure img")
    expect(image).to_have_attribute("alt", re.compile("Schwanenburg"))
    expect(image).to_have_attribute("loading", "eager")
    assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    assert image.evaluate("img => img.currentSrc").endswith(".avif")  # Chromium takes AVIF
    text = page.locator(".hero__text").bounding_box()
    box = image.bounding_box()
    assert box["x"] >= text["x"] + text["width"]  # beside, not below
    assert box["y"] < text["y"] + text["height"]
    expect(page.locator(".hero__figure figcaption")).to_have_text(
        "Illustration: Stadt Kleve (Demo)"
    )
    # The cards below the fold load their images lazily and say nothing twice.
    cards = page.locator(".project-card .card__image img")
    assert cards.count() >= 3
    for index in range(cards.count()):
        expect(cards.nth(index)).to_have_attribute("loading", "lazy")
        expect(cards.nth(index)).to_have_attribute("alt", "")
    # A lone card as wide as the row ("Neueste Ergebnisse") puts its image beside the text
    # instead of a picture across the whole page.
    lone = page.locator("#outcomes-heading + .card-list .project-card")
    assert lone.count() == 1
    card, picture = lone.bounding_box(), lone.locator(".card__image img").bounding_box()
    title = lone.locator(".card__title").bounding_box()
    assert picture["width"] < card["width"] / 3
    assert title["x"] >= picture["x"] + picture["width"]
    axe(page)


def test_project_page_has_in_page_links_and_offers_a_proposal_once(page, demo, axe):
    log_in(page, demo, MARIA, DEMO_PASSWORD)
    page.goto(demo + OPEN_PROJECT)
    nav = page.get_by_role("navigation", name="Auf dieser Seite")
    links = nav.get_by_role("link")
    names = [links.nth(i).inner_text() for i in range(links.count())]
    assert names == [
        "Mitmachen",
        "Zeitplan",
        "Ort",
        "Über das Projekt",
        "Vorschläge",
        "Diskussion",
    ]
    for index in range(links.count()):
        target = links.nth(index).get_attribute("href")
        assert page.locator(target).count() == 1, target
    expect(page.get_by_role("link", name=re.compile("^Vorschlag machen"))).to_have_count(1)
    expect(page.locator(".project__figure img")).to_have_attribute("alt", re.compile("Laptop"))
    nav.get_by_role("link", name="Diskussion").click()
    expect(page).to_have_url(re.compile("#diskussion$"))
    axe(page)


@pytest.mark.parametrize("width", [320, 1280])
def test_statistics_tiles_never_split_a_word_and_the_table_fits(page, demo, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(demo + STATISTICS)
    split = page.evaluate(
        """() => [...document.querySelectorAll('.key-figures dt, .key-figures dd')].flatMap(el => {
            const probe = document.createElement('span');
            probe.style.whiteSpace = 'nowrap';
            el.appendChild(probe);
            const words = el.firstChild.textContent.trim().split(/\\s+/);
            const wide = words.filter(word => {
                probe.textContent = word;
                return probe.getBoundingClientRect().width > el.clientWidth + 0.5;
            });
            probe.remove();
            return wide;
        })"""
    )
    assert split == []
    if width == 1280:
        table = page.locator(".table-scroll").first
        assert table.evaluate("el => el.scrollWidth <= el.clientWidth")
    assert no_horizontal_scrolling(page)


@pytest.mark.parametrize("path", ["/", "/projekte/", OPEN_PROJECT, STATISTICS])
def test_changed_pages_reflow_at_320_px_with_text_spacing(page, demo, axe, path):
    page.set_viewport_size({"width": 320, "height": 720})
    page.goto(demo + path)
    assert no_horizontal_scrolling(page), overflow(page)
    axe(page)
    add_text_spacing(page)
    assert no_horizontal_scrolling(page), overflow(page)
    page.get_by_text("Menü", exact=True).click()
    assert no_horizontal_scrolling(page), overflow(page)
