"""Discussions on project pages in headless Chromium, scanned with axe-core."""

import datetime
import re
from functools import partial
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django_comments.models import CommentFlag
from django_comments_xtd.models import LIKEDIT_FLAG, XtdComment

from diskussion import services
from home.setup import ensure_site_root
from tests.factories import ProjectIndexPageFactory, ProjectPageFactory, UserFactory

from . import shots

SCREENS = Path("/tmp/screens/comments")
shoot = partial(
    shots.shoot,
    folder=SCREENS,
    widths=shots.DESKTOP_AND_320,
    reflow=True,
    section=("#diskussion, .comment-page", "section"),
)


def comment(target, user, text, parent=None, minutes_ago=0):
    return XtdComment.objects.create(
        content_type=ContentType.objects.get_for_model(target),
        object_pk=str(target.pk),
        site_id=1,
        user=user,
        user_name=user.public_name,
        user_email=user.email,
        comment=text,
        submit_date=timezone.now() - datetime.timedelta(minutes=minutes_ago),
        parent_id=parent.pk if parent else 0,
    )


@pytest.fixture
def discussion(site_url):
    """An open project with a thread of three levels, likes, an edit and a deleted comment."""
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
    me = UserFactory(display_name="Maria Muster")
    first = comment(
        project,
        anna,
        "Termine online buchen wäre großartig. Mehr dazu: https://www.kleve.de/buergerbuero",
        minutes_ago=300,
    )
    second = comment(project, me, "Gilt das auch für Anträge auf Wohngeld?", first, 200)
    comment(project, bernd, "Ja, laut Projektplan ab Herbst.", second, 100)
    gone = comment(project, bernd, "Ein Beitrag, den ich zurückziehe.", minutes_ago=90)
    comment(project, anna, "Danke für die Info!", gone, 80)
    services.delete_comment(gone, project)
    services.edit_comment(first, first.comment + "\n\nNachtrag: auch am Wochenende bitte.")
    for liker in (bernd, me):
        CommentFlag.objects.create(comment=first, user=liker, flag=LIKEDIT_FLAG)
    return {"project": project, "anna": anna, "bernd": bernd, "me": me, "first": first}


def test_thread_logged_out(page, site_url, discussion, axe):
    page.goto(site_url + discussion["project"].url)
    heading = page.get_by_role("heading", name="Diskussion (4 Beiträge)")
    assert heading.is_visible()
    assert page.get_by_text("Beitrag gelöscht").is_visible()
    assert page.get_by_text("2 Personen gefällt das").is_visible()
    discussion_section = page.locator("#diskussion")
    assert discussion_section.get_by_role("link", name="melden Sie sich bitte an").is_visible()
    assert page.get_by_role("button", name="Gefällt mir").count() == 0
    # Nested lists: the third level is a list inside a list inside a list.
    assert page.locator("ol.comment-list ol.comment-list ol.comment-list article").count() == 1
    axe(page)
    page.locator("#diskussion").scroll_into_view_if_needed()
    shoot(page, "thread-logged-out")


def test_thread_logged_in_is_usable_with_the_keyboard(page, site_url, discussion, login, axe):
    login(page, discussion["me"])
    page.goto(site_url + discussion["project"].url)
    axe(page)
    like = page.get_by_role("button", name=re.compile(r"^Beitrag von .+ gefällt mir$"))
    assert like.count() == 3  # not on the own comment, not on the deleted one
    assert like.first.get_attribute("aria-pressed") == "true"
    description = page.evaluate(
        "id => document.getElementById(id).textContent",
        like.first.get_attribute("aria-describedby"),
    )
    assert description == "2 Personen gefällt das"

    # Walk through the discussion with Tab and record what gets focus.
    page.locator("#diskussion-heading").evaluate("h => h.setAttribute('tabindex', '-1')")
    page.locator("#diskussion-heading").focus()
    reached = []
    for _ in range(40):
        page.keyboard.press("Tab")
        reached.append(
            page.evaluate(
                "() => { const e = document.activeElement;"
                " return (e.tagName + ':' + (e.innerText || e.value || '')).trim(); }"
            )
        )
    text = "\n".join(reached)
    assert "BUTTON:Gefällt mir" in text
    assert "BUTTON:Antworten" in text
    assert "A:Bearbeiten" in text
    assert "A:Löschen" in text
    assert "A:Melden" in text
    page.locator("#diskussion").scroll_into_view_if_needed()
    shoot(page, "thread-logged-in")


def test_reply_form_opens_under_the_comment_and_posting_focuses_the_new_comment(
    page, site_url, discussion, login, axe
):
    login(page, discussion["me"])
    page.goto(site_url + discussion["project"].url)
    first = discussion["first"]
    reply = page.locator(f"#c{first.pk}").get_by_role("button", name="Antworten")
    reply.click()
    assert reply.get_attribute("aria-expanded") == "true"
    textarea = page.get_by_label("Ihre Antwort an Anna aus Kellen")
    assert textarea.is_visible()
    assert textarea.evaluate("t => t === document.activeElement")
    assert page.locator(f"#c{first.pk}-reply textarea").count() == 1
    axe(page)
    shoot(page, "reply-open")

    # Cancel returns focus to the button; opening again works.
    page.get_by_role("button", name="Abbrechen").click()
    assert page.locator(f"#c{first.pk}-reply textarea").count() == 0
    assert reply.evaluate("b => b === document.activeElement")
    assert reply.get_attribute("aria-expanded") == "false"
    reply.click()

    page.keyboard.type("Das Wochenende fände ich auch wichtig.")
    with page.expect_navigation():
        page.get_by_role("button", name="Antwort veröffentlichen").click()
    page.wait_for_load_state("load")
    new = XtdComment.objects.get(comment="Das Wochenende fände ich auch wichtig.")
    assert new.parent_id == first.pk
    assert page.url.endswith(f"#c{new.pk}")
    page.wait_for_function(f"document.activeElement && document.activeElement.id === 'c{new.pk}'")
    assert page.get_by_text("Vielen Dank. Ihr Beitrag wurde veröffentlicht.").is_visible()
    assert page.get_by_role("heading", name="Diskussion (5 Beiträge)").is_visible()
    axe(page)
    shoot(page, "after-posting")


def test_like_toggles_in_place_and_is_announced(page, site_url, discussion, login, axe):
    login(page, discussion["anna"])
    page.goto(site_url + discussion["project"].url)
    target = page.locator("article.comment", has_text="Gilt das auch für Anträge")
    button = target.get_by_role("button", name="Gefällt mir")
    assert button.get_attribute("aria-pressed") == "false"
    button.click()
    page.wait_for_function(
        "() => document.querySelector('[data-comment-live]').textContent.length > 0"
    )
    assert button.get_attribute("aria-pressed") == "true"
    assert target.get_by_text("1 Person gefällt das").is_visible()
    live = page.locator("[data-comment-live]").text_content()
    assert live == "Ihnen gefällt dieser Beitrag. 1 Person gefällt das"
    axe(page)


def test_empty_comment_shows_the_error_summary(page, site_url, discussion, login, axe):
    login(page, discussion["me"])
    page.goto(site_url + discussion["project"].url)
    with page.expect_navigation():
        page.get_by_role("button", name="Beitrag veröffentlichen").click()
    summary = page.locator(".error-summary")
    assert summary.is_visible()
    assert summary.evaluate("s => s === document.activeElement")
    assert page.title().startswith("Fehler:")
    page.get_by_role("link", name="Ihr Beitrag: Bitte schreiben Sie Ihren Beitrag.").click()
    assert page.get_by_label("Ihr Beitrag").evaluate("t => t === document.activeElement")
    axe(page)
    shoot(page, "form-error")


def test_reply_page_without_javascript(browser, site_url, discussion, axe):
    context = browser.new_context(java_script_enabled=False, locale="de-DE")
    page = context.new_page()
    page.goto(site_url + "/konto/login/")
    page.get_by_label("E-Mail").first.fill(discussion["me"].email)
    page.get_by_label("Passwort").first.fill("Kleve-Test-2026!")
    with page.expect_navigation():
        page.get_by_role("button", name="Anmelden").click()
    page.goto(site_url + discussion["project"].url)
    first = discussion["first"]
    with page.expect_navigation():
        page.locator(f"#c{first.pk}").get_by_role("link", name="Antworten").click()
    assert page.get_by_role("heading", level=1, name="Antwort an Anna aus Kellen").is_visible()
    page.get_by_label("Ihr Beitrag").fill("Ohne JavaScript geantwortet.")
    with page.expect_navigation():
        page.get_by_role("button", name="Beitrag veröffentlichen").click()
    new = XtdComment.objects.get(comment="Ohne JavaScript geantwortet.")
    assert page.url.endswith(f"#c{new.pk}")
    # The browser itself focuses the fragment target, which has tabindex="-1".
    assert page.evaluate("document.activeElement.id") == f"c{new.pk}"
    assert page.get_by_text("Vielen Dank. Ihr Beitrag wurde veröffentlicht.").is_visible()
    context.close()


def test_reply_page(page, site_url, discussion, login, axe):
    login(page, discussion["me"])
    page.goto(f"{site_url}/kommentare/{discussion['first'].pk}/antworten/")
    assert page.locator("h1").count() == 1
    axe(page)
    shoot(page, "reply-page")


def test_flag_confirmation_page(page, site_url, discussion, login, axe):
    login(page, discussion["me"])
    page.goto(site_url + discussion["project"].url)
    with page.expect_navigation():
        page.locator(f"#c{discussion['first'].pk}").get_by_role("link", name="Melden").click()
    assert page.get_by_role("heading", level=1, name="Beitrag melden").is_visible()
    axe(page)
    shoot(page, "flag")
    with page.expect_navigation():
        page.get_by_role("button", name="Beitrag als unangemessen melden").click()
    assert page.get_by_text("Vielen Dank. Die Moderation prüft den Beitrag.").is_visible()
    assert page.locator(f"#c{discussion['first'].pk}").get_by_text("Gemeldet").is_visible()
    axe(page)


def test_edit_page(page, site_url, discussion, login, axe):
    login(page, discussion["me"])
    page.goto(site_url + discussion["project"].url)
    own = page.locator("article.comment--own")
    with page.expect_navigation():
        own.get_by_role("link", name="Bearbeiten").click()
    assert page.get_by_role("heading", level=1, name="Ihren Beitrag bearbeiten").is_visible()
    axe(page)
    shoot(page, "edit")
    page.get_by_label("Ihr Beitrag").fill("")
    with page.expect_navigation():
        page.get_by_role("button", name="Änderungen speichern").click()
    assert page.locator(".error-summary").is_visible()
    axe(page)
    shoot(page, "edit-error")
    page.get_by_label("Ihr Beitrag").fill("Gilt das auch für Wohngeld und Elterngeld?")
    with page.expect_navigation():
        page.get_by_role("button", name="Änderungen speichern").click()
    assert page.get_by_text("Ihr Beitrag wurde geändert.").is_visible()
    assert page.locator("article.comment--own").get_by_text("bearbeitet am").is_visible()


def test_delete_confirmation_page(page, site_url, discussion, login, axe):
    login(page, discussion["me"])
    page.goto(site_url + discussion["project"].url)
    with page.expect_navigation():
        page.locator("article.comment--own").get_by_role("link", name="Löschen").click()
    assert page.get_by_role("heading", level=1, name="Ihren Beitrag löschen?").is_visible()
    axe(page)
    shoot(page, "delete")
    with page.expect_navigation():
        page.get_by_role("button", name="Ja, Beitrag löschen").click()
    assert page.get_by_text("Ihr Beitrag wurde gelöscht.").is_visible()
    page.wait_for_function("document.activeElement.id === 'diskussion-heading'")
    assert page.get_by_role("heading", name="Diskussion (3 Beiträge)").is_visible()
    # The reply of Bernd keeps its place under a placeholder.
    assert page.get_by_text("Ja, laut Projektplan ab Herbst.").is_visible()
    assert page.get_by_text("Beitrag gelöscht").count() == 2
    axe(page)


def test_closed_project_logged_in(page, site_url, discussion, login, axe):
    project = discussion["project"]
    project.participation_end = timezone.localdate() - datetime.timedelta(days=1)
    project.save_revision().publish()
    login(page, discussion["me"])
    page.goto(site_url + project.url)
    assert page.locator("#diskussion .notice").get_by_text("Die Beteiligung endete am").is_visible()
    assert page.get_by_role("button", name="Gefällt mir").count() == 0
    assert page.get_by_text("2 Personen gefällt das").is_visible()
    axe(page)


def test_moderation_listing_in_the_wagtail_admin(page, site_url, discussion, login):
    from django.contrib.auth.models import Group, Permission

    group, _ = Group.objects.get_or_create(name="Moderation")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    moderator = UserFactory(display_name="Moni Moderation")
    moderator.groups.add(group)
    first = discussion["first"]
    CommentFlag.objects.create(
        comment=first, user=discussion["bernd"], flag=CommentFlag.SUGGEST_REMOVAL
    )
    login(page, moderator)
    page.goto(f"{site_url}/cms/moderatedcomment/?flagged=ja")
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / "admin-listing.png"), full_page=True)
    rows = page.locator("main table tbody tr")
    assert rows.count() == 1
    assert "Termine online buchen" in rows.first.inner_text()
    with page.expect_navigation():
        rows.first.get_by_role("link").first.click()
    page.get_by_role("radio", name="Aus der Diskussion entfernen").check()
    page.get_by_role("textbox", name="Öffentliche Begründung der Entfernung").fill("Werbung")
    page.screenshot(path=str(SCREENS / "admin-edit.png"), full_page=True)
    with page.expect_navigation():
        page.get_by_role("button", name="Speichern").click()
    page.goto(site_url + discussion["project"].url)
    assert page.get_by_text("Von der Moderation entfernt.").is_visible()
    assert page.get_by_text("Begründung: Werbung").is_visible()
