"""Similar proposals beside the proposal form: with and without JavaScript, keyboard, 320 px."""

import datetime
import re
from functools import partial
from itertools import pairwise
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from home.setup import ensure_site_root
from ideen.models import Idea, IdeaSupport
from tests.factories import (
    CategoryFactory,
    IdeaFactory,
    ProjectIndexPageFactory,
    ProjectPageFactory,
    UserFactory,
    move_to,
)

from . import shots

SCREENS = Path("/tmp/screens/similar")
shoot = partial(shots.shoot, folder=SCREENS, reflow=True)
HOTSPOT = "Hotspot auf dem Koekkoekplatz"


@pytest.fixture
def project(site_url):
    """An open WLAN project with three proposals by someone else, one of them decided."""
    today = timezone.localdate()
    index = ProjectIndexPageFactory(parent=ensure_site_root(), title="Beteiligung")
    wifi = CategoryFactory(name="Öffentliches WLAN", slug="s-wlan")
    project = ProjectPageFactory(
        parent=index,
        title="Freies WLAN in der Innenstadt",
        slug="freies-wlan",
        participation_start=today - datetime.timedelta(days=5),
        participation_end=today + datetime.timedelta(days=20),
    )
    author = UserFactory(display_name="Hannah Vos")
    proposals = {
        title: IdeaFactory(
            space=project, category=wifi, author=author, title=title, description=text
        )
        for title, text in [
            (HOTSPOT, "Auf dem Koekkoekplatz ist viel los. Freies WLAN würde Gästen helfen."),
            ("WLAN im Forstgarten", "Ein Hotspot am Spielplatz im Forstgarten."),
            ("Sitzbänke in der Unterstadt", "Es fehlen Bänke zum Ausruhen."),
        ]
    }
    move_to(proposals["WLAN im Forstgarten"], Idea.Status.ADOPTED)
    return {"project": project, "proposals": proposals, "citizen": UserFactory()}


def form_url(site_url, project) -> str:
    return f"{site_url}/ideen/einreichen/{project.pk}/"


def test_without_javascript_the_button_shows_suggestions_and_support_instead(
    browser, site_url, project, login
):
    context = browser.new_context(java_script_enabled=False, locale="de-DE")
    page = context.new_page()
    try:
        login(page, project["citizen"])
        page.goto(form_url(site_url, project["project"]))
        expect(page.locator("#aehnliche")).to_be_hidden()
        page.get_by_label("Titel").fill("Freies WLAN am Koekkoekplatz")
        with page.expect_navigation():
            page.get_by_role("button", name="Ähnliche Vorschläge suchen").click()
        expect(page.get_by_label("Titel")).to_have_value("Freies WLAN am Koekkoekplatz")
        aside = page.get_by_role("complementary", name="Ähnliche Vorschläge")
        expect(aside.get_by_role("link", name=HOTSPOT)).to_be_visible()
        expect(aside).not_to_contain_text("Sitzbänke")
        expect(page.locator(".error-summary")).to_have_count(0)
        assert Idea.objects.filter(title="Freies WLAN am Koekkoekplatz").count() == 0

        with page.expect_navigation():
            aside.get_by_role("button", name="Stattdessen unterstützen").first.click()
        expect(page.locator("h1")).to_have_text(HOTSPOT)
        expect(page.locator(".message--success")).to_contain_text("Sie unterstützen")
        hotspot = project["proposals"][HOTSPOT]
        assert IdeaSupport.objects.filter(idea=hotspot, user=project["citizen"]).exists()
    finally:
        context.close()


def test_the_page_after_the_button_has_no_axe_violations(page, site_url, project, login, axe):
    login(page, project["citizen"])
    page.goto(form_url(site_url, project["project"]))
    axe(page)
    page.get_by_label("Titel").fill("WLAN Koekkoekplatz und Forstgarten")
    with page.expect_navigation():
        page.get_by_role("button", name="Ähnliche Vorschläge suchen").click()
    aside = page.get_by_role("complementary", name="Ähnliche Vorschläge")
    expect(aside.get_by_role("listitem")).to_have_count(2)
    # The decided proposal shows its status and offers no support.
    decided = aside.get_by_role("listitem").filter(has_text="WLAN im Forstgarten")
    expect(decided).to_contain_text("Angenommen")
    expect(decided.get_by_role("button")).to_have_count(0)
    axe(page)
    shoot(page, "form-after-button")


def test_with_javascript_suggestions_come_while_typing_without_taking_focus(
    page, site_url, project, login, axe
):
    login(page, project["citizen"])
    page.goto(form_url(site_url, project["project"]))
    title = page.get_by_label("Titel")
    title.click()
    page.keyboard.type("Hotspot Koekkoekplatz", delay=20)
    live = page.locator("#aehnliche-live")
    expect(live).to_have_text("1 ähnlicher Vorschlag gefunden")
    aside = page.get_by_role("complementary", name="Ähnliche Vorschläge")
    expect(aside.get_by_role("link", name=HOTSPOT)).to_be_visible()
    expect(title).to_be_focused()
    assert "/einreichen/" in page.url  # nothing was posted
    axe(page)
    shoot(page, "form-live")

    # A title without a match: the panel says so, the live region too.
    title.fill("Öffentliche Toiletten am Rathaus")
    expect(live).to_have_text("0 ähnliche Vorschläge gefunden")
    expect(aside).to_contain_text("Keine ähnlichen Vorschläge gefunden.")
    expect(title).to_be_focused()


def test_keyboard_reaches_the_button_and_support_instead(page, site_url, project, login):
    login(page, project["citizen"])
    page.goto(form_url(site_url, project["project"]))
    page.get_by_label("Titel").fill("Freies WLAN am Koekkoekplatz")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Ähnliche Vorschläge suchen")).to_be_focused()
    aside = page.get_by_role("complementary", name="Ähnliche Vorschläge")
    support = aside.get_by_role("button", name="Stattdessen unterstützen").first
    expect(support).to_be_visible()
    for _ in range(30):
        page.keyboard.press("Tab")
        if support.evaluate("el => el === document.activeElement"):
            break
    expect(support).to_be_focused()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text(HOTSPOT)


# Enter in a one-line field submits with the form's first submit button (implicit submission):
# that must be the main action, not the search for similar proposals beside the title.


def press_enter_in_title(page) -> None:
    page.get_by_label("Titel").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_enter_in_the_title_sends_the_proposal_without_javascript(
    browser, site_url, project, login
):
    context = browser.new_context(java_script_enabled=False, locale="de-DE")
    page = context.new_page()
    try:
        login(page, project["citizen"])
        page.goto(form_url(site_url, project["project"]))
        page.get_by_label("Titel").fill("Freies WLAN am Koekkoekplatz")
        press_enter_in_title(page)
        # The proposal was checked (the text is missing), not the search run.
        summary = page.locator(".error-summary")
        expect(summary.get_by_role("link", name=re.compile("Vorschlag"))).to_be_visible()
        expect(page.locator("#aehnliche")).to_be_hidden()
        expect(page.get_by_label("Titel")).to_have_value("Freies WLAN am Koekkoekplatz")
        assert not Idea.objects.filter(title="Freies WLAN am Koekkoekplatz").exists()

        page.get_by_label("Ihr Vorschlag").fill("Am Koekkoekplatz fehlt ein freies WLAN.")
        theme = page.get_by_label("Thema")
        theme.select_option(theme.locator("option:not([value=''])").first.get_attribute("value"))
        press_enter_in_title(page)
        expect(page.locator("h1")).to_have_text("Freies WLAN am Koekkoekplatz")
        assert Idea.objects.filter(
            title="Freies WLAN am Koekkoekplatz", author=project["citizen"]
        ).exists()
    finally:
        context.close()


def test_enter_in_the_title_sends_the_proposal_with_javascript(page, site_url, project, login, axe):
    login(page, project["citizen"])
    page.goto(form_url(site_url, project["project"]))
    title = page.get_by_label("Titel")
    title.click()
    page.keyboard.type("Hotspot Koekkoekplatz", delay=20)
    expect(page.locator("#aehnliche-live")).to_have_text("1 ähnlicher Vorschlag gefunden")
    press_enter_in_title(page)
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link", name=re.compile("Vorschlag"))).to_be_visible()
    assert page.title().startswith("Fehler:")
    assert not Idea.objects.filter(title="Hotspot Koekkoekplatz").exists()
    axe(page)


# Each element the Tab key reaches in the form: name, whether it is shown, and where.
FOCUSED = """() => {
    const el = document.activeElement;
    const box = el.getBoundingClientRect();
    return {
        tag: el.tagName, name: el.getAttribute("name") || "",
        text: (el.innerText || el.getAttribute("aria-label") || "").trim().slice(0, 40),
        inForm: el.closest("form.idea-form__form") !== null,
        shown: el.checkVisibility() && box.width > 0 && box.height > 0,
        top: box.top + window.scrollY, left: box.left + window.scrollX,
    };
}"""


@pytest.mark.parametrize("width", [1280, 320])
def test_the_proposal_form_has_one_main_button_and_tab_follows_the_visual_order(
    page, site_url, project, login, axe, width
):
    page.set_viewport_size({"width": width, "height": 900})
    login(page, project["citizen"])
    page.goto(form_url(site_url, project["project"]))
    form = page.locator("form.idea-form__form")
    # The accessibility tree has each action once: the default button is not announced.
    expect(form.get_by_role("button", name="Vorschlag veröffentlichen")).to_have_count(1)
    assert form.aria_snapshot().count("Vorschlag veröffentlichen") == 1

    # The title is the form's first tab stop: nothing hidden before it takes the focus.
    page.get_by_label("Titel").focus()
    page.keyboard.press("Shift+Tab")
    assert not page.evaluate(FOCUSED)["inForm"], page.evaluate(FOCUSED)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Titel")).to_be_focused()
    reached = [page.evaluate(FOCUSED)]
    for _ in range(40):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUSED)
        if not state["inForm"]:
            break
        reached.append(state)
    assert all(state["shown"] for state in reached), reached
    buttons = [state["text"] for state in reached if state["tag"] == "BUTTON"]
    assert buttons == ["Ähnliche Vorschläge suchen", "Vorschlag veröffentlichen"], reached
    # Top to bottom, and left to right within a line.
    for before, after in pairwise(reached):
        same_line = abs(after["top"] - before["top"]) < 8
        assert after["top"] > before["top"] or (same_line and after["left"] > before["left"]), (
            before,
            after,
        )
    axe(page)
