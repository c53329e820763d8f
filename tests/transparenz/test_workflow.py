"""The transitions are data in transparenz.workflow; every illegal one is refused with a message."""

from datetime import timedelta
from itertools import product

import pytest

from ideen.models import Idea
from tests.factories import IdeaFactory
from transparenz import workflow
from transparenz.models import StatusChange
from transparenz.services import ChangeRefused, record_status_change

from .conftest import today

S = Idea.Status
ALL = list(S.values)

pytestmark = pytest.mark.django_db


def decide(idea, to_status, by, **kwargs):
    kwargs.setdefault("reason", "Weil es der Stadt hilft.")
    kwargs.setdefault("deciding_body", "Digitalisierungsteam")
    return record_status_change(idea, to_status=to_status, recorded_by=by, **kwargs)


def test_transitions_cover_every_state_and_follow_the_design():
    assert set(workflow.TRANSITIONS) == set(ALL)
    assert set(workflow.ORDER) == set(ALL)
    assert workflow.allowed_targets(S.SUBMITTED) == [S.UNDER_REVIEW, S.MERGED]
    assert workflow.allowed_targets(S.UNDER_REVIEW) == [S.ADOPTED, S.REJECTED, S.MERGED]
    assert workflow.allowed_targets(S.ADOPTED) == [S.IN_IMPLEMENTATION]
    assert workflow.allowed_targets(S.IN_IMPLEMENTATION) == [S.IMPLEMENTED]
    for final in (S.REJECTED, S.MERGED, S.IMPLEMENTED, S.WITHDRAWN):
        assert workflow.allowed_targets(final) == []


def test_only_the_author_withdraws_and_only_before_a_decision():
    for status in ALL:
        by_author = workflow.allowed_targets(status, by_author=True)
        assert by_author == ([S.WITHDRAWN] if status in (S.SUBMITTED, S.UNDER_REVIEW) else [])
        assert S.WITHDRAWN not in workflow.allowed_targets(status)


def test_workflow_agrees_with_what_the_idea_platform_allows():
    """ideen closes withdrawing and supporting by state; the workflow must say the same."""
    for status in ALL:
        assert (S.WITHDRAWN in workflow.TRANSITIONS[status]) == (
            status in Idea.WITHDRAWABLE_STATUSES
        )
    assert Idea.OPEN_STATUSES.isdisjoint(workflow.DECISIONS)


@pytest.mark.parametrize(("current", "target"), list(product(ALL, ALL)))
def test_every_transition_for_deciders(platform, category, editor, current, target):
    idea = IdeaFactory(space=platform, category=category, status=current)
    other = IdeaFactory(space=platform, category=category)
    extra = {"merged_into": other} if target == S.MERGED else {}
    trail_before = StatusChange.objects.filter(idea=idea).count()  # the way to `current`
    if target in workflow.allowed_targets(current):
        change = decide(idea, target, editor, **extra)
        idea.refresh_from_db()
        assert idea.status == target == change.to_status
        assert change.from_status == current
    else:
        with pytest.raises(ChangeRefused) as refused:
            decide(idea, target, editor, **extra)
        assert str(refused.value)  # a message a person can read
        idea.refresh_from_db()
        assert idea.status == current
        assert StatusChange.objects.filter(idea=idea).count() == trail_before


def test_refusal_names_the_possible_states(idea, editor):
    with pytest.raises(ChangeRefused) as refused:
        decide(idea, S.IMPLEMENTED, editor)
    message = str(refused.value)
    assert "Eingereicht" in message and "Umgesetzt" in message
    assert "In Prüfung" in message  # what would be possible


def test_a_decider_cannot_withdraw_for_the_author(idea, editor):
    with pytest.raises(ChangeRefused) as refused:
        decide(idea, S.WITHDRAWN, editor)
    assert "Nur die einreichende Person" in str(refused.value)


@pytest.mark.parametrize("target", [S.ADOPTED, S.REJECTED, S.MERGED])
def test_a_reason_is_required_for_decisions(platform, category, editor, target):
    idea = IdeaFactory(space=platform, category=category, status=S.UNDER_REVIEW)
    other = IdeaFactory(space=platform, category=category)
    extra = {"merged_into": other} if target == S.MERGED else {}
    with pytest.raises(ChangeRefused) as refused:
        decide(idea, target, editor, reason="  \n ", **extra)
    assert "reason" in refused.value.errors_by_field


def test_reason_required_except_under_review_and_withdrawn():
    assert {s for s in ALL if not workflow.reason_required(s)} == {S.UNDER_REVIEW, S.WITHDRAWN}
    assert workflow.reason_required(S.UNDER_REVIEW, is_correction=True)


def test_under_review_needs_no_reason(idea, editor):
    change = decide(idea, S.UNDER_REVIEW, editor, reason="")
    assert change.reason == ""


def test_merge_needs_another_open_idea_of_the_same_space(idea, editor, platform, project, category):
    def refused_field(**kwargs):
        with pytest.raises(ChangeRefused) as refused:
            decide(idea, S.MERGED, editor, **kwargs)
        return refused.value.errors_by_field

    assert "merged_into" in refused_field()
    assert "merged_into" in refused_field(merged_into=idea)
    elsewhere = IdeaFactory(space=project, category=category)
    assert "merged_into" in refused_field(merged_into=elsewhere)
    withdrawn = IdeaFactory(space=platform, category=category, status=S.WITHDRAWN)
    assert "merged_into" in refused_field(merged_into=withdrawn)
    target = IdeaFactory(space=platform, category=category, title="Die größere Idee")
    change = decide(idea, S.MERGED, editor, merged_into=target)
    assert change.merged_into == target


def test_only_a_merge_names_another_idea(idea, editor, platform, category):
    other = IdeaFactory(space=platform, category=category)
    with pytest.raises(ChangeRefused) as refused:
        decide(idea, S.UNDER_REVIEW, editor, merged_into=other)
    assert "merged_into" in refused.value.errors_by_field


def test_a_decision_cannot_be_dated_before_the_newest_entry(idea, editor):
    with pytest.raises(ChangeRefused) as refused:
        decide(idea, S.UNDER_REVIEW, editor, decided_on=today() - timedelta(days=40))
    assert "decided_on" in refused.value.errors_by_field
    decide(idea, S.UNDER_REVIEW, editor, decided_on=today() - timedelta(days=5))
    with pytest.raises(ChangeRefused):
        decide(idea, S.ADOPTED, editor, decided_on=today() - timedelta(days=6))


def test_a_stale_form_does_not_decide_twice(idea, editor):
    decide(idea, S.UNDER_REVIEW, editor, expected_status=S.SUBMITTED)
    with pytest.raises(ChangeRefused) as refused:
        decide(idea, S.UNDER_REVIEW, editor, expected_status=S.SUBMITTED)
    assert "in der Zwischenzeit" in str(refused.value)
    assert StatusChange.objects.filter(idea=idea).count() == 1


class TestCorrections:
    def test_corrects_the_newest_entry_with_a_new_row(self, idea, editor):
        decide(idea, S.UNDER_REVIEW, editor)
        wrong = decide(idea, S.REJECTED, editor, reason="Zu teuer.")
        fixed = decide(
            idea, S.ADOPTED, editor, reason="Korrektur: Die Kosten trägt das Land.", corrects=wrong
        )
        idea.refresh_from_db()
        assert idea.status == S.ADOPTED
        assert fixed.from_status == S.REJECTED and fixed.corrects == wrong
        wrong.refresh_from_db()
        assert wrong.to_status == S.REJECTED and wrong.reason == "Zu teuer."  # unchanged

    def test_may_fix_the_text_with_the_same_state(self, idea, editor):
        decide(idea, S.UNDER_REVIEW, editor)
        wrong = decide(idea, S.REJECTED, editor, reason="Tippfehlr.")
        decide(idea, S.REJECTED, editor, reason="Tippfehler korrigiert.", corrects=wrong)
        assert StatusChange.objects.filter(idea=idea).count() == 3

    def test_may_undo_a_withdrawal(self, idea, editor, staff_user):
        decide(idea, S.UNDER_REVIEW, editor)
        withdrawal = record_status_change(
            idea, to_status=S.WITHDRAWN, recorded_by=staff_user, by_author=True
        )
        decide(
            idea, S.UNDER_REVIEW, editor, reason="Versehentlich zurückgezogen.", corrects=withdrawal
        )
        idea.refresh_from_db()
        assert idea.status == S.UNDER_REVIEW

    def test_only_the_newest_entry_and_only_with_a_reason(self, idea, editor):
        first = decide(idea, S.UNDER_REVIEW, editor)
        latest = decide(idea, S.ADOPTED, editor)
        with pytest.raises(ChangeRefused) as refused:
            decide(idea, S.REJECTED, editor, corrects=first)
        assert "neueste Eintrag" in str(refused.value)
        with pytest.raises(ChangeRefused) as refused:
            decide(idea, S.REJECTED, editor, corrects=latest, reason="")
        assert "reason" in refused.value.errors_by_field

    def test_cannot_jump_to_unrelated_states(self, idea, editor):
        decide(idea, S.UNDER_REVIEW, editor)
        latest = decide(idea, S.ADOPTED, editor)
        with pytest.raises(ChangeRefused):
            decide(idea, S.IMPLEMENTED, editor, corrects=latest)
