"""A comment sent just after the participation period ended: the refusal page in Chromium."""

import datetime

from django.utils import timezone

from beteiligung.models import ProjectPage
from home.setup import ensure_site_root
from tests.factories import ProjectIndexPageFactory, ProjectPageFactory, UserFactory

TEXT = "Bitte auch an die Radwege in Materborn denken."


def test_a_comment_refused_after_the_period_keeps_the_text_to_copy(page, site_url, login, axe):
    today = timezone.localdate()
    project = ProjectPageFactory(
        parent=ProjectIndexPageFactory(parent=ensure_site_root()),
        title="Radwege in Kleve",
        participation_start=today - datetime.timedelta(days=20),
        participation_end=today,
    )
    citizen = UserFactory(display_name="Radfahrerin42")
    login(page, citizen)
    page.goto(site_url + project.url)
    page.get_by_label("Ihr Beitrag").fill(TEXT)

    # The period ends while the form is open.
    ProjectPage.objects.filter(pk=project.pk).update(
        participation_end=today - datetime.timedelta(days=1)
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Beitrag veröffentlichen").click()

    assert page.get_by_role("heading", level=1).inner_text() == (
        "Ihr Beitrag konnte nicht gespeichert werden"
    )
    assert page.get_by_text("Die Beteiligung endete am").is_visible()
    kept = page.get_by_label("Ihr Text zum Kopieren")
    assert kept.input_value() == TEXT
    assert kept.get_attribute("readonly") is not None
    axe(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Zurück zu „Radwege in Kleve“").click()
    assert page.get_by_text("Die Beteiligung endete am").first.is_visible()
