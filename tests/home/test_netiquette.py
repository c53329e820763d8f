"""The netiquette: a page chosen in the footer settings, linked from every participation form."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from diskussion import services as comments
from home.models import FooterSettings
from tests.factories import ContentPageFactory, ProjectIndexPageFactory, ProjectPageFactory, days

pytestmark = pytest.mark.django_db

HINT = "Bitte beachten Sie unsere Netiquette."


@pytest.fixture
def netiquette(home_page, site):
    page = ContentPageFactory(parent=home_page, title="Netiquette", slug="netiquette")
    FooterSettings.objects.update_or_create(site=site, defaults={"netiquette_page": page})
    return page


@pytest.fixture
def project(home_page):
    index = ProjectIndexPageFactory(parent=home_page)
    return ProjectPageFactory(
        parent=index,
        title="Freies WLAN",
        participation_start=days(-3),
        participation_end=days(10),
    )


def hint_links(html: str, page) -> int:
    return html.count(f'<a href="{page.url}">{HINT}</a>')


def test_proposal_form_links_the_netiquette(client, citizen, project, netiquette):
    client.force_login(citizen)
    html = client.get(reverse("ideen:submit", args=[project.pk])).content.decode()
    form = html[html.index('<form method="post"') : html.index("</form>", html.index("novalidate"))]
    assert hint_links(form, netiquette) == 1


def test_comment_form_of_an_open_project_links_the_netiquette(client, citizen, project, netiquette):
    client.force_login(citizen)
    html = client.get(project.url).content.decode()
    form = html[html.index('class="comment-form"') :]
    form = form[: form.index("</form>")]
    assert hint_links(form, netiquette) == 1


def test_comment_edit_page_links_the_netiquette(client, citizen, project, netiquette):
    comment = comments.add_comment(project, citizen, "Gute Sache!")
    client.force_login(citizen)
    html = client.get(reverse("comments-edit", args=[comment.pk])).content.decode()
    assert hint_links(html, netiquette) == 1


def test_footer_links_the_netiquette(client, home_page, netiquette):
    html = client.get("/").content.decode()
    footer = html[html.index("<footer") :]
    assert f'<a href="{netiquette.url}">Netiquette</a>' in footer


def test_no_hint_without_a_live_netiquette_page(client, citizen, project, netiquette):
    client.force_login(citizen)
    netiquette.unpublish()
    assert HINT not in client.get(project.url).content.decode()
    FooterSettings.objects.update(netiquette_page=None)
    assert HINT not in client.get(project.url).content.decode()


@pytest.mark.usefixtures("page_cache_off")
def test_hint_costs_no_query(client, citizen, project, site, django_assert_num_queries):
    """The page is loaded with the footer settings, once per request, whatever the forms."""
    client.force_login(citizen)
    FooterSettings.objects.update_or_create(site=site)
    client.get(project.url)
    with CaptureQueriesContext(connection) as without:
        client.get(project.url)
    page = ContentPageFactory(parent=project.get_parent().get_parent(), title="Netiquette")
    FooterSettings.objects.filter(site=site).update(netiquette_page=page)
    with django_assert_num_queries(len(without.captured_queries)):
        html = client.get(project.url).content.decode()
    # The comment form and the reply form (a template copy) both carry the link.
    assert html.count(HINT) == 2
