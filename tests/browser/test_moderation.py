"""Moderation in the browser: the report page, a removed proposal, the admin queue; with axe."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import expect

from diskussion import services as comment_services
from home.setup import ensure_site_root
from ideen import moderation
from ideen.models import IdeaReport
from ideen.staff import ensure_groups
from tests.factories import (
    CategoryFactory,
    IdeaFactory,
    ProjectIndexPageFactory,
    ProjectPageFactory,
    UserFactory,
)

pytestmark = pytest.mark.browser

TITLE = "Werbung für Bratwurststand Zeppelin"


@pytest.fixture
def world(site_url):
    ensure_groups()
    home = ensure_site_root()
    today = timezone.localdate()
    project = ProjectPageFactory(
        parent=ProjectIndexPageFactory(parent=home),
        title="Radwege in der Innenstadt",
        participation_start=today - timedelta(days=3),
        participation_end=today + timedelta(days=30),
    )
    category = CategoryFactory(name="Mobilität", slug="m-mobilitaet")
    author = UserFactory(display_name="Wurst-Willi")
    reader = UserFactory(display_name="Lea K.")
    moderator = UserFactory(display_name="Moni Moderation")
    moderator.groups.add(Group.objects.get(name="Moderation"))
    proposal = IdeaFactory(
        space=project,
        author=author,
        category=category,
        title=TITLE,
        description="Kommen Sie alle zum Bratwurststand!",
    )
    return {"proposal": proposal, "reader": reader, "moderator": moderator}


def test_report_page_and_removed_proposal(page, site_url, axe, login, world):
    proposal, reader = world["proposal"], world["reader"]
    login(page, reader)
    page.goto(site_url + proposal.get_absolute_url())
    with page.expect_navigation():
        page.get_by_role("link", name="Diesen Beitrag der Moderation melden").click()
    expect(page.locator("h1")).to_have_text("Beitrag melden")
    axe(page)

    page.get_by_label("Warum melden Sie den Beitrag?").fill("x" * 501)
    with page.expect_navigation():
        page.get_by_role("button", name="Als unangemessen melden").click()
    expect(page.locator(".error-summary")).to_be_visible()
    axe(page)

    page.get_by_label("Warum melden Sie den Beitrag?").fill("Reine Werbung")
    with page.expect_navigation():
        page.get_by_role("button", name="Als unangemessen melden").click()
    expect(page.locator("main")).to_contain_text("Die Moderation prüft den Beitrag.")
    assert IdeaReport.objects.get().reason == "Reine Werbung"

    comment_services.add_comment(proposal, reader, "Das ist doch Werbung.")
    moderation.remove_idea(proposal, moderator=world["moderator"], reason="Werbung")
    page.goto(site_url + proposal.get_absolute_url())
    expect(page.locator("main")).to_contain_text("Von der Moderation entfernt: Werbung")
    expect(page.locator("main")).not_to_contain_text(TITLE)
    expect(page.locator("main")).to_contain_text("Das ist doch Werbung.")
    axe(page)


def test_moderation_queue_in_the_wagtail_admin(page, site_url, axe, login, world):
    proposal = world["proposal"]
    moderation.report_idea(proposal, user=world["reader"], reason="Reine Werbung")
    login(page, world["moderator"])
    page.goto(f"{site_url}/cms/moderation/")
    row = page.locator("main table tbody tr", has_text=TITLE)
    expect(row).to_have_count(1)
    axe(page)

    with page.expect_navigation():
        row.get_by_role("link", name=TITLE).click()
    expect(page.locator("main")).to_contain_text("Reine Werbung")
    axe(page)
    page.get_by_label("Öffentliche Begründung der Entfernung").fill("Werbung")
    with page.expect_navigation():
        page.get_by_role("button", name="Beitrag entfernen").click()
    proposal.refresh_from_db()
    assert proposal.removal_reason == "Werbung"

    page.goto(f"{site_url}/cms/moderation/konten/")
    axe(page)
