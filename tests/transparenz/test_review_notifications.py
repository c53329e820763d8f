"""Access is checked again before each e-mail is sent, not only when the recipients are found.

The e-mails wait in the outbox until they are sent (after the commit, or after a mail server
outage up to a day later); a follower who left the staff in the meantime must not receive the
internal decision and its reasons.
"""

import pytest
from django.core import mail

from ideen.models import Idea, IdeaFollow
from outbox.models import OutgoingMail
from outbox.services import send_due
from tests.factories import StaffUserFactory
from transparenz.services import record_status_change

pytestmark = pytest.mark.django_db


@pytest.fixture
def follower(idea):
    follower = StaffUserFactory()
    IdeaFollow.objects.create(idea=idea, user=follower)
    return follower


def decide(idea, editor):
    return record_status_change(
        idea, to_status=Idea.Status.UNDER_REVIEW, recorded_by=editor, deciding_body="Team"
    )


def test_a_follower_who_lost_access_before_the_send_gets_nothing(idea, editor, follower):
    decide(idea, editor)  # queued in the outbox; the commit has not happened yet
    follower.groups.clear()

    send_due()

    assert [m.to for m in mail.outbox] == [[idea.author.email]]
    kept_back = OutgoingMail.objects.get(to=[follower.email])
    assert kept_back.state == OutgoingMail.State.CANCELLED


def test_a_follower_who_still_has_access_is_mailed(idea, editor, follower):
    decide(idea, editor)

    send_due()

    assert sorted(m.to[0] for m in mail.outbox) == sorted([idea.author.email, follower.email])
    assert set(OutgoingMail.objects.values_list("state", flat=True)) == {"sent"}
