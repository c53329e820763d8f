from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Home and content pages")

    def ready(self):
        from . import pagecache, routing

        connection_created.connect(pagecache.install_write_watcher, dispatch_uid="pagecache")
        pagecache.install_restriction_memo()
        routing.install_route_memo()
        post_migrate.connect(set_site_address, sender=self, dispatch_uid="home-site-address")


def set_site_address(sender, using="default", **kwargs) -> None:
    """Every ``migrate`` (once per release) points the Site records at WAGTAILADMIN_BASE_URL."""
    from django.db import connections

    from .setup import ensure_site_address

    # A migrate to an earlier state may have left the two tables out.
    tables = set(connections[using].introspection.table_names())
    if {"wagtailcore_site", "django_site"} <= tables:
        ensure_site_address()
