"""Keyboard and screen-reader behaviour on the key pages of the demo site.

Skip link, Tab order with visible focus, focus on the error summary after a failed submit,
pages without JavaScript, reflow at 320 px and target sizes of at least 24 x 24 px.
(The live region after a support vote is tested in test_ideen.py.)
"""

import pytest
from django.contrib.auth import get_user_model

from demo.loader import accounts

CITIZEN = next(a for a in accounts() if a.role == "citizen")
PROJECT = "/projekte/freies-wlan/"
KEY_PAGES = ["/", "/suche/?q=WLAN", "/konto/login/", PROJECT]
ALL_PAGES = [
    *KEY_PAGES,
    "/barrierefreiheit/",
    "/leichte-sprache/",
    "/gebaerdensprache/",
    "/barriere-melden/",
    "/konto/signup/",
]


# Every element a keyboard user can reach, in DOM order, numbered for later identification.
MARK_FOCUSABLE = """() => {
    const selector = 'a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]),'
        + ' select:not([disabled]), textarea:not([disabled]), summary, [tabindex]';
    const visible = el => {
        const style = getComputedStyle(el);
        const box = el.getBoundingClientRect();
        return style.visibility !== 'hidden' && style.display !== 'none'
            && box.width > 0 && box.height > 0 && !el.closest('[inert], [aria-hidden=true]');
    };
    const items = [...document.querySelectorAll(selector)]
        .filter(el => el.tabIndex >= 0 && visible(el));
    items.forEach((el, i) => el.setAttribute('data-kbd', String(i)));
    const label = el => el.textContent || el.getAttribute('aria-label') || el.name || el.tagName;
    return items.map(el => label(el).trim().slice(0, 40));
}"""

FOCUS_STYLE = """() => {
    const el = document.activeElement;
    const s = getComputedStyle(el);
    return {
        kbd: el.getAttribute('data-kbd'),
        focusVisible: el.matches(':focus-visible'),
        style: [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow].join('|'),
    };
}"""

BLURRED_STYLE = """(i) => {
    const el = document.querySelector(`[data-kbd="${i}"]`);
    el.blur();
    const s = getComputedStyle(el);
    return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow].join('|');
}"""


@pytest.mark.parametrize("role", ["logged out", "citizen"])
def test_tab_reaches_every_element_in_order_with_visible_focus(demo, page, login, role):
    if role == "citizen":
        login(page, get_user_model().objects.get(username=CITIZEN.username), CITIZEN.password)
    problems = []
    for path in KEY_PAGES:
        page.goto(demo + path)
        labels = page.evaluate(MARK_FOCUSABLE)
        assert page.locator("[tabindex]:not([tabindex='-1']):not([tabindex='0'])").count() == 0
        page.locator("body").focus()
        page.evaluate("document.activeElement && document.activeElement.blur()")
        reached, styles = [], {}
        for _ in range(len(labels) + 3):
            page.keyboard.press("Tab")
            state = page.evaluate(FOCUS_STYLE)
            if state["kbd"] is None:
                continue  # e.g. focus left the document or entered a video's own controls
            reached.append(int(state["kbd"]))
            styles[int(state["kbd"])] = state
            if len(reached) == len(labels):
                break
        expected = list(range(len(labels)))
        if reached != expected:
            problems.append(f"{path}: Tab order {reached} instead of {expected} ({labels})")
        for index, state in styles.items():
            blurred = page.evaluate(BLURRED_STYLE, index)
            if not state["focusVisible"] or state["style"] == blurred:
                problems.append(f"{path}: no visible focus on {labels[index]!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", ["/", PROJECT, "/barrierefreiheit/"])
def test_skip_link_is_first_and_moves_focus_to_main(demo, page, path):
    page.goto(demo + path)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Zum Inhalt springen"
    assert page.evaluate("document.activeElement.getBoundingClientRect().top") >= 0  # visible
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('main')")


@pytest.mark.parametrize(
    ("path", "fill"),
    [
        (
            "/konto/login/",
            {"input[name=login]": "niemand@example.org", "input[name=password]": "x"},
        ),
        ("/konto/signup/", {"input[name=email]": "kein-at-zeichen"}),
        ("/barriere-melden/", {"input[name=email]": "kaputt"}),
    ],
    ids=["login", "signup", "barrier-report"],
)
def test_after_a_form_error_focus_is_on_the_error_summary(demo, page, axe, path, fill):
    page.goto(demo + path)
    form = page.locator("main form").last
    for selector, value in fill.items():
        form.locator(selector).fill(value)
    with page.expect_navigation():
        form.locator("button[type=submit]").last.click()
    assert page.title().startswith("Fehler:"), page.title()
    focused = page.evaluate("document.activeElement.closest('.error-summary') !== null")
    assert focused, page.evaluate("document.activeElement.outerHTML.slice(0, 120)")
    axe(page)


def test_pages_work_without_javascript(demo, browser):
    context = browser.new_context(java_script_enabled=False, locale="de-DE")
    page = context.new_page()
    try:
        for path in ALL_PAGES:
            response = page.goto(demo + path)
            assert response.status == 200, path
            assert page.locator("main h1").count() == 1, path
        # The search form is a plain GET form.
        page.goto(demo + "/")
        page.locator("#header-search-input").fill("WLAN")
        with page.expect_navigation():
            page.get_by_role("search", name="Website-Suche").get_by_role("button").click()
        assert "/suche/?q=WLAN" in page.url
        # A barrier report goes through, with the page prefilled from the footer link.
        page.goto(demo + PROJECT)
        page.locator("footer").get_by_role("link", name="Barriere melden").click()
        assert page.locator("#id_page_url").input_value() == PROJECT
        page.locator("#id_description").fill("Ohne JavaScript getestet.")
        with page.expect_navigation():
            page.get_by_role("button", name="Meldung senden").click()
        assert page.locator("h1").inner_text() == "Vielen Dank für Ihre Meldung"
        # Logging in works too.
        page.goto(demo + "/konto/login/")
        form = page.locator("main form").filter(has=page.locator("input[name=password]"))
        form.locator("input[name=login]").fill(CITIZEN.email)
        form.locator("input[name=password]").fill(CITIZEN.password)
        with page.expect_navigation():
            form.locator("button[type=submit]").last.click()
        assert page.get_by_role("button", name="Abmelden").is_visible()
        # The transcript of a video opens without a script.
        page.goto(demo + "/gebaerdensprache/")
        page.get_by_text("Textfassung des Videos").click()
        assert page.get_by_text("Platzhalter-Video der Demo-Installation").is_visible()
    finally:
        context.close()


def test_no_horizontal_scrolling_at_320_px(demo, page):
    page.set_viewport_size({"width": 320, "height": 720})
    too_wide = []
    for path in ALL_PAGES:
        page.goto(demo + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            too_wide.append(f"{path}: {width}px")
    assert not too_wide, too_wide


# WCAG 2.5.8: targets at least 24 x 24 px, unless inline in a sentence or spaced so that a
# 24 px circle around each undersized target touches no other target or circle.
UNDERSIZED_TARGETS = """() => {
    const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary';
    const visible = el => {
        const s = getComputedStyle(el), b = el.getBoundingClientRect();
        return s.visibility !== 'hidden' && b.width > 0 && b.height > 0
            && !el.closest('[aria-hidden=true]');
    };
    const inlineInText = el => {
        if (getComputedStyle(el).display !== 'inline') return false;
        const block = el.parentElement.closest('p, li, dd, td, figcaption, label, span, div');
        return block && block.textContent.trim().length > el.textContent.trim().length;
    };
    const targets = [...document.querySelectorAll(selector)].filter(visible);
    const boxes = targets.map(el => el.getBoundingClientRect());
    const small = targets.map((el, i) => !inlineInText(el)
        && (boxes[i].width < 24 || boxes[i].height < 24));
    const centre = b => [b.left + b.width / 2, b.top + b.height / 2];
    const circleHitsBox = ([x, y], b) => {
        const dx = Math.max(b.left - x, 0, x - b.right), dy = Math.max(b.top - y, 0, y - b.bottom);
        return dx * dx + dy * dy < 144;
    };
    const problems = [];
    targets.forEach((el, i) => {
        if (!small[i]) return;
        const c = centre(boxes[i]);
        const related = other => other === el || other.contains(el) || el.contains(other);
        const crowded = targets.some((other, j) => !related(other) && (
            circleHitsBox(c, boxes[j])
            || (small[j] && Math.hypot(...[0, 1].map(k => c[k] - centre(boxes[j])[k])) < 24)));
        if (crowded) {
            const name = (el.textContent || el.name || '').trim().slice(0, 30);
            const size = `${Math.round(boxes[i].width)}x${Math.round(boxes[i].height)}`;
            problems.push(`${el.tagName} "${name}" ${size}`);
        }
    });
    return problems;
}"""


@pytest.mark.parametrize("width", [1280, 320])
def test_targets_are_at_least_24_px(demo, page, width):
    page.set_viewport_size({"width": width, "height": 900})
    problems = []
    for path in ALL_PAGES:
        page.goto(demo + path)
        problems += [f"{path}: {p}" for p in page.evaluate(UNDERSIZED_TARGETS)]
    assert not problems, "\n".join(problems)
