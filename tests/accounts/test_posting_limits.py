"""Rate limits on posting (accounts.ratelimit.posting_refusal): per user and per address."""

import os
import random
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from accounts.ratelimit import posting_refusal, posting_refusal_message
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("TEST_POSTING_REDIS_URL", "redis://127.0.0.1:6379/10")  # db 10: ours


def request_of(user=None, ip="203.0.113.5"):
    request = RequestFactory().post("/", REMOTE_ADDR=ip)
    request.user = user or AnonymousUser()
    return request


def test_a_user_is_refused_beyond_the_limit_and_told_when_to_try_again(settings):
    settings.POSTING_RATE_LIMITS = {"comment": "3/m/user"}
    user = UserFactory()
    assert [posting_refusal(request_of(user), "comment") for _ in range(3)] == [None] * 3

    refusal = posting_refusal(request_of(user), "comment")

    assert refusal is not None
    assert 0 < refusal.retry_at - time.time() <= 60
    assert "Nichts wurde gespeichert" in posting_refusal_message(refusal)


def test_the_limit_per_user_holds_from_every_address(settings):
    settings.POSTING_RATE_LIMITS = {"comment": "2/m/user"}
    user = UserFactory()
    posting_refusal(request_of(user, ip="198.51.100.1"), "comment")
    posting_refusal(request_of(user, ip="198.51.100.2"), "comment")
    assert posting_refusal(request_of(user, ip="198.51.100.3"), "comment") is not None
    # Other users and other kinds of posts are not affected.
    assert posting_refusal(request_of(UserFactory()), "comment") is None
    assert posting_refusal(request_of(user), "idea") is None


def test_the_limit_per_address_holds_across_accounts(settings):
    settings.POSTING_RATE_LIMITS = {"idea": "2/h/ip"}
    for _ in range(2):
        assert posting_refusal(request_of(UserFactory()), "idea") is None
    assert posting_refusal(request_of(UserFactory()), "idea") is not None
    assert posting_refusal(request_of(UserFactory(), ip="198.51.100.9"), "idea") is None


def test_the_address_is_the_one_the_trusted_proxy_saw(settings):
    settings.POSTING_RATE_LIMITS = {"report": "1/h/ip"}
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1

    def behind_proxy(client):
        request = RequestFactory().post(
            "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=f"1.2.3.4, {client}"
        )
        request.user = AnonymousUser()
        return request

    assert posting_refusal(behind_proxy("203.0.113.1"), "report") is None
    assert posting_refusal(behind_proxy("203.0.113.2"), "report") is None
    assert posting_refusal(behind_proxy("203.0.113.1"), "report") is not None


def test_limits_per_user_skip_anonymous_posts(settings):
    settings.POSTING_RATE_LIMITS = {"barrier_report": "1/h/user"}
    for _ in range(3):
        assert posting_refusal(request_of(), "barrier_report") is None


def test_a_limit_per_anything_else_is_a_configuration_error(settings):
    settings.POSTING_RATE_LIMITS = {"comment": "1/m/key"}
    with pytest.raises(ImproperlyConfigured):
        posting_refusal(request_of(UserFactory()), "comment")


def test_every_kind_of_post_has_default_limits():
    from django.conf import settings

    for action in ("idea", "comment", "reply", "report", "support", "barrier_report"):
        assert settings.POSTING_RATE_LIMITS[action]


# Counters in the shared cache: separate processes (app servers) count together.

SHARED_SCRIPT = textwrap.dedent(
    """
    import django, sys
    from types import SimpleNamespace
    django.setup()
    from django.test import RequestFactory, override_settings
    cache = {"default": {"BACKEND": "config.cache.RedisCache",
                         "LOCATION": sys.argv[1]}}
    with override_settings(CACHES=cache, POSTING_RATE_LIMITS={"comment": "2/h/user"}):
        from accounts.ratelimit import posting_refusal
        request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.9")
        request.user = SimpleNamespace(is_authenticated=True, pk=int(sys.argv[2]))
        print("refused" if posting_refusal(request, "comment") else "open")
    """
)


def test_posts_counted_by_one_process_hold_in_another():
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"no Redis at {REDIS_URL}")
    # A user id of its own, so parallel runs do not count together; not across an hour's turn.
    user_id = str(random.randrange(10**9, 10**10))
    if 3600 - time.time() % 3600 < 60:
        time.sleep(3600 - time.time() % 3600 + 1)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    runs = [
        subprocess.run(
            [sys.executable, "-c", SHARED_SCRIPT, REDIS_URL, user_id],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        ).stdout.strip()
        for _ in range(3)
    ]
    assert runs == ["open", "open", "refused"]


def test_with_redis_every_counter_expires_with_its_window(settings):
    """All counters of a post are counted in one round trip, and none is left without expiry
    (a counter without one would refuse the user for good)."""
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"no Redis at {REDIS_URL}")
    prefix = f"expiry-{random.randrange(10**9)}"
    settings.CACHES = {
        "default": {
            "BACKEND": "config.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    settings.POSTING_RATE_LIMITS = {"support": "2/m/user,5/h/user,9/m/ip"}
    user = UserFactory()
    try:
        results = [posting_refusal(request_of(user), "support") for _ in range(3)]
        keys = client.keys(f"{prefix}:*posting-limit:support:*")
        assert len(keys) == 3
        ttls = {int(key.decode().split(":")[-3].split("/")[1]): client.ttl(key) for key in keys}
        assert ttls.keys() == {60, 3600}
        assert all(0 < ttl <= window for window, ttl in ttls.items())
        assert sorted(int(client.get(key)) for key in keys) == [3, 3, 3]
        assert results[:2] == [None, None] and results[2] is not None
    finally:
        for key in client.keys(f"{prefix}:*"):
            client.delete(key)
