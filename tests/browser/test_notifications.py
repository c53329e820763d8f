"""The settings of e-mails about news and the "Neuigkeiten" page in Chromium: axe-core, the
keyboard alone, and 320 px wide."""

import datetime

import pytest
from django.utils import timezone

from benachrichtigungen import services
from benachrichtigungen.models import Choice, Kind
from diskussion.services import add_comment
from home.setup import ensure_site_root
from ideen.staff import ensure_groups
from tests.factories import ProjectIndexPageFactory, ProjectPageFactory, UserFactory


@pytest.fixture
def project(site_url):
    ensure_groups()
    home = ensure_site_root()
    today = timezone.localdate()
    return ProjectPageFactory(
        parent=ProjectIndexPageFactory(parent=home),
        title="Freies WLAN in der Innenstadt",
        participation_start=today - datetime.timedelta(days=5),
        participation_end=today + datetime.timedelta(days=20),
    )


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_settings_page_by_keyboard_with_axe(page, site_url, project, login, axe):
    citizen = UserFactory(display_name="Maria aus Kellen")
    login(page, citizen)
    page.goto(f"{site_url}/konto/neuigkeiten/einstellungen/")
    assert page.get_by_role("heading", level=1).inner_text() == "E-Mails über Neuigkeiten"
    group = page.get_by_role(
        "group", name="Neue Vorschläge und Kommentare in Projekten, denen ich folge"
    )
    assert group.get_by_role("radio", name="Einmal in der Woche als Zusammenfassung").is_checked()
    axe(page)

    # Keyboard only: into the replies group, arrow to "Einmal am Tag", on to the button.
    replies = page.get_by_role("group", name="Antworten auf meine Kommentare")
    first = replies.get_by_role("radio", name="Sofort per E-Mail")
    first.focus()
    assert first.is_checked()
    page.keyboard.press("ArrowDown")
    assert replies.get_by_role("radio", name="Einmal am Tag als Zusammenfassung").is_checked()
    save = page.get_by_role("button", name="Speichern")
    save.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_text("Ihre Auswahl ist gespeichert.").is_visible()
    assert services.all_choices(citizen)[Kind.REPLY] == Choice.DAILY
    axe(page)

    page.set_viewport_size({"width": 320, "height": 800})
    assert no_horizontal_scroll(page)
    axe(page)


def test_news_page_from_the_header_with_axe(page, site_url, project, login, axe):
    maria = UserFactory(display_name="Maria aus Kellen")
    bernd = UserFactory(display_name="Bernd")
    mine = add_comment(project, maria, "Auch am Bahnhof?")
    add_comment(project, bernd, "Ja, dort ist es geplant.", parent=mine)
    services.set_project_follow(project, user=maria, follow=True)
    add_comment(project, bernd, "Und im Forstgarten.")

    login(page, maria)
    link = page.get_by_role("link", name="Neuigkeiten (2 ungelesen)")
    link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("heading", level=1).inner_text() == "Neuigkeiten"
    assert page.get_by_text("Bernd hat auf Ihren Kommentar geantwortet").is_visible()
    assert page.get_by_text("Und im Forstgarten.").is_visible()
    axe(page)

    button = page.get_by_role("button", name="Alle als gelesen markieren")
    button.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("link", name="Neuigkeiten", exact=True).is_visible()
    axe(page)

    page.set_viewport_size({"width": 320, "height": 800})
    assert no_horizontal_scroll(page)
    axe(page)


def test_follow_a_project_without_javascript(browser, site_url, project, login, axe):
    context = browser.new_context(java_script_enabled=False, bypass_csp=True)
    page = context.new_page()
    citizen = UserFactory(display_name="Maria aus Kellen")
    login(page, citizen)
    page.goto(f"{site_url}{project.url}")
    button = page.get_by_role("button", name="Projekt folgen")
    assert button.get_attribute("aria-pressed") == "false"
    with page.expect_navigation():
        button.click()
    assert page.get_by_role("button", name="Projekt folgen").get_attribute("aria-pressed") == "true"
    assert services.follows_project(citizen, project)
    context.close()


def test_unsubscribe_page_without_login_with_axe(page, site_url, project, axe):
    from benachrichtigungen.delivery import make_token

    citizen = UserFactory(display_name="Maria aus Kellen")
    page.goto(f"{site_url}/benachrichtigungen/abbestellen/{make_token(citizen.pk, Kind.REPLY)}/")
    axe(page)
    button = page.get_by_role("button", name="Abbestellen")
    button.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("status").inner_text().startswith("Erledigt")
    assert services.all_choices(citizen)[Kind.REPLY] == Choice.OFF
    axe(page)
    page.goto(f"{site_url}/benachrichtigungen/abbestellen/kaputt/")
    assert "nicht gültig" in page.locator("main").inner_text()
    page.set_viewport_size({"width": 320, "height": 800})
    assert no_horizontal_scroll(page)
    axe(page)


def test_new_project_areas_by_keyboard_without_javascript_and_with_errors(
    browser, page, site_url, login, axe
):
    """The Ortsteile and Aktionsfelder of new projects: checkboxes in fieldsets, ticked with
    the space bar, saved without JavaScript, a refused value explained at the top."""
    from benachrichtigungen.models import WHOLE_CITY
    from tests.factories import CategoryFactory

    mobility = CategoryFactory(name="Mobilität", slug="mobilitaet")
    CategoryFactory(name="Bildung", slug="bildung")
    citizen = UserFactory(display_name="Maria aus Kellen")
    login(page, citizen)
    page.goto(f"{site_url}/konto/neuigkeiten/einstellungen/")
    assert page.get_by_role("heading", level=2, name="Neue Projekte").is_visible()
    districts = page.get_by_role("group", name="Ortsteile")
    fields = page.get_by_role("group", name="Aktionsfelder")
    kind = page.get_by_role("group", name="Neue Projekte in meinem Ortsteil oder Aktionsfeld")
    assert districts.get_by_role("checkbox").count() == 16  # the whole city and 15 Ortsteile
    assert not districts.get_by_role("checkbox", checked=True).count()  # opt-in
    assert kind.get_by_role("radio", name="Einmal in der Woche als Zusammenfassung").is_checked()
    axe(page)

    # Keyboard only: tick Kellen and Mobilität with the space bar, choose daily, save.
    kellen = districts.get_by_role("checkbox", name="Kellen")
    kellen.focus()
    page.keyboard.press("Space")
    assert kellen.is_checked()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.value") == "materborn"
    mobil = fields.get_by_role("checkbox", name="Mobilität")
    mobil.focus()
    page.keyboard.press("Space")
    weekly = kind.get_by_role("radio", name="Einmal in der Woche als Zusammenfassung")
    weekly.focus()
    page.keyboard.press("ArrowUp")
    assert kind.get_by_role("radio", name="Einmal am Tag als Zusammenfassung").is_checked()
    page.get_by_role("button", name="Speichern").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_text("Ihre Auswahl ist gespeichert.").is_visible()
    assert services.area_subscriptions(citizen) == (["kellen"], [mobility.pk])
    assert services.all_choices(citizen)[Kind.NEW_PROJECT] == Choice.DAILY
    assert districts.get_by_role("checkbox", name="Kellen").is_checked()
    page.set_viewport_size({"width": 320, "height": 800})
    assert no_horizontal_scroll(page)
    axe(page)

    # A value that is not on the list (a stale form, a forged request): explained, link to it.
    page.set_viewport_size({"width": 1280, "height": 800})
    page.locator(f'input[name="districts"][value="{WHOLE_CITY}"]').evaluate(
        "box => { box.value = 'atlantis'; box.checked = true; }"
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Speichern").click()
    summary = page.get_by_role("alert")
    assert "Ortsteile: Bitte wählen Sie aus den aufgeführten Ortsteilen." in summary.inner_text()
    summary.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.name") == "districts"
    assert districts.get_by_role("checkbox", name="Kellen").is_checked()  # the input is kept
    assert services.area_subscriptions(citizen) == (["kellen"], [mobility.pk])
    axe(page)
    page.set_viewport_size({"width": 320, "height": 800})
    assert no_horizontal_scroll(page)
    axe(page)

    # Without JavaScript: untick Kellen, tick the whole city, save.
    context = browser.new_context(java_script_enabled=False, bypass_csp=True)
    plain = context.new_page()
    login(plain, citizen)
    plain.goto(f"{site_url}/konto/neuigkeiten/einstellungen/")
    group = plain.get_by_role("group", name="Ortsteile")
    group.get_by_role("checkbox", name="Kellen").uncheck()
    group.get_by_role("checkbox", name="Projekte für die ganze Stadt").check()
    with plain.expect_navigation():
        plain.get_by_role("button", name="Speichern").click()
    assert plain.get_by_text("Ihre Auswahl ist gespeichert.").is_visible()
    assert services.area_subscriptions(citizen) == ([WHOLE_CITY], [mobility.pk])
    context.close()
