"""Django's Redis cache, going on without Redis when it is unreachable.

Not only our code uses the cache: Wagtail keeps its site root paths there, allauth its limits
and used one-time codes, Django its cached sessions. With the plain ``RedisCache`` every page
answers 500 while Redis is down. Here every call that fails with a connection error or timeout
behaves as if the cache were empty and forgot every write: ``get`` gives the default, ``add``
gives False (so nothing that must happen once, like a used one-time code, can happen twice),
``incr`` raises ValueError (a missing key), writes are dropped. The failure is logged once a
minute (``betrieb.cache``); for a few seconds after it, calls skip Redis altogether, so a Redis
that does not answer costs a request one socket timeout, not one per call.

The readiness probe asks Redis itself (``strict``): it must see the outage.

One Redis client per connection pool: Django's ``RedisCacheClient`` builds a new ``redis.Redis``
object for every cache operation, which with redis-py 8 costs about 0.3 ms (the object copies its
table of response callbacks), more than the round trip itself, and a page makes several cache
operations. A ``redis.Redis`` object is safe to share between threads.
"""

from __future__ import annotations

import contextvars
from contextlib import contextmanager

from django.core.cache.backends import redis as django_redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT

from betrieb.cache import CACHE_ERRORS, cache_unavailable, skip_cache

_strict = contextvars.ContextVar("cache_strict", default=False)


class _SharedClients(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients.setdefault(id(pool), self._client(connection_pool=pool))
        return client


class RedisCache(django_redis.RedisCache):
    """``django.core.cache.backends.redis.RedisCache`` that reuses its Redis clients."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _SharedClients


@contextmanager
def strict():
    """Within this block the cache raises its errors (for the readiness probe)."""
    token = _strict.set(True)
    try:
        yield
    finally:
        _strict.reset(token)


def _fallback(result_without_cache):
    def decorate(method):
        name = method.__name__

        def wrapper(self, *args, **kwargs):
            if _strict.get():
                return getattr(super(ResilientRedisCache, self), name)(*args, **kwargs)
            if skip_cache():
                return result_without_cache(*args, **kwargs)
            try:
                return getattr(super(ResilientRedisCache, self), name)(*args, **kwargs)
            except CACHE_ERRORS as error:
                cache_unavailable("the cache (Redis)", error)
                return result_without_cache(*args, **kwargs)

        wrapper.__name__ = name
        wrapper.__doc__ = method.__doc__
        return wrapper

    return decorate


def _missing_key(key, *args, **kwargs):
    raise ValueError(f"Key {key!r} not found (the cache is unreachable)")


class ResilientRedisCache(RedisCache):
    @_fallback(lambda key, default=None, version=None: default)
    def get(self, key, default=None, version=None): ...

    @_fallback(lambda keys, version=None: {})
    def get_many(self, keys, version=None): ...

    @_fallback(lambda *args, **kwargs: False)
    def has_key(self, key, version=None): ...

    @_fallback(lambda *args, **kwargs: False)
    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None): ...

    @_fallback(lambda *args, **kwargs: None)
    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None): ...

    @_fallback(lambda data, *args, **kwargs: list(data))
    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None): ...

    @_fallback(lambda *args, **kwargs: False)
    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None): ...

    @_fallback(lambda *args, **kwargs: False)
    def delete(self, key, version=None): ...

    @_fallback(lambda *args, **kwargs: None)
    def delete_many(self, keys, version=None): ...

    @_fallback(_missing_key)
    def incr(self, key, delta=1, version=None): ...
