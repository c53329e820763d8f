from django.utils.functional import SimpleLazyObject
from wagtail.models import Page, Site

from . import pagecache
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
    """Public, live pages directly below the site's root that editors put in the menu.

    The same for every visitor: kept in the shared cache until the next change of content."""
    site = Site.find_for_request(request)
    if site is None:
        return []
    return pagecache.memoize(
        f"main_navigation:{site.pk}",
        lambda: list(site.root_page.get_children().live().public().in_menu()),
    )


#: Stands for "no footer settings yet" in the cache, which cannot store None.
_NO_SETTINGS = "none"


def footer_settings(request) -> FooterSettings | None:
    """The footer settings of the current site, with its linked pages in the same query; kept
    in the shared cache until the next change of content."""
    site = Site.find_for_request(request)
    if site is None:
        return None

    def load():
        found = FooterSettings.objects.select_related(*FOOTER_PAGE_FIELDS).filter(site=site)
        return found.first() or _NO_SETTINGS

    value = pagecache.memoize(f"footer_settings:{site.pk}", load)
    return None if isinstance(value, str) else value


def site_navigation(request) -> dict:
    """Navigation for the base layout, computed only when a template uses it."""
    return {
        "main_navigation": SimpleLazyObject(lambda: main_navigation(request)),
        "footer_settings": SimpleLazyObject(lambda: footer_settings(request)),
    }
