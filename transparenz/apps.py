from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransparenzConfig(AppConfig):
    name = "transparenz"
    verbose_name = _("Transparency")

    def ready(self):
        from django.db.models.signals import post_migrate, pre_migrate

        from home import pagecache

        from . import guards, listing

        pagecache.read_query_params(*listing.QUERY_PARAMS)

        # SQLite drops triggers when Django rebuilds a table, and cannot rebuild a table that
        # another table's trigger mentions: off before every migrate, on again after it.
        pre_migrate.connect(guards.remove_before_migrate, sender=self, dispatch_uid="transparenz")
        post_migrate.connect(guards.install_after_migrate, sender=self, dispatch_uid="transparenz")
