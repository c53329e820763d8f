"""When the shared cache (Redis) is unreachable: which errors mean that, and one warning.

The rule for outside services: a failing one never loses a submission and never answers 500.
Code that can do without the cache (the page cache, sessions, posting limits) catches
``CACHE_ERRORS`` around its cache calls, calls ``cache_unavailable`` and goes on without it.
The readiness probe (config.health) still reports the cache as failed.
"""

from __future__ import annotations

import logging
import threading
import time

try:
    from redis.exceptions import RedisError
except ImportError:  # pragma: no cover - redis is a dependency; locmem needs none of this
    RedisError = OSError

logger = logging.getLogger(__name__)

#: What the cache backends raise when the server is down, refuses or does not answer in time
#: (redis-py's ConnectionError and TimeoutError are RedisErrors; sockets raise OSErrors).
CACHE_ERRORS: tuple[type[BaseException], ...] = (RedisError, OSError)

#: One warning per use and process at most this often: an outage must not flood the log.
WARNING_INTERVAL = 60.0
#: After a failure, the uses that can do without the cache skip it for this many seconds: a
#: Redis that does not answer costs one socket timeout now and then, not one per cache call.
SKIP_SECONDS = 2.0

_last_warning: dict[str, float] = {}
_skip_until = 0.0
_lock = threading.Lock()


def skip_cache() -> bool:
    """Whether the cache failed a moment ago in this process (then do without it for now)."""
    return time.monotonic() < _skip_until


def cache_unavailable(use: str, error: BaseException) -> None:
    """Note the failure (``skip_cache``) and log, at most once a minute per ``use``, that
    ``use`` went on without the cache."""
    global _skip_until
    now = time.monotonic()
    with _lock:
        _skip_until = now + SKIP_SECONDS
        last = _last_warning.get(use)
        if last is not None and now - last < WARNING_INTERVAL:
            return
        _last_warning[use] = now
    logger.warning("Cache unavailable, %s goes on without it: %r", use, error)


def redis_client(cache):
    """The redis-py client behind a Django Redis cache backend, or None for other backends.

    For the few uses that need one round trip for several commands (``MULTI``, ``PUBLISH``);
    keys must be made with ``cache.make_and_validate_key`` and values stored as Django's
    ``RedisSerializer`` stores them (integers as they are)."""
    backend = getattr(cache, "_cache", None)
    get_client = getattr(backend, "get_client", None)
    if get_client is None or not hasattr(backend, "_serializer"):
        return None
    return get_client(write=True)


def add_in_windows(cache, counters: list[tuple[str, int, int]]) -> list[int]:
    """Add ``amount`` to each fixed-window counter ``(key, expiry, amount)`` and return the new
    values. With Redis in one round trip: ``SET NX EX`` and ``INCRBY`` per counter in one
    ``MULTI``, so none is left without its expiry. Raises the cache's errors."""
    client = redis_client(cache)
    if client is None:
        values = []
        for key, expiry, amount in counters:
            cache.add(key, 0, expiry)
            try:
                values.append(cache.incr(key, amount))
            except ValueError:  # expired between add and incr
                cache.add(key, amount, expiry)
                values.append(amount)
        return values
    with client.pipeline(transaction=True) as pipe:
        for key, expiry, amount in counters:
            name = cache.make_and_validate_key(key)
            pipe.set(name, 0, ex=expiry, nx=True)
            pipe.incrby(name, amount)
        results = pipe.execute()
    return [int(value) for value in results[1::2]]
