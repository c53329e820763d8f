"""Staff membership follows verified addresses at the staff domains; editors can overrule it."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail

from ideen import staff
from ideen.models import StaffAccessOverride
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def is_staff(user) -> bool:
    return user.groups.filter(name=staff.STAFF_GROUP).exists()


@pytest.fixture
def kleve_user(groups):
    return UserFactory(username="lea", email="lea.kaufmann@kleve.de")


def test_staff_domains_match_exactly(settings):
    settings.STAFF_EMAIL_DOMAINS = ["kleve.de"]
    assert staff.is_staff_address("Anna.Schmitz@KLEVE.DE")
    assert not staff.is_staff_address("anna@kleve.de.example.org")
    assert not staff.is_staff_address("anna@notkleve.de")
    assert not staff.is_staff_address("kleve.de")


def test_signing_up_and_verifying_a_staff_address_makes_staff(client, groups, requests_commit):
    response = client.post(
        "/konto/signup/",
        {
            "email": "neu@kleve.de",
            "password1": DEFAULT_PASSWORD,
            "password2": DEFAULT_PASSWORD,
            "display_name": "Neue Kollegin",
            "consent": "on",
        },
    )
    assert response.status_code == 302
    user = get_user_model().objects.get(email="neu@kleve.de")
    assert not is_staff(user)  # not verified yet
    key = re.search(r"/konto/confirm-email/([^/\s]+)/", mail.outbox[-1].body).group(1)
    response = client.post(f"/konto/confirm-email/{key}/")
    assert response.status_code == 302
    assert is_staff(user)


def test_verifying_a_citizen_address_does_not_make_staff(groups):
    user = UserFactory(email="maria@example.org")
    assert not is_staff(user)


def test_a_verified_kleve_address_makes_staff(kleve_user):
    assert is_staff(kleve_user)


def test_unverified_staff_address_is_not_enough(groups):
    user = UserFactory(email="fake@kleve.de", verified_email=False)
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    assert not is_staff(user)


def test_removing_the_staff_address_in_the_account_removes_membership(client, groups):
    user = UserFactory(email="lea@example.org")
    EmailAddress.objects.create(user=user, email="lea.kaufmann@kleve.de", verified=True)
    assert is_staff(user)
    client.force_login(user)
    response = client.post("/konto/email/", {"action_remove": "", "email": "lea.kaufmann@kleve.de"})
    assert response.status_code == 302
    assert not EmailAddress.objects.filter(email="lea.kaufmann@kleve.de").exists()
    assert not is_staff(user)


def test_deleting_the_address_elsewhere_removes_membership(
    kleve_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        EmailAddress.objects.filter(user=kleve_user).delete()
    assert not is_staff(kleve_user)


def test_login_rechecks_when_the_staff_domains_change(client, kleve_user, settings):
    settings.STAFF_EMAIL_DOMAINS = ["stadt-kleve.de"]
    response = client.post(
        "/konto/login/", {"login": kleve_user.email, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    assert not is_staff(kleve_user)


def test_removal_by_hand_outlasts_the_next_login(client, kleve_user, editor):
    staff.decide_by_hand(kleve_user, member=False, decided_by=editor)
    assert not is_staff(kleve_user)
    client.post("/konto/login/", {"login": kleve_user.email, "password": DEFAULT_PASSWORD})
    assert not is_staff(kleve_user)
    assert staff.reset_to_automatic(kleve_user) is True
    assert is_staff(kleve_user)


def test_addition_by_hand_outlasts_the_next_login(client, groups):
    user = UserFactory(email="partner@stadtwerke-kleve.de")
    staff.decide_by_hand(user, member=True)
    client.post("/konto/login/", {"login": user.email, "password": DEFAULT_PASSWORD})
    assert is_staff(user)


def test_changes_in_wagtails_user_editor_count_as_decisions_by_hand(kleve_user, groups):
    kleve_user.groups.remove(Group.objects.get(name=staff.STAFF_GROUP))
    assert StaffAccessOverride.objects.get(user=kleve_user).decision == "revoked"
    staff.sync_staff_membership(kleve_user)
    assert not is_staff(kleve_user)

    other = UserFactory(email="extern@example.org")
    Group.objects.get(name=staff.STAFF_GROUP).user_set.add(other)
    assert StaffAccessOverride.objects.get(user=other).decision == "granted"
    staff.sync_staff_membership(other)
    assert is_staff(other)


def test_automatic_changes_are_not_recorded_as_decisions(kleve_user):
    assert not StaffAccessOverride.objects.exists()


# The admin view for editors


ADMIN_URL = "/cms/ideen/mitarbeitende/"


def test_editor_sees_staff_and_adds_a_person_by_hand(client, editor, kleve_user):
    outsider = UserFactory(email="berater@example.org")
    client.force_login(editor)
    response = client.get(ADMIN_URL)
    assert response.status_code == 200
    assert "lea.kaufmann@kleve.de" in response.content.decode()
    response = client.post(ADMIN_URL, {"action": "add", "email": "BERATER@example.org"})
    assert response.status_code == 302
    assert is_staff(outsider)
    override = StaffAccessOverride.objects.get(user=outsider)
    assert (override.decision, override.decided_by) == ("granted", editor)


def test_editor_removes_a_member(client, editor, kleve_user):
    client.force_login(editor)
    client.post(ADMIN_URL, {"action": "remove", "user": kleve_user.pk})
    assert not is_staff(kleve_user)
    html = client.get(ADMIN_URL).content.decode()
    assert "Per Hand entfernt" in html


def test_adding_an_unknown_address_explains_the_problem(client, editor):
    client.force_login(editor)
    response = client.post(ADMIN_URL, {"action": "add", "email": "niemand@example.org"})
    assert response.status_code == 200
    assert not StaffAccessOverride.objects.exists()


@pytest.mark.parametrize("role", ["citizen", "staff_user", "moderator"])
def test_others_cannot_manage_staff(client, request, role, kleve_user):
    client.force_login(request.getfixturevalue(role))
    response = client.post(ADMIN_URL, {"action": "remove", "user": kleve_user.pk})
    assert response.status_code in (302, 403)
    assert is_staff(kleve_user)
