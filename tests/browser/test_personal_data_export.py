""" "Meine Daten" of a person with much data in headless Chromium: being prepared, ready, axe."""

import pytest
from playwright.sync_api import expect

from accounts.exports import build_export
from accounts.models import PersonalDataExport
from diskussion.services import add_comment
from home.setup import ensure_site_root
from tests.browser.test_privacy import legal_pages, reauthenticate  # noqa: F401
from tests.factories import IdeaFactory, ProjectIndexPageFactory, ProjectPageFactory, UserFactory

from .forms import submit

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("clear_rate_limits")]


@pytest.fixture
def heavy_user(settings, tmp_path):
    settings.PERSONAL_DATA_EXPORT_THRESHOLD = 3
    settings.PERSONAL_DATA_EXPORT_ROOT = tmp_path / "private"
    user = UserFactory(display_name="Viel Schreiberin")
    project = ProjectPageFactory(parent=ProjectIndexPageFactory(parent=ensure_site_root()))
    for i in range(3):
        add_comment(IdeaFactory(space=project, author=user, title=f"Idee {i}"), user, f"K {i}")
    return user


def test_being_prepared_and_ready_states(page, legal_pages, login, axe, heavy_user):  # noqa: F811
    export = PersonalDataExport.objects.create(user=heavy_user)
    login(page, heavy_user)
    page.goto(legal_pages + "/konto/meine-daten/")
    reauthenticate(page)
    main = page.locator("main")
    expect(main).to_contain_text("Ihre Datei wird vorbereitet.")
    expect(main.get_by_role("button", name="Meine Daten vorbereiten (JSON-Datei)")).to_have_count(0)
    axe(page)

    build_export(export.pk)
    page.reload()
    expect(main).to_contain_text("Ihre Datei ist fertig.")
    axe(page)


def test_requesting_the_file(page, legal_pages, login, axe, heavy_user):  # noqa: F811
    login(page, heavy_user)
    page.goto(legal_pages + "/konto/meine-daten/")
    reauthenticate(page)
    axe(page)
    submit(page, "Meine Daten vorbereiten (JSON-Datei)")

    expect(page.locator("main")).to_contain_text("Ihre Datei ist fertig.")
    axe(page)
    assert PersonalDataExport.objects.get(user=heavy_user).state == "ready"
