"""Internal stays internal: checked from the outside, as an anonymous visitor and as a citizen."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import PageViewRestriction

from ideen.models import Idea, IdeaFollow, IdeaSupport
from tests.factories import ContentPageFactory, IdeaFactory

pytestmark = pytest.mark.django_db

SECRET_WORD = "Zauberwürfelprojekt"


@pytest.fixture
def secret_idea(platform, category, staff_user):
    platform.intro = f"<p>Die {SECRET_WORD}-Plattform</p>"
    platform.save_revision().publish()
    return IdeaFactory(
        space=platform,
        category=category,
        author=staff_user,
        title=f"{SECRET_WORD} für die Kämmerei",
        description=f"Geheime Beschreibung {SECRET_WORD}",
    )


@pytest.fixture(params=["anonymous", "citizen"])
def outsider(request, client, citizen):
    if request.param == "citizen":
        client.force_login(citizen)
    return request.param, client


def assert_refused(role, response, status_for_citizen=403):
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    else:
        assert response.status_code == status_for_citizen
    assert SECRET_WORD not in response.content.decode()


def test_platform_page_is_refused(outsider, platform, secret_idea):
    role, client = outsider
    assert_refused(role, client.get(platform.url))
    assert_refused(role, client.get(platform.url, {"q": SECRET_WORD}))


def test_idea_page_is_refused(outsider, secret_idea):
    role, client = outsider
    assert_refused(role, client.get(secret_idea.get_absolute_url()))


def test_submit_form_is_refused(outsider, platform, category):
    role, client = outsider
    assert_refused(role, client.get(f"/ideen/einreichen/{platform.pk}/"))
    response = client.post(
        f"/ideen/einreichen/{platform.pk}/",
        {"title": "Von außen", "description": "x", "category": category.pk},
    )
    assert_refused(role, response)
    assert not Idea.objects.filter(title="Von außen").exists()


@pytest.mark.parametrize("action", ["unterstuetzen", "folgen", "bearbeiten", "zurueckziehen"])
def test_actions_are_refused_and_change_nothing(outsider, secret_idea, action):
    role, client = outsider
    response = client.post(f"/ideen/{secret_idea.pk}/{action}/", {"state": "1"})
    assert_refused(role, response)
    secret_idea.refresh_from_db()
    assert secret_idea.support_count == 0
    assert secret_idea.status == Idea.Status.SUBMITTED
    assert not IdeaSupport.objects.exists()
    assert not IdeaFollow.objects.exclude(user=secret_idea.author).exists()


def test_site_search_finds_only_the_public_page(outsider, secret_idea, home_page):
    _role, client = outsider
    ContentPageFactory(parent=home_page, title=f"Öffentlich: {SECRET_WORD}")  # control
    response = client.get("/suche/", {"q": SECRET_WORD})
    assert response.status_code == 200
    assert [page.title for page in response.context["results"]] == [f"Öffentlich: {SECRET_WORD}"]
    html = response.content.decode()
    assert "Kämmerei" not in html
    assert secret_idea.get_absolute_url() not in html


def test_sitemap_does_not_list_the_platform(outsider, platform, secret_idea):
    _role, client = outsider
    public = ContentPageFactory(parent=platform.get_parent(), slug="oeffentlich")  # control
    xml = client.get("/sitemap.xml").content.decode()
    assert public.url in xml
    assert platform.url not in xml
    assert "/ideen/" not in xml


def test_menus_do_not_show_the_platform(outsider, platform, home_page):
    _role, client = outsider
    platform.show_in_menus = True
    platform.save_revision().publish()
    html = client.get("/").content.decode()
    assert platform.url not in html


def test_wagtail_api_is_not_enabled(outsider, secret_idea):
    _role, client = outsider
    assert client.get("/api/v2/pages/").status_code == 404


def test_staff_do_get_in(client, other_staff, platform, secret_idea):
    client.force_login(other_staff)
    assert client.get(platform.url).status_code == 200
    assert SECRET_WORD in client.get(secret_idea.get_absolute_url()).content.decode()


@pytest.mark.parametrize("role", ["moderator", "editor"])
def test_moderators_and_editors_get_in(client, request, role, platform, secret_idea):
    client.force_login(request.getfixturevalue(role))
    assert client.get(platform.url).status_code == 200
    assert client.get(secret_idea.get_absolute_url()).status_code == 200


def test_lost_membership_locks_out_at_once(client, other_staff, platform, secret_idea):
    client.force_login(other_staff)
    assert client.get(secret_idea.get_absolute_url()).status_code == 200
    other_staff.groups.clear()
    assert client.get(secret_idea.get_absolute_url()).status_code == 403
    assert client.get(platform.url).status_code == 403


def test_still_internal_if_an_editor_removed_the_privacy(client, citizen, platform, secret_idea):
    PageViewRestriction.objects.filter(page=platform).delete()
    client.force_login(citizen)
    assert client.get(platform.url).status_code == 403
    assert client.get(secret_idea.get_absolute_url()).status_code == 403


def test_main_navigation_shows_the_internal_platform_to_staff_only(
    client, platform, staff_user, citizen
):
    def navigation_html():
        html = client.get("/").content.decode()
        return html.split('aria-label="Hauptnavigation"', 1)[1].split("</nav>", 1)[0]

    assert platform.title not in navigation_html()
    client.force_login(citizen)
    assert platform.title not in navigation_html()
    client.force_login(staff_user)
    assert f'href="{platform.url}"' in navigation_html()
    assert "(intern)" in navigation_html()


def test_both_navigations_of_the_header_read_the_internal_platforms_once(
    client, platform, staff_user
):
    """The bar (wide screens) and the menu (small screens) share one query."""
    client.force_login(staff_user)
    with CaptureQueriesContext(connection) as captured:
        html = client.get("/").content.decode()
    assert html.count(f'href="{platform.url}"') >= 2  # in the bar and in the menu
    platform_queries = [
        query["sql"]
        for query in captured.captured_queries
        if 'FROM "ideen_ideaplatformpage"' in query["sql"]
    ]
    assert len(platform_queries) == 1
