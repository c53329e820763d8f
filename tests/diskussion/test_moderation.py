import pytest
from django.contrib.auth.models import Group, Permission
from django_comments.models import CommentFlag

from diskussion.models import CommentState
from tests.factories import UserFactory

from .conftest import make_comment

pytestmark = pytest.mark.django_db

INDEX = "/cms/moderatedcomment/"


@pytest.fixture
def moderator(db):
    group, _ = Group.objects.get_or_create(name="Moderation")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user = UserFactory(display_name="Moni Moderation")
    user.groups.add(group)
    return user


@pytest.fixture
def flagged(project, user, other_user):
    comment = make_comment(project, other_user, "Das ist Werbung für mein Geschäft")
    CommentFlag.objects.create(comment=comment, user=user, flag=CommentFlag.SUGGEST_REMOVAL)
    return comment


def test_moderators_see_comments_with_report_counts(client, moderator, flagged, project, user):
    make_comment(project, user, "Harmloser Beitrag")
    client.force_login(moderator)
    response = client.get(INDEX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Das ist Werbung" in html
    assert "Harmloser Beitrag" in html
    assert "Meldungen" in html
    # Reported comments first.
    assert html.index("Das ist Werbung") < html.index("Harmloser Beitrag")


def test_filter_reported(client, moderator, flagged, project, user):
    make_comment(project, user, "Harmloser Beitrag")
    client.force_login(moderator)
    html = client.get(INDEX, {"flagged": "ja"}).content.decode()
    assert "Das ist Werbung" in html
    assert "Harmloser Beitrag" not in html


def test_moderator_removes_with_a_public_reason(client, moderator, flagged, project):
    client.force_login(moderator)
    url = f"{INDEX}edit/{flagged.pk}/"
    CommentFlag.objects.create(comment=flagged, user=moderator, flag="I liked it")
    form = client.get(url)
    assert form.status_code == 200
    assert "Das ist Werbung" in form.content.decode()
    assert "<strong>Meldungen:</strong> 1<" in form.content.decode()

    missing_reason = client.post(url, {"decision": "remove", "removal_reason": ""})
    assert missing_reason.status_code == 200
    assert "Bitte geben Sie die öffentliche Begründung" in missing_reason.content.decode()
    flagged.refresh_from_db()
    assert not flagged.is_removed

    response = client.post(url, {"decision": "remove", "removal_reason": "Werbung"}, follow=True)
    assert f"Ihre Entscheidung zu Kommentar Nr. {flagged.pk} wurde gespeichert." in (
        response.content.decode()
    )
    flagged.refresh_from_db()
    state = CommentState.objects.get(comment=flagged)
    assert flagged.is_removed
    assert state.removal_reason == "Werbung"
    assert state.removed_by == moderator
    # The text stays on record for moderators, the public sees the placeholder.
    assert flagged.comment.startswith("Das ist Werbung")
    html = client.get(project.url).content.decode()
    assert "Von der Moderation entfernt." in html
    assert "Begründung: Werbung" in html
    assert "Das ist Werbung" not in html

    client.post(url, {"decision": "keep", "removal_reason": ""})
    flagged.refresh_from_db()
    assert not flagged.is_removed
    assert "Das ist Werbung" in client.get(project.url).content.decode()


def test_removing_a_comment_keeps_its_replies_visible(client, moderator, flagged, project, user):
    make_comment(project, user, "Antwort auf Werbung", parent=flagged)
    client.force_login(moderator)
    client.post(f"{INDEX}edit/{flagged.pk}/", {"decision": "remove", "removal_reason": "Werbung"})
    assert "Antwort auf Werbung" in client.get(project.url).content.decode()


def test_comments_cannot_be_added_or_deleted_in_the_admin(client, moderator, flagged):
    client.force_login(moderator)
    assert client.get(f"{INDEX}new/").status_code in (302, 403)
    assert client.post(f"{INDEX}delete/{flagged.pk}/").status_code in (302, 403)
    assert type(flagged).objects.filter(pk=flagged.pk).exists()


def test_citizens_and_plain_admin_users_do_not_get_the_moderation(client, user, flagged):
    client.force_login(user)
    assert client.get(INDEX).status_code in (302, 403)
    editor = UserFactory()
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    response = client.get(INDEX)
    assert response.status_code in (302, 403)
    assert "Das ist Werbung" not in response.content.decode()
