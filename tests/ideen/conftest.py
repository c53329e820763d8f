"""Fixtures for the idea platform: a category, a second staff member and an idea.

The space, the groups and one user per role come from tests/conftest.py.
"""

import pytest

from ideen.models import Category
from tests.factories import CategoryFactory, IdeaFactory, StaffUserFactory


@pytest.fixture
def field_of_action(db):
    return CategoryFactory(name="Smart Working", slug="test-smart-working")


@pytest.fixture
def category(field_of_action):
    return CategoryFactory(name="Mobile Office", slug="test-mobile-office", parent=field_of_action)


@pytest.fixture
def other_staff(groups):
    return StaffUserFactory(display_name="Jonas Peters")


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
