"""Deleting an account while a decision on an idea it supports is being recorded (PostgreSQL):
both transactions finish, the counter equals the rows and the trail entry is kept."""

import threading
import time

import pytest
from django.db import close_old_connections, connection, transaction

from accounts.deletion import delete_account
from accounts.models import User
from ideen.models import Idea, IdeaSupport
from ideen.services import set_support
from tests.factories import IdeaFactory, StaffUserFactory, UserFactory
from transparenz.models import StatusChange
from transparenz.services import record_status_change

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def test_deletion_waits_for_a_decision_in_progress_and_both_finish(platform, staff_user):
    idea = IdeaFactory(space=platform, author=UserFactory())
    set_support(idea, user=staff_user, support=True)
    set_support(idea, user=StaffUserFactory(), support=True)
    locked = threading.Event()
    errors = []

    def decide():
        try:
            with transaction.atomic():
                Idea.objects.select_for_update().get(pk=idea.pk)
                record_status_change(
                    idea,
                    to_status="in_pruefung",
                    recorded_by=staff_user,  # the person being deleted recorded it
                    deciding_body="Digitalisierungsteam",
                    notify=False,
                )
                locked.set()
                time.sleep(1.0)  # the deletion starts meanwhile and must wait
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
            locked.set()
        finally:
            close_old_connections()
            connection.close()

    decider = threading.Thread(target=decide)
    decider.start()
    assert locked.wait(10)
    started = time.monotonic()
    delete_account(User.objects.get(pk=staff_user.pk))
    waited = time.monotonic() - started
    decider.join(10)

    assert errors == []
    assert waited > 0.5  # it waited for the decision's row lock
    idea.refresh_from_db()
    assert idea.status == "in_pruefung"
    assert idea.support_count == IdeaSupport.objects.filter(idea=idea).count() == 1
    change = StatusChange.objects.get(idea=idea)
    assert change.deciding_body == "Digitalisierungsteam"
    assert User.objects.get(pk=staff_user.pk).deleted_at is not None
