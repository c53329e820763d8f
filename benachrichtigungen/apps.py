from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BenachrichtigungenConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "benachrichtigungen"
    verbose_name = _("Notifications")

    def ready(self):
        from home import citizen_pages

        from . import services, signals

        signals.connect()
        citizen_pages.register("benachrichtigungen.project", services.project_follow)
