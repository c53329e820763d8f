"""Whole-page cache for anonymous readers, invalidated by a content generation.

Design: every cached page carries the *content generation* it was rendered under, a random
token kept in the shared cache (Redis in production); a page is served only while that token is
still the current one. Any SQL write to a table that public pages may show (an INSERT,
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
``PAGE_CACHE_VIEWS``, by an anonymous visitor without a session cookie (so no messages and no
password-protected pages unlocked), answered with 200 by a response that set no cookie, used no
CSRF token (forms need one: such pages stay uncached) and did not forbid caching.
Logged-in users never read or fill this cache. Copies run in other processes must share the
cache (``CACHES``), or they would not see each other's generation.
"""

from __future__ import annotations

import contextvars
import datetime
import functools
import hashlib
import re
import threading
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, get_urlconf, resolve
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

from betrieb.cache import CACHE_ERRORS, cache_unavailable, skip_cache

GENERATION_KEY = "pagecache:generation"
SITE_GENERATION_KEY = "pagecache:site-generation"

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

#: Tables of participation content: their writes change pages, but never the site's frame
#: (navigation, footer, page tree, view restrictions) or anybody's roles, so they keep the site
#: generation. (Accounts are not among them: roles and admin rights are memoised too.)
PARTICIPATION_TABLES = frozenset(
    {
        "ideen_idea",
        "ideen_ideasupport",
        "ideen_ideafollow",
        "ideen_ideareport",
        "ideen_userblock",
        "transparenz_statuschange",
        "transparenz_progressnote",
        "transparenz_notificationpreference",
        "diskussion_commentstate",
        "django_comments",
        "django_comments_xtd_xtdcomment",
        "django_comment_flags",
        "accounts_personaldataexport",
        "account_emailaddress",
        "socialaccount_socialaccount",
        "socialaccount_socialtoken",
        "barrierefreiheit_barrierreport",
        "barrierefreiheit_accessibilitycheck",
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


# The generations


#: A write of public content whose new generation could not be stored (the cache was down):
#: this process stores new generations before it trusts the cache again. Without it, a Redis
#: that was only unreachable (its data kept) would serve pages from before those writes.
_bump_pending = threading.Event()


def _without_cache() -> bool:
    """Whether the cache is not to be used now: it failed a moment ago in this process, or a
    write of this process still waits for its new generation to be stored."""
    if skip_cache():
        return True
    if _bump_pending.is_set():
        bump()
        return _bump_pending.is_set()
    return False


def _current(key: str) -> str:
    """The generation stored under ``key``; a fresh token (matching nothing) without the cache."""
    if _without_cache():
        return uuid.uuid4().hex
    try:
        value = cache.get(key)
        if value is None:
            value = uuid.uuid4().hex
            if not cache.add(key, value, timeout=None):
                value = cache.get(key) or value
    except CACHE_ERRORS as error:
        cache_unavailable("the page cache", error)
        return uuid.uuid4().hex
    # The shared cache backend answers a failure like a miss: then trust nothing read.
    return uuid.uuid4().hex if skip_cache() else value


def generation() -> str:
    """The current content generation (created on first use, and again after an eviction).

    Without the cache, a new token on every call: nothing is read or served from the cache, and
    no ETag built on it matches an earlier one."""
    return _current(GENERATION_KEY)


def site_generation() -> str:
    """The current generation of the site's frame: pages, menus, footer settings, restrictions.

    Not changed by supports, comments, decisions and the other participation tables
    (``PARTICIPATION_TABLES``), so that navigation and footer stay cached on a busy day."""
    return _current(SITE_GENERATION_KEY)


def bump(*, site: bool = True) -> None:
    """Start a new generation: every cached page and export built before is out of date; with
    ``site``, the memoised navigation and footer too.

    The write that asks for it must succeed (a vote, a comment) even without the cache: then
    both generations are renewed as soon as this process reaches the cache again."""
    if skip_cache():
        _bump_pending.set()
        return
    values = {GENERATION_KEY: uuid.uuid4().hex}
    if site or _bump_pending.is_set():
        values[SITE_GENERATION_KEY] = uuid.uuid4().hex
    try:
        cache.set_many(values, timeout=None)
    except CACHE_ERRORS as error:
        cache_unavailable("the page cache", error)
    if skip_cache():
        _bump_pending.set()
    elif SITE_GENERATION_KEY in values:
        _bump_pending.clear()


def _cache_get_many(keys: list[str]) -> dict:
    """``cache.get_many``, or nothing (misses) while the cache is unreachable."""
    if _without_cache():
        return {}
    try:
        found = cache.get_many(keys)
    except CACHE_ERRORS as error:
        cache_unavailable("the page cache", error)
        return {}
    return {} if skip_cache() else found


def _cache_set(key: str, value, timeout: int) -> None:
    """``cache.set``; nothing is kept while the cache is unreachable."""
    if _without_cache():
        return
    try:
        cache.set(key, value, timeout)
    except CACHE_ERRORS as error:
        cache_unavailable("the page cache", error)


def memoize(name: str, compute, timeout: int | None = None):
    """``compute()`` once per site generation, shared by all processes through the cache.

    For the frame every page shows (navigation, footer): read from the database only after a
    change of pages or settings. The value is stored with the generation it was computed under,
    so one round trip to the cache reads both. With ``PAGE_CACHE_ENABLED`` off, or while the
    cache is unreachable, computed on every call.
    """
    if not getattr(settings, "PAGE_CACHE_ENABLED", True):
        return compute()
    key = f"pagecache:memo:{name}"
    found = _cache_get_many([SITE_GENERATION_KEY, key])
    current = found.get(SITE_GENERATION_KEY) or site_generation()
    entry = found.get(key)
    if entry is not None and entry[0] == current:
        return entry[1]
    value = compute()
    _cache_set(key, (current, value), timeout or settings.PAGE_CACHE_TIMEOUT)
    return value


def _bump_after_commit() -> None:
    bump()


def _bump_content_after_commit() -> None:
    bump(site=False)


def written_table(sql: str) -> str | None:
    """The table a SQL statement writes public content to, or None."""
    match = _WRITE.match(sql)
    if match is None:
        return None
    table = match.group(1).rsplit(".", 1)[-1].lower()
    if table in IGNORED_TABLES or _LAST_LOGIN_ONLY.match(sql):
        return None
    return table


def changes_public_content(sql: str) -> bool:
    """Whether a SQL statement writes to a table that public pages may show."""
    return written_table(sql) is not None


def watch_writes(execute, sql, params, many, context):
    """Database execute wrapper: a new generation after every write of public content.

    Bumped right after the statement (later readers in this transaction, and tests, which never
    commit) and again on commit, so that a page rendered from the data before the commit by
    another process cannot stay in the cache under the new generation. Writes outside the
    participation tables start a new site generation too.
    """
    result = execute(sql, params, many, context)
    if not isinstance(sql, str):
        return result
    # An UPDATE or DELETE that matched no row changed nothing. (Not for INSERT: with RETURNING
    # the row count is only known after the rows are fetched.)
    if (
        _UPDATE_OR_DELETE.match(sql) is not None
        and getattr(context.get("cursor"), "rowcount", -1) == 0
    ):
        return result
    table = written_table(sql)
    if table is None:
        return result
    site = table not in PARTICIPATION_TABLES
    bump(site=site)
    if site:
        memo = _request_restrictions.get()
        if memo:
            memo.clear()  # the request itself may have changed a view restriction
    connection = context["connection"]
    if connection.in_atomic_block:
        after_commit = _bump_after_commit if site else _bump_content_after_commit
        if not any(entry[1] is after_commit for entry in connection.run_on_commit):
            transaction.on_commit(after_commit, using=connection.alias)
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
        return _resolved_view_name(get_urlconf() or settings.ROOT_URLCONF, request.path_info)
    return match.view_name


@functools.lru_cache(maxsize=4096)
def _resolved_view_name(urlconf, path: str) -> str | None:
    """The view name of a path, remembered: a cache hit should not walk the URL patterns."""
    try:
        return resolve(path, urlconf).view_name
    except Resolver404:
        return None


def is_shared_reader(request: HttpRequest) -> bool:
    """Anonymous, and nothing in the session (no messages, no unlocked pages)."""
    user = getattr(request, "user", None)
    if user is None or user.is_authenticated:
        return False
    session = getattr(request, "session", None)
    return session is None or not session.keys()


def cache_key(request: HttpRequest, today: datetime.date | None = None) -> str:
    """The key of a page: today's date, the full URL and the kind of answer.

    The generation is not part of the key but of the entry: one ``MGET`` of the generation and
    the entry answers a hit in a single round trip to the cache."""
    today = today or timezone.localdate()
    # Scripts that ask the same URL for JSON or a fragment get an entry of their own.
    variant = "json" if "application/json" in request.headers.get("Accept", "") else "html"
    variant += ":" + request.headers.get("X-Requested-With", "")
    url = f"{variant} {request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(url.encode()).hexdigest()[:32]
    return f"pagecache:page:{today.isoformat()}:{digest}"


def _has_session_cookie(request: HttpRequest) -> bool:
    return settings.SESSION_COOKIE_NAME in request.COOKIES


def _eligible_view(request: HttpRequest) -> bool:
    return _view_name(request) in settings.PAGE_CACHE_VIEWS


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


#: Headers that belong to one answer only and are never stored (the request id is added by
#: the middleware outside this one).
_UNSTORED_HEADERS = frozenset({"set-cookie", "x-request-id"})


class PageCacheMiddleware:
    """Serves and stores whole pages for anonymous readers; sets Cache-Control everywhere.

    Placed right after the request id and the health probes, so that a hit costs one URL
    resolution and one round trip to the cache and none of the other middleware: the stored
    entry is the final answer, with the security and CSP headers the inner middleware added.
    Only a request without a session cookie is looked up; whether the answer may be stored is
    decided after the inner middleware ran (user, session, messages, CSRF token, cookies).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._lookup(request):
            return self._hit(request)
        token = _request_restrictions.set([])
        try:
            response = self.get_response(request)
        finally:
            _request_restrictions.reset(token)
        return self._after(request, response)

    def _lookup(self, request: HttpRequest) -> bool:
        """Whether the page is in the cache; remembers key and generation for storing."""
        if request.method not in ("GET", "HEAD") or not getattr(
            settings, "PAGE_CACHE_ENABLED", True
        ):
            return False
        if _has_session_cookie(request) or not _eligible_view(request):
            return False
        if len(request.get_full_path()) > settings.PAGE_CACHE_MAX_URL_LENGTH:
            return False
        key = cache_key(request)
        found = _cache_get_many([GENERATION_KEY, key])
        current = found.get(GENERATION_KEY) or generation()
        request._page_cache_key = key
        request._page_cache_generation = current
        entry = found.get(key)
        if entry is None or entry.get("generation") != current:
            return False
        request._page_cache_entry = entry
        return True

    def _hit(self, request: HttpRequest) -> HttpResponse:
        entry = request._page_cache_entry
        response = HttpResponse(entry["content"], status=entry["status"])
        for name, value in entry["headers"]:
            response[name] = value
        # 304 to a matching If-None-Match or If-Modified-Since, as ConditionalGetMiddleware
        # answers pages that are rendered.
        return get_conditional_response(
            request,
            etag=response["ETag"],
            last_modified=entry["modified"],
            response=response,
        )

    def _after(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        key = getattr(request, "_page_cache_key", None)
        if key is not None and request.method == "GET" and _storable(request, response):
            patch_cache_control(response, **CACHED_CONTROL)
            modified = int(time.time())
            response["Last-Modified"] = http_date(modified)
            if not response.has_header("ETag"):
                response["ETag"] = f'"{hashlib.md5(response.content).hexdigest()}"'
            entry = {
                "generation": request._page_cache_generation,
                "status": response.status_code,
                "content": response.content,
                "modified": modified,
                "headers": [
                    (name, value)
                    for name, value in response.items()
                    if name.lower() not in _UNSTORED_HEADERS
                ],
            }
            _cache_set(key, entry, settings.PAGE_CACHE_TIMEOUT)
            return response
        if "Cache-Control" not in response:
            user = getattr(request, "user", None)
            if _eligible_view(request) or (user is not None and user.is_authenticated):
                # A page for this visitor only (logged in, or with a form): browsers may keep
                # it, shared caches must not, and it is revalidated before every use.
                patch_cache_control(response, **PRIVATE_CONTROL)
        return response
