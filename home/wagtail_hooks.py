from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from accounts.consent import LEGAL_PAGES_HOOK

from . import inbox
from .admin_views import InboxMenuItem, InboxPanel, InboxView
from .context_processors import footer_settings


@hooks.register(LEGAL_PAGES_HOOK)
def legal_pages(request) -> dict[str, str]:
    """The privacy notice and the netiquette chosen in the footer settings, if live."""
    settings = footer_settings(request) if request is not None else None
    pages = {}
    if settings is not None:
        for document, page in (
            ("privacy", settings.privacy_page),
            ("netiquette", settings.netiquette_page),
        ):
            if page is not None and page.live:
                pages[document] = page.get_url(request) or ""
    return pages


@hooks.register("register_admin_urls")
def register_inbox_url():
    return [path("eingang/", InboxView.as_view(), name="inbox")]


@hooks.register("register_admin_menu_item")
def register_inbox_menu_item():
    return InboxMenuItem(_("Inbox"), reverse("inbox"), icon_name="tasks", order=5)


@hooks.register("construct_homepage_panels")
def add_inbox_panel(request, panels):
    """The open work first: what the person may act on, with overdue items in words."""
    if inbox.kinds_for(request.user):
        panels.insert(0, InboxPanel(request.user))
