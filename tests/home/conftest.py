"""Pages the page-cache tests of this folder share."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import (
    CategoryFactory,
    IdeaFactory,
    ProjectIndexPageFactory,
    ProjectPageFactory,
    UserFactory,
    days,
)
from transparenz.models import DecisionIndexPage, StatisticsPage


@pytest.fixture
def anonymous():
    return Client()


@pytest.fixture
def index(home_page):
    return ProjectIndexPageFactory(parent=home_page)


@pytest.fixture
def project(index):
    """A project taking part now (test files with projects of their own override it)."""
    return ProjectPageFactory(
        parent=index,
        title="Radwege in der Innenstadt",
        participation_start=days(-7),
        participation_end=days(7),
    )


@pytest.fixture
def radwege(project):
    """The project of the support tests: ``project``, named for what it is."""
    return project


@pytest.fixture
def fahrradstrasse(radwege):
    return IdeaFactory(space=radwege, title="Fahrradstraße", category=CategoryFactory())


@pytest.fixture
def voters(db):
    """Made before any page is stored: a new account is a write that renews every page."""
    return iter([UserFactory() for _ in range(5)])


@pytest.fixture
def decisions(home_page):
    page = DecisionIndexPage(title="Entscheidungen", slug="entscheidungen")
    home_page.add_child(instance=page)
    return page


@pytest.fixture
def statistics(home_page):
    page = StatisticsPage(title="Zahlen", slug="zahlen")
    home_page.add_child(instance=page)
    return page
