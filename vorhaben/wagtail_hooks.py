from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.ui.menus import MenuItem

from .admin_views import WRITE_REPORT_LABEL, ReportView, can_report
from .models import VorhabenPage


@hooks.register("register_admin_urls")
def register_report_urls():
    return [path("vorhaben/<int:pk>/bericht/", ReportView.as_view(), name="vorhaben_report")]


def _report_button(page, user, priority: int):
    if page.specific_class is not VorhabenPage:
        return
    if not can_report(user, page):
        return
    yield MenuItem(
        WRITE_REPORT_LABEL,
        reverse("vorhaben_report", args=[page.pk]),
        icon_name="clipboard-list",
        priority=priority,
    )


@hooks.register("register_page_listing_more_buttons")
def report_listing_button(page, user, next_url=None):
    yield from _report_button(page, user, priority=5)


@hooks.register("register_page_header_buttons")
def report_header_button(page, user, view_name, next_url=None):
    yield from _report_button(page, user, priority=5)
