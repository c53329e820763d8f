"""Notifications: what happened that a person wants to hear about, and how they want to hear it.

One ``Notification`` row per recipient and event, written in the transaction of the event. Its
``channel`` is the recipient's choice for the kind when it was written (and is moved along when
they change that choice): sent at once, collected for a daily or weekly digest, or only shown on
the "Neuigkeiten" page. ``mailed_at`` marks it as handled by e-mail, so a digest never repeats it.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    MODERATION = "moderation", _("The moderation team removes my contribution, with the reason")
    REPLY = "reply", _("Replies to my comments")
    COMMENT_ON_MINE = "comment_on_mine", _("Comments on my proposals and ideas")
    IDEA_PROGRESS = "idea_progress", _("Decisions and progress on ideas I handed in or follow")
    PROJECT_NEWS = "project_news", _("New proposals and comments in projects I follow")
    PROJECT_PHASE = "project_phase", _("A project I follow enters a new phase")
    NEW_PROJECT = "new_project", _("New projects in my Ortsteil or field of action")


class Choice(models.TextChoices):
    IMMEDIATELY = "immediately", _("Immediately by e-mail")
    DAILY = "daily", _("Once a day as a summary")
    WEEKLY = "weekly", _("Once a week as a summary")
    OFF = "off", _("No e-mail (only under “News”)")


#: What people get until they choose: what concerns them personally at once, news weekly.
DEFAULT_CHOICES = {
    Kind.MODERATION: Choice.IMMEDIATELY,
    Kind.REPLY: Choice.IMMEDIATELY,
    Kind.COMMENT_ON_MINE: Choice.IMMEDIATELY,
    Kind.IDEA_PROGRESS: Choice.IMMEDIATELY,
    Kind.PROJECT_NEWS: Choice.WEEKLY,
    Kind.PROJECT_PHASE: Choice.WEEKLY,
    # Opt-in by choosing places and topics; a new project runs for weeks, so a weekly word is
    # early enough and keeps the e-mails few.
    Kind.NEW_PROJECT: Choice.WEEKLY,
}

DIGEST_CHOICES = (Choice.DAILY, Choice.WEEKLY)

#: What an unsubscribe link may turn off: one kind, or one digest (every kind collected in it).
DIGEST_SUBSCRIPTIONS = {
    "digest:daily": (Choice.DAILY, _("Daily summary")),
    "digest:weekly": (Choice.WEEKLY, _("Weekly summary")),
}


def subscription_label(subscription: str) -> str:
    """The name of a kind or digest, as unsubscribe links and pages show it."""
    if subscription in DIGEST_SUBSCRIPTIONS:
        return str(DIGEST_SUBSCRIPTIONS[subscription][1])
    return str(Kind(subscription).label)


class Preference(models.Model):
    """One person's choice for one kind; without a row the default applies."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notification_choices",
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    choice = models.CharField(_("choice"), max_length=16, choices=Choice.choices)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("notification choice")
        verbose_name_plural = _("notification choices")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_choice_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.kind} = {self.choice}"


class ProjectFollow(models.Model):
    """A person follows a project page: new proposals, comments and phases."""

    project = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="project_follows",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="project_follows",
    )
    created = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("project follow")
        verbose_name_plural = _("project follows")
        constraints = [
            models.UniqueConstraint(fields=["project", "user"], name="project_follow_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.project_id}"


#: The choice "projects for the whole city" among the Ortsteile (a project without a district).
WHOLE_CITY = "ganze-stadt"


class AreaSubscriptionQuerySet(models.QuerySet):
    def matching(self, district: str, field_of_action_id: int | None) -> AreaSubscriptionQuerySet:
        """The subscriptions a new project with this district and field of action concerns."""
        match = Q(district=district or WHOLE_CITY)
        if field_of_action_id:
            match |= Q(field_of_action_id=field_of_action_id)
        return self.filter(match)


class AreaSubscription(models.Model):
    """A person wants to hear of new projects in one Ortsteil (or for the whole city) or in one
    field of action: one row per choice, exactly one of the two set."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="area_subscriptions",
    )
    district = models.CharField(_("district"), max_length=20, blank=True)
    field_of_action = models.ForeignKey(
        "ideen.Category",
        verbose_name=_("field of action"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    created = models.DateTimeField(_("created"), default=timezone.now)

    objects = AreaSubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("subscription to new projects")
        verbose_name_plural = _("subscriptions to new projects")
        constraints = [
            models.CheckConstraint(
                condition=(Q(district="") & Q(field_of_action__isnull=False))
                | (~Q(district="") & Q(field_of_action__isnull=True)),
                name="area_subscription_one_of_two",
            ),
            models.UniqueConstraint(
                fields=["user", "district"],
                condition=~Q(district=""),
                name="area_subscription_district_once",
            ),
            models.UniqueConstraint(
                fields=["user", "field_of_action"],
                condition=Q(field_of_action__isnull=False),
                name="area_subscription_field_once",
            ),
        ]
        indexes = [
            models.Index(
                fields=["district"], name="area_subscription_district", condition=~Q(district="")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.district or self.field_of_action_id}"


class NotificationQuerySet(models.QuerySet):
    def pending_digest(self, channel: str) -> NotificationQuerySet:
        """Waiting for the daily or weekly digest."""
        return self.filter(channel=channel, mailed_at__isnull=True)

    def unread(self) -> NotificationQuerySet:
        """Not yet marked as read."""
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """One event for one recipient."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    channel = models.CharField(_("channel"), max_length=16, choices=Choice.choices)
    #: The space (project page or internal platform) the event belongs to, for grouping.
    project = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    #: A short text kept with the event (the name of a new phase).
    detail = models.CharField(_("detail"), max_length=255, blank=True)
    created = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    #: Handled by e-mail (sent at once, put into a digest, or skipped because it vanished).
    mailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "content_type", "object_id", "detail"],
                name="notification_once_per_event",
            )
        ]
        indexes = [
            models.Index(
                fields=["channel", "recipient"],
                name="notification_digest_pending",
                condition=Q(mailed_at__isnull=True),
            ),
            models.Index(fields=["recipient", "-created"], name="notification_newest"),
            models.Index(
                fields=["recipient"],
                name="notification_unread",
                condition=Q(read_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_id}: {self.kind} {self.content_type_id}/{self.object_id}"
