"""Maps in headless Chromium with tiles from a local server: the point picker of the proposal
form (mouse, keyboard, without JavaScript) and the maps beside the lists; axe and 320 px."""

import re
from functools import partial
from pathlib import Path

import pytest
from playwright.sync_api import expect

from home.setup import ensure_site_root
from ideen.models import Idea
from orte.geo import Point, in_city
from tests.factories import (
    CategoryFactory,
    ProjectIndexPageFactory,
    ProjectPageFactory,
    UserFactory,
    days,
)

from . import shots
from .test_beteiligung import assert_reflows_at_320

SHOTS = Path("/tmp/shots/maps2")
shoot = partial(shots.shoot, folder=SHOTS)


@pytest.fixture
def places(site_url, map_tiles):
    home = ensure_site_root()
    index = ProjectIndexPageFactory(parent=home, title="Beteiligung", slug="beteiligung")
    project = ProjectPageFactory(
        parent=index,
        title="Sitzbänke in der Stadt",
        slug="baenke",
        participation_start=days(-5),
        participation_end=days(20),
    )
    return {
        "index": index,
        "project": project,
        "category": CategoryFactory(name="Stadtleben", slug="stadtleben"),
        "citizen": UserFactory(display_name="Maria B."),
    }


def fill_proposal(page, title: str) -> None:
    page.get_by_label("Titel").fill(title)
    page.get_by_label("Ihr Vorschlag").fill("Eine Bank zum Ausruhen.")
    page.get_by_label("Thema").select_option(label="Stadtleben (allgemein)")


def test_a_point_is_picked_with_the_keyboard(page, site_url, places, login, axe, map_tiles):
    login(page, places["citizen"])
    page.goto(f"{site_url}/ideen/einreichen/{places['project'].pk}/")
    fill_proposal(page, "Bank am Koekkoekplatz")
    field = page.get_by_label("Punkt auf der Karte", exact=False).first
    expect(page.locator("[data-map-picker]")).to_be_visible()
    expect(page.locator(".leaflet-tile-loaded").first).to_be_attached()
    assert map_tiles.requested, "no tile was loaded from the configured tile server"
    expect(page.locator(".leaflet-control-attribution")).to_contain_text("© Testkacheln")
    expect(page.locator(".map-picker .map-note")).to_contain_text("von 127.0.0.1.")

    # From the text field, Tab reaches the skip link, then the map.
    field.focus()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Karte überspringen")).to_be_focused()
    page.keyboard.press("Tab")
    map_element = page.get_by_role("application", name="Karte zum Wählen des Punkts")
    expect(map_element).to_be_focused()
    axe(page)
    page.keyboard.press("+")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Shift+ArrowUp")
    expect(field).to_have_value("")  # moving alone sets nothing
    page.keyboard.press("Enter")
    expect(page.locator("[data-map-status]")).to_contain_text("Punkt gesetzt:")
    typed = field.input_value()
    lat, lon = (float(part) for part in typed.split(","))
    assert in_city(Point.of(lat, lon))
    # No keyboard trap: Tab leaves the map (zoom buttons, attribution, then the form goes on).
    for _ in range(8):
        page.keyboard.press("Tab")
        if not page.evaluate("document.activeElement.closest('.map-picker')"):
            break
    assert not page.evaluate("document.activeElement.closest('.map-picker')")
    shoot(page, "picker")
    assert_reflows_at_320(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Vorschlag veröffentlichen").click()
    idea = Idea.objects.get()
    assert str(idea.point) == f"{lat:.5f}, {lon:.5f}"


def test_a_click_sets_the_point_and_typing_moves_the_marker(page, site_url, places, login):
    login(page, places["citizen"])
    page.goto(f"{site_url}/ideen/einreichen/{places['project'].pk}/")
    field = page.locator("#id_point")
    map_element = page.locator("[data-map-picker] [data-map]")
    map_element.click()  # the middle of the city
    expect(field).not_to_have_value("")
    lat, lon = (float(part) for part in field.input_value().split(","))
    assert in_city(Point.of(lat, lon))
    field.fill("51.7935, 6.1300")
    box = page.locator(".map-pin").bounding_box()
    assert box is not None and box["width"] > 10


def test_without_javascript_the_coordinates_are_typed(browser, site_url, places):
    context = browser.new_context(java_script_enabled=False, locale="de-DE")
    page = context.new_page()
    try:
        page.goto(site_url + "/konto/login/")
        page.get_by_label("E-Mail").first.fill(places["citizen"].email)
        page.get_by_label("Passwort").first.fill("Kleve-Test-2026!")
        with page.expect_navigation():
            page.get_by_role("button", name="Anmelden").click()
        page.goto(f"{site_url}/ideen/einreichen/{places['project'].pk}/")
        expect(page.locator("[data-map-picker]")).to_be_hidden()
        fill_proposal(page, "Bank am Spoykanal")
        page.locator("#id_point").fill("6.1300, 51.7935")
        with page.expect_navigation():
            page.get_by_role("button", name="Vorschlag veröffentlichen").click()
        summary = page.locator(".error-summary")
        expect(summary).to_contain_text("Haben Sie Breite und Länge vertauscht?")
        expect(page.locator("#id_point")).to_have_value("6.1300, 51.7935")
        summary.get_by_role("link").first.click()
        expect(page.locator("#id_point")).to_be_focused()
        page.locator("#id_point").fill("51,7935; 6,13")
        page.get_by_label("Ortsteil").select_option(label="Kleve (Kernstadt)")
        with page.expect_navigation():
            page.get_by_role("button", name="Vorschlag veröffentlichen").click()
        assert str(Idea.objects.get().point) == "51.79350, 6.13000"
    finally:
        context.close()


@pytest.fixture
def mapped(places):
    from tests.factories import IdeaFactory

    project = places["project"]
    near_a = IdeaFactory(
        space=project, title="Bank am Koekkoekplatz", latitude="51.78860", longitude="6.13860"
    )
    near_b = IdeaFactory(
        space=project, title="Baum am Koekkoekplatz", latitude="51.78870", longitude="6.13880"
    )
    far = IdeaFactory(
        space=project, title="Bank in Materborn", latitude="51.77900", longitude="6.09500"
    )
    IdeaFactory(space=project, title="Mehr Bänke überall")  # no point: only in the list
    project.latitude, project.longitude = "51.78860", "6.13860"
    project.save()
    return {**places, "near": [near_a, near_b], "far": far}


def test_the_proposals_map_clusters_and_leads_to_the_list(page, site_url, mapped, axe):
    page.goto(site_url + mapped["project"].url)
    expect(page.locator("[data-list-map]")).to_be_visible()
    expect(page.locator(".leaflet-tile-loaded").first).to_be_attached()
    cluster = page.get_by_role("button", name="2 Einträge hier: vergrößern")
    expect(cluster).to_be_visible()
    far = page.get_by_role("button", name="„Bank in Materborn“ in der Liste zeigen")
    expect(far).to_be_visible()
    axe(page)
    shoot(page, "project-map")
    # Keyboard: the marker opens its list entry, whose link gets the focus.
    far.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="Bank in Materborn", exact=True)).to_be_focused()
    # The cluster zooms in until its proposals have markers of their own.
    cluster.focus()
    page.keyboard.press("Enter")
    expect(
        page.get_by_role("button", name="„Bank am Koekkoekplatz“ in der Liste zeigen")
    ).to_be_visible(timeout=10000)
    expect(page.locator(".leaflet-marker-icon:focus")).to_have_attribute(
        "aria-label", re.compile("Koekkoekplatz“ in der Liste zeigen")
    )  # the focus follows the zoom to the cluster's first marker
    # Every proposal stays in the list, with or without a point.
    expect(page.locator(".idea-list > li")).to_have_count(4)
    assert_reflows_at_320(page)


def test_filters_are_shared_by_the_list_and_the_map(page, site_url, mapped):
    page.goto(site_url + mapped["project"].url + "?q=Materborn")
    expect(page.locator(".idea-list > li")).to_have_count(1)
    # The list map's markers (the project's own place has a small map of its own).
    expect(page.locator("[data-list-map] .leaflet-marker-icon")).to_have_count(1)
    expect(
        page.get_by_role("button", name="„Bank in Materborn“ in der Liste zeigen")
    ).to_be_visible()


def test_the_project_index_has_a_map_of_projects_beside_the_list(page, site_url, mapped, axe):
    page.goto(site_url + mapped["index"].url)
    marker = page.get_by_role("button", name="„Sitzbänke in der Stadt“ in der Liste zeigen")
    expect(marker).to_be_visible()
    axe(page)
    shoot(page, "index-map")
    marker.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="Sitzbänke in der Stadt")).to_be_focused()
    assert_reflows_at_320(page)


def test_without_javascript_the_lists_stand_alone(browser, site_url, mapped):
    context = browser.new_context(java_script_enabled=False, locale="de-DE")
    page = context.new_page()
    try:
        page.goto(site_url + mapped["project"].url)
        expect(page.locator("[data-list-map]")).to_be_hidden()
        expect(page.locator(".idea-list > li")).to_have_count(4)
        page.goto(site_url + mapped["index"].url)
        expect(page.locator("[data-list-map]")).to_be_hidden()
        expect(page.get_by_role("link", name="Sitzbänke in der Stadt")).to_be_visible()
    finally:
        context.close()
