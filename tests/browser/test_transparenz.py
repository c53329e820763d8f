"""Transparenz in headless Chromium with axe-core: trail, decisions, statistics, admin, the loop."""

import csv
import io
import json
from datetime import timedelta
from functools import partial
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from home.setup import ensure_site_root
from ideen.models import Idea, IdeaFollow
from ideen.staff import ensure_groups
from tests.conftest import editors_group
from tests.factories import (
    CategoryFactory,
    IdeaFactory,
    IdeaPlatformPageFactory,
    ProjectIndexPageFactory,
    ProjectPageFactory,
    StaffUserFactory,
    UserFactory,
)
from transparenz.groups import ensure_decision_team
from transparenz.models import DecisionIndexPage, StatisticsPage, StatusChange
from transparenz.services import add_progress_note, record_status_change

from . import shots

SCREENS = Path("/tmp/screens/transparenz")
shoot = partial(shots.shoot, folder=SCREENS, widths=shots.DESKTOP_AND_320, reflow=True)
S = Idea.Status


@pytest.fixture
def world(site_url):
    """A public project with a long-decided proposal, the internal platform, pages and people."""
    ensure_groups()
    ensure_decision_team()
    home = ensure_site_root()
    index = ProjectIndexPageFactory(parent=home)
    project = ProjectPageFactory(parent=index, title="Radwege in der Innenstadt", slug="radwege")
    platform = IdeaPlatformPageFactory(parent=home)
    decisions = DecisionIndexPage(title="Entscheidungen", slug="entscheidungen", show_in_menus=True)
    home.add_child(instance=decisions)
    statistics = StatisticsPage(
        title="Zahlen und Statistiken", slug="zahlen-und-statistiken", show_in_menus=True
    )
    home.add_child(instance=statistics)
    topic = CategoryFactory(name="Mobilität", slug="b-mobilitaet")
    editor = UserFactory(display_name="Redaktion")
    editor.groups.add(editors_group())
    citizen = UserFactory(display_name="Maria B.")
    follower = UserFactory(display_name="Tom aus Kellen")
    staff = StaffUserFactory(display_name="Anna Schmitz")
    long_ago = timezone.now() - timedelta(days=90)
    proposal = IdeaFactory(
        space=project,
        category=topic,
        author=citizen,
        title="Fahrradstraße an der Hochschule",
        description="Die Straße ist eng. Eine Fahrradstraße macht den Schulweg sicherer.",
        created=long_ago,
    )
    IdeaFollow.objects.create(idea=proposal, user=follower)
    internal = IdeaFactory(
        space=platform,
        category=topic,
        author=staff,
        title="Interne Dienstrad-Idee",
        created=long_ago,
    )
    record_status_change(
        internal, to_status=S.UNDER_REVIEW, recorded_by=editor, reason="", notify=False
    )
    return {
        "home": home,
        "project": project,
        "platform": platform,
        "decisions": decisions,
        "statistics": statistics,
        "topic": topic,
        "editor": editor,
        "citizen": citizen,
        "follower": follower,
        "staff": staff,
        "proposal": proposal,
        "internal": internal,
    }


def long_trail(idea, editor):
    """A trail of about 30 entries: review, adoption, implementation and many milestones."""
    start = timezone.localdate(idea.created)
    steps = [
        (S.UNDER_REVIEW, "", 2),
        (
            S.ADOPTED,
            "Der Bauausschuss hat zugestimmt.\n\nDie Kosten trägt das Förderprogramm des Landes; "
            "mehr unter https://www.kleve.de/",
            20,
        ),
        (S.IN_IMPLEMENTATION, "Die Planung beginnt.", 25),
    ]
    for status, reason, day in steps:
        record_status_change(
            idea,
            to_status=status,
            recorded_by=editor,
            reason=reason,
            deciding_body="Bauausschuss",
            decided_on=start + timedelta(days=day),
            link="https://ratsinfo.example.org/vorlage/42" if status == S.ADOPTED else "",
            notify=False,
        )
    for n in range(27):
        add_progress_note(
            idea,
            text=f"Abschnitt {n + 1} markiert und beschildert.",
            recorded_by=editor,
            on=start + timedelta(days=26 + 2 * n),
        )


def test_idea_page_with_a_long_trail(page, site_url, axe, world):
    long_trail(world["proposal"], world["editor"])
    page.goto(f"{site_url}{world['proposal'].get_absolute_url()}")
    trail = page.locator("section.trail")
    expect(trail.locator("ol > li")).to_have_count(31)
    expect(trail).to_contain_text("Aktueller Stand:")
    expect(trail).to_contain_text("der älteste zuerst")
    expect(trail.locator("time").first).to_have_attribute(
        "datetime", timezone.localdate(world["proposal"].created).isoformat()
    )
    axe(page)
    shoot(page, "idea-long-trail", axe=axe)


def test_decisions_page_filtered_and_empty(page, site_url, axe, world):
    long_trail(world["proposal"], world["editor"])
    url = f"{site_url}{world['decisions'].url}"
    page.goto(url)
    expect(page.locator("h1")).to_have_text("Entscheidungen")
    expect(page.locator(".decision-list > li")).to_have_count(3)
    expect(page.locator("main")).not_to_contain_text("Interne Dienstrad-Idee")
    axe(page)
    shoot(page, "decisions", axe=axe)

    page.select_option("#id_status", S.ADOPTED)
    with page.expect_navigation():
        page.get_by_role("button", name="Entscheidungen anzeigen").click()
    assert "status=angenommen" in page.url
    expect(page.locator(".decision-list > li")).to_have_count(1)
    expect(page.locator("#decision-results-heading")).to_contain_text("1 Eintrag passt")
    axe(page)
    shoot(page, "decisions-filtered", axe=axe)

    page.select_option("#id_status", S.REJECTED)
    with page.expect_navigation():
        page.get_by_role("button", name="Entscheidungen anzeigen").click()
    expect(page.locator(".empty-state")).to_contain_text("Keine Entscheidung passt")
    axe(page)
    shoot(page, "decisions-empty-filtered", axe=axe)


def test_decisions_page_without_any_decision(page, site_url, axe, world):
    page.goto(f"{site_url}{world['decisions'].url}")
    expect(page.locator(".empty-state")).to_contain_text("noch keine Entscheidungen")
    axe(page)


def test_statistics_page(page, site_url, axe, world, login):
    long_trail(world["proposal"], world["editor"])
    page.goto(f"{site_url}{world['statistics'].url}")
    expect(page.locator("main table").first).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Ideenplattform")
    expect(page.locator("svg[role=img]").first).to_have_attribute(
        "aria-labelledby", "chart-all-title chart-all-desc"
    )
    # Response times: answered after 2 days, decided after 20 (the proposal's trail).
    recent = page.get_by_role("table", name="letzte 12 Monate")
    expect(recent.locator("tfoot td").nth(0)).to_have_text("2")
    expect(recent.locator("tfoot td").nth(2)).to_have_text("20")
    expect(recent.locator("tfoot td").nth(4)).to_have_text("100,0\u00a0%")
    axe(page)
    shoot(page, "statistics", axe=axe)

    login(page, world["staff"])
    page.goto(f"{site_url}{world['statistics'].url}")
    expect(page.locator("main")).to_contain_text("Ideenplattform")
    axe(page)
    shoot(page, "statistics-staff", axe=axe)


def test_notification_settings(page, site_url, axe, world, login):
    login(page, world["citizen"])
    page.goto(f"{site_url}/konto/profil/")
    with page.expect_navigation():
        page.get_by_role("link", name="E-Mail-Benachrichtigungen").click()
    checkbox = page.get_by_label("Mir E-Mails schicken, wenn sich der Stand einer Idee ändert")
    expect(checkbox).to_be_checked()
    axe(page)
    checkbox.uncheck()
    with page.expect_navigation():
        page.get_by_role("button", name="Speichern").click()
    expect(page.locator("main")).to_contain_text("keine E-Mails mehr")
    expect(checkbox).not_to_be_checked()
    axe(page)
    shoot(page, "notification-settings", axe=axe)


def test_the_whole_loop(page, site_url, axe, world, login, browser):
    """An editor adopts a proposal with a reason; everybody sees it where they should."""
    proposal, editor = world["proposal"], world["editor"]
    record_status_change(proposal, to_status=S.UNDER_REVIEW, recorded_by=editor, notify=False)
    mail.outbox.clear()

    login(page, editor)
    page.goto(f"{site_url}/cms/snippets/ideen/idea/")
    row = page.locator("tr", has_text="Fahrradstraße an der Hochschule")
    page.wait_for_load_state("networkidle")  # Wagtail's dropdowns need their script
    row.locator("button[aria-label^='Weitere Optionen']").click()
    # In the row menu (exactly "Status ändern") and under the status, named with the title.
    action = page.get_by_role("link", name="Status ändern", exact=True)
    expect(action).to_be_visible()
    expect(
        row.get_by_role("link", name="Status ändern: Fahrradstraße an der Hochschule")
    ).to_be_visible()
    with page.expect_navigation():
        action.click()
    expect(page.locator("h1")).to_contain_text("Status ändern")
    # Only the states that may follow "In Prüfung" are offered.
    expect(page.locator("input[name=to_status]")).to_have_count(3)

    page.get_by_label("Angenommen").check()
    page.get_by_label("Öffentliche Begründung").fill(
        "Der Schulweg wird sicherer.\n\nDie Kosten trägt das Förderprogramm des Landes."
    )
    page.get_by_label("Entscheidendes Gremium").fill("Bauausschuss")
    with page.expect_navigation():
        page.get_by_role("button", name="Vorschau des öffentlichen Textes").click()
    preview = page.locator(".transparenz-preview")
    expect(preview).to_contain_text("Angenommen")
    expect(preview).to_contain_text("Der Schulweg wird sicherer.")
    expect(page.locator("main")).to_contain_text("2 Personen")
    assert not StatusChange.objects.filter(to_status=S.ADOPTED).exists()
    axe(page)
    shoot(page, "admin-preview", axe=axe)

    with page.expect_navigation():
        page.get_by_role("button", name="Entscheidung veröffentlichen").click()
    expect(page.locator("body")).to_contain_text("Die Entscheidung ist öffentlich")
    proposal.refresh_from_db()
    assert proposal.status == S.ADOPTED

    # The author and the follower got the German e-mail with the reason and a link.
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([world["citizen"].email, world["follower"].email])
    follower_mail = next(m for m in mail.outbox if m.to == [world["follower"].email])
    assert "Der Schulweg wird sicherer." in follower_mail.body
    assert f"/ideen/{proposal.pk}/#statusaenderung-" in follower_mail.body

    # The public, logged out, in a fresh context.
    public = browser.new_context(locale="de-DE").new_page()
    public.goto(f"{site_url}{proposal.get_absolute_url()}")
    trail = public.locator("section.trail")
    expect(trail).to_contain_text("Angenommen")
    expect(trail).to_contain_text("Entschieden von: Bauausschuss")
    expect(trail).to_contain_text("Der Schulweg wird sicherer.")
    axe(public)
    shoot(public, "idea-after-decision", axe=axe)

    public.goto(f"{site_url}{world['decisions'].url}")
    expect(public.locator(".decision-list > li").first).to_contain_text(
        "Fahrradstraße an der Hochschule"
    )
    expect(public.locator("main")).not_to_contain_text("Interne Dienstrad-Idee")

    public.goto(f"{site_url}/")
    expect(public.locator("#decisions-heading + .decision-list")).to_contain_text("Der Schulweg")
    axe(public)
    shoot(public, "home-with-decisions", axe=axe)

    public.goto(f"{site_url}{world['statistics'].url}")
    expect(public.locator("main")).to_contain_text("Radwege in der Innenstadt")
    expect(public.locator("main")).not_to_contain_text("Ideenplattform")

    request = public.context.request
    rows = list(
        csv.DictReader(io.StringIO(request.get(f"{site_url}/offene-daten/ideen.csv").text()))
    )
    assert [(r["title"], r["status"]) for r in rows] == [
        ("Fahrradstraße an der Hochschule", "angenommen")
    ]
    changes = json.loads(request.get(f"{site_url}/offene-daten/statusaenderungen.json").text())
    assert changes["records"][-1]["reason"].startswith("Der Schulweg wird sicherer.")
    assert all(r["idea_title"] != "Interne Dienstrad-Idee" for r in changes["records"])
    feed = request.get(f"{site_url}/entscheidungen/feed/").text()
    assert "Fahrradstraße an der Hochschule“: Angenommen" in feed
    assert "Interne Dienstrad-Idee" not in feed
    for text in (json.dumps(changes, ensure_ascii=False), feed):
        assert world["citizen"].email not in text and editor.email not in text
    public.context.close()
