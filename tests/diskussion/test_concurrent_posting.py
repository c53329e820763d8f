"""The same comment (or report) sent several times at the same moment is stored once.

Real concurrency: threads with their own database connections post through the test client.
Only on PostgreSQL: SQLite's in-memory test database locks whole tables, so parallel writers
fail with "database table is locked" instead of racing.
"""

import pytest
from django.db import connection
from django.test import Client
from django_comments.models import CommentFlag
from django_comments_xtd.models import XtdComment

from tests.concurrency import at_once

from .conftest import make_comment, post_data

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs parallel transactions (PostgreSQL)"
)

PARALLEL = 10


@pytest.fixture(autouse=True)
def no_posting_limits(settings):
    """The lock is tested here, not the rate limits (which would refuse some of the ten)."""
    settings.POSTING_RATE_LIMITS = {}


def logged_in_clients(user, count: int = PARALLEL) -> list[Client]:
    clients = []
    for _ in range(count):
        client = Client()
        client.force_login(user)
        clients.append(client)
    return clients


def test_ten_identical_comments_at_once_give_one_row(transactional_db, user, project):
    data = post_data(project, "Zehnmal abgeschickt, einmal gespeichert.")
    clients = logged_in_clients(user)

    responses = at_once([lambda c=c: c.post("/kommentare/post/", data) for c in clients])

    rows = XtdComment.objects.filter(user=user, comment__startswith="Zehnmal").count()
    print(f"\n{PARALLEL} identical comments at once: {rows} row(s)")
    assert rows == 1
    comment = XtdComment.objects.get(user=user)
    # Every request ends on the one comment, none with an error.
    assert {r.status_code for r in responses} == {302}
    assert {r["Location"] for r in responses} == {f"/kommentare/gepostet/?c={comment.pk}"}


def test_ten_identical_replies_at_once_give_one_row(transactional_db, user, other_user, project):
    parent = make_comment(project, other_user, "Der erste Beitrag.")
    data = post_data(project, "Eine Antwort, zehnmal geschickt.", reply_to=parent.pk)
    clients = logged_in_clients(user)

    at_once([lambda c=c: c.post("/kommentare/post/", data) for c in clients])

    assert XtdComment.objects.filter(user=user, parent_id=parent.pk).count() == 1


def test_ten_reports_of_one_comment_at_once_give_one_flag(
    transactional_db, user, other_user, project
):
    comment = make_comment(project, other_user, "Ein Beitrag zum Melden.")
    clients = logged_in_clients(user)

    responses = at_once([lambda c=c: c.post(f"/kommentare/{comment.pk}/melden/") for c in clients])

    flags = CommentFlag.objects.filter(comment=comment, user=user, flag=CommentFlag.SUGGEST_REMOVAL)
    print(f"\n{PARALLEL} reports of one comment at once: {flags.count()} flag(s)")
    assert flags.count() == 1
    assert {r.status_code for r in responses} == {302}
