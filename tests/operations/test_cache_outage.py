"""Without Redis: the cache behaves as empty and forgetful, the code using it goes on, and the
readiness probe still sees the failure. (The two-server test checks the same over HTTP.)"""

from __future__ import annotations

import pytest
from django.contrib.sessions.backends.db import SessionStore as DBStore
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache

from accounts.ratelimit import LoginThrottle, posting_refusal
from betrieb import cache as outage
from config import sessions
from config.cache import ResilientRedisCache, strict
from config.health import readiness
from config.sessions import SessionStore
from home import pagecache

from .helpers import free_port

pytest.importorskip("redis")


@pytest.fixture
def down(settings, monkeypatch):
    """The default cache: a Redis on a port nobody listens on."""
    settings.CACHES = {
        "default": {
            "BACKEND": "config.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    monkeypatch.setattr(outage, "_skip_until", 0.0)
    monkeypatch.setattr(outage, "_last_warning", {})
    cache = caches["default"]
    assert isinstance(cache, ResilientRedisCache)
    monkeypatch.setattr(pagecache, "cache", cache)
    yield cache
    pagecache._bump_pending.clear()
    sessions._pending_deletes.clear()


def test_the_cache_answers_as_empty_and_forgets_writes(down, caplog):
    assert down.get("key", "default") == "default"
    assert down.add("key", 1) is False  # nothing meant to happen once can happen twice
    down.set("key", 1)
    assert down.get_many(["key"]) == {}
    with pytest.raises(ValueError):
        down.incr("key")
    assert "Cache unavailable" in caplog.text
    # For the readiness probe, the errors stay errors.
    outage._skip_until = 0.0
    with strict(), pytest.raises(outage.CACHE_ERRORS):
        down.get("key")


def test_after_a_failure_the_cache_is_skipped_for_a_moment(down, monkeypatch):
    calls = []
    monkeypatch.setattr(
        type(down), "_cache", property(lambda self: calls.append(1) or pytest.fail("asked"))
    )
    outage.cache_unavailable("a test", OSError("down"))
    assert outage.skip_cache()
    assert down.get("key") is None
    assert calls == []


def test_readiness_reports_the_cache_as_failed(down, db):
    ready, checks = readiness()
    assert not ready
    assert checks["cache"] == "failed"


def test_the_page_cache_renders_and_renews_its_generation_when_redis_returns(down, monkeypatch):
    first, second = pagecache.generation(), pagecache.generation()
    assert first != second  # nothing cached under it can be read again
    assert pagecache.memoize("answer", lambda: 42) == 42
    pagecache.bump()  # a write while Redis is away
    assert pagecache._bump_pending.is_set()

    back = LocMemCache("back", {})  # the cache answers again (emptied or not)
    monkeypatch.setattr(pagecache, "cache", back)
    monkeypatch.setattr(outage, "_skip_until", 0.0)
    generation = pagecache.generation()
    assert back.get(pagecache.GENERATION_KEY) == generation
    assert back.get(pagecache.SITE_GENERATION_KEY)  # navigation and footer are renewed too
    assert not pagecache._bump_pending.is_set()


def test_sessions_come_from_the_database(down, db):
    session = SessionStore()
    session["answer"] = 42
    session.save()
    outage._skip_until = 0.0  # ask the cache again on every call
    again = SessionStore(session.session_key)
    assert again["answer"] == 42
    assert again.exists(session.session_key)
    again.delete()
    assert not DBStore().exists(session.session_key)


def test_rate_limits_fail_open(down, rf, user, settings):
    """Posting limits and the login throttle let requests through uncounted (the reasons are in
    accounts.ratelimit); so do allauth's limits."""
    from allauth.core import ratelimit as allauth_ratelimit
    from allauth.core.internal import ratelimit as allauth_internal

    settings.POSTING_RATE_LIMITS = {"support": "1/m/user,1/m/ip"}
    request = rf.post("/")
    request.user = user
    assert [posting_refusal(request, "support") for _ in range(3)] == [None, None, None]
    throttle = LoginThrottle(request, user.email)
    for _ in range(5):
        throttle.failed()
    assert throttle.refusal() is None
    assert throttle.account_refusal() is None
    outage._skip_until = 0.0
    assert allauth_ratelimit.consume(request, action="login_failed", key=user.email) is True
    usage = allauth_internal.consume(
        request, app="allauth.account", action="login_failed", key=user.email
    )
    assert usage is not None
    usage.rollback()
    allauth_ratelimit.clear(request, action="login_failed", key=user.email)
