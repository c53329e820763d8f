"""The database keeps ``Idea.first_decided_on`` with every status change (statistics read it)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from demo import invariants
from ideen.models import Idea
from transparenz.services import record_status_change

S = Idea.Status


def step(idea, to, days_from_now, decider, **kwargs):
    record_status_change(
        idea,
        to_status=to,
        recorded_by=decider,
        reason="Begründung.",
        decided_on=timezone.localdate() + timedelta(days=days_from_now),
        notify=False,
        **kwargs,
    )
    idea.refresh_from_db()
    return idea


def test_an_idea_without_a_decision_has_no_date(public_idea, decider):
    assert public_idea.first_decided_on is None
    step(public_idea, S.UNDER_REVIEW, 0, decider)
    assert public_idea.first_decided_on is None


def test_the_first_adoption_sets_the_date_and_later_steps_keep_it(public_idea, decider):
    step(public_idea, S.UNDER_REVIEW, 0, decider)
    step(public_idea, S.ADOPTED, 1, decider)
    assert public_idea.first_decided_on == timezone.localdate() + timedelta(days=1)
    step(public_idea, S.IN_IMPLEMENTATION, 3, decider)
    assert public_idea.first_decided_on == timezone.localdate() + timedelta(days=1)
    assert invariants.first_decisions() == []


def test_a_correction_keeps_the_first_date(public_idea, decider):
    step(public_idea, S.UNDER_REVIEW, 0, decider)
    step(public_idea, S.REJECTED, 1, decider)
    rejection = public_idea.status_changes.order_by("created", "pk").last()
    step(public_idea, S.REJECTED, 2, decider, corrects=rejection)
    assert public_idea.first_decided_on == timezone.localdate() + timedelta(days=1)
    assert invariants.first_decisions() == []


def test_the_invariant_check_finds_a_wrong_date(public_idea, decider):
    step(public_idea, S.UNDER_REVIEW, 0, decider)
    step(public_idea, S.ADOPTED, 1, decider)
    Idea.objects.filter(pk=public_idea.pk).update(first_decided_on=None)
    assert invariants.first_decisions() == [
        f"idea {public_idea.pk}: first_decided_on None, its trail says "
        f"{timezone.localdate() + timedelta(days=1)}"
    ]


@pytest.fixture(autouse=True)
def _db(db):
    """Every test here writes the trail."""
