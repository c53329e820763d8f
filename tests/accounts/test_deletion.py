""" "Konto löschen": personal data goes, contributions stay as "Gelöschtes Konto", counters
stay equal to the rows, the trail is untouched, the last administrator stays."""

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.messages.storage.session import SessionStorage
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django_comments.models import CommentFlag
from django_comments_xtd.models import XtdComment
from wagtail.users.models import UserProfile

from accounts.deletion import DeletionRefused, delete_account
from accounts.models import ConsentRecord, User
from accounts.wagtail_hooks import delete_through_the_service
from diskussion.services import add_comment, author_name, toggle_like
from ideen.models import Idea, IdeaFollow, IdeaSupport
from ideen.services import set_support
from tests.conftest import member_of
from tests.factories import DEFAULT_PASSWORD, IdeaFactory, UserFactory, move_to
from transparenz.models import NotificationPreference, StatusChange

from .test_personal_data import reauthenticated

pytestmark = pytest.mark.django_db


@pytest.fixture
def contributions(platform, staff_user):
    """An idea with a decision, a comment with IP, a support, a follow and a like."""
    other = UserFactory()
    own = IdeaFactory(space=platform, author=staff_user, title="Digitale Akte")
    foreign = IdeaFactory(space=platform, author=other, title="Fremde Idee")
    set_support(foreign, user=staff_user, support=True)
    IdeaFollow.objects.create(idea=foreign, user=staff_user)
    comment = add_comment(foreign, staff_user, "Gute Idee!")
    XtdComment.objects.filter(pk=comment.pk).update(
        ip_address="192.0.2.7", user_url="https://x.example"
    )
    toggle_like(add_comment(foreign, other, "Danke"), staff_user)
    NotificationPreference.objects.create(user=staff_user, status_emails=True)
    Authenticator.objects.create(user=staff_user, type=Authenticator.Type.TOTP, data={"s": 1})
    UserProfile.get_for_user(staff_user)
    return {"own": own, "foreign": foreign, "comment": comment, "other": other}


def test_deletion_removes_personal_data_and_keeps_contributions(staff_user, contributions):
    client = Client()
    client.force_login(staff_user)
    email = staff_user.email

    delete_account(staff_user)

    user = User.objects.get(pk=staff_user.pk)
    assert user.deleted_at is not None
    assert not user.is_active and not user.has_usable_password()
    assert user.email == "" and user.display_name == "" and user.first_name == ""
    assert email not in user.username
    assert user.public_name == "Gelöschtes Konto"
    assert not EmailAddress.objects.filter(user=user).exists()
    assert not EmailAddress.objects.filter(email=email).exists()
    assert not Authenticator.objects.filter(user=user).exists()
    assert not ConsentRecord.objects.filter(user=user).exists()
    assert not NotificationPreference.objects.filter(user=user).exists()
    assert not UserProfile.objects.filter(user=user).exists()
    assert not user.groups.exists()
    # Sessions ended on every device.
    assert not any(
        s.get_decoded().get("_auth_user_id") == str(user.pk) for s in Session.objects.all()
    )
    assert client.get(reverse("accounts:profile")).status_code == 302
    # Comments stay, without copies of name, e-mail, URL and IP address.
    comment = XtdComment.objects.get(pk=contributions["comment"].pk)
    assert (comment.user_name, comment.user_email, comment.user_url) == ("", "", "")
    assert comment.ip_address is None
    assert comment.comment == "Gute Idee!"
    assert author_name(comment) == "Gelöschtes Konto"
    assert not CommentFlag.objects.filter(user=user).exists()
    # The idea stays, by "Gelöschtes Konto".
    own = Idea.objects.get(pk=contributions["own"].pk)
    assert own.author_id == user.pk
    assert own.author.public_name == "Gelöschtes Konto"


def test_supports_and_follows_go_and_counters_equal_the_rows(staff_user, contributions):
    foreign = contributions["foreign"]
    assert Idea.objects.get(pk=foreign.pk).support_count == 1

    delete_account(staff_user)

    foreign.refresh_from_db()
    assert not IdeaSupport.objects.filter(user=staff_user).exists()
    assert not IdeaFollow.objects.filter(user=staff_user).exists()
    assert foreign.support_count == IdeaSupport.objects.filter(idea=foreign).count() == 0


def test_trail_keeps_the_role_and_its_rows(platform, staff_user, editor):
    idea = IdeaFactory(space=platform, author=UserFactory())
    move_to(idea, "in_pruefung", recorded_by=staff_user)
    before = list(StatusChange.objects.filter(idea=idea).values())

    delete_account(staff_user)

    assert list(StatusChange.objects.filter(idea=idea).values()) == before
    change = StatusChange.objects.get(idea=idea)
    assert change.deciding_body == "Testgremium"
    assert change.recorded_by.public_name == "Gelöschtes Konto"


def test_public_pages_show_deleted_account(client, platform, staff_user, contributions):
    delete_account(staff_user)
    reader = member_of("Mitarbeitende")  # staff may read the internal platform
    client.force_login(reader)

    idea_page = client.get(contributions["own"].get_absolute_url()).content.decode()
    thread = client.get(contributions["foreign"].get_absolute_url()).content.decode()

    assert "Gelöschtes Konto" in idea_page
    assert "Gelöschtes Konto" in thread
    assert "Ehemalige" not in thread


def test_last_superuser_cannot_be_deleted(db):
    admin = UserFactory(is_superuser=True, is_staff=True)

    with pytest.raises(DeletionRefused) as refused:
        delete_account(admin)

    assert "letzte Administrationskonto" in str(refused.value)
    assert User.objects.get(pk=admin.pk).deleted_at is None

    second = UserFactory(is_superuser=True, is_staff=True)
    delete_account(admin)
    with pytest.raises(DeletionRefused):
        delete_account(second)


def test_deletion_flow_needs_reauthentication_and_confirmation(client, staff_user, contributions):
    client.force_login(staff_user)
    response = client.get(reverse("accounts:delete"))
    assert response["Location"].startswith(reverse("account_reauthenticate"))

    reauthenticated(client, staff_user)
    page = client.get(reverse("accounts:delete")).content.decode()
    assert "Was bleibt, und warum" in page
    assert "Gelöschtes Konto" in page

    refused = client.post(reverse("accounts:delete"), {})
    assert refused.status_code == 200
    assert 'href="#id_confirm"' in refused.content.decode()
    assert User.objects.get(pk=staff_user.pk).deleted_at is None

    done = client.post(reverse("accounts:delete"), {"confirm": "on"})
    assert done["Location"] == reverse("accounts:deleted")
    assert User.objects.get(pk=staff_user.pk).deleted_at is not None
    final = client.get(done["Location"])
    assert "Ihr Konto wurde gelöscht" in final.content.decode()
    # Signed out: the old password does not work any more either.
    assert not Client().login(username=staff_user.username, password=DEFAULT_PASSWORD)


def test_last_superuser_sees_the_reason_on_the_page(client):
    admin = UserFactory(is_superuser=True, is_staff=True)
    reauthenticated(client, admin)

    page = client.get(reverse("accounts:delete")).content.decode()
    assert "Ihr Konto kann nicht gelöscht werden" in page
    assert "letzte Administrationskonto" in page

    response = client.post(reverse("accounts:delete"), {"confirm": "on"})
    assert response.status_code == 409
    assert User.objects.get(pk=admin.pk).deleted_at is None


def test_admin_delete_runs_the_same_service(client, staff_user, contributions):
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)

    confirm = client.get(reverse("wagtailusers_users:delete", args=[staff_user.pk]))
    assert confirm.status_code == 200
    response = client.post(reverse("wagtailusers_users:delete", args=[staff_user.pk]))

    assert response.status_code == 302
    user = User.objects.get(pk=staff_user.pk)  # the row stays, emptied
    assert user.deleted_at is not None and user.email == ""
    assert XtdComment.objects.get(pk=contributions["comment"].pk).ip_address is None
    listing = client.get(reverse("wagtailusers_users:index")).content.decode()
    assert "Gelöschtes Konto" in listing


def test_admin_refuses_the_last_superuser_with_the_reason(rf):
    """Wagtail lets nobody delete themselves and only superusers delete superusers; the hook
    still refuses the last one, whoever asks."""
    admin = UserFactory(is_superuser=True, is_staff=True)
    request = rf.post("/")
    request.user = admin
    request.session = SessionStore()
    request._messages = SessionStorage(request)

    response = delete_through_the_service(request, admin)

    assert response.status_code == 302
    assert User.objects.get(pk=admin.pk).deleted_at is None
    assert "letzte Administrationskonto" in str(next(iter(request._messages)))


def test_admin_bulk_delete_runs_the_same_service(client, staff_user, contributions):
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    url = (
        reverse("wagtail_bulk_action", args=("accounts", "user", "delete")) + f"?id={staff_user.pk}"
    )

    response = client.post(url)

    assert response.status_code == 302
    assert User.objects.get(pk=staff_user.pk).deleted_at is not None
