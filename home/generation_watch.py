"""The current generations, known in this process without asking Redis each time.

Why: a page this process served lately (``pagecache.LocalCopies``) may be used only while its
generations are still the current ones: the content generation, and for pages that show
supports the support generation of what they show. Reading them from Redis costs a round trip,
more than everything else a hit does. Instead, every new generation is published on a Redis
channel in the same ``MULTI`` as it is stored (``publish``), and each process keeps one
subscribed connection (``GenerationWatch``). Before a hit it reads what arrived on that
connection without waiting: a poll of the socket, no round trip.

Why this is as safe as the round trip: Redis sends the message to every subscriber in the same
pass of its event loop as the answer to the writer, and a reader can learn of a change only
after the writer's request has finished and another request has reached the reader, which
takes far longer. So a message about a write that a reader could know of is on the reader's
socket when the reader polls it. Messages arrive in the order the generations were stored (the
``MULTI``), so the last message about a key is its current generation.

A connection can also die without the socket noticing (a firewall that drops idle
connections): then messages are lost silently. So what the watch knows is compared with the
stored generations at least once a second (``VERIFY_SECONDS``, one MGET); on a difference the
watch connects anew. In that failure alone a page can be up to that old.

When the watch knows nothing (just started, the connection broke, Redis went away, another
thread holds it), ``current()`` gives None and the caller asks Redis as before. After every
(re)connect the watch first sees its subscription confirmed; a key it has not heard of since is
read from Redis once, and every later change comes as a message. A broken connection is not
reconnected on its own (that could miss messages); the next call after a pause connects anew.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time

from betrieb.cache import CACHE_ERRORS, redis_client, skip_cache

#: After a failed connect, this process asks Redis itself for this many seconds.
RETRY_SECONDS = 2.0
#: What the watch knows is checked against Redis at least this often (one MGET): a connection
#: that died without the socket noticing (a firewall dropping idle connections) cannot make
#: this process serve old pages for longer.
VERIFY_SECONDS = 1.0
#: At most this many keys are followed; beyond, keys are read from Redis each time (a bound on
#: what one process keeps, whatever keys pages depend on).
MAX_KEYS = 10_000


def channel_name(cache, key: str) -> str:
    """The channel generations are published on, named after ``key`` (with the cache's key
    prefix)."""
    return cache.make_key(f"{key}:published")


def supported(cache) -> bool:
    """Whether ``cache`` is a Redis cache, where generations can be published and watched."""
    return redis_client(cache) is not None


def publish(cache, values: dict[str, str], channel: str) -> None:
    """Store ``values`` (without expiry) and publish each as ``"key value"`` on the channel
    named after ``channel``, atomically: readers see messages in the order the values were
    stored. Raises the cache's errors (the caller decides what a failure means)."""
    client = redis_client(cache)
    serializer = cache._cache._serializer
    name = channel_name(cache, channel)
    with client.pipeline(transaction=True) as pipe:
        for key, value in values.items():
            pipe.set(cache.make_and_validate_key(key), serializer.dumps(value))
        for key, value in values.items():
            pipe.publish(name, f"{key} {value}")
        pipe.execute()


class GenerationWatch:
    """Follows the values published on one channel over a connection of its own (per process)."""

    def __init__(self, cache, channel: str, read):
        self.cache = cache
        self.channel = channel
        #: Reads the stored values of keys with one round trip (and creates missing ones):
        #: a dict of each key's value, or None when the cache failed.
        self.read = read
        self._lock = threading.Lock()
        self._connection = None
        self._pid = None
        self._confirmed = False
        self._known: dict[str, str] = {}
        self._verified_at = 0.0
        self._retry_at = 0.0

    def current(self, keys: list[str]) -> dict[str, str] | None:
        """The current values of ``keys``, or None when this process does not know them
        without asking."""
        if not self._lock.acquire(blocking=False):
            return None  # another thread is reading the connection: ask Redis meanwhile
        try:
            return self._current(keys)
        finally:
            self._lock.release()

    def close(self) -> None:
        with self._lock:
            self._drop()

    def _current(self, keys: list[str]) -> dict[str, str] | None:
        if skip_cache():
            self._drop()
            return None
        if self._connection is None or self._pid != os.getpid():
            self._connection = None  # a copy inherited from the parent process is not ours
            if time.monotonic() < self._retry_at or not self._connect():
                return None
        try:
            self._drain()
            if not self._confirmed:
                return None
            unknown = [key for key in keys if key not in self._known]
            if unknown:
                if len(self._known) + len(unknown) > MAX_KEYS:
                    return None
                stored = self.read(unknown)
                if stored is None:
                    return None
                # Set first, then drain: a message sent before the answer is here by now
                # and, being newer or the same, wins.
                self._known.update(stored)
                self._drain()
                if not self._verified_at:
                    self._verified_at = time.monotonic()
            if time.monotonic() - self._verified_at > VERIFY_SECONDS:
                stored = self.read(list(self._known))
                self._drain()  # a message sent before the answer to that MGET is here by now
                self._verified_at = time.monotonic()
                if stored is None or any(self._known.get(k) != v for k, v in stored.items()):
                    # Messages were lost: trust this connection no longer, connect anew.
                    self._drop()
                    return None
        except CACHE_ERRORS:
            self._drop()
            self._retry_at = time.monotonic() + RETRY_SECONDS
            return None
        return {key: self._known[key] for key in keys}

    def _drain(self) -> None:
        """Read every message that has arrived, without waiting."""
        while self._connection.can_read(timeout=0):
            self._receive(self._connection.read_response(push_request=True))

    def _receive(self, message) -> None:
        kind = message[0]
        if kind in (b"subscribe", "subscribe"):
            # From now on every change arrives here: read the stored values once more.
            self._confirmed = True
            self._known = {}
            self._verified_at = 0.0
        elif kind in (b"message", "message"):
            data = message[2]
            key, _space, value = (data.decode() if isinstance(data, bytes) else data).partition(" ")
            if key in self._known or len(self._known) < MAX_KEYS:
                self._known[key] = value

    def _connect(self) -> bool:
        from redis.backoff import NoBackoff
        from redis.retry import Retry

        try:
            client = redis_client(self.cache)
            pool = client.connection_pool
            connection = pool.connection_class(**pool.connection_kwargs)
            connection.retry = Retry(NoBackoff(), 0)  # a failure is handled here, not retried
            connection.socket_keepalive = True
            connection.connect()
            connection.send_command("SUBSCRIBE", channel_name(self.cache, self.channel))
        except CACHE_ERRORS:
            self._retry_at = time.monotonic() + RETRY_SECONDS
            return False
        self._connection = connection
        self._pid = os.getpid()
        self._confirmed = False
        self._known = {}
        return True

    def _drop(self) -> None:
        connection, self._connection = self._connection, None
        self._confirmed = False
        self._known = {}
        if connection is not None and self._pid == os.getpid():
            with contextlib.suppress(*CACHE_ERRORS):
                connection.disconnect()
