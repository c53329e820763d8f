"""E-mails about status changes to the author and the followers of an idea.

``queue_status_change_emails`` writes one outbox e-mail per recipient in the transaction of
the decision, so no decision goes unannounced when the mail server or the worker is down; the
outbox sends them after the commit and retries for a day (``outbox.services``). Before every
attempt ``may_still_receive`` checks again that the person may read the idea: somebody who left
the staff while the e-mail waited gets nothing.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from wagtail import hooks

from ideen import rules as idea_rules
from ideen.models import IdeaFollow, is_internal_space
from outbox.services import queue_message

from .models import StatusChange

#: Wagtail hook: functions ``(change)`` that announce a status change instead of the e-mails
#: below (benachrichtigungen: a notification per person, sent at once or in a digest as they
#: chose, with one-click unsubscribe). Without one, ``queue_status_change_emails`` sends them.
STATUS_CHANGE_HOOK = "announce_status_change"


def announce(change: StatusChange) -> None:
    """Tell the author and the followers about a status change, in the current transaction."""
    handlers = hooks.get_hooks(STATUS_CHANGE_HOOK)
    if not handlers:
        queue_status_change_emails(change)
    for handler in handlers:
        handler(change)


def recipients(change: StatusChange) -> list:
    """The author and followers who want these e-mails, may still read the idea, and did not
    record the change themselves."""
    idea = change.idea
    follower_ids = IdeaFollow.objects.filter(idea=idea).values("user_id")
    users = (
        get_user_model()
        .objects.filter(Q(pk=idea.author_id) | Q(pk__in=follower_ids), is_active=True)
        .exclude(email="")
        .exclude(notification_preference__status_emails=False)
        .order_by("pk")
    )
    if change.recorded_by_id:
        users = users.exclude(pk=change.recorded_by_id)
    return [user for user in users if idea_rules.can_view_idea(user, idea)]


def queue_status_change_emails(change: StatusChange) -> int:
    """Write the e-mails about one status change to the outbox; return how many."""
    users = recipients(change)
    for user in users:
        queue_message(
            build_email(change, user),
            kind="decision",
            guard="transparenz.notifications.may_still_receive",
            guard_args={"change_pk": change.pk, "user_pk": user.pk},
        )
    return len(users)


def may_still_receive(change_pk: int, user_pk: int) -> bool:
    """Checked before each attempt: the person is active and may still read the idea."""
    change = StatusChange.objects.select_related("idea", "idea__space").filter(pk=change_pk).first()
    user = get_user_model().objects.filter(pk=user_pk, is_active=True).first()
    return bool(change and user and idea_rules.can_view_idea(user, change.idea))


def site_root_url() -> str:
    """The public address of the site, for links in e-mails (WAGTAILADMIN_BASE_URL)."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def build_email(change: StatusChange, user) -> EmailMessage:
    """The German e-mail to one person about one status change."""
    idea = change.idea
    root = site_root_url()
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "change": change,
            "idea": idea,
            "user": user,
            "is_author": idea.author_id == user.pk,
            # Citizens' ideas on a public project are "Vorschläge" and belong to that project.
            "is_proposal": not is_internal_space(idea.space),
            "project": idea.space,
            "idea_url": f"{root}{idea.get_absolute_url()}#{change.anchor}",
            "merged_into_url": (
                f"{root}{change.merged_into.get_absolute_url()}" if change.merged_into else ""
            ),
            "settings_url": f"{root}{reverse('transparenz:notifications')}",
        }
        subject = render_to_string("transparenz/email/status_change_subject.txt", context)
        body = render_to_string("transparenz/email/status_change.txt", context)
    return EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        to=[user.email],
        headers={"Auto-Submitted": "auto-generated"},
    )
