from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransparenzConfig(AppConfig):
    name = "transparenz"
    verbose_name = _("Transparency")

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import guards

        # SQLite drops triggers when Django rebuilds a table; put the guard back every time.
        post_migrate.connect(guards.install_after_migrate, sender=self, dispatch_uid="transparenz")
