from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BenachrichtigungenConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "benachrichtigungen"
    verbose_name = _("Notifications")

    def ready(self):
        from home import citizen_pages

        from . import context_processors, services, signals

        signals.connect()
        citizen_pages.register("benachrichtigungen.project", services.project_follow)
        # The unread count of the account links, asked with the facts of a shared page.
        citizen_pages.also_ask(services.unread_count_select, context_processors.keep_count)
