"""The lists on the project pages: the filtered project index and a project's own context."""

from __future__ import annotations

from django.utils.http import urlencode

from ideen.models import Idea
from ideen.views import idea_list_context

from . import rules
from .forms import ProjectFilterForm
from .models import ProjectPage


def project_list_context(request, index) -> dict:
    """The index's projects, filtered by state, field of action and district."""
    filter_form = ProjectFilterForm(request.GET)
    values = filter_form.values()
    projects = ProjectPage.objects.child_of(index).for_list()
    if values["state"]:
        projects = projects.filter(state=values["state"])
    if values["topic"]:
        projects = projects.in_field_of_action(values["topic"])
    if values["district"]:
        projects = projects.in_district(values["district"])
    query = {
        "state": values["state"],
        "topic": values["topic"].slug if values["topic"] else "",
        "district": values["district"],
    }
    return {
        "filter_form": filter_form,
        "is_filtered": any(query.values()),
        "projects": list(projects),
        "filter_query": urlencode({k: v for k, v in query.items() if v}),
    }


def project_page_context(request, project: ProjectPage) -> dict:
    """What a project page shows: proposals with filters, the outcome, and what the user may do."""
    user = request.user
    context = idea_list_context(request, project) if project.offers_proposals else {}
    context.update(
        {
            "proposal_refusal": rules.participation_refusal(user, project, "proposals"),
            "comment_refusal": rules.participation_refusal(user, project, "comments"),
            "adopted_proposals": list(
                Idea.objects.visible_to(user)
                .listed()
                .in_space(project)
                .filter(status__in=Idea.TAKEN_UP_STATUSES)
                .select_related("category")
                .order_by("title")
            ),
        }
    )
    return context
