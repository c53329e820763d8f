"""Retention: personal data is kept only as long as the privacy notice says.

``apply_retention(now)`` runs every rule once (``manage.py apply_retention``, daily from the
worker's scheduler):

- accounts nobody signed in to for ``RETENTION_INACTIVE_ACCOUNT_MONTHS`` (counted from the last
  sign-in, or the sign-up without one) are warned by e-mail ``RETENTION_WARNING_DAYS`` (30 and
  7) days before, then deleted through ``accounts.deletion``. Each warning names the day, and
  the day is never earlier than the warnings promised: a late run moves it back, never forward.
  Signing in cancels it. Never administrators, people who can use the Wagtail admin, blocked
  accounts or accounts without an e-mail address (they could not be warned);
- sign-ups whose e-mail address was never confirmed (and who therefore never signed in) are
  removed after ``RETENTION_UNCONFIRMED_SIGNUP_DAYS``;
- background "Meine Daten" files are deleted once their link expired
  (``PERSONAL_DATA_EXPORT_DAYS``, ``accounts.exports``);
- the apps above accounts apply their own rules through ``RETENTION_HOOK`` (diskussion: the IP
  addresses of comments after ``RETENTION_COMMENT_IP_DAYS``).
"""

from __future__ import annotations

import calendar
from datetime import datetime, timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.utils import timezone, translation
from wagtail import hooks

from outbox.services import queue_mail

from .deletion import DeletionRefused, delete_account
from .exports import delete_expired_exports

#: Wagtail hook: functions ``(now) -> dict[str, int]`` that apply an app's retention rules and
#: say how many rows they changed.
RETENTION_HOOK = "apply_retention"


def months_before(moment: datetime, months: int) -> datetime:
    """The same time ``months`` calendar months earlier (the last day of a shorter month)."""
    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def months_after(moment: datetime, months: int) -> datetime:
    return months_before(moment, -months)


def _admin_users():
    User = get_user_model()
    return User.objects.filter(
        Q(is_superuser=True)
        | Q(is_staff=True)
        | Q(
            groups__permissions__codename="access_admin",
            groups__permissions__content_type__app_label="wagtailadmin",
        )
        | Q(user_permissions__codename="access_admin")
    ).values("pk")


def retention_candidates():
    """Accounts the inactivity rule applies to, annotated with ``last_activity``."""
    return (
        get_user_model()
        .objects.filter(deleted_at__isnull=True, is_active=True)
        .exclude(email="")
        .exclude(pk__in=_admin_users())
        .annotate(last_activity=Coalesce("last_login", "date_joined"))
    )


def _warn(user, due: datetime, days_left: int) -> None:
    context = {
        "user": user,
        "due": timezone.localtime(due),
        "days_left": days_left,
        "login_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/konto/login/",
        "months": settings.RETENTION_INACTIVE_ACCOUNT_MONTHS,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("accounts/email/inactivity_warning_subject.txt", context)
        body = render_to_string("accounts/email/inactivity_warning.txt", context)
    queue_mail(" ".join(subject.split()), body, [user.email], kind="inactivity_warning")


def warn_and_delete_inactive(now: datetime) -> dict[str, int]:
    """Send the due warnings and delete the accounts whose announced day has come."""
    months = settings.RETENTION_INACTIVE_ACCOUNT_MONTHS
    first, second = settings.RETENTION_WARNING_DAYS
    limit = months_before(now, months)
    counts = {"warned_first": 0, "warned_second": 0, "deleted_inactive": 0}
    # First warning: inactive long enough to be deleted within ``first`` days.
    for user in retention_candidates().filter(
        inactivity_warnings=0, last_activity__lte=limit + timedelta(days=first)
    ):
        due = max(months_after(user.last_activity, months), now + timedelta(days=first))
        _warn(user, due, first)
        type(user).objects.filter(pk=user.pk, inactivity_warnings=0).update(
            inactivity_warnings=1, deletion_due_at=due
        )
        counts["warned_first"] += 1
    # Second warning: ``second`` days before the announced day.
    for user in retention_candidates().filter(
        inactivity_warnings=1, deletion_due_at__lte=now + timedelta(days=second)
    ):
        due = max(user.deletion_due_at, now + timedelta(days=second))
        _warn(user, due, second)
        type(user).objects.filter(pk=user.pk, inactivity_warnings=1).update(
            inactivity_warnings=2, deletion_due_at=due
        )
        counts["warned_second"] += 1
    # Deletion: both warnings sent, the day has come, and still nobody signed in.
    for user in retention_candidates().filter(
        inactivity_warnings=2, deletion_due_at__lte=now, last_activity__lte=limit
    ):
        try:
            delete_account(user)
        except DeletionRefused:
            continue
        counts["deleted_inactive"] += 1
    return counts


def remove_unconfirmed_signups(now: datetime) -> int:
    """Remove sign-ups whose e-mail address was never confirmed within the time allowed."""
    days = settings.RETENTION_UNCONFIRMED_SIGNUP_DAYS
    User = get_user_model()
    addresses = EmailAddress.objects.filter(user=OuterRef("pk"))
    stale = (
        User.objects.filter(
            deleted_at__isnull=True,
            last_login__isnull=True,
            is_superuser=False,
            is_staff=False,
            date_joined__lt=now - timedelta(days=days),
        )
        .filter(Exists(addresses))
        .exclude(Exists(addresses.filter(verified=True)))
    )
    removed = 0
    for user in stale:
        with transaction.atomic():
            user.delete()
        removed += 1
    return removed


def cancel_inactivity_deletion(sender, request=None, user=None, **kwargs) -> None:
    """Signing in cancels an announced deletion (connected to ``user_logged_in``)."""
    if user is None or not hasattr(user, "inactivity_warnings"):
        return
    # Asked of the database, not of the instance: it may have been loaded before a warning.
    type(user).objects.filter(pk=user.pk, inactivity_warnings__gt=0).update(
        inactivity_warnings=0, deletion_due_at=None
    )
    user.inactivity_warnings = 0
    user.deletion_due_at = None


def apply_retention(now: datetime | None = None) -> dict[str, int]:
    """Apply every retention rule once; return how many rows each rule changed."""
    now = now or timezone.now()
    counts = warn_and_delete_inactive(now)
    counts["unconfirmed_removed"] = remove_unconfirmed_signups(now)
    counts["personal_data_exports_expired"] = delete_expired_exports(now)
    for apply in hooks.get_hooks(RETENTION_HOOK):
        counts.update(apply(now))
    return counts
