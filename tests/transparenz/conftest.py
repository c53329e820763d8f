"""Fixtures for the status trail: a public space, ideas and the decision team.

The internal space, the groups and the other roles come from tests/conftest.py.
"""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from tests.conftest import member_of
from tests.factories import (
    CategoryFactory,
    IdeaFactory,
    ProjectIndexPageFactory,
    ProjectPageFactory,
)
from transparenz.groups import ensure_decision_team


@pytest.fixture
def groups(groups):
    """The idea platform's groups and the decision team."""
    ensure_decision_team()
    return groups


@pytest.fixture
def project(home_page):
    """A public participation project (a public space)."""
    index = ProjectIndexPageFactory(parent=home_page)
    return ProjectPageFactory(parent=index, title="Radwege in der Innenstadt", slug="radwege")


@pytest.fixture
def field_of_action(db):
    return CategoryFactory(name="Smart City", slug="test-smart-city")


@pytest.fixture
def category(field_of_action):
    return CategoryFactory(name="Mobilität", slug="test-mobilitaet", parent=field_of_action)


@pytest.fixture
def decider(groups):
    return member_of("Entscheidungsteam", display_name="Entscheidungsteam")


def days_ago(n: int):
    return timezone.now() - timedelta(days=n)


@pytest.fixture
def idea(platform, staff_user, category):
    """An internal idea, handed in 30 days ago."""
    return IdeaFactory(
        space=platform,
        author=staff_user,
        category=category,
        title="Termine online buchen",
        created=days_ago(30),
    )


@pytest.fixture
def public_idea(project, citizen, category):
    """A citizen's proposal in a public project, handed in 30 days ago."""
    return IdeaFactory(
        space=project,
        author=citizen,
        category=category,
        title="Fahrradstraße an der Hochschule",
        created=days_ago(30),
    )


def today() -> date:
    return timezone.localdate()
