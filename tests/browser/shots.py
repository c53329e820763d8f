"""Screenshots for a human look, at a wide and a narrow width, and the reflow check that goes
with them.

Each test file keeps its own folder under /tmp and binds its options once, for example
``shoot = partial(shots.shoot, folder=SCREENS, widths=shots.DESKTOP_AND_320, reflow=True)``;
the files are ``{folder}/{name}-{label}.png``, one for each width.
"""

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page

HEIGHT = 900
# Labels (the end of the file name) and widths in CSS pixels; the narrowest comes last.
WIDTHS = {"1280": 1280, "320": 320}
DESKTOP_AND_320 = {"desktop": 1280, "320": 320}

# Up to five elements that stick out past the viewport's right edge, outside scroll regions.
STICKING_OUT = """width => [...document.querySelectorAll('body *')]
    .filter(el => el.getBoundingClientRect().right > width + 1 && !el.closest('.table-scroll'))
    .slice(0, 5).map(el => el.outerHTML.slice(0, 120))"""


def assert_fits(page: Page, width: int, name: str = "") -> None:
    """The page does not scroll sideways at the current ``width`` (WCAG 1.4.10 at 320 px)."""
    if page.evaluate("document.documentElement.scrollWidth") <= width:
        return
    sticking_out = page.evaluate(STICKING_OUT, width)
    raise AssertionError(f"{name or page.url} scrolls sideways at {width} px: {sticking_out}")


def shoot(
    page: Page,
    name: str,
    folder: Path,
    *,
    widths: dict[str, int] = WIDTHS,
    within: str | None = None,
    reflow: bool = False,
    axe: Callable[[Page], None] | None = None,
    section: tuple[str, str] | None = None,
    top: int | None = None,
    parts: int | None = None,
) -> None:
    """Screenshots of the whole page (or of the part ``within`` selects) at each of ``widths``.

    With ``reflow`` the page must not scroll sideways at any of them. At the last (narrowest)
    width, optionally: ``axe`` scans the page; ``section`` = (selector, suffix) also shoots the
    first part the selector finds; ``top`` also saves the first that many pixels of the page;
    ``parts`` also saves the whole page in parts that high (a long phone page shrinks to nothing
    in an image viewer). The viewport gets its size back afterwards.
    """
    folder.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    for label, width in widths.items():
        page.set_viewport_size({"width": width, "height": HEIGHT})
        stem = f"{folder / name}-{label}"
        if within:
            page.locator(within).screenshot(path=f"{stem}.png")
        else:
            page.screenshot(path=f"{stem}.png", full_page=True)
        if reflow:
            assert_fits(page, width, name)
    if section:
        selector, suffix = section
        page.locator(selector).first.screenshot(path=f"{stem}-{suffix}.png")
    if top:
        clip = {"x": 0, "y": 0, "width": width, "height": top}
        page.screenshot(path=f"{stem}-top.png", clip=clip, full_page=True)
    if parts:
        height = page.evaluate("document.documentElement.scrollHeight")
        for number, y in enumerate(range(0, height, parts), start=1):
            clip = {"x": 0, "y": y, "width": width, "height": min(parts, height - y)}
            page.screenshot(path=f"{stem}-{number}.png", clip=clip, full_page=True)
    if axe is not None:
        axe(page)
    page.set_viewport_size(size)


def assert_fits_320(page: Page) -> None:
    """At 320 px (400 % zoom of 1280) the page does not scroll sideways; the viewport gets its
    size back."""
    size = page.viewport_size
    page.set_viewport_size({"width": 320, "height": HEIGHT})
    assert_fits(page, 320)
    page.set_viewport_size(size)
