"""The demo loader: realistic trails on the demo ideas, the public pages, idempotent."""

import pytest
from django.core.management import call_command

from ideen.models import Idea
from transparenz.models import DecisionIndexPage, ProgressNote, StatisticsPage, StatusChange

pytestmark = pytest.mark.django_db
S = Idea.Status


def test_demo_decisions(settings, home_page, mailoutbox, django_capture_on_commit_callbacks):
    settings.DEBUG = True
    # The callbacks run as after a real commit: a decision that notified would send e-mails.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", verbosity=0)
    assert mailoutbox == []  # demo decisions notify nobody
    changes = StatusChange.objects.count()
    notes = ProgressNote.objects.count()
    states = set(Idea.objects.values_list("status", flat=True))
    assert {
        S.UNDER_REVIEW,
        S.ADOPTED,
        S.IN_IMPLEMENTATION,
        S.IMPLEMENTED,
        S.REJECTED,
        S.MERGED,
    } <= states
    assert notes >= 3
    # Every idea that left "Eingereicht" has a trail that ends in its state.
    for idea in Idea.objects.exclude(status=S.SUBMITTED):
        latest = StatusChange.objects.filter(idea=idea).order_by("-created", "-pk").first()
        assert latest is not None and latest.to_status == idea.status, idea.title
    rejected = StatusChange.objects.filter(to_status=S.REJECTED)
    assert rejected.exists() and all(len(c.reason) > 80 for c in rejected)
    for merged in StatusChange.objects.filter(to_status=S.MERGED):
        assert merged.merged_into.space_id == merged.idea.space_id
    # Citizens' proposals on the projects that ended got public decisions too.
    public = StatusChange.objects.filter(
        idea__space__slug__in=["digitalisierungskurse", "open-data"]
    )
    assert {S.ADOPTED, S.REJECTED, S.MERGED, S.IMPLEMENTED} <= {c.to_status for c in public}
    assert ProgressNote.objects.filter(idea__space__slug="open-data").exists()
    assert DecisionIndexPage.objects.live().get().show_in_menus
    assert StatisticsPage.objects.live().get().show_in_menus

    call_command("load_demo", verbosity=0)
    assert StatusChange.objects.count() == changes
    assert ProgressNote.objects.count() == notes
