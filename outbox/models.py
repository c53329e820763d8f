"""The outbox: every e-mail of the platform as a row, written with the data it is about.

A row is written in the request's transaction and sent by a task after the commit; a failed
send waits in the table for the next attempt (``manage.py send_queued_mail``), so an SMTP
outage costs time, never an e-mail. Rows hold personal data (addresses, texts): sent ones are
deleted after ``MAIL_OUTBOX["keep_sent_days"]``, and only administrators see them.
"""

from __future__ import annotations

import datetime

from django.core.mail import EmailMultiAlternatives
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutgoingMailQuerySet(models.QuerySet):
    """E-mails by their state of delivery."""

    def due(self, now: datetime.datetime) -> OutgoingMailQuerySet:
        """Waiting for an attempt, or abandoned by a worker that stopped while sending."""
        return self.filter(
            Q(state=OutgoingMail.State.PENDING, next_attempt_at__lte=now)
            | Q(state=OutgoingMail.State.SENDING, locked_until__lte=now)
        )

    def undelivered(self) -> OutgoingMailQuerySet:
        """Not (yet) handed to the mail server: waiting, being sent or failed."""
        return self.filter(
            state__in=[
                OutgoingMail.State.PENDING,
                OutgoingMail.State.SENDING,
                OutgoingMail.State.FAILED,
            ]
        )

    def expired(self, now: datetime.datetime, keep_sent: datetime.timedelta, keep_failed):
        """Sent (or cancelled) rows older than ``keep_sent``, failed rows untouched for
        ``keep_failed``."""
        return self.filter(
            Q(state=OutgoingMail.State.SENT, sent_at__lt=now - keep_sent)
            | Q(state=OutgoingMail.State.CANCELLED, last_attempt_at__lt=now - keep_sent)
            | Q(state=OutgoingMail.State.FAILED, last_attempt_at__lt=now - keep_failed)
        )


class OutgoingMail(models.Model):
    """One e-mail on its way: the message as it will be sent, and how delivery went."""

    class State(models.TextChoices):
        PENDING = "pending", _("waiting")
        SENDING = "sending", _("being sent")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")
        CANCELLED = "cancelled", _("not sent: recipient no longer entitled")

    created = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    kind = models.CharField(
        _("kind"),
        max_length=40,
        blank=True,
        help_text=_("What the e-mail is about, e.g. account, decision, barrier report."),
    )
    from_email = models.CharField(_("sender"), max_length=254, blank=True)
    to = models.JSONField(_("addressed to"), default=list)
    cc = models.JSONField(_("cc"), default=list, blank=True)
    bcc = models.JSONField(_("bcc"), default=list, blank=True)
    reply_to = models.JSONField(_("reply to"), default=list, blank=True)
    subject = models.TextField(_("subject"))
    body = models.TextField(_("text"))
    html = models.TextField(_("HTML version"), blank=True)
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    # Checked before every attempt: a function (dotted path) that gets guard_args and answers
    # whether the recipient may still get this e-mail (e.g. may still read an internal idea).
    guard = models.CharField(_("check before sending"), max_length=200, blank=True)
    guard_args = models.JSONField(default=dict, blank=True)

    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING, db_index=True
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    queued_at = models.DateTimeField(
        _("retrying since"),
        default=timezone.now,
        help_text=_("Failed attempts are repeated for a day from here, then given up."),
    )
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now, db_index=True)
    locked_until = models.DateTimeField(_("claimed by a worker until"), null=True, blank=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    objects = OutgoingMailQuerySet.as_manager()

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["-created"]
        permissions = [("resend_outgoingmail", _("Can send an e-mail again"))]

    def __str__(self) -> str:
        return self.subject

    @property
    def recipients(self) -> str:
        return ", ".join([*self.to, *self.cc, *self.bcc])

    @property
    def can_resend(self) -> bool:
        return self.state in {self.State.PENDING, self.State.FAILED}

    def as_message(self, connection=None) -> EmailMultiAlternatives:
        """The e-mail as Django sends it."""
        message = EmailMultiAlternatives(
            subject=self.subject,
            body=self.body,
            from_email=self.from_email or None,
            to=self.to,
            cc=self.cc,
            bcc=self.bcc,
            reply_to=self.reply_to,
            headers=self.headers,
            connection=connection,
        )
        if self.html:
            message.attach_alternative(self.html, "text/html")
        return message
