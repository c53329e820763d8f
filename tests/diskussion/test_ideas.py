"""Discussions on internal ideas: staff discuss, nobody else sees or posts anything."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django_comments_xtd.models import XtdComment

from diskussion import services
from ideen.models import Idea
from ideen.staff import ensure_groups
from tests.factories import (
    IdeaFactory,
    IdeaPlatformPageFactory,
    StaffUserFactory,
    UserFactory,
    move_to,
)

from .conftest import make_comment, post_data

pytestmark = pytest.mark.django_db

SECRET = "Interner Hinweis zur Haushaltsplanung"


@pytest.fixture
def staff(db):
    ensure_groups()
    return StaffUserFactory(display_name="Anna Schmitz")


@pytest.fixture
def colleague(db):
    ensure_groups()
    return StaffUserFactory(display_name="Jonas Peters")


@pytest.fixture
def idea(home_page, staff):
    platform = IdeaPlatformPageFactory(parent=home_page)
    return IdeaFactory(space=platform, author=staff, title="Digitale Akte")


@pytest.fixture
def secret(idea, colleague):
    comment = make_comment(idea, colleague, SECRET)
    idea.refresh_comment_count()
    return comment


def test_staff_discuss_an_internal_idea_and_the_counter_follows(client, staff, idea):
    client.force_login(staff)
    response = client.post("/kommentare/post/", post_data(idea, "Gute Idee!"), follow=True)
    html = response.content.decode()
    comment = XtdComment.objects.get()
    assert response.redirect_chain[-1][0] == f"{idea.get_absolute_url()}#c{comment.pk}"
    assert "Vielen Dank. Ihr Beitrag wurde veröffentlicht." in html
    assert "Diskussion (1 Beitrag)" in html
    assert Idea.objects.get(pk=idea.pk).comment_count == 1

    client.post(f"/kommentare/{comment.pk}/loeschen/")
    assert Idea.objects.get(pk=idea.pk).comment_count == 0


def test_moderation_removal_updates_the_counter(staff, idea, secret):
    assert Idea.objects.get(pk=idea.pk).comment_count == 1
    services.remove_comment(secret, staff, "Off-Topic", idea)
    assert Idea.objects.get(pk=idea.pk).comment_count == 0
    services.restore_comment(secret, idea)
    assert Idea.objects.get(pk=idea.pk).comment_count == 1


@pytest.mark.parametrize("who", ["anonymous", "citizen"])
def test_forged_post_on_an_internal_idea_is_refused(client, idea, who):
    if who == "citizen":
        client.force_login(UserFactory())
    response = client.post("/kommentare/post/", post_data(idea, "Von außen"))
    assert response.status_code == 403
    assert not XtdComment.objects.exists()
    assert idea.title not in response.content.decode()


def test_withdrawn_idea_takes_no_more_comments(client, staff, idea):
    move_to(idea, Idea.Status.WITHDRAWN)
    idea.refresh_from_db()
    client.force_login(staff)
    assert client.post("/kommentare/post/", post_data(idea)).status_code == 403
    assert not XtdComment.objects.exists()


@pytest.fixture(params=["anonymous", "citizen"])
def outsider(request, client):
    if request.param == "citizen":
        client.force_login(UserFactory())
    return client


def test_internal_comments_do_not_leak_to_outsiders(outsider, idea, secret):
    ct = ContentType.objects.get_for_model(Idea)
    urls = [
        f"/kommentare/cr/{ct.pk}/{idea.pk}/",
        f"/kommentare/api/ideen-idea/{idea.pk}/",
        f"/kommentare/api/ideen-idea/{idea.pk}/count/",
        f"/kommentare/sent/?c={secret.pk}",
        f"/kommentare/reply/{secret.pk}/",
        f"/kommentare/flag/{secret.pk}/",
        f"/kommentare/like/{secret.pk}/",
        f"/kommentare/gepostet/?c={secret.pk}",
        secret.get_absolute_url(),
    ]
    for url in urls:
        response = outsider.get(url)
        assert response.status_code == 404, url
        assert SECRET not in response.content.decode(), url
    for action in ["antworten", "bearbeiten", "loeschen", "melden"]:
        response = outsider.get(f"/kommentare/{secret.pk}/{action}/")
        assert response.status_code in (302, 404), action
        assert SECRET not in response.content.decode()
    response = outsider.post(f"/kommentare/{secret.pk}/gefaellt-mir/")
    assert response.status_code in (302, 404)
    assert SECRET not in outsider.get(idea.get_absolute_url()).content.decode()


def test_staff_reach_the_permalink(client, staff, idea, secret):
    client.force_login(staff)
    response = client.get(secret.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"] == idea.get_absolute_url()


def test_idea_page_shows_the_thread_to_staff(client, staff, colleague, idea, secret):
    make_comment(idea, staff, "Antwort der Autorin", parent=secret)
    client.force_login(staff)
    html = client.get(idea.get_absolute_url()).content.decode()
    assert "Diskussion (2 Beiträge)" in html
    assert SECRET in html
    assert "Antwort der Autorin" in html
    assert 'name="comment"' in html


@pytest.mark.parametrize("count", [5, 100])
def test_idea_page_queries_do_not_grow_with_comments(
    client, staff, colleague, idea, count, django_assert_max_num_queries
):
    parent = None
    for n in range(count):
        level = n % 3
        comment = make_comment(
            idea, [staff, colleague][n % 2], f"Beitrag {n}", parent=parent if level else None
        )
        parent = comment if level < 2 else None
    client.force_login(colleague)
    client.get(idea.get_absolute_url())
    with django_assert_max_num_queries(20) as captured:
        response = client.get(idea.get_absolute_url())
    assert f"Diskussion ({count} Beiträge)" in response.content.decode()
    # The thread page comes from the shared cache: the colleague's likes and reports on it, and
    # the comments they wrote, liked or reported, rendered for them (diskussion.fragments).
    assert len([q for q in captured.captured_queries if "django_comment" in q["sql"]]) == 2


@pytest.mark.parametrize("count", [5, 100])
def test_idea_page_queries_without_the_fragment_cache(
    client, staff, colleague, idea, count, settings, django_assert_max_num_queries
):
    settings.THREAD_FRAGMENT_CACHE_ENABLED = False
    for n in range(count):
        make_comment(idea, [staff, colleague][n % 2], f"Beitrag {n}")
    client.force_login(colleague)
    client.get(idea.get_absolute_url())
    with django_assert_max_num_queries(20) as captured:
        client.get(idea.get_absolute_url())
    # The counts of comments and threads, and one page of the thread.
    assert len([q for q in captured.captured_queries if "django_comment" in q["sql"]]) == 2
