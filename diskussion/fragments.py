"""Thread pages rendered once and shared by every viewer of the same kind ("hole punching").

Rendering a thread page (comments/thread_page.html: up to 20 threads with their first replies,
80 comments) costs far more than the queries behind it. Most of it is the same for every
reader: only the comments a user wrote, liked or reported look different for them ("(Sie)",
comment--own, Bearbeiten/Löschen, aria-pressed, "Gemeldet"). So the page is rendered once per

- content generation (``home.pagecache.generation()``: any write to public tables starts a new
  one, so a comment, an edit, a like, a report or a moderation never leaves a stale page; the
  generation is stored in the entry, not in its key, so a new rendering replaces the old one
  instead of leaving it in Redis until it expires),
- commented object, query string (page, order, unfolded thread, and the other parameters the
  page links keep), language and time zone,
- viewer kind: logged in or not, and whether the viewer may comment. Nothing else changes the
  shared rendering; moderators and staff see the same thread as other readers,

without anything personal, with a marker around each comment, and stored in the shared cache
as pieces: the HTML between the comments and each comment's HTML, with each comment's author
and counters. For a request, one query reads this user's likes and reports of the page's
comments; only the comments they wrote, liked or reported are read (one more query) and
rendered again (``services.personal_nodes``) and put in place of the shared ones. The markers never
reach the page: the result is byte for byte what rendering the page for this user gives.

No CSRF token is in a thread page (the like buttons submit the one form of section.html, the
reply form is a template outside it), so nothing in the cache belongs to one visitor.

Each comment's own HTML (comments/comment.html, most of a thread page's rendering time) is kept
too, under a digest of exactly what the template reads of it (``COMMENT_INPUTS``), the
language, the time zone and the template's source (``render_comments``). It stays valid across
generations: after a support elsewhere, a thread page is put together again from the comments
rendered before, and only a comment that was liked, edited, removed or whose author was renamed
is rendered anew, because its inputs, and so its key, changed. A personal rendering (own,
liked, reported) has such inputs too, so it is only ever found by a viewer for whom they are
the same. These entries live ``VARIANT_WINDOW`` at most and count against
``PAGE_CACHE_COMMENT_BUDGET``: a crawler walking every thread cannot fill Redis with them.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import QueryDict
from django.template.loader import get_template
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

from home import citizen_pages
from home.pagecache import VARIANT_WINDOW, generation, rendered_pieces, within_budget

from . import services
from .ids import parse_id

THREAD_PAGE_TEMPLATE = "comments/thread_page.html"
COMMENT_TEMPLATE = "comments/comment.html"

#: Set in the template context while rendering for the cache: thread.html then marks each
#: comment with these (the text of comments is escaped, so it cannot contain them).
HOLES = "fragment_holes"
#: Part of the key: a new release that stores entries differently never reads older ones.
FORMAT = 4
#: What comments/comment.html reads of a node (``node.<name>``) and of its comment
#: (``node.comment.<name>``): the key of a comment's rendering. A test checks the template
#: reads nothing else.
COMMENT_INPUTS = (
    "pk",
    "anchor",
    "is_visible",
    "status",
    "removal_reason",
    "own",
    "author",
    "parent_author",
    "edited_at",
    "html",
    "can_reply",
    "can_like",
    "like_count",
    "liked",
    "can_edit",
    "can_delete",
    "can_flag",
    "flagged",
)
COMMENT_FIELDS = ("submit_date",)
_HOLE = re.compile(r"<!--hole:(\d+)-->(.*?)<!--/hole-->", re.DOTALL)


def enabled() -> bool:
    """Whether thread pages are shared through the cache (off with the page cache)."""
    return getattr(settings, "PAGE_CACHE_ENABLED", True) and getattr(
        settings, "THREAD_FRAGMENT_CACHE_ENABLED", True
    )


@dataclass
class ThreadPage:
    """A thread page for one viewer: its HTML and what the rest of the section needs."""

    html: SafeString
    count: int
    page: int
    num_pages: int


def viewer_kind(user, can_comment: bool) -> str:
    """What changes the shared rendering of a thread page for a viewer."""
    return f"{'user' if user.is_authenticated else 'anon'}-{'write' if can_comment else 'read'}"


def cache_key(target, query: QueryDict, user, can_comment: bool) -> str:
    """The key of a thread page in the shared cache; see the module docstring for the parts."""
    path = target.get_absolute_url()
    parts = "\n".join(
        [
            type(target)._meta.label_lower,
            str(target.pk),
            path,
            query.urlencode(),
            viewer_kind(user, can_comment),
            translation.get_language() or "",
            timezone.get_current_timezone_name(),
        ]
    )
    digest = hashlib.sha256(parts.encode()).hexdigest()[:32]
    return f"discussion:thread:{FORMAT}:{digest}"


def render_thread_page(thread: services.Thread, links, holes: bool = False) -> str:
    """comments/thread_page.html for a thread; with ``holes``, each comment marked."""
    render_comments(list(_walk(thread.nodes)))
    context = {"thread": thread, "links": links}
    if holes:
        context[HOLES] = True
    return get_template(THREAD_PAGE_TEMPLATE).render(context)


def render_comment(node: services.CommentNode) -> str:
    """comments/comment.html for one comment."""
    return get_template(COMMENT_TEMPLATE).render({"node": node})


def _comment_prefix() -> str:
    source = get_template(COMMENT_TEMPLATE).template.source
    return ":".join(
        [
            f"discussion:comment:{FORMAT}",
            hashlib.sha256(source.encode()).hexdigest()[:16],
            translation.get_language() or "",
            timezone.get_current_timezone_name(),
        ]
    )


def comment_key(prefix: str, node: services.CommentNode) -> str:
    """The key of a comment's rendering: a digest of everything the template reads of it."""
    values = [getattr(node, name) for name in COMMENT_INPUTS]
    values += [getattr(node.comment, name) for name in COMMENT_FIELDS]
    return f"{prefix}:{hashlib.sha256(repr(values).encode()).hexdigest()[:32]}"


def render_comments(nodes: list[services.CommentNode]) -> None:
    """Set each node's ``rendered`` HTML (not its children's), from the cache where the same
    inputs were rendered before; see the module docstring."""
    if not enabled():
        for node in nodes:
            node.rendered = mark_safe(render_comment(node))
        return
    prefix = _comment_prefix()
    keys = [comment_key(prefix, node) for node in nodes]
    timeout = min(settings.PAGE_CACHE_TIMEOUT, VARIANT_WINDOW)
    pieces = rendered_pieces(nodes, keys, render_comment, timeout, budget="comment")
    for node, html in zip(nodes, pieces, strict=True):
        node.rendered = mark_safe(html)  # rendered by the autoescaping comment template


def _split(html: str) -> tuple[list[str], list[int], dict[int, str]]:
    """Marked HTML as the text around the comments, the comment ids and each comment's HTML."""
    between, ids, comments = [], [], {}
    position = 0
    for match in _HOLE.finditer(html):
        between.append(html[position : match.start()])
        pk = int(match.group(1))
        ids.append(pk)
        comments[pk] = match.group(2)
        position = match.end()
    between.append(html[position:])
    return between, ids, comments


def _walk(nodes):
    for node in nodes:
        yield node
        yield from _walk(node.children)


def _build(target, user, can_comment, query, make_links) -> dict:
    thread = services.build_thread(
        target,
        user,
        can_comment,
        page=query.get(services.PAGE_PARAM),
        order=query.get(services.ORDER_PARAM, services.DEFAULT_ORDER),
        expanded=_expanded(query),
        personal=False,
    )
    links = make_links(thread)
    between, ids, comments = _split(render_thread_page(thread, links, holes=True))
    nodes = list(_walk(thread.nodes))
    return {
        "between": between,
        "ids": ids,
        "comments": comments,
        "authors": {node.pk: node.comment.user_id for node in nodes if node.pk in comments},
        "counts": {
            node.pk: (node.like_count, node.flag_count) for node in nodes if node.pk in comments
        },
        "parent_authors": {node.pk: node.parent_author for node in nodes if node.parent_author},
        "count": thread.count,
        "page": thread.page,
        "num_pages": thread.num_pages,
    }


def _expanded(query: QueryDict) -> int | None:
    return parse_id(query.get(services.EXPAND_PARAM))


def thread_page(target, user, can_comment: bool, query: QueryDict, make_links) -> ThreadPage:
    """The rendered thread page of ``target`` for ``user``, shared through the cache.

    ``make_links(thread)`` gives the page's ThreadLinks (the template tag's URLs).
    """
    if not enabled():
        citizen_pages.personal()  # rendered with this user's marks
        thread = services.build_thread(
            target,
            user,
            can_comment,
            page=query.get(services.PAGE_PARAM),
            order=query.get(services.ORDER_PARAM, services.DEFAULT_ORDER),
            expanded=_expanded(query),
        )
        html = render_thread_page(thread, make_links(thread))
        return ThreadPage(mark_safe(html), thread.count, thread.page, thread.num_pages)
    key = cache_key(target, query, user, can_comment)
    # Read before rendering: what is rendered while a write starts a new generation is stored
    # under the old one, and never served again.
    current = generation()
    entry = cache.get(key)
    if entry is None or entry.get("generation") != current:
        entry = _build(target, user, can_comment, query, make_links)
        entry["generation"] = current
        if not query:
            cache.set(key, entry, settings.PAGE_CACHE_TIMEOUT)
        elif within_budget(
            "variant", sum(map(len, entry["between"])) + sum(map(len, entry["comments"].values()))
        ):
            # Under a query string a visitor can vary at will: bounded like such pages.
            cache.set(key, entry, min(settings.PAGE_CACHE_TIMEOUT, VARIANT_WINDOW))
    comments = entry["comments"]
    authors = tuple(sorted({pk for pk in entry["authors"].values() if pk is not None}))
    citizen_pages.depends_on("diskussion.thread", tuple(entry["ids"]), authors)
    personal = services.personal_nodes(target, user, can_comment, entry["authors"], entry["counts"])
    if personal:
        comments = dict(comments)
        for node in personal:
            node.parent_author = entry["parent_authors"].get(node.pk, "")
        render_comments(personal)
        for node in personal:
            comments[node.pk] = node.rendered
    between = entry["between"]
    pieces = [between[0]]
    for pk, text in zip(entry["ids"], between[1:], strict=True):
        pieces.append(comments[pk])
        pieces.append(text)
    return ThreadPage(
        html=mark_safe("".join(pieces)),  # rendered by the templates above, autoescaped
        count=entry["count"],
        page=entry["page"],
        num_pages=entry["num_pages"],
    )
