"""Queue, send and retry e-mails through the outbox (see models.py).

``queue_message`` is the only way the platform sends an e-mail: it writes the row in the
current transaction and, once that commits, queues a task that sends it. A failed attempt is
repeated with growing delays (``MAIL_OUTBOX``) for at least ``retry_for`` seconds, then the
row is flagged as failed for an administrator ("E-Mail-Zustellung" in the admin).
``send_due`` is the sweep that retries: ``manage.py send_queued_mail`` runs it.
"""

from __future__ import annotations

import datetime
import logging
import smtplib
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import OperationalError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.module_loading import import_string

from .models import OutgoingMail

logger = logging.getLogger(__name__)

State = OutgoingMail.State

#: Errors that mean the mail server cannot be reached at all (not: it refused one address).
SERVER_DOWN = (
    ConnectionError,
    TimeoutError,
    smtplib.SMTPConnectError,
    smtplib.SMTPServerDisconnected,
)


class ServerDown(Exception):
    """The mail server could not be reached; the attempt is already recorded."""

    def __init__(self, state: str, error: Exception):
        super().__init__(str(error))
        self.state = state
        self.error = error


DEFAULTS = {
    "first_delay": 60,  # seconds before the first retry; doubled after every failure ...
    "max_delay": 4 * 60 * 60,  # ... up to four hours between attempts
    "retry_for": 24 * 60 * 60,  # retries go on at least this long, then the mail is "failed"
    "lease": 10 * 60,  # a worker that stopped while sending gives the mail back after this
    "keep_sent_days": 30,  # sent e-mails (personal data) are deleted after this many days
    "keep_failed_days": 90,  # failed ones after this many days without a new attempt
    "batch": 100,  # e-mails per sweep
}


def config(name: str):
    """One value of the MAIL_OUTBOX setting, or its default."""
    return getattr(settings, "MAIL_OUTBOX", {}).get(name, DEFAULTS[name])


def retry_delay(attempts: int) -> datetime.timedelta:
    """The pause after the given number of failed attempts: 1, 2, 4, ... minutes, capped."""
    seconds = config("first_delay") * 2 ** max(attempts - 1, 0)
    return datetime.timedelta(seconds=min(seconds, config("max_delay")))


def _fields(message: EmailMessage) -> dict:
    if message.attachments:
        raise ValueError("The outbox keeps no attachments; send a link instead.")
    body, html = message.body, ""
    if message.content_subtype == "html":
        body, html = strip_tags(message.body), message.body
    for alternative in getattr(message, "alternatives", []):
        content, mimetype = alternative[0], alternative[1]
        if mimetype == "text/html":
            html = content
    return {
        "from_email": message.from_email or "",
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "subject": message.subject,
        "body": body,
        "html": html,
        "headers": dict(message.extra_headers),
    }


def queue_message(
    message: EmailMessage, *, kind: str = "", guard: str = "", guard_args: dict | None = None
) -> OutgoingMail:
    """Keep an e-mail in the outbox and send it once the current transaction commits.

    ``guard`` names a function that gets ``guard_args`` before every attempt; when it answers
    False the e-mail is not sent (state "cancelled").
    """
    mail = OutgoingMail.objects.create(
        kind=kind, guard=guard, guard_args=guard_args or {}, **_fields(message)
    )
    transaction.on_commit(lambda: enqueue_delivery(mail.pk), robust=True)
    return mail


def queue_mail(
    subject: str,
    body: str,
    to: list[str],
    *,
    kind: str = "",
    from_email: str | None = None,
    reply_to: list[str] | None = None,
    headers: dict | None = None,
) -> OutgoingMail:
    """``send_mail`` through the outbox."""
    message = EmailMessage(
        subject=subject,
        body=body,
        from_email=from_email or settings.DEFAULT_FROM_EMAIL,
        to=to,
        reply_to=reply_to,
        headers=headers,
    )
    return queue_message(message, kind=kind)


def enqueue_delivery(pk: int) -> None:
    """Hand one e-mail to the task queue; if that fails too, the sweep finds it."""
    from .tasks import send_outgoing_mail

    try:
        send_outgoing_mail.enqueue(pk)
    except Exception:
        logger.exception("E-mail %s could not be queued; the next sweep sends it.", pk)


def _claim(queryset, now: datetime.datetime) -> datetime.datetime | None:
    """Mark due rows as being sent by this worker; the lease end identifies the claim."""
    lease_end = now + datetime.timedelta(seconds=config("lease"))
    claimed = queryset.due(now).update(
        state=State.SENDING,
        locked_until=lease_end,
        attempts=F("attempts") + 1,
        last_attempt_at=now,
    )
    return lease_end if claimed else None


def _record_failure(mail: OutgoingMail, lease_end: datetime.datetime, error: Exception) -> str:
    """Schedule the next attempt, or flag the mail as failed after a day of retries."""
    now = timezone.now()
    given_up = now - mail.queued_at >= datetime.timedelta(seconds=config("retry_for"))
    state = State.FAILED if given_up else State.PENDING
    OutgoingMail.objects.filter(pk=mail.pk, state=State.SENDING, locked_until=lease_end).update(
        state=state,
        locked_until=None,
        next_attempt_at=now + retry_delay(mail.attempts),
        last_error=f"{type(error).__name__}: {error}"[:2000],
    )
    log = logger.error if given_up else logger.warning
    log(
        "E-mail %s (%s) failed at attempt %s: %s%s",
        mail.pk,
        mail.kind or "mail",
        mail.attempts,
        error,
        "; given up" if given_up else "; will retry",
    )
    return state


def _send_claimed(mail: OutgoingMail, lease_end: datetime.datetime, connection=None) -> str:
    """Send a row this worker claimed and record the outcome; return the new state.

    Raises nothing: a failure is recorded on the row (``ServerDown`` is re-raised for the sweep
    when the server cannot be reached at all).
    """
    claimed = OutgoingMail.objects.filter(pk=mail.pk, state=State.SENDING, locked_until=lease_end)
    try:
        if mail.guard and not import_string(mail.guard)(**mail.guard_args):
            claimed.update(
                state=State.CANCELLED,
                locked_until=None,
                last_error="The recipient may no longer receive this e-mail.",
            )
            return State.CANCELLED
        mail.as_message(connection=connection).send()
    except Exception as error:
        state = _record_failure(mail, lease_end, error)
        if isinstance(error, SERVER_DOWN):
            raise ServerDown(state, error) from error
        return state
    claimed.update(state=State.SENT, locked_until=None, sent_at=timezone.now(), last_error="")
    return State.SENT


def deliver(pk: int) -> str | None:
    """Send one e-mail now if it is due and no other worker has it; return its new state."""
    lease_end = _claim(OutgoingMail.objects.filter(pk=pk), timezone.now())
    if lease_end is None:
        return None
    try:
        return _send_claimed(OutgoingMail.objects.get(pk=pk), lease_end)
    except ServerDown as down:
        return down.state


@dataclass
class SweepResult:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    cancelled: int = 0
    deleted: int = 0
    states: list[str] = field(default_factory=list)


def claim_due(limit: int | None = None) -> tuple[list[OutgoingMail], datetime.datetime | None]:
    """Claim up to ``limit`` due e-mails; rows locked by another worker are skipped."""
    now = timezone.now()
    try:
        with transaction.atomic():
            pks = list(
                OutgoingMail.objects.due(now)
                .order_by("next_attempt_at", "pk")
                .select_for_update(skip_locked=True)
                .values_list("pk", flat=True)[: limit or config("batch")]
            )
            lease_end = _claim(OutgoingMail.objects.filter(pk__in=pks), now) if pks else None
    except OperationalError:
        # SQLite locks the whole file: another worker is claiming right now; try next time.
        logger.info("Another worker is claiming e-mails; this sweep sends none.")
        return [], None
    if lease_end is None:
        return [], None
    claimed = OutgoingMail.objects.filter(pk__in=pks, state=State.SENDING, locked_until=lease_end)
    return list(claimed.order_by("pk")), lease_end


def send_due(limit: int | None = None) -> SweepResult:
    """The sweep: send every due e-mail once over one connection, then apply the retention."""
    result = SweepResult()
    mails, lease_end = claim_due(limit)
    if mails:
        connection = get_connection()
        try:
            for index, mail in enumerate(mails):
                try:
                    result.states.append(_send_claimed(mail, lease_end, connection=connection))
                except ServerDown as down:
                    # Unreachable: the rest would wait for the same timeout; they count this
                    # as their attempt and are retried with the first.
                    result.states.append(down.state)
                    for rest in mails[index + 1 :]:
                        result.states.append(_record_failure(rest, lease_end, down.error))
                    break
        finally:
            try:
                connection.close()
            except Exception:
                logger.warning("Closing the mail connection failed.", exc_info=True)
    result.sent = result.states.count(State.SENT)
    result.retrying = result.states.count(State.PENDING)
    result.failed = result.states.count(State.FAILED)
    result.cancelled = result.states.count(State.CANCELLED)
    result.deleted = delete_expired()
    return result


def delete_expired(now: datetime.datetime | None = None) -> int:
    """Delete sent and long-failed e-mails after their retention period (personal data)."""
    deleted, _ = OutgoingMail.objects.expired(
        now or timezone.now(),
        keep_sent=datetime.timedelta(days=config("keep_sent_days")),
        keep_failed=datetime.timedelta(days=config("keep_failed_days")),
    ).delete()
    return deleted


def resend(mail: OutgoingMail) -> bool:
    """Send a waiting or failed e-mail again now, with a fresh day of retries."""
    now = timezone.now()
    updated = OutgoingMail.objects.filter(
        pk=mail.pk, state__in=[State.PENDING, State.FAILED]
    ).update(state=State.PENDING, next_attempt_at=now, queued_at=now, locked_until=None)
    if updated:
        transaction.on_commit(lambda: enqueue_delivery(mail.pk), robust=True)
    return bool(updated)


def forget_address(address: str) -> int:
    """Delete every e-mail to or from an address (an account's deletion, Art. 17 DSGVO)."""
    address = address.strip().lower()
    if not address:
        return 0
    candidates = OutgoingMail.objects.filter(
        Q(to__icontains=address)
        | Q(cc__icontains=address)
        | Q(bcc__icontains=address)
        | Q(reply_to__icontains=address)
    )
    pks = [
        mail.pk
        for mail in candidates
        if address in {a.lower() for a in [*mail.to, *mail.cc, *mail.bcc, *mail.reply_to]}
    ]
    deleted, _ = OutgoingMail.objects.filter(pk__in=pks).delete()
    return deleted
