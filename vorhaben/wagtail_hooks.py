from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.ui.menus import MenuItem

from accounts.deletion import ACCOUNT_DELETION_HOOK
from accounts.participation import PARTICIPATION_SECTIONS_HOOK
from accounts.personal_data import PERSONAL_DATA_HOOK
from home.inbox import INBOX_KINDS_HOOK

from . import personal_data
from .admin_views import (
    ANSWER_LABEL,
    WRITE_REPORT_LABEL,
    ParticipationAnswerView,
    ReportView,
    can_answer,
    can_report,
)
from .inbox import ParticipationRequestsOverThreshold
from .models import VorhabenPage


@hooks.register("register_admin_urls")
def register_report_urls():
    return [
        path("vorhaben/<int:pk>/bericht/", ReportView.as_view(), name="vorhaben_report"),
        path(
            "vorhaben/<int:pk>/beteiligung/",
            ParticipationAnswerView.as_view(),
            name="vorhaben_participation_answer",
        ),
    ]


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
    # Only in the page header: in the listing it would cost a query per row.
    if page.specific_class is VorhabenPage and can_answer(user, page.specific_deferred):
        yield MenuItem(
            ANSWER_LABEL,
            reverse("vorhaben_participation_answer", args=[page.pk]),
            icon_name="comment",
            priority=6,
        )


hooks.register(INBOX_KINDS_HOOK, ParticipationRequestsOverThreshold)
hooks.register(PARTICIPATION_SECTIONS_HOOK, personal_data.participation_sections)
hooks.register(PERSONAL_DATA_HOOK, personal_data.data_sections)
hooks.register(ACCOUNT_DELETION_HOOK, personal_data.erase)
