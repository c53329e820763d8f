"""Model pieces for places: a point as two decimal columns, how a project asks for it, and the
gazetteer of named places in the city."""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Q, Value, When
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from home.districts import District

from .geo import (
    MESSAGES,
    PLACES,
    Area,
    Point,
    in_city,
    parse_area,
    validate_city_area,
)


class LocationMode(models.TextChoices):
    """Whether a project's proposals carry a point on the map."""

    OFF = "aus", _("No point on the map")
    OPTIONAL = "freiwillig", _("Point on the map optional")
    REQUIRED = "pflicht", _("Point on the map required")


def coordinate_field(verbose_name) -> models.DecimalField:
    """Latitude or longitude in degrees: five decimals (about a metre), empty without a point."""
    return models.DecimalField(
        verbose_name, max_digits=PLACES + 3, decimal_places=PLACES, null=True, blank=True
    )


def point_constraints(prefix: str) -> list[models.CheckConstraint]:
    """Both coordinates or none, each on the globe."""
    return [
        models.CheckConstraint(
            condition=Q(latitude__isnull=True, longitude__isnull=True)
            | Q(latitude__isnull=False, longitude__isnull=False),
            name=f"{prefix}_point_complete",
        ),
        models.CheckConstraint(
            condition=Q(latitude__isnull=True)
            | Q(latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180),
            name=f"{prefix}_point_on_earth",
        ),
    ]


class PointMixin(models.Model):
    """An optional point (``latitude``, ``longitude``), read and written as a ``Point``."""

    latitude = coordinate_field(_("latitude"))
    longitude = coordinate_field(_("longitude"))

    class Meta:
        abstract = True

    @property
    def point(self) -> Point | None:
        if self.latitude is None or self.longitude is None:
            return None
        return Point.of(self.latitude, self.longitude)

    @point.setter
    def point(self, value: Point | None) -> None:
        self.latitude = value.latitude if value else None
        self.longitude = value.longitude if value else None

    def point_errors(self) -> dict:
        """Form errors for an incomplete point or one outside the city ({} when fine)."""
        if (self.latitude is None) != (self.longitude is None):
            missing = "longitude" if self.longitude is None else "latitude"
            return {missing: _("Give both latitude and longitude, or neither.")}
        point = self.point
        if point is not None and not in_city(point):
            return {"latitude": MESSAGES["outside"]}
        return {}


def area_field() -> models.TextField:
    """An optional area as GeoJSON text (Polygon or MultiPolygon in the city), see orte.geo.

    The help text names orte.geo.MAX_AREA_VERTICES (a test keeps the two in step).
    """
    return models.TextField(
        _("area (GeoJSON)"),
        blank=True,
        validators=[validate_city_area],
        help_text=_(
            "Optional: the area the project concerns, as a GeoJSON Polygon or MultiPolygon "
            "(longitude before latitude, WGS 84). Draw it on geojson.io or export it from the "
            "city's GIS and paste the text here. At most 500 corners, all within the city."
        ),
    )


class AreaMixin(models.Model):
    """An optional ``area`` (GeoJSON text), read as an ``Area``; clean() stores it tidied."""

    area = area_field()

    class Meta:
        abstract = True

    @property
    def area_shape(self) -> Area | None:
        """The parsed area, or None without one (or while it is invalid, before cleaning)."""
        text = (self.area or "").strip()
        if not text:
            return None
        cached = self.__dict__.get("_area_parsed")
        if cached is None or cached[0] != text:
            try:
                shape = parse_area(text)
            except ValidationError:
                shape = None
            cached = (text, shape)
            self.__dict__["_area_parsed"] = cached
        return cached[1]

    def tidy_area(self) -> None:
        """Store a valid area in one canonical form (coordinates rounded, no Feature wrapper)."""
        shape = self.area_shape
        self.area = str(shape) if shape is not None else (self.area or "").strip()


PLACE_NAME_MAX_LENGTH = 100
#: How many names the suggestions of the point field offer at most.
SUGGESTIONS = 10


def normalize_place_name(text: str) -> str:
    """A place name as stored and looked up: NFC, trimmed, inner whitespace collapsed, without
    control and format characters (PostgreSQL refuses NUL; a soft hyphen hides a match)."""
    text = unicodedata.normalize("NFC", text or "")
    text = "".join(c for c in text if c.isspace() or unicodedata.category(c)[0] != "C")
    return " ".join(text.split())


class PlaceQuerySet(models.QuerySet):
    def named(self, text: str) -> Place | None:
        """The place called ``text`` (case and surrounding whitespace ignored), or None."""
        name = normalize_place_name(text)
        if not name or len(name) > PLACE_NAME_MAX_LENGTH:
            return None
        # LOWER() on both sides, as in the unique index: the same folding, one index lookup.
        return (
            self.alias(lower_name=Lower("name"))
            .filter(lower_name=Lower(Value(name, output_field=models.CharField())))
            .first()
        )

    def suggestions(self, text: str, limit: int = SUGGESTIONS) -> list[str]:
        """Up to ``limit`` names containing ``text``, those starting with it first."""
        name = normalize_place_name(text)
        if len(name) < 2 or len(name) > PLACE_NAME_MAX_LENGTH:
            return []
        return list(
            self.filter(name__icontains=name)
            .annotate(later=Case(When(name__istartswith=name, then=0), default=1))
            .order_by("later", "name")
            .values_list("name", flat=True)[:limit]
        )


class Place(PointMixin):
    """A named place in the city (street, square, Ortsteil, landmark) and its point.

    The gazetteer behind the point field: people may type "Koekkoekplatz" instead of
    coordinates. City data, no personal data; loaded with ``manage.py import_places``.
    """

    class Kind(models.TextChoices):
        STREET = "strasse", _("Street")
        SQUARE = "platz", _("Square")
        DISTRICT = "ortsteil", _("Ortsteil")
        LANDMARK = "ort", _("Building or landmark")

    name = models.CharField(
        _("name"),
        max_length=PLACE_NAME_MAX_LENGTH,
        help_text=_("As people write it, e.g. “Koekkoekplatz”. Unique regardless of case."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, blank=True)
    district = models.CharField(_("district"), max_length=20, choices=District.choices, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=PLACES + 3, decimal_places=PLACES)
    longitude = models.DecimalField(_("longitude"), max_digits=PLACES + 3, decimal_places=PLACES)

    objects = PlaceQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldPanel("kind"),
        FieldPanel("district"),
        FieldPanel("latitude"),
        FieldPanel("longitude"),
    ]

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="orte_place_unique_name",
                violation_error_message=_("A place with this name exists already."),
            ),
            *point_constraints("orte_place"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.name = normalize_place_name(self.name)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        self.name = normalize_place_name(self.name)
        errors = self.point_errors()
        if errors:
            raise ValidationError(errors)
