"""Who may do what with comments. A commented object decides who may view and comment on it.

Any model can carry a discussion when it provides ``get_absolute_url()``,
``user_may_view(user)`` and ``user_may_comment(user)``.
"""

from django_comments_xtd.models import XtdComment, max_thread_level_for_content_type


def may_view_target(user, target) -> bool:
    """The user may read the object, and so its comments."""
    check = getattr(target, "user_may_view", None)
    return bool(check and check(user))


def may_comment_on(user, target) -> bool:
    """The user may write comments on the object (implies that they may read it)."""
    if not user.is_authenticated:
        return False
    check = getattr(target, "user_may_comment", None)
    return bool(check and check(user))


def is_gone(comment: XtdComment) -> bool:
    """Deleted by its author or removed by moderation."""
    return comment.is_removed or not comment.is_public


def may_reply(user, comment: XtdComment, target) -> bool:
    """The user may answer this comment: open thread, not too deep, comment still there."""
    return (
        not is_gone(comment)
        and comment.level < max_thread_level_for_content_type(comment.content_type)
        and may_comment_on(user, target)
    )


def may_edit(user, comment: XtdComment, target) -> bool:
    """Authors edit their own comments while they could still post them."""
    return (
        user.is_authenticated
        and comment.user_id == user.pk
        and not is_gone(comment)
        and may_comment_on(user, target)
    )


def may_delete(user, comment: XtdComment, target) -> bool:
    """Authors delete their own comments as long as they can read them."""
    return (
        user.is_authenticated
        and comment.user_id == user.pk
        and not is_gone(comment)
        and may_view_target(user, target)
    )


def may_like(user, comment: XtdComment, target) -> bool:
    """Participants like the comments of others while the discussion is open."""
    return (
        user.is_authenticated
        and comment.user_id != user.pk
        and not is_gone(comment)
        and may_comment_on(user, target)
    )


def may_flag(user, comment: XtdComment, target) -> bool:
    """Any logged-in reader may report the comments of others to the moderators."""
    return (
        user.is_authenticated
        and comment.user_id != user.pk
        and not is_gone(comment)
        and may_view_target(user, target)
    )
