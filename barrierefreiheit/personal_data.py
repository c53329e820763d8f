"""Barrier reports in "Meine Daten" (``accounts``).

Reports are sent without an account; the export lists those sent from one of the user's
confirmed e-mail addresses. Deleting the account leaves them: they are a procedure of their own
under BITV NRW § 5 that the accessibility team answers and closes.
"""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.utils.translation import gettext_lazy as _

from accounts.personal_data import DataSection

from .feedback import BarrierReport


def data_sections(user) -> list[DataSection]:
    verified = EmailAddress.objects.filter(user=user, verified=True).values("email")
    reports = BarrierReport.objects.filter(email__in=verified).order_by("created_at", "pk")
    return [
        DataSection(
            key="barrier_reports",
            title=str(_("Barrier reports")),
            description=str(_("Barriers you reported from one of your confirmed addresses.")),
            fields={
                "page_url": str(_("Page concerned")),
                "description": str(_("Description")),
                "name": str(_("Name")),
                "email": str(_("E-mail address")),
                "created_at": str(_("Received at")),
                "status": str(_("State of handling")),
                "answered_on": str(_("Answered on")),
            },
            rows=[
                {
                    "page_url": r.page_url,
                    "description": r.description,
                    "name": r.name,
                    "email": r.email,
                    "created_at": r.created_at,
                    "status": r.status,
                    "answered_on": r.answered_on,
                }
                for r in reports
            ],
        )
    ]
