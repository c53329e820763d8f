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


def test_supports_at_once_keep_the_count_equal_to_the_rows(
    transactional_db, platform, staff_user, category
):
    """Ten colleagues support one idea at the same moment, and one of them clicks ten times."""
    from tests.factories import StaffUserFactory

    idea = IdeaFactory(space=platform, category=category, author=StaffUserFactory())
    colleagues = [StaffUserFactory() for _ in range(PARALLEL)]
    many = []
    for user in colleagues:
        client = Client()
        client.force_login(user)
        many.append(client)
    url = f"/ideen/{idea.pk}/unterstuetzen/"

    at_once([lambda c=c: c.post(url, {"state": "1"}) for c in many])
    at_once([lambda c=c: c.post(url, {"state": "1"}) for c in logged_in_clients(staff_user)])

    idea.refresh_from_db()
    assert idea.supports.count() == PARALLEL + 1
    assert idea.support_count == PARALLEL + 1


def test_a_support_does_not_lock_the_project_page(transactional_db, platform, staff_user, category):
    """While a support's transaction runs, editors can still publish the page of its space."""
    import threading

    from django.db import connections, transaction
    from wagtail.models import Page

    from ideen import services

    idea = IdeaFactory(space=platform, category=category)
    inside, leave = threading.Event(), threading.Event()

    def support_and_wait():
        try:
            with transaction.atomic():
                services.set_support(idea, user=staff_user, support=True)
                inside.set()
                leave.wait(10)
        finally:
            connections.close_all()

    thread = threading.Thread(target=support_and_wait)
    thread.start()
    try:
        assert inside.wait(10)
        with transaction.atomic():
            page = Page.objects.select_for_update(nowait=True).get(pk=platform.pk)
        assert page.pk == platform.pk
    finally:
        leave.set()
        thread.join(10)
