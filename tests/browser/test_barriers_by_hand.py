"""Barriers found by hand (issue 20), each checked the way it was found: keyboard, names, 320 px.

Uses the demo content: every page type with real texts, the citizen Maria and the staff member
Anna (the internal Ideenplattform).
"""

import re

from django.contrib.auth import get_user_model
from playwright.sync_api import expect
from wagtail.models import Page

from barrierefreiheit.models import AccessibilityStatementPage, EasyLanguagePage
from beteiligung.models import ProjectIndexPage, ProjectPage
from home.models import ContentPage, HomePage
from ideen.models import Idea, IdeaPlatformPage
from ideen.services import submit_idea
from tests.browser.test_citizen_loop import DEMO_PASSWORD, log_in
from transparenz.models import DecisionIndexPage, StatisticsPage
from vorhaben.models import VorhabenIndexPage, VorhabenPage

OPEN_PROJECT = "/projekte/freies-wlan/"
MARIA = "maria.beispiel@example.org"
ANNA = "anna.schmitz@kleve.de"

# WCAG 1.4.12 Text Spacing: the values of the W3C's text-spacing bookmarklet.
TEXT_SPACING = """
* { line-height: 1.5 !important; letter-spacing: 0.12em !important;
    word-spacing: 0.16em !important; }
p { margin-bottom: 2em !important; }
"""
LONG_COMPOUND = "Verwaltungsdigitalisierungsbeschleunigungsmaßnahmenkatalogfortschreibung"


def accessible_names(page, role: str) -> list[str]:
    """The computed names of every node with the role, from Chromium's accessibility tree."""
    session = page.context.new_cdp_session(page)
    try:
        nodes = session.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        session.detach()
    return [
        node.get("name", {}).get("value", "")
        for node in nodes
        if node.get("role", {}).get("value") == role and not node.get("ignored")
    ]


def spoken_texts(page) -> list[str]:
    """Every text a screen reader reads from the page (static text nodes)."""
    return accessible_names(page, "StaticText")


def add_text_spacing(page) -> None:
    """The bookmarklet's styles, as a constructed style sheet (the CSP forbids inline styles)."""
    page.evaluate(
        """css => {
            const sheet = new CSSStyleSheet();
            sheet.replaceSync(css);
            document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
        }""",
        TEXT_SPACING,
    )


def overflow(page) -> str:
    """The widest elements that stick out to the right, for the failure message."""
    return page.evaluate(
        """() => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
            .slice(0, 5)
            .map(e => e.tagName + '.' + e.className + ': '
                + (e.textContent || '').trim().slice(0, 40))
            .join('\\n')"""
    )


def test_like_keeps_keyboard_focus_on_the_button(page, demo):
    log_in(page, demo, MARIA, DEMO_PASSWORD)
    page.goto(demo + OPEN_PROJECT)
    button = page.locator("#diskussion").get_by_role("button", name=re.compile("gefällt mir")).first
    pressed = button.get_attribute("aria-pressed")
    button.focus()
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-pressed", "false" if pressed == "true" else "true")
    expect(page.locator("[data-comment-live]")).not_to_have_text("")
    # Focus stays on the button (a disabled button would drop it to the page body).
    assert button.evaluate("b => b === document.activeElement")
    expect(button).not_to_have_attribute("aria-disabled", "true")
    # And the next press with the keyboard acts on the same button again.
    page.keyboard.press("Space")
    expect(button).to_have_attribute("aria-pressed", pressed)
    assert button.evaluate("b => b === document.activeElement")


def test_comment_actions_are_whole_sentences_naming_the_author(page, demo):
    log_in(page, demo, MARIA, DEMO_PASSWORD)
    page.goto(demo + OPEN_PROJECT)
    comments = page.locator("#diskussion article.comment:not(.comment--gone)")
    assert comments.count() >= 3
    seen_like_names = set()
    for index in range(comments.count()):
        article = comments.nth(index)
        author = article.locator(".comment__author").first.inner_text()
        actions = article.locator(":scope > .comment__actions")
        if article.get_attribute("class").find("comment--own") >= 0:
            expect(actions.get_by_role("link", name="Ihren Beitrag bearbeiten")).to_have_count(1)
            expect(actions.get_by_role("link", name="Ihren Beitrag löschen")).to_have_count(1)
            continue
        like = actions.get_by_role("button", name=f"Beitrag von {author} gefällt mir", exact=True)
        expect(like).to_have_count(1)
        seen_like_names.add(f"Beitrag von {author} gefällt mir")
        expect(
            actions.get_by_role("link", name=f"Beitrag von {author} melden", exact=True)
        ).to_have_count(1)
        replies = actions.locator("[data-reply-to]")  # not at the deepest level
        if replies.count():
            expect(replies).to_have_accessible_name(f"Auf den Beitrag von {author} antworten")
    # Different authors, different names: "Gefällt mir" alone said nothing about whose comment.
    assert len(seen_like_names) >= 2
    names = accessible_names(page, "article")
    comment_names = [name for name in names if re.search(r"\d{4}, \d\d:\d\d", name)]
    assert comment_names, names
    for name in comment_names:
        assert " ," not in name, name  # no space before the comma after the author
    # Old, ungrammatical names are gone.
    texts = " ".join(names + spoken_texts(page))
    assert "Melden den Beitrag" not in texts
    assert "Bearbeiten Ihren Beitrag" not in texts


def test_breadcrumb_separator_is_not_read_aloud(page, demo):
    page.goto(demo + OPEN_PROJECT)
    crumbs = page.locator("nav.breadcrumbs li")
    assert crumbs.count() >= 2
    separator = crumbs.nth(1).evaluate("li => getComputedStyle(li, '::before').content")
    assert "›" in separator  # still shown
    assert not [text for text in spoken_texts(page) if "›" in text]


def test_make_a_proposal_link_names_the_project(page, demo):
    log_in(page, demo, MARIA, DEMO_PASSWORD)
    page.goto(demo + OPEN_PROJECT)
    title = page.locator("main h1").inner_text()
    links = page.get_by_role("link", name=f"Vorschlag machen zum Projekt „{title}“", exact=True)
    expect(links.first).to_be_visible()
    # The visible words come first in the name (WCAG 2.5.3 Label in Name).
    expect(links.first).to_have_text(re.compile(r"^Vorschlag machen"))


def test_after_posting_a_proposal_focus_is_on_the_message_that_says_proposal(page, demo, axe):
    log_in(page, demo, MARIA, DEMO_PASSWORD)
    page.goto(demo + OPEN_PROJECT)
    with page.expect_navigation():
        page.locator(".take-part").get_by_role("link", name=re.compile("Vorschlag machen")).click()
    page.get_by_label("Titel").fill("Trinkbrunnen am Opschlag")
    page.get_by_label("Ihr Vorschlag").fill("Im Sommer fehlt Trinkwasser am Wasser.")
    topic = page.get_by_label("Thema")
    topic.select_option(topic.locator("option:not([value=''])").first.get_attribute("value"))
    with page.expect_navigation():
        page.get_by_role("button", name="Vorschlag veröffentlichen").click()
    message = page.locator("[data-messages]")
    expect(message).to_have_attribute("role", "status")
    expect(message).to_contain_text("Ihr Vorschlag ist veröffentlicht")
    expect(message).not_to_contain_text("Idee")
    expect(message).to_be_focused()
    axe(page)


def test_after_handing_in_an_internal_idea_the_message_says_idea(page, demo):
    log_in(page, demo, ANNA, DEMO_PASSWORD)
    platform = IdeaPlatformPage.objects.live().first()
    page.goto(demo + platform.url)
    with page.expect_navigation():
        page.get_by_role("link", name=re.compile("Idee einreichen")).first.click()
    page.get_by_label("Titel").fill("Digitale Aktenablage im Bauamt")
    page.get_by_label("Beschreibung").fill("Weniger Papier, schnellere Auskunft.")
    for select in page.locator("main form select[required]").all():
        select.select_option(select.locator("option:not([value=''])").first.get_attribute("value"))
    with page.expect_navigation():
        page.locator("main form button[type=submit]").last.click()
    expect(page.locator("[data-messages]")).to_contain_text("Ihre Idee ist veröffentlicht")
    expect(page.locator("[data-messages]")).to_be_focused()


def every_page_type(anna) -> list[tuple[str, bool]]:
    """One address per page type of the demo, and whether it needs the staff login."""
    first = {
        model: model.objects.live().order_by("path").first()
        for model in (
            HomePage,
            ContentPage,
            ProjectIndexPage,
            ProjectPage,
            AccessibilityStatementPage,
            EasyLanguagePage,
            DecisionIndexPage,
            StatisticsPage,
            VorhabenIndexPage,
            VorhabenPage,
            IdeaPlatformPage,
        )
    }
    platform = first[IdeaPlatformPage]
    # An internal idea whose title is one long compound, as staff write them.
    internal = submit_idea(
        space=platform,
        author=anna,
        title=f"{LONG_COMPOUND} im Fachbereich",
        description=f"Die {LONG_COMPOUND} betrifft alle Ämter.",
        category=platform.offered_categories().first(),
    )
    proposal = Idea.objects.filter(space__in=Page.objects.type(ProjectPage)).first()
    paths = [(page.url, False) for model, page in first.items() if model is not IdeaPlatformPage]
    return [
        *paths,
        (proposal.get_absolute_url(), False),
        ("/suche/?q=WLAN", False),
        (platform.url, True),
        (internal.get_absolute_url(), True),
    ]


def test_every_page_type_reflows_at_320_px_with_text_spacing_and_long_words(page, demo):
    anna = get_user_model().objects.get(email=ANNA)
    pages = every_page_type(anna)
    assert len(pages) >= 14
    log_in(page, demo, ANNA, DEMO_PASSWORD)  # staff see every page, the internal ones too
    page.set_viewport_size({"width": 320, "height": 720})
    failures = []
    for path, _internal in pages:
        page.goto(demo + path)
        assert page.locator("main h1").count() == 1, path
        if page.evaluate("document.documentElement.scrollWidth") > 320:
            failures.append(f"{path}:\n{overflow(page)}")
        add_text_spacing(page)
        if page.evaluate("document.documentElement.scrollWidth") > 320:
            failures.append(f"{path} with text spacing:\n{overflow(page)}")
    assert failures == [], "\n\n".join(failures)
