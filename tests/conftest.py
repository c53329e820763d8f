"""Shared fixtures: the Wagtail site tree and users."""

import os

import pytest
from wagtail.models import Page, Site

from home.models import HomePage
from home.setup import ensure_site_root

from .factories import UserFactory

# Playwright's sync API keeps an event loop running in the test thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def home_page(db) -> HomePage:
    """The site's home page; recreated when a live_server test flushed the database."""
    return ensure_site_root()


@pytest.fixture
def root_page(db) -> Page:
    return Page.get_first_root_node()


@pytest.fixture
def site(home_page) -> Site:
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def user(db):
    """A registered citizen with a verified e-mail address."""
    return UserFactory()
