"""The public "Barriere melden" form and its confirmation page."""

from django.conf import settings
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from accounts.ratelimit import client_ip, posting_refusal, posting_refusal_message

from .feedback import (
    BarrierReportForm,
    enforcement_contact,
    report_rate_limit,
    same_site_path,
    submit_report,
)

SESSION_KEY = "barrier_report_sent"


def _prefilled_page(request) -> str:
    """The page the person came from: ?seite=, else the Referer; same-site paths only."""
    own_paths = (reverse("barrier_report"), reverse("barrier_report_sent"))
    for candidate in (request.GET.get("seite"), request.headers.get("referer")):
        path = same_site_path(candidate, request)
        if path and not path.startswith(own_paths):
            return path
    return ""


def _contact_email() -> str:
    from .models import AccessibilityStatementPage

    statement = AccessibilityStatementPage.objects.live().first()
    return (statement.contact_email if statement else "") or getattr(
        settings, "ACCESSIBILITY_FEEDBACK_EMAIL", ""
    )


@never_cache
def barrier_report(request):
    """Report a barrier: page concerned, description, optional contact. No account needed."""
    limiter = report_rate_limit()
    client = client_ip(request)
    status = 200
    if request.method == "POST":
        form = BarrierReportForm(request.POST)
        if limiter.exceeded(client):
            form.is_valid()  # keeps the input and field errors for the re-rendered form
            form.add_error(
                None,
                _(
                    "You have sent %(limit)s reports in a short time. To protect the form from "
                    "spam we cannot accept more right now. Please try again in an hour or write "
                    "to us by e-mail."
                )
                % {"limit": limiter.limit},
            )
            status = 429
        elif form.is_valid() and (limit := posting_refusal(request, "barrier_report")):
            # A logged-in user beyond their own limit (from any address).
            form.add_error(None, posting_refusal_message(limit))
            status = 429
        elif form.is_valid():
            limiter.hit(client)
            report = None if form.is_spam else submit_report(form.cleaned_data)
            # Bots get the same confirmation as people, so the honeypot stays unnoticed.
            request.session[SESSION_KEY] = {
                "email_given": bool(form.cleaned_data.get("email")),
                "reply_due_on": (
                    formats.date_format(report.reply_due_on, "DATE_FORMAT") if report else ""
                ),
            }
            return redirect("barrier_report_sent")
    else:
        form = BarrierReportForm(initial={"page_url": _prefilled_page(request)})
    return render(
        request,
        "barrierefreiheit/feedback_form.html",
        {"form": form, "contact_email": _contact_email(), "rate_limited": status == 429},
        status=status,
    )


@never_cache
def barrier_report_sent(request):
    """The confirmation after a report, with the next steps and the Ombudsstelle."""
    sent = request.session.pop(SESSION_KEY, None)
    return render(
        request,
        "barrierefreiheit/feedback_sent.html",
        {"sent": sent, "ombudsstelle": enforcement_contact()},
    )
