"""What vorhaben holds about a person: their requests for participation ("Beteiligung anregen").

Registered for "Meine Beteiligung" (``accounts.participation.PARTICIPATION_SECTIONS_HOOK``),
"Meine Daten" (``accounts.personal_data.PERSONAL_DATA_HOOK``) and "Konto löschen"
(``accounts.deletion.ACCOUNT_DELETION_HOOK``). Sachstandsberichte hold no citizen's data: who
recorded one is staff, set to NULL by accounts when that account is deleted.
"""

from __future__ import annotations

from django.db.models import Count, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from accounts.participation import SECTION_LIMIT, Section, capped
from accounts.personal_data import DataSection

from .models import ParticipationRequest, VorhabenPage


def own_requests(user, limit: int = SECTION_LIMIT) -> Section:
    """The user's requests on live, public Vorhaben, newest first, with the Vorhaben."""
    requests = (
        ParticipationRequest.objects.filter(
            user=user, vorhaben__in=VorhabenPage.objects.live().public().values("pk")
        )
        .select_related("vorhaben")
        .newest_first()
    )
    return capped(requests, limit)


def participation_sections(user, request, limit: int) -> dict[str, Section]:
    """The section vorhaben fills (registered for ``PARTICIPATION_SECTIONS_HOOK``)."""
    return {"participation_requests": own_requests(user, limit)}


def data_sections(user) -> list[DataSection]:
    """Every request of the account, also on Vorhaben no longer public (it is their data)."""
    requests = ParticipationRequest.objects.filter(user=user).select_related("vorhaben")
    return [
        DataSection(
            key="participation_requests",
            title=str(_("Requests for participation")),
            description=str(
                _("Undertakings of the list of undertakings on which you asked for participation.")
            ),
            fields={
                "vorhaben_id": str(_("Number of the undertaking")),
                "vorhaben_title": str(_("Title of the undertaking")),
                "reason": str(_("Your reason")),
                "created": str(_("Asked at")),
            },
            rows=[
                {
                    "vorhaben_id": item.vorhaben_id,
                    "vorhaben_title": item.vorhaben.title,
                    "reason": item.reason,
                    "created": item.created,
                }
                for item in requests.order_by("pk")
            ],
        )
    ]


def erase(user) -> None:
    """Remove the requests and recount the Vorhaben's counters in the same transaction. The
    date a threshold was reached stays: the city's duty to answer does not go away."""
    touched = list(
        VorhabenPage.objects.select_for_update()
        .filter(pk__in=ParticipationRequest.objects.filter(user=user).values("vorhaben"))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    ParticipationRequest.objects.filter(user=user).delete()
    counts = (
        ParticipationRequest.objects.filter(vorhaben=OuterRef("pk"))
        .order_by()
        .values("vorhaben")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    VorhabenPage.objects.filter(pk__in=touched).update(
        participation_request_count=Coalesce(Subquery(counts), Value(0))
    )
