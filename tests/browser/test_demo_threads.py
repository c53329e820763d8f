"""The demo discussions in a real browser: an internal idea and an open project, with axe."""

from functools import partial
from pathlib import Path

from django.contrib.auth import get_user_model

from ideen.models import Idea

from . import shots

SCREENS = Path("/tmp/screens/diskussion-demo")
shoot = partial(
    shots.shoot,
    folder=SCREENS,
    widths=shots.DESKTOP_AND_320,
    reflow=True,
    section=("#diskussion", "discussion"),
)
DEMO_PASSWORD = "Kleve-Demo-2026!"
IDEA_TITLE = "Termine im Bürgerbüro online buchen"
PROJECT_PATH = "/projekte/open-data/"


def test_demo_idea_thread_for_a_staff_member(demo, page, axe, login):
    anna = get_user_model().objects.get(username="anna.schmitz")
    login(page, anna, password=DEMO_PASSWORD)
    idea = Idea.objects.get(title=IDEA_TITLE)
    page.goto(demo + idea.get_absolute_url())

    section = page.locator("#diskussion")
    heading = f"Diskussion ({idea.comment_count} Beiträge)"
    assert section.get_by_role("heading", level=2, name=heading).is_visible()
    # Three levels: comment, reply, reply to the reply, each readable with author and date.
    deepest = section.locator(".comment-list--nested .comment-list--nested .comment")
    assert deepest.count() >= 1
    assert "Miriam Janssen" in deepest.first.locator(".comment__meta").inner_text()
    assert deepest.first.locator("time").get_attribute("datetime")
    # Anna's own replies carry no like button; her colleagues' comments do, with their count.
    own = section.locator(".comment--own").first
    assert own.get_by_role("button", name="Gefällt mir").count() == 0
    assert section.get_by_role("button", name="Gefällt mir").count() >= 3
    assert section.locator(".comment__like-count").filter(has_text="3 Personen").count() >= 1
    axe(page)
    shoot(page, "idea-thread-staff")
    page.set_viewport_size({"width": 320, "height": 800})
    axe(page)

    # The reply form open (JavaScript): focus in its text box, still no violations.
    page.set_viewport_size({"width": 1280, "height": 900})
    reply = section.get_by_role("button", name="Antworten").first
    reply.click()
    assert reply.get_attribute("aria-expanded") == "true"
    assert page.evaluate("document.activeElement.tagName") == "TEXTAREA"
    axe(page)


def test_demo_project_thread_logged_out(demo, page, axe):
    page.goto(demo + PROJECT_PATH)

    section = page.locator("#diskussion")
    assert section.get_by_role("heading", level=2, name="Diskussion (6 Beiträge)").is_visible()
    answer = section.locator(".comment").filter(has_text="Datenlizenz Deutschland")
    assert "Redaktion Stadt Kleve" in answer.locator(".comment__meta").inner_text()
    assert "Antwort an Klaus aus Materborn" in answer.locator(".comment__meta").inner_text()
    # The project is completed: likes are counted but cannot be given; the notice says why.
    assert section.locator("button").count() == 0
    assert section.locator(".comment__like-count").count() >= 4
    assert "Die Beteiligung endete am" in section.inner_text()
    axe(page)
    shoot(page, "project-thread-logged-out")
    page.set_viewport_size({"width": 320, "height": 800})
    axe(page)
