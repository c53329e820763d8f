"""The ideas of a space as its page lists them; called from the space pages' ``get_context``."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.urls import reverse
from django.utils.translation import gettext as _

from home import citizen_pages, pagecache
from home.forms import PAGE_PARAM
from orte.maps import map_items

from . import rules
from .forms import IdeaFilterForm
from .models import Idea

IDEAS_PER_PAGE = 20
#: What a space page reads from the query string (``pagecache.read_query_params``).
QUERY_PARAMS = IdeaFilterForm.query_params()


def idea_list_context(request, space) -> dict:
    """The filtered, sorted, paginated ideas of a space, for the space page's template."""
    # The same for every visitor: read once per content generation.
    categories = pagecache.memoize(
        f"offered_categories:{space.pk}", lambda: list(space.offered_categories())
    )
    filter_form = IdeaFilterForm(request.GET, categories=categories)
    if not space.is_internal_space:
        filter_form.fields["mine"].label = _("Only my proposals")
    values = filter_form.values()
    ideas = Idea.objects.visible_to(request.user).listed().in_space(space).with_related()
    if values["q"]:
        ideas = ideas.matching(values["q"])
    if values["category"]:
        ideas = ideas.in_category(values["category"])
    if values["status"]:
        ideas = ideas.filter(status=values["status"])
    if values["mine"]:
        ideas = ideas.by_author(request.user)
        citizen_pages.personal()
    if values["sort"] == "supported":
        # Which ideas are on the page, and in which order, depends on every support of them.
        pagecache.shows_supports_of(space.pk)
    ideas = ideas.sorted_by(values["sort"])
    page_obj = Paginator(ideas, IDEAS_PER_PAGE).get_page(request.GET.get(PAGE_PARAM))
    # Read once: the cards and the map markers come from the same rows.
    page_obj.object_list = list(page_obj.object_list)
    return {
        "filter_form": filter_form,
        "filters": values,
        "is_filtered": filter_form.is_filtered,
        "ideas": page_obj,
        "map_items": map_items(page_obj.object_list, lambda idea: f"idea-{idea.pk}-title"),
        "extra_query": filter_form.query_string(values),
        "can_submit": rules.can_submit(request.user, space),
        "submit_url": reverse("ideen:submit", args=[space.pk]),
    }
