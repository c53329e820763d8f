"""Comments of objects a person may not read must not leak through any URL.

The restricted project page stands in for an internal space here; tests/diskussion/
test_ideas.py repeats the checks for internal ideas.
"""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver

from .conftest import make_comment

pytestmark = pytest.mark.django_db

SECRET = "Vertraulicher Interna-Kommentar"


@pytest.fixture
def secret_comment(restricted_project, other_user):
    return make_comment(restricted_project, other_user, SECRET)


@pytest.fixture(params=["anonymous", "citizen"])
def outsider(request, client, user):
    if request.param == "citizen":
        client.force_login(user)
    return client


def library_urls(comment, project):
    ct = ContentType.objects.get_for_model(project)
    api_ct = f"{ct.app_label}-{ct.model}"
    return [
        f"/kommentare/api/{api_ct}/{project.pk}/",
        f"/kommentare/api/{api_ct}/{project.pk}/count/",
        "/kommentare/api/comment/",
        "/kommentare/api/feedback/",
        "/kommentare/api/flag/",
        f"/kommentare/sent/?c={comment.pk}",
        f"/kommentare/reply/{comment.pk}/",
        f"/kommentare/flag/{comment.pk}/",
        f"/kommentare/like/{comment.pk}/",
        f"/kommentare/dislike/{comment.pk}/",
        f"/kommentare/liked/?c={comment.pk}",
        f"/kommentare/flagged/?c={comment.pk}",
        f"/kommentare/posted/?c={comment.pk}",
        f"/kommentare/deleted/?c={comment.pk}",
        f"/kommentare/delete/{comment.pk}/",
        f"/kommentare/approve/{comment.pk}/",
        "/kommentare/feed/",
        "/kommentare/rss/",
    ]


def test_library_views_of_comments_xtd_are_not_mounted(
    outsider, secret_comment, restricted_project
):
    for url in library_urls(secret_comment, restricted_project):
        response = outsider.get(url)
        assert response.status_code == 404, url
        assert SECRET not in response.content.decode(), url


def test_no_url_pattern_serves_a_view_of_the_comment_libraries():
    """Structural guard: only our diskussion views answer for comments."""

    def callbacks(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from callbacks(pattern.url_patterns)
            elif isinstance(pattern, URLPattern):
                yield pattern.callback

    modules = {
        getattr(callback, "__module__", "") or ""
        for callback in callbacks(get_resolver().url_patterns)
    }
    assert not {m for m in modules if m.startswith(("django_comments", "rest_framework"))}


def test_permalink_of_an_unreadable_object_is_404(outsider, secret_comment, restricted_project):
    ct = ContentType.objects.get_for_model(restricted_project)
    response = outsider.get(f"/kommentare/cr/{ct.pk}/{restricted_project.pk}/")
    assert response.status_code == 404
    assert secret_comment.get_absolute_url().startswith(f"/kommentare/cr/{ct.pk}/")


def test_permalink_of_a_public_object_redirects_relatively(client, project, other_user):
    comment = make_comment(project, other_user)
    response = client.get(comment.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"] == project.url
    assert "example.com" not in response["Location"]


@pytest.mark.parametrize("bad", ["9999/1", "1/abc", "1/999999"])
def test_permalink_with_unknown_ids_is_404(client, project, bad):
    assert client.get(f"/kommentare/cr/{bad}/").status_code == 404


@pytest.mark.parametrize("action", ["antworten", "bearbeiten", "loeschen", "melden"])
def test_comment_pages_of_unreadable_objects_are_404_for_citizens(
    client, user, secret_comment, action
):
    client.force_login(user)
    response = client.get(f"/kommentare/{secret_comment.pk}/{action}/")
    assert response.status_code == 404
    assert SECRET not in response.content.decode()


@pytest.mark.parametrize("action", ["antworten", "bearbeiten", "loeschen", "melden"])
def test_comment_pages_ask_anonymous_users_to_log_in(client, secret_comment, action):
    response = client.get(f"/kommentare/{secret_comment.pk}/{action}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/")


def test_like_and_posted_pages_of_unreadable_objects_are_404(client, user, secret_comment):
    client.force_login(user)
    assert client.post(f"/kommentare/{secret_comment.pk}/gefaellt-mir/").status_code == 404
    response = client.get(f"/kommentare/gepostet/?c={secret_comment.pk}")
    assert response.status_code == 404


def test_forged_post_for_an_unreadable_object_shows_nothing_of_it(
    client, user, secret_comment, restricted_project
):
    """Even a post with errors must not render the object or the comment answered."""
    from .conftest import post_data

    client.force_login(user)
    response = client.post(
        "/kommentare/post/", post_data(restricted_project, "", reply_to=secret_comment.pk)
    )
    html = response.content.decode()
    assert response.status_code == 403
    assert SECRET not in html
    assert restricted_project.title not in html


def test_unreadable_page_renders_no_discussion(rf, user, secret_comment, restricted_project):
    """The section itself checks user_may_view, whatever template includes it."""
    from django.template.loader import render_to_string

    request = rf.get("/")
    request.user = user
    html = render_to_string(
        "comments/section.html", {"object": restricted_project, "request": request, "user": user}
    )
    assert SECRET not in html
    assert "Diskussion" not in html
