from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BenachrichtigungenConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "benachrichtigungen"
    verbose_name = _("Notifications")

    def ready(self):
        from . import signals

        signals.connect()
