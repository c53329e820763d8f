"""Writing notifications for events, and people's choices and project follows.

Events call ``notify`` in their own transaction (``signals``): the rows and the e-mails that go
out at once are written with the comment, proposal or progress note, so none is lost. Nobody is
told about their own action; a person gets one notification per event, of the kind that concerns
them most (a reply before a comment on their proposal before news of a followed project).
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
from collections.abc import Iterable, Iterator

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from home import citizen_pages

from .models import (
    DEFAULT_CHOICES,
    DIGEST_SUBSCRIPTIONS,
    AreaSubscription,
    Choice,
    Kind,
    Notification,
    Preference,
    ProjectFollow,
)

#: Which kind wins when one event concerns a person in several ways (first wins).
PRIORITY = [
    Kind.MODERATION,
    Kind.REPLY,
    Kind.COMMENT_ON_MINE,
    Kind.IDEA_PROGRESS,
    Kind.PROJECT_PHASE,
    Kind.PROJECT_NEWS,
    Kind.NEW_PROJECT,
]


_quiet = contextvars.ContextVar("benachrichtigungen_quiet", default=False)


@contextlib.contextmanager
def quietly() -> Iterator[None]:
    """Notifications written inside are listed under "Neuigkeiten" but never e-mailed (the
    demo content, imports): nobody is to get e-mails about what was loaded."""
    token = _quiet.set(True)
    try:
        yield
    finally:
        _quiet.reset(token)


def is_quiet() -> bool:
    return _quiet.get()


def choices_of(user_ids: Iterable[int], kind: str) -> dict[int, str]:
    """Each user's choice for the kind (the default where they made none)."""
    user_ids = list(user_ids)
    chosen = dict(
        Preference.objects.filter(user_id__in=user_ids, kind=kind).values_list("user_id", "choice")
    )
    return {pk: chosen.get(pk, DEFAULT_CHOICES[kind]) for pk in user_ids}


def all_choices(user) -> dict[str, str]:
    """The user's choice for every kind."""
    chosen = dict(Preference.objects.filter(user=user).values_list("kind", "choice"))
    return {kind: chosen.get(kind, DEFAULT_CHOICES[kind]) for kind in Kind.values}


@transaction.atomic
def set_choice(user, kind: str, choice: str) -> bool:
    """Store the user's choice for one kind; waiting notifications follow it. Return whether
    it changed."""
    if kind not in Kind.values or choice not in Choice.values:
        raise ValueError(f"Unknown kind or choice: {kind!r}, {choice!r}")
    previous = all_choices(user)[kind]
    Preference.objects.update_or_create(user=user, kind=kind, defaults={"choice": choice})
    if previous == choice:
        return False
    # What waits for a digest (or would be sent at once) goes the new way.
    Notification.objects.filter(recipient=user, kind=kind, mailed_at__isnull=True).update(
        channel=choice
    )
    return True


def unsubscribe(user, subscription: str) -> list[str]:
    """Turn off one kind, or every kind collected in one digest; return the kinds turned off."""
    if subscription in DIGEST_SUBSCRIPTIONS:
        channel = DIGEST_SUBSCRIPTIONS[subscription][0]
        kinds = [kind for kind, choice in all_choices(user).items() if choice == channel]
    else:
        kinds = [subscription]
    for kind in kinds:
        set_choice(user, kind, Choice.OFF)
    return kinds


def notify(
    target,
    *,
    project_id: int,
    recipients: dict[int, str],
    actor_id: int | None = None,
    detail: str = "",
) -> list[Notification]:
    """Write one notification per recipient (user pk -> kind) and queue the immediate e-mails."""
    from .delivery import queue_immediate

    recipients = {pk: kind for pk, kind in recipients.items() if pk and pk != actor_id}
    if not recipients:
        return []
    active = set(
        get_user_model()
        .objects.filter(pk__in=recipients.keys(), is_active=True)
        .exclude(email="")
        .values_list("pk", flat=True)
    )
    content_type = ContentType.objects.get_for_model(target)
    already = set(
        Notification.objects.filter(
            content_type=content_type,
            object_id=target.pk,
            detail=detail,
            recipient_id__in=active,
        ).values_list("recipient_id", flat=True)
    )
    by_kind: dict[str, list[int]] = {}
    for pk, kind in recipients.items():
        if pk in active and pk not in already:
            by_kind.setdefault(kind, []).append(pk)
    now = timezone.now()
    rows = []
    for kind, user_ids in by_kind.items():
        for pk, choice in choices_of(user_ids, kind).items():
            rows.append(
                Notification(
                    recipient_id=pk,
                    kind=kind,
                    channel=choice,
                    project_id=project_id,
                    content_type=content_type,
                    object_id=target.pk,
                    detail=detail,
                    created=now,
                    mailed_at=now if is_quiet() else None,
                )
            )
    created = Notification.objects.bulk_create(rows)
    for notification in created:
        if notification.channel == Choice.IMMEDIATELY and not notification.mailed_at:
            queue_immediate(notification)
    return created


def merge(recipients: dict[int, str], user_ids: Iterable[int], kind: str) -> None:
    """Add users for a kind unless a kind that concerns them more is already theirs."""
    for pk in user_ids:
        current = recipients.get(pk)
        if current is None or PRIORITY.index(kind) < PRIORITY.index(current):
            recipients[pk] = kind


def project_followers(project_id: int) -> list[int]:
    return list(
        ProjectFollow.objects.filter(project_id=project_id).values_list("user_id", flat=True)
    )


def has_project_followers(project_id: int) -> bool:
    return ProjectFollow.objects.filter(project_id=project_id).exists()


def follows_project(user, project) -> bool:
    """Whether the user follows the project; a page shared by citizens shows it per reader."""
    citizen_pages.depends_on("benachrichtigungen.project", project.pk)
    return bool(
        user.is_authenticated and ProjectFollow.objects.filter(project=project, user=user).exists()
    )


def project_follow(user, project_id: int) -> tuple[str, list]:
    """The user's follow of the project, as a SELECT for ``home.citizen_pages``."""
    table = ProjectFollow._meta.db_table
    return f'SELECT 1 FROM "{table}" WHERE "project_id" = %s AND "user_id" = %s', [
        project_id,
        user.pk,
    ]


def set_project_follow(project, *, user, follow: bool) -> bool:
    """Follow a project or stop following it; return whether the user follows it now."""
    if follow:
        ProjectFollow.objects.get_or_create(project=project, user=user)
    else:
        ProjectFollow.objects.filter(project=project, user=user).delete()
    return follow


def area_subscriptions(user) -> tuple[list[str], list[int]]:
    """The Ortsteile (district codes, ``WHOLE_CITY``) and fields of action (category pks) the
    user wants to hear of new projects in."""
    districts, fields = [], []
    for district, field_id in AreaSubscription.objects.filter(user=user).values_list(
        "district", "field_of_action_id"
    ):
        if field_id:
            fields.append(field_id)
        else:
            districts.append(district)
    return sorted(districts), sorted(fields)


@transaction.atomic
def set_area_subscriptions(user, *, districts: Iterable[str], field_ids: Iterable[int]) -> None:
    """Replace the user's choice of Ortsteile and fields of action (empty: none, the default)."""
    AreaSubscription.objects.filter(user=user).delete()
    AreaSubscription.objects.bulk_create(
        [AreaSubscription(user=user, district=code) for code in sorted(set(districts))]
        + [AreaSubscription(user=user, field_of_action_id=pk) for pk in sorted(set(field_ids))]
    )


def new_project_subscribers(district: str, field_of_action_id: int | None) -> list[int]:
    """Who chose the project's Ortsteil (or the whole city) or its field of action, once each."""
    return list(
        AreaSubscription.objects.matching(district, field_of_action_id)
        .order_by("user_id")
        .values_list("user_id", flat=True)
        .distinct()
    )


def announce_new_project(
    page, *, district: str, field_of_action_id: int | None, actor_id: int | None
) -> None:
    """A public project was published for the first time: the people who chose its Ortsteil or
    field of action hear of it through a task (there may be thousands), queued in the
    transaction of the publication."""
    from .tasks import notify_new_project

    if not AreaSubscription.objects.matching(district, field_of_action_id).exists():
        return
    args = (page.pk, district, field_of_action_id, actor_id)
    if is_quiet():  # loading content: written now, so that it stays quiet
        notify_new_project.call(*args)
    else:
        notify_new_project.enqueue(*args)


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user).unread().count()


def unread_count_select(user) -> tuple[str, list]:
    """``unread_count`` as a scalar SELECT (NULL for none), for ``home.citizen_pages``."""
    return _unread_count_sql(), [user.pk]


@functools.cache
def _unread_count_sql() -> str:
    """The SQL of ``unread_count_select``, built once by the ORM (building it per request
    would cost as much as the query it saves)."""
    unread = (
        Notification.objects.filter(recipient_id=0)
        .unread()
        .order_by()
        .values("recipient")
        .annotate(count=Count("pk"))
        .values("count")
    )
    sql, params = unread.query.sql_with_params()
    if list(params) != [0]:
        raise ValueError(f"The unread count takes parameters other than the user: {params}")
    return sql


def mark_all_read(user) -> int:
    return Notification.objects.filter(recipient=user).unread().update(read_at=timezone.now())
