"""Wagtail admin "Geplante Aufgaben": the periodic jobs, their last run and next due time.

Only administrators see it: the errors may name servers and addresses.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .models import PeriodicRun
from .scheduler import overview

RECENT_RUNS = 50


def is_administrator(user) -> bool:
    return user.is_active and user.is_superuser


class ScheduledJobsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "betrieb/admin/scheduled_jobs.html"
    header_icon = "time"

    def dispatch(self, request, *args, **kwargs):
        if not is_administrator(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Scheduled jobs")

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["now"] = timezone.now()
        context["statuses"] = overview(context["now"])
        context["recent_runs"] = PeriodicRun.objects.all()[:RECENT_RUNS]
        return context


class AdministratorMenuItem(MenuItem):
    def is_shown(self, request):
        return is_administrator(request.user)


@hooks.register("register_admin_urls")
def register_scheduled_jobs_url():
    return [path("geplante-aufgaben/", ScheduledJobsView.as_view(), name="scheduled_jobs")]


@hooks.register("register_admin_menu_item")
def register_scheduled_jobs_menu_item():
    return AdministratorMenuItem(
        gettext_lazy("Scheduled jobs"),
        reverse("scheduled_jobs"),
        icon_name="time",
        order=910,
    )
