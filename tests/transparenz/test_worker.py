"""Production queues the e-mails in the database (django-tasks-db); `db_worker` sends them."""

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from ideen.models import Idea, IdeaFollow
from tests.factories import StaffUserFactory
from transparenz import notifications
from transparenz.services import record_status_change

S = Idea.Status


def ours():
    """Task results of this app (Wagtail queues its own index updates too)."""
    return DBTaskResult.objects.filter(task_path__startswith="transparenz.")


@pytest.fixture
def database_tasks(settings, monkeypatch):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    monkeypatch.setattr(notifications, "RETRY_DELAYS", (0, 0))


@pytest.mark.django_db(transaction=True)
def test_the_decision_is_queued_and_the_worker_sends_it(database_tasks, idea, editor, staff_user):
    follower = StaffUserFactory()
    IdeaFollow.objects.create(idea=idea, user=follower)
    record_status_change(idea, to_status=S.UNDER_REVIEW, recorded_by=editor, deciding_body="Team")

    # The request only queued one task; nobody was e-mailed yet.
    assert mail.outbox == []
    queued = ours().get()
    assert queued.task_path == "transparenz.notifications.notify_status_change"

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([staff_user.email, follower.email])
    assert ours().count() == 3  # the fan-out and one e-mail per person
    assert set(ours().values_list("status", flat=True)) == {"SUCCESSFUL"}


@pytest.mark.django_db(transaction=True)
def test_a_failed_send_is_recorded_as_failed_and_the_decision_stays(
    database_tasks, idea, editor, staff_user, monkeypatch
):
    monkeypatch.setattr(mail.EmailMessage, "send", lambda self, *a, **k: 1 / 0)
    record_status_change(idea, to_status=S.UNDER_REVIEW, recorded_by=editor)
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    statuses = sorted(ours().values_list("status", flat=True))
    assert statuses == ["FAILED", "SUCCESSFUL"]
    idea.refresh_from_db()
    assert idea.status == S.UNDER_REVIEW
