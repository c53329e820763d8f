"""With Redis, a page this process served is used again without asking Redis, and is never stale.

New content generations are published (``home.generation_watch``); each process follows them on
a connection of its own. These tests use a real Redis on loopback, with a key prefix of their
own, and watch what reaches Redis with ``MONITOR``.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
import redis
from django.core.cache import cache, caches
from django.test import Client

from home import pagecache
from ideen import services as ideas
from tests.factories import (
    CategoryFactory,
    IdeaFactory,
    ProjectIndexPageFactory,
    ProjectPageFactory,
    UserFactory,
    days,
)
from tests.home.test_pagecache import get, rendered

REDIS_URL = "redis://127.0.0.1:6379/7"
#: What a stored page depends on at least: the content and the support generations.
WATCHED = [pagecache.GENERATION_KEY, pagecache.SUPPORTS_KEY]
ROOT = Path(__file__).resolve().parents[2]


def _redis_reachable() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


pytestmark = pytest.mark.skipif(not _redis_reachable(), reason="no Redis on 127.0.0.1:6379")


@pytest.fixture
def project(home_page):
    index = ProjectIndexPageFactory(parent=home_page)
    return ProjectPageFactory(
        parent=index, title="Radwege", participation_start=days(-7), participation_end=days(7)
    )


@pytest.fixture
def idea(project):
    return IdeaFactory(space=project, author=UserFactory(), category=CategoryFactory())


@pytest.fixture
def prefix(settings):
    prefix = f"watch-test-{uuid.uuid4().hex[:12]}"
    settings.CACHES = {
        "default": {
            "BACKEND": "config.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    pagecache.bump()
    yield prefix
    watch = caches["default"].__dict__.get("_generation_watch")
    if watch is not None:
        watch.close()
    cache.clear()


class Monitor:
    """The commands Redis receives that mention ``marker`` (MONITOR on its own connection)."""

    def __init__(self, marker: str):
        self.marker = marker
        self.commands: list[str] = []
        self._client = redis.Redis.from_url(REDIS_URL)
        self._stop = f"stop-{uuid.uuid4().hex}"
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        self._thread.start()
        assert self._ready.wait(5)
        return self

    def __exit__(self, *exc):
        redis.Redis.from_url(REDIS_URL).echo(self._stop)
        self._thread.join(5)

    def _run(self):
        with self._client.monitor() as monitor:
            self._ready.set()
            for command in monitor.listen():
                line = command["command"]
                if self._stop in line:
                    return
                if self.marker in line:
                    self.commands.append(line)


def test_a_page_served_again_asks_redis_nothing(prefix, project):
    anonymous = Client()
    first = get(anonymous, project.url)
    get(anonymous, project.url)  # the watch connects ...
    watch = caches["default"]._generation_watch
    deadline = time.monotonic() + 5
    while not watch.current(WATCHED) and time.monotonic() < deadline:
        time.sleep(0.01)  # ... sees its subscription confirmed and reads the generation once
    with Monitor(prefix) as monitor:
        for _ in range(5):
            again = get(anonymous, project.url)
            assert again.content == first.content
    assert monitor.commands == []


def test_a_support_shows_at_once(prefix, project, idea):
    anonymous = Client()
    get(anonymous, project.url)
    get(anonymous, project.url)
    ideas.set_support(idea, user=UserFactory(), support=True)
    assert "1 Unterstützung" in get(anonymous, project.url).content.decode()


def _bump_in_another_process(prefix: str) -> None:
    code = (
        "import django\n"
        "from django.conf import settings\n"
        "settings.configure(CACHES={'default': {'BACKEND': 'config.cache.ResilientRedisCache',"
        f" 'LOCATION': {REDIS_URL!r}, 'KEY_PREFIX': {prefix!r}}}}})\n"
        "django.setup()\n"
        "from home import pagecache\n"
        "pagecache.bump(site=False)\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, timeout=60, env=os.environ)


def test_a_write_in_another_process_makes_the_copy_unusable(prefix, project):
    anonymous = Client()
    get(anonymous, project.url)
    assert not rendered(anonymous, project.url)
    _bump_in_another_process(prefix)
    assert rendered(anonymous, project.url)
    assert not rendered(anonymous, project.url)


def test_a_broken_watch_connection_never_serves_an_old_page(prefix, project, idea):
    anonymous = Client()
    get(anonymous, project.url)
    assert not rendered(anonymous, project.url)
    watch = caches["default"]._generation_watch
    host, port = watch._connection._sock.getsockname()[:2]
    redis.Redis.from_url(REDIS_URL).client_kill(f"{host}:{port}")
    # A support while nobody listens: its message is lost, the stored generation is not.
    ideas.set_support(idea, user=UserFactory(), support=True)
    assert "1 Unterstützung" in get(anonymous, project.url).content.decode()
    assert not rendered(anonymous, project.url)  # and the new page is kept again


def test_a_message_lost_on_the_way_serves_old_pages_for_a_second_at_most(
    prefix, project, monkeypatch
):
    """A connection dropped silently (a firewall) loses messages without an error: the watch
    compares what it knows with Redis once a second and connects anew on a difference."""
    from home import generation_watch

    monkeypatch.setattr(generation_watch, "VERIFY_SECONDS", 0.2)
    anonymous = Client()
    get(anonymous, project.url)
    assert not rendered(anonymous, project.url)
    # A new generation stored without its message, as if the message never arrived.
    cache.set(pagecache.GENERATION_KEY, "message-lost", None)
    time.sleep(0.3)
    assert rendered(anonymous, project.url)
    assert not rendered(anonymous, project.url)


def test_with_redis_made_up_urls_stay_within_their_budget(prefix, project, settings):
    """The budget is counted in Redis (shared by all processes) and its counter expires."""
    settings.PAGE_CACHE_TIMEOUT = 3600  # as in production
    anonymous = Client()
    size = len(get(anonymous, project.url).content)
    settings.PAGE_CACHE_VARIANT_BUDGET = 2 * size + size // 2
    for n in range(6):
        get(anonymous, f"{project.url}?kommentare={n}")
    client = redis.Redis.from_url(REDIS_URL)
    pages = client.keys(f"{prefix}:*pagecache:page:*")
    assert len(pages) == 3  # the page itself and two made-up ones
    assert all(0 < client.ttl(key) <= 3600 for key in pages)
    assert sorted(client.ttl(key) <= pagecache.VARIANT_WINDOW for key in pages) == [
        False,
        True,
        True,
    ]
    (budget,) = client.keys(f"{prefix}:*pagecache:budget:variant:*")
    assert 0 < client.ttl(budget) <= 2 * pagecache.VARIANT_WINDOW


def test_a_support_elsewhere_keeps_the_copy_without_asking_redis(prefix, home_page, project):
    """A support renews only the support generations of its project, published like the
    content generation: another project's page stays in use, without a round trip."""
    other = ProjectPageFactory(
        parent=project.get_parent(),
        title="Spielplätze",
        participation_start=days(-7),
        participation_end=days(7),
    )
    elsewhere = IdeaFactory(space=other, author=UserFactory(), category=CategoryFactory())
    voters = [UserFactory() for _ in range(2)]
    anonymous = Client()
    first = get(anonymous, project.url)
    get(anonymous, other.url)
    watch = caches["default"]._generation_watch
    deadline = time.monotonic() + 5
    while not watch.current(WATCHED) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not rendered(anonymous, project.url)
    ideas.set_support(elsewhere, user=voters[0], support=True)
    with Monitor(prefix) as monitor:
        for _ in range(3):
            assert get(anonymous, project.url).content == first.content
    assert monitor.commands == []
    # a support of its own project is known at once, again without asking
    idea = IdeaFactory(space=project, author=UserFactory(), category=CategoryFactory())
    get(anonymous, project.url)
    ideas.set_support(idea, user=voters[1], support=True)
    assert "1 Unterstützung" in get(anonymous, project.url).content.decode()
    assert "1 Unterstützung" in get(anonymous, other.url).content.decode()
