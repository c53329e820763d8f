"""Participation projects in headless Chromium: the project index, a project in each phase and
the proposal form, scanned with axe-core and used with the keyboard; screenshots to look at."""

import datetime
import json
import re
from functools import partial
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django_comments_xtd.models import XtdComment
from playwright.sync_api import expect

from beteiligung.models import ProjectPhase
from home.setup import ensure_site_root
from ideen.models import Idea
from tests.factories import (
    CategoryFactory,
    IdeaFactory,
    ProjectIndexPageFactory,
    ProjectPageFactory,
    UserFactory,
    days,
)

from . import shots

SHOTS = Path("/tmp/shots")
shoot = partial(
    shots.shoot, folder=SHOTS, widths={"desktop": 1280, "mobile": 375}, reflow=True, parts=1200
)

# Where the keyboard focus is and whether it is visibly drawn (outline or box shadow).
FOCUS_STATE = """() => {
    const el = document.activeElement;
    const s = getComputedStyle(el);
    return {
        tag: el.tagName, text: (el.innerText || el.value || '').trim().slice(0, 60),
        name: el.getAttribute('name'), focusVisible: el.matches(':focus-visible'),
        outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2,
        shadow: s.boxShadow !== 'none',
    };
}"""

#: Forms that take part (comment, propose, support); following the project stays possible.
PARTICIPATION_FORMS = "main form[method=post]:not([action*='/projekte/folgen/'])"


# The widest word of the h1 and the h1's width: a word wider than that is split mid-word.
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


def long_date(day: datetime.date) -> str:
    months = [
        "Januar", "Februar", "März", "April", "Mai", "Juni", "Juli",
        "August", "September", "Oktober", "November", "Dezember",
    ]  # fmt: skip
    return f"{day.day}. {months[day.month - 1]} {day.year}"


def assert_reflows_at_320(page) -> None:
    """At 320 CSS pixels (400 % zoom of 1280) nothing scrolls sideways (WCAG 1.4.10)."""
    size = page.viewport_size
    page.set_viewport_size({"width": 320, "height": 800})
    overflow = page.evaluate(
        """() => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > 321)
            .map(e => e.tagName + '.' + e.className).slice(0, 5)"""
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 320, overflow
    widest, available = page.evaluate(WIDEST_H1_WORD)
    assert widest <= available, f"a word of the title is split ({widest} > {available})"
    page.set_viewport_size(size)


def comment(target, user, text):
    return XtdComment.objects.create(
        content_type=ContentType.objects.get_for_model(target),
        object_pk=str(target.pk),
        site_id=1,
        user=user,
        user_name=user.public_name,
        user_email=user.email,
        comment=text,
        submit_date=timezone.now(),
    )


def phases(project, *entries) -> None:
    for order, (title, start, end, description) in enumerate(entries):
        ProjectPhase.objects.create(
            page=project,
            sort_order=order,
            title=title,
            start_date=start,
            end_date=end,
            description=description,
        )


BODY = json.dumps(
    [
        {
            "type": "rich_text",
            "value": "<h2>Worum es geht</h2><p>Die Stadt plant freies WLAN an zwölf Orten in "
            "der Innenstadt, vom Koekkoekplatz bis zur Hochschule.</p>",
        },
        {
            "type": "facts",
            "value": {
                "heading": "Auf einen Blick",
                "facts": [
                    {"label": "Budget", "value": "180.000 Euro"},
                    {"label": "Standorte", "value": "12 Plätze und Gebäude"},
                ],
            },
        },
        {
            "type": "contact",
            "value": {
                "name": "Petra Hendricks",
                "role": "Projektleitung",
                "unit": "Stabsstelle Digitalisierung",
                "phone": "02821 84-123",
                "email": "digitalisierung@kleve.de",
            },
        },
    ]
)


@pytest.fixture
def projects(site_url):
    """A project index with one project in each state, proposals and comments on them."""
    home = ensure_site_root()
    index = ProjectIndexPageFactory(
        parent=home,
        title="Beteiligung",
        intro="<p>Hier fragt die Stadt Kleve nach Ihrer Meinung zu laufenden Projekten.</p>",
    )
    smart_city = CategoryFactory(name="Smart City", slug="smart-city")
    wifi = CategoryFactory(name="Öffentliches WLAN", slug="wlan", parent=smart_city)
    education = CategoryFactory(name="Digitale Bildung", slug="digitale-bildung")
    courses = CategoryFactory(name="Kurse", slug="kurse", parent=education)
    CategoryFactory(name="Verwaltung", slug="verwaltung")  # a topic without projects

    open_project = ProjectPageFactory(
        parent=index,
        title="Freies WLAN in der Innenstadt",
        slug="freies-wlan",
        intro="Wo brauchen Sie in der Innenstadt freies WLAN? Sagen Sie es uns bis Ende des "
        "Monats, wir prüfen jeden Vorschlag.",
        body=BODY,
        field_of_action=smart_city,
        district="kleve",
        responsible_unit="Stabsstelle Digitalisierung",
        participation_start=days(-10),
        participation_end=days(20),
    )
    phases(
        open_project,
        ("Information", days(-40), days(-11), "Die Stadt stellt die Pläne vor."),
        ("Beteiligung", days(-10), days(20), "Vorschläge und Kommentare online."),
        ("Auswertung", days(21), days(50), ""),
        ("Umsetzung", days(51), None, "Die ersten Hotspots gehen in Betrieb."),
    )
    planned = ProjectPageFactory(
        parent=index,
        title="LoRaWAN-Sensornetz",
        slug="lorawan",
        intro="Sensoren messen Pegelstände und Luftqualität.",
        field_of_action=smart_city,
        district="materborn",
        participation_start=days(14),
        participation_end=days(45),
    )
    evaluation = ProjectPageFactory(
        parent=index,
        title="Open-Data-Portal",
        slug="open-data",
        intro="Welche Daten der Stadt wollen Sie nutzen?",
        field_of_action=smart_city,
        participation_start=days(-60),
        participation_end=days(-5),
    )
    completed = ProjectPageFactory(
        parent=index,
        title="Digitalisierungskurse für Senior*innen",
        slug="digitalkurse",
        intro="Kurse für den sicheren Umgang mit Smartphone und Tablet.",
        field_of_action=education,
        district="kellen",
        participation_start=days(-200),
        participation_end=days(-150),
        outcome="<p>Ab Herbst gibt es wöchentliche Kurse in der Stadtbücherei und in Kellen.</p>",
        completed_on=days(-10),
    )

    citizens = [UserFactory(display_name=name) for name in ("Anna K.", "Bernd aus Rindern")]
    for n, title in enumerate(
        [
            "WLAN am Koekkoekplatz",
            "Hotspot in der Stadtbücherei",
            "Freies Netz am Bahnhof",
        ]
    ):
        idea = IdeaFactory(
            space=open_project,
            author=citizens[n % 2],
            category=wifi,
            title=title,
            description="Dort warten viele Menschen und brauchen eine Verbindung.",
        )
        if n == 0:
            comment(idea, citizens[1], "Gute Idee, dort sitze ich oft.")
            idea.refresh_comment_count()
    comment(open_project, citizens[0], "Wird das WLAN auch barrierefrei erreichbar sein?")
    comment(open_project, citizens[1], "Bitte auch in der Unterstadt!")
    IdeaFactory(space=evaluation, author=citizens[0], category=smart_city, title="Baustellen")
    IdeaFactory(
        space=completed,
        author=citizens[1],
        category=courses,
        title="Kurse auch in Kellen anbieten",
        status=Idea.Status.ADOPTED,
    )
    IdeaFactory(
        space=completed,
        author=citizens[0],
        category=courses,
        title="Kurse am Abend",
        status=Idea.Status.REJECTED,
    )
    me = UserFactory(display_name="Maria Muster")
    return {
        "index": index,
        "open": open_project,
        "planned": planned,
        "evaluation": evaluation,
        "completed": completed,
        "citizen": me,
    }


def cards(page):
    return page.locator(".project-results .project-card")


# 1. Project index


def test_index_lists_every_state_with_period_and_counts(page, site_url, projects, axe):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(site_url + projects["index"].url)
    expect(page.locator("h1")).to_have_text("Beteiligung")
    expect(page.locator("#project-results-heading")).to_have_text("4 Projekte")
    titles = cards(page).locator(".card__title").all_inner_texts()
    assert titles == [
        "Freies WLAN in der Innenstadt",
        "LoRaWAN-Sensornetz",
        "Open-Data-Portal",
        "Digitalisierungskurse für Senior*innen",
    ]
    open_card, planned_card, evaluation_card, completed_card = cards(page).all()
    expect(open_card.locator(".badge")).to_have_text("Stand: Beteiligung läuft")
    expect(open_card).to_contain_text(f"Beteiligung bis {long_date(days(20))}")
    expect(open_card).to_contain_text("3 Vorschläge")
    expect(open_card).to_contain_text("2 Beiträge")  # as in the discussion heading
    expect(planned_card.locator(".badge")).to_have_text("Stand: Geplant")
    expect(planned_card).to_contain_text(
        f"Beteiligung {long_date(days(14))} bis {long_date(days(45))}"
    )
    expect(planned_card).to_contain_text("0 Vorschläge")
    expect(evaluation_card.locator(".badge")).to_have_text("Stand: Auswertung")
    expect(evaluation_card).to_contain_text(f"Beteiligung beendet am {long_date(days(-5))}")
    expect(evaluation_card).to_contain_text("1 Vorschlag")
    expect(completed_card.locator(".badge")).to_have_text("Stand: Abgeschlossen")
    expect(completed_card).to_contain_text("2 Vorschläge")
    axe(page)
    shoot(page, "project-index")
    assert_reflows_at_320(page)


def test_index_filters_without_javascript_keep_the_choice(browser, page, site_url, projects, axe):
    context = browser.new_context(java_script_enabled=False, locale="de-DE")
    nojs = context.new_page()
    try:
        nojs.goto(site_url + projects["index"].url)
        nojs.get_by_label("Stand").select_option(label="Beteiligung läuft")
        nojs.get_by_label("Aktionsfeld").select_option(label="Smart City")
        with nojs.expect_navigation():
            nojs.get_by_role("button", name="Projekte anzeigen").click()
        assert "state=laeuft" in nojs.url and "topic=smart-city" in nojs.url
        expect(nojs.locator("#project-results-heading")).to_have_text(
            "1 Projekt passt zu Ihren Filtern"
        )
        expect(nojs.get_by_label("Stand")).to_have_value("laeuft")
        expect(nojs.get_by_label("Aktionsfeld")).to_have_value("smart-city")
        expect(cards(nojs).locator(".card__title")).to_have_text(["Freies WLAN in der Innenstadt"])
        filtered_url = nojs.url

        # Filtered down to nothing: the empty state offers the whole list.
        nojs.get_by_label("Stand").select_option(label="Abgeschlossen")
        nojs.get_by_label("Ortsteil").select_option(label="Schenkenschanz")
        with nojs.expect_navigation():
            nojs.get_by_role("button", name="Projekte anzeigen").click()
        expect(nojs.locator("#project-results-heading")).to_have_text(
            "0 Projekte passen zu Ihren Filtern"
        )
        expect(nojs.locator(".empty-state")).to_contain_text("Kein Projekt passt")
        expect(nojs.get_by_label("Ortsteil")).to_have_value("schenkenschanz")
        empty_url = nojs.url
        with nojs.expect_navigation():
            nojs.get_by_role("link", name="Alle Projekte anzeigen").click()
        expect(nojs.locator("#project-results-heading")).to_have_text("4 Projekte")
    finally:
        context.close()

    # axe needs JavaScript: scan the same URLs in a normal page.
    for url in (filtered_url, empty_url):
        page.goto(url)
        axe(page)
    shoot(page, "project-index-empty")


def test_index_filter_form_works_with_the_keyboard_alone(page, site_url, projects):
    page.goto(site_url + projects["index"].url)
    page.get_by_label("Stand").focus()
    # Closed selects change their value with the arrow keys; Tab moves on, Enter submits.
    page.keyboard.press("ArrowDown")  # Jeder Stand -> Beteiligung läuft
    page.keyboard.press("ArrowDown")  # -> Geplant
    expect(page.get_by_label("Stand")).to_have_value("geplant")
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUS_STATE)["name"] == "topic"
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUS_STATE)["name"] == "district"
    page.keyboard.press("Tab")
    focus = page.evaluate(FOCUS_STATE)
    assert focus["tag"] == "BUTTON" and focus["text"] == "Projekte anzeigen"
    assert focus["focusVisible"] and (focus["outline"] or focus["shadow"])
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "state=geplant" in page.url
    expect(cards(page).locator(".card__title")).to_have_text(["LoRaWAN-Sensornetz"])
    # The reset link follows the button.
    page.get_by_role("button", name="Projekte anzeigen").focus()
    page.keyboard.press("Tab")
    focus = page.evaluate(FOCUS_STATE)
    assert focus["text"] == "Alle Filter zurücksetzen" and focus["focusVisible"]
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("#project-results-heading")).to_have_text("4 Projekte")


def test_index_without_any_project(page, site_url, axe):
    index = ProjectIndexPageFactory(parent=ensure_site_root(), title="Beteiligung")
    page.goto(site_url + index.url)
    expect(page.locator("#project-results-heading")).to_have_text("0 Projekte")
    expect(page.locator(".empty-state")).to_contain_text("Zurzeit gibt es keine")
    axe(page)
    assert_reflows_at_320(page)


# 2. A project in each phase


def test_open_project_logged_out_shows_how_to_take_part(page, site_url, projects, axe):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(site_url + projects["open"].url)
    expect(page.locator("h1")).to_have_text("Freies WLAN in der Innenstadt")
    expect(page.locator(".project__kicker .badge")).to_have_text("Stand: Beteiligung läuft")
    take_part = page.locator(".take-part")
    expect(take_part).to_contain_text(f"läuft bis zum {long_date(days(20))}")
    expect(take_part.get_by_role("link", name="melden Sie sich bitte an")).to_be_visible()
    expect(page.get_by_role("link", name="Vorschlag machen")).to_have_count(0)
    expect(page.locator("#diskussion")).to_contain_text("Um mitzudiskutieren")
    expect(page.locator("#diskussion textarea")).to_have_count(0)
    expect(page.locator("#vorschlaege .idea-list > li")).to_have_count(3)

    # Timeline: an ordered list, the current phase in words and as aria-current="step".
    timeline = page.locator("ol.timeline__list > li")
    expect(timeline).to_have_count(4)
    current = page.locator("ol.timeline__list > li[aria-current='step']")
    expect(current).to_have_count(1)
    expect(current).to_contain_text("Beteiligung")
    expect(current).to_contain_text("(aktuelle Phase)")
    expect(timeline.nth(0)).to_contain_text("(abgeschlossen)")
    expect(timeline.nth(3)).to_contain_text("(geplant)")
    expect(page.locator(".project__header")).to_contain_text("Aktuelle Phase")
    axe(page)
    shoot(page, "project-open")
    assert_reflows_at_320(page)


def test_open_project_as_citizen_offers_proposal_and_comment_form(
    page, site_url, projects, login, axe
):
    login(page, projects["citizen"])
    page.goto(site_url + projects["open"].url)
    expect(page.get_by_role("link", name="Vorschlag machen").first).to_be_visible()
    expect(page.get_by_label("Ihr Beitrag")).to_be_visible()
    axe(page)
    shoot(page, "project-open-citizen")


def test_planned_project_announces_the_start_instead_of_forms(page, site_url, projects, login, axe):
    login(page, projects["citizen"])
    page.goto(site_url + projects["planned"].url)
    expect(page.locator(".project__kicker .badge")).to_have_text("Stand: Geplant")
    expect(page.locator(".take-part .notice")).to_have_text(
        f"Die Beteiligung beginnt am {long_date(days(14))} und läuft bis zum {long_date(days(45))}."
    )
    expect(page.get_by_role("link", name="Vorschlag machen")).to_have_count(0)
    expect(page.locator(PARTICIPATION_FORMS)).to_have_count(0)
    expect(page.locator("#diskussion .notice")).to_contain_text("Die Beteiligung beginnt am")
    axe(page)
    assert_reflows_at_320(page)


def test_project_in_evaluation_has_no_forms_and_no_support_buttons(
    page, site_url, projects, login, axe
):
    login(page, projects["citizen"])
    page.goto(site_url + projects["evaluation"].url)
    expect(page.locator(".project__kicker .badge")).to_have_text("Stand: Auswertung")
    expect(page.locator(".take-part .notice")).to_contain_text(
        f"Die Beteiligung endete am {long_date(days(-5))}."
    )
    expect(page.get_by_role("link", name="Vorschlag machen")).to_have_count(0)
    expect(page.locator(PARTICIPATION_FORMS)).to_have_count(0)
    expect(page.locator("main textarea")).to_have_count(0)
    expect(page.locator("#vorschlaege .idea-list > li")).to_have_count(1)
    axe(page)
    # The proposal itself can no longer be supported either.
    page.locator("#vorschlaege .idea-list a").first.click()
    expect(page.locator("h1")).to_have_text("Baustellen")
    expect(page.get_by_role("button", name=re.compile("unterstützen"))).to_have_count(0)
    expect(page.locator("main textarea")).to_have_count(0)
    axe(page)


def test_completed_project_shows_outcome_and_taken_up_proposals(page, site_url, projects, axe):
    page.goto(site_url + projects["completed"].url)
    expect(page.locator(".project__kicker .badge")).to_have_text("Stand: Abgeschlossen")
    outcome = page.locator("section.outcome")
    expect(outcome.get_by_role("heading", name="Ergebnis")).to_be_visible()
    expect(outcome).to_contain_text("wöchentliche Kurse")
    expect(outcome).to_contain_text(f"Veröffentlicht am {long_date(days(-10))}")
    expect(outcome.get_by_role("heading", name="Aufgegriffene Vorschläge")).to_be_visible()
    expect(outcome.locator("li")).to_have_count(1)
    expect(outcome.get_by_role("link", name="Kurse auch in Kellen anbieten")).to_be_visible()
    expect(outcome).not_to_contain_text("Kurse am Abend")
    expect(page.locator(PARTICIPATION_FORMS)).to_have_count(0)
    # The outcome comes right after the header and its in-page links; no "take part" box on a
    # finished project.
    expect(page.locator(".project__header + .in-page-nav + section")).to_have_class(
        re.compile("outcome")
    )
    expect(page.locator(".take-part")).to_have_count(0)
    expect(page.locator("#vorschlaege .notice")).to_contain_text("Die Beteiligung endete am")
    axe(page)
    shoot(page, "project-completed")
    assert_reflows_at_320(page)


# 3. The proposal form


def submit_url(project) -> str:
    return f"/ideen/einreichen/{project.pk}/"


def test_proposal_form_empty_with_errors_and_success(page, site_url, projects, login, axe):
    project = projects["open"]
    login(page, projects["citizen"])
    page.goto(site_url + project.url)
    page.get_by_role("link", name="Vorschlag machen").first.click()
    expect(page.locator("h1")).to_have_text("Vorschlag machen")
    axe(page)

    with page.expect_navigation():
        page.get_by_role("button", name="Vorschlag veröffentlichen").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    assert page.title().startswith("Fehler:")
    expect(summary.get_by_role("link")).not_to_have_count(0)
    axe(page)

    # One valid field is kept while another is still missing.
    page.get_by_label("Titel").fill("Hotspot am Spoykanal")
    with page.expect_navigation():
        page.get_by_role("button", name="Vorschlag veröffentlichen").click()
    expect(page.locator(".error-summary")).to_be_focused()
    expect(page.get_by_label("Titel")).to_have_value("Hotspot am Spoykanal")
    summary.get_by_role("link", name=re.compile("Vorschlag")).first.click()
    expect(page.get_by_label("Ihr Vorschlag")).to_be_focused()
    axe(page)

    page.get_by_label("Ihr Vorschlag").fill("Am Spoykanal sitzen im Sommer viele Menschen.")
    page.get_by_label("Thema").select_option(label="Öffentliches WLAN")
    page.get_by_label("Ortsteil (freiwillig)").select_option(label="Kleve (Kernstadt)")
    page.get_by_label("Ort (freiwillig)").fill("Spoykanal, Höhe Hafen")
    with page.expect_navigation():
        page.get_by_role("button", name="Vorschlag veröffentlichen").click()
    expect(page.locator("h1")).to_have_text("Hotspot am Spoykanal")
    expect(page.locator(".message--success")).to_be_visible()
    idea = Idea.objects.get(title="Hotspot am Spoykanal")
    assert idea.space_id == project.pk and idea.author == projects["citizen"]
    assert page.url.split("#")[0].endswith(idea.get_absolute_url())
    axe(page)


def test_proposal_form_of_a_closed_project_shows_the_notice(page, site_url, projects, login, axe):
    login(page, projects["citizen"])
    page.goto(site_url + submit_url(projects["evaluation"]))
    expect(page.locator("main .notice")).to_contain_text("Die Beteiligung endete am")
    expect(page.locator(PARTICIPATION_FORMS)).to_have_count(0)
    expect(page.get_by_role("link", name=re.compile("Zurück zu"))).to_be_visible()
    axe(page)
    assert_reflows_at_320(page)


# 4. Keyboard on the project page


def test_tab_reaches_make_proposal_and_comment_box_with_visible_focus(
    page, site_url, projects, login
):
    login(page, projects["citizen"])
    page.goto(site_url + projects["open"].url)
    page.evaluate("document.activeElement && document.activeElement.blur()")
    reached = {}
    for _ in range(120):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STATE)
        key = f"{state['tag']}:{state['name'] or state['text']}"
        reached.setdefault(key, state)
        if state["tag"] == "TEXTAREA":
            break
    proposal = next(
        (state for key, state in reached.items() if key.startswith("A:Vorschlag machen")), None
    )
    assert proposal, list(reached)
    assert proposal["focusVisible"] and (proposal["outline"] or proposal["shadow"])
    textarea = reached.get("TEXTAREA:comment")
    assert textarea, list(reached)
    assert textarea["focusVisible"] and (textarea["outline"] or textarea["shadow"])
    # Enter on the focused link opens the form.
    page.get_by_role("link", name="Vorschlag machen").first.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(submit_url(projects["open"]))
