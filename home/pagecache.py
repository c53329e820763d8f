"""Whole-page cache for anonymous readers, invalidated by a content generation.

Design: every cache key contains a *content generation*, a random token kept in the shared
cache (Redis in production). Any SQL write to a table that public pages may show (an INSERT,
UPDATE or DELETE seen by the database connection, so ``QuerySet.update``, ``bulk_create``, raw
SQL and the writes behind the transparency guards count too) replaces the token, once at once
and once more when the transaction commits. Old entries are never read again and expire. The
key also contains today's date in the site's time zone: project states, phases and timelines
are derived from dates (``beteiligung.models``), so every date boundary starts fresh pages.

Why a generation and not per-object keys: a page shows many things (counts on the home page,
navigation, footer, the decision trail, comment threads), and a dependency map from every write
to every page that shows it is easy to get wrong; a stale page is a bug, a few more renders are
not. Why at the SQL layer and not with model signals: signals miss ``update()``, bulk inserts
and database triggers, which the counters and the status trail use.

Only these are served from and stored in the cache: GET requests of the views named in
``PAGE_CACHE_VIEWS``, by an anonymous visitor whose session is empty (no messages, no
password-protected pages unlocked), answered with 200 by a response that set no cookie, used no
CSRF token (forms need one: such pages stay uncached) and did not forbid caching.
Logged-in users never read or fill this cache. Copies run in other processes must share the
cache (``CACHES``), or they would not see each other's generation.
"""

from __future__ import annotations

import contextvars
import datetime
import hashlib
import re
import threading
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import http_date

from betrieb.cache import CACHE_ERRORS, cache_unavailable, skip_cache

GENERATION_KEY = "pagecache:generation"

#: Tables whose writes change nothing a public page shows: sessions, logs, queues, search
#: index, second factors. Everything else invalidates (a missing entry here costs only renders).
IGNORED_TABLES = frozenset(
    {
        "django_session",
        "django_admin_log",
        "django_tasks_database_dbtaskresult",
        "account_emailconfirmation",
        "mfa_authenticator",
        "wagtailcore_pagelogentry",
        "wagtailcore_modellogentry",
        "wagtailcore_referenceindex",
        "wagtailsearch_indexentry",
        "wagtailsearch_indexentry_fts",
        "wagtailadmin_editingsession",
        "wagtailimages_rendition",
        "wagtailembeds_embed",
        "wagtailusers_userprofile",
        "outbox_outgoingmail",
        "accounts_consentrecord",
    }
)

_WRITE = re.compile(
    r'^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|TRUNCATE(?:\s+TABLE)?)\s+"?([\w.]+)"?',
    re.IGNORECASE,
)
_UPDATE_OR_DELETE = re.compile(r"^\s*(?:UPDATE|DELETE)\b", re.IGNORECASE)
#: A login only stamps ``last_login``: nothing public changes.
_LAST_LOGIN_ONLY = re.compile(r'^\s*UPDATE\s+"accounts_user"\s+SET\s+"last_login"\s*=\s*%s\s+WHERE')

CACHED_CONTROL = {"public": True, "max_age": 0, "must_revalidate": True}
PRIVATE_CONTROL = {"private": True, "max_age": 0, "must_revalidate": True}


# The generation


#: A write of public content whose new generation could not be stored (the cache was down):
#: this process stores one before it trusts the cache's generation again. Without it, a Redis
#: that was only unreachable (its data kept) would serve pages from before those writes.
_bump_pending = threading.Event()


def generation() -> str:
    """The current content generation (created on first use, and again after an eviction).

    Without the cache, a new token on every call: nothing is read or served from the cache, and
    no ETag built on it matches an earlier one.
    """
    if skip_cache():
        return uuid.uuid4().hex
    try:
        if _bump_pending.is_set():
            bump()
            if _bump_pending.is_set():
                return uuid.uuid4().hex
        value = cache.get(GENERATION_KEY)
        if value is None:
            value = uuid.uuid4().hex
            if not cache.add(GENERATION_KEY, value, timeout=None):
                value = cache.get(GENERATION_KEY) or value
        return value
    except CACHE_ERRORS as error:
        cache_unavailable("the page cache", error)
        return uuid.uuid4().hex


def bump() -> None:
    """Start a new generation: every cached page and export built before is out of date."""
    if skip_cache():
        _bump_pending.set()
        return
    try:
        cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
    except CACHE_ERRORS as error:
        # The write itself must succeed (a vote, a comment): renew the generation as soon as
        # the cache answers again.
        _bump_pending.set()
        cache_unavailable("the page cache", error)
    else:
        _bump_pending.clear()


def _cache_get(key: str):
    """``cache.get``, or None (a miss) while the cache is unreachable."""
    if skip_cache():
        return None
    try:
        return cache.get(key)
    except CACHE_ERRORS as error:
        cache_unavailable("the page cache", error)
        return None


def _cache_set(key: str, value, timeout: int) -> None:
    """``cache.set``; nothing is kept while the cache is unreachable."""
    if skip_cache():
        return
    try:
        cache.set(key, value, timeout)
    except CACHE_ERRORS as error:
        cache_unavailable("the page cache", error)


def memoize(name: str, compute, timeout: int | None = None):
    """``compute()`` once per content generation, shared by all processes through the cache.

    For what every page shows (navigation, footer): read from the database only after a change.
    With ``PAGE_CACHE_ENABLED`` off, or while the cache is unreachable, computed on every call.
    """
    if not getattr(settings, "PAGE_CACHE_ENABLED", True):
        return compute()
    key = f"pagecache:memo:{generation()}:{name}"
    value = _cache_get(key)
    if value is None:
        value = compute()
        _cache_set(key, value, timeout or settings.PAGE_CACHE_TIMEOUT)
    return value


def _bump_after_commit() -> None:
    bump()


def changes_public_content(sql: str) -> bool:
    """Whether a SQL statement writes to a table that public pages may show."""
    match = _WRITE.match(sql)
    if match is None:
        return False
    table = match.group(1).rsplit(".", 1)[-1].lower()
    if table in IGNORED_TABLES:
        return False
    return not _LAST_LOGIN_ONLY.match(sql)


def watch_writes(execute, sql, params, many, context):
    """Database execute wrapper: a new generation after every write of public content.

    Bumped right after the statement (later readers in this transaction, and tests, which never
    commit) and again on commit, so that a page rendered from the data before the commit by
    another process cannot stay in the cache under the new generation.
    """
    result = execute(sql, params, many, context)
    # An UPDATE or DELETE that matched no row changed nothing. (Not for INSERT: with RETURNING
    # the row count is only known after the rows are fetched.)
    unchanged = (
        isinstance(sql, str)
        and _UPDATE_OR_DELETE.match(sql) is not None
        and getattr(context.get("cursor"), "rowcount", -1) == 0
    )
    if isinstance(sql, str) and not unchanged and changes_public_content(sql):
        bump()
        memo = _request_restrictions.get()
        if memo:
            memo.clear()  # the request itself may have changed a view restriction
        connection = context["connection"]
        if connection.in_atomic_block and not any(
            entry[1] is _bump_after_commit for entry in connection.run_on_commit
        ):
            transaction.on_commit(_bump_after_commit, using=connection.alias)
    return result


def install_write_watcher(sender, connection, **kwargs) -> None:
    """``connection_created`` receiver: watch the writes of every database connection."""
    if watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(watch_writes)


# View restrictions, looked up once per request


#: The view restrictions read in the current request (a list holding one list once read), or
#: None outside a request.
_request_restrictions: contextvars.ContextVar[list | None] = contextvars.ContextVar(
    "request_view_restrictions", default=None
)


def _restricted_pages() -> list:
    """The pages with a view restriction: read once per request, else on every call."""
    from wagtail.models import PageViewRestriction

    def read() -> list:
        return [r.page for r in PageViewRestriction.objects.select_related("page")]

    memo = _request_restrictions.get()
    if memo is None:
        return read()
    if not memo:
        memo.append(read())
    return memo[0]


def public_q(self) -> Q:
    """``PageQuerySet.public_q`` with the restrictions read once per request."""
    q = Q()
    for page in _restricted_pages():
        q &= ~self.descendant_of_q(page, inclusive=True)
    return q


def private_q(self) -> Q:
    """``PageQuerySet.private_q`` with the restrictions read once per request."""
    q = Q()
    for page in _restricted_pages():
        q |= self.descendant_of_q(page, inclusive=True)
    return q if q else Q(pk__in=[])


def install_restriction_memo() -> None:
    """Wagtail asks the database for all view restrictions on every ``.public()``; a page
    calls it 3 to 6 times (navigation, teasers, lists). Read them once per request instead."""
    from wagtail.query import PageQuerySet

    PageQuerySet.public_q = public_q
    PageQuerySet.private_q = private_q


# The middleware


def _view_name(request: HttpRequest) -> str | None:
    match = getattr(request, "resolver_match", None)
    if match is None:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return None
    return match.view_name


def is_shared_reader(request: HttpRequest) -> bool:
    """Anonymous, and nothing in the session (no messages, no unlocked pages)."""
    user = getattr(request, "user", None)
    if user is None or user.is_authenticated:
        return False
    session = getattr(request, "session", None)
    return session is None or not session.keys()


def cache_key(request: HttpRequest, today: datetime.date | None = None) -> str:
    """The key of a page: generation, today's date, the full URL and the kind of answer."""
    today = today or timezone.localdate()
    # Scripts that ask the same URL for JSON or a fragment get an entry of their own.
    variant = "json" if "application/json" in request.headers.get("Accept", "") else "html"
    variant += ":" + request.headers.get("X-Requested-With", "")
    url = f"{variant} {request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(url.encode()).hexdigest()[:32]
    return f"pagecache:page:{generation()}:{today.isoformat()}:{digest}"


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False  # the page carries a CSRF token: it belongs to this visitor only
    session = getattr(request, "session", None)
    if session is not None and (session.modified or session.keys()):
        return False
    storage = getattr(request, "_messages", None)
    if storage is not None and getattr(storage, "_queued_messages", None):
        return False
    if not is_shared_reader(request):
        return False
    control = response.get("Cache-Control", "").lower()
    return not any(word in control for word in ("private", "no-store", "no-cache"))


class PageCacheMiddleware:
    """Serves and stores whole pages for anonymous readers; sets Cache-Control everywhere.

    Place it last: it runs after the user and the messages are known, and its stored copy is
    the view's answer, before the outer middleware add cookies and security headers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _request_restrictions.set([])
        try:
            response = self.get_response(request)
        finally:
            _request_restrictions.reset(token)
        return self.process_response(request, response)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method not in ("GET", "HEAD") or not getattr(
            settings, "PAGE_CACHE_ENABLED", True
        ):
            return None
        if _view_name(request) not in settings.PAGE_CACHE_VIEWS:
            return None
        request._page_cache_eligible = True
        if len(request.get_full_path()) > settings.PAGE_CACHE_MAX_URL_LENGTH:
            return None
        if not is_shared_reader(request):
            return None
        key = cache_key(request)
        request._page_cache_key = key
        entry = _cache_get(key)
        if entry is None:
            return None
        request._page_cache_hit = True
        response = HttpResponse(entry["content"], status=entry["status"])
        for name, value in entry["headers"]:
            response[name] = value
        return response

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        key = getattr(request, "_page_cache_key", None)
        if key is not None and getattr(request, "_page_cache_hit", False):
            return response
        if key is not None and request.method == "GET" and _storable(request, response):
            patch_cache_control(response, **CACHED_CONTROL)
            response["Last-Modified"] = http_date()
            response["ETag"] = f'"{hashlib.md5(response.content).hexdigest()}"'
            headers = [
                (name, value)
                for name, value in response.items()
                if name.lower() not in {"set-cookie", "vary"}
            ]
            entry = {
                "status": response.status_code,
                "content": response.content,
                "headers": headers,
            }
            _cache_set(key, entry, settings.PAGE_CACHE_TIMEOUT)
            return response
        if "Cache-Control" not in response:
            user = getattr(request, "user", None)
            eligible = getattr(request, "_page_cache_eligible", False)
            if eligible or (user is not None and user.is_authenticated):
                # A page for this visitor only (logged in, or with a form): browsers may keep
                # it, shared caches must not, and it is revalidated before every use.
                patch_cache_control(response, **PRIVATE_CONTROL)
        return response
