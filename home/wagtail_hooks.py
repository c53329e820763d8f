from wagtail import hooks

from accounts.consent import LEGAL_PAGES_HOOK

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
