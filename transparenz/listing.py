"""The decisions overview as its page lists them; called from ``DecisionIndexPage.get_context``.

Every list goes through ``Idea.objects.visible_to``.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q
from wagtail.models import Page

from home import pagecache
from home.forms import PAGE_PARAM
from ideen.models import Idea

from .forms import DecisionFilterForm, top_level_categories
from .models import StatusChange

DECISIONS_PER_PAGE = 20
#: What the overview reads from the query string (``pagecache.read_query_params``).
QUERY_PARAMS = DecisionFilterForm.query_params()


def decision_list_context(request) -> dict:
    """The filtered, paginated status changes the user may read, newest first."""
    # Decisions show no supports: a support keeps the page.
    pagecache.shows_only_declared_supports()
    ideas = Idea.objects.visible_to(request.user).listed()
    # Spaces with at least one decided idea: one index probe per space, not a pass over the trail.
    decided = ideas.filter(
        Exists(StatusChange.objects.filter(idea=OuterRef("pk"))), space=OuterRef("pk")
    )
    spaces = list(Page.objects.filter(Exists(decided)).order_by("title").only("pk", "title"))
    filter_form = DecisionFilterForm(
        request.GET or None, spaces=spaces, categories=list(top_level_categories())
    )
    values = filter_form.values()
    if values["space"]:
        ideas = ideas.filter(space=values["space"])
    if values["category"]:
        ideas = ideas.filter(
            Q(category=values["category"]) | Q(category__parent=values["category"])
        )
    changes = StatusChange.objects.of_ideas(ideas).with_related().newest_first()
    if values["status"]:
        changes = changes.filter(to_status=values["status"])
    page_obj = Paginator(changes, DECISIONS_PER_PAGE).get_page(request.GET.get(PAGE_PARAM))
    query = filter_form.query_string(values)
    return {
        "filter_form": filter_form,
        "filters": values,
        "is_filtered": bool(query),
        "changes": page_obj,
        "extra_query": query,
    }
