from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdeenConfig(AppConfig):
    name = "ideen"
    verbose_name = _("Idea platform")
