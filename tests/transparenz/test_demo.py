"""The demo loader: realistic trails on the demo ideas, the public pages, idempotent."""

import pytest
from django.core.management import call_command

from ideen.models import Idea
from transparenz.models import DecisionIndexPage, ProgressNote, StatisticsPage, StatusChange

pytestmark = pytest.mark.django_db
S = Idea.Status


def test_demo_decisions(settings, home_page):
    settings.DEBUG = True
    call_command("load_demo", verbosity=0)
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
    merged = StatusChange.objects.get(to_status=S.MERGED)
    assert merged.merged_into is not None
    assert DecisionIndexPage.objects.live().get().show_in_menus
    assert StatisticsPage.objects.live().get().show_in_menus

    call_command("load_demo", verbosity=0)
    assert StatusChange.objects.count() == changes
    assert ProgressNote.objects.count() == notes
