"""The idea platform in headless Chromium, scanned with axe-core, with screenshots to look at."""

import re
from functools import partial
from pathlib import Path

import pytest
from playwright.sync_api import expect

from home.setup import ensure_site_root
from ideen.models import Idea, IdeaSupport
from ideen.staff import ensure_groups
from tests.factories import (
    CategoryFactory,
    DepartmentFactory,
    IdeaFactory,
    IdeaPlatformPageFactory,
    StaffUserFactory,
    UserFactory,
)

from . import shots

SCREENS = Path("/tmp/screens/ideen")
shoot = partial(shots.shoot, folder=SCREENS, widths=shots.DESKTOP_AND_320, reflow=True, top=1400)


@pytest.fixture
def space(site_url):
    """The platform with two topics and 25 ideas by two colleagues."""
    ensure_groups()
    home = ensure_site_root()
    platform = IdeaPlatformPageFactory(
        parent=home,
        intro="<p>Reichen Sie Ideen ein, wie digitale Werkzeuge Ihre Arbeit verbessern.</p>",
    )
    field = CategoryFactory(name="Smart Working", slug="b-smart-working")
    mobile = CategoryFactory(name="Mobile Office", slug="b-mobile-office", parent=field)
    e_gov = CategoryFactory(name="E-Government", slug="b-e-government")
    office = CategoryFactory(name="Digitales Bürgerbüro", slug="b-buergerbuero", parent=e_gov)
    department = DepartmentFactory(name="Bürgerbüro")
    anna = StaffUserFactory(display_name="Anna Schmitz")
    jonas = StaffUserFactory(display_name="Jonas Peters")
    for n in range(24):
        IdeaFactory(
            space=platform,
            category=mobile if n % 2 else office,
            department=department if n % 3 == 0 else None,
            author=anna if n % 2 else jonas,
            title=f"Idee {n + 1}: {'Laptops für das Homeoffice' if n % 2 else 'Termine online'}",
            description="Eine kurze Beschreibung, worum es geht und wem es hilft.",
        )
    featured = IdeaFactory(
        space=platform,
        category=office,
        department=department,
        author=anna,
        title="Termine im Bürgerbüro online buchen",
        description=(
            "Viele Menschen warten morgens vor dem Bürgerbüro.\n\n"
            "Eine Online-Terminbuchung würde helfen, siehe https://www.kleve.de"
        ),
    )
    return {
        "platform": platform,
        "field": field,
        "office": office,
        "anna": anna,
        "jonas": jonas,
        "featured": featured,
    }


def test_platform_page_with_filters_empty_result_and_page_two(page, site_url, space, login, axe):
    login(page, space["jonas"])
    page.goto(site_url + space["platform"].url)
    expect(page.locator("h1")).to_have_text("Ideenplattform")
    expect(page.locator("#idea-results-heading")).to_contain_text("25 Ideen")
    axe(page)
    shoot(page, "platform")

    # Filters applied through the form: topic, sort, search; the state is kept in the URL.
    page.get_by_label("Thema").select_option(label="E-Government (allgemein)")
    page.get_by_label("Sortieren nach").select_option("supported")
    page.get_by_label("Suchbegriff").fill("Termine")
    with page.expect_navigation():
        page.get_by_role("button", name="Ideen anzeigen").click()
    assert "sort=supported" in page.url and "q=Termine" in page.url
    expect(page.locator("#idea-results-heading")).to_contain_text("13 Ideen passen")
    expect(page.get_by_label("Suchbegriff")).to_have_value("Termine")
    axe(page)
    shoot(page, "platform-filtered")

    # Empty result
    page.get_by_label("Suchbegriff").fill("Seilbahn")
    with page.expect_navigation():
        page.get_by_role("button", name="Ideen anzeigen").click()
    expect(page.locator("#idea-results-heading")).to_contain_text("0 Ideen")
    expect(page.locator(".empty-state")).to_be_visible()
    axe(page)
    shoot(page, "platform-empty")

    # Page 2 of all ideas
    page.get_by_role("link", name="Alle Filter zurücksetzen").click()
    page.get_by_role("navigation", name="Seiten").get_by_role("link", name="Seite 2").click()
    expect(page.locator(".idea-results__range")).to_contain_text("Seite 2 von 2")
    assert page.locator(".idea-list > li").count() == 5
    axe(page)


def test_support_with_javascript_updates_button_count_and_live_region(
    page, site_url, space, login, axe
):
    idea = space["featured"]
    login(page, space["jonas"])
    page.goto(site_url + idea.get_absolute_url())
    axe(page)
    button = page.get_by_role("button", name="Idee unterstützen")
    expect(button).to_have_attribute("aria-pressed", "false")
    button.click()
    expect(button).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#support-count")).to_have_text("1 Unterstützung")
    expect(page.locator("#support-live")).to_contain_text("Sie unterstützen diese Idee")
    assert page.url.endswith(idea.get_absolute_url())  # no reload
    assert IdeaSupport.objects.filter(idea=idea, user=space["jonas"]).exists()
    axe(page)
    shoot(page, "idea-supported")

    button.click()
    expect(button).to_have_attribute("aria-pressed", "false")
    expect(page.locator("#support-count")).to_have_text("0 Unterstützungen")
    idea.refresh_from_db()
    assert idea.support_count == 0


def test_support_without_javascript_is_a_plain_post(browser, site_url, space, login, axe):
    context = browser.new_context(java_script_enabled=False, locale="de-DE")
    page = context.new_page()
    try:
        login(page, space["jonas"])
        page.goto(site_url + space["featured"].get_absolute_url())
        with page.expect_navigation():
            page.get_by_role("button", name="Idee unterstützen").click()
        expect(page.get_by_role("button", name="Idee unterstützen")).to_have_attribute(
            "aria-pressed", "true"
        )
        expect(page.locator(".message--success")).to_contain_text("Sie unterstützen diese Idee")
        expect(page.locator("#support-count")).to_have_text("1 Unterstützung")
    finally:
        context.close()


def test_page_after_a_plain_post_has_no_axe_violations(page, site_url, space, login, axe):
    """axe needs JavaScript; a form.submit() bypasses the enhancement like a browser without it."""
    login(page, space["jonas"])
    page.goto(site_url + space["featured"].get_absolute_url())
    with page.expect_navigation():
        page.evaluate("document.querySelector('form[data-toggle-form]').submit()")
    expect(page.locator(".message--success")).to_contain_text("Sie unterstützen diese Idee")
    axe(page)
    shoot(page, "idea-after-plain-post")


def test_own_idea_explains_why_no_support_button(page, site_url, space, login, axe):
    login(page, space["anna"])
    page.goto(site_url + space["featured"].get_absolute_url())
    expect(page.get_by_text("Ihre eigene Idee können Sie nicht unterstützen.")).to_be_visible()
    expect(page.get_by_role("link", name="Idee bearbeiten")).to_be_visible()
    axe(page)
    shoot(page, "idea-own")

    page.get_by_role("link", name="Idee bearbeiten").click()
    expect(page.get_by_label("Titel")).to_have_value("Termine im Bürgerbüro online buchen")
    axe(page)
    page.get_by_label("Beschreibung").fill("Kürzer gefasst: Termine online statt Warteschlange.")
    with page.expect_navigation():
        page.get_by_role("button", name="Änderungen speichern").click()
    expect(page.locator(".idea__edited")).to_contain_text("Bearbeitet am")
    axe(page)

    page.get_by_role("link", name="Idee zurückziehen").click()
    expect(page.locator("h1")).to_have_text("Idee zurückziehen")
    axe(page)
    shoot(page, "withdraw-confirm")


def test_submit_form_empty_with_errors_and_success(page, site_url, space, login, axe):
    login(page, space["jonas"])
    page.goto(site_url + space["platform"].url)
    page.get_by_role("link", name="Idee einreichen").click()
    expect(page.locator("h1")).to_have_text("Idee einreichen")
    axe(page)
    shoot(page, "submit-empty")

    page.get_by_label("Titel").fill("x" * 130)
    with page.expect_navigation():
        page.get_by_role("button", name="Idee veröffentlichen").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("höchstens 120 Zeichen")
    expect(summary.get_by_role("link", name=re.compile("Beschreibung"))).to_be_visible()
    expect(page.get_by_label("Titel")).to_have_value("x" * 130)
    axe(page)
    shoot(page, "submit-errors")

    summary.get_by_role("link", name=re.compile("Beschreibung")).click()
    expect(page.get_by_label("Beschreibung")).to_be_focused()

    page.get_by_label("Titel").fill("Formulare digital unterschreiben")
    page.get_by_label("Beschreibung").fill("Mit der eID statt auf Papier.")
    page.get_by_label("Thema").select_option(label="Mobile Office")
    with page.expect_navigation():
        page.get_by_role("button", name="Idee veröffentlichen").click()
    expect(page.locator("h1")).to_have_text("Formulare digital unterschreiben")
    expect(page.locator(".message--success")).to_be_visible()
    axe(page)


def test_full_loop_staff_submit_colleague_supports_citizen_sees_nothing(
    page, browser, site_url, space, login
):
    # Anna hands in an idea.
    login(page, space["anna"])
    page.goto(f"{site_url}/ideen/einreichen/{space['platform'].pk}/")
    page.get_by_label("Titel").fill("Parkausweise für Anwohnende online verlängern")
    page.get_by_label("Beschreibung").fill("Heute kommen alle persönlich ins Rathaus.")
    page.get_by_label("Thema").select_option(label="Digitales Bürgerbüro")
    with page.expect_navigation():
        page.get_by_role("button", name="Idee veröffentlichen").click()
    idea = Idea.objects.get(title="Parkausweise für Anwohnende online verlängern")
    url = idea.get_absolute_url()

    # Jonas supports it.
    other = browser.new_context(locale="de-DE")
    jonas_page = other.new_page()
    login(jonas_page, space["jonas"])
    jonas_page.goto(site_url + url)
    jonas_page.get_by_role("button", name="Idee unterstützen").click()
    expect(jonas_page.locator("#support-count")).to_have_text("1 Unterstützung")
    other.close()

    # A citizen sees none of it: not the idea, not the platform, not in the search.
    citizen = UserFactory(display_name="Maria B.")
    outside = browser.new_context(locale="de-DE")
    citizen_page = outside.new_page()
    login(citizen_page, citizen)
    response = citizen_page.goto(site_url + url)
    assert response.status == 403
    assert "Parkausweise" not in citizen_page.content()
    assert citizen_page.goto(site_url + space["platform"].url).status == 403
    citizen_page.goto(f"{site_url}/suche/?q=Parkausweise")
    expect(citizen_page.locator("main")).not_to_contain_text("Parkausweise für")
    outside.close()
    idea.refresh_from_db()
    assert idea.support_count == 1
