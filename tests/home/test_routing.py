"""Site lookup and page routing read once per site generation (home.routing)."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.factories import ProjectIndexPageFactory, ProjectPageFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def rendered_pages(settings):
    # count routing, not kept pages (per session, or shared by citizens)
    settings.PAGE_CACHE_PERSONAL_TIMEOUT = 0
    settings.CITIZEN_PAGES_ENABLED = False


@pytest.fixture
def project(home_page):
    index = ProjectIndexPageFactory(parent=home_page, slug="projekte")
    return ProjectPageFactory(parent=index, title="Spoykanal", slug="spoykanal")


@pytest.fixture
def reader():
    client = Client()
    client.force_login(UserFactory())
    return client


def page_queries(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in captured.captured_queries]


def test_a_routed_page_costs_one_query_for_the_page_and_none_for_site_and_tree(reader, project):
    reader.get(project.url)
    queries = page_queries(reader, project.url)
    assert not [q for q in queries if 'FROM "wagtailcore_site"' in q]
    page_reads = [
        q
        for q in queries
        if q.startswith('SELECT "wagtailcore_page"."id", "wagtailcore_page"."path"')
    ]
    assert len(page_reads) == 1, page_reads


def test_a_renamed_moved_or_unpublished_page_is_routed_anew_at_once(reader, project, home_page):
    old_url = project.url
    reader.get(old_url)
    project.slug = "spoykanal-neu"
    project.save_revision().publish()
    assert reader.get(old_url).status_code == 404
    assert reader.get("/projekte/spoykanal-neu/").status_code == 200
    other_index = ProjectIndexPageFactory(parent=home_page, slug="archiv")
    project.refresh_from_db()
    project.move(other_index, pos="last-child")
    moved = reader.get("/projekte/spoykanal-neu/")  # Wagtail's redirect, not the page
    assert (moved.status_code, moved["Location"]) == (301, "/archiv/spoykanal-neu/")
    assert reader.get("/archiv/spoykanal-neu/").status_code == 200
    project.refresh_from_db()
    project.unpublish()
    assert reader.get("/archiv/spoykanal-neu/").status_code == 404
    assert Client().get("/archiv/spoykanal-neu/").status_code == 404


def test_paths_that_match_no_page_make_no_entries(reader, project):
    before = set(cache._cache)
    for n in range(5):
        assert reader.get(f"/projekte/gibt-es-nicht-{n}/").status_code == 404
    made = [key for key in set(cache._cache) - before if ":route:" in key]
    assert made == []
