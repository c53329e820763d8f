"""The inbox kind "ideas awaiting a first answer" (home.inbox): deciders answer them here."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from home.inbox import InboxItem, InboxKind, due_date
from ideen.models import Idea, is_internal_space

from . import rules


class IdeasAwaitingAnswer(InboxKind):
    """Ideas still "eingereicht": no entry of the trail has answered them yet."""

    key = "idea"
    label = _("Idea awaiting a first answer")
    plural_label = _("Ideas awaiting a first answer")

    def may_act(self, user) -> bool:
        return rules.can_record_decision(user)

    def items(self, user) -> list[InboxItem]:
        # The one gate for ideas: internal ones only for deciders who may read internal spaces.
        ideas = (
            Idea.objects.visible_to(user)
            .listed()
            .filter(status=Idea.Status.SUBMITTED)
            .select_related("space")
            .only("pk", "title", "created", "space__title", "space__content_type")
            .order_by("created", "pk")
        )
        return [
            InboxItem(
                kind=self.key,
                kind_label=str(self.label),
                title=idea.title,
                url=reverse("transparenz_decide", args=[idea.pk]),
                received=idea.created,
                due_on=due_date(idea.created, self.key),
                context=idea.space.title,
                internal=is_internal_space(idea.space),
            )
            for idea in ideas
        ]
