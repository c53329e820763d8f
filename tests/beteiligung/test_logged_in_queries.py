"""Logged-in pages of a project run at most 15 queries, whatever the number of ideas and
comments (issue 12): the project page, its idea list and an idea page with its discussion.

The thread pages come from the shared cache (diskussion.fragments); roles, admin access,
categories, breadcrumbs and view restrictions are read once per content generation.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_comments.models import CommentFlag
from django_comments_xtd.models import LIKEDIT_FLAG

from ideen.models import Idea
from tests.diskussion.conftest import make_comment
from tests.factories import CategoryFactory, IdeaFactory, UserFactory

pytestmark = pytest.mark.django_db

MAX_QUERIES = 15


@pytest.fixture(autouse=True)
def rendered_pages(settings):
    """Count the queries of pages rendered, not of a citizen's page served again from the
    cache (home.pagecache keeps those per session: they cost none)."""
    settings.PAGE_CACHE_PERSONAL_TIMEOUT = 0


def add_content(project, reader, ideas: int, comments: int, idea: Idea | None = None) -> Idea:
    """Ideas in the project and comments on it and on an idea (the first new one unless
    given), some by the reader and some liked and reported by them; returns that idea."""
    category = CategoryFactory()
    created = [IdeaFactory(space=project, category=category) for _ in range(ideas)]
    idea = idea or created[0]
    others = [UserFactory() for _ in range(2)]
    for target in (project, idea):
        for n in range(comments):
            author = reader if n % 4 == 0 else others[n % 2]
            root = make_comment(target, author, f"Beitrag {n}")
            reply = make_comment(target, others[0], f"Antwort {n}", parent=root)
            if n % 3 == 0:
                CommentFlag.objects.create(comment=reply, user=reader, flag=LIKEDIT_FLAG)
            if n % 5 == 0:
                CommentFlag.objects.create(
                    comment=reply, user=reader, flag=CommentFlag.SUGGEST_REMOVAL
                )
    idea.refresh_comment_count()
    return idea


def queries(client, url: str) -> int:
    client.get(url)  # the first request after a change renders the shared parts
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.fixture
def pages(open_project, citizen):
    def urls(idea):
        return {
            "project page": open_project.url,
            "idea list": f"{open_project.url}?sort=supported",
            "idea page": idea.get_absolute_url(),
        }

    return urls


@pytest.mark.parametrize("ideas, comments", [(3, 5), (45, 60)])
def test_logged_in_pages_stay_within_the_bound(
    client, open_project, citizen, pages, ideas, comments, django_assert_max_num_queries
):
    idea = add_content(open_project, citizen, ideas, comments)
    client.force_login(citizen)
    for name, url in pages(idea).items():
        client.get(url)
        with django_assert_max_num_queries(MAX_QUERIES, info=name):
            response = client.get(url)
        assert response.status_code == 200
        assert "(Sie)" in response.content.decode() or name == "idea list"


def test_logged_in_queries_do_not_grow_with_ideas_and_comments(
    client, open_project, citizen, pages
):
    idea = add_content(open_project, citizen, 3, 5)
    client.force_login(citizen)
    before = {name: queries(client, url) for name, url in pages(idea).items()}
    add_content(open_project, citizen, 45, 60, idea=idea)
    after = {name: queries(client, url) for name, url in pages(idea).items()}
    assert after == before
