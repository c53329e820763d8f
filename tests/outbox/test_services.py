"""The outbox: written with the data, sent after the commit, retried for a day, then flagged."""

from __future__ import annotations

import datetime
import itertools
import threading

import pytest
from django.core import mail
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import connection, connections, transaction
from django.utils import timezone

from outbox import services
from outbox.models import OutgoingMail
from outbox.services import (
    claim_due,
    delete_expired,
    deliver,
    queue_mail,
    queue_message,
    resend,
    retry_delay,
    send_due,
)

pytestmark = pytest.mark.django_db
State = OutgoingMail.State


@pytest.fixture
def smtp_down(monkeypatch):
    """Every send fails as with an unreachable server."""
    calls = []

    def refuse(self, *args, **kwargs):
        calls.append(self.to)
        raise ConnectionRefusedError(111, "Connection refused")

    monkeypatch.setattr(EmailMessage, "send", refuse)
    return calls


def test_the_mail_is_written_at_once_and_sent_only_after_the_commit(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        row = queue_mail("Betreff", "Text", ["maria@example.org"], kind="test")
    assert OutgoingMail.objects.get().state == State.PENDING
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    row.refresh_from_db()
    assert (row.state, row.attempts, row.last_error) == (State.SENT, 1, "")
    assert row.sent_at is not None
    (sent,) = mail.outbox
    assert (sent.subject, sent.body, sent.to) == ("Betreff", "Text", ["maria@example.org"])


def test_nothing_is_sent_when_the_transaction_is_rolled_back(django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        queue_mail("Betreff", "Text", ["maria@example.org"])
        raise RuntimeError
    assert not OutgoingMail.objects.exists()
    assert mail.outbox == []


def test_the_message_is_kept_as_it_was_written(django_capture_on_commit_callbacks):
    message = EmailMultiAlternatives(
        "Betreff",
        "Text",
        "absender@kleve.de",
        ["a@example.org"],
        cc=["b@example.org"],
        bcc=["c@example.org"],
        reply_to=["antwort@example.org"],
        headers={"Auto-Submitted": "auto-generated"},
    )
    message.attach_alternative("<p>Text</p>", "text/html")
    with django_capture_on_commit_callbacks(execute=True):
        queue_message(message)
    (sent,) = mail.outbox
    assert sent.from_email == "absender@kleve.de"
    assert (sent.to, sent.cc, sent.bcc) == (["a@example.org"], ["b@example.org"], ["c@example.org"])
    assert sent.reply_to == ["antwort@example.org"]
    assert sent.extra_headers["Auto-Submitted"] == "auto-generated"
    assert sent.alternatives[0][0] == "<p>Text</p>"


def test_attachments_are_refused_rather_than_dropped():
    message = EmailMessage("Betreff", "Text", to=["a@example.org"])
    message.attach("daten.json", "{}", "application/json")
    with pytest.raises(ValueError):
        queue_message(message)


def test_a_failed_send_waits_for_the_next_attempt(smtp_down, django_capture_on_commit_callbacks):
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        row = queue_mail("Betreff", "Text", ["maria@example.org"])
    row.refresh_from_db()
    assert (row.state, row.attempts) == (State.PENDING, 1)
    assert row.last_error.startswith("ConnectionRefusedError")
    assert row.next_attempt_at >= before + datetime.timedelta(seconds=60)
    assert send_due().states == []  # not due yet: nothing is tried
    assert len(smtp_down) == 1


def test_the_delays_grow_and_are_capped():
    delays = [retry_delay(n).total_seconds() for n in range(1, 12)]
    assert delays[:5] == [60, 120, 240, 480, 960]
    assert all(later >= earlier for earlier, later in itertools.pairwise(delays))
    assert max(delays) == 4 * 60 * 60


def test_retries_go_on_for_a_day_then_the_mail_is_flagged_as_failed(smtp_down, monkeypatch):
    """Attempts at the scheduled times, with a clock that jumps to each next attempt."""
    row = OutgoingMail.objects.create(subject="Betreff", body="Text", to=["maria@example.org"])
    start = row.queued_at
    clock = [row.next_attempt_at]
    monkeypatch.setattr(services.timezone, "now", lambda: clock[0])
    attempts = []
    while True:
        result = send_due()
        attempts.append(clock[0])
        row.refresh_from_db()
        if row.state != State.PENDING:
            break
        clock[0] = row.next_attempt_at
    assert row.state == State.FAILED
    assert attempts[-1] - start >= datetime.timedelta(hours=24)
    assert attempts[-2] - start < datetime.timedelta(hours=24)
    gaps = [later - earlier for earlier, later in itertools.pairwise(attempts)]
    assert gaps == sorted(gaps)  # growing delays
    assert row.attempts == len(attempts) == len(smtp_down)
    assert result.failed == 1
    # A failed mail is left alone by the sweep.
    clock[0] += datetime.timedelta(days=1)
    assert send_due().states == []


def test_a_worker_that_stopped_while_sending_gives_the_mail_back_after_the_lease():
    row = OutgoingMail.objects.create(subject="Betreff", body="Text", to=["maria@example.org"])
    now = timezone.now()
    # What a killed worker leaves behind: claimed, never finished.
    OutgoingMail.objects.filter(pk=row.pk).update(
        state=State.SENDING, locked_until=now + datetime.timedelta(minutes=10), attempts=1
    )
    assert send_due().states == []  # still claimed by the other worker
    OutgoingMail.objects.filter(pk=row.pk).update(locked_until=now - datetime.timedelta(seconds=1))
    assert send_due().states == [State.SENT]
    assert len(mail.outbox) == 1
    row.refresh_from_db()
    assert (row.state, row.attempts) == (State.SENT, 2)


def test_a_mail_is_claimed_only_once():
    row = OutgoingMail.objects.create(subject="Betreff", body="Text", to=["maria@example.org"])
    first, _lease = claim_due()
    assert [m.pk for m in first] == [row.pk]
    assert claim_due() == ([], None)  # a second worker finds nothing to do
    assert deliver(row.pk) is None  # nor does the task for this mail
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_a_second_worker_skips_the_rows_the_first_has_locked():
    """PostgreSQL: select_for_update(skip_locked=True) lets two sweeps share the work."""
    if not connection.features.has_select_for_update_skip_locked:
        pytest.skip("SQLite locks the whole database file; claims are serialised there.")
    locked = OutgoingMail.objects.create(subject="Erste", body="Text", to=["a@example.org"])
    free = OutgoingMail.objects.create(subject="Zweite", body="Text", to=["b@example.org"])
    holding, release = threading.Event(), threading.Event()

    def first_worker():
        try:
            with transaction.atomic():
                list(OutgoingMail.objects.select_for_update().filter(pk=locked.pk))
                holding.set()
                release.wait(10)
        finally:
            connections.close_all()

    thread = threading.Thread(target=first_worker)
    thread.start()
    try:
        assert holding.wait(10)
        claimed, _ = claim_due()
        assert [m.pk for m in claimed] == [free.pk]
    finally:
        release.set()
        thread.join()
    locked.refresh_from_db()
    assert locked.state == State.PENDING


def test_an_administrator_can_send_a_failed_mail_again(
    smtp_down, monkeypatch, django_capture_on_commit_callbacks
):
    row = OutgoingMail.objects.create(
        subject="Betreff",
        body="Text",
        to=["maria@example.org"],
        state=State.FAILED,
        attempts=14,
        queued_at=timezone.now() - datetime.timedelta(days=2),
    )
    monkeypatch.undo()  # the server is back
    with django_capture_on_commit_callbacks(execute=True):
        assert resend(row)
    row.refresh_from_db()
    assert (row.state, row.attempts) == (State.SENT, 15)
    assert len(mail.outbox) == 1
    assert not resend(row)  # sent already: nothing happens


def test_sent_mails_are_deleted_after_the_retention_period(settings):
    settings.MAIL_OUTBOX = {**settings.MAIL_OUTBOX, "keep_sent_days": 30, "keep_failed_days": 90}
    now = timezone.now()
    days = datetime.timedelta(days=1)

    def make(state, **kwargs):
        return OutgoingMail.objects.create(
            subject=state, body="Text", to=["a@example.org"], state=state, **kwargs
        )

    old_sent = make(State.SENT, sent_at=now - 31 * days)
    recent_sent = make(State.SENT, sent_at=now - 29 * days)
    old_failed = make(State.FAILED, last_attempt_at=now - 91 * days)
    recent_failed = make(State.FAILED, last_attempt_at=now - 31 * days)
    old_pending = make(State.PENDING, created=now - 60 * days)
    assert delete_expired() == 2
    remaining = set(OutgoingMail.objects.values_list("pk", flat=True))
    assert remaining == {recent_sent.pk, recent_failed.pk, old_pending.pk}
    assert old_sent.pk not in remaining and old_failed.pk not in remaining


def test_the_sweep_stops_at_an_unreachable_server_and_counts_the_attempt_for_all(smtp_down):
    for n in range(3):
        OutgoingMail.objects.create(subject=f"Nr. {n}", body="Text", to=[f"{n}@example.org"])
    result = send_due()
    assert result.retrying == 3
    assert len(smtp_down) == 1  # one connection attempt, not one timeout per e-mail
    assert set(OutgoingMail.objects.values_list("state", "attempts")) == {(State.PENDING, 1)}


def test_an_address_can_be_forgotten():
    """For an account's deletion: its e-mails go, e-mails to others stay."""
    mine = queue_mail("Betreff", "Text", ["Maria@example.org"])
    reply = queue_mail("Meldung", "Text", ["team@kleve.de"], reply_to=["maria@example.org"])
    other = queue_mail("Betreff", "Text", ["annemaria@example.org"])
    assert services.forget_address("maria@example.org") == 2
    assert list(OutgoingMail.objects.values_list("pk", flat=True)) == [other.pk]
    assert not OutgoingMail.objects.filter(pk__in=[mine.pk, reply.pk]).exists()
