"""E-mails: one at once, or a daily or weekly digest; each with one-click unsubscribe.

Every e-mail goes through the outbox (``outbox.services.queue_message``): written in the
transaction of the event (or of the digest batch), sent after the commit, retried while the mail
server is down. Before each attempt a guard checks again that the recipient is active, still
wants this kind, and may still read every item: internal content never reaches somebody who
left the staff while the e-mail waited, a comment removed in the meantime is not sent.

Unsubscribe links carry a signed token (user and kind). ``List-Unsubscribe`` and
``List-Unsubscribe-Post: List-Unsubscribe=One-Click`` (RFC 8058) let the mail program turn off
exactly that kind with one POST, without a login.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from itertools import groupby

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_comments_xtd.models import XtdComment

from ideen.models import Idea
from outbox.services import queue_message
from transparenz.models import StatusChange
from transparenz.notifications import build_email as build_decision_email

from .content import Item, describe
from .models import DIGEST_SUBSCRIPTIONS, Choice, Kind, Notification, subscription_label

logger = logging.getLogger(__name__)

TOKEN_SALT = "benachrichtigungen.unsubscribe"


class BadToken(Exception):
    """The unsubscribe token is forged, damaged or names an unknown kind."""


class ExpiredToken(BadToken):
    """The unsubscribe token was genuine but is too old."""


def make_token(user_pk: int, kind: str) -> str:
    return signing.TimestampSigner(salt=TOKEN_SALT).sign_object({"u": user_pk, "k": kind})


def read_token(token: str) -> tuple[int, str]:
    """The user pk and kind a token names; raises ExpiredToken or BadToken."""
    max_age = settings.NOTIFICATION_UNSUBSCRIBE_DAYS * 24 * 3600
    try:
        data = signing.TimestampSigner(salt=TOKEN_SALT).unsign_object(token, max_age=max_age)
    except signing.SignatureExpired as error:
        raise ExpiredToken from error
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise BadToken from error
    if not isinstance(data, dict) or data.get("k") not in [*Kind.values, *DIGEST_SUBSCRIPTIONS]:
        raise BadToken
    if not isinstance(data.get("u"), int):
        raise BadToken
    return data["u"], data["k"]


def site_root_url() -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def unsubscribe_url(user_pk: int, kind: str) -> str:
    token = make_token(user_pk, kind)
    return f"{site_root_url()}{reverse('benachrichtigungen:unsubscribe', args=[token])}"


def _message(user, kind: str, template: str, context: dict) -> EmailMultiAlternatives:
    root = site_root_url()
    link = unsubscribe_url(user.pk, kind)
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            **context,
            "user": user,
            "root": root,
            "kind_label": subscription_label(kind),
            "unsubscribe_url": link,
            "settings_url": f"{root}{reverse('benachrichtigungen:settings')}",
            "news_url": f"{root}{reverse('benachrichtigungen:news')}",
        }
        subject = render_to_string(f"benachrichtigungen/email/{template}_subject.txt", context)
        text = render_to_string(f"benachrichtigungen/email/{template}.txt", context)
        html = render_to_string(f"benachrichtigungen/email/{template}.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=text,
        to=[user.email],
        headers={
            "Auto-Submitted": "auto-generated",
            "List-Unsubscribe": f"<{link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def _decision_message(change: StatusChange, user, item: Item) -> EmailMultiAlternatives:
    """The decision e-mail as it always read (``transparenz.notifications``), now with an HTML
    part and one-click unsubscribe."""
    text = build_decision_email(change, user)
    generic = _message(user, Kind.IDEA_PROGRESS, "single", {"item": item})
    message = EmailMultiAlternatives(
        subject=text.subject,
        body=text.body,
        to=text.to,
        headers={**text.extra_headers, **generic.extra_headers},
    )
    message.attach_alternative(generic.alternatives[0][0], "text/html")
    return message


def queue_immediate(notification: Notification) -> bool:
    """Write the e-mail for one notification to the outbox (in the current transaction)."""
    user = notification.recipient
    item = describe(notification, user)
    Notification.objects.filter(pk=notification.pk).update(mailed_at=timezone.now())
    if item is None:
        return False
    if isinstance(notification.target, StatusChange):
        message, kind = _decision_message(notification.target, user, item), "decision"
    else:
        message, kind = _message(user, notification.kind, "single", {"item": item}), "notification"
    queue_message(
        message,
        kind=kind,
        guard="benachrichtigungen.delivery.may_still_receive",
        guard_args={"pks": [notification.pk], "channel": Choice.IMMEDIATELY},
    )
    return True


def may_still_receive(pks: list[int], channel: str) -> bool:
    """Checked before each attempt: the recipient is active, still wants these e-mails and may
    still read every item."""
    notifications = list(
        Notification.objects.filter(pk__in=pks).select_related("recipient", "project")
    )
    if len(notifications) != len(pks):
        return False  # the account or the item was deleted
    gone = [
        notification
        for notification in notifications
        if notification.channel != channel or describe(notification, notification.recipient) is None
    ]
    if gone and channel != Choice.IMMEDIATELY:
        # A digest is not sent with a hole: what may still be read waits for the next one.
        keep = [n.pk for n in notifications if n not in gone]
        Notification.objects.filter(pk__in=keep).update(mailed_at=None)
    return not gone


@dataclass
class DigestRun:
    recipients: int = 0
    mails: int = 0
    items: int = 0
    skipped: int = 0


@dataclass
class Group:
    title: str
    items: list[Item]


def _groups(items: list[Item]) -> list[Group]:
    """Items grouped by project (in order of the project's title), newest first inside; new
    projects together in one group."""
    items = sorted(
        items, key=lambda item: (item.group_title, -item.notification.created.timestamp())
    )
    return [
        Group(title=title, items=list(group))
        for title, group in groupby(items, key=lambda item: item.group_title)
    ]


def _load_comment_targets(notifications: list[Notification]) -> None:
    """What the comments of a batch were written on, one query per type instead of one each."""
    comments = [n.target for n in notifications if isinstance(n.target, XtdComment)]
    wanted: dict[int, set[str]] = defaultdict(set)
    for comment in comments:
        wanted[comment.content_type_id].add(comment.object_pk)
    found = {}
    for type_id, pks in wanted.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is None:
            continue
        queryset = model._base_manager.filter(pk__in=pks)
        if model is Idea:
            queryset = queryset.select_related("space")
        found.update({(type_id, str(obj.pk)): obj for obj in queryset})
    for comment in comments:
        target = found.get((comment.content_type_id, comment.object_pk))
        if target is not None:
            comment.content_object = target


def _digest_for(user, notifications: list[Notification], channel: str, run: DigestRun) -> None:
    now = timezone.now()
    items = []
    for notification in notifications:
        item = describe(notification, user) if user is not None else None
        if item is None:
            run.skipped += 1
        else:
            items.append(item)
    Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(mailed_at=now)
    if not items or user is None:
        return
    # Its unsubscribe link stops this digest: every kind now collected in it.
    message = _message(
        user,
        f"digest:{channel}",
        "digest",
        {"groups": _groups(items), "channel": channel, "count": len(items)},
    )
    queue_message(
        message,
        kind=f"digest-{channel}",
        guard="benachrichtigungen.delivery.may_still_receive",
        guard_args={"pks": [item.notification.pk for item in items], "channel": channel},
    )
    run.mails += 1
    run.items += len(items)


def send_digests(channel: str, batch: int = 200) -> DigestRun:
    """Build the digests of one period for everybody with news waiting, batch by batch.

    Only recipients with pending notifications are read (an index on channel and recipient
    where nothing was mailed yet), never the whole user table. Each batch is one transaction
    that locks its notifications (``SKIP LOCKED``), marks them as mailed and writes the
    e-mails, so a second run at the same time or a run after a crash never repeats an item.
    """
    if channel not in (Choice.DAILY, Choice.WEEKLY):
        raise ValueError(channel)
    run = DigestRun()
    users = get_user_model().objects
    last_pk = 0
    while True:
        recipient_ids = list(
            Notification.objects.pending_digest(channel)
            .filter(recipient_id__gt=last_pk)
            .order_by("recipient_id")
            .values_list("recipient_id", flat=True)
            .distinct()[:batch]
        )
        if not recipient_ids:
            return run
        last_pk = recipient_ids[-1]
        with transaction.atomic():
            pending = list(
                Notification.objects.pending_digest(channel)
                .filter(recipient_id__in=recipient_ids)
                .select_for_update(skip_locked=True, of=("self",))
                .order_by("recipient_id", "pk")
            )
            # The targets (comments, proposals, notes, pages) in one query per type.
            pending = list(
                Notification.objects.filter(pk__in=[n.pk for n in pending])
                .select_related("project")
                .prefetch_related("target")
                .order_by("recipient_id", "pk")
            )
            _load_comment_targets(pending)
            people = users.in_bulk([n.recipient_id for n in pending])
            for recipient_id, group in groupby(pending, key=lambda n: n.recipient_id):
                user = people.get(recipient_id)
                if user is not None and not user.is_active:
                    user = None
                for notification in (group := list(group)):
                    notification.recipient = people.get(recipient_id)
                run.recipients += 1
                _digest_for(user, group, channel, run)
