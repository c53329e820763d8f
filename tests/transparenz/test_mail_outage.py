"""A decision e-mail survives a mail server outage (a real SMTP server on loopback)."""

import pytest

from ideen.models import Idea
from outbox.models import OutgoingMail
from outbox.services import send_due
from transparenz.services import record_status_change

pytestmark = pytest.mark.django_db


def test_the_decision_email_is_sent_once_the_server_is_back(
    idea, editor, staff_user, settings, smtp_server, django_capture_on_commit_callbacks
):
    settings.MAIL_OUTBOX = {**settings.MAIL_OUTBOX, "first_delay": 0}
    with django_capture_on_commit_callbacks(execute=True):
        record_status_change(
            idea, to_status=Idea.Status.UNDER_REVIEW, recorded_by=editor, deciding_body="Team"
        )
    idea.refresh_from_db()
    assert idea.status == Idea.Status.UNDER_REVIEW
    waiting = OutgoingMail.objects.get(kind="decision")
    assert (waiting.to, waiting.state, waiting.attempts) == ([staff_user.email], "pending", 1)

    send_due()  # still down: one more attempt, still waiting
    waiting.refresh_from_db()
    assert (waiting.state, waiting.attempts) == ("pending", 2)

    smtp_server.start()
    assert send_due().sent == 1
    assert send_due().states == []
    (message,) = smtp_server.recorder.messages
    assert message.rcpt_tos == [staff_user.email]
    assert "Termine online buchen" in message.content.decode("utf-8", "replace")
