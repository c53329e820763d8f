"""Idea cards shared through the cache (ideen.cards): the same bytes as rendering them, and a
change shows at once."""

import re

import pytest

from ideen.models import Idea, IdeaSupport
from tests.factories import CategoryFactory, IdeaFactory, UserFactory

pytestmark = pytest.mark.django_db

VOLATILE = re.compile(r'(name="(?:csrfmiddlewaretoken|timestamp|security_hash)" value=")[^"]*(")')


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return VOLATILE.sub(r"\1-\2", response.content.decode())


@pytest.fixture
def project(home_page):
    from tests.beteiligung.conftest import PERIODS
    from tests.factories import ProjectIndexPageFactory, ProjectPageFactory

    start, end, _ = PERIODS["laeuft"]
    index = ProjectIndexPageFactory(parent=home_page)
    return ProjectPageFactory(parent=index, participation_start=start, participation_end=end)


@pytest.fixture
def ideas(project):
    category = CategoryFactory()
    return [IdeaFactory(space=project, category=category) for _ in range(25)]


@pytest.mark.parametrize("query", ["", "?sort=supported", "?page=2"])
def test_cached_cards_are_the_rendered_cards(client, settings, citizen, project, ideas, query):
    client.force_login(citizen)
    url = project.url + query
    settings.IDEA_CARD_CACHE_ENABLED = False
    own = page(client, url)
    settings.IDEA_CARD_CACHE_ENABLED = True
    assert page(client, url) == own  # fills the cache
    assert page(client, url) == own  # from the cache
    assert 'class="idea-card"' in own


def test_platform_cards_are_the_rendered_cards(client, settings, platform, other_staff_user):
    category = CategoryFactory()
    for _ in range(3):
        IdeaFactory(space=platform, category=category)
    client.force_login(other_staff_user)
    settings.IDEA_CARD_CACHE_ENABLED = False
    own = page(client, platform.url)
    settings.IDEA_CARD_CACHE_ENABLED = True
    client.get(platform.url)
    assert page(client, platform.url) == own
    assert own.count('class="idea-card"') == 3


@pytest.fixture
def other_staff_user(groups):
    from tests.factories import StaffUserFactory

    return StaffUserFactory()


def test_a_support_shows_on_the_card_at_once(client, project, ideas, citizen):
    idea = ideas[-1]  # the newest: on the first page
    client.force_login(citizen)
    client.get(project.url)
    IdeaSupport.objects.create(idea=idea, user=UserFactory())
    Idea.objects.filter(pk=idea.pk).update(support_count=1)
    card = client.get(project.url).content.decode().split(f'id="idea-{idea.pk}-title"')[1]
    assert "1 Unterstützung" in card.split("</article>")[0]


def test_an_edit_shows_on_the_card_at_once(client, project, ideas, citizen):
    client.force_login(citizen)
    client.get(project.url)
    Idea.objects.filter(pk=ideas[-1].pk).update(title="Ganz neuer Titel")
    assert "Ganz neuer Titel" in client.get(project.url).content.decode()


def test_a_change_replaces_the_stored_cards_instead_of_adding_them(client, project, ideas, citizen):
    from django.core.cache import cache

    def stored() -> int:
        return sum(":ideen:card:" in key for key in cache._cache)

    client.force_login(citizen)
    client.get(project.url)
    before = stored()
    assert before > 0
    for n in range(3):
        Idea.objects.filter(pk=ideas[-1].pk).update(title=f"Titel {n}")
        assert f"Titel {n}" in client.get(project.url).content.decode()
    assert stored() == before
