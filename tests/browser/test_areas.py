"""Project areas and the Ortsteile map in headless Chromium with tiles from a local server:
the drawn area and its name, the skip links, no keyboard trap, 320 px and JavaScript off."""

import json
from functools import partial
from pathlib import Path

import pytest
from playwright.sync_api import expect

from home.setup import ensure_site_root
from tests.factories import IdeaFactory, ProjectIndexPageFactory, ProjectPageFactory, days

from . import shots
from .test_beteiligung import assert_reflows_at_320

SHOTS = Path("/tmp/shots/maps3")
shoot = partial(shots.shoot, folder=SHOTS)

KOEKKOEKPLATZ = {
    "type": "Polygon",
    "coordinates": [
        [
            [6.1335, 51.7855],
            [6.1425, 51.7858],
            [6.144, 51.7895],
            [6.1405, 51.7922],
            [6.1335, 51.7855],
        ]
    ],
}


@pytest.fixture
def areas(site_url, map_tiles):
    home = ensure_site_root()
    index = ProjectIndexPageFactory(parent=home, title="Beteiligung", slug="beteiligung")
    wlan = ProjectPageFactory(
        parent=index,
        title="Freies WLAN in der Innenstadt",
        slug="wlan",
        district="kleve",
        area=json.dumps(KOEKKOEKPLATZ),
        area_description="Innenstadt rund um den Koekkoekplatz",
        participation_start=days(-5),
        participation_end=days(20),
        offers_proposals=False,
    )
    benches = ProjectPageFactory(
        parent=index,
        title="Bänke in Materborn",
        slug="baenke",
        district="materborn",
        latitude="51.77900",
        longitude="6.09500",
        participation_start=days(10),
        participation_end=days(40),
    )
    return {"index": index, "wlan": wlan, "benches": benches}


def leave_map(page, container: str) -> None:
    """Tab goes on past the map and its controls: no keyboard trap."""
    for _ in range(10):
        page.keyboard.press("Tab")
        if not page.evaluate(f"!!document.activeElement.closest('{container}')"):
            return
    raise AssertionError("the focus stays in the map")


def test_the_project_page_draws_its_area_and_names_it(page, site_url, areas, axe):
    page.goto(site_url + areas["wlan"].url)
    place = page.locator(".project-place")
    expect(place).to_contain_text("Gebiet: Innenstadt rund um den Koekkoekplatz")
    expect(page.locator("[data-place-map]")).to_be_visible()
    expect(page.locator(".leaflet-tile-loaded").first).to_be_attached()
    assert areas and page.locator(".leaflet-tile-loaded").count() > 0
    area = page.get_by_role("img", name="Gebiet: Innenstadt rund um den Koekkoekplatz")
    expect(area).to_have_count(1)
    box = area.bounding_box()
    assert box is not None and box["width"] > 40 and box["height"] > 40  # zoomed to the area
    expect(page.get_by_role("region", name="Karte des Projektorts")).to_be_visible()
    axe(page)
    shoot(page, "project-area")

    # The skip link is the first stop and jumps past the map.
    page.get_by_role("link", name="Ort", exact=True).focus()
    skip = place.get_by_role("link", name="Karte überspringen")
    skip.focus()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("#place-map-end-project")).to_be_focused()
    # Into the map with Tab, and out again.
    skip.focus()
    page.keyboard.press("Tab")
    expect(page.locator("[data-place-map] [data-map]")).to_be_focused()
    leave_map(page, ".place-map")
    assert_reflows_at_320(page)


def test_a_project_with_a_point_shows_a_named_marker(page, site_url, areas, axe):
    page.goto(site_url + areas["benches"].url)
    expect(page.locator(".project-place")).to_contain_text("Ort: Materborn")
    expect(page.get_by_role("img", name="Ort: Materborn")).to_be_visible()
    axe(page)


def test_the_index_map_draws_the_area_and_leads_to_the_list(page, site_url, areas, axe):
    page.goto(site_url + areas["index"].url)
    area = page.get_by_role("img", name="Gebiet von „Freies WLAN in der Innenstadt“")
    expect(area).to_have_count(1)
    marker = page.get_by_role("button", name="„Freies WLAN in der Innenstadt“ in der Liste zeigen")
    expect(marker).to_be_visible()
    expect(
        page.get_by_role("button", name="„Bänke in Materborn“ in der Liste zeigen")
    ).to_be_visible()
    axe(page)
    shoot(page, "index-area")
    marker.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="Freies WLAN in der Innenstadt")).to_be_focused()
    # A click on the drawn area does the same as its marker.
    page.get_by_role("link", name="Bänke in Materborn").focus()
    page.locator("[data-list-map]").scroll_into_view_if_needed()
    box = area.bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.25)
    expect(page.get_by_role("link", name="Freies WLAN in der Innenstadt")).to_be_focused()
    marker.focus()
    leave_map(page, ".list-map")
    assert_reflows_at_320(page)


def test_without_javascript_the_place_is_named_in_words(browser, site_url, areas):
    context = browser.new_context(java_script_enabled=False, locale="de-DE")
    page = context.new_page()
    try:
        page.goto(site_url + areas["wlan"].url)
        expect(page.locator(".project-place")).to_contain_text(
            "Gebiet: Innenstadt rund um den Koekkoekplatz"
        )
        expect(page.locator("[data-place-map]")).to_be_hidden()
        page.goto(site_url + areas["index"].url)
        expect(page.locator("[data-list-map]")).to_be_hidden()
        expect(page.get_by_role("link", name="Freies WLAN in der Innenstadt")).to_be_visible()
    finally:
        context.close()


@pytest.fixture
def statistics(site_url, map_tiles, areas):
    from transparenz.models import StatisticsPage

    home = ensure_site_root()
    page = StatisticsPage(title="Zahlen und Statistiken", slug="zahlen")
    home.add_child(instance=page)
    for title, district, supports in [
        ("Bank am Markt", "materborn", 4),
        ("Baum am Markt", "materborn", 2),
        ("Licht am Deich", "griethausen", 0),
        ("Hotspot", "kleve", 7),
    ]:
        IdeaFactory(space=areas["benches"], title=title, district=district, support_count=supports)
    return page


def test_the_statistics_page_maps_the_ortsteile_beside_the_table(page, site_url, statistics, axe):
    page.goto(site_url + statistics.url)
    expect(page.locator("[data-count-map]")).to_be_visible()
    markers = page.locator(".map-count[role=img]")
    expect(markers).to_have_count(15)
    expect(
        page.get_by_role("img", name="Materborn: 2 Vorschläge, 6 Unterstützungen")
    ).to_be_visible()
    expect(
        page.get_by_role("img", name="Griethausen: 1 Vorschlag, 0 Unterstützungen")
    ).to_have_text("1")
    expect(page.get_by_role("img", name="Bimmen: 0 Vorschläge, 0 Unterstützungen")).to_be_visible()
    big = page.get_by_role("img", name="Materborn: 2 Vorschläge, 6 Unterstützungen").bounding_box()
    none = page.get_by_role("img", name="Bimmen: 0 Vorschläge, 0 Unterstützungen").bounding_box()
    assert big["width"] > none["width"]
    axe(page)
    shoot(page, "statistics-map")
    skip = page.locator("#ortsteile").get_by_role("link", name="Karte überspringen")
    skip.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#districts-table")).to_be_focused()
    skip.focus()
    page.keyboard.press("Tab")
    expect(page.locator("[data-count-map] [data-map]")).to_be_focused()
    leave_map(page, ".count-map")
    assert_reflows_at_320(page)


def test_without_javascript_the_statistics_show_the_table_only(browser, site_url, statistics):
    context = browser.new_context(java_script_enabled=False, locale="de-DE")
    page = context.new_page()
    try:
        page.goto(site_url + statistics.url)
        expect(page.locator("[data-count-map]")).to_be_hidden()
        table = page.get_by_role("table", name="Vorschläge und Unterstützungen nach Ortsteil")
        expect(table).to_be_visible()
        expect(table.get_by_role("row", name="Materborn 2 6")).to_be_visible()
    finally:
        context.close()
