"""The internal platform keeps its group view restriction whatever happens to its privacy.

Site search, the sitemap and the menus list pages without view restrictions. When an editor
set the platform to "public" in the admin's privacy dialog, its title and introduction showed
up in the site search and the sitemap for everybody until the page was saved again.
"""

import pytest
from wagtail.models import PageViewRestriction

pytestmark = pytest.mark.django_db

INTRO = "Hier sammeln Mitarbeitende interne Digitalisierungsideen."


@pytest.fixture
def platform_with_intro(platform):
    platform.intro = f"<p>{INTRO}</p>"
    platform.save_revision().publish()
    return platform


@pytest.fixture
def superuser(db):
    from tests.factories import UserFactory

    return UserFactory(is_superuser=True, is_staff=True)


def test_the_admin_offers_no_privacy_change_for_the_platform(client, superuser, platform):
    client.force_login(superuser)

    response = client.get(f"/cms/pages/{platform.pk}/privacy/")

    assert response.status_code == 200
    assert 'name="restriction_type"' not in response.json()["html"]


def test_a_privacy_change_posted_anyway_is_undone(
    client, superuser, platform_with_intro, django_capture_on_commit_callbacks
):
    platform = platform_with_intro
    client.force_login(superuser)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/cms/pages/{platform.pk}/privacy/", {"restriction_type": "none"})

    restriction = PageViewRestriction.objects.get(page=platform)
    assert restriction.restriction_type == PageViewRestriction.GROUPS
    client.logout()
    assert platform.url not in client.get("/sitemap.xml").content.decode()
    search = client.get("/suche/", {"q": "Digitalisierungsideen"}).content.decode()
    assert INTRO not in search
    assert platform.url not in search


def test_a_restriction_deleted_in_the_shell_comes_back(
    platform, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.filter(page=platform).delete()

    assert PageViewRestriction.objects.filter(
        page=platform, restriction_type=PageViewRestriction.GROUPS
    ).exists()


def test_the_platform_can_still_be_deleted(platform, django_capture_on_commit_callbacks):
    page_pk = platform.pk

    with django_capture_on_commit_callbacks(execute=True):
        platform.delete()

    assert not PageViewRestriction.objects.filter(page_id=page_pk).exists()
