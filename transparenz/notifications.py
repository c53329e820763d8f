"""E-mails about status changes to the author and the followers of an idea.

Called after the decision is committed (``transaction.on_commit``). One task finds the
recipients, then one task per recipient sends the e-mail, so one bad address does not keep the
others from hearing about the decision. Each send is tried a few times; failures are logged.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from ideen import rules as idea_rules
from ideen.models import IdeaFollow, is_internal_space

from .models import StatusChange

logger = logging.getLogger(__name__)

#: Attempts per e-mail, and the pause before each further attempt (seconds).
SEND_ATTEMPTS = 3
RETRY_DELAYS = (2, 10)


def enqueue_status_change_emails(change_pk: int) -> None:
    """Queue the notifications about one status change (after its transaction committed)."""
    notify_status_change.enqueue(change_pk)


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


@task()
def notify_status_change(change_pk: int) -> int:
    """Find the recipients of one status change and queue one e-mail each; return how many."""
    change = StatusChange.objects.select_related("idea", "idea__space").filter(pk=change_pk).first()
    if change is None:
        return 0
    users = recipients(change)
    for user in users:
        send_status_change_email.enqueue(change_pk, user.pk)
    return len(users)


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


@task()
def send_status_change_email(change_pk: int, user_pk: int) -> bool:
    """Send one e-mail, trying up to SEND_ATTEMPTS times; raise after the last failure."""
    change = (
        StatusChange.objects.select_related("idea", "idea__space", "merged_into", "corrects")
        .filter(pk=change_pk)
        .first()
    )
    user = get_user_model().objects.filter(pk=user_pk, is_active=True).first()
    if change is None or user is None:
        return False
    # The e-mail may have waited in the queue: somebody who left the staff since gets nothing.
    if not idea_rules.can_view_idea(user, change.idea):
        return False
    message = build_email(change, user)
    for attempt in range(1, SEND_ATTEMPTS + 1):
        try:
            message.send()
        except Exception:
            if attempt == SEND_ATTEMPTS:
                logger.exception(
                    "Status change %s: e-mail to user %s failed after %s attempts.",
                    change_pk,
                    user_pk,
                    attempt,
                )
                raise
            logger.warning(
                "Status change %s: e-mail to user %s failed (attempt %s of %s); retrying.",
                change_pk,
                user_pk,
                attempt,
                SEND_ATTEMPTS,
                exc_info=True,
            )
            time.sleep(RETRY_DELAYS[min(attempt - 1, len(RETRY_DELAYS) - 1)])
        else:
            return True
    return False
