"""Reading and changing comment threads."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Value
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from django_comments.models import CommentFlag
from django_comments.views.moderation import perform_flag
from django_comments_xtd.models import (
    LIKEDIT_FLAG,
    XtdComment,
    max_thread_level_for_content_type,
)

from ideen.rules import space_notice

from .models import CommentState
from .text import render, sanitize

FLAG = CommentFlag.SUGGEST_REMOVAL


def author_name(comment: XtdComment) -> str:
    """The public name of a comment's author; never the e-mail address or user name."""
    if comment.user_id and comment.user:
        return comment.user.public_name
    return str(_("Former participant"))


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


@dataclass
class Thread:
    """The comments on one object as a tree, and how many of them can be read."""

    nodes: list[CommentNode]
    count: int
    max_level: int


def comments_for(target) -> QuerySet:
    """All comments on an object, in thread order, without annotations."""
    content_type = ContentType.objects.get_for_model(target)
    return XtdComment.objects.filter(
        content_type=content_type, object_pk=str(target.pk), site_id=settings.SITE_ID
    )


def build_thread(target, user, can_comment: bool) -> Thread:
    """The thread of an object in one query, whatever the number of comments, likes and flags."""
    content_type = ContentType.objects.get_for_model(target)
    max_level = max_thread_level_for_content_type(content_type)
    authenticated = user.is_authenticated
    if authenticated:
        mine = CommentFlag.objects.filter(comment=OuterRef("pk"), user=user)
        liked = Exists(mine.filter(flag=LIKEDIT_FLAG))
        flagged = Exists(mine.filter(flag=FLAG))
    else:
        liked = flagged = Value(False)
    comments = (
        comments_for(target)
        .filter(is_public=True)
        .select_related("user", "content_type", "state")
        .annotate(
            like_total=Count("flags", filter=Q(flags__flag=LIKEDIT_FLAG)),
            flag_total=Count("flags", filter=Q(flags__flag=FLAG)),
            liked_by_user=liked,
            flagged_by_user=flagged,
        )
        .order_by("thread_id", "order")
    )

    by_pk: dict[int, CommentNode] = {}
    roots: list[CommentNode] = []
    for comment in comments:
        state = state_of(comment)
        node = CommentNode(
            comment=comment,
            like_count=comment.like_total,
            liked=comment.liked_by_user,
            flagged=comment.flagged_by_user,
            flag_count=comment.flag_total,
            own=authenticated and comment.user_id == user.pk,
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
        by_pk[comment.pk] = node
        if comment.parent_id == comment.pk or not comment.parent_id:
            roots.append(node)
        elif comment.parent_id in by_pk:
            parent = by_pk[comment.parent_id]
            node.parent_author = parent.author if parent.is_visible else ""
            parent.children.append(node)
        # A reply whose parent is not public is not shown either.

    def prune(nodes: list[CommentNode]) -> list[CommentNode]:
        kept = []
        for node in nodes:
            node.children = prune(node.children)
            # A deleted comment stays as a placeholder only while replies refer to it.
            if node.status == "deleted" and not node.children:
                continue
            kept.append(node)
        return kept

    def count(nodes: list[CommentNode]) -> int:
        return sum(int(node.is_visible) + count(node.children) for node in nodes)

    roots = prune(roots)
    return Thread(nodes=roots, count=count(roots), max_level=max_level)


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
    if state is None:
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
    state.save(update_fields=["removed_at", "removed_by", "removal_reason"])
    comment.is_removed = True
    refresh_target_count(target)


@transaction.atomic
def restore_comment(comment: XtdComment, target) -> None:
    """Moderation undoes a removal (not a deletion by the author)."""
    state = _state_for_update(comment)
    if state.deleted_at:
        return
    XtdComment.objects.filter(pk=comment.pk).update(is_removed=False)
    state.removed_at = None
    state.removed_by = None
    state.removal_reason = ""
    state.save(update_fields=["removed_at", "removed_by", "removal_reason"])
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
