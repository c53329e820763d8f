"""The inbox kind "barrier reports" (home.inbox), due by their legal reply date."""

from __future__ import annotations

from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from home.inbox import InboxItem, InboxKind

from .feedback import BarrierReport


class OpenBarrierReports(InboxKind):
    """Reports still new or in progress; due on ``reply_due_on`` (BITV NRW, see feedback.py)."""

    key = "barrier_report"
    label = _("Barrier report")
    plural_label = _("Barrier reports")

    def may_act(self, user) -> bool:
        return user.has_perm("barrierefreiheit.change_barrierreport")

    def items(self, user) -> list[InboxItem]:
        reports = BarrierReport.objects.open().only(
            "pk", "page_url", "description", "created_at", "reply_due_on"
        )
        return [
            InboxItem(
                kind=self.key,
                kind_label=str(self.label),
                title=Truncator(report.description).chars(90),
                url=reverse("barrier_reports:edit", args=[report.pk]),
                received=report.created_at,
                due_on=report.reply_due_on,
                context=report.page_url or str(_("no page given")),
            )
            for report in reports.order_by("reply_due_on", "pk")
        ]
