"""Sessions read from the shared cache and written through to the database, as Django's
``cached_db``, but the database alone serves them while the cache is unreachable.

Django 5.2's ``cached_db`` already logs a failed write to the cache on save, and a failed read
counts as a miss; but after that miss it stores the session read from the database in the cache
without catching the error, and ``delete`` (logging out) and ``exists`` do not catch theirs.
So a logged-in request would answer 500 during a Redis outage. Here every cache call may fail:
the database has the session either way.
"""

from __future__ import annotations

import threading

from django.contrib.sessions.backends import cached_db

from betrieb.cache import CACHE_ERRORS, cache_unavailable, skip_cache

USE = "sessions (read from the database)"

#: Sessions ended (logout, a new key at login) while the cache was unreachable: their copies in
#: the cache are deleted as soon as it answers again, so that a Redis that kept its data does not
#: bring an ended session back. (Kept per process: one restarted meanwhile forgets them; the
#: copies then expire after SESSION_COOKIE_AGE, see README "Betrieb".)
_pending_deletes: set[str] = set()
_pending_lock = threading.Lock()


def _delete_pending(cache) -> None:
    if not _pending_deletes:
        return
    with _pending_lock:
        keys = list(_pending_deletes)
        cache.delete_many(keys)
        _pending_deletes.difference_update(keys)


class SessionStore(cached_db.SessionStore):
    def load(self):
        if skip_cache():
            return self._load_from_db()[0]
        try:
            _delete_pending(self._cache)
            data = self._cache.get(self.cache_key)
        except CACHE_ERRORS as error:
            cache_unavailable(USE, error)
            return self._load_from_db()[0]
        except Exception:
            data = None  # as Django: invalid keys of some backends (#17810)
        if data is not None:
            return data
        data, expire_date = self._load_from_db()
        if expire_date is not None:
            try:
                self._cache.set(self.cache_key, data, self.get_expiry_age(expiry=expire_date))
            except CACHE_ERRORS as error:
                cache_unavailable(USE, error)
        return data

    def _load_from_db(self) -> tuple[dict, object]:
        """The session's data and expiry from the database ({} and None if there is none)."""
        session = self._get_session_from_db()
        if not session:
            return {}, None
        return self.decode(session.session_data), session.expire_date

    def exists(self, session_key):
        if not skip_cache():
            try:
                if session_key and (self.cache_key_prefix + session_key) in self._cache:
                    return True
            except CACHE_ERRORS as error:
                cache_unavailable(USE, error)
        return cached_db.DBStore.exists(self, session_key)

    def save(self, must_create=False):
        if skip_cache():
            cached_db.DBStore.save(self, must_create)
            return
        super().save(must_create)  # logs and ignores a failing cache itself

    def delete(self, session_key=None):
        if session_key is None:
            if self.session_key is None:
                return
            session_key = self.session_key
        cached_db.DBStore.delete(self, session_key)
        key = self.cache_key_prefix + session_key
        if skip_cache():
            _pending_deletes.add(key)
            return
        try:
            self._cache.delete(key)
        except CACHE_ERRORS as error:
            _pending_deletes.add(key)
            cache_unavailable(USE, error)
