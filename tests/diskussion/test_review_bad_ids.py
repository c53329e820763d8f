"""Comment ids from the outside that cannot exist get a 404 or a refusal, never a 500.

Comments-xtd's primary key is a link to django-comments' table (``comment_ptr``), so Django
does not range-check lookups on it as it does for plain integer keys: on SQLite a number
beyond 64 bits raised OverflowError and the page answered 500.
"""

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django_comments_xtd.models import XtdComment

from .conftest import make_comment, post_data

pytestmark = pytest.mark.django_db

HUGE = "9" * 30


@pytest.fixture
def comment(project, other_user):
    return make_comment(project, other_user, "Ein sichtbarer Beitrag.")


@pytest.mark.parametrize(
    "action", ["antworten", "bearbeiten", "loeschen", "gefaellt-mir", "melden"]
)
def test_huge_comment_id_in_the_address_is_not_found(client, user, action):
    client.force_login(user)
    response = client.post(f"/kommentare/{HUGE}/{action}/")
    assert response.status_code == 404


def test_huge_comment_id_after_posting_is_not_found(client, user):
    client.force_login(user)
    assert client.get(f"/kommentare/gepostet/?c={HUGE}").status_code == 404


def test_huge_object_id_in_the_permalink_is_not_found(client, project):
    content_type = ContentType.objects.get_for_model(project)
    assert client.get(f"/kommentare/cr/{content_type.pk}/{HUGE}/").status_code == 404


def test_huge_object_pk_in_a_post_is_refused(client, user, project):
    client.force_login(user)
    response = client.post("/kommentare/post/", post_data(project, object_pk=HUGE))
    assert response.status_code == 400
    assert not XtdComment.objects.exists()


@pytest.mark.parametrize("reply_to", [HUGE, "abc", "-1"])
def test_impossible_reply_to_in_a_post_is_refused(client, user, project, comment, reply_to):
    client.force_login(user)
    response = client.post("/kommentare/post/", post_data(project, reply_to=reply_to))
    assert response.status_code == 400
    assert XtdComment.objects.count() == 1


def test_a_normal_reply_still_works(client, user, project, comment):
    client.force_login(user)
    response = client.post("/kommentare/post/", post_data(project, reply_to=comment.pk))
    assert response.status_code == 302
    assert XtdComment.objects.filter(parent_id=comment.pk).exclude(pk=comment.pk).exists()


@pytest.mark.parametrize("view", ["edit", "delete", "history", "history-results", "usage"])
def test_huge_comment_id_in_the_moderation_admin_is_not_found(client, groups, view):
    from tests.factories import UserFactory

    moderator = UserFactory(is_superuser=True)
    moderator.groups.add(Group.objects.get(name="Moderation"))
    client.force_login(moderator)
    response = client.get(f"/cms/moderatedcomment/{view}/{HUGE}/")
    assert response.status_code == 404
