"""The form field for a point: a place name or coordinates as text, or set by the map picker."""

from __future__ import annotations

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from .geo import Point
from .places import parse_place_or_point


class PointField(forms.CharField):
    """A place name from the gazetteer ("Koekkoekplatz") or latitude and longitude as text
    ("51.7886, 6.1386"), cleaned to a ``Point`` in the city.

    Without JavaScript people type a name or the coordinates; with it, the map picker writes
    the chosen point into the same field. After an error the field shows what was typed.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", None)
        messages = {
            "required": _(
                "Please choose the place on the map, or enter a street, a square or coordinates."
            )
        }
        kwargs["error_messages"] = {**messages, **(kwargs.get("error_messages") or {})}
        super().__init__(**kwargs)
        # No inputmode="decimal": people type names too. With JavaScript, names from the
        # gazetteer are suggested in a native datalist (static/js/karte.js).
        self.widget.attrs.update(
            {
                "autocomplete": "off",
                "spellcheck": "false",
                "data-place-suggestions": reverse_lazy("orte:suggestions"),
            }
        )

    def to_python(self, value) -> Point | None:
        if isinstance(value, Point):
            return value
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        return parse_place_or_point(text)

    def prepare_value(self, value):
        return str(value) if isinstance(value, Point) else value
