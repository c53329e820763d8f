"""Posts refused by a rate limit in Chromium: 429, when to try again, the text kept; axe-clean
and no sideways scrolling at 320 px."""

import datetime

import pytest
from django.utils import timezone

from home.setup import ensure_site_root
from ideen.staff import ensure_groups
from tests.factories import (
    CategoryFactory,
    IdeaPlatformPageFactory,
    ProjectIndexPageFactory,
    ProjectPageFactory,
    StaffUserFactory,
    UserFactory,
)

from .shots import assert_fits_320

pytestmark = pytest.mark.browser


def test_a_comment_beyond_the_limit_gets_a_429_page_with_the_text(
    page, site_url, login, axe, settings
):
    # A day, not a minute: the limits count in fixed windows, and two posts a few seconds
    # apart in a browser could fall into two minutes (the second then allowed).
    settings.POSTING_RATE_LIMITS = {**settings.POSTING_RATE_LIMITS, "comment": "1/d/user"}
    today = timezone.localdate()
    project = ProjectPageFactory(
        parent=ProjectIndexPageFactory(parent=ensure_site_root()),
        title="Radwege in Kleve",
        participation_start=today - datetime.timedelta(days=5),
        participation_end=today + datetime.timedelta(days=5),
    )
    login(page, UserFactory(display_name="Radfahrerin42"))
    for text in ("Der erste Beitrag.", "Der zweite Beitrag, zu schnell."):
        page.goto(site_url + project.url)
        page.get_by_label("Ihr Beitrag").fill(text)
        with page.expect_navigation() as navigation:
            page.get_by_role("button", name="Beitrag veröffentlichen").click()

    assert navigation.value.status == 429
    assert page.get_by_role("heading", level=1).inner_text() == "Bitte warten Sie einen Moment"
    assert page.get_by_text("Nichts wurde gespeichert").is_visible()
    assert page.get_by_label("Ihr Text zum Kopieren").input_value() == (
        "Der zweite Beitrag, zu schnell."
    )
    axe(page)
    assert_fits_320(page)


def test_an_idea_beyond_the_limit_comes_back_in_the_form(page, site_url, login, axe, settings):
    settings.POSTING_RATE_LIMITS = {**settings.POSTING_RATE_LIMITS, "idea": "1/d/user"}
    ensure_groups()
    platform = IdeaPlatformPageFactory(parent=ensure_site_root())
    CategoryFactory(
        name="Digitales Bürgerbüro",
        slug="b-buergerbuero",
        parent=CategoryFactory(name="E-Government", slug="b-e-government"),
    )
    login(page, StaffUserFactory(display_name="Anna Schmitz"))
    for title in ("Erste Idee", "Zweite Idee"):
        page.goto(f"{site_url}/ideen/einreichen/{platform.pk}/")
        page.get_by_label("Titel").fill(title)
        page.get_by_label("Beschreibung").fill("Eine Beschreibung, die erhalten bleibt.")
        page.get_by_label("Thema").select_option(label="Digitales Bürgerbüro")
        with page.expect_navigation() as navigation:
            page.get_by_role("button", name="Idee veröffentlichen").click()

    assert navigation.value.status == 429
    summary = page.locator(".error-summary")
    assert "Nichts wurde gespeichert" in summary.inner_text()
    assert page.get_by_label("Titel").input_value() == "Zweite Idee"
    axe(page)
    assert_fits_320(page)
