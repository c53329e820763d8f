"""The inbox kind "reported ideas and proposals" (home.inbox): moderators decide on them."""

from __future__ import annotations

from django.db.models import Min
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from home.inbox import InboxItem, InboxKind, due_date

from . import rules
from .models import Idea, IdeaReport, internal_space_content_type_ids


class ReportedIdeas(InboxKind):
    """Ideas with reports the moderators have not handled yet, since the oldest of them."""

    key = "idea_report"
    label = _("Reported idea or proposal")
    plural_label = _("Reported ideas and proposals")

    def may_act(self, user) -> bool:
        return rules.can_moderate(user)

    def items(self, user) -> list[InboxItem]:
        # From the open reports to their ideas, not through every idea.
        oldest = dict(
            IdeaReport.objects.unhandled()
            .filter(idea__in=Idea.objects.visible_to(user).values("pk"))
            .order_by()
            .values("idea_id")
            .annotate(oldest=Min("created"))
            .values_list("idea_id", "oldest")
        )
        if not oldest:
            return []
        rows = Idea.objects.filter(pk__in=list(oldest)).values_list(
            "pk", "title", "space__title", "space__content_type_id"
        )
        internal = set(internal_space_content_type_ids())
        return [
            InboxItem(
                kind=self.key,
                kind_label=str(self.label),
                title=title,
                url=reverse("ideen_moderation:idea", args=[pk]),
                received=oldest[pk],
                due_on=due_date(oldest[pk], self.key),
                context=space_title,
                internal=content_type_id in internal,
            )
            for pk, title, space_title, content_type_id in rows
        ]
