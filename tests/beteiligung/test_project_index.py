"""The project index: live projects as cards, or a note that there are none."""

import re

import pytest

from tests.factories import ProjectIndexPageFactory, ProjectPageFactory

pytestmark = pytest.mark.django_db


def test_project_index_without_projects_says_so(client, home_page):
    index = ProjectIndexPageFactory(parent=home_page)
    html = client.get(index.url).content.decode()
    assert "Zurzeit gibt es keine Beteiligungsprojekte" in html
    assert 'class="card-list"' not in html


def test_project_index_lists_live_projects_only(client, home_page):
    index = ProjectIndexPageFactory(parent=home_page)
    ProjectPageFactory(parent=index, title="Radwege in der Innenstadt")
    ProjectPageFactory(parent=index, title="Entwurf", live=False)
    html = client.get(index.url).content.decode()
    assert re.search(r"<h2 id=\"project-results-heading\">\s*1 Projekt\s*</h2>", html)
    assert "Radwege in der Innenstadt" in html
    assert "Entwurf" not in html
    assert "Zurzeit gibt es keine Beteiligungsprojekte" not in html
