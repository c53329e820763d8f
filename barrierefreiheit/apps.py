from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BarrierefreiheitConfig(AppConfig):
    name = "barrierefreiheit"
    verbose_name = _("Accessibility (BITV NRW)")
