"""The same idea (or report of an idea) sent several times at the same moment is stored once.

Real concurrency on PostgreSQL, threads with their own connections (see
tests/diskussion/test_concurrent_posting.py for why not on SQLite).
"""

import pytest
from django.db import connection
from django.test import Client

from ideen.models import Idea, IdeaReport
from tests.concurrency import at_once
from tests.factories import IdeaFactory

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs parallel transactions (PostgreSQL)"
)

PARALLEL = 10


@pytest.fixture(autouse=True)
def no_posting_limits(settings):
    """The lock is tested here, not the rate limits (which would refuse some of the ten)."""
    settings.POSTING_RATE_LIMITS = {}


def logged_in_clients(user) -> list[Client]:
    clients = []
    for _ in range(PARALLEL):
        client = Client()
        client.force_login(user)
        clients.append(client)
    return clients


def test_ten_identical_ideas_at_once_give_one_row(transactional_db, platform, staff_user, category):
    data = {
        "title": "Zehnmal eingereicht",
        "description": "Einmal gespeichert.",
        "category": category.pk,
    }
    clients = logged_in_clients(staff_user)

    responses = at_once(
        [lambda c=c: c.post(f"/ideen/einreichen/{platform.pk}/", data) for c in clients]
    )

    rows = Idea.objects.filter(title="Zehnmal eingereicht").count()
    print(f"\n{PARALLEL} identical ideas at once: {rows} row(s)")
    assert rows == 1
    # One redirect to the new idea; the others see the form with the explanation.
    assert sorted(r.status_code for r in responses) == [200] * (PARALLEL - 1) + [302]


def test_ten_reports_of_one_idea_at_once_give_one_row(
    transactional_db, platform, staff_user, category
):
    from tests.factories import StaffUserFactory

    idea = IdeaFactory(space=platform, category=category, author=StaffUserFactory())
    clients = logged_in_clients(staff_user)

    responses = at_once(
        [lambda c=c: c.post(f"/ideen/{idea.pk}/melden/", {"reason": "Werbung"}) for c in clients]
    )

    rows = IdeaReport.objects.filter(idea=idea, user=staff_user).count()
    print(f"\n{PARALLEL} reports of one idea at once: {rows} row(s)")
    assert rows == 1
    assert {r.status_code for r in responses} == {302}
