from django.utils.functional import SimpleLazyObject
from wagtail.models import Page, Site

from .models import FooterSettings

FOOTER_PAGE_FIELDS = [
    "imprint_page",
    "privacy_page",
    "accessibility_page",
    "easy_language_page",
    "sign_language_page",
    "netiquette_page",
]


def main_navigation(request) -> list[Page]:
    """Public, live pages directly below the site's root that editors put in the menu."""
    site = Site.find_for_request(request)
    if site is None:
        return []
    return list(site.root_page.get_children().live().public().in_menu().specific())


def footer_settings(request) -> FooterSettings | None:
    """The footer settings of the current site, with its linked pages in the same query."""
    site = Site.find_for_request(request)
    if site is None:
        return None
    return FooterSettings.objects.select_related(*FOOTER_PAGE_FIELDS).filter(site=site).first()


def site_navigation(request) -> dict:
    """Navigation for the base layout, computed only when a template uses it."""
    return {
        "main_navigation": SimpleLazyObject(lambda: main_navigation(request)),
        "footer_settings": SimpleLazyObject(lambda: footer_settings(request)),
    }
