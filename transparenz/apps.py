from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransparenzConfig(AppConfig):
    name = "transparenz"
    verbose_name = _("Transparency")
