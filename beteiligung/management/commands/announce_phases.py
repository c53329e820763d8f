"""Tell the followers of a project that one of its phases starts today (a daily periodic job).

Phases are dates on the project's timeline: nothing is written when one begins, so this job
looks for the phases starting today (and yesterday, should a run have been missed) and writes
one notification per follower and phase; a second run finds them already written.
"""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from benachrichtigungen import services
from benachrichtigungen.models import Kind
from beteiligung.models import ProjectPhase


def announce_phases(today: datetime.date | None = None) -> int:
    """Write the notifications about phases that started today or yesterday; return how many."""
    today = today or timezone.localdate()
    phases = (
        ProjectPhase.objects.filter(
            start_date__gte=today - datetime.timedelta(days=1),
            start_date__lte=today,
            page__live=True,
        )
        .select_related("page")
        .order_by("page_id", "start_date")
    )
    written = 0
    for phase in phases:
        recipients: dict[int, str] = {}
        services.merge(recipients, services.project_followers(phase.page_id), Kind.PROJECT_PHASE)
        written += len(
            services.notify(
                phase.page.page_ptr,
                project_id=phase.page_id,
                recipients=recipients,
                detail=phase.title,
            )
        )
    return written


class Command(BaseCommand):
    help = "Notify the followers of projects whose phase starts today."

    def handle(self, **options):
        self.stdout.write(f"{announce_phases()} notifications about new phases")
