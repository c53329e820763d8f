"""The inbox kind "requests for participation over the threshold" (home.inbox).

Due on the date stored when the threshold was reached (``VORHABEN_PARTICIPATION_ANSWER_DAYS``
later), for the people who may edit the Vorhaben and so answer it (``admin_views.can_answer``).
"""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from home.inbox import InboxItem, InboxKind

from .models import VorhabenPage


class ParticipationRequestsOverThreshold(InboxKind):
    """Vorhaben whose requests reached the threshold and that the city has not answered yet."""

    key = "participation_request"
    label = _("Requests for participation")
    plural_label = _("Requests for participation over the threshold")

    def may_act(self, user) -> bool:
        return PagePermissionPolicy().user_has_permission(user, "change")

    def items(self, user) -> list[InboxItem]:
        editable = PagePermissionPolicy(Page).instances_user_has_permission_for(user, "change")
        waiting = VorhabenPage.objects.awaiting_participation_answer().filter(
            pk__in=editable.values("pk")
        )
        return [
            InboxItem(
                kind=self.key,
                kind_label=str(self.label),
                title=vorhaben.title,
                url=reverse("vorhaben_participation_answer", args=[vorhaben.pk]),
                received=timezone.make_aware(
                    datetime.datetime.combine(vorhaben.threshold_reached_at, datetime.time())
                ),
                due_on=vorhaben.answer_due,
                context=ngettext(
                    "%(count)d request", "%(count)d requests", vorhaben.participation_request_count
                )
                % {"count": vorhaben.participation_request_count},
            )
            for vorhaben in waiting.only(
                "pk",
                "title",
                "participation_request_count",
                "participation_threshold_reached_on",
                "participation_answer_due",
            )
        ]
