"""The anonymous page cache (home.pagecache): hits, 304s, headers, and no stale or private page.

Every event that changes what a cached page shows is tested: a support, a comment (posted,
edited, deleted, removed by moderation), a status change, publishing, unpublishing, moving and
deleting a page, the footer settings, and a participation period starting and ending by date.
"""

from __future__ import annotations

import datetime
import socket

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import PageViewRestriction

from diskussion import services as discussion
from home import pagecache
from home.models import FooterSettings
from ideen import services as ideas
from ideen.staff import STAFF_GROUP
from tests.diskussion.conftest import make_comment, post_data
from tests.factories import (
    CategoryFactory,
    ContentPageFactory,
    IdeaFactory,
    ProjectPageFactory,
    UserFactory,
    move_to,
)

TODAY = datetime.date(2026, 6, 15)


@pytest.fixture
def citizen(db):
    return UserFactory(display_name="Maria Beispiel")


@pytest.fixture
def idea(project, citizen):
    return IdeaFactory(
        space=project, author=citizen, title="Fahrradstraße", category=CategoryFactory()
    )


def get(client, url, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code in (200, 304), (url, response.status_code)
    return response


def text(client, url) -> str:
    return get(client, url).content.decode()


def assert_cached(client, url, django_assert_num_queries) -> str:
    """The page is stored on the first request and the second costs no query at all."""
    first = get(client, url)
    assert first["Cache-Control"] == "public, max-age=0, must-revalidate", url
    with django_assert_num_queries(0):
        second = get(client, url)
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    return second.content.decode()


# Hits, headers and 304


def test_every_listed_page_is_cached_for_anonymous_readers(
    anonymous, home_page, index, project, idea, decisions, statistics, django_assert_num_queries
):
    move_to(idea, "in_pruefung")
    for url in [
        "/",
        index.url,
        project.url,
        idea.get_absolute_url(),
        decisions.url,
        statistics.url,
        reverse("transparenz:feed"),
    ]:
        assert_cached(anonymous, url, django_assert_num_queries)


def test_conditional_get_answers_304(anonymous, project, django_assert_num_queries):
    first = get(anonymous, project.url)
    assert first["ETag"] and first["Last-Modified"]
    with django_assert_num_queries(0):
        by_etag = anonymous.get(project.url, headers={"if-none-match": first["ETag"]})
    assert by_etag.status_code == 304
    by_date = anonymous.get(project.url, headers={"if-modified-since": first["Last-Modified"]})
    assert by_date.status_code == 304


def test_a_hit_carries_the_same_security_headers_and_its_own_request_id(anonymous, project):
    """A hit is answered before the other middleware run: the stored answer keeps their headers."""
    first = get(anonymous, project.url)
    second = get(anonymous, project.url)
    for name in [
        "Content-Security-Policy",
        "Permissions-Policy",
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Cross-Origin-Opener-Policy",
        "Content-Language",
        "Vary",
    ]:
        assert second.get(name) == first.get(name), name
    assert second["X-Request-ID"] != first["X-Request-ID"]
    assert not second.cookies


def test_a_visitor_with_a_session_cookie_is_served_a_fresh_page(anonymous, project):
    """A session (after a message, or unlocking a page) may hold something personal: such a
    visitor neither reads nor fills the shared copy, and still gets the page."""
    cached = get(anonymous, project.url)
    other = Client()
    other.cookies[settings.SESSION_COOKIE_NAME] = "no-such-session"
    page = get(other, project.url)
    assert page.content == cached.content
    assert "private" in page["Cache-Control"]


def test_a_changed_page_answers_200_to_the_old_etag(anonymous, project, idea):
    first = get(anonymous, project.url)
    ideas.set_support(idea, user=UserFactory(), support=True)
    again = anonymous.get(project.url, headers={"if-none-match": first["ETag"]})
    assert again.status_code == 200


def test_logged_in_pages_are_private_and_answer_304_where_nothing_is_personal(
    client, citizen, idea
):
    move_to(idea, "in_pruefung")
    client.force_login(citizen)
    page = client.get(idea.get_absolute_url())
    assert "private" in page["Cache-Control"]
    feed = client.get(reverse("transparenz:feed"))
    assert "private" in feed["Cache-Control"]
    again = client.get(reverse("transparenz:feed"), headers={"if-none-match": feed["ETag"]})
    assert again.status_code == 304


def test_post_is_never_answered_from_the_cache(client, citizen, idea):
    get(Client(), idea.get_absolute_url())
    client.force_login(citizen)
    response = client.post(reverse("ideen:support", args=[idea.pk]), {"state": "1"})
    assert response.status_code == 302


# Nothing personal, private or internal comes out of the cache


def test_a_logged_in_readers_page_is_not_stored_and_not_served(anonymous, client, citizen, idea):
    client.force_login(citizen)
    logged_in = client.get(idea.get_absolute_url()).content.decode()
    assert "Maria Beispiel" in logged_in and "csrfmiddlewaretoken" in logged_in
    page = text(anonymous, idea.get_absolute_url())
    assert "Logged in as" not in page and "Angemeldet als" not in page
    assert "csrfmiddlewaretoken" not in page
    # and the other way round: the cached anonymous page is not what a logged-in user gets
    assert "Angemeldet als" in client.get(idea.get_absolute_url()).content.decode()


def test_internal_ideas_and_navigation_never_reach_anonymous_readers(
    anonymous, client, platform, staff_user, home_page
):
    internal = IdeaFactory(space=platform, author=staff_user, title="Internes Vorhaben")
    client.force_login(staff_user)
    staff_page = client.get(internal.get_absolute_url())
    assert "Internes Vorhaben" in staff_page.content.decode()
    assert "main-nav__tag" in client.get("/").content.decode()  # "(intern)" in the menu
    response = anonymous.get(internal.get_absolute_url())
    assert response.status_code == 302
    assert "Internes Vorhaben" not in response.content.decode()
    assert "main-nav__tag" not in text(anonymous, "/")


def test_view_restricted_pages_are_never_cached(anonymous, client, index, citizen):
    page = ProjectPageFactory(parent=index, title="Nur für die Gruppe")
    group = Group.objects.create(name="Gruppe")
    restriction = PageViewRestriction.objects.create(page=page, restriction_type="groups")
    restriction.groups.add(group)
    citizen.groups.add(group)
    client.force_login(citizen)
    assert client.get(page.url).status_code == 200
    assert anonymous.get(page.url).status_code == 302
    assert "Nur für die Gruppe" not in text(anonymous, index.url)


def test_a_restriction_added_or_removed_shows_in_every_list_at_once(
    anonymous, client, index, citizen
):
    """The restricted pages are memoised per site generation: a new restriction, and its
    removal, must reach the lists on the next request, for readers and logged-in citizens."""
    page = ProjectPageFactory(parent=index, title="Bald nur intern")
    client.force_login(citizen)
    assert "Bald nur intern" in text(anonymous, index.url)
    assert "Bald nur intern" in text(client, index.url)
    restriction = PageViewRestriction.objects.create(page=page, restriction_type="login")
    assert "Bald nur intern" not in text(anonymous, index.url)
    restriction.delete()
    assert "Bald nur intern" in text(anonymous, index.url)
    PageViewRestriction.objects.create(page=page, restriction_type="groups")
    assert "Bald nur intern" not in text(client, index.url)


def test_a_page_with_a_csrf_token_is_not_shared(anonymous, index):
    """A password-protected page asks for the password in a form with a CSRF token."""
    page = ProjectPageFactory(parent=index, title="Mit Passwort")
    PageViewRestriction.objects.create(page=page, restriction_type="password", password="geheim")
    first = anonymous.get(page.url)
    assert "csrfmiddlewaretoken" in first.content.decode()
    assert "private" in first["Cache-Control"]
    second = Client().get(page.url)
    token = 'name="csrfmiddlewaretoken" value="'
    assert (
        first.content.decode().split(token)[1][:64] != second.content.decode().split(token)[1][:64]
    )


def test_an_anonymous_session_with_messages_bypasses_the_cache(anonymous, project):
    get(anonymous, project.url)
    session = anonymous.session
    session["something"] = "kept"
    session.save()
    response = anonymous.get(project.url)
    assert "private" in response["Cache-Control"]


# Invalidation: every change shows at once


def test_a_support_shows_on_idea_and_project_page(anonymous, client, citizen, project, idea):
    idea_url = idea.get_absolute_url()
    assert "0 Unterstützungen" in text(anonymous, idea_url)
    text(anonymous, project.url)
    client.force_login(UserFactory())
    client.post(reverse("ideen:support", args=[idea.pk]), {"state": "1"})
    assert "1 Unterstützung" in text(anonymous, idea_url)
    assert "1 Unterstützung" in text(anonymous, project.url)


def test_comments_posted_edited_deleted_and_removed_show_at_once(
    anonymous, client, citizen, project, moderator
):
    assert "Noch keine Beiträge" in text(anonymous, project.url)
    client.force_login(citizen)
    client.post(reverse("comments-post-comment"), post_data(project, "Erster Gedanke"))
    assert "Erster Gedanke" in text(anonymous, project.url)

    comment = make_comment(project, citizen, "Zweiter Gedanke")
    assert "Zweiter Gedanke" in text(anonymous, project.url)
    discussion.edit_comment(comment, "Verbesserter Gedanke")
    page = text(anonymous, project.url)
    assert "Verbesserter Gedanke" in page and "Zweiter Gedanke" not in page
    discussion.delete_comment(comment, project)
    assert "Verbesserter Gedanke" not in text(anonymous, project.url)

    other = make_comment(project, citizen, "Ein Ausrutscher")
    assert "Ein Ausrutscher" in text(anonymous, project.url)
    discussion.remove_comment(other, moderator, "Beleidigend", project)
    assert "Ein Ausrutscher" not in text(anonymous, project.url)
    discussion.restore_comment(other, project)
    assert "Ein Ausrutscher" in text(anonymous, project.url)


def test_a_status_change_shows_on_idea_decisions_statistics_and_feed(
    anonymous, idea, decisions, statistics
):
    feed = reverse("transparenz:feed")
    before = {url: text(anonymous, url) for url in (decisions.url, statistics.url, feed)}
    assert "In Prüfung" not in text(anonymous, idea.get_absolute_url())
    move_to(idea, "in_pruefung")
    assert "In Prüfung" in text(anonymous, idea.get_absolute_url())
    for url, old in before.items():
        assert text(anonymous, url) != old, url
    assert "Fahrradstraße" in text(anonymous, feed)


def test_publish_unpublish_move_and_delete_show_at_once(anonymous, home_page, index, project):
    assert "Radwege in der Innenstadt" in text(anonymous, index.url)
    project.title = "Radwege überall"
    project.save_revision().publish()
    assert "Radwege überall" in text(anonymous, index.url)
    assert "Radwege überall" in text(anonymous, project.url)

    project.unpublish()
    assert "Radwege überall" not in text(anonymous, index.url)
    assert anonymous.get(project.url).status_code == 404

    page = ContentPageFactory(parent=home_page, title="Über uns", slug="ueber-uns")
    assert text(anonymous, "/ueber-uns/")
    target = ContentPageFactory(parent=home_page, title="Service", slug="service")
    page.move(target, pos="last-child")
    moved = anonymous.get("/ueber-uns/")
    assert moved.status_code == 301 and moved["Location"] == "/service/ueber-uns/"
    assert "Über uns" in text(anonymous, "/service/ueber-uns/")
    page.refresh_from_db()
    page.delete()
    assert anonymous.get("/service/ueber-uns/").status_code == 404


def test_menu_changes_show_on_every_page(anonymous, home_page, project):
    page = ContentPageFactory(parent=home_page, title="Mitmachen erklärt", show_in_menus=False)
    assert "Mitmachen erklärt" not in text(anonymous, project.url)
    page.show_in_menus = True
    page.save_revision().publish()
    assert "Mitmachen erklärt" in text(anonymous, project.url)


def test_footer_settings_show_at_once(anonymous, site, project):
    FooterSettings.objects.update_or_create(site=site, defaults={"contact_text": "Rathaus A"})
    assert "Rathaus A" in text(anonymous, project.url)
    settings_row = FooterSettings.objects.get(site=site)
    settings_row.contact_text = "Rathaus B"
    settings_row.save()
    assert "Rathaus B" in text(anonymous, project.url)


def test_a_new_restriction_hides_a_cached_page(anonymous, index, project):
    assert "Radwege in der Innenstadt" in text(anonymous, index.url)
    assert anonymous.get(project.url).status_code == 200
    PageViewRestriction.objects.create(page=project, restriction_type="login")
    assert "Radwege in der Innenstadt" not in text(anonymous, index.url)
    assert anonymous.get(project.url).status_code == 302


def test_participation_starts_and_ends_by_date_without_any_write(anonymous, index):
    with time_machine.travel(datetime.datetime(2026, 6, 15, 12, tzinfo=datetime.UTC)):
        project = ProjectPageFactory(
            parent=index,
            title="Spielplätze",
            participation_start=datetime.date(2026, 6, 20),
            participation_end=datetime.date(2026, 6, 30),
        )
        assert "Die Beteiligung beginnt am 20. Juni 2026" in text(anonymous, project.url)
        assert "Geplant" in text(anonymous, index.url)
    # Evening of the day before: still planned, from the cache.
    with time_machine.travel(datetime.datetime(2026, 6, 19, 21, 59, tzinfo=datetime.UTC)):
        assert "Die Beteiligung beginnt" in text(anonymous, project.url)
    # Midnight in Kleve (22:00 UTC in summer): participation runs.
    with time_machine.travel(datetime.datetime(2026, 6, 19, 22, 1, tzinfo=datetime.UTC)):
        page = text(anonymous, project.url)
        assert "Die Beteiligung beginnt" not in page
        assert "Beteiligung läuft" in text(anonymous, index.url)
    with time_machine.travel(datetime.datetime(2026, 7, 1, 8, tzinfo=datetime.UTC)):
        assert "Die Beteiligung endete am 30. Juni 2026" in text(anonymous, project.url)
        assert "Auswertung" in text(anonymous, index.url)


# The keys work with the shared cache of production


def redis_reachable() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


@pytest.fixture(params=["locmem", "redis"])
def cache_backend(request, settings):
    if request.param == "redis":
        if not redis_reachable():
            pytest.skip("no Redis on 127.0.0.1:6379")
        settings.CACHES = {
            "default": {
                "BACKEND": "config.cache.RedisCache",
                "LOCATION": "redis://127.0.0.1:6379/7",
                "KEY_PREFIX": "pagecache-test",
            }
        }
    pagecache.bump()
    yield request.param
    cache.clear()


def test_cache_backends_store_hit_and_invalidate(
    cache_backend, anonymous, project, idea, django_assert_num_queries
):
    assert_cached(anonymous, project.url, django_assert_num_queries)
    assert any(key.startswith("pagecache:page:") for key in _keys(cache_backend)), (
        "the page is in the configured cache"
    )
    ideas.set_support(idea, user=UserFactory(), support=True)
    assert "1 Unterstützung" in text(anonymous, project.url)


def _keys(backend: str) -> list[str]:
    if backend == "redis":
        client = cache._cache.get_client(write=False)
        prefix = "pagecache-test:1:"
        return [k.decode()[len(prefix) :] for k in client.keys(prefix + "*")]
    return [key.split(":", 2)[2] for key in cache._cache]


def test_reads_and_logins_do_not_invalidate(anonymous, project, citizen, client):
    text(anonymous, project.url)
    start = pagecache.generation()
    client.force_login(citizen)  # stamps last_login and writes a session: nothing public
    client.get(project.url)
    text(anonymous, project.url)
    assert pagecache.generation() == start


@pytest.mark.usefixtures("requests_commit")
def test_sign_ups_their_confirmation_and_login_keep_every_page(
    anonymous, client, project, idea, django_assert_num_queries
):
    """A campaign brings hundreds of sign-ups an hour; none of them changes a page."""
    from allauth.account.models import EmailAddress
    from django.core import mail

    from tests.accounts.conftest import SIGNUP_DATA, link_in

    assert_cached(anonymous, project.url, django_assert_num_queries)
    assert_cached(anonymous, idea.get_absolute_url(), django_assert_num_queries)
    start = pagecache.generation()

    assert client.post(reverse("account_signup"), SIGNUP_DATA).status_code == 302
    link = link_in(mail.outbox[-1], "/konto/confirm-email/")
    assert client.post(link).status_code == 302
    assert EmailAddress.objects.get(email=SIGNUP_DATA["email"]).verified
    client.post("/konto/logout/")
    response = client.post(
        reverse("account_login"),
        {"login": SIGNUP_DATA["email"], "password": SIGNUP_DATA["password1"]},
    )
    assert response.status_code == 302

    assert pagecache.generation() == start
    for url in (project.url, idea.get_absolute_url()):
        with django_assert_num_queries(0):
            get(anonymous, url)
    # A name on a page can change: a new display name renews the pages at once.
    client.post(reverse("accounts:profile"), {"display_name": "Maria am Hafen"})
    assert get_user_model().objects.get(email=SIGNUP_DATA["email"]).display_name == (
        "Maria am Hafen"
    )
    assert pagecache.generation() != start


def test_scripts_asking_for_json_or_fragments_get_their_own_entries(anonymous, project):
    key = pagecache.cache_key
    page = anonymous.get(project.url).wsgi_request
    as_json = anonymous.get(project.url, headers={"accept": "application/json"}).wsgi_request
    fragment = anonymous.get(project.url, headers={"x-requested-with": "fetch"}).wsgi_request
    assert len({key(page), key(as_json), key(fragment)}) == 3


def test_sql_writes_are_recognised():
    assert pagecache.changes_public_content('UPDATE "ideen_idea" SET "support_count" = 1')
    assert pagecache.changes_public_content('INSERT INTO "transparenz_statuschange" ("a")')
    assert pagecache.changes_public_content('DELETE FROM "django_comments" WHERE 1')
    assert pagecache.changes_public_content("TRUNCATE TABLE home_footersettings")
    assert not pagecache.changes_public_content('SELECT * FROM "ideen_idea"')
    assert not pagecache.changes_public_content('UPDATE "django_session" SET "x" = 1')
    assert not pagecache.changes_public_content(
        'UPDATE "accounts_user" SET "last_login" = %s WHERE "accounts_user"."id" = %s'
    )
    assert pagecache.changes_public_content(
        'UPDATE "accounts_user" SET "display_name" = %s WHERE "accounts_user"."id" = %s'
    )
    # A new account and the columns no page shows: nothing public changes.
    assert not pagecache.changes_public_content(
        'INSERT INTO "accounts_user" ("password", "email", "display_name") VALUES (%s, %s, %s)'
    )
    assert not pagecache.changes_public_content(
        'UPDATE "accounts_user" SET "email" = %s WHERE "accounts_user"."id" = %s'
    )
    assert not pagecache.changes_public_content(
        'UPDATE "accounts_user" SET "inactivity_warnings" = %s, "deletion_due_at" = NULL '
        'WHERE ("accounts_user"."inactivity_warnings" > %s AND "accounts_user"."id" = %s)'
    )
    assert not pagecache.changes_public_content(
        'UPDATE "account_emailaddress" SET "verified" = %s WHERE "id" = %s'
    )
    # ... but not an upsert, a shown column among unshown ones, the password, or an expression.
    assert pagecache.changes_public_content(
        'INSERT INTO "accounts_user" ("email", "display_name") VALUES (%s, %s) '
        'ON CONFLICT("email") DO UPDATE SET "display_name" = EXCLUDED."display_name"'
    )
    assert pagecache.changes_public_content(
        'UPDATE "accounts_user" SET "email" = %s, "is_active" = %s WHERE "accounts_user"."id" = %s'
    )
    assert pagecache.changes_public_content(
        'UPDATE "accounts_user" SET "password" = %s WHERE "accounts_user"."id" = %s'
    )
    assert pagecache.changes_public_content(
        'UPDATE "accounts_user" SET "email" = (SELECT "x" FROM "y" WHERE "z" = %s), '
        '"display_name" = %s WHERE "accounts_user"."id" = %s'
    )


# Shared lookups: at most once per request, even when the page itself is not cached


def test_navigation_footer_and_restrictions_are_looked_up_once_per_request(
    settings, client, citizen, site, project, idea, decisions
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    FooterSettings.objects.update_or_create(site=site, defaults={"contact_text": "Rathaus"})
    ContentPageFactory(parent=project.get_parent().get_parent(), show_in_menus=True)
    client.force_login(citizen)  # logged in: the page is rendered every time
    looked_up = []
    for url in ["/", project.url, idea.get_absolute_url(), decisions.url]:
        for _ in range(2):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            sqls = [q["sql"] for q in queries.captured_queries]
            all_restrictions = [
                s
                for s in sqls
                if 'FROM "wagtailcore_pageviewrestriction"' in s and "WHERE" not in s
            ]
            footer = [s for s in sqls if 'FROM "home_footersettings"' in s]
            menu = [s for s in sqls if '."show_in_menus") ORDER BY' in s]
            assert len(all_restrictions) <= 1, url
            assert len(footer) <= 1, url
            assert len(menu) <= 1, url
            looked_up += footer + menu
        # the second rendering found navigation and footer in the shared cache
        assert not footer and not menu, url
    assert len(looked_up) == 2  # once, on the first page: the patterns above do match


def test_participation_keeps_navigation_and_footer_cached_but_a_page_change_does_not(
    client, citizen, site, index, project, idea
):
    """Supports and comments come all day long: they must not make every page read the menu
    and the footer again. A change of pages does."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    FooterSettings.objects.update_or_create(site=site, defaults={"contact_text": "Rathaus"})
    index.show_in_menus = True
    index.save_revision().publish()
    client.force_login(citizen)

    def frame_queries() -> list[str]:
        with CaptureQueriesContext(connection) as queries:
            page = client.get(project.url)
        assert page.status_code == 200
        assert index.title in page.content.decode()
        return [
            q["sql"]
            for q in queries.captured_queries
            if 'FROM "home_footersettings"' in q["sql"] or '."show_in_menus") ORDER BY' in q["sql"]
        ]

    voter, writer = UserFactory(), UserFactory()
    frame_queries()
    ideas.set_support(idea, user=voter, support=True)
    make_comment(idea, writer, "Gute Idee")
    assert frame_queries() == []

    index.title = "Alle Projekte"
    index.save_revision().publish()
    assert len(frame_queries()) == 2


def test_roles_and_admin_rights_are_memoised_but_follow_every_change_at_once(db):
    """Group names and the admin check are memoised per site generation: a change of a user's
    groups or rights must show on the next request, even while supports keep coming."""
    from home.templatetags.layout_tags import may_use_admin
    from ideen import rules
    from ideen.staff import STAFF_GROUP

    def fresh(user):
        return type(user).objects.get(pk=user.pk)  # a new request loads the user again

    user = UserFactory(is_superuser=True)
    assert may_use_admin(fresh(user))
    user.is_superuser = False
    user.save()
    assert not may_use_admin(fresh(user))

    assert not rules.can_view_internal(fresh(user))
    user.groups.add(Group.objects.get_or_create(name=STAFF_GROUP)[0])
    assert rules.can_view_internal(fresh(user))
    user.groups.clear()
    assert not rules.can_view_internal(fresh(user))


# Logged-in citizens: pages kept per session, never another's, never stale


def logged_in(citizen) -> Client:
    client = Client()
    client.force_login(citizen)
    return client


def assert_personal_hit(client, url, django_assert_num_queries) -> str:
    """Rendered on the first request; the second is served from this session's entry.

    (The very first page of a session sets the CSRF cookie, so it cannot be kept.)"""
    get(client, url)
    first = get(client, url)
    assert "private" in first["Cache-Control"]
    with django_assert_num_queries(0):
        second = get(client, url)
    assert second.content == first.content
    assert "private" in second["Cache-Control"]
    return second.content.decode()


def test_a_logged_in_citizen_is_served_their_own_page_again(
    citizen, idea, project, django_assert_num_queries
):
    client = logged_in(citizen)
    for url in (idea.get_absolute_url(), project.url, f"{project.url}?sort=supported"):
        page = assert_personal_hit(client, url, django_assert_num_queries)
        assert "Maria Beispiel" in page and "csrfmiddlewaretoken" in page
    etag = client.get(idea.get_absolute_url())["ETag"]
    again = client.get(idea.get_absolute_url(), headers={"if-none-match": etag})
    assert again.status_code == 304


def test_another_citizen_never_gets_the_first_ones_page(citizen, idea):
    first = logged_in(citizen)
    get(first, idea.get_absolute_url())
    get(first, idea.get_absolute_url())
    other = logged_in(UserFactory(display_name="Jan Anders"))
    page = text(other, idea.get_absolute_url())
    assert "Jan Anders" in page and "Maria Beispiel" not in page.split("<main")[0]
    # the same person in a second browser (another session) gets a page of its own too
    second_browser = logged_in(citizen)
    assert second_browser.cookies["sessionid"].value != first.cookies["sessionid"].value
    request = second_browser.get(idea.get_absolute_url()).wsgi_request
    assert pagecache.personal_cache_key(request) != pagecache.personal_cache_key(
        first.get(idea.get_absolute_url()).wsgi_request
    )


def test_a_support_by_anyone_shows_at_once(citizen, idea, django_assert_num_queries):
    client = logged_in(citizen)
    assert_personal_hit(client, idea.get_absolute_url(), django_assert_num_queries)
    ideas.set_support(idea, user=UserFactory(), support=True)
    assert "1 Unterstützung" in text(client, idea.get_absolute_url())


def test_the_citizens_own_support_and_its_message_show_at_once(project, citizen):
    idea = IdeaFactory(space=project, category=CategoryFactory())
    client = logged_in(citizen)
    before = text(client, idea.get_absolute_url())
    assert 'aria-pressed="false"' in before
    text(client, idea.get_absolute_url())
    client.post(reverse("ideen:support", args=[idea.pk]), {"state": "1"})
    after = text(client, idea.get_absolute_url())
    assert 'aria-pressed="true"' in after
    assert "Sie unterstützen diesen Vorschlag" in after  # the message, shown once
    assert "Sie unterstützen diesen Vorschlag" not in text(client, idea.get_absolute_url())


def test_a_message_in_the_session_is_never_hidden_by_a_kept_page(citizen, idea):
    client = logged_in(citizen)
    text(client, idea.get_absolute_url())
    text(client, idea.get_absolute_url())
    session = client.session
    session["_messages"] = (
        '[["__json_message",0,25,"Ihr Konto wurde bestätigt."]]'  # as SessionStorage keeps it
    )
    session.save()
    assert "Ihr Konto wurde bestätigt." in text(client, idea.get_absolute_url())


def test_after_logout_the_old_cookie_gets_no_personal_page(citizen, idea):
    client = logged_in(citizen)
    text(client, idea.get_absolute_url())
    text(client, idea.get_absolute_url())
    cookie = client.cookies["sessionid"].value
    client.post(reverse("account_logout"))
    stolen = Client()
    stolen.cookies["sessionid"] = cookie
    page = text(stolen, idea.get_absolute_url())
    assert "Maria Beispiel" not in page.split("<main")[0]
    assert "Angemeldet als" not in page


@pytest.mark.parametrize("change", ["password", "deactivated"])
def test_a_changed_account_is_never_served_the_kept_page(citizen, idea, change):
    client = logged_in(citizen)
    text(client, idea.get_absolute_url())
    text(client, idea.get_absolute_url())
    if change == "password":
        citizen.set_password("ein ganz neues Passwort 2026")
    else:
        citizen.is_active = False
    citizen.save()
    assert "Angemeldet als" not in text(client, idea.get_absolute_url())


def test_a_new_group_shows_internal_content_at_once(citizen, platform, staff_user):
    internal = IdeaFactory(space=platform, author=staff_user, title="Interne Idee zur Ablage")
    client = logged_in(citizen)
    for _ in range(2):
        assert client.get(internal.get_absolute_url()).status_code in (403, 404)
        assert "Interne Idee zur Ablage" not in text(client, "/")
    citizen.groups.add(Group.objects.get(name=STAFF_GROUP))
    assert "Interne Idee zur Ablage" in text(client, internal.get_absolute_url())


def test_administrators_pages_are_never_kept(idea):
    admin = UserFactory(display_name="Admin", is_staff=True, is_superuser=True)
    client = logged_in(admin)
    get(client, idea.get_absolute_url())
    get(client, idea.get_absolute_url())
    assert _personal_keys() == []


def _personal_keys() -> list[str]:
    return [key.split(":", 2)[2] for key in cache._cache if ":pagecache:personal:" in key]


def rendered(client, url) -> bool:
    """Whether the page was rendered (it asked the database) rather than taken from the cache."""
    with CaptureQueriesContext(connection) as queries:
        get(client, url)
    return len(queries) > 0


def test_a_new_csrf_cookie_or_a_new_day_renders_again(citizen, idea, django_assert_num_queries):
    client = logged_in(citizen)
    url = idea.get_absolute_url()
    with time_machine.travel(datetime.datetime(2026, 6, 15, 12, tzinfo=datetime.UTC)):
        assert_personal_hit(client, url, django_assert_num_queries)
        client.cookies["csrftoken"] = "x" * 32
        assert rendered(client, url)
    with time_machine.travel(datetime.datetime(2026, 6, 16, 12, tzinfo=datetime.UTC)):
        assert rendered(client, url)


def test_personal_pages_can_be_turned_off(settings, citizen, idea):
    settings.PAGE_CACHE_PERSONAL_TIMEOUT = 0
    client = logged_in(citizen)
    get(client, idea.get_absolute_url())
    get(client, idea.get_absolute_url())
    assert _personal_keys() == []


def test_this_processs_copies_are_used_only_while_current(anonymous, project):
    first = get(anonymous, project.url)
    cache.delete(pagecache.cache_key(first.wsgi_request))  # the shared entry is gone ...
    with CaptureQueriesContext(connection) as queries:
        again = get(anonymous, project.url)  # ... and this process's copy answers
    assert len(queries) == 0 and again.content == first.content
    cache.set(pagecache.GENERATION_KEY, "another-process-wrote", None)
    assert rendered(anonymous, project.url)


def test_copies_stay_within_their_bytes():
    copies = pagecache.LocalCopies(max_bytes=1000)
    for n in range(10):
        copies.put(f"page {n}", {"generation": "g", "content": b"x" * 200})
    assert copies.get("page 0") is None and copies.get("page 9") is not None
    assert sum(copies.get(f"page {n}") is not None for n in range(10)) == 5
    copies.put("too big for a copy", {"generation": "g", "content": b"x" * 600})
    assert copies.get("too big for a copy") is None


def test_a_vote_asks_for_new_support_generations_once(idea, monkeypatch):
    """(And once more on commit, registered with the first write of the transaction.) A vote
    renews the support generations of its idea and space, never the content generation. Each
    vote here follows a read, as in a request: a vote after one whose generation nobody read
    needs none of its own before its commit."""
    voters = [UserFactory() for _ in range(3)]
    calls = []
    real_bump, real_supports = pagecache.bump, pagecache.bump_supports
    monkeypatch.setattr(pagecache, "bump", lambda **kw: calls.append(kw) or real_bump(**kw))
    monkeypatch.setattr(
        pagecache,
        "bump_supports",
        lambda space, idea=None: calls.append((space, idea)) or real_supports(space, idea),
    )
    scope = (idea.space_id, idea.pk)
    pagecache.generation()  # a page was read before the vote
    ideas.set_support(idea, user=voters[0], support=True)  # a row and the counter
    assert calls == [scope]
    # a generation read between two writes makes the second start one of its own
    calls.clear()
    pagecache.generation()  # a page was read after the first vote
    with transaction.atomic():
        ideas.set_support(idea, user=voters[1], support=True)
        pagecache.generation()
        ideas.set_support(idea, user=voters[2], support=True)
    assert calls == [scope, scope]
    # taking a support back is a support's write too
    calls.clear()
    pagecache.generation()
    ideas.set_support(idea, user=voters[0], support=False)
    assert calls == [scope]


# Parameters no page reads


def test_a_link_with_a_tag_no_page_reads_is_answered_from_the_page_kept(anonymous, project, idea):
    """Newsletters and social networks add tags to shared links; a filter form sends its
    empty fields: neither renders the page again."""
    plain = get(anonymous, project.url).content
    for query in (
        "?utm_source=newsletter&utm_medium=email&utm_campaign=radwege",
        "?fbclid=IwAR2xYz",
        "?q=&status=&sort=",
        "?kommentare=",
    ):
        assert not rendered(anonymous, project.url + query), query
        assert get(anonymous, project.url + query).content == plain
    idea_url = idea.get_absolute_url()
    get(anonymous, idea_url)
    assert not rendered(anonymous, f"{idea_url}?utm_source=mastodon")
    assert not rendered(anonymous, f"{idea_url}?reihenfolge=&x=1")


def test_the_parameters_a_page_reads_keep_working(anonymous, project, idea):
    IdeaFactory(space=project, title="Parkhaus am Bahnhof")
    url = f"{project.url}?fbclid=1&q=Fahrradstra%C3%9Fe&q=&q=Parkhaus"
    assert "Parkhaus am Bahnhof" in text(anonymous, url)
    assert "Fahrradstraße" not in text(anonymous, url)  # the last value counts, as before
    found = text(anonymous, f"{project.url}?q=Fahrradstra%C3%9Fe&utm_source=x")
    assert "Fahrradstraße" in found and "Parkhaus am Bahnhof" not in found
    # the same filters in another order, repeated or with tags: the page kept
    assert not rendered(anonymous, f"{project.url}?utm_source=y&q=Fahrradstra%C3%9Fe")
    assert not rendered(anonymous, f"{project.url}?q=Parkhaus&q=Fahrradstra%C3%9Fe")


def test_a_parameter_no_page_reads_never_reaches_the_page_kept(anonymous, citizen, project):
    """Thread, filter and page links are made from the query: a made-up parameter would be
    copied into the page that everybody is then given."""
    for number in range(3):
        make_comment(project, citizen, f"Beitrag {number}")
    html = text(anonymous, f"{project.url}?reihenfolge=neueste&nachricht=Gesperrt+wegen+Wartung")
    assert "Beitrag 2" in html
    assert "nachricht" not in html and "Wartung" not in html
    assert not rendered(anonymous, f"{project.url}?reihenfolge=neueste")


def test_a_citizens_page_with_a_tag_no_page_reads_is_the_page_kept(citizen, idea):
    client = logged_in(citizen)
    url = idea.get_absolute_url()
    get(client, url)  # the first page of the session sets the CSRF cookie
    get(client, url)
    assert not rendered(client, url)
    assert not rendered(client, f"{url}?utm_source=newsletter&kommentare=")


# Nothing a visitor can multiply fills the cache


def _page_keys() -> list[str]:
    return [key for key in cache._cache if ":pagecache:page:" in key]


def test_urls_made_up_by_a_visitor_are_kept_only_within_their_budget(settings, anonymous, project):
    size = len(get(anonymous, project.url).content)
    settings.PAGE_CACHE_VARIANT_BUDGET = 3 * size + size // 2  # made-up URLs make it longer
    before = len(_page_keys())
    for n in range(10):
        page = get(anonymous, f"{project.url}?kommentare={n}")
        assert "Radwege in der Innenstadt" in page.content.decode()
    assert len(_page_keys()) - before == 3
    assert not rendered(anonymous, f"{project.url}?kommentare=0")  # the first three are kept
    assert rendered(anonymous, f"{project.url}?kommentare=9") and rendered(
        anonymous, f"{project.url}?kommentare=9"
    )
    assert not rendered(anonymous, project.url)  # the page itself is kept as before


def test_a_citizens_pages_are_kept_only_within_the_budget(settings, citizen, project, idea):
    client = logged_in(citizen)
    get(client, idea.get_absolute_url())  # the first page of the session sets the CSRF cookie
    get(client, idea.get_absolute_url())
    assert not rendered(client, idea.get_absolute_url())
    kept = _personal_keys()
    settings.PAGE_CACHE_PERSONAL_BUDGET = 1  # spent by the next page
    assert rendered(client, project.url) and rendered(client, project.url)
    assert "Radwege in der Innenstadt" in get(client, project.url).content.decode()
    assert _personal_keys() == kept


def test_thread_pages_under_made_up_urls_stay_within_the_budget(settings, citizen, project):
    from tests.diskussion.conftest import make_comment as comment

    comment(project, citizen, "Erster Beitrag")
    client = logged_in(citizen)
    settings.PAGE_CACHE_VARIANT_BUDGET = 1
    for n in range(5):
        assert "Erster Beitrag" in get(client, f"{project.url}?kommentare={n}").content.decode()
    assert not [key for key in cache._cache if ":discussion:thread:" in key]
    get(client, project.url)
    assert [key for key in cache._cache if ":discussion:thread:" in key]
