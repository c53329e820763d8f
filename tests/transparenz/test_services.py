"""Recording changes: one transaction, sanitised text, e-mails after the commit, retries."""

import logging

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from ideen import services as idea_services
from ideen.models import Idea, IdeaFollow
from outbox.models import OutgoingMail
from outbox.services import send_due
from tests.factories import StaffUserFactory, UserFactory
from transparenz.models import NotificationPreference, ProgressNote, StatusChange
from transparenz.services import ChangeRefused, add_progress_note, record_status_change

pytestmark = pytest.mark.django_db
S = Idea.Status


@pytest.fixture
def follower(idea):
    user = StaffUserFactory(display_name="Jonas Peters")
    IdeaFollow.objects.create(idea=idea, user=user)
    return user


def adopt(idea, editor, **kwargs):
    record_status_change(idea, to_status=S.UNDER_REVIEW, recorded_by=editor, notify=False)
    return record_status_change(
        idea,
        to_status=S.ADOPTED,
        recorded_by=editor,
        reason=kwargs.pop("reason", "Das spart allen Zeit."),
        deciding_body="Verwaltungsvorstand",
        **kwargs,
    )


def test_writes_the_row_and_the_state_together(idea, editor):
    change = record_status_change(
        idea, to_status=S.UNDER_REVIEW, recorded_by=editor, deciding_body="Team"
    )
    idea.refresh_from_db()
    assert idea.status == S.UNDER_REVIEW
    assert (change.from_status, change.to_status, change.recorded_by) == (
        S.SUBMITTED,
        S.UNDER_REVIEW,
        editor,
    )


def test_nothing_is_written_when_the_transaction_fails(idea, editor):
    with pytest.raises(RuntimeError), transaction.atomic():
        record_status_change(idea, to_status=S.UNDER_REVIEW, recorded_by=editor)
        raise RuntimeError
    idea.refresh_from_db()
    assert idea.status == S.SUBMITTED
    assert not StatusChange.objects.exists()


def test_reason_and_body_are_sanitised(idea, editor):
    change = adopt(
        idea,
        editor,
        reason="<script>alert(1)</script><b>Gut</b> für alle.\r\n\r\n\r\n"
        'Siehe <a href="x">hier</a>',
    )
    assert "<" not in change.reason
    assert change.reason == "alert(1)Gut für alle.\n\nSiehe hier"


def test_author_and_followers_get_a_german_email_after_the_commit(
    idea, editor, follower, staff_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        adopt(idea, editor)
    assert mail.outbox == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert sorted(m.to[0] for m in mail.outbox) == sorted([staff_user.email, follower.email])
    message = next(m for m in mail.outbox if m.to == [follower.email])
    assert message.subject == "Neuer Stand zu „Termine online buchen“: Angenommen"
    assert "der Sie folgen" in message.body
    assert "Das spart allen Zeit." in message.body
    assert "Entschieden von: Verwaltungsvorstand" in message.body
    assert f"/ideen/{idea.pk}/#statusaenderung-" in message.body
    assert "/konto/benachrichtigungen/" in message.body
    to_author = next(m for m in mail.outbox if m.to == [staff_user.email])
    assert "Ihrer Idee" in to_author.body


def test_whoever_recorded_it_gets_no_email(
    idea, editor, staff_user, django_capture_on_commit_callbacks
):
    IdeaFollow.objects.create(idea=idea, user=editor)
    with django_capture_on_commit_callbacks(execute=True):
        adopt(idea, editor)
    assert [m.to for m in mail.outbox] == [[staff_user.email]]


def test_people_who_turned_emails_off_get_none(
    idea, editor, follower, staff_user, django_capture_on_commit_callbacks
):
    NotificationPreference.objects.create(user=follower, status_emails=False)
    with django_capture_on_commit_callbacks(execute=True):
        adopt(idea, editor)
    assert [m.to for m in mail.outbox] == [[staff_user.email]]


def test_followers_who_lost_access_get_no_internal_news(
    idea, editor, staff_user, django_capture_on_commit_callbacks
):
    former = UserFactory()  # no staff address any more: may not read internal ideas
    IdeaFollow.objects.create(idea=idea, user=former)
    with django_capture_on_commit_callbacks(execute=True):
        adopt(idea, editor)
    assert [m.to for m in mail.outbox] == [[staff_user.email]]


def test_a_failing_send_is_retried(
    idea, editor, staff_user, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    real_send = mail.EmailMessage.send
    attempts = []

    def flaky(self, *args, **kwargs):
        attempts.append(1)
        if len(attempts) < 2:
            raise ConnectionError("SMTP down")
        return real_send(self, *args, **kwargs)

    monkeypatch.setattr(mail.EmailMessage, "send", flaky)
    with (
        caplog.at_level(logging.WARNING, logger="outbox.services"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        adopt(idea, editor)
    assert mail.outbox == []
    waiting = OutgoingMail.objects.get(kind="decision")
    assert (waiting.state, waiting.attempts) == ("pending", 1)
    assert "will retry" in caplog.text

    OutgoingMail.objects.update(next_attempt_at=timezone.now())  # the delay has passed
    send_due()
    assert len(attempts) == 2
    assert [m.to for m in mail.outbox] == [[staff_user.email]]


def test_a_failed_send_never_undoes_the_decision(
    idea, editor, follower, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(self, *args, **kwargs):
        raise ConnectionError("SMTP down")

    monkeypatch.setattr(mail.EmailMessage, "send", broken)
    with django_capture_on_commit_callbacks(execute=True):
        change = adopt(idea, editor)
    idea.refresh_from_db()
    assert idea.status == S.ADOPTED
    assert StatusChange.objects.filter(pk=change.pk).exists()
    # Both e-mails wait for the next attempt, one each for author and follower.
    assert sorted(OutgoingMail.objects.values_list("state", "attempts")) == [
        ("pending", 1),
        ("pending", 1),
    ]


def test_the_author_withdrawing_writes_a_trail_entry(
    idea, staff_user, follower, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        idea_services.withdraw_idea(idea, user=staff_user)
    change = StatusChange.objects.get(idea=idea)
    assert (change.from_status, change.to_status, change.recorded_by) == (
        S.SUBMITTED,
        S.WITHDRAWN,
        staff_user,
    )
    idea.refresh_from_db()
    assert idea.status == S.WITHDRAWN
    assert [m.to for m in mail.outbox] == [[follower.email]]  # not the author, who did it
    assert "Von der einreichenden Person zurückgezogen." in mail.outbox[0].body


def test_withdrawing_after_a_decision_is_refused(idea, staff_user, editor):
    adopt(idea, editor, notify=False)
    with pytest.raises(idea_services.ActionNotAllowed):
        idea_services.withdraw_idea(idea, user=staff_user)
    assert StatusChange.objects.filter(idea=idea).count() == 2


class TestProgressNotes:
    def test_only_while_in_implementation(self, idea, editor):
        with pytest.raises(ChangeRefused):
            add_progress_note(idea, text="Zu früh.", recorded_by=editor)
        adopt(idea, editor, notify=False)
        record_status_change(
            idea,
            to_status=S.IN_IMPLEMENTATION,
            recorded_by=editor,
            reason="Los geht's.",
            notify=False,
        )
        note = add_progress_note(idea, text="<i>Software</i> bestellt.", recorded_by=editor)
        assert note.text == "Software bestellt."
        assert ProgressNote.objects.filter(idea=idea).count() == 1

    def test_needs_text(self, idea, editor):
        adopt(idea, editor, notify=False)
        record_status_change(
            idea, to_status=S.IN_IMPLEMENTATION, recorded_by=editor, reason="Los.", notify=False
        )
        with pytest.raises(ChangeRefused) as refused:
            add_progress_note(idea, text="  <b></b> ", recorded_by=editor)
        assert "text" in refused.value.errors_by_field
