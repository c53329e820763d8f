"""A long discussion in pages: links without JavaScript, pages loaded in place with it, the
keyboard, axe, 320 px reflow."""

import datetime
from functools import partial
from pathlib import Path

import pytest
from django.utils import timezone
from django_comments_xtd.models import XtdComment

from home.setup import ensure_site_root
from tests.browser.test_comments import comment
from tests.factories import ProjectIndexPageFactory, ProjectPageFactory, UserFactory

from . import shots

SCREENS = Path("/tmp/screens/threads")
shoot = partial(shots.shoot, folder=SCREENS, within="#diskussion", reflow=True)
TEXT = (
    "Ich fände es gut, wenn die Termine auch abends möglich wären. Mehr dazu steht auf "
    "https://www.kleve.de/buergerbuero – dort fehlt aber der Hinweis auf Samstage."
)


@pytest.fixture
def long_thread(site_url):
    """An open project with 45 threads of a comment and four replies each."""
    home = ensure_site_root()
    index = ProjectIndexPageFactory(parent=home)
    today = timezone.localdate()
    project = ProjectPageFactory(
        parent=index,
        title="Digitales Bürgerbüro",
        participation_start=today - datetime.timedelta(days=3),
        participation_end=today + datetime.timedelta(days=30),
    )
    anna = UserFactory(display_name="Anna aus Kellen")
    bernd = UserFactory(display_name="Bernd Beispiel")
    roots = []
    for n in range(45):
        root = comment(project, anna, f"Thema {n + 1}: {TEXT}", minutes_ago=1000 - n * 10)
        for r in range(4):
            comment(project, bernd, f"Antwort {n + 1}.{r + 1}", root, 999 - n * 10 - r)
        roots.append(root)
    return {"project": project, "anna": anna, "bernd": bernd, "roots": roots}


def test_pages_and_folded_replies_without_javascript(browser, site_url, long_thread, axe):
    context = browser.new_context(java_script_enabled=False, locale="de-DE")
    page = context.new_page()
    page.goto(site_url + long_thread["project"].url)
    section = page.locator("#diskussion")
    assert section.get_by_role("heading", name="Diskussion (225 Beiträge)").is_visible()
    pages = section.get_by_role("navigation", name="Seiten der Diskussion")
    assert pages.locator('[aria-current="page"]').inner_text().endswith("1")
    with page.expect_navigation():
        pages.get_by_role("link", name="Seite 2").click()
    assert "kommentare=2" in page.url
    assert section.get_by_text("Thema 21:").is_visible()
    assert section.get_by_text("Thema 20:").count() == 0
    more = section.get_by_role("link", name="1 weitere Antwort auf den Beitrag von Anna aus Kellen")
    assert more.count() == 20
    with page.expect_navigation():
        more.first.click()
    assert section.get_by_text("Antwort 21.4").is_visible()
    # The browser moves focus to the first reply that was folded away (tabindex="-1").
    assert page.evaluate("document.activeElement.innerText").find("Antwort 21.4") >= 0
    context.close()


def test_paged_thread_with_the_keyboard_and_axe(page, site_url, long_thread, login, axe):
    login(page, long_thread["bernd"])
    page.goto(site_url + long_thread["project"].url)
    axe(page)
    shoot(page, "page-1-logged-in")
    # Tab to the order switch and choose newest first with Enter.
    newest = page.get_by_role("navigation", name="Reihenfolge der Beiträge").get_by_role(
        "link", name="Neueste zuerst"
    )
    newest.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "reihenfolge=neueste" in page.url
    # The page opens at the discussion's heading, which takes focus.
    page.wait_for_function("document.activeElement.id === 'diskussion-heading'")
    first = page.locator("#diskussion article.comment").first
    assert "Thema 45:" in first.inner_text()
    axe(page)
    shoot(page, "newest-first")

    # Likes through the page's one like form: in place, announced.
    target = page.locator("article.comment", has_text="Thema 45:")
    button = target.get_by_role("button", name="Gefällt mir")
    button.click()
    page.wait_for_function(
        "() => document.querySelector('[data-comment-live]').textContent.length > 0"
    )
    assert button.get_attribute("aria-pressed") == "true"
    assert target.get_by_text("1 Person gefällt das").is_visible()

    # The one reply form opens under the comment answered, labelled with its author.
    reply = target.get_by_role("button", name="Antworten")
    reply.click()
    textarea = page.get_by_label("Ihre Antwort an Anna aus Kellen")
    assert textarea.evaluate("t => t === document.activeElement")
    page.keyboard.type("Samstage wären gut.")
    with page.expect_navigation():
        page.get_by_role("button", name="Antwort veröffentlichen").click()
    new = XtdComment.objects.get(comment="Samstage wären gut.")
    # Back on the page that shows the new reply (its thread unfolded), focused.
    assert f"antworten={new.thread_id}" in page.url and page.url.endswith(f"#c{new.pk}")
    page.wait_for_function(f"document.activeElement && document.activeElement.id === 'c{new.pk}'")
    axe(page)

    # The last page, reached with the keyboard from the pagination: with JavaScript it loads
    # in place, is announced, and focus lands on "Seite 3 von 3" above the new comments.
    page.goto(site_url + long_thread["project"].url)
    last = page.get_by_role("navigation", name="Seiten der Diskussion").get_by_role(
        "link", name="Seite 3"
    )
    last.focus()
    page.keyboard.press("Enter")
    page.wait_for_function(
        "() => document.querySelector('[data-comment-live]').textContent === 'Seite 3 von 3'"
    )
    assert "kommentare=3" in page.url
    assert page.evaluate("document.activeElement.textContent") == "Seite 3 von 3"
    assert page.locator("#diskussion article.comment").first.inner_text().find("Thema 41:") >= 0
    # The comments loaded in place work like the others: the reply form opens under them.
    loaded = page.locator("article.comment", has_text="Thema 41:")
    loaded.get_by_role("button", name="Antworten").click()
    assert page.get_by_label("Ihre Antwort an Anna aus Kellen").evaluate(
        "t => t === document.activeElement"
    )
    axe(page)
    shoot(page, "page-3")
    # Back shows the first page again: the address changes at once, and the script reloads
    # the page for it (waited for, as a reader waits for the reload).
    page.go_back()
    page.wait_for_function(
        "() => (document.querySelector('#diskussion article.comment') || {}).innerText"
        " && document.querySelector('#diskussion article.comment').innerText.includes('Thema 1:')"
    )
    assert "kommentare=3" not in page.url


def test_paged_thread_logged_out(page, site_url, long_thread, axe):
    root = long_thread["roots"][30]
    page.goto(f"{site_url}/kommentare/{root.pk}/")
    assert "kommentare=2" in page.url and page.url.endswith(f"#c{root.pk}")
    axe(page)
    shoot(page, "permalink-logged-out")
