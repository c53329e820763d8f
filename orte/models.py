"""Model pieces for places: a point as two decimal columns, and how a project asks for it."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .geo import MESSAGES, PLACES, Point, in_city


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
