"""List and detail pages run a fixed number of queries, whatever the number of ideas, votes
and comments.

Measured on SQLite (Nov 2026): the platform list needs 21-22 queries, an idea page 15 (with its
status trail and a discussion of 30 comments); about half of them are the page tree, session,
user and base layout. The bounds leave a little room for the shared layout to grow; the
equality test pins that nothing grows with the data.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ideen.models import Idea, IdeaSupport
from tests.factories import IdeaFactory, StaffUserFactory

pytestmark = pytest.mark.django_db

LIST_MAX_QUERIES = 26
DETAIL_MAX_QUERIES = 20
LIST_PARAMS = [
    {},
    {"q": "Idee", "sort": "supported", "mine": "on", "status": "eingereicht"},
    {"page": 2, "sort": "discussed"},
]


def add_ideas(platform, category, count: int) -> list[Idea]:
    """Ideas by three colleagues, each supported by the two others."""
    colleagues = [StaffUserFactory() for _ in range(3)]
    Idea.objects.bulk_create(
        [
            IdeaFactory.build(space=platform, category=category, author=colleagues[n % 3])
            for n in range(count)
        ]
    )
    ideas = list(Idea.objects.filter(space=platform, author__in=colleagues))
    IdeaSupport.objects.bulk_create(
        [
            IdeaSupport(idea=idea, user=user)
            for idea in ideas
            for user in colleagues
            if user.pk != idea.author_id
        ]
    )
    Idea.objects.filter(pk__in=[i.pk for i in ideas]).update(support_count=2, comment_count=3)
    return ideas


def count_queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("size", [5, 200])
def test_list_stays_within_the_bound(
    client, other_staff, platform, category, size, django_assert_max_num_queries
):
    add_ideas(platform, category, size)
    client.force_login(other_staff)
    for params in LIST_PARAMS:
        with django_assert_max_num_queries(LIST_MAX_QUERIES):
            response = client.get(platform.url, params)
        assert response.status_code == 200
    assert len(client.get(platform.url).context["ideas"].object_list) == min(20, size)


@pytest.mark.parametrize("size", [5, 200])
def test_detail_stays_within_the_bound(
    client, other_staff, platform, category, size, django_assert_max_num_queries
):
    ideas = add_ideas(platform, category, size)
    add_comments(ideas[-1], other_staff, size // 5)
    client.force_login(other_staff)
    # The first request renders the shared thread page (diskussion.fragments): two queries more.
    with django_assert_max_num_queries(DETAIL_MAX_QUERIES + 2):
        client.get(ideas[-1].get_absolute_url())
    with django_assert_max_num_queries(DETAIL_MAX_QUERIES):
        response = client.get(ideas[-1].get_absolute_url())
    assert response.status_code == 200


def add_comments(idea, user, count: int) -> None:
    """Comments and replies on an idea, as the discussion shows them."""
    from django.contrib.contenttypes.models import ContentType
    from django_comments_xtd.models import XtdComment

    parent = None
    for n in range(count):
        comment = XtdComment.objects.create(
            content_type=ContentType.objects.get_for_model(Idea),
            object_pk=str(idea.pk),
            site_id=1,
            user=user,
            user_name=user.public_name,
            user_email=user.email,
            comment=f"Beitrag {n}",
            parent_id=parent.pk if parent and n % 3 else 0,
        )
        parent = comment if n % 3 == 0 else parent
    idea.refresh_comment_count()


def test_queries_do_not_grow_with_ideas_votes_and_comments(
    client, other_staff, platform, category, page_cache_off
):
    ideas = add_ideas(platform, category, 5)
    add_comments(ideas[0], other_staff, 2)
    client.force_login(other_staff)
    count_queries(client, platform.url)  # the first request after login checks the consent once
    before = [count_queries(client, platform.url, params) for params in LIST_PARAMS]
    detail_before = count_queries(client, ideas[0].get_absolute_url())
    add_ideas(platform, category, 195)
    add_comments(ideas[0], other_staff, 30)
    after = [count_queries(client, platform.url, params) for params in LIST_PARAMS]
    assert after == before
    assert count_queries(client, ideas[0].get_absolute_url()) == detail_before


def statements(queries: CaptureQueriesContext) -> list[str]:
    """The SQL statements sent, without the savepoints of nested transactions."""
    return [
        q["sql"] for q in queries.captured_queries if "SAVEPOINT" not in q["sql"].split(" ", 2)[:2]
    ]


def test_a_vote_reads_the_idea_once_and_writes_two_rows(client, other_staff, idea):
    """Supports come in bursts (a campaign, a newsletter): a vote stays a short request.

    The session's user, the idea (without its texts), its row locked and read again, the
    user's support; a new support writes its row and the counter. Without row locks (SQLite)
    the counter is read once more.
    """
    client.force_login(other_staff)
    url = f"/ideen/{idea.pk}/unterstuetzen/"
    headers = {"Accept": "application/json"}
    client.get(idea.get_absolute_url())  # the first request after login checks the consent once
    with CaptureQueriesContext(connection) as first:
        response = client.post(url, {"state": "1"}, headers=headers)
    assert response.json()["count"] == 1
    with CaptureQueriesContext(connection) as again:
        response = client.post(url, {"state": "1"}, headers=headers)
    assert response.json()["supported"] is True
    assert response.json()["count_label"] == "1 Unterstützung"
    assert IdeaSupport.objects.filter(idea=idea).count() == 1

    locks = connection.features.has_select_for_update
    assert len(statements(first)) == (6 if locks else 7)
    assert len(statements(again)) == (4 if locks else 5)
    writes = [sql for sql in statements(first) if not sql.startswith("SELECT")]
    assert [sql.split(" (")[0] for sql in writes] == [
        'INSERT INTO "ideen_ideasupport"',
        'UPDATE "ideen_idea" SET "support_count" =',
    ]
    assert not [sql for sql in statements(again) if '"description' in sql]
