"""The participation loop with the demo content, as the citizen demo user Maria.

She finds an open project, reads it, comments, proposes, supports another proposal, gets the
e-mail when an editor records a reasoned decision in the Wagtail admin, and reads the outcome of
a finished project.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from playwright.sync_api import expect

from ideen.models import Idea
from transparenz.services import record_status_change

pytestmark = pytest.mark.browser

DEMO_PASSWORD = "Kleve-Demo-2026!"
EDITOR_PASSWORD = "Kleve-Redaktion-2026!"


def log_in(page, site_url, email: str, password: str) -> None:
    page.goto(f"{site_url}/konto/login/")
    form = page.locator("main form").filter(has=page.locator("input[name=password]"))
    form.locator("input[name=login]").fill(email)
    form.locator("input[name=password]").fill(password)
    with page.expect_navigation():
        form.locator("button[type=submit]").last.click()
    if "/konto/2fa/authenticate/" in page.url:  # admin accounts: the demo's known key
        from accounts.second_factor import DEMO_TOTP_SECRETS, totp_code

        page.locator("main input[name=code]").fill(totp_code(DEMO_TOTP_SECRETS[email]))
        with page.expect_navigation():
            page.locator("main form").first.locator("button[type=submit]").first.click()


def test_a_citizen_takes_part_and_hears_about_the_decision(page, demo, axe, browser):
    site_url = demo
    maria = get_user_model().objects.get(email="maria.beispiel@example.org")
    log_in(page, site_url, maria.email, DEMO_PASSWORD)

    # Find an open project through the main navigation and the state filter.
    page.goto(f"{site_url}/")
    with page.expect_navigation():
        page.locator("nav").get_by_role("link", name="Projekte", exact=True).first.click()
    page.get_by_label("Stand").select_option(label="Beteiligung läuft")
    with page.expect_navigation():
        page.get_by_role("button", name="Projekte anzeigen").click()
    assert "state=laeuft" in page.url
    axe(page)
    cards = page.locator(".project-results .card")
    expect(cards.first).to_contain_text("Beteiligung läuft")
    with page.expect_navigation():
        cards.first.locator("h3 a").click()
    project_url = page.url

    # Read it: what it is about, the timeline, what one can do.
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator("#take-part-heading")).to_have_text("Mitmachen")
    expect(page.locator(".timeline__list [aria-current=step]")).to_contain_text("aktuelle Phase")
    axe(page)

    # Comment on the project.
    discussion = page.locator("#diskussion")
    discussion.get_by_label("Ihr Beitrag").fill(
        "Bitte denken Sie auch an die Bushaltestellen am Bahnhof."
    )
    with page.expect_navigation():
        discussion.get_by_role("button", name="Beitrag veröffentlichen").click()
    expect(page.locator("#diskussion")).to_contain_text("an die Bushaltestellen am Bahnhof")

    # Make a proposal.
    page.goto(project_url)
    with page.expect_navigation():
        page.locator(".take-part").get_by_role("link", name="Vorschlag machen").click()
    expect(page.locator("h1")).to_have_text("Vorschlag machen")
    axe(page)
    page.get_by_label("Titel").fill("Sitzbänke mit Steckdosen am Koekkoekplatz")
    page.get_by_label("Ihr Vorschlag").fill(
        "Wer im WLAN arbeitet, braucht Strom. Bänke mit Solar-Steckdosen wären ideal."
    )
    topic = page.get_by_label("Thema")
    first_topic = topic.locator("option:not([value=''])").first.get_attribute("value")
    topic.select_option(first_topic)
    page.get_by_label("Ortsteil (freiwillig)").select_option(label="Kleve (Kernstadt)")
    page.get_by_label("Ort (freiwillig)").fill("Koekkoekplatz")
    with page.expect_navigation():
        page.get_by_role("button", name="Vorschlag veröffentlichen").click()
    expect(page.locator("h1")).to_have_text("Sitzbänke mit Steckdosen am Koekkoekplatz")
    axe(page)
    proposal = Idea.objects.get(title="Sitzbänke mit Steckdosen am Koekkoekplatz")
    assert proposal.author == maria and proposal.location == "Koekkoekplatz"

    # Support somebody else's open proposal on the same project.
    other = (
        Idea.objects.filter(space_id=proposal.space_id, status__in=Idea.OPEN_STATUSES)
        .exclude(author=maria)
        .exclude(supports__user=maria)
        .first()
    )
    assert other is not None, "the demo has open proposals by others on open projects"
    before = other.support_count
    page.goto(f"{site_url}{other.get_absolute_url()}")
    support = page.locator("#support").get_by_role("button")
    expect(support).to_have_attribute("aria-pressed", "false")
    support.click()
    expect(page.locator("#support-count")).to_contain_text(str(before + 1))
    other.refresh_from_db()
    assert other.support_count == before + 1

    # An editor reviews Maria's proposal and rejects it with a public reason, in the admin.
    editor = get_user_model().objects.get(email="redaktion@kleve.de")
    record_status_change(
        proposal, to_status=Idea.Status.UNDER_REVIEW, recorded_by=editor, notify=False
    )
    mail.outbox.clear()
    admin = browser.new_context(locale="de-DE").new_page()
    log_in(admin, site_url, editor.email, EDITOR_PASSWORD)
    admin.goto(f"{site_url}/cms/snippets/ideen/idea/?q=Koekkoekplatz")
    admin.wait_for_load_state("networkidle")
    row = admin.locator("tr", has_text="Sitzbänke mit Steckdosen")
    # The action is a link under the status, not only an entry of the row menu.
    with admin.expect_navigation():
        row.get_by_role(
            "link", name="Status ändern: Sitzbänke mit Steckdosen am Koekkoekplatz", exact=True
        ).click()
    admin.get_by_label("Abgelehnt").check()
    admin.get_by_label("Öffentliche Begründung").fill(
        "Steckdosen im Freien sind nach Auskunft der Stadtwerke zu teuer im Unterhalt."
    )
    admin.get_by_label("Entscheidendes Gremium").fill("Fachbereich Digitalisierung")
    with admin.expect_navigation():
        admin.get_by_role("button", name="Vorschau des öffentlichen Textes").click()
    with admin.expect_navigation():
        admin.get_by_role("button", name="Entscheidung veröffentlichen").click()

    to_maria = [m for m in mail.outbox if m.to == [maria.email]]
    assert len(to_maria) == 1
    assert "zu teuer im Unterhalt" in to_maria[0].body
    link = re.search(r"https?://\S+/ideen/\d+/\S*", to_maria[0].body).group(0)

    # Maria follows the link from the e-mail and reads the decision with its reason.
    page.goto(link.replace("http://testserver", site_url).replace("https://testserver", site_url))
    trail = page.locator("section.trail")
    expect(trail).to_contain_text("Abgelehnt")
    expect(trail).to_contain_text("zu teuer im Unterhalt")
    axe(page)

    # And she reads what came of a finished project.
    page.goto(f"{site_url}/projekte/?state=abgeschlossen")
    with page.expect_navigation():
        page.locator(".project-results .card h3 a").first.click()
    outcome = page.locator("section.outcome")
    expect(outcome.locator("h2")).to_have_text("Ergebnis")
    expect(outcome).to_contain_text("Aufgegriffene Vorschläge")
    axe(page)
