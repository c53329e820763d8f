"""Access is checked again when each e-mail is sent, not only when the recipients are found.

In production the e-mails wait in the database queue for the worker; a follower who left the
staff in the meantime must not receive the internal decision and its reasons.
"""

import pytest
from django.core import mail

from ideen.models import Idea, IdeaFollow
from tests.factories import StaffUserFactory
from transparenz import notifications
from transparenz.services import record_status_change

pytestmark = pytest.mark.django_db


def test_a_follower_who_lost_access_before_the_send_gets_nothing(idea, editor):
    follower = StaffUserFactory()
    IdeaFollow.objects.create(idea=idea, user=follower)
    change = record_status_change(
        idea,
        to_status=Idea.Status.UNDER_REVIEW,
        recorded_by=editor,
        deciding_body="Team",
        notify=False,
    )
    follower.groups.clear()

    assert notifications.send_status_change_email.call(change.pk, follower.pk) is False
    assert mail.outbox == []


def test_a_follower_who_still_has_access_is_mailed(idea, editor):
    follower = StaffUserFactory()
    IdeaFollow.objects.create(idea=idea, user=follower)
    change = record_status_change(
        idea,
        to_status=Idea.Status.UNDER_REVIEW,
        recorded_by=editor,
        deciding_body="Team",
        notify=False,
    )

    assert notifications.send_status_change_email.call(change.pk, follower.pk) is True
    assert [m.to for m in mail.outbox] == [[follower.email]]
