"""The inbox kind "reported comments" (home.inbox): moderators keep or remove them."""

from __future__ import annotations

from django.db.models import F, Min, Q
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django_comments.models import CommentFlag

from home.inbox import InboxItem, InboxKind, due_date
from ideen.moderation_admin import REPORTED_COMMENTS_KIND
from ideen.rules import can_moderate

from .models import ModeratedComment

#: Reports made after moderation last decided on the comment (or ever, if it never did).
OPEN_REPORT = Q(flag=CommentFlag.SUGGEST_REMOVAL) & (
    Q(comment__xtdcomment__state__reports_reviewed_at__isnull=True)
    | Q(flag_date__gt=F("comment__xtdcomment__state__reports_reviewed_at"))
)


class ReportedComments(InboxKind):
    """Visible comments with reports moderation has not decided on, since the oldest of them.

    Moderators and editors may read every space (``ideen.rules``), so they see comments on
    internal ideas too; nobody else gets this kind.
    """

    key = REPORTED_COMMENTS_KIND
    label = _("Reported comment")
    plural_label = _("Reported comments")

    def may_act(self, user) -> bool:
        return can_moderate(user)

    def items(self, user) -> list[InboxItem]:
        # From the reports to their comments (the flag index), not through every comment.
        oldest = dict(
            CommentFlag.objects.filter(
                OPEN_REPORT, comment__is_removed=False, comment__is_public=True
            )
            .order_by()
            .values("comment_id")
            .annotate(oldest=Min("flag_date"))
            .values_list("comment_id", "oldest")
        )
        if not oldest:
            return []
        comments = ModeratedComment.objects.filter(pk__in=list(oldest)).prefetch_related(
            "content_object"
        )
        return [
            InboxItem(
                kind=self.key,
                kind_label=str(self.label),
                title=Truncator(comment.comment).chars(90),
                url=reverse("moderatedcomment:edit", args=[comment.pk]),
                received=oldest[comment.pk],
                due_on=due_date(oldest[comment.pk], self.key),
                context=str(comment.content_object) if comment.content_object is not None else "",
            )
            for comment in comments
        ]
