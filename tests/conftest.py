"""Shared fixtures: the Wagtail site tree and users."""

import os

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.test import Client
from wagtail.models import Page, Site

from accounts.admin_access import needs_second_factor
from accounts.second_factor import ensure_totp
from home import pagecache
from home.models import HomePage
from home.setup import ensure_site_root
from ideen.staff import ensure_groups

from .factories import IdeaPlatformPageFactory, StaffUserFactory, UserFactory
from .smtp import SMTPServer

# Playwright's sync API keeps an event loop running in the test thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

#: The authenticator secret that tests give admin users (base32).
TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@pytest.fixture(autouse=True)
def _force_login_includes_a_second_factor(request, monkeypatch):
    """``client.force_login`` stands for a complete login: an admin user gets the second factor
    the admin requires (accounts.admin_access). Mark a test ``without_second_factor`` to log
    admin users in without one."""
    if request.node.get_closest_marker("without_second_factor"):
        return
    original = Client.force_login

    def force_login(self, user, backend=None):
        fresh = get_user_model().objects.filter(pk=user.pk).first()
        if fresh is not None and needs_second_factor(fresh):
            ensure_totp(fresh, TEST_TOTP_SECRET)
        return original(self, user, backend)

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture(autouse=True)
def _fresh_posting_limits():
    """Rate limits on posting count in the cache for the test client's one address: every test
    starts at zero (and leaves nothing behind)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def requests_commit(monkeypatch, django_capture_on_commit_callbacks):
    """Each test-client request commits at its end, as in production: its ``on_commit``
    callbacks (the outbox sending the e-mails the request queued) run before the test looks.

    Not for tests that capture the callbacks of a request themselves (they would run twice).
    """
    original = Client.request

    def request(self, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return original(self, **kwargs)

    monkeypatch.setattr(Client, "request", request)


@pytest.fixture
def smtp_server(settings):
    """Django's SMTP backend pointed at a loopback server that starts out down."""
    server = SMTPServer()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 5
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def _fresh_page_cache():
    """Each test starts with a new content generation: the locmem cache outlives the rolled
    back database of the previous test, and its pages must not be served to this one."""
    pagecache.bump()


@pytest.fixture
def page_cache_off(settings):
    """For tests that count the queries of rendering a page: every request renders it."""
    settings.PAGE_CACHE_ENABLED = False


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Run tests that flush the database (live server, transactional) after all others.

    pytest-django orders them like Django, but pytest's own fixture reordering can pull browser
    tests forward; a flush then wipes data that migrations created (groups, categories).
    """

    def flushes_database(item) -> bool:
        marker = item.get_closest_marker("django_db")
        if marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")):
            return True
        return bool({"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))

    items.sort(key=flushes_database)


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


# Roles on the idea platform, shared by tests/ideen and tests/transparenz (which adds the
# decision team by overriding `groups`).


@pytest.fixture
def groups(db):
    return ensure_groups()


@pytest.fixture
def platform(home_page, groups):
    """The internal idea platform."""
    return IdeaPlatformPageFactory(parent=home_page)


@pytest.fixture
def staff_user(groups):
    return StaffUserFactory(display_name="Anna Schmitz")


@pytest.fixture
def citizen(groups):
    return UserFactory(display_name="Maria B.")


def member_of(group_name: str, **kwargs):
    """A new user in the named group."""
    user = UserFactory(**kwargs)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def moderator(groups):
    return member_of("Moderation", display_name="Moderation")


def editors_group() -> Group:
    """Wagtail's "Editors" group with admin access.

    Wagtail's data migration gives the group admin access; a flush between transactional
    (browser) tests takes it away, so an editor made later would not reach the admin.
    """
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    return editors


@pytest.fixture
def editor(groups):
    editors_group()
    return member_of("Editors", display_name="Redaktion")
