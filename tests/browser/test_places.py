"""The point field takes a place name from the gazetteer, with and without JavaScript: the error
summary for an unknown name, the input kept, keyboard only, axe and 320 px."""

from functools import partial
from pathlib import Path

import pytest
from playwright.sync_api import expect

from ideen.models import Idea
from tests.factories import PlaceFactory

from . import shots
from .test_beteiligung import assert_reflows_at_320
from .test_maps import fill_proposal, places  # noqa: F401 (a fixture)

SHOTS = Path("/tmp/shots/places3")
shoot = partial(shots.shoot, folder=SHOTS)
UNKNOWN = "Wir kennen den Ort „Spoykanal“ nicht."


@pytest.fixture
def gazetteer(places):  # noqa: F811
    PlaceFactory(name="Koekkoekplatz", latitude="51.78860", longitude="6.13860")
    return places


def test_a_place_name_is_typed_with_the_keyboard(page, site_url, gazetteer, login, axe):
    login(page, gazetteer["citizen"])
    page.goto(f"{site_url}/ideen/einreichen/{gazetteer['project'].pk}/")
    fill_proposal(page, "Bank am Koekkoekplatz")
    field = page.get_by_label("Punkt auf der Karte: Straße, Platz oder Koordinaten")
    expect(field).to_have_attribute("aria-describedby", "id_point_helptext")
    expect(page.locator("#id_point_helptext")).to_contain_text("Ortsverzeichnis der Stadt")
    field.focus()
    page.keyboard.type("Spoykanal")
    submit = page.get_by_role("button", name="Vorschlag veröffentlichen")
    submit.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text(UNKNOWN)
    expect(page.locator("#id_point")).to_have_value("Spoykanal")
    axe(page)
    shoot(page, "unknown-place")
    assert_reflows_at_320(page)
    assert not Idea.objects.exists()

    summary.get_by_role("link", name=UNKNOWN, exact=False).focus()
    page.keyboard.press("Enter")
    expect(page.locator("#id_point")).to_be_focused()
    page.keyboard.press("Control+A")
    page.keyboard.type("  koekkoekplatz ")
    submit.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    idea = Idea.objects.get()
    assert str(idea.point) == "51.78860, 6.13860"
    expect(page.get_by_role("heading", level=1)).to_have_text("Bank am Koekkoekplatz")


def test_without_javascript_a_place_name_is_enough(browser, site_url, gazetteer, axe):
    context = browser.new_context(java_script_enabled=False, locale="de-DE")
    try:
        page = context.new_page()
        page.goto(f"{site_url}/konto/login/")
        page.get_by_label("E-Mail").first.fill(gazetteer["citizen"].email)
        page.get_by_label("Passwort").first.fill("Kleve-Test-2026!")
        with page.expect_navigation():
            page.get_by_role("button", name="Anmelden").click()
        page.goto(f"{site_url}/ideen/einreichen/{gazetteer['project'].pk}/")
        expect(page.locator("[data-map-picker]")).to_be_hidden()
        fill_proposal(page, "Bank am Koekkoekplatz")
        page.locator("#id_point").fill("Spoykanal")
        with page.expect_navigation():
            page.get_by_role("button", name="Vorschlag veröffentlichen").click()
        expect(page.locator(".error-summary")).to_contain_text(UNKNOWN)
        expect(page.locator("#id_point")).to_have_value("Spoykanal")
        shoot(page, "unknown-place-nojs")
        page.locator("#id_point").fill("KOEKKOEKPLATZ")
        with page.expect_navigation():
            page.get_by_role("button", name="Vorschlag veröffentlichen").click()
        assert str(Idea.objects.get().point) == "51.78860, 6.13860"
    finally:
        context.close()


def test_with_javascript_names_are_suggested_in_a_datalist(page, site_url, gazetteer, login, axe):
    for number in range(15):
        PlaceFactory(name=f"Koekkoekweg {number:02}")
    login(page, gazetteer["citizen"])
    page.goto(f"{site_url}/ideen/einreichen/{gazetteer['project'].pk}/")
    field = page.locator("#id_point")
    expect(field).to_have_attribute("list", "id_point_places")
    asked = []
    page.on(
        "request",
        lambda request: asked.append(request.url) if "/orte/suche/" in request.url else None,
    )
    field.focus()
    page.keyboard.type("koekkoekp", delay=20)
    options = page.locator("#id_point_places option")
    expect(options).to_have_count(1)
    expect(options.first).to_have_attribute("value", "Koekkoekplatz")
    assert len(asked) == 1, asked  # one request after the typing pauses, not one per key
    page.keyboard.press("Backspace")
    expect(options).to_have_count(10)  # "koekkoek": the platz and the first nine of 15 Wege
    axe(page)
