"""Wagtail admin for accessibility: content checker, barrier reports, review reminders."""

import django_filters
from django.conf import settings
from django.contrib import messages
from django.utils import formats
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn
from wagtail.admin.userbar import ContentCheckerItem
from wagtail.admin.viewsets.model import ModelViewSet

from accounts.personal_data import PERSONAL_DATA_HOOK
from home.admin_display import ReadableInspectView
from home.inbox import INBOX_KINDS_HOOK

from . import personal_data
from .accessibility.axe import AXE_TAGS
from .feedback import BarrierReport
from .inbox import OpenBarrierReports
from .models import AccessibilityCheck, AccessibilityStatementPage

# Rules about what editors write (on top of Wagtail's defaults); layout and colours are the
# developers' job and are checked by the test suite and `manage.py check_accessibility`.
EDITORIAL_RULES = [
    "image-alt",
    "image-redundant-alt",
    "video-caption",
    "page-has-heading-one",
    "list",
    "listitem",
]


class KleveContentChecker(ContentCheckerItem):
    """Content checker: every WCAG 2.2 A/AA rule in development, editorial rules in production."""

    axe_messages = {
        **ContentCheckerItem.axe_messages,
        "image-alt": {
            "error_name": _("Image without alternative text"),
            "help_text": _("Describe the image or mark it as decorative"),
        },
        "image-redundant-alt": {
            "error_name": _("Alternative text repeats the surrounding text"),
            "help_text": _("Describe what the image adds"),
        },
        "video-caption": {
            "error_name": _("Video without captions"),
            "help_text": _("Add a WebVTT captions file to the video block"),
        },
        "page-has-heading-one": {
            "error_name": _("Page without a main heading"),
            "help_text": _("Every page needs a title as its first-level heading"),
        },
        "list": {
            "error_name": _("List with unexpected content"),
            "help_text": _("Use the list buttons of the editor"),
        },
        "listitem": {
            "error_name": _("List item outside a list"),
            "help_text": _("Use the list buttons of the editor"),
        },
    }

    def get_axe_run_only(self, request):
        if settings.DEBUG:
            return list(AXE_TAGS)
        return [*super().get_axe_run_only(request), *EDITORIAL_RULES]


@hooks.register("construct_wagtail_userbar")
def use_kleve_content_checker(request, items, page):
    """Replace Wagtail's content checker (userbar and the editor's checks panel) with ours."""
    items[:] = [
        KleveContentChecker(in_editor=item.in_editor)
        if isinstance(item, ContentCheckerItem) and not isinstance(item, KleveContentChecker)
        else item
        for item in items
    ]


# Barrier reports


class BarrierReportFilterSet(WagtailFilterSet):
    overdue = django_filters.BooleanFilter(label=_("Overdue"), method="filter_overdue")

    class Meta:
        model = BarrierReport
        fields = ["status"]

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        overdue = BarrierReport.objects.overdue().values("pk")
        return queryset.filter(pk__in=overdue) if value else queryset.exclude(pk__in=overdue)


class ReplyDueColumn(Column):
    """The reply due date, marked when the report is overdue."""

    def get_value(self, instance):
        date = formats.date_format(instance.reply_due_on, "SHORT_DATE_FORMAT")
        if instance.is_overdue:
            return format_html(
                '{} <span class="w-status w-status--primary">{}</span>', date, _("overdue")
            )
        return date


class BarrierReportViewSet(ModelViewSet):
    model = BarrierReport
    icon = "warning"
    menu_label = _("Barrier reports")
    menu_order = 250
    add_to_admin_menu = True
    url_prefix = "barrierenmeldungen"
    name = "barrier_reports"
    inspect_view_enabled = True
    inspect_view_class = ReadableInspectView  # "–", Ja/Nein and local times, not None/True/UTC
    copy_view_enabled = False
    list_display = [
        "__str__",  # date and page, linked to the edit view
        DateColumn("created_at", label=_("Received"), sort_key="created_at"),
        StatusTagColumn(
            "get_status_display",
            label=_("Status"),
            sort_key="status",
            primary=lambda report: report.is_open,
        ),
        ReplyDueColumn("reply_due_on", label=_("Reply due on"), sort_key="reply_due_on"),
    ]
    filterset_class = BarrierReportFilterSet
    search_fields = ["description", "page_url", "name", "email"]
    form_fields = [
        "status",
        "answered_on",
        "editor_notes",
        "page_url",
        "description",
        "name",
        "email",
        "reply_due_on",
    ]


barrier_report_viewset = BarrierReportViewSet()


@hooks.register("register_admin_viewset")
def register_barrier_report_viewset():
    return barrier_report_viewset


# Reminders: the statement's yearly review, overdue reports, the last automated check


def accessibility_status() -> dict:
    """What the dashboard panel and the editor warning need to know."""
    statement = AccessibilityStatementPage.objects.first()
    return {
        "statement": statement,
        "review_overdue": statement is None or statement.review_overdue,
        "open_reports": BarrierReport.objects.open().count(),
        "overdue_reports": BarrierReport.objects.overdue().count(),
        "last_check": AccessibilityCheck.objects.latest_first().first(),
        "reports_url": barrier_report_viewset.menu_url,
    }


class AccessibilityPanel(Component):
    """Dashboard panel: statement review, open and overdue barrier reports, the last check."""

    name = "accessibility"
    order = 90
    template_name = "barrierefreiheit/admin/accessibility_panel.html"

    def get_context_data(self, parent_context):
        return {**super().get_context_data(parent_context), **accessibility_status()}


@hooks.register("construct_homepage_panels")
def add_accessibility_panel(request, panels):
    if request.user.has_perm("wagtailadmin.access_admin"):
        panels.insert(0, AccessibilityPanel())


@hooks.register("before_edit_page")
def warn_about_overdue_review(request, page):
    """Remind the editor of the statement that its yearly review is due."""
    if request.method != "GET" or not isinstance(page.specific, AccessibilityStatementPage):
        return
    statement = page.specific
    if statement.review_overdue:
        messages.warning(
            request,
            _(
                "The last review of this statement was on %(date)s, more than a year ago. "
                "Check the statement against the site, then update the date of the last review."
            )
            % {"date": formats.date_format(statement.last_reviewed_on, "SHORT_DATE_FORMAT")},
        )


hooks.register(PERSONAL_DATA_HOOK, personal_data.data_sections)
hooks.register(INBOX_KINDS_HOOK, OpenBarrierReports)
