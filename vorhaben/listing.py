"""What the Vorhabenliste and a Vorhaben page show; called from the pages' ``get_context``."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.utils import timezone

from beteiligung.models import ProjectPage
from home.forms import PAGE_PARAM
from ideen.models import Idea

from .forms import ParticipationRequestForm, VorhabenFilterForm
from .models import ParticipationRequest, Status, VorhabenPage
from .services import participation_answer_days, participation_threshold, request_refusal
from .timeline import timeline_chart

PER_PAGE = 20
#: What the overview reads from the query string (``pagecache.read_query_params``).
QUERY_PARAMS = VorhabenFilterForm.query_params()
TIMELINE = "zeitplan"


@dataclass
class Quarter:
    """The Vorhaben of one page of the timeline that are due in one quarter."""

    year: int | None
    quarter: int | None
    rows: list = field(default_factory=list)


def vorhaben_list_context(request, index) -> dict:
    """The index's Vorhaben, filtered and sorted, 20 to a page; or the timeline of them."""
    filter_form = VorhabenFilterForm(request.GET)
    values = filter_form.values()
    timeline = values["ansicht"] == TIMELINE
    items = VorhabenPage.objects.child_of(index).for_list()
    if values["status"]:
        items = items.filter(status=values["status"])
    if values["topic"]:
        items = items.filter(field_of_action=values["topic"])
    if values["department"]:
        items = items.filter(department=values["department"])
    if values["district"]:
        items = items.filter(district=values["district"])
    if timeline or values["sort"] == "abschluss":
        items = items.by_planned_completion()
    else:
        items = items.by_last_report()
    page_obj = Paginator(items, PER_PAGE).get_page(request.GET.get(PAGE_PARAM))
    filters = {key: value for key, value in values.items() if key not in ("sort", "ansicht")}
    return {
        "filter_form": filter_form,
        "is_filtered": any(filters.values()),
        "vorhaben_list": page_obj,
        "extra_query": filter_form.query_string(values),
        "filter_query": filter_form.query_string(filters),
        "timeline": timeline,
        "quarters": quarters(page_obj) if timeline else [],
        # The chart comes second, below the table that holds the same data.
        "chart": timeline_chart(page_obj, timezone.localdate()) if timeline else None,
        "statuses": Status.choices,
    }


def quarters(rows) -> list[Quarter]:
    """Rows (in order of planned completion) grouped by the quarter of their planned completion."""
    groups: list[Quarter] = []
    for row in rows:
        day = row.planned_completion
        key = (day.year, (day.month - 1) // 3 + 1) if day else (None, None)
        if not groups or (groups[-1].year, groups[-1].quarter) != key:
            groups.append(Quarter(*key))
        groups[-1].rows.append(row)
    return groups


def vorhaben_page_context(request, vorhaben: VorhabenPage) -> dict:
    """Checklist, reports (newest first), council papers, projects and the ideas the reader
    may see (``Idea.objects.visible_to``: internal ideas never show to citizens)."""
    measures = list(vorhaben.measures.all())
    # Through the child rows, not a query on them: a preview has them in memory only.
    project_ids = [project.pk for project in vorhaben.projects.all()]
    idea_ids = [link.idea_id for link in vorhaben.idea_links.all()]
    reports = list(
        vorhaben.reports.newest_first().select_related("corrects", "participation_project")
    )
    return {
        "measures": measures,
        "measures_done": sum(1 for measure in measures if measure.done_on),
        "reports": reports,
        **participation_context(request, vorhaben, reports),
        "council_papers": list(vorhaben.council_papers.all()),
        "related_projects": list(
            ProjectPage.objects.live().public().filter(pk__in=project_ids).order_by("title")
        ),
        "related_ideas": list(
            Idea.objects.visible_to(request.user)
            .listed()
            .filter(pk__in=idea_ids)
            .select_related("space")
            .order_by("title")
        ),
    }


def participation_context(request, vorhaben: VorhabenPage, reports: list) -> dict:
    """The "Beteiligung anregen" section: the public count, the deadline or the answer, and
    the reader's own request (one query, only for a logged-in reader)."""
    user = request.user
    own = None
    if user.is_authenticated and vorhaben.pk:
        own = ParticipationRequest.objects.of(vorhaben, user).first()
    return {
        "participation_threshold": participation_threshold(),
        "participation_answer_days": participation_answer_days(),
        "participation_refusal": request_refusal(user, vorhaben),
        "participation_answer": next((r for r in reports if r.is_participation_answer), None),
        "own_participation_request": own,
        "participation_form": ParticipationRequestForm(),
    }
