"""Pages shared by logged-in citizens (home.citizen_pages): rendered once, each reader's own
account links, CSRF token and marks put in, never another's, never stale."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_comments.models import CommentFlag

from benachrichtigungen import services as news
from benachrichtigungen.models import Choice, Kind, Notification
from diskussion import services as discussion
from ideen import services as ideas
from ideen.staff import STAFF_GROUP
from tests.diskussion.conftest import make_comment
from tests.factories import CategoryFactory, IdeaFactory, ProjectPageFactory, UserFactory, days
from tests.home.test_pagecache import _personal_keys, logged_in

_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[A-Za-z0-9]{64}"')
#: The comment form's time stamp and the hash over it change every second.
_STAMP = re.compile(r'name="(timestamp|security_hash)" value="[0-9a-f]+"')


@pytest.fixture(autouse=True)
def _no_session_pages(settings):
    """Every request is a first view: the page kept per session does not answer it."""
    settings.PAGE_CACHE_PERSONAL_TIMEOUT = 0


@pytest.fixture
def author(db):
    return UserFactory(display_name="Anna Autorin")


@pytest.fixture
def idea(project, author):
    return IdeaFactory(
        space=project, author=author, title="Fahrradstraße", category=CategoryFactory()
    )


@pytest.fixture
def comments(project, idea, author):
    return [
        make_comment(target, author, f"Beitrag zu {target.title}") for target in (project, idea)
    ]


def page(user, url: str) -> str:
    response = logged_in(user).get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def normalized(html: str) -> str:
    return _STAMP.sub("", _TOKEN.sub("", html))


def rendered_for(user, url: str, settings) -> str:
    """The page as the view renders it for the user, nothing shared."""
    settings.CITIZEN_PAGES_ENABLED = False
    try:
        return normalized(page(user, url))
    finally:
        settings.CITIZEN_PAGES_ENABLED = True


def shared_keys() -> list[str]:
    return [key for key in cache._cache if ":citizen:" in key]


def queries_of(user, url: str) -> tuple[str, int]:
    client = logged_in(user)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(captured)


def notify(recipient, project, idea, detail: str = "") -> Notification:
    """News about ``idea`` for ``recipient``, not sent by e-mail: unread in the header."""
    return Notification.objects.create(
        recipient=recipient,
        kind=Kind.PROJECT_NEWS,
        channel=Choice.OFF,
        project=project,
        content_type=ContentType.objects.get_for_model(idea),
        object_id=idea.pk,
        detail=detail,
    )


def urls(project, idea) -> list[str]:
    return [project.url, f"{project.url}?sort=supported", idea.get_absolute_url()]


def test_another_citizen_gets_the_kept_page_with_their_own_name_and_counts(
    project, idea, comments, settings
):
    # (A new account is a write that starts a new generation: all made before the first page.)
    first = UserFactory(display_name="Erika Erste")
    seconds = [UserFactory(display_name=f"Jan Zweiter {n}") for n in range(3)]
    others = [UserFactory() for _ in range(3)]
    notify(first, project, idea)
    for url, second, other in zip(urls(project, idea), seconds, others, strict=True):
        full = page(first, url)
        assert "Erika Erste" in full and "1 ungelesen" in full
        shared, count = queries_of(second, url)
        fresh = url + ("&" if "?" in url else "?") + "kommentare=1"  # a URL not seen yet
        _rendered, rendered_count = queries_of(other, fresh)
        assert second.public_name in shared
        assert "Erika Erste" not in shared and "ungelesen" not in shared
        assert count <= 8 < rendered_count, (url, count, rendered_count)
        assert normalized(shared) == rendered_for(second, url, settings)


def test_the_readers_unread_count_is_asked_with_the_facts(project, idea, comments):
    """A shared page is answered with two queries: the user, then the facts of the page with
    the reader's unread count."""
    readers = [UserFactory(display_name=f"Leser {n}") for n in range(3)]
    for reader, unread in zip(readers, (0, 1, 3), strict=True):
        for number in range(unread):
            notify(reader, project, idea, f"Neuigkeit {number}")
    read = notify(readers[1], project, idea, "Gelesen")
    Notification.objects.filter(pk=read.pk).update(read_at=timezone.now())  # not counted
    for url in urls(project, idea):
        page(UserFactory(), url)  # kept for citizens
        shown = []
        for reader in readers:
            html, count = queries_of(reader, url)
            assert count == 2, (url, count)
            assert reader.public_name in html
            shown.append(re.search(r"(\d+) ungelesen", html))
        assert shown[0] is None
        assert [match.group(1) for match in shown[1:]] == ["1", "3"]


def test_the_shared_pages_csrf_token_is_the_readers_own(project, idea):
    page(UserFactory(), project.url)
    reader = UserFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(reader)
    html = client.get(project.url).content.decode()
    token = _TOKEN.search(html).group(0).split('value="')[1].rstrip('"')
    response = client.post(
        reverse("benachrichtigungen:project_follow", args=[project.pk]),
        {"csrfmiddlewaretoken": token, "follow": "1"},
    )
    assert response.status_code in (200, 302, 303)
    assert news.follows_project(reader, project)


@pytest.mark.parametrize(
    "state", ["supports", "follows", "follows project", "wrote", "commented", "liked", "reported"]
)
def test_a_citizen_with_marks_on_the_page_gets_it_with_their_marks(
    state, project, idea, comments, author, settings
):
    reader = author if state == "wrote" else UserFactory(display_name="Jan Zweiter")
    first, other = UserFactory(), UserFactory(display_name="Olga Andere")
    if state == "supports":
        ideas.set_support(idea, user=reader, support=True)
    elif state == "follows":
        ideas.set_follow(idea, user=reader, follow=True)
    elif state == "follows project":
        news.set_project_follow(project, user=reader, follow=True)
    elif state == "commented":
        make_comment(project, reader, "Mein Beitrag")
        make_comment(idea, reader, "Mein Beitrag")
    elif state == "liked":
        for comment in comments:
            discussion.toggle_like(comment, reader)
    elif state == "reported":
        for comment in comments:
            CommentFlag.objects.create(
                comment=comment, user=reader, flag=CommentFlag.SUGGEST_REMOVAL
            )
    # Kept by a citizen without marks after the reader's mark (which started a new generation).
    for url in urls(project, idea):
        page(first, url)
    kept = len(shared_keys())
    assert kept == 3
    for url in urls(project, idea):
        assert normalized(page(reader, url)) == rendered_for(reader, url, settings), url
        # and nobody else gets what is theirs
        assert normalized(page(other, url)) == rendered_for(other, url, settings), url


def test_a_page_is_only_kept_from_a_citizen_without_marks_on_it(project, idea, author):
    reader = UserFactory()
    page(author, idea.get_absolute_url())  # their proposal: "Ihr Vorschlag", edit, withdraw
    assert shared_keys() == []
    page(author, project.url)  # nothing of theirs is marked on the project page
    assert len(shared_keys()) == 1
    page(reader, idea.get_absolute_url())
    assert len(shared_keys()) == 2


def test_staff_group_members_and_rights_neither_keep_nor_get_shared_pages(project, idea, settings):
    staff = UserFactory(display_name="Stefan Stab")
    staff.groups.add(Group.objects.get_or_create(name=STAFF_GROUP)[0])
    with_right = UserFactory(display_name="Rita Recht")
    with_right.user_permissions.add(Permission.objects.get(codename="access_admin"))
    admin = UserFactory(display_name="Ada Admin", is_staff=True, is_superuser=True)
    for user in (staff, with_right, admin):
        page(user, idea.get_absolute_url())
    assert shared_keys() == []
    page(UserFactory(), idea.get_absolute_url())
    for user in (staff, with_right, admin):
        html = page(user, idea.get_absolute_url())
        assert normalized(html) == rendered_for(user, idea.get_absolute_url(), settings)


def test_a_session_with_a_message_gets_the_page_rendered_with_it(project, idea):
    page(UserFactory(), idea.get_absolute_url())
    client = logged_in(UserFactory())
    session = client.session
    session["_messages"] = '[["__json_message",0,25,"Ihr Konto wurde bestätigt."]]'
    session.save()
    assert "Ihr Konto wurde bestätigt." in client.get(idea.get_absolute_url()).content.decode()


def test_only_my_proposals_is_never_shared(project, idea, author):
    url = f"{project.url}?mine=1"
    assert "Fahrradstraße" in page(author, url)
    assert "Fahrradstraße" not in page(UserFactory(), url)
    assert shared_keys() == []


def test_a_change_of_content_shows_at_once_for_the_next_citizen(project, idea, comments):
    page(UserFactory(), idea.get_absolute_url())
    make_comment(idea, UserFactory(display_name="Neu Kommentar"), "Ganz neuer Beitrag")
    assert "Ganz neuer Beitrag" in page(UserFactory(), idea.get_absolute_url())
    ideas.set_support(idea, user=UserFactory(), support=True)
    assert "1 Unterstützung" in page(UserFactory(), idea.get_absolute_url())


def test_can_be_turned_off(settings, project, idea):
    settings.CITIZEN_PAGES_ENABLED = False
    page(UserFactory(), idea.get_absolute_url())
    assert shared_keys() == []


def test_a_shared_page_is_not_kept_again_per_session(settings, project, idea, comments, author):
    settings.PAGE_CACHE_PERSONAL_TIMEOUT = 120
    first, reader = UserFactory(), UserFactory()
    page(first, idea.get_absolute_url())
    assert _personal_keys() == []  # the first page of a session sets the CSRF cookie
    client = logged_in(reader)
    for _ in range(2):
        assert reader.public_name in client.get(idea.get_absolute_url()).content.decode()
    assert _personal_keys() == []
    # a page rendered for one citizen (their comment is on it) is kept for their session
    client = logged_in(author)
    for _ in range(2):
        client.get(idea.get_absolute_url())
    assert len(_personal_keys()) == 1


def test_a_kept_page_ends_with_its_time_and_its_comment_form_stays_valid(settings, index):
    settings.PAGE_CACHE_TIMEOUT = 60
    noon = datetime.datetime(2026, 6, 15, 12, tzinfo=datetime.UTC)
    with time_machine.travel(noon, tick=False):
        project = ProjectPageFactory(
            parent=index, participation_start=days(-7), participation_end=days(7)
        )
        first, reader = UserFactory(), UserFactory()
        page(first, project.url)
        assert stamp(page(reader, project.url)) == int(noon.timestamp())  # the kept page
    # Nothing changed for two minutes: neither the shared entry nor this process's copy of it
    # is used after its time, so the comment form is rendered anew.
    later = noon + datetime.timedelta(minutes=2)
    with time_machine.travel(later, tick=False):
        assert stamp(page(reader, project.url)) == int(later.timestamp())


def stamp(html: str) -> int:
    return int(re.search(r'name="timestamp" value="(\d+)"', html).group(1))


def test_shared_pages_count_against_the_variant_budget(settings, project, idea):
    settings.PAGE_CACHE_VARIANT_BUDGET = 10_000  # less than one page
    page(UserFactory(), idea.get_absolute_url())
    assert shared_keys() == []
