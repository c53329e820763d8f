from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrteConfig(AppConfig):
    name = "orte"
    verbose_name = _("Places and maps")
