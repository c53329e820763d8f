"""Make sure a site has its root page, home page and Site record."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sites.models import Site as DjangoSite
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


def site_address(base_url: str) -> tuple[str, int]:
    """Hostname and port of a public base URL such as ``https://beteiligung.kleve.de``."""
    parts = urlsplit(base_url)
    if not parts.hostname:
        raise ValueError(f"not an absolute URL: {base_url!r}")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return parts.hostname, port


@transaction.atomic
def ensure_site_address(base_url: str | None = None) -> tuple[str, int]:
    """Point the default Wagtail Site and Django's Site at the public address.

    Full URLs outside a request (the Atom feed's entry links, the open-data ``space_url``,
    e-mails) are built from these records; left alone they say ``localhost`` and
    ``example.com``. The address is ``WAGTAILADMIN_BASE_URL`` unless one is given.
    """
    hostname, port = site_address(base_url or settings.WAGTAILADMIN_BASE_URL)
    Site.objects.filter(is_default_site=True).exclude(hostname=hostname, port=port).update(
        hostname=hostname, port=port
    )
    domain = hostname if port in (80, 443) else f"{hostname}:{port}"
    DjangoSite.objects.update_or_create(
        pk=settings.SITE_ID, defaults={"domain": domain, "name": "Beteiligung Kleve"}
    )
    DjangoSite.objects.clear_cache()
    return hostname, port
