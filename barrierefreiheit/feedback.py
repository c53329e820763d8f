"""Barrier reports ("Barriere melden", BITV NRW § 5 / § 7): model, form and the submit service.

Anyone may report a barrier, without an account and without JavaScript. Reports are stored,
e-mailed to the accessibility team and listed in the Wagtail admin with a reply due date; the
law asks for an answer within two to six weeks, we aim for two.
"""

from __future__ import annotations

import datetime
import hashlib
import html
import re
from urllib.parse import urlsplit

import bleach
from django import forms
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import models, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from accounts.ratelimit import count_in_window, read_cached
from outbox.services import queue_message

REPLY_WITHIN = datetime.timedelta(days=14)
DESCRIPTION_MAX_LENGTH = 5000
PAGE_MAX_LENGTH = 500
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def sanitize_text(value: str) -> str:
    """Plain text without tags or control characters; stored as the person wrote it."""
    text = _CONTROL_CHARACTERS.sub("", (value or "").replace("\r\n", "\n").replace("\r", "\n"))
    return html.unescape(bleach.clean(text, tags=set(), attributes={}, strip=True)).strip()


def same_site_path(value: str | None, request) -> str:
    """The path (with query) of `value` if it points to this site, otherwise ''.

    Accepts a path ("/projekte/") or a full address on the request's own host (a Referer);
    anything pointing elsewhere is dropped, so the form never carries a foreign address.
    """
    value = (value or "").strip()[:PAGE_MAX_LENGTH]
    if not value or not url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=False
    ):
        return ""
    parts = urlsplit(value)
    path = parts.path or "/"
    if not path.startswith("/") or path.startswith("//"):
        return ""
    return f"{path}?{parts.query}" if parts.query else path


class BarrierReportQuerySet(models.QuerySet):
    """Barrier reports by their state of handling."""

    def open(self) -> BarrierReportQuerySet:
        """Reports that still wait for an answer."""
        return self.filter(status__in=[BarrierReport.Status.NEW, BarrierReport.Status.IN_PROGRESS])

    def overdue(self, today: datetime.date | None = None) -> BarrierReportQuerySet:
        """Open reports whose reply due date has passed."""
        return self.open().filter(reply_due_on__lt=today or timezone.localdate())


class BarrierReport(models.Model):
    """A barrier someone reported through the feedback form (or an editor recorded by hand)."""

    class Status(models.TextChoices):
        NEW = "new", _("new")
        IN_PROGRESS = "in_progress", _("in progress")
        ANSWERED = "answered", _("answered")
        CLOSED = "closed", _("closed")

    page_url = models.CharField(_("page concerned"), max_length=PAGE_MAX_LENGTH, blank=True)
    description = models.TextField(_("description"), max_length=DESCRIPTION_MAX_LENGTH)
    name = models.CharField(_("name"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    created_at = models.DateTimeField(_("received at"), default=timezone.now, db_index=True)
    reply_due_on = models.DateField(_("reply due on"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW, db_index=True
    )
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    editor_notes = models.TextField(
        _("internal notes"),
        blank=True,
        help_text=_("What was done and what the person was told. Not visible to the public."),
    )

    objects = BarrierReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("barrier report")
        verbose_name_plural = _("barrier reports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        page = self.page_url or _("no page given")
        return f"{timezone.localtime(self.created_at):%d.%m.%Y} – {page}"

    def save(self, *args, **kwargs):
        if not self.reply_due_on:
            self.reply_due_on = timezone.localdate(self.created_at) + REPLY_WITHIN
        if self.status == self.Status.ANSWERED and not self.answered_on:
            self.answered_on = timezone.localdate()
        super().save(*args, **kwargs)

    @property
    def is_open(self) -> bool:
        return self.status in {self.Status.NEW, self.Status.IN_PROGRESS}

    @property
    def is_overdue(self) -> bool:
        """Still open after the reply due date."""
        return self.is_open and self.reply_due_on < timezone.localdate()


class BarrierReportForm(forms.Form):
    """The public form: page, description, optional contact; plus an invisible honeypot."""

    page_url = forms.CharField(
        label=_("Page concerned"),
        max_length=PAGE_MAX_LENGTH,
        required=False,
        help_text=_(
            "The address of the page where you found the barrier. If you came here through a "
            "link, it is already filled in."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    description = forms.CharField(
        label=_("Description of the barrier"),
        max_length=DESCRIPTION_MAX_LENGTH,
        help_text=_(
            "Describe what did not work, e.g. which part of the page, what you tried and which "
            "assistive technology you use."
        ),
        widget=forms.Textarea(attrs={"rows": 7}),
        error_messages={"required": _("Describe the barrier you found.")},
    )
    name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Your e-mail address"),
        required=False,
        help_text=_("Only if you want an answer. We use it only to reply to this report."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={"invalid": _("Enter an e-mail address like name@example.org.")},
    )
    # Honeypot: hidden from people (and from screen readers); bots fill in every field.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    visible_fields_order = ["page_url", "description", "name", "email"]

    def clean_page_url(self):
        # One line: it becomes part of the subject of the team's e-mail.
        return " ".join(sanitize_text(self.cleaned_data["page_url"]).split())

    def clean_description(self):
        text = sanitize_text(self.cleaned_data["description"])
        if not text:
            raise forms.ValidationError(_("Describe the barrier you found."))
        return text

    def clean_name(self):
        return " ".join(sanitize_text(self.cleaned_data["name"]).split())

    @property
    def is_spam(self) -> bool:
        """Whether the honeypot was filled in (only meaningful after is_valid())."""
        return bool(self.cleaned_data.get("website"))


_OUTAGE_USE = "the barrier report limit (fail open)"


class RateLimit:
    """A fixed-window counter per client in the shared cache (works across app servers)."""

    def __init__(self, scope: str, limit: int, window_seconds: int):
        self.scope, self.limit, self.window = scope, limit, window_seconds

    def _key(self, client: str) -> str:
        digest = hashlib.sha256(f"{settings.SECRET_KEY}:{client}".encode()).hexdigest()[:32]
        return f"ratelimit:{self.scope}:{digest}"

    def exceeded(self, client: str) -> bool:
        """Whether the client has used up its allowance in the current window (never while the
        cache is unreachable: a barrier report is a submission and is never lost)."""
        return read_cached(self._key(client), 0, use=_OUTAGE_USE) >= self.limit

    def hit(self, client: str) -> None:
        """Count one use (not while the cache is unreachable)."""
        count_in_window(self._key(client), self.window, use=_OUTAGE_USE)


def report_rate_limit() -> RateLimit:
    """The allowance for barrier reports, from settings.ACCESSIBILITY_FEEDBACK_RATE_LIMIT."""
    limit, window = getattr(settings, "ACCESSIBILITY_FEEDBACK_RATE_LIMIT", (5, 60 * 60))
    return RateLimit("barrier-report", limit, window)


@transaction.atomic
def submit_report(cleaned_data: dict) -> BarrierReport:
    """Store a report and e-mail it to the team and (if given) a confirmation to the sender.

    The report is in the admin whatever happens to the e-mails; they are written to the outbox
    in the same transaction and retried while the mail server is down.
    """
    report = BarrierReport.objects.create(
        page_url=cleaned_data.get("page_url", ""),
        description=cleaned_data["description"],
        name=cleaned_data.get("name", ""),
        email=cleaned_data.get("email", ""),
    )
    queue_report_emails(report)
    return report


def enforcement_contact() -> dict:
    """The Ombudsstelle's contact data as editors keep it on the statement page (or defaults)."""
    from .models import OMBUDSSTELLE_DEFAULTS, AccessibilityStatementPage

    statement = AccessibilityStatementPage.objects.live().first()
    if statement is None:
        return {**OMBUDSSTELLE_DEFAULTS, "phone": "", "statement_url": ""}
    return {
        "name": statement.ombudsstelle_name,
        "address": statement.ombudsstelle_address,
        "email": statement.ombudsstelle_email,
        "phone": statement.ombudsstelle_phone,
        "url": statement.ombudsstelle_url,
        "statement_url": statement.full_url or "",
    }


def one_line(text: str) -> str:
    """A header value: Django refuses to send a subject with a line break."""
    return " ".join(text.split())


def queue_report_emails(report: BarrierReport) -> int:
    """E-mail a new report to the accessibility team and a confirmation to its sender (through
    the outbox); return how many e-mails were queued."""
    queued = 0
    site_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    context = {
        "report": report,
        "admin_url": site_url + reverse("barrier_reports:edit", args=[report.pk]),
        "ombudsstelle": enforcement_contact(),
        "site_url": site_url,
    }
    recipient = getattr(settings, "ACCESSIBILITY_FEEDBACK_EMAIL", "")
    if recipient:
        queued += 1
        queue_message(
            EmailMessage(
                subject=one_line(
                    render_to_string("barrierefreiheit/feedback_email_team_subject.txt", context)
                ),
                body=render_to_string("barrierefreiheit/feedback_email_team.txt", context),
                to=[recipient],
                reply_to=[report.email] if report.email else None,
            ),
            kind="barrier_report",
        )
    if report.email:
        queued += 1
        queue_message(
            EmailMessage(
                subject=one_line(
                    render_to_string("barrierefreiheit/feedback_email_sender_subject.txt", context)
                ),
                body=render_to_string("barrierefreiheit/feedback_email_sender.txt", context),
                to=[report.email],
            ),
            kind="barrier_report",
        )
    return queued
