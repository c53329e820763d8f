"""Meine Beteiligung and the home page's project sections in Chromium, scanned with axe-core."""

import re

import pytest
from django.utils import timezone

from diskussion import services as comments
from home.models import FooterSettings
from home.setup import ensure_site_root
from ideen.models import Idea, IdeaFollow
from ideen.staff import ensure_groups
from tests.factories import (
    ContentPageFactory,
    IdeaFactory,
    ProjectIndexPageFactory,
    ProjectPageFactory,
    UserFactory,
    days,
)


@pytest.fixture
def projects(site_url):
    ensure_groups()
    home = ensure_site_root()
    index = ProjectIndexPageFactory(parent=home, show_in_menus=True)
    open_project = ProjectPageFactory(
        parent=index,
        title="Freies WLAN in der Innenstadt",
        participation_start=days(-5),
        participation_end=days(20),
    )
    finished = ProjectPageFactory(
        parent=index,
        title="Open-Data-Portal",
        participation_start=days(-200),
        participation_end=days(-150),
        completed_on=days(-10),
        outcome="<p>Das Portal ist online.</p>",
    )
    return {"home": home, "index": index, "open": open_project, "finished": finished}


def test_my_participation_with_content(page, site_url, projects, login, axe):
    citizen = UserFactory(display_name="Maria aus Kellen")
    other = UserFactory(display_name="Bernd")
    project = projects["open"]
    IdeaFactory(space=project, author=citizen, title="Hotspot am Bahnhof")
    IdeaFactory(
        space=project,
        author=citizen,
        title="Werbung für meinen Laden",
        removed_at=timezone.now(),
        removal_reason="Werbung ist nicht erlaubt.",
    )
    followed = IdeaFactory(
        space=project, author=other, title="WLAN im Forstgarten", status=Idea.Status.ADOPTED
    )
    IdeaFollow.objects.create(user=citizen, idea=followed)
    comments.add_comment(project, citizen, "Gute Sache, bitte auch in Materborn!")
    comments.add_comment(followed, citizen, "Da sitze ich im Sommer oft.")

    login(page, citizen)
    page.get_by_role("link", name="Meine Beteiligung").click()
    page.wait_for_load_state()

    assert page.get_by_role("heading", level=1).inner_text() == "Meine Beteiligung"
    assert page.get_by_text("Von der Moderation entfernt: Werbung ist nicht erlaubt.").is_visible()
    assert page.get_by_role("link", name="Hotspot am Bahnhof").is_visible()
    assert page.get_by_text("Da sitze ich im Sommer oft.").is_visible()
    axe(page)

    # The link to a comment lands on the comment in its thread.
    page.get_by_role("link", name="WLAN im Forstgarten (zum Beitrag)").click()
    page.wait_for_load_state()
    assert "/ideen/" in page.url and "#c" in page.url


def test_my_participation_empty(page, site_url, projects, login, axe):
    login(page, UserFactory())
    page.goto(f"{site_url}/konto/beteiligung/")
    assert page.get_by_text("Sie haben noch keine Vorschläge gemacht.").is_visible()
    axe(page)
    page.get_by_role("link", name="Zu den Beteiligungsprojekten").click()
    page.wait_for_load_state()
    assert page.url.rstrip("/").endswith("/projekte")


def test_home_page_with_outcomes_and_a_teaser_block(page, site_url, projects, axe):
    home = projects["home"]
    home.body = [
        {
            "type": "project_teasers",
            "value": {"heading": "Machen Sie mit", "projects": [projects["open"].pk]},
        }
    ]
    home.save_revision().publish()

    page.goto(site_url + "/")

    assert page.get_by_role("heading", name="Neueste Ergebnisse").is_visible()
    assert page.get_by_role("heading", name="Machen Sie mit").is_visible()
    axe(page)
    page.get_by_role("link", name=re.compile(r"^Ergebnis lesen\s*: Open-Data-Portal$")).click()
    page.wait_for_load_state()
    assert page.url.endswith("#outcome-heading")
    assert page.get_by_role("heading", name="Ergebnis").is_visible()


def test_proposal_form_with_netiquette_hint(page, site_url, projects, login, axe):
    netiquette = ContentPageFactory(parent=projects["home"], title="Netiquette")
    FooterSettings.objects.update_or_create(
        site=projects["home"].get_site(), defaults={"netiquette_page": netiquette}
    )
    login(page, UserFactory())
    page.goto(f"{site_url}/ideen/einreichen/{projects['open'].pk}/")
    link = page.locator("form").get_by_role("link", name="Bitte beachten Sie unsere Netiquette.")
    assert link.is_visible()
    axe(page)


def test_my_participation_by_keyboard_and_at_320_px(page, site_url, projects, login):
    citizen = UserFactory()
    IdeaFactory(
        space=projects["open"], author=citizen, title="Ein sehr langer Vorschlagstitel " * 3
    )
    login(page, citizen)
    page.goto(site_url + "/")
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Meine Beteiligung":
            break
    else:
        pytest.fail("The header link to Meine Beteiligung is not reachable with Tab")
    assert page.evaluate("document.activeElement.matches(':focus-visible')")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/konto/beteiligung/")

    page.set_viewport_size({"width": 320, "height": 640})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
