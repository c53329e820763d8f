"""Fixtures for the status trail: an internal and a public space, ideas and one user per role."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from ideen.staff import ensure_groups
from tests.factories import (
    CategoryFactory,
    IdeaFactory,
    IdeaPlatformPageFactory,
    ProjectIndexPageFactory,
    ProjectPageFactory,
    StaffUserFactory,
    UserFactory,
)
from transparenz.groups import ensure_decision_team


@pytest.fixture
def groups(db):
    groups = ensure_groups()
    ensure_decision_team()
    return groups


@pytest.fixture
def platform(home_page, groups):
    """The internal idea platform."""
    return IdeaPlatformPageFactory(parent=home_page)


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
def staff_user(groups):
    return StaffUserFactory(display_name="Anna Schmitz")


@pytest.fixture
def citizen(groups):
    return UserFactory(display_name="Maria B.")


def member_of(group_name: str, **kwargs):
    user = UserFactory(**kwargs)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def editor(groups):
    return member_of("Editors", display_name="Redaktion")


@pytest.fixture
def decider(groups):
    return member_of("Entscheidungsteam", display_name="Entscheidungsteam")


@pytest.fixture
def moderator(groups):
    return member_of("Moderation", display_name="Moderation")


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
