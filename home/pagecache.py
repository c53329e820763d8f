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

The one exception is supports, the most frequent write during a campaign: with one generation,
each support would make every page of the site unusable. A support made through the support
service (``support_writes``) renews three *support generations* instead: that of all supports,
that of its space (project) and that of its idea. A page depends on the generation of all
supports, unless its view says it shows only the supports of named spaces and ideas
(``shows_only_declared_supports``; ``shows_support_count`` by every idea card and the idea
page, ``shows_own_support`` by the idea page, ``shows_supports_of`` by a list ordered by
supports); pages showing no supports at all (home, project index, decisions, the feed) name
none. So a support renews its proposal, the pages that show its card, the lists ordered by
supports, the statistics and the exports, and keeps the pages of the other proposals, of other
projects and the overviews. Where a page shows a support only as a number in a count element,
its stored copy gets the new number put in (one query) instead of being rendered again
(``refilled``). A support written any other way renews the content generation, which every
page depends on. The generation of all supports is read before the view, like the content
generation; those of single spaces and ideas only after the rendering, which is safe because a
page is not stored if a support came in meanwhile (``_support_dependencies``).

These views see only the query parameters their pages read (``read_query_params``): any
other (a newsletter's tracking tag, a social network's click id, a cache buster), an empty one
and a repeated one are taken out of the request before the view and the key, so that a link
shared with ``?fbclid=...`` is answered from the cache like the page itself, and nothing a
visitor adds to a URL reaches the page kept for everybody (``canonical_query``).

Only these are served from and stored in the cache: GET requests of the views named in
``PAGE_CACHE_VIEWS``, by an anonymous visitor without a session cookie (so no messages and no
password-protected pages unlocked), answered with 200 by a response that set no cookie, used no
CSRF token (forms need one: such pages stay uncached) and did not forbid caching.
Copies run in other processes must share the cache (``CACHES``), or they would not see each
other's generation.

Logged-in citizens get pages of their own (``PAGE_CACHE_PERSONAL_TIMEOUT``; 0 turns it off):
the same views, stored per session and CSRF cookie, served only while both the content
generation and the session's data are what they were when the page was rendered. The session's
data (user, second-factor state, messages, unlocked pages) is read from the shared cache in the
same round trip as the page. Any change of the user, their groups or what they may see writes
to a watched table and so starts a new generation; a change only in the session (a message, a
login, a logout) changes its data. Writes that no page shows renew nothing: a sign-up, the
confirmation of an address, a login's time stamp, a single sign-on (``written_table``). Staff
and superusers are never served from it: their pages depend on more than these (second
factors, editing rights), and they are few.
"""

from __future__ import annotations

import collections
import contextlib
import contextvars
import datetime
import functools
import hashlib
import importlib
import math
import re
import threading
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache, caches
from django.core.handlers.wsgi import get_bytes_from_wsgi
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, QueryDict
from django.urls import Resolver404, get_urlconf, resolve
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.html import escape
from django.utils.http import http_date

from betrieb.cache import CACHE_ERRORS, add_in_windows, cache_unavailable, skip_cache
from home import generation_watch

GENERATION_KEY = "pagecache:generation"
SITE_GENERATION_KEY = "pagecache:site-generation"
#: The generation of all supports, and (``supports_key``) of the supports in one space.
SUPPORTS_KEY = "pagecache:supports"

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
        # E-mail addresses and single sign-on links are shown on no page and memoised nowhere;
        # the staff membership they decide is written to the groups (ideen.staff), which renews.
        "account_emailaddress",
        "socialaccount_socialaccount",
        "socialaccount_socialtoken",
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
        "benachrichtigungen_notification",
        "benachrichtigungen_preference",
        "benachrichtigungen_projectfollow",
        "benachrichtigungen_areasubscription",
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
#: A new account: a row no page shows until the account writes something (which renews as any
#: write), and that nothing memoised for another account (memos go by the user's id). Not an
#: upsert, which may change existing rows.
_NEW_ACCOUNT = re.compile(
    r'^\s*INSERT\s+INTO\s+"accounts_user"\s(?!.*\bON\s+CONFLICT\b)', re.IGNORECASE | re.DOTALL
)
#: An UPDATE of accounts that only sets plain values, and the columns of theirs that no page
#: shows: a login stamps ``last_login``, the confirmation of an address copies it to ``email``,
#: the retention rules count warnings. (Not the password: it ends the account's other sessions,
#: whose kept pages must go with them.)
_ACCOUNT_UPDATE = re.compile(
    r'^\s*UPDATE\s+"accounts_user"\s+SET\s+((?:"\w+"\s*=\s*(?:%s|NULL)\s*,\s*)*'
    r'"\w+"\s*=\s*(?:%s|NULL))\s+WHERE\b',
    re.IGNORECASE,
)
_SET_COLUMN = re.compile(r'"(\w+)"\s*=')
UNSHOWN_ACCOUNT_COLUMNS = frozenset(
    {"last_login", "email", "inactivity_warnings", "deletion_due_at"}
)

#: Entries under URLs with a query string live at most this long (seconds), and their budget
#: (``PAGE_CACHE_VARIANT_BUDGET``) counts per this window (``within_budget``).
VARIANT_WINDOW = 600

CACHED_CONTROL = {"public": True, "max_age": 0, "must_revalidate": True}
PRIVATE_CONTROL = {"private": True, "max_age": 0, "must_revalidate": True}


# The generations


#: A write of public content whose new generation could not be stored (the cache was down):
#: this process stores new generations before it trusts the cache again. Without it, a Redis
#: that was only unreachable (its data kept) would serve pages from before those writes.
_bump_pending = threading.Event()

#: What this thread's last new generation covered (1: content, 2: content and site) while
#: nobody in this thread has read a generation since; 0 after a read. A second write in the
#: same transaction then needs no new generation of its own: nothing was rendered in between
#: here, and other processes cannot see the write before the commit, which starts one anyway.
_unread = threading.local()


def _read_generations() -> None:
    _unread.level = 0
    _unread.spaces = ()


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
    _read_generations()
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


def supports_key(space_id: int) -> str:
    """The key of the generation of the supports of ideas in one space (project, platform)."""
    return f"{SUPPORTS_KEY}:{space_id}"


def idea_supports_key(idea_id: int) -> str:
    """The key of the generation of the supports of one idea."""
    return f"{SUPPORTS_KEY}:idea:{idea_id}"


def supports_generation() -> str:
    """The current generation of all supports (renewed by every support, anywhere)."""
    return _current(SUPPORTS_KEY)


def content_version() -> str:
    """What everything public depends on, supports included: for exports and their ETags."""
    return f"{generation()}:{supports_generation()}"


def _current_many(keys: list[str]) -> dict[str, str]:
    """The generations stored under ``keys`` in one round trip (missing ones created); fresh
    tokens (matching nothing) without the cache."""
    found = _cache_get_many(keys)
    values = {}
    for key in keys:
        value = found.get(key)
        values[key] = value if value is not None else _current(key)
    return values if not skip_cache() else {key: uuid.uuid4().hex for key in keys}


def generations(keys: list[str]) -> dict[str, str]:
    """The current generations of ``keys``: as this process knows them (no round trip), else
    read from the shared cache."""
    known = _known_generations(keys)
    return known if known is not None else _current_many(keys)


def _store_generations(values: dict[str, str]) -> None:
    """Store new generations; with Redis stored and published at once, so processes that
    watch them need not ask (``_known_generations``). A failure is noted (``skip_cache``)."""
    try:
        if generation_watch.supported(cache):
            generation_watch.publish(cache, values, GENERATION_KEY)
        else:
            cache.set_many(values, timeout=None)
    except CACHE_ERRORS as error:
        cache_unavailable("the page cache", error)


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
    _store_generations(values)
    if skip_cache():
        _bump_pending.set()
    elif SITE_GENERATION_KEY in values:
        _bump_pending.clear()
    _unread.level = 2 if SITE_GENERATION_KEY in values else 1


def bump_supports(space_id: int, idea_id: int | None = None) -> None:
    """New generations of all supports, of the supports in one space and (given) of one idea:
    every page that shows supports of that idea, of that space or of all (lists, statistics,
    exports) is out of date; the pages of other ideas and projects are not.

    Without the cache, as ``bump``: both content generations are renewed (which every page
    depends on) as soon as this process reaches the cache again."""
    if skip_cache():
        _bump_pending.set()
        return
    values = {SUPPORTS_KEY: uuid.uuid4().hex, supports_key(space_id): uuid.uuid4().hex}
    if idea_id is not None:
        values[idea_supports_key(idea_id)] = uuid.uuid4().hex
    _store_generations(values)
    if skip_cache():
        _bump_pending.set()
    _unread.spaces = (*getattr(_unread, "spaces", ()), (space_id, idea_id))


def _known_generations(keys: list[str]) -> dict[str, str] | None:
    """The generations of ``keys`` as this process knows them without a round trip, or None.

    Only with Redis, where new generations are published (``home.generation_watch``); the
    watch belongs to the cache backend object, so each process (and thread) has its own."""
    backend = caches["default"]
    if not generation_watch.supported(backend):
        return None
    watch = backend.__dict__.get("_generation_watch")
    if watch is None:
        watch = backend._generation_watch = generation_watch.GenerationWatch(
            backend, GENERATION_KEY, _read_for_watch
        )
    known = watch.current(keys)
    if known is not None:
        _read_generations()
    return known


def _read_for_watch(keys: list[str]) -> dict[str, str] | None:
    values = _current_many(keys)
    return None if skip_cache() else values


def _cache_get_many(keys: list[str]) -> dict:
    """``cache.get_many``, or nothing (misses) while the cache is unreachable."""
    _read_generations()
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


def memoize(
    name: str,
    compute,
    timeout: int | None = None,
    *,
    keep_none: bool = True,
    content: bool = False,
):
    """``compute()`` once per site generation, shared by all processes through the cache.

    For the frame every page shows (navigation, footer): read from the database only after a
    change of pages or settings. The value is stored with the generation it was computed under,
    so one round trip to the cache reads both. With ``PAGE_CACHE_ENABLED`` off, or while the
    cache is unreachable, computed on every call; without ``keep_none``, so is a None.

    With ``content``, once per content generation instead: for figures from participation
    content that do not count supports (a support does not renew that generation).
    """
    if not getattr(settings, "PAGE_CACHE_ENABLED", True):
        return compute()
    generation_key = GENERATION_KEY if content else SITE_GENERATION_KEY
    key = f"pagecache:memo:{name}"
    found = _cache_get_many([generation_key, key])
    current = found.get(generation_key) or _current(generation_key)
    entry = found.get(key)
    if entry is not None and entry[0] == current:
        return entry[1]
    value = compute()
    if value is not None or keep_none:
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
    if table in IGNORED_TABLES or (table == "accounts_user" and _changes_no_shown_account(sql)):
        return None
    return table


def _changes_no_shown_account(sql: str) -> bool:
    """A write to accounts that no page shows: a new account, or only unshown columns."""
    if _NEW_ACCOUNT.match(sql):
        return True
    update = _ACCOUNT_UPDATE.match(sql)
    return update is not None and set(_SET_COLUMN.findall(update.group(1))).issubset(
        UNSHOWN_ACCOUNT_COLUMNS
    )


def changes_public_content(sql: str) -> bool:
    """Whether a SQL statement writes to a table that public pages may show."""
    return written_table(sql) is not None


#: The space and idea whose supports the current code writes (``support_writes``), or None.
_support_space: contextvars.ContextVar[tuple[int, int | None] | None] = contextvars.ContextVar(
    "support_space", default=None
)
#: A support's own writes: its row, and the counter of its idea (nothing else in that row).
_SUPPORT_COUNTER = re.compile(
    r'^\s*UPDATE\s+"ideen_idea"\s+SET\s+"support_count"\s*=\s*\([^,]*\)\s+WHERE\b', re.IGNORECASE
)


@contextlib.contextmanager
def support_writes(space_id: int, idea_id: int | None = None):
    """Within: the writes of supports (rows of ``ideen_ideasupport`` and the ``support_count``
    of ideas) are supports of ideas in this space (given: of this idea only), and renew only
    the support generations (``bump_supports``); every other write renews the content
    generation as always. Only the service that adds and takes back supports says so; a
    support written anywhere else (a merge, a deleted account, the admin) renews the content
    generation, which every page depends on."""
    token = _support_space.set((space_id, idea_id))
    try:
        yield
    finally:
        _support_space.reset(token)


def _is_support_write(table: str, sql: str) -> bool:
    return table == "ideen_ideasupport" or (
        table == "ideen_idea" and _SUPPORT_COUNTER.match(sql) is not None
    )


def _bump_supports_after_commit(scope: tuple[int, int | None]) -> None:
    bump_supports(*scope)


def watch_writes(execute, sql, params, many, context):
    """Database execute wrapper: a new generation after every write of public content.

    Bumped right after the statement (later readers in this transaction, and tests, which never
    commit) and again on commit, so that a page rendered from the data before the commit by
    another process cannot stay in the cache under the new generation. Writes outside the
    participation tables start a new site generation too. Inside a transaction, a write after
    one whose generation nobody has read yet (``_unread``) keeps that generation: a vote or a
    comment writes several rows but asks the cache once, plus once on commit.
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
    connection = context["connection"]
    scope = _support_space.get()
    if scope is not None and _is_support_write(table, sql):
        _watch_support_write(connection, scope)
        return result
    site = table not in PARTICIPATION_TABLES
    if not connection.in_atomic_block or getattr(_unread, "level", 0) < (2 if site else 1):
        bump(site=site)
    if site:
        memo = _request_restrictions.get()
        if memo:
            memo.clear()  # the request itself may have changed a view restriction
    if connection.in_atomic_block:
        after_commit = _bump_after_commit if site else _bump_content_after_commit
        if not any(entry[1] is after_commit for entry in connection.run_on_commit):
            transaction.on_commit(after_commit, using=connection.alias)
    return result


def _watch_support_write(connection, scope: tuple[int, int | None]) -> None:
    """A support's write: new support generations now and on commit, as ``watch_writes`` does
    for the content generation (a second write of the transaction whose generations nobody has
    read since needs none of its own)."""
    if not connection.in_atomic_block or scope not in getattr(_unread, "spaces", ()):
        bump_supports(*scope)
    if connection.in_atomic_block and not any(
        getattr(entry[1], "func", None) is _bump_supports_after_commit and entry[1].args == (scope,)
        for entry in connection.run_on_commit
    ):
        transaction.on_commit(
            functools.partial(_bump_supports_after_commit, scope), using=connection.alias
        )


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
    """The pages with a view restriction: in a request once, from the memo of the site
    generation (a restriction and a moved page are writes that renew it); else on every call."""
    from wagtail.models import PageViewRestriction

    def read() -> list:
        return [r.page for r in PageViewRestriction.objects.select_related("page")]

    memo = _request_restrictions.get()
    if memo is None:
        return read()
    if not memo:
        memo.append(memoize("view_restrictions", read))
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


# What supports a page shows


class ShownSupports:
    """The supports the page being rendered shows: of all ideas (the default), or, once its
    view said so (``shows_only_declared_supports``), only of the spaces and ideas named, and
    of the ideas whose number it shows in a count element (``shows_support_count``)."""

    def __init__(self):
        self.scoped = False
        self.spaces: set[int] = set()
        self.ideas: set[int] = set()
        self.counted: set[int] = set()
        self.own: dict[int, bool] = {}


_shown: contextvars.ContextVar[ShownSupports | None] = contextvars.ContextVar(
    "shown_supports", default=None
)


def shows_only_declared_supports() -> None:
    """Called by a view whose page shows supports (counts, order, a citizen's own support) of
    no ideas but those it names (``shows_support_count``, ``shows_own_support``,
    ``shows_supports_of_idea``) and those of the spaces it names (``shows_supports_of``): its
    stored copy is then kept when somebody supports an idea elsewhere. A view that does not
    call it depends on every support (statistics)."""
    shown = _shown.get()
    if shown is not None:
        shown.scoped = True


def shows_supports_of(space_id: int) -> None:
    """The page being rendered shows supports of any idea in this space in a way that is not
    only a number (a list ordered by supports): every support there renders it again."""
    shown = _shown.get()
    if shown is not None:
        shown.spaces.add(space_id)


def shows_supports_of_idea(idea_id: int) -> None:
    """The page being rendered shows the supports of this idea in a way that is not only a
    number (``shows_support_count``) or the reader's own support (``shows_own_support``):
    every support of it renders the page again."""
    shown = _shown.get()
    if shown is not None:
        shown.ideas.add(idea_id)


def shows_support_count(idea_id: int) -> None:
    """The page being rendered shows the number of supports of this idea as the whole text of
    an element marked ``data-supports-of="<id>"`` (an idea card, the idea page's count), and
    nothing else that a support of it changes, unless said otherwise (``shows_own_support``,
    ``shows_supports_of``). After such a support, its stored copy gets the new number put
    into those elements instead of being rendered again (``refilled``)."""
    shown = _shown.get()
    if shown is not None:
        shown.counted.add(idea_id)


def shows_own_support(idea_id: int, supports: bool) -> None:
    """The page being rendered shows whether its reader supports this idea (a pressed button):
    its stored copy gets new numbers only while that is still so."""
    shown = _shown.get()
    if shown is not None:
        shown.own[idea_id] = bool(supports)


def generations_before(found: dict) -> dict[str, str]:
    """The content generation and that of all supports, from what ``_find`` read (or read now,
    if the cache had none): read before the view, a page is stored under these."""
    return {
        GENERATION_KEY: found.get(GENERATION_KEY) or generation(),
        SUPPORTS_KEY: found.get(SUPPORTS_KEY) or supports_generation(),
    }


def _support_dependencies(before: str, shown: ShownSupports) -> dict | None:
    """The support generations a rendered page is stored with, or None when it must not be
    stored: a support was written while it was rendered.

    The generation of all supports (``before``) was read before the view read anything; those of
    single spaces can only be read now, after the rendering. That is safe only if no support
    was written in between: every support renews the generation of all supports, so it must
    still be the one read before."""
    if not shown.scoped:
        return {SUPPORTS_KEY: before}
    ideas = shown.ideas | shown.counted | set(shown.own)
    keys = [
        SUPPORTS_KEY,
        *(supports_key(space) for space in sorted(shown.spaces)),
        *(idea_supports_key(idea) for idea in sorted(ideas)),
    ]
    now = _current_many(keys)
    if now[SUPPORTS_KEY] != before:
        return None
    return {key: now[key] for key in keys[1:]}


def _is_current(entry: dict, found: dict) -> bool:
    """Whether a stored page is still current: its content generation and every support
    generation it depends on (read as needed into ``found``), and not expired."""
    return _stale_numbers(entry, found) == []


# New numbers of supports put into a stored page

#: Registered by the ideas app (``register_support_numbers``): ``read(idea ids, user id or
#: None)`` gives ``{idea id: (number of supports, whether that user supports it)}`` in one
#: query, and ``label(number)`` the text of a count element.
_numbers: tuple[Callable, Callable] | None = None

#: A count element (``shows_support_count``): its start tag and the text that follows. User
#: text is escaped and rich text keeps no ``data-`` attributes, so neither can contain one.
_COUNT_ELEMENT = {
    bytes: re.compile(rb'(data-supports-of="(\d+)"[^<>]*>)[^<]*'),
    str: re.compile(r'(data-supports-of="(\d+)"[^<>]*>)[^<]*'),
}


def register_support_numbers(read: Callable, label: Callable) -> None:
    """How to read the current numbers of supports and how to show one (see ``refilled``)."""
    global _numbers
    _numbers = (read, label)


def refill_fields(shown: ShownSupports) -> dict:
    """What a page's entry keeps so that new numbers of supports can be put in (``refilled``):
    the ideas whose count elements and whose reader's own support are all it shows of their
    supports, what that reader's support was, and the language of the labels."""
    if not shown.scoped:
        return {}
    ideas = sorted((shown.counted | set(shown.own)) - shown.ideas)
    if not ideas:
        return {}
    return {
        "refill": ideas,
        "own": {idea: shown.own[idea] for idea in ideas if idea in shown.own},
        "language": translation.get_language(),
    }


def _stale_numbers(entry: dict, found: dict) -> list[int] | None:
    """The ideas whose numbers of supports are all that is out of date in a stored page (none
    when it is current), or None when more is (read as needed into ``found``)."""
    if entry.get("generation") != found.get(GENERATION_KEY):
        return None
    if entry.get("expires", math.inf) < time.time():
        return None
    depends = entry.get("supports")
    if depends is None:
        return None  # stored before pages said what supports they show
    missing = [key for key in depends if key not in found]
    if missing:
        found.update(generations(missing))
    stale = [key for key, value in depends.items() if found.get(key) != value]
    if not stale:
        return []
    refillable = {idea_supports_key(idea): idea for idea in entry.get("refill", ())}
    if any(key not in refillable for key in stale):
        return None
    return [refillable[key] for key in stale]


def refilled(key: str, entry: dict, found: dict, user_id=None) -> dict | None:
    """A stored page as it is to be served now: ``entry`` while it is current; else, when only
    numbers of supports of its ideas changed since it was rendered (not whether its reader
    supports them: ``user_id``), a copy with the new numbers put into its count elements,
    stored under ``key`` in place of it; else None (the page is rendered).

    One query instead of a rendering (30 to 60 ms at city scale) after a support, the most
    frequent change during a campaign, for every page kept: for anonymous readers, per session
    and shared by citizens. The generations in ``found`` were read before the query: a support
    committed after them makes the copy out of date again, never current with an old number."""
    ideas = _stale_numbers(entry, found)
    if not ideas:
        return entry if ideas is not None else None
    own = entry.get("own", {})
    asks_own = any(idea in own for idea in ideas)
    if _numbers is None or (asks_own and user_id is None):
        return None
    read, label = _numbers
    numbers = read(ideas, user_id if asks_own else None)
    if any(idea not in numbers for idea in ideas):
        return None  # deleted meanwhile
    if any(numbers[idea][1] != own[idea] for idea in ideas if idea in own):
        return None  # the reader supported it or took it back: their button changes too
    with translation.override(entry.get("language")):
        labels = {idea: str(escape(label(numbers[idea][0]))) for idea in ideas}
    content = entry["content"]
    kind = type(content)
    if kind is bytes:
        labels = {idea: text.encode() for idea, text in labels.items()}

    def put(match: re.Match) -> str | bytes:
        text = labels.get(int(match.group(2)))
        return match.group(0) if text is None else match.group(1) + text

    content = _COUNT_ELEMENT[kind].sub(put, content)
    modified = int(time.time())
    new = {
        **entry,
        "content": content,
        "supports": {name: found[name] for name in entry["supports"]},
        "headers": _renewed_headers(entry["headers"], content, modified),
    }
    if entry.get("modified") is not None:
        new["modified"] = modified
    _store(key, new, max(1, math.ceil(entry.get("expires", time.time()) - time.time())))
    return new


def _renewed_headers(headers: list, content: str | bytes, modified: int) -> list:
    """Stored headers for new content: its length, its ETag and the time it changed."""
    body = content if isinstance(content, bytes) else content.encode()
    renewed = []
    for name, value in headers:
        lower = name.lower()
        if lower == "content-length":
            value = str(len(body))
        elif lower == "etag":
            value = f'"{hashlib.md5(body).hexdigest()}"'
        elif lower == "last-modified":
            value = http_date(modified)
        renewed.append((name, value))
    return renewed


# Copies in this process


class LocalCopies:
    """The entries this process served lately, at most ``max_bytes`` of pages, oldest out first.

    A copy is used only when its generation is still the current one: as this process knows it
    from the published generations (``home.generation_watch``), without a round trip, or else
    read from the shared cache, which moves a few bytes instead of the whole page."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self._entries: collections.OrderedDict[str, dict] = collections.OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: str) -> dict | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def put(self, key: str, entry: dict) -> None:
        size = len(entry["content"])
        if size > self.max_bytes // 4:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= len(old["content"])
            self._entries[key] = entry
            self._bytes += size
            while self._bytes > self.max_bytes:
                _key, dropped = self._entries.popitem(last=False)
                self._bytes -= len(dropped["content"])

    def discard(self, key: str) -> None:
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= len(old["content"])


@functools.lru_cache(maxsize=1)
def _copies(max_bytes: int) -> LocalCopies:
    return LocalCopies(max_bytes)


def local_copies() -> LocalCopies | None:
    """This process's copies (``PAGE_CACHE_LOCAL_BYTES``; None when that is 0)."""
    max_bytes = getattr(settings, "PAGE_CACHE_LOCAL_BYTES", 0)
    return _copies(max_bytes) if max_bytes > 0 else None


def _find(key: str, also: list[str]) -> tuple[dict, dict | None]:
    """The generations and the ``also`` keys from the shared cache in one round trip, and the
    entry under ``key``: this process's copy while it is current, else the shared one. Without
    ``also``, a copy whose generations this process knows to be current needs no round trip."""
    copies = local_copies()
    copy = copies.get(key) if copies is not None else None
    if copy is not None and not also:
        known = _known_generations([GENERATION_KEY, SUPPORTS_KEY, *(copy.get("supports") or ())])
        if known is not None and _is_current(copy, known):
            return known, copy  # no round trip at all
    keys = [GENERATION_KEY, SUPPORTS_KEY, *also]
    found = _cache_get_many(keys if copy is not None else [*keys, key])
    if copy is not None:
        if _is_current(copy, found):
            return found, copy
        copies.discard(key)
        found.update(_cache_get_many([key]))
    entry = found.get(key)
    if entry is not None and copies is not None:
        copies.put(key, entry)
    return found, entry


def within_budget(kind: str, size: int) -> bool:
    """Count ``size`` bytes about to be stored as ``kind`` against its budget for the current
    window; whether they still fit. False while the cache is unreachable.

    Three kinds of entries have keys a visitor can multiply at will: pages under URLs with a
    query string (``?page=1``, ``?page=2``, ...; counted with them: the pages shared by citizens,
    ``home.citizen_pages``), the pages kept for one session, and comments
    rendered once for all thread pages (one per comment and state, up to 200,000 and more; a
    crawler reaches them all). Redis has no eviction policy (allauth's used one-time codes
    live there), so without a bound a visitor could fill it, and with it every limit would fail
    open. Each kind gets a budget of bytes per window (``PAGE_CACHE_VARIANT_BUDGET`` and
    ``PAGE_CACHE_COMMENT_BUDGET`` per ``VARIANT_WINDOW``, ``PAGE_CACHE_PERSONAL_BUDGET`` per
    ``PAGE_CACHE_PERSONAL_TIMEOUT``), and its entries live
    at most one window: together they never hold more than twice their budgets. Beyond the
    budget, pages are rendered and served as usual, only not kept.
    """
    if kind == "variant":
        budget, window = settings.PAGE_CACHE_VARIANT_BUDGET, VARIANT_WINDOW
    elif kind == "comment":
        budget, window = settings.PAGE_CACHE_COMMENT_BUDGET, VARIANT_WINDOW
    else:
        budget, window = settings.PAGE_CACHE_PERSONAL_BUDGET, max(1, personal_timeout())
    key = f"pagecache:budget:{kind}:{window}:{int(time.time() // window)}"
    if _without_cache():
        return False
    try:
        [spent] = add_in_windows(cache, [(key, 2 * window, size)])
    except CACHE_ERRORS as error:
        cache_unavailable("the page cache", error)
        return False
    return spent <= budget


def rendered_pieces(
    items: list,
    keys: list[str],
    render: Callable[[object], str],
    timeout: int,
    *,
    versions: list | None = None,
    budget: str | None = None,
) -> list[str]:
    """The HTML of each of ``items`` (idea cards, comments), shared by all processes: what is
    stored under its key in ``keys`` (with ``versions``: only if stored with the item's
    version, so that a new rendering replaces the old one under the same key), else
    ``render(item)``, which is then stored for ``timeout`` seconds (with ``budget``: only
    within that kind's budget, see ``within_budget``). One ``get_many`` and at most one
    ``set_many``; items with the same key are rendered once."""
    found = cache.get_many(list(set(keys)))
    fresh: dict[str, str] = {}
    stored: dict = {}
    pieces = []
    for position, (item, key) in enumerate(zip(items, keys, strict=True)):
        html = found.get(key)
        if versions is not None:
            version = versions[position]
            html = html[1] if html is not None and html[0] == version else None
        if html is None:
            html = fresh.get(key)
        if html is None:
            html = fresh[key] = render(item)
            stored[key] = html if versions is None else (versions[position], html)
        pieces.append(html)
    if stored and (budget is None or within_budget(budget, sum(map(len, fresh.values())))):
        cache.set_many(stored, timeout)
    return pieces


def _store(key: str, entry: dict, timeout: int) -> None:
    """Store a page for ``timeout`` seconds, in the shared cache and as this process's copy.
    The copy ends with the shared entry (``_is_current``): pages with forms carry a time stamp
    that django-comments refuses after two hours, however long nothing else changed."""
    entry["expires"] = time.time() + timeout
    _cache_set(key, entry, timeout)
    copies = local_copies()
    if copies is not None and not skip_cache():
        copies.put(key, entry)


# The query parameters pages read


#: Filled at start-up by the apps whose pages read them (``read_query_params``).
_QUERY_PARAMS: set[str] = set()


def read_query_params(*names: str) -> None:
    """Declare query parameters that pages of ``PAGE_CACHE_VIEWS`` read: a list's filters, its
    page number, a thread's page and order. Every other parameter is taken out of the request
    before these views run (``canonical_query``). Called by each app in ``ready()``."""
    _QUERY_PARAMS.update(names)


def canonical_query(query: bytes, encoding: str = "utf-8") -> str:
    """The query string as the pages read it: only declared parameters, each once with the
    value a view reads (``QueryDict.get``: the last), without empty ones (a filter form sends
    its empty fields, and every page reads an empty value as none), sorted by name.

    Two URLs that show the same page so get the same key, and what is not in the key never
    reaches the page: a parameter the page ignored could still be copied into its links, and
    through the cache into everybody's copy."""
    given = QueryDict(query, encoding=encoding)
    kept = QueryDict(mutable=True, encoding=encoding)
    for name in sorted(_QUERY_PARAMS.intersection(given)):
        value = given[name]
        if value != "":
            kept[name] = value
    return kept.urlencode()


def _canonicalise(request: HttpRequest) -> None:
    """Give the view of a cached page only the query it reads (``canonical_query``)."""
    encoding = request.encoding or settings.DEFAULT_CHARSET
    raw = get_bytes_from_wsgi(request.META, "QUERY_STRING", "")
    canonical = canonical_query(raw, encoding)
    if canonical.encode() != raw:
        request.META["QUERY_STRING"] = canonical
        request.GET = QueryDict(canonical, encoding=encoding)


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


#: The local date with the time span it lasts (Unix timestamps) and its time zone.
_today = threading.local()


def _local_today() -> datetime.date:
    """``timezone.localdate()``, computed once per day and time zone (a hit asks for it)."""
    now = time.time()
    zone = timezone.get_current_timezone()
    known = getattr(_today, "value", None)
    if known is not None and known[2] is zone and known[0] <= now < known[1]:
        return known[3]
    local = timezone.localtime(timezone.now(), zone)
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    start = midnight.timestamp()
    end = (midnight + datetime.timedelta(days=1)).timestamp()
    _today.value = (start, end, zone, local.date())
    return local.date()


def cache_key(request: HttpRequest, today: datetime.date | None = None) -> str:
    """The key of a page: today's date, the full URL and the kind of answer.

    The generation is not part of the key but of the entry: one ``MGET`` of the generation and
    the entry answers a hit in a single round trip to the cache."""
    today = today or _local_today()
    # Scripts that ask the same URL for JSON or a fragment get an entry of their own. (Read
    # from META: ``request.headers`` would parse every header of the request first.)
    meta = request.META
    variant = "json" if "application/json" in meta.get("HTTP_ACCEPT", "") else "html"
    variant += ":" + meta.get("HTTP_X_REQUESTED_WITH", "")
    url = f"{variant} {request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(url.encode()).hexdigest()[:32]
    return f"pagecache:page:{today.isoformat()}:{digest}"


def _has_session_cookie(request: HttpRequest) -> bool:
    return settings.SESSION_COOKIE_NAME in request.COOKIES


#: Session keys as Django makes them (``SessionBase._get_new_session_key``).
_SESSION_KEY = re.compile(r"[a-z0-9]{32}")


@functools.lru_cache(maxsize=4)
def _session_cache_prefix(engine: str, alias: str) -> str | None:
    """The cache key prefix of sessions kept in the page cache's cache, or None."""
    store = importlib.import_module(engine).SessionStore
    prefix = getattr(store, "cache_key_prefix", None)
    return prefix if alias == "default" else None


def personal_timeout() -> int:
    """How long a logged-in citizen's page is kept (seconds); 0 when they are not cached."""
    if not getattr(settings, "PAGE_CACHE_ENABLED", True):
        return 0
    return getattr(settings, "PAGE_CACHE_PERSONAL_TIMEOUT", 0)


def personal_cache_key(request: HttpRequest, today: datetime.date | None = None) -> str:
    """The key of a page kept for one session: the page's key, the session and CSRF cookies."""
    cookies = "|".join(
        request.COOKIES.get(name, "")
        for name in (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME)
    )
    digest = hashlib.sha256(f"{cache_key(request, today)} {cookies}".encode()).hexdigest()[:32]
    return f"pagecache:personal:{digest}"


def session_digest(data) -> str | None:
    """A fingerprint of a session's data; None when there is none (ended or expired)."""
    if not data:
        return None
    return hashlib.sha256(repr(sorted(data.items())).encode()).hexdigest()


def _eligible_view(request: HttpRequest) -> bool:
    return _view_name(request) in settings.PAGE_CACHE_VIEWS


def _sets_new_cookie(request: HttpRequest, response: HttpResponse, *, personal: bool) -> bool:
    """Whether the answer sets a cookie. For a page of one session, the CSRF cookie sent again
    unchanged (Django renews its expiry whenever a page uses a token) does not count."""
    for name, morsel in response.cookies.items():
        renewed = name == settings.CSRF_COOKIE_NAME and morsel.value == request.COOKIES.get(name)
        if not (personal and renewed):
            return True
    return False


def _unchanged_answer(request: HttpRequest, response: HttpResponse, *, personal: bool) -> bool:
    """A 200 that set no new cookie and left the session and the messages as they were."""
    if response.status_code != 200 or response.streaming:
        return False
    if _sets_new_cookie(request, response, personal=personal):
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    storage = getattr(request, "_messages", None)
    return storage is None or not getattr(storage, "_queued_messages", None)


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    if not _unchanged_answer(request, response, personal=False):
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False  # the page carries a CSRF token: it belongs to this visitor only
    session = getattr(request, "session", None)
    if session is not None and session.keys():
        return False
    if not is_shared_reader(request):
        return False
    control = response.get("Cache-Control", "").lower()
    return not any(word in control for word in ("private", "no-store", "no-cache"))


def keep_no_personal_copy(request: HttpRequest) -> None:
    """The answer comes from a copy shared with others (``home.citizen_pages``): it is not kept
    once more for this session, where it would only use up ``PAGE_CACHE_PERSONAL_BUDGET``."""
    request._page_cache_personal_key = None


def _personal_digest(request: HttpRequest, response: HttpResponse) -> str | None:
    """The session fingerprint to store a logged-in citizen's page under, or None."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.is_staff or user.is_superuser:
        return None
    if not _unchanged_answer(request, response, personal=True):
        return None
    session = request.session
    if session.session_key != request.COOKIES.get(settings.SESSION_COOKIE_NAME):
        return None
    control = response.get("Cache-Control", "").lower()
    if any(word in control for word in ("no-store", "no-cache")):
        return None
    return session_digest(dict(session.items()))


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
        if (
            request.META.get("QUERY_STRING")
            and request.method in ("GET", "HEAD")
            and _eligible_view(request)
        ):
            _canonicalise(request)
        if self._lookup(request):
            return self._hit(request)
        token = _request_restrictions.set([])
        shown = ShownSupports()
        shown_token = _shown.set(shown)
        try:
            response = self.get_response(request)
        finally:
            _shown.reset(shown_token)
            _request_restrictions.reset(token)
        return self._after(request, response, shown)

    def _lookup(self, request: HttpRequest) -> bool:
        """Whether the page is in the cache; remembers key and generation for storing."""
        if request.method not in ("GET", "HEAD") or not getattr(
            settings, "PAGE_CACHE_ENABLED", True
        ):
            return False
        if not _eligible_view(request):
            return False
        if len(request.get_full_path()) > settings.PAGE_CACHE_MAX_URL_LENGTH:
            return False
        if _has_session_cookie(request):
            return self._lookup_personal(request)
        key = cache_key(request)
        found, entry = _find(key, [])
        request._page_cache_key = key
        self._remember_generations(request, found)
        entry = refilled(key, entry, found) if entry is not None else None
        if entry is None:
            return False
        request._page_cache_entry = entry
        return True

    @staticmethod
    def _remember_generations(request: HttpRequest, found: dict) -> None:
        """The generations before the view reads anything: a page is stored under these."""
        before = generations_before(found)
        request._page_cache_generation = before[GENERATION_KEY]
        request._page_cache_supports = before[SUPPORTS_KEY]

    def _lookup_personal(self, request: HttpRequest) -> bool:
        """Whether this session's page is in the cache, unchanged; remembers what storing needs."""
        session_key = request.COOKIES[settings.SESSION_COOKIE_NAME]
        prefix = _session_cache_prefix(settings.SESSION_ENGINE, settings.SESSION_CACHE_ALIAS)
        if prefix is None or not personal_timeout() or not _SESSION_KEY.fullmatch(session_key):
            return False
        key = personal_cache_key(request)
        found, entry = _find(key, [prefix + session_key])
        request._page_cache_personal_key = key
        self._remember_generations(request, found)
        if entry is None:
            return False
        session = found.get(prefix + session_key)
        digest = session_digest(session)
        if digest is None or entry.get("session") != digest:
            return False
        entry = refilled(key, entry, found, session.get("_auth_user_id"))
        if entry is None:
            return False
        request._page_cache_entry = entry
        return True

    def _hit(self, request: HttpRequest) -> HttpResponse:
        entry = request._page_cache_entry
        response = HttpResponse(entry["content"], status=entry["status"])
        # The stored headers were checked and encoded when the page was rendered: copied as
        # they are (set one by one, each is checked again, a third of what a hit costs).
        response.headers._store.update(
            {name.lower(): (name, value) for name, value in entry["headers"]}
        )
        if "HTTP_IF_NONE_MATCH" not in request.META and (
            "HTTP_IF_MODIFIED_SINCE" not in request.META
        ):
            return response
        # 304 to a matching If-None-Match or If-Modified-Since, as ConditionalGetMiddleware
        # answers pages that are rendered.
        return get_conditional_response(
            request,
            etag=response.get("ETag"),
            last_modified=entry["modified"],
            response=response,
        )

    def _after(
        self, request: HttpRequest, response: HttpResponse, shown: ShownSupports
    ) -> HttpResponse:
        key = getattr(request, "_page_cache_key", None)
        supports = None
        if key is not None and request.method == "GET" and _storable(request, response):
            supports = _support_dependencies(request._page_cache_supports, shown)
        if supports is not None:
            patch_cache_control(response, **CACHED_CONTROL)
            modified = int(time.time())
            response["Last-Modified"] = http_date(modified)
            if not response.has_header("ETag"):
                response["ETag"] = f'"{hashlib.md5(response.content).hexdigest()}"'
            entry = {
                "generation": request._page_cache_generation,
                "supports": supports,
                **refill_fields(shown),
                "status": response.status_code,
                "content": response.content,
                "modified": modified,
                "headers": [
                    (name, value)
                    for name, value in response.items()
                    if name.lower() not in _UNSTORED_HEADERS
                ],
            }
            if not request.META.get("QUERY_STRING"):
                _store(key, entry, settings.PAGE_CACHE_TIMEOUT)
            elif within_budget("variant", len(entry["content"])):
                _store(key, entry, min(settings.PAGE_CACHE_TIMEOUT, VARIANT_WINDOW))
            return response
        if "Cache-Control" not in response:
            user = getattr(request, "user", None)
            if _eligible_view(request) or (user is not None and user.is_authenticated):
                # A page for this visitor only (logged in, or with a form): browsers may keep
                # it, shared caches must not, and it is revalidated before every use.
                patch_cache_control(response, **PRIVATE_CONTROL)
        personal_key = getattr(request, "_page_cache_personal_key", None)
        if personal_key is not None and request.method == "GET":
            digest = _personal_digest(request, response)
            supports = (
                _support_dependencies(request._page_cache_supports, shown)
                if digest is not None
                else None
            )
            if supports is not None:
                entry = {
                    "generation": request._page_cache_generation,
                    "supports": supports,
                    **refill_fields(shown),
                    "session": digest,
                    "status": response.status_code,
                    "content": response.content,
                    "modified": None,
                    "headers": [
                        (name, value)
                        for name, value in response.items()
                        if name.lower() not in _UNSTORED_HEADERS
                    ],
                }
                if within_budget("personal", len(entry["content"])):
                    _store(personal_key, entry, personal_timeout())
        return response
