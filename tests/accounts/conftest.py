"""Fixtures for the account tests: a fresh rate-limit cache and helpers to read e-mails."""

import re

import pytest
from django.core.cache import cache

SIGNUP_DATA = {
    "email": "maria@example.org",
    "display_name": "Maria vom Deich",
    "password1": "Schwanenburg-2026!",
    "password2": "Schwanenburg-2026!",
    "consent": "on",
}


@pytest.fixture(autouse=True)
def clear_rate_limits():
    """allauth counts attempts in the cache (locmem in tests); every test starts at zero."""
    cache.clear()
    yield
    cache.clear()


def link_in(message, path_prefix: str) -> str:
    """The path of the first link in an e-mail's body that starts with path_prefix."""
    match = re.search(rf"https?://[^/\s]+({re.escape(path_prefix)}\S*)", message.body)
    assert match, f"no link to {path_prefix} in:\n{message.body}"
    return match.group(1)


@pytest.fixture
def free_port() -> int:
    """A port on 127.0.0.1 where nothing listens."""
    from tests.oidc.server import free_port as pick

    return pick()
