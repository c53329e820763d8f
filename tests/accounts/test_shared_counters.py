"""Counters live in the shared cache: separate processes see each other's failed logins, and
production refuses to start without a shared cache."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/5")  # db 5: ours alone

# One failed login per run, recorded by a separate Django process; prints the refusal state.
SCRIPT = textwrap.dedent(
    """
    import django, sys
    django.setup()
    from django.conf import settings
    from django.test import RequestFactory, override_settings
    cache = {"default": {"BACKEND": "config.cache.RedisCache",
                         "LOCATION": sys.argv[1]}}
    with override_settings(CACHES=cache):
        from accounts.ratelimit import LoginThrottle
        request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.9")
        throttle = LoginThrottle(request, "geteilt@example.org")
        if sys.argv[2] == "fail":
            throttle.failed()
        print("refused" if throttle.refusal() else "open")
    """
)


def _redis():
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"no Redis at {REDIS_URL}")
    return client


def _run(*args: str) -> str:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return result.stdout.strip()


def test_failed_logins_counted_by_one_process_hold_in_another():
    redis = _redis()
    redis.flushdb()  # only db 5, which these tests own
    try:
        # Three processes each record one failure (three free ones) ...
        assert [_run(REDIS_URL, "fail") for _ in range(3)] == ["open", "open", "refused"]
        # ... and a fourth process, which recorded nothing, refuses too.
        assert _run(REDIS_URL, "check") == "refused"
    finally:
        redis.flushdb()


def _production(**env) -> subprocess.CompletedProcess:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"REDIS_URL", "SINGLE_PROCESS", "DATABASE_URL"}
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="beteiligung.kleve.de",
        ACCESSIBILITY_FEEDBACK_EMAIL="barrierefreiheit@kleve.de",
        **env,
    )
    code = "import django; django.setup(); from django.conf import settings; "
    code += "print(settings.CACHES['default']['BACKEND'], settings.ALLAUTH_TRUSTED_PROXY_COUNT)"
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_shared_cache():
    result = _production()

    assert result.returncode != 0
    assert "REDIS_URL must be set in production" in result.stderr


def test_production_uses_redis_and_trusts_one_proxy_by_default():
    result = _production(REDIS_URL="redis://127.0.0.1:6379/0")

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["config.cache.ResilientRedisCache", "1"]


def test_production_with_one_process_may_run_without_redis():
    result = _production(SINGLE_PROCESS="true", TRUSTED_PROXY_COUNT="2")

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.core.cache.backends.locmem.LocMemCache", "2"]
