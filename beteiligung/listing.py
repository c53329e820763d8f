"""The lists on the project pages: the filtered project index and a project's own context."""

from __future__ import annotations

from benachrichtigungen.services import follows_project
from home import citizen_pages, pagecache
from ideen.listing import idea_list_context
from ideen.models import Category, Idea
from orte.maps import map_items, place_map_data

from .forms import ProjectFilterForm
from .models import ProjectPage

#: What the project index reads from the query string (``pagecache.read_query_params``).
QUERY_PARAMS = tuple(ProjectFilterForm.base_fields)


def project_list_context(request, index) -> dict:
    """The index's projects, filtered by state, field of action and district."""
    # Project cards count proposals and comments, no supports.
    pagecache.shows_only_declared_supports()
    filter_form = ProjectFilterForm(request.GET)
    values = filter_form.values()
    projects = ProjectPage.objects.child_of(index).for_list()
    if values["state"]:
        projects = projects.filter(state=values["state"])
    if values["topic"]:
        projects = projects.in_field_of_action(values["topic"])
    if values["district"]:
        projects = projects.in_district(values["district"])
    projects = list(projects)
    return {
        "filter_form": filter_form,
        "is_filtered": any(values.values()),
        "projects": projects,
        "map_items": map_items(projects, lambda project: f"projekt-{project.pk}"),
    }


def project_page_context(request, project: ProjectPage) -> dict:
    """What a project page shows: proposals with filters and the proposals its outcome took up."""
    # Supports of its proposals shown only (their numbers on their cards, said by the cards;
    # the order, said by the list when sorted by supports): any other support keeps the page.
    pagecache.shows_only_declared_supports()
    # The same for every plain citizen but its followers (``follows_project``) and those who
    # wrote, liked or reported a comment shown (said by the thread).
    citizen_pages.shareable()
    if project.field_of_action_id and not ProjectPage.field_of_action.is_cached(project):
        # The same for every visitor: read once per content generation.
        project.field_of_action = pagecache.memoize(
            f"category:{project.field_of_action_id}",
            lambda: Category.objects.get(pk=project.field_of_action_id),
        )
    context = idea_list_context(request, project) if project.offers_proposals else {}
    context["adopted_proposals"] = adopted_proposals(request.user, project)
    context["follows_project"] = follows_project(request.user, project)
    context["place_map"] = (
        place_map_data(project.point, project.area_shape) if project.has_place else None
    )
    return context


def adopted_proposals(user, project: ProjectPage) -> list[Idea]:
    """The proposals taken up, listed under the outcome (so none while there is no outcome)."""
    if not project.outcome:
        return []
    return list(
        Idea.objects.visible_to(user)
        .listed()
        .in_space(project)
        .filter(status__in=Idea.TAKEN_UP_STATUSES)
        .select_related("category")
        .order_by("title")
    )
