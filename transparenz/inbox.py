"""The inbox kind "ideas awaiting a first answer" (home.inbox): deciders answer them here."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from home.inbox import InboxItem, InboxKind, due_date
from ideen.models import Idea, internal_space_content_type_ids

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
        # Plain values, not model instances: there may be thousands (a page is instantiated
        # heavily), and the admin URL is built from one reverse().
        rows = (
            Idea.objects.visible_to(user)
            .listed()
            .filter(status=Idea.Status.SUBMITTED)
            .order_by("created", "pk")
            .values_list("pk", "title", "created", "space__title", "space__content_type_id")
        )
        internal = set(internal_space_content_type_ids())
        url = reverse("transparenz_decide", args=[0]).replace("/0/", "/{}/")
        return [
            InboxItem(
                kind=self.key,
                kind_label=str(self.label),
                title=title,
                url=url.format(pk),
                received=created,
                due_on=due_date(created, self.key),
                context=space_title,
                internal=content_type_id in internal,
            )
            for pk, title, created, space_title, content_type_id in rows
        ]
