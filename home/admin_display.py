"""Readable values in the admin's detail ("inspect") views: no "None", "True" or UTC times."""

import datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail.admin.views.generic.models import InspectView as ModelInspectView
from wagtail.snippets.views.snippets import InspectView as SnippetInspectView

EMPTY = "–"


def readable(value):
    """A value as people read it: a dash for nothing, Ja/Nein, dates in local time."""
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return date_format(value, "j. F Y, H:i")
    if isinstance(value, datetime.date):
        return date_format(value, "j. F Y")
    return value


class ReadableValuesMixin:
    """Passes every field value of an inspect view through ``readable``."""

    def get_field_display_value(self, field_name, field):
        return readable(super().get_field_display_value(field_name, field))


class ReadableInspectView(ReadableValuesMixin, ModelInspectView):
    """The inspect view of a ModelViewSet, with readable values."""


class ReadableSnippetInspectView(ReadableValuesMixin, SnippetInspectView):
    """The inspect view of a SnippetViewSet, with readable values."""
