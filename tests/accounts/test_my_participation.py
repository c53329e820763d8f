""" "Meine Beteiligung": a user's own proposals, comments and follows in one place."""

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageViewRestriction

from diskussion import services as comments
from ideen.models import Idea, IdeaFollow
from tests.factories import (
    IdeaFactory,
    IdeaPlatformPageFactory,
    ProjectIndexPageFactory,
    ProjectPageFactory,
    UserFactory,
    days,
)

pytestmark = pytest.mark.django_db

URL = reverse("accounts:participation")


@pytest.fixture
def index(home_page):
    return ProjectIndexPageFactory(parent=home_page)


@pytest.fixture
def project(index):
    return ProjectPageFactory(
        parent=index,
        title="Freies WLAN in der Innenstadt",
        participation_start=days(-7),
        participation_end=days(7),
    )


def section(html: str, heading_id: str) -> str:
    start = html.index(f'id="{heading_id}"')
    end = html.find("</section>", start)
    return html[start:end]


def test_anonymous_users_are_asked_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_empty_page_invites_to_take_part(client, citizen, index):
    client.force_login(citizen)
    html = client.get(URL).content.decode()
    assert "<title>Meine Beteiligung – " in html
    assert html.count("<h1>") == 1
    proposals = section(html, "proposals-heading")
    assert "(0)" in proposals
    assert "Sie haben noch keine Vorschläge gemacht." in proposals
    assert f'href="{index.url}"' in proposals
    assert "noch keine Beiträge" in section(html, "comments-heading")
    assert "folgen noch keinen Vorschlägen" in section(html, "follows-heading")


def test_header_and_profile_link_to_the_page(client, citizen, home_page):
    client.force_login(citizen)
    header = client.get("/").content.decode().split("<header", 1)[1].split("</header>")[0]
    assert f'href="{URL}"' in header and "Meine Beteiligung" in header
    assert f'href="{URL}"' in client.get(reverse("accounts:profile")).content.decode()


def test_own_proposals_with_status_and_project(client, citizen, project):
    IdeaFactory(space=project, author=citizen, title="Hotspot am Bahnhof")
    IdeaFactory(space=project, author=citizen, title="WLAN im Park", status=Idea.Status.ADOPTED)
    IdeaFactory(space=project, title="Vorschlag von jemand anderem")
    client.force_login(citizen)

    proposals = section(client.get(URL).content.decode(), "proposals-heading")

    assert "(2)" in proposals
    assert "Hotspot am Bahnhof" in proposals and "WLAN im Park" in proposals
    assert "jemand anderem" not in proposals
    assert "Eingereicht" in proposals and "Angenommen" in proposals
    assert "Freies WLAN in der Innenstadt" in proposals
    # Newest first
    assert proposals.index("WLAN im Park") < proposals.index("Hotspot am Bahnhof")


def test_removed_proposal_shows_the_public_reason_to_its_author(client, citizen, project):
    IdeaFactory(
        space=project,
        author=citizen,
        title="Werbung für meinen Laden",
        removed_at=timezone.now(),
        removal_reason="Werbung ist nicht erlaubt.",
    )
    client.force_login(citizen)
    proposals = section(client.get(URL).content.decode(), "proposals-heading")
    assert "Werbung für meinen Laden" in proposals
    assert "Von der Moderation entfernt: Werbung ist nicht erlaubt." in proposals


def test_proposals_on_pages_the_user_can_no_longer_read_are_left_out(client, citizen, index):
    draft = ProjectPageFactory(parent=index, title="Zurückgezogenes Projekt")
    IdeaFactory(space=draft, author=citizen, title="Auf einem Entwurf")
    draft.unpublish()
    restricted = ProjectPageFactory(parent=index, title="Geschützt")
    PageViewRestriction.objects.create(page=restricted, restriction_type="login")
    IdeaFactory(space=restricted, author=citizen, title="Auf geschützter Seite")
    client.force_login(citizen)
    html = client.get(URL).content.decode()
    assert "Auf einem Entwurf" not in html and "Auf geschützter Seite" not in html
    assert "(0)" in section(html, "proposals-heading")


def test_internal_ideas_only_while_the_user_is_staff(client, home_page, groups, staff_user):
    platform = IdeaPlatformPageFactory(parent=home_page)
    IdeaFactory(space=platform, author=staff_user, title="Digitale Akte")
    client.force_login(staff_user)
    proposals = section(client.get(URL).content.decode(), "proposals-heading")
    assert "Digitale Akte" in proposals and "Intern" in proposals

    staff_user.groups.clear()
    proposals = section(client.get(URL).content.decode(), "proposals-heading")
    assert "Digitale Akte" not in proposals


def test_own_comments_link_to_the_comment_and_skip_deleted_ones(client, citizen, project):
    idea = IdeaFactory(space=project, title="Hotspot am Bahnhof")
    on_project = comments.add_comment(project, citizen, "Gute Idee, das WLAN!")
    on_idea = comments.add_comment(idea, citizen, "Am Bahnhof fehlt es wirklich.")
    deleted = comments.add_comment(idea, citizen, "Das nehme ich zurück.")
    comments.delete_comment(deleted, idea)
    comments.add_comment(project, UserFactory(), "Kommentar von jemand anderem")
    client.force_login(citizen)

    html = section(client.get(URL).content.decode(), "comments-heading")

    assert "(2)" in html
    assert "Gute Idee, das WLAN!" in html and "Am Bahnhof fehlt es wirklich." in html
    assert "Das nehme ich zurück." not in html and "jemand anderem" not in html
    # The comment's own address, which leads to the thread page that shows it.
    assert f'href="/kommentare/{on_project.pk}/"' in html
    assert f'href="/kommentare/{on_idea.pk}/"' in html
    assert "Hotspot am Bahnhof" in html and "Freies WLAN in der Innenstadt" in html


def test_comment_removed_by_moderation_shows_the_reason(client, citizen, moderator, project):
    comment = comments.add_comment(project, citizen, "Der Nachbar heißt Max Muster.")
    comments.remove_comment(comment, moderator, "Persönliche Daten anderer.", project)
    client.force_login(citizen)
    html = section(client.get(URL).content.decode(), "comments-heading")
    assert "Von der Moderation entfernt: Persönliche Daten anderer." in html


def test_comments_on_pages_no_longer_readable_are_left_out(client, citizen, project, index):
    comments.add_comment(project, citizen, "Kommentar auf geschützter Seite")
    PageViewRestriction.objects.create(page=project, restriction_type="login")
    client.force_login(citizen)
    html = section(client.get(URL).content.decode(), "comments-heading")
    assert "geschützter Seite" not in html
    assert "(0)" in html


def test_comment_excerpt_is_shortened_and_escaped(client, citizen, project):
    comments.add_comment(project, citizen, "<b>Fett</b> " + "lang " * 100)
    client.force_login(citizen)
    html = section(client.get(URL).content.decode(), "comments-heading")
    assert "<b>Fett" not in html
    assert "lang " * 60 not in html
    assert "…" in html


def test_followed_proposals_with_current_status(client, citizen, project):
    idea = IdeaFactory(space=project, title="Hotspot am Bahnhof", status=Idea.Status.REJECTED)
    removed = IdeaFactory(space=project, title="Entfernt", removed_at=timezone.now())
    IdeaFollow.objects.create(user=citizen, idea=idea)
    IdeaFollow.objects.create(user=citizen, idea=removed)
    client.force_login(citizen)
    html = section(client.get(URL).content.decode(), "follows-heading")
    assert "(1)" in html
    assert "Hotspot am Bahnhof" in html and "Abgelehnt" in html
    assert "Entfernt" not in html


def test_sections_show_the_newest_50_with_a_note(client, citizen, project, settings):
    for n in range(52):
        IdeaFactory(space=project, author=citizen, title=f"Vorschlag {n:02d}")
    client.force_login(citizen)
    html = section(client.get(URL).content.decode(), "proposals-heading")
    assert "(52)" in html
    assert "Vorschlag 51" in html and "Vorschlag 00" not in html
    assert "die neuesten 50 von 52" in html


def fill(user, project, n: int) -> None:
    other = UserFactory()
    for i in range(n):
        idea = IdeaFactory(space=project, author=user, title=f"Eigener Vorschlag {i}")
        followed = IdeaFactory(space=project, author=other, title=f"Fremder Vorschlag {i}")
        IdeaFollow.objects.create(user=user, idea=followed)
        comments.add_comment(idea, user, f"Kommentar {i}")
        comments.add_comment(project, user, f"Projektkommentar {i}")


def test_query_count_does_not_grow_with_the_data(
    client, citizen, project, django_assert_max_num_queries
):
    client.force_login(citizen)
    fill(citizen, project, 2)
    with django_assert_max_num_queries(30) as few:
        assert client.get(URL).status_code == 200
    fill(citizen, project, 60)
    # Past the cap of 50, each of the three sections counts its entries in one more query.
    with django_assert_max_num_queries(len(few.captured_queries) + 3):
        response = client.get(URL)
    assert "(124)" in section(response.content.decode(), "comments-heading")
