"""The current content generation, known in this process without asking Redis each time.

Why: a page this process served lately (``pagecache.LocalCopies``) may be used only while its
generation is still the current one. Reading the generation from Redis costs a round trip, more
than everything else a hit does. Instead, every new generation is published on a Redis channel
in the same ``MULTI`` as it is stored (``publish``), and each process keeps one subscribed
connection (``GenerationWatch``). Before a hit it reads what arrived on that connection without
waiting: a poll of the socket, no round trip.

Why this is as safe as the round trip: Redis sends the message to every subscriber in the same
pass of its event loop as the answer to the writer, and a reader can learn of a change only
after the writer's request has finished and another request has reached the reader, which
takes far longer. So a message about a write that a reader could know of is on the reader's
socket when the reader polls it. Messages arrive in the order the generations were stored (the
``MULTI``), so the last message is the current generation.

A connection can also die without the socket noticing (a firewall that drops idle
connections): then messages are lost silently. So what the watch knows is compared with the
stored generation at least once a second (``VERIFY_SECONDS``, one GET); on a difference the
watch connects anew. In that failure alone a page can be up to that old.

When the watch knows nothing (just started, the connection broke, Redis went away, another
thread holds it), ``current()`` gives None and the caller asks Redis as before. After every
(re)connect the watch first sees its subscription confirmed, then reads the stored generation
once: every later change comes as a message. A broken connection is not reconnected on its
own (that could miss messages); the next call after a pause connects anew.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time

from betrieb.cache import CACHE_ERRORS, redis_client, skip_cache

#: After a failed connect, this process asks Redis itself for this many seconds.
RETRY_SECONDS = 2.0
#: What the watch knows is checked against Redis at least this often (one GET): a connection
#: that died without the socket noticing (a firewall dropping idle connections) cannot make
#: this process serve old pages for longer.
VERIFY_SECONDS = 1.0


def channel_name(cache, key: str) -> str:
    """The channel generations of ``key`` are published on (with the cache's key prefix)."""
    return cache.make_key(f"{key}:published")


def supported(cache) -> bool:
    """Whether ``cache`` is a Redis cache, where generations can be published and watched."""
    return redis_client(cache) is not None


def publish(cache, values: dict[str, str], watched: str) -> None:
    """Store ``values`` (without expiry) and publish the new value of ``watched`` with them,
    atomically: readers see messages in the order the values were stored. Raises the cache's
    errors (the caller decides what a failure means)."""
    client = redis_client(cache)
    serializer = cache._cache._serializer
    with client.pipeline(transaction=True) as pipe:
        for key, value in values.items():
            pipe.set(cache.make_and_validate_key(key), serializer.dumps(value))
        pipe.publish(channel_name(cache, watched), values[watched])
        pipe.execute()


class GenerationWatch:
    """Follows the published values of one key over a connection of its own (per process)."""

    def __init__(self, cache, key: str, read):
        self.cache = cache
        self.key = key
        #: Reads the stored value with a round trip (and creates it when missing).
        self.read = read
        self._lock = threading.Lock()
        self._connection = None
        self._pid = None
        self._confirmed = False
        self._known: str | None = None
        self._verified_at = 0.0
        self._retry_at = 0.0

    def current(self) -> str | None:
        """The current value, or None when this process does not know it without asking."""
        if not self._lock.acquire(blocking=False):
            return None  # another thread is reading the connection: ask Redis meanwhile
        try:
            return self._current()
        finally:
            self._lock.release()

    def close(self) -> None:
        with self._lock:
            self._drop()

    def _current(self) -> str | None:
        if skip_cache():
            self._drop()
            return None
        if self._connection is None or self._pid != os.getpid():
            self._connection = None  # a copy inherited from the parent process is not ours
            if time.monotonic() < self._retry_at or not self._connect():
                return None
        try:
            self._drain()
            if self._confirmed and self._known is None:
                self._known = self.read()
                self._verified_at = time.monotonic()
            elif self._confirmed and time.monotonic() - self._verified_at > VERIFY_SECONDS:
                stored = self.read()
                self._drain()  # a message sent before the answer to that GET is here by now
                self._verified_at = time.monotonic()
                if stored != self._known:
                    # Messages were lost: trust this connection no longer, connect anew.
                    self._drop()
                    return None
        except CACHE_ERRORS:
            self._drop()
            self._retry_at = time.monotonic() + RETRY_SECONDS
            return None
        return self._known if self._confirmed else None

    def _drain(self) -> None:
        """Read every message that has arrived, without waiting."""
        while self._connection.can_read(timeout=0):
            self._receive(self._connection.read_response(push_request=True))

    def _receive(self, message) -> None:
        kind = message[0]
        if kind in (b"subscribe", "subscribe"):
            # From now on every change arrives here: read the stored value once more.
            self._confirmed = True
            self._known = None
        elif kind in (b"message", "message"):
            data = message[2]
            self._known = data.decode() if isinstance(data, bytes) else data

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
            connection.send_command("SUBSCRIBE", channel_name(self.cache, self.key))
        except CACHE_ERRORS:
            self._retry_at = time.monotonic() + RETRY_SECONDS
            return False
        self._connection = connection
        self._pid = os.getpid()
        self._confirmed = False
        self._known = None
        return True

    def _drop(self) -> None:
        connection, self._connection = self._connection, None
        self._confirmed = False
        self._known = None
        if connection is not None and self._pid == os.getpid():
            with contextlib.suppress(*CACHE_ERRORS):
                connection.disconnect()
