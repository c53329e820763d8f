"""Reading and changing comment threads."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Value
from django.dispatch import Signal
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django_comments.models import CommentFlag
from django_comments.views.moderation import perform_flag
from django_comments_xtd.models import (
    LIKEDIT_FLAG,
    XtdComment,
    max_thread_level_for_content_type,
)

from accounts.models import DELETED_ACCOUNT_NAME
from ideen.rules import space_notice

from .models import CommentState
from .text import render, sanitize

FLAG = CommentFlag.SUGGEST_REMOVAL

#: Sent in the transaction of a removal by moderation (``comment``, ``moderator``, ``target``):
#: its author is told why.
comment_removed = Signal()

#: Query parameters of the thread pages (German, like the site's other URLs).
PAGE_PARAM = "kommentare"
ORDER_PARAM = "reihenfolge"
EXPAND_PARAM = "antworten"
#: What a page with a thread reads from the query string (``pagecache.read_query_params``).
QUERY_PARAMS = (PAGE_PARAM, ORDER_PARAM, EXPAND_PARAM)


def author_name(comment: XtdComment) -> str:
    """The public name of a comment's author; never the e-mail address or user name."""
    if comment.user_id and comment.user:
        return comment.user.public_name
    return str(DELETED_ACCOUNT_NAME)


def closed_notice(target) -> str:
    """Why the target's space takes no comments now, in the words its page shows; '' if it does.

    A target is a space itself (a project page) or lives in one (an idea's ``space_page``); the
    space tells through the space protocol of ``ideen.models``.
    """
    space = getattr(target, "space_page", target)
    if getattr(space, "accepts_comments", True):
        return ""
    return space_notice(space, "comments")


def state_of(comment: XtdComment) -> CommentState | None:
    """The comment's state row, or None while nothing happened to it."""
    try:
        return comment.state
    except CommentState.DoesNotExist:
        return None


@dataclass
class CommentNode:
    """One comment in a rendered thread, with what the current user may do with it."""

    comment: XtdComment
    children: list[CommentNode] = field(default_factory=list)
    status: str = "visible"  # "visible", "deleted" or "removed"
    edited_at: datetime | None = None
    removal_reason: str = ""
    like_count: int = 0
    liked: bool = False
    flagged: bool = False
    flag_count: int = 0
    own: bool = False
    can_reply: bool = False
    can_edit: bool = False
    can_delete: bool = False
    can_like: bool = False
    can_flag: bool = False
    parent_author: str = ""
    hidden_replies: int = 0  # readable replies folded away under a top-level comment
    first_hidden: int = 0  # the first of them in reading order, where "more" lands
    more_url: str = ""  # the thread page with all of them (set by the template tag)
    rendered: str = ""  # comments/comment.html for it (set by diskussion.fragments)

    @property
    def pk(self) -> int:
        return self.comment.pk

    @property
    def anchor(self) -> str:
        return f"c{self.comment.pk}"

    @property
    def is_visible(self) -> bool:
        return self.status == "visible"

    @property
    def author(self) -> str:
        return author_name(self.comment)

    @property
    def html(self):
        return stored_html(self.comment)


#: Top-level comments per page of a thread, and replies shown under each before folding.
THREADS_PER_PAGE = 20
REPLIES_SHOWN = 3

OLDEST_FIRST = "aelteste"
NEWEST_FIRST = "neueste"
ORDERS = (OLDEST_FIRST, NEWEST_FIRST)
#: Oldest first, as threads have always been shown here: replies read in the order written.
DEFAULT_ORDER = OLDEST_FIRST


@dataclass
class Thread:
    """One page of the comments on an object as a tree, and how many comments can be read.

    ``nodes`` are the page's top-level comments; under each, replies beyond ``REPLIES_SHOWN``
    are folded (``CommentNode.hidden_replies``) unless its thread is ``expanded``.
    """

    nodes: list[CommentNode]
    count: int
    max_level: int
    page: int = 1
    num_pages: int = 1
    order: str = DEFAULT_ORDER
    expanded: int | None = None


def comments_for(target) -> QuerySet:
    """All comments on an object, in thread order, without annotations."""
    content_type = ContentType.objects.get_for_model(target)
    return XtdComment.objects.filter(
        content_type=content_type, object_pk=str(target.pk), site_id=settings.SITE_ID
    )


def _readable() -> Q:
    return Q(is_public=True, is_removed=False)


def _shown_root() -> Q:
    """A top-level comment that is shown: a deleted one only while it has replies."""
    replies = XtdComment.objects.filter(
        thread_id=OuterRef("thread_id"), is_public=True, level__gt=0
    )
    deleted_by_author = Q(is_removed=True) & (
        Q(state__isnull=True) | Q(state__removed_at__isnull=True)
    )
    return Q(is_public=True, level=0) & ~(deleted_by_author & ~Exists(replies))


def visible_count(target) -> int:
    """How many comments on the object can be read (not deleted, not removed)."""
    return comments_for(target).filter(_readable()).count()


def thread_roots(target) -> QuerySet:
    """The top-level comments shown on the object's pages (a deleted one only with replies)."""
    return comments_for(target).filter(_shown_root())


def build_thread(
    target,
    user,
    can_comment: bool,
    *,
    page: int | str | None = 1,
    order: str = DEFAULT_ORDER,
    expanded: int | None = None,
    personal: bool = True,
) -> Thread:
    """One page of an object's thread in a constant number of queries, whatever its size.

    ``page`` may come straight from the request: anything that is not a page number gives
    the first page, a number beyond the end the last one. With ``personal`` off, the thread is
    the one every viewer of the same kind sees (``diskussion.fragments``): nothing is the
    user's own, liked or reported by them.
    """
    content_type = ContentType.objects.get_for_model(target)
    max_level = max_thread_level_for_content_type(content_type)
    order = order if order in ORDERS else DEFAULT_ORDER
    # One query counts the readable comments and the threads, for the heading and the pages.
    totals = comments_for(target).aggregate(
        readable=Count("pk", filter=_readable()), threads=Count("pk", filter=_shown_root())
    )
    paginator = Paginator(range(totals["threads"]), THREADS_PER_PAGE)
    current = paginator.get_page(page)
    offset = (current.number - 1) * THREADS_PER_PAGE
    # The page's threads as a subquery of the comments query: one query for the whole page.
    # Sorted by an expression, not the bare column: with 200,000 comments PostgreSQL otherwise
    # walks the whole thread_id index looking for this object's few hundred roots (180 ms);
    # this way it reads them through the object's index and sorts them (1 ms).
    # A thread's id is its first comment's id: the order in which threads were started.
    position = F("thread_id") + 0
    page_threads = (
        thread_roots(target)
        .order_by(position.desc() if order == NEWEST_FIRST else position.asc())
        .values("thread_id")[offset : offset + THREADS_PER_PAGE]
    )

    authenticated = user.is_authenticated
    comments = (
        comments_for(target)
        .filter(is_public=True, thread_id__in=page_threads)
        .select_related("user", "content_type", "state")
        .annotate(**_annotations(user if personal else None))
        .order_by("thread_id", "order")
    )

    by_pk: dict[int, CommentNode] = {}
    roots: dict[int, CommentNode] = {}
    for comment in comments if totals["threads"] else []:
        node = _node(comment, user if personal else None, authenticated, can_comment, max_level)
        by_pk[comment.pk] = node
        if comment.parent_id == comment.pk or not comment.parent_id:
            roots[comment.thread_id] = node
        elif comment.parent_id in by_pk:
            parent = by_pk[comment.parent_id]
            node.parent_author = parent.author if parent.is_visible else ""
            parent.children.append(node)
        # A reply whose parent is not public is not shown either.

    nodes = _prune(sorted(roots.values(), key=lambda node: node.pk, reverse=order == NEWEST_FIRST))
    for node in nodes:
        if node.pk != expanded:
            _fold(node, REPLIES_SHOWN)
    return Thread(
        nodes=nodes,
        count=totals["readable"],
        max_level=max_level,
        page=current.number,
        num_pages=paginator.num_pages,
        order=order,
        expanded=expanded,
    )


def _annotations(user) -> dict:
    """Likes and reports of each comment, and whether ``user`` (None: nobody) gave them."""
    if user is not None and user.is_authenticated:
        mine = CommentFlag.objects.filter(comment=OuterRef("pk"), user=user)
        liked = Exists(mine.filter(flag=LIKEDIT_FLAG))
        flagged = Exists(mine.filter(flag=FLAG))
    else:
        liked = flagged = Value(False)
    return {
        "like_total": Count("flags", filter=Q(flags__flag=LIKEDIT_FLAG)),
        "flag_total": Count("flags", filter=Q(flags__flag=FLAG)),
        "liked_by_user": liked,
        "flagged_by_user": flagged,
    }


def _node(comment, user, authenticated: bool, can_comment: bool, max_level: int) -> CommentNode:
    """A comment of a thread page with what the viewer may do (``user`` None: nobody's own)."""
    state = state_of(comment)
    node = CommentNode(
        comment=comment,
        like_count=comment.like_total,
        liked=comment.liked_by_user,
        flagged=comment.flagged_by_user,
        flag_count=comment.flag_total,
        own=user is not None and authenticated and comment.user_id == user.pk,
    )
    if state:
        node.edited_at = state.edited_at
        if state.removed_at:
            node.status, node.removal_reason = "removed", state.removal_reason
        elif state.deleted_at or comment.is_removed:
            node.status = "deleted"
    elif comment.is_removed:
        node.status = "deleted"
    visible = node.is_visible
    node.can_reply = visible and can_comment and comment.level < max_level
    node.can_edit = visible and can_comment and node.own
    node.can_delete = visible and node.own
    node.can_like = visible and can_comment and not node.own
    node.can_flag = visible and authenticated and not node.own
    return node


def comment_marks(user, ids: tuple[int, ...], authors: tuple[int, ...]) -> bool | tuple:
    """Whether a thread page with these comments (by these authors) looks different for the
    user than for other citizens: True if they wrote one, else the SELECT of their likes and
    reports of them (for ``home.citizen_pages``)."""
    if user.pk in authors:
        return True
    if not ids:
        return False
    marks = ", ".join(["%s"] * len(ids))
    sql = (
        f'SELECT 1 FROM "{CommentFlag._meta.db_table}" WHERE "user_id" = %s'
        f' AND "flag" IN (%s, %s) AND "comment_id" IN ({marks})'
    )
    return sql, [user.pk, LIKEDIT_FLAG, FLAG, *ids]


def personal_nodes(
    target, user, can_comment: bool, authors: dict[int, int], counts: dict[int, tuple[int, int]]
) -> list[CommentNode]:
    """The comments of a thread page that the user wrote, liked or reported, as their nodes.

    ``authors`` maps the page's comment ids to their authors' ids, ``counts`` to their likes and
    reports, as the shared page was rendered with (``diskussion.fragments``). One query on the
    user's likes and reports of these comments, and one more for the comments found, if any.
    """
    if not user.is_authenticated or not authors:
        return []
    marks = CommentFlag.objects.filter(
        user=user, comment_id__in=list(authors), flag__in=[LIKEDIT_FLAG, FLAG]
    ).values_list("comment_id", "flag")
    liked, flagged = set(), set()
    for pk, flag in marks:
        (liked if flag == LIKEDIT_FLAG else flagged).add(pk)
    pks = liked | flagged | {pk for pk, author in authors.items() if author == user.pk}
    if not pks:
        return []
    max_level = max_thread_level_for_content_type(ContentType.objects.get_for_model(target))
    nodes = []
    for comment in comments_for(target).filter(pk__in=pks).select_related("user", "state"):
        comment.like_total, comment.flag_total = counts.get(comment.pk, (0, 0))
        comment.liked_by_user = comment.pk in liked
        comment.flagged_by_user = comment.pk in flagged
        nodes.append(_node(comment, user, True, can_comment, max_level))
    return nodes


def _prune(nodes: list[CommentNode]) -> list[CommentNode]:
    """Drop deleted comments without replies: a placeholder only where replies refer to it."""
    kept = []
    for node in nodes:
        node.children = _prune(node.children)
        if node.status == "deleted" and not node.children:
            continue
        kept.append(node)
    return kept


def _count_visible(nodes: list[CommentNode]) -> int:
    return sum(int(node.is_visible) + _count_visible(node.children) for node in nodes)


def _fold(root: CommentNode, limit: int) -> None:
    """Keep the first ``limit`` replies under a comment, in reading order; count the rest."""
    total = _count_visible(root.children)
    shown = 0

    def keep(node: CommentNode) -> None:
        nonlocal shown
        kept = []
        for child in node.children:
            if shown >= limit:
                if not root.first_hidden:
                    root.first_hidden = child.pk
                break
            shown += 1
            kept.append(child)
            keep(child)
        node.children = kept

    keep(root)
    root.hidden_replies = total - _count_visible(root.children)


def comment_location(target, comment: XtdComment, order: str = DEFAULT_ORDER) -> dict:
    """The query parameters of the thread page that shows the comment (empty for page one).

    A reply beyond the first few of its thread opens that thread with all replies.
    """
    order = order if order in ORDERS else DEFAULT_ORDER
    roots = thread_roots(target)
    if order == NEWEST_FIRST:
        before = roots.filter(thread_id__gt=comment.thread_id).count()
    else:
        before = roots.filter(thread_id__lt=comment.thread_id).count()
    params = {}
    page = before // THREADS_PER_PAGE + 1
    if page > 1:
        params[PAGE_PARAM] = page
    if order != DEFAULT_ORDER:
        params[ORDER_PARAM] = order
    if comment.level > 0:
        # Replies before it in reading order; deleted ones may be pruned, so this is at most
        # its position, and a thread is opened only when it may be needed.
        earlier = XtdComment.objects.filter(
            thread_id=comment.thread_id, level__gt=0, is_public=True, order__lt=comment.order
        ).count()
        if earlier >= REPLIES_SHOWN:
            params[EXPAND_PARAM] = comment.thread_id
    return params


@transaction.atomic
def add_comment(
    target, user, text: str, parent: XtdComment | None = None, submit_date=None
) -> XtdComment:
    """Store a comment without a request (demo content, imports); the rules are the caller's."""
    comment = XtdComment.objects.create(
        content_type=ContentType.objects.get_for_model(target),
        object_pk=str(target.pk),
        site_id=settings.SITE_ID,
        user=user,
        user_name=user.public_name[:50],
        user_email=user.email,
        comment=sanitize(text),
        submit_date=submit_date or timezone.now(),
        is_public=True,
        parent_id=parent.pk if parent else 0,
    )
    refresh_target_count(target)
    return comment


def refresh_target_count(target) -> None:
    """Let the commented object update its denormalised comment counter, if it keeps one."""
    refresh = getattr(target, "refresh_comment_count", None)
    if refresh is not None:
        refresh()


def _state_for_update(comment: XtdComment) -> CommentState:
    state, _created = CommentState.objects.select_for_update().get_or_create(comment=comment)
    return state


def store_rendered_text(comment: XtdComment) -> None:
    """Store the comment's text as HTML in its state row (created when missing)."""
    html = render(comment.comment)
    updated = CommentState.objects.filter(comment_id=comment.pk).update(text_html=html)
    if not updated:
        CommentState.objects.get_or_create(comment_id=comment.pk, defaults={"text_html": html})


def stored_html(comment: XtdComment) -> SafeString:
    """The text as rendered when it was written; rendered now only for a row without state."""
    state = state_of(comment)
    if state is None or (not state.text_html and comment.comment):
        return render(comment.comment)  # rows written around the model (bulk loads)
    return mark_safe(state.text_html)  # built by diskussion.text.render from escaped text


# Changes go through queryset updates: XtdComment.save() runs comments-xtd's pre_save
# receiver, which hides every reply of a removed comment and miscounts nested comments.


@transaction.atomic
def edit_comment(comment: XtdComment, text: str) -> None:
    """Replace the text of a comment and mark it as edited."""
    now = timezone.now()
    XtdComment.objects.filter(pk=comment.pk).update(comment=text)
    state = _state_for_update(comment)
    state.edited_at = now
    state.text_html = render(text)
    state.save(update_fields=["edited_at", "text_html"])
    comment.comment = text


@transaction.atomic
def delete_comment(comment: XtdComment, target) -> None:
    """The author withdraws a comment: its text is erased, replies stay in the thread."""
    XtdComment.objects.filter(pk=comment.pk).update(comment="", is_removed=True)
    state = _state_for_update(comment)
    state.deleted_at = timezone.now()
    state.text_html = ""
    state.save(update_fields=["deleted_at", "text_html"])
    comment.comment, comment.is_removed = "", True
    refresh_target_count(target)


@transaction.atomic
def remove_comment(comment: XtdComment, moderator, reason: str, target) -> None:
    """Moderation hides a comment with a public reason; the text is kept for the record."""
    XtdComment.objects.filter(pk=comment.pk).update(is_removed=True)
    state = _state_for_update(comment)
    state.removed_at = timezone.now()
    state.removed_by = moderator
    state.removal_reason = reason
    state.reports_reviewed_at = state.removed_at
    state.save(update_fields=["removed_at", "removed_by", "removal_reason", "reports_reviewed_at"])
    comment.is_removed = True
    refresh_target_count(target)
    comment_removed.send(sender=XtdComment, comment=comment, moderator=moderator, target=target)


@transaction.atomic
def restore_comment(comment: XtdComment, target) -> None:
    """Moderation keeps a comment visible or undoes a removal (not a deletion by the author);
    the reports so far count as handled."""
    state = _state_for_update(comment)
    if state.deleted_at:
        return
    XtdComment.objects.filter(pk=comment.pk).update(is_removed=False)
    state.removed_at = None
    state.removed_by = None
    state.removal_reason = ""
    state.reports_reviewed_at = timezone.now()
    state.save(update_fields=["removed_at", "removed_by", "removal_reason", "reports_reviewed_at"])
    comment.is_removed = False
    refresh_target_count(target)


def like_count(comment: XtdComment) -> int:
    """How many people like the comment."""
    return CommentFlag.objects.filter(comment=comment, flag=LIKEDIT_FLAG).count()


@transaction.atomic
def toggle_like(comment: XtdComment, user) -> tuple[bool, int]:
    """Like a comment or take the like back; returns whether it is liked now and the count."""
    deleted, _detail = CommentFlag.objects.filter(
        comment=comment, user=user, flag=LIKEDIT_FLAG
    ).delete()
    liked = not deleted
    if liked:
        try:
            with transaction.atomic():
                CommentFlag.objects.create(comment=comment, user=user, flag=LIKEDIT_FLAG)
        except IntegrityError:  # a parallel request liked it already
            pass
    return liked, like_count(comment)


def has_flagged(comment: XtdComment, user) -> bool:
    """Whether the user already reported the comment to the moderators."""
    return CommentFlag.objects.filter(comment=comment, user=user, flag=FLAG).exists()


def flag_comment(request, comment: XtdComment) -> None:
    """Report a comment to the moderators (once per user; sends comment_was_flagged)."""
    perform_flag(request, comment)
