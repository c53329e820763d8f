"""Open data of the Vorhabenliste, published through ``transparenz.opendata``.

Like the decision trail's datasets: built for an anonymous reader (live, public pages only) and
without personal data; who wrote a report in the system is left out.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from transparenz.opendata import CHUNK_SIZE, Column, Dataset

from .models import Sachstandsbericht, Status, VorhabenPage

CODES = tuple((status.value, status.label) for status in Status)

VORHABEN = Dataset(
    slug="vorhaben",
    title=_("Undertakings of the city"),
    description=_(
        "Every undertaking of the list of undertakings with its field of action, responsible "
        "department, dates, status and progress of its individual measures."
    ),
    columns=(
        Column("id", _("Number of the undertaking on the platform."), "integer"),
        Column("title", _("Title of the undertaking.")),
        Column("summary", _("Short description (plain text).")),
        Column("field_of_action", _("Field of action of the digital strategy.")),
        Column("department", _("Responsible department, if stated.")),
        Column("district", _("The Ortsteil it concerns; empty for the whole city.")),
        Column("period", _("Period as stated by the city.")),
        Column("planned_completion", _("Planned completion (YYYY-MM-DD)."), "date"),
        Column("estimated_completion", _("Current estimate of completion, if any."), "date"),
        Column("status", _("Current status as a code (see status_label).")),
        Column("status_label", _("Current status in words.")),
        Column("budget_eur", _("Budget in euros, where public."), "number"),
        Column("measures", _("Number of individual measures."), "integer"),
        Column("measures_done", _("Number of individual measures done."), "integer"),
        Column("last_report_on", _("Date of the newest progress report, if any."), "date"),
        Column(
            "participation_requests",
            _("Number of citizens who currently ask for participation."),
            "integer",
        ),
        Column(
            "participation_threshold_reached_on",
            _("Date the requests for participation reached the threshold, if they did."),
            "date",
        ),
        Column(
            "participation_answer_due",
            _("Date by which the city answers the requests, if the threshold was reached."),
            "date",
        ),
        Column(
            "participation_answered_on",
            _("Date of the city's answer to the requests for participation, if any."),
            "date",
        ),
        Column("url", _("Web address of the undertaking."), "url"),
    ),
    codes=CODES,
    feed=("vorhaben:feed", _("Progress reports as Atom feed")),
)

REPORTS = Dataset(
    slug="sachstandsberichte",
    title=_("Progress reports on undertakings"),
    description=_(
        "Every progress report on a public undertaking. Reports are never changed; a correction "
        "is a new report that names the report it corrects. Who recorded a report in the system "
        "is not included."
    ),
    columns=(
        Column("id", _("Number of the report."), "integer"),
        Column(
            "kind",
            _(
                "Kind of entry: “bericht” a progress report, “beteiligung” the answer to the "
                "requests for participation."
            ),
        ),
        Column(
            "vorhaben_id", _("Number of the undertaking (column id of its dataset)."), "integer"
        ),
        Column("vorhaben_title", _("Title of the undertaking.")),
        Column("date", _("Date of the report (YYYY-MM-DD)."), "date"),
        Column("text", _("The report (plain text).")),
        Column("previous_status", _("Status before the report, as a code.")),
        Column("status", _("Status after the report, as a code.")),
        Column("reason", _("Public reason of a change of status, if any.")),
        Column("corrects_id", _("Number of the report this one corrects, if any."), "integer"),
        Column(
            "participation_decision",
            _(
                "For an answer: “durchfuehren” (participation will take place) or “keine” (no "
                "participation)."
            ),
        ),
        Column("recorded_at", _("Moment the report was published (ISO 8601)."), "datetime"),
        Column("url", _("Web address of the report."), "url"),
    ),
    codes=CODES,
    feed=("vorhaben:feed", _("Progress reports as Atom feed")),
)


def _public():
    return VorhabenPage.objects.live().public()


def vorhaben_rows(request) -> Iterator[dict]:
    """One row per public Vorhaben, in the order of the page tree."""
    from django.db.models import Count, Q

    items = (
        _public()
        .with_last_report()
        .select_related("field_of_action", "department")
        .annotate(
            measure_count=Count("measures", distinct=True),
            measures_done=Count("measures", filter=Q(measures__done_on__isnull=False)),
        )
        .order_by("path")
    )
    for item in items.iterator(chunk_size=CHUNK_SIZE):
        yield {
            "id": item.pk,
            "title": item.title,
            "summary": item.intro,
            "field_of_action": item.field_of_action.name if item.field_of_action else "",
            "department": item.department.name if item.department else "",
            "district": item.get_district_display() if item.district else "",
            "period": item.period,
            "planned_completion": item.planned_completion,
            "estimated_completion": item.estimated_completion,
            "status": item.status,
            "status_label": str(Status(item.status).label),
            "budget_eur": float(item.budget) if item.budget is not None else None,
            "measures": item.measure_count,
            "measures_done": item.measures_done,
            "last_report_on": item.last_report_on,
            "participation_requests": item.participation_request_count,
            "participation_threshold_reached_on": item.participation_threshold_reached_on,
            "participation_answer_due": item.participation_answer_due,
            "participation_answered_on": item.participation_answered_on,
            "url": request.build_absolute_uri(item.get_url(request)),
        }


def report_rows(request) -> Iterator[dict]:
    """One row per report of a public Vorhaben, oldest first."""
    reports = (
        Sachstandsbericht.objects.public().select_related("vorhaben").order_by("created", "pk")
    )
    for report in reports.iterator(chunk_size=CHUNK_SIZE):
        yield {
            "id": report.pk,
            "kind": report.kind,
            "vorhaben_id": report.vorhaben_id,
            "vorhaben_title": report.vorhaben.title,
            "date": report.date,
            "text": report.text,
            "previous_status": report.previous_status,
            "status": report.status,
            "reason": report.reason,
            "corrects_id": report.corrects_id,
            "participation_decision": report.participation_decision,
            "recorded_at": timezone.localtime(report.created),
            "url": request.build_absolute_uri(report.get_absolute_url()),
        }
