"""Server-side checks when comments are posted, and counters after."""

from django.db.models.signals import post_save, pre_save
from django_comments.signals import comment_was_posted, comment_will_be_posted
from django_comments_xtd.models import TmpXtdComment, XtdComment, max_thread_level_for_content_type

from .rules import is_gone, may_comment_on
from .services import refresh_target_count, store_rendered_text
from .text import sanitize


def check_comment_may_be_posted(sender, comment, request, **kwargs) -> bool:
    """Refuse (400, nothing stored) what the form cannot prevent: forged or stale posts."""
    user = request.user
    target = comment.content_object
    if target is None or not may_comment_on(user, target):
        return False
    if comment.parent_id:
        parent = XtdComment.objects.filter(
            pk=comment.parent_id,
            content_type=comment.content_type,
            object_pk=comment.object_pk,
            site_id=comment.site_id,
        ).first()
        if (
            parent is None
            or is_gone(parent)
            or parent.level >= max_thread_level_for_content_type(comment.content_type)
        ):
            return False
    comment.comment = sanitize(comment.comment)
    if not comment.comment:
        return False
    # What the form may have been told about name, e-mail and link does not count.
    comment.user_name = user.public_name[:50]
    comment.user_email = user.email
    comment.user_url = ""
    comment.followup = False
    return True


def update_counter_after_post(sender, comment, request, **kwargs) -> None:
    if getattr(comment, "xtd_comment", None) is not None:
        refresh_target_count(comment.content_object)


def never_follow_up(sender, instance, **kwargs) -> None:
    """comments-xtd e-mails "followers" with links to its mute view, which we do not serve."""
    instance.followup = False


def render_text_when_saved(sender, instance, raw=False, **kwargs) -> None:
    """Render a stored comment's text once, whoever stored it (form, service, import)."""
    if not raw:
        store_rendered_text(instance)


def connect() -> None:
    post_save.connect(
        render_text_when_saved, sender=XtdComment, dispatch_uid="diskussion_render_text"
    )
    pre_save.connect(never_follow_up, sender=XtdComment, dispatch_uid="diskussion_never_follow_up")
    comment_will_be_posted.connect(
        check_comment_may_be_posted,
        sender=TmpXtdComment,
        dispatch_uid="diskussion_check_comment_may_be_posted",
    )
    comment_was_posted.connect(
        update_counter_after_post,
        sender=TmpXtdComment,
        dispatch_uid="diskussion_update_counter_after_post",
    )
