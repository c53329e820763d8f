"""Projects are found by the site search through their intro, body and outcome."""

import pytest
from wagtail.models import PageViewRestriction

from tests.factories import ProjectIndexPageFactory, ProjectPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def index(home_page):
    return ProjectIndexPageFactory(parent=home_page)


def found(client, word: str) -> str:
    return client.get("/suche/", {"q": word}).content.decode()


def test_project_is_found_by_intro_body_and_outcome(client, index):
    ProjectPageFactory(
        parent=index,
        title="Freies WLAN",
        intro="Hotspots am Koekkoekplatz",
        body=[("rich_text", "<p>Die Schwanenburg bekommt Funkmasten.</p>")],
        outcome="<p>Der Rat beschloss Glasfaseranschluss.</p>",
    )
    for word in ("Koekkoekplatz", "Schwanenburg", "Glasfaseranschluss"):
        assert "Freies WLAN" in found(client, word), word


def test_unpublished_and_restricted_projects_are_not_found(client, index):
    ProjectPageFactory(parent=index, title="Entwurf", intro="Geheimprojekt Sensorik", live=False)
    restricted = ProjectPageFactory(parent=index, title="Intern", intro="Geheimprojekt Sensorik")
    PageViewRestriction.objects.create(page=restricted, restriction_type="login")
    html = found(client, "Geheimprojekt")
    assert "Entwurf" not in html and "Intern" not in html
    assert "0 Ergebnisse" in html
