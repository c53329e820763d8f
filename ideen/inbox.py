"""The inbox kind "reported ideas and proposals" (home.inbox): moderators decide on them."""

from __future__ import annotations

from django.db.models import Min, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from home.inbox import InboxItem, InboxKind, due_date

from . import rules
from .models import Idea, is_internal_space


class ReportedIdeas(InboxKind):
    """Ideas with reports the moderators have not handled yet, since the oldest of them."""

    key = "idea_report"
    label = _("Reported idea or proposal")
    plural_label = _("Reported ideas and proposals")

    def may_act(self, user) -> bool:
        return rules.can_moderate(user)

    def items(self, user) -> list[InboxItem]:
        ideas = (
            Idea.objects.visible_to(user)
            .annotate(
                oldest_report=Min("reports__created", filter=Q(reports__handled_at__isnull=True))
            )
            .filter(oldest_report__isnull=False)
            .select_related("space")
            .only("pk", "title", "space__title", "space__content_type")
            .order_by("oldest_report", "pk")
        )
        return [
            InboxItem(
                kind=self.key,
                kind_label=str(self.label),
                title=idea.title,
                url=reverse("ideen_moderation:idea", args=[idea.pk]),
                received=idea.oldest_report,
                due_on=due_date(idea.oldest_report, self.key),
                context=idea.space.title,
                internal=is_internal_space(idea.space),
            )
            for idea in ideas
        ]
