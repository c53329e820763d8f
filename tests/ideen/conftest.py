"""Fixtures for the idea platform: the space, a category, and one user per role."""

import pytest
from django.contrib.auth.models import Group

from ideen.models import Category
from ideen.staff import ensure_groups
from tests.factories import (
    CategoryFactory,
    IdeaFactory,
    IdeaPlatformPageFactory,
    StaffUserFactory,
    UserFactory,
)


@pytest.fixture
def groups(db):
    return ensure_groups()


@pytest.fixture
def platform(home_page, groups):
    return IdeaPlatformPageFactory(parent=home_page)


@pytest.fixture
def field_of_action(db):
    return CategoryFactory(name="Smart Working", slug="test-smart-working")


@pytest.fixture
def category(field_of_action):
    return CategoryFactory(name="Mobile Office", slug="test-mobile-office", parent=field_of_action)


@pytest.fixture
def staff_user(groups):
    return StaffUserFactory(display_name="Anna Schmitz")


@pytest.fixture
def other_staff(groups):
    return StaffUserFactory(display_name="Jonas Peters")


@pytest.fixture
def citizen(groups):
    return UserFactory(display_name="Maria B.")


def _member_of(group_name: str, **kwargs):
    user = UserFactory(**kwargs)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def moderator(groups):
    return _member_of("Moderation", display_name="Moderation")


@pytest.fixture
def editor(groups):
    return _member_of("Editors", display_name="Redaktion")


@pytest.fixture
def idea(platform, staff_user, category):
    return IdeaFactory(
        space=platform,
        author=staff_user,
        category=category,
        title="Termine online buchen",
        description="Weniger Warteschlangen im Bürgerbüro.",
    )


@pytest.fixture
def seeded_categories(db):
    """The 48 categories the data migration seeded."""
    return Category.objects.all()
