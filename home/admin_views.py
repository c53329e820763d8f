"""The inbox in the Wagtail admin: everything the city owes an answer, for the person looking."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import inbox

PER_PAGE = 50

#: The sortable columns: their label and their orders, ascending (by date or name) first.
SORTABLE = {
    "kind": (_("Kind"), ("art",)),
    "received": (_("Received"), ("alter", "-alter")),
    "due": (_("Due on"), ("faellig", "-faellig")),
}


def sort_links(current: str) -> dict[str, dict]:
    """For each sortable column: the order a click on its heading gives, and its aria-sort."""
    links = {}
    for column, (label, orders) in SORTABLE.items():
        if current in orders:
            position = orders.index(current)
            state = "ascending" if position == 0 else "descending"
            next_sort = orders[(position + 1) % len(orders)]
        else:
            state, next_sort = "", orders[0]
        links[column] = {"label": label, "sort": next_sort, "state": state}
    return links


class InboxView(WagtailAdminTemplateMixin, TemplateView):
    """All open items the user may act on, sortable, 50 a page, with their due dates."""

    template_name = "home/admin/inbox.html"
    header_icon = "tasks"
    page_title = _("Inbox")

    def dispatch(self, request, *args, **kwargs):
        self.kinds = inbox.kinds_for(request.user)
        if not self.kinds:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sort = self.request.GET.get("sortierung", inbox.DEFAULT_SORT)
        if sort not in inbox.SORTS:
            sort = inbox.DEFAULT_SORT
        items = inbox.items_for(self.request.user, sort, kinds=self.kinds)
        today = timezone.localdate()
        page = Paginator(items, PER_PAGE).get_page(self.request.GET.get("p"))
        context.update(
            {
                "page": page,
                "rows": [inbox_row(item, today) for item in page.object_list],
                "sort": sort,
                "columns": sort_links(sort),
                "summaries": inbox.summary_for(self.request.user, items),
                "total": len(items),
                "overdue": sum(1 for item in items if item.is_overdue(today)),
            }
        )
        return context


def inbox_row(item: inbox.InboxItem, today) -> dict:
    """What a table row shows: the item, its age and how its due date stands, in words."""
    return {
        "item": item,
        "age": item.age_days(today),
        "days_left": item.days_left(today),
        "days_over": -item.days_left(today),
        "overdue": item.is_overdue(today),
    }


class InboxMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(inbox.kinds_for(request.user))


class InboxPanel(Component):
    """Dashboard panel: open and overdue items per kind, and the link to the inbox."""

    name = "inbox"
    order = 50
    template_name = "home/admin/inbox_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        summaries = inbox.summary_for(self.user)
        return {
            **super().get_context_data(parent_context),
            "summaries": summaries,
            "total": sum(s.count for s in summaries),
            "overdue": sum(s.overdue for s in summaries),
        }
