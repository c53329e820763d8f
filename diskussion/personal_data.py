"""What diskussion holds about a person, for "Meine Daten" and "Konto löschen" (``accounts``).

comments-xtd stores a copy of the author's name and e-mail address, an optional URL and the IP
address with every comment. The export shows them; the deletion empties them. The comments
themselves stay, shown as by "Gelöschtes Konto"; the person's likes go, their reports to the
moderation team stay as its record, tied to the emptied account.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_comments.models import CommentFlag
from django_comments_xtd.models import DISLIKEDIT_FLAG, LIKEDIT_FLAG, XtdComment

from accounts.personal_data import DataSection

REACTIONS = (LIKEDIT_FLAG, DISLIKEDIT_FLAG)


def data_sections(user) -> list[DataSection]:
    """The user's comments, likes and reports of comments."""
    comments = (
        XtdComment.objects.filter(user=user, site_id=settings.SITE_ID)
        .select_related("state", "content_type")
        .order_by("submit_date", "pk")
    )
    flags = CommentFlag.objects.filter(user=user).order_by("flag_date", "pk")
    rows = []
    for comment in comments:
        state = getattr(comment, "state", None)
        rows.append(
            {
                "id": comment.pk,
                "on": f"{comment.content_type.app_label}.{comment.content_type.model}",
                "on_id": comment.object_pk,
                "parent_id": comment.parent_id if comment.parent_id != comment.pk else None,
                "text": comment.comment,
                "submit_date": comment.submit_date,
                "user_name": comment.user_name,
                "user_email": comment.user_email,
                "user_url": comment.user_url,
                "ip_address": comment.ip_address,
                "is_public": comment.is_public,
                "is_removed": comment.is_removed,
                "edited_at": state.edited_at if state else None,
                "deleted_at": state.deleted_at if state else None,
            }
        )
    return [
        DataSection(
            key="comments",
            title=str(_("Comments")),
            description=str(
                _(
                    "Your comments with what was stored with them. IP addresses are deleted "
                    "after %(days)s days."
                )
                % {"days": settings.RETENTION_COMMENT_IP_DAYS}
            ),
            fields={
                "id": str(_("Number of the comment")),
                "on": str(_("Kind of object commented on (ideen.idea: an idea; a page type)")),
                "on_id": str(_("Number of the object commented on")),
                "parent_id": str(_("Number of the comment answered")),
                "text": str(_("Text")),
                "submit_date": str(_("Written at")),
                "user_name": str(_("Name stored with the comment")),
                "user_email": str(_("E-mail address stored with the comment")),
                "user_url": str(_("Web address stored with the comment")),
                "ip_address": str(_("IP address")),
                "is_public": str(_("Published")),
                "is_removed": str(_("Removed or deleted")),
                "edited_at": str(_("Edited at")),
                "deleted_at": str(_("Deleted by you at")),
            },
            rows=rows,
        ),
        DataSection(
            key="comment_reactions",
            title=str(_("Likes and reports of comments")),
            description=str(_("Comments you liked or reported to the moderation team.")),
            fields={
                "comment_id": str(_("Number of the comment")),
                "flag": str(_("Kind (I liked it, removal suggestion)")),
                "flag_date": str(_("At")),
            },
            rows=[
                {"comment_id": f.comment_id, "flag": f.flag, "flag_date": f.flag_date}
                for f in flags
            ],
        ),
    ]


def data_size(user) -> int:
    """The rows of ``data_sections``, counted (``PERSONAL_DATA_SIZE_HOOK``)."""
    return (
        XtdComment.objects.filter(user=user, site_id=settings.SITE_ID).count()
        + CommentFlag.objects.filter(user=user).count()
    )


def erase(user) -> None:
    """Empty the copies of name, e-mail, URL and IP address; remove likes."""
    XtdComment.objects.filter(user=user).update(
        user_name="", user_email="", user_url="", ip_address=None, followup=False
    )
    CommentFlag.objects.filter(user=user, flag__in=REACTIONS).delete()


def forget_ip_addresses(now) -> dict[str, int]:
    """Retention (``accounts.retention.RETENTION_HOOK``): comment IP addresses go after
    ``RETENTION_COMMENT_IP_DAYS`` days, as the privacy notice says."""
    limit = now - timedelta(days=settings.RETENTION_COMMENT_IP_DAYS)
    changed = XtdComment.objects.filter(submit_date__lt=limit, ip_address__isnull=False).update(
        ip_address=None
    )
    return {"comment_ips_removed": changed}
