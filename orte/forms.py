"""The form field for a point: coordinates as text, typed or set by the map picker."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .geo import MAX_INPUT_LENGTH, Point, parse_city_point


class PointField(forms.CharField):
    """Latitude and longitude as text ("51.7886, 6.1386"), cleaned to a ``Point`` in the city.

    Without JavaScript people type the coordinates (or leave the field empty and name the
    place in words); with it, the map picker writes the chosen point into the same field.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", None)
        messages = {"required": _("Please choose the place on the map or enter its coordinates.")}
        kwargs["error_messages"] = {**messages, **(kwargs.get("error_messages") or {})}
        super().__init__(**kwargs)
        self.widget.attrs.update(
            {"autocomplete": "off", "inputmode": "decimal", "spellcheck": "false"}
        )

    def to_python(self, value) -> Point | None:
        if isinstance(value, Point):
            return value
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        return parse_city_point(text[: MAX_INPUT_LENGTH + 1])

    def prepare_value(self, value):
        return str(value) if isinstance(value, Point) else value
