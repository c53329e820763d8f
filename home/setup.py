"""Make sure a site has its root page, home page and Site record."""

from django.db import transaction
from wagtail.models import Locale, Page, Site

from .models import HomePage

HOME_TITLE = "Mitreden in Kleve"


@transaction.atomic
def ensure_site_root() -> HomePage:
    """Return the default site's HomePage, creating the page tree and Site when missing.

    Migrations create them once; a flushed database (live_server tests) loses them.
    """
    locale, _ = Locale.objects.get_or_create(language_code="de")
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(title="Root", slug="root", locale=locale)
    home = HomePage.objects.first()
    if home is None:
        # Wagtail's own welcome page is not ours; replace it.
        for child in root.get_children().exact_type(Page):
            child.delete()
        home = root.add_child(instance=HomePage(title=HOME_TITLE, slug="home", locale=locale))
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name="Beteiligung Kleve",
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save()
    return home
