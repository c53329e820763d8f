"""Retention: comment IP addresses after 7 days, inactive accounts warned twice then deleted,
unconfirmed sign-ups removed; `manage.py apply_retention` applies all of it."""

import io
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone
from django_comments_xtd.models import XtdComment

from accounts.models import User
from accounts.retention import apply_retention as run_retention
from accounts.retention import months_before
from diskussion.services import add_comment
from tests.factories import IdeaFactory, UserFactory

pytestmark = pytest.mark.django_db


def inactive_since(user, moment):
    User.objects.filter(pk=user.pk).update(last_login=moment, date_joined=moment)
    return User.objects.get(pk=user.pk)


def apply_retention(*args, **kwargs):
    """As the daily command runs it: the warnings it queues are sent when its transaction commits
    (outbox)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return run_retention(*args, **kwargs)


def test_months_before_keeps_the_day_or_takes_the_months_last():
    now = timezone.now().replace(year=2026, month=3, day=31)
    assert months_before(now, 24).date().isoformat() == "2024-03-31"
    assert months_before(now, 1).date().isoformat() == "2026-02-28"


def test_comment_ip_addresses_are_removed_after_seven_days(platform, staff_user):
    idea = IdeaFactory(space=platform)
    old = add_comment(idea, staff_user, "Alt", submit_date=timezone.now() - timedelta(days=8))
    new = add_comment(idea, staff_user, "Neu", submit_date=timezone.now() - timedelta(days=6))
    XtdComment.objects.filter(pk__in=[old.pk, new.pk]).update(ip_address="192.0.2.1")

    counts = apply_retention()

    assert counts["comment_ips_removed"] == 1
    assert XtdComment.objects.get(pk=old.pk).ip_address is None
    assert XtdComment.objects.get(pk=new.pk).ip_address == "192.0.2.1"


def test_inactive_account_is_warned_30_and_7_days_before_then_deleted(settings):
    now = timezone.now()
    user = inactive_since(UserFactory(), months_before(now, 24) + timedelta(days=29))
    recent = inactive_since(UserFactory(), months_before(now, 24) + timedelta(days=31))

    counts = apply_retention(now)
    assert counts["warned_first"] == 1
    assert [m.to for m in mail.outbox] == [[user.email]]
    assert "wird am" in mail.outbox[0].subject
    user.refresh_from_db()
    assert user.inactivity_warnings == 1
    assert user.deletion_due_at >= now + timedelta(days=29)
    due = user.deletion_due_at

    # Nothing more until 7 days before the announced day.
    assert apply_retention(now + timedelta(days=20))["warned_second"] == 0
    counts = apply_retention(due - timedelta(days=7))
    assert counts["warned_second"] == 1
    assert len(mail.outbox) == 3  # the second account got its first warning meanwhile
    assert apply_retention(due - timedelta(days=1))["deleted_inactive"] == 0

    counts = apply_retention(due + timedelta(minutes=1))
    assert counts["deleted_inactive"] == 1
    user.refresh_from_db()
    assert user.deleted_at is not None and user.email == ""
    assert User.objects.get(pk=recent.pk).deleted_at is None


def test_a_late_run_never_shortens_the_announced_time():
    now = timezone.now()
    user = inactive_since(UserFactory(), months_before(now, 30))  # long overdue

    apply_retention(now)
    user.refresh_from_db()
    assert user.deletion_due_at >= now + timedelta(days=30)
    assert apply_retention(now + timedelta(days=1))["deleted_inactive"] == 0
    assert User.objects.get(pk=user.pk).deleted_at is None


def test_signing_in_cancels_the_deletion(client):
    now = timezone.now()
    user = inactive_since(UserFactory(), months_before(now, 24))
    apply_retention(now)
    assert User.objects.get(pk=user.pk).inactivity_warnings == 1

    client.force_login(user)  # sends user_logged_in as a real sign-in does

    user.refresh_from_db()
    assert user.inactivity_warnings == 0 and user.deletion_due_at is None
    assert apply_retention(now + timedelta(days=40))["deleted_inactive"] == 0


def test_administrators_and_admin_users_are_never_deleted_for_inactivity(groups):
    long_ago = months_before(timezone.now(), 36)
    admin = inactive_since(UserFactory(is_superuser=True, is_staff=True), long_ago)
    editor = UserFactory()
    group = Group.objects.create(name="Redaktion Test")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    editor.groups.add(group)
    editor = inactive_since(editor, long_ago)

    counts = apply_retention()

    assert counts["warned_first"] == 0
    assert mail.outbox == []
    assert User.objects.get(pk=admin.pk).inactivity_warnings == 0
    assert User.objects.get(pk=editor.pk).inactivity_warnings == 0


def test_unconfirmed_signups_are_removed_after_seven_days():
    old = UserFactory(verified_email=False)
    EmailAddress.objects.create(user=old, email=old.email, verified=False, primary=True)
    User.objects.filter(pk=old.pk).update(date_joined=timezone.now() - timedelta(days=8))
    fresh = UserFactory(verified_email=False)
    EmailAddress.objects.create(user=fresh, email=fresh.email, verified=False, primary=True)
    confirmed = UserFactory()
    User.objects.filter(pk=confirmed.pk).update(date_joined=timezone.now() - timedelta(days=30))

    counts = apply_retention()

    assert counts["unconfirmed_removed"] == 1
    assert not User.objects.filter(pk=old.pk).exists()
    assert User.objects.filter(pk=fresh.pk).exists()
    assert User.objects.filter(pk=confirmed.pk).exists()


def test_the_command_prints_what_it_did():
    out = io.StringIO()
    call_command("apply_retention", stdout=out)
    assert "comment_ips_removed: 0" in out.getvalue()
    assert "unconfirmed_removed: 0" in out.getvalue()
