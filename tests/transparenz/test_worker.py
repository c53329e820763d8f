"""Production queues the e-mails in the database (django-tasks-db); `db_worker` sends them."""

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from ideen.models import Idea, IdeaFollow
from outbox.models import OutgoingMail
from tests.factories import StaffUserFactory
from transparenz.services import record_status_change

S = Idea.Status


def ours():
    """Task results of the outbox (Wagtail queues its own index updates too)."""
    return DBTaskResult.objects.filter(task_path__startswith="outbox.")


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.mark.django_db(transaction=True)
def test_the_decision_is_queued_and_the_worker_sends_it(database_tasks, idea, editor, staff_user):
    follower = StaffUserFactory()
    IdeaFollow.objects.create(idea=idea, user=follower)
    record_status_change(idea, to_status=S.UNDER_REVIEW, recorded_by=editor, deciding_body="Team")

    # The request only wrote the e-mails and queued one task each; nobody was e-mailed yet.
    assert mail.outbox == []
    assert OutgoingMail.objects.filter(state="pending").count() == 2
    assert set(ours().values_list("task_path", flat=True)) == {"outbox.tasks.send_outgoing_mail"}

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([staff_user.email, follower.email])
    assert set(OutgoingMail.objects.values_list("state", flat=True)) == {"sent"}
    assert set(ours().values_list("status", flat=True)) == {"SUCCESSFUL"}


@pytest.mark.django_db(transaction=True)
def test_a_failed_send_waits_for_the_next_attempt_and_the_decision_stays(
    database_tasks, idea, editor, staff_user, monkeypatch
):
    monkeypatch.setattr(mail.EmailMessage, "send", lambda self, *a, **k: 1 / 0)
    record_status_change(idea, to_status=S.UNDER_REVIEW, recorded_by=editor)
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    waiting = OutgoingMail.objects.get()
    assert (waiting.state, waiting.attempts) == ("pending", 1)
    assert "ZeroDivisionError" in waiting.last_error
    idea.refresh_from_db()
    assert idea.status == S.UNDER_REVIEW
