"""Pages shared by logged-in citizens, with their personal parts put in for each request.

A project page or an idea page looks the same for every logged-in citizen except where it
shows them: the account links in the header (their name, their unread news), the CSRF token of
the forms, and what they did there (a support, a follow, their own, liked or reported comments,
their own proposal). Rendering such a page costs 30 to 60 ms at city scale; the page kept per
session (``home.pagecache``) helps only the second time the same citizen opens it. So the first
citizen to open a page after a change renders it as usual, and it is kept once more as a
*citizen page*: with its account links and its CSRF token cut out. Every other citizen then gets
that page with their own account links and token put in, without the view running, as long as

- they are a plain citizen: active, no staff or superuser flag, no groups and no permissions of
  their own (they see exactly what every other citizen sees: nothing internal, no admin bar),
  asked in the same query as the facts;
- their session holds nothing but their login and consent (no messages, no unlocked pages);
- the page's view said that it names everything personal on it (``shareable``), and for each
  *fact* it named (``depends_on``: "follows this project", "supports, follows or wrote this
  proposal", "wrote, liked or reported one of these comments") the answer is no, for the
  citizen who rendered it as for this one. A citizen for whom one answer is yes gets the page
  rendered for them, as before. The answers are read from the database on every request, so a
  citizen's own support or comment shows at once;
- the content generation and the support generations the page depends on are still current
  (the page is stored like a page of the page cache, under the same key with ``:citizen``), or
  only numbers of supports changed, which are then put in (``pagecache.refilled``).

Apps register how to answer their facts (``register``); a page is only kept when the citizen
who rendered it answers no to all of them, and when putting their own account links back into
the kept page gives exactly the page they got (checked before storing). The answer is then a
plain 200, to which the middleware outside adds what it adds to every page (security headers,
ETag, the renewed CSRF cookie). It is not kept once more for the session: at 5 ms it is fast
enough, and a copy per citizen and page would use up the budget of kept pages
(``PAGE_CACHE_PERSONAL_BUDGET``) that the pages rendered for one citizen need.
"""

from __future__ import annotations

import contextvars
import functools
import re
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template import Context
from django.template.loader import get_template
from django.utils.module_loading import import_string
from django.utils.safestring import mark_safe

from home import pagecache

ACCOUNT_NAV_TEMPLATE = "components/account_nav_items.html"
#: Stands for the account links and the CSRF token in a kept page. Text from users is escaped
#: and rich text is cleaned of comments, so neither can contain these.
NAV_HOLE = "<!--citizen-page:account-nav:5b1e-->"
TOKEN_HOLE = "<!--citizen-page:csrf-token:5b1e-->"
_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"')
#: Part of the key: a release that cuts pages differently never reads older ones.
FORMAT = 1

#: What a citizen's session may hold for their page to be the shared one: the login (Django,
#: allauth's record of how they logged in) and the consent versions they agreed to.
PLAIN_SESSION_KEYS = frozenset(
    {
        "_auth_user_id",
        "_auth_user_backend",
        "_auth_user_hash",
        "account_authentication_methods",
        "account_authentication_methods_user",
        "consented_versions",
    }
)

#: A SELECT with its parameters, whose rows (if any) make a fact hold.
Rows = tuple[str, list]
#: kind -> check(user, *args): whether the page looks different for this user because of it,
#: as a bool or as ``Rows``. All of a page's rows are asked in one query with the user's roles:
#: this runs on every such request, where the ORM would cost more than the database.
_checks: dict[str, Callable[..., bool | Rows]] = {}


def register(kind: str, check: Callable[..., bool | Rows]) -> None:
    """How to answer a fact of ``kind`` for a user (apps register theirs when they are ready)."""
    _checks[kind] = check


#: Values of the reader that the account links show, asked with the facts (``also_ask``):
#: (a scalar SELECT for a user, what to do with the user and its answer).
_also: list[tuple[Callable[[object], Rows], Callable[[object, object], None]]] = []


def also_ask(select: Callable[[object], Rows], receive: Callable[[object, object], None]) -> None:
    """A value the account links show (the unread count), asked as a scalar subquery in the
    one query of a page's facts and given to ``receive(user, value)``: putting the reader's
    links into a shared page then needs no query of its own."""
    _also.append((select, receive))


class Collector:
    """What the view of the page being rendered said about it, and the account links rendered."""

    def __init__(self):
        self.shareable = False
        self.personal = False
        self.facts: list[tuple[str, tuple]] = []
        self.navs: list[str] = []


_collector: contextvars.ContextVar[Collector | None] = contextvars.ContextVar(
    "citizen_page", default=None
)


def shareable() -> None:
    """Called by a view that names with ``depends_on`` everything on its page that may look
    different for two plain citizens, besides the account links and the CSRF token."""
    collector = _collector.get()
    if collector is not None:
        collector.shareable = True


def depends_on(kind: str, *args) -> None:
    """The page being rendered looks different for a citizen for whom this fact holds."""
    collector = _collector.get()
    if collector is not None:
        collector.facts.append((kind, args))


def personal() -> None:
    """The page being rendered is made for its reader (for example "only my proposals")."""
    collector = _collector.get()
    if collector is not None:
        collector.personal = True


def account_nav(context) -> str:
    """The account links of the header, noted down for cutting them out of a kept page."""
    html = get_template(ACCOUNT_NAV_TEMPLATE).template.render(context)
    collector = _collector.get()
    if collector is not None:
        collector.navs.append(html)
    return mark_safe(html)  # rendered by the autoescaping template


def enabled() -> bool:
    return getattr(settings, "PAGE_CACHE_ENABLED", True) and getattr(
        settings, "CITIZEN_PAGES_ENABLED", True
    )


def _may_be_plain(user) -> bool:
    """Logged in, active, no staff or superuser flag (groups and permissions are asked with the
    facts, ``_roles``)."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and not user.is_staff
        and not user.is_superuser
    )


def _roles(user) -> list[Rows]:
    """A group or a permission of the user's own: then they are no plain citizen."""
    rows = []
    for field in ("groups", "user_permissions"):
        through = get_user_model()._meta.get_field(field).remote_field.through._meta
        column = through.get_field("user").column
        rows.append((f'SELECT 1 FROM "{through.db_table}" WHERE "{column}" = %s', [user.pk]))
    return rows


def _has_plain_session(request: HttpRequest) -> bool:
    session = getattr(request, "session", None)
    if session is None or not set(session.keys()) <= PLAIN_SESSION_KEYS:
        return False
    storage = getattr(request, "_messages", None)
    return storage is None or len(storage) == 0


def _qualifies(request: HttpRequest) -> bool:
    return (
        request.method == "GET"
        and enabled()
        and pagecache._eligible_view(request)
        and len(request.get_full_path()) <= settings.PAGE_CACHE_MAX_URL_LENGTH
        and _may_be_plain(getattr(request, "user", None))
        and _has_plain_session(request)
    )


def cache_key(request: HttpRequest) -> str:
    return f"{pagecache.cache_key(request)}:citizen:{FORMAT}"


def _any_holds(user, facts) -> bool:
    """Whether the user has a role or one of the facts holds for them (an unknown kind counts
    as holding): one query, which also asks the values of ``also_ask``."""
    rows = _roles(user)
    for kind, args in facts:
        check = _checks.get(kind)
        if check is None:
            return True
        answer = check(user, *args)
        if isinstance(answer, tuple):
            rows.append(answer)
        elif answer:
            return True
    sql = " OR ".join(f"EXISTS ({select})" for select, _params in rows)
    values = [select(user) for select, _receive in _also]
    sql += "".join(f", ({select})" for select, _params in values)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {sql}", [param for _select, params in rows + values for param in params]
        )
        answer = cursor.fetchone()
    for (_select, receive), value in zip(_also, answer[1:], strict=True):
        receive(user, value)
    return bool(answer[0])


def _own_nav(request: HttpRequest, token: str) -> str:
    """This request's account links (with ``token``) with the CSRF token cut out. Rendered with
    only the context processors the template needs (``CITIZEN_PAGES_NAV_CONTEXT``)."""
    context = {"csrf_token": token}
    for processor in _nav_processors(tuple(settings.CITIZEN_PAGES_NAV_CONTEXT)):
        context.update(processor(request))
    html = get_template(ACCOUNT_NAV_TEMPLATE).template.render(Context(context))
    return _TOKEN.sub(f'name="csrfmiddlewaretoken" value="{TOKEN_HOLE}"', html)


@functools.lru_cache(maxsize=4)
def _nav_processors(paths: tuple[str, ...]) -> list[Callable]:
    return [import_string(path) for path in paths]


def _cut(request: HttpRequest, content: str, collector: Collector) -> str | None:
    """The page with the account links and the CSRF tokens cut out, or None if they cannot be
    cut out exactly (then the page is not kept)."""
    tokens = set(_TOKEN.findall(content))
    for token in tokens:
        content = content.replace(token, TOKEN_HOLE)
    navs = set()
    for nav in collector.navs:
        for token in tokens:
            nav = nav.replace(token, TOKEN_HOLE)
        navs.add(nav)
    if len(navs) != 1:
        return None
    [nav] = navs
    if content.count(nav) != len(collector.navs) or nav != _own_nav(request, get_token(request)):
        return None
    return content.replace(nav, NAV_HOLE)


def _filled(request: HttpRequest, content: str) -> str:
    token = get_token(request)
    return content.replace(NAV_HOLE, _own_nav(request, token)).replace(TOKEN_HOLE, token)


class CitizenPageMiddleware:
    """Answers a plain citizen with the page another citizen rendered, their parts put in;
    keeps such pages. Last in the list: the session, the user, the consent and the CSRF
    middleware have done their work."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _qualifies(request):
            return self.get_response(request)
        key = cache_key(request)
        found, entry = pagecache._find(key, [])
        if entry is not None:
            entry = pagecache.refilled(key, entry, found, request.user.pk)
        if entry is not None and not _any_holds(request.user, entry["facts"]):
            return self._hit(request, entry)
        before = pagecache.generations_before(found)
        collector = Collector()
        token = _collector.set(collector)
        try:
            response = self.get_response(request)
        finally:
            _collector.reset(token)
        self._keep(request, response, collector, key, before)
        return response

    @staticmethod
    def _hit(request: HttpRequest, entry: dict) -> HttpResponse:
        spaces = entry["spaces"]
        if spaces is not None:  # what the page kept for this session depends on
            pagecache.shows_only_declared_supports()
            for space in spaces:
                pagecache.shows_supports_of(space)
            for idea in entry.get("ideas", ()):
                pagecache.shows_supports_of_idea(idea)
            for idea in entry.get("refill", ()):
                pagecache.shows_support_count(idea)
            for idea, supports in entry.get("own", {}).items():
                pagecache.shows_own_support(idea, supports)
        pagecache.keep_no_personal_copy(request)
        response = HttpResponse(_filled(request, entry["content"]), status=200)
        for name, value in entry["headers"]:
            response[name] = value
        return response

    @staticmethod
    def _keep(request, response, collector: Collector, key: str, before: dict) -> None:
        if not collector.shareable or collector.personal or not collector.navs:
            return
        if response.status_code != 200 or response.streaming or response.cookies:
            return
        if "text/html" not in response.get("Content-Type", ""):
            return
        if request.session.modified or not _has_plain_session(request):
            return
        if _any_holds(request.user, collector.facts):
            return
        shown = pagecache._shown.get()
        if shown is None:
            return
        supports = pagecache._support_dependencies(before[pagecache.SUPPORTS_KEY], shown)
        if supports is None:
            return
        content = _cut(request, response.content.decode(response.charset), collector)
        if content is None:
            return
        entry = {
            "generation": before[pagecache.GENERATION_KEY],
            "supports": supports,
            "spaces": sorted(shown.spaces) if shown.scoped else None,
            "ideas": sorted(shown.ideas),
            **pagecache.refill_fields(shown),
            "facts": collector.facts,
            "content": content,
            "headers": [
                (name, value)
                for name, value in response.items()
                if name.lower() not in ("set-cookie", "content-length")
            ],
        }
        # Bounded like pages under a query string: a logged-in crawler walking every proposal
        # cannot fill Redis. (Kept at most 10 minutes, so the time stamp of the comment form,
        # which django-comments accepts for two hours, stays valid.)
        if pagecache.within_budget("variant", len(content)):
            timeout = min(settings.PAGE_CACHE_TIMEOUT, pagecache.VARIANT_WINDOW)
            pagecache._store(key, entry, timeout)
