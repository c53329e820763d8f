"""The gazetteer at work: a typed place name or coordinates to a point, and the CSV import.

No outside geocoding service (privacy, and no network): the city loads its own list of streets,
squares and Ortsteile into ``Place`` and people may type those names into the point field.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from home.districts import District

from .geo import EXAMPLE, MAX_INPUT_LENGTH, MESSAGES, Point, in_city, parse_city_point
from .models import PLACE_NAME_MAX_LENGTH, Place, normalize_place_name

#: Coordinates never contain letters; place names always do.
_LETTER = re.compile(r"[^\W\d_]")

#: How much of an unknown name the error message repeats.
_SHOWN_NAME_LENGTH = 60

UNKNOWN_PLACE = gettext_lazy(
    "We do not know the place “%(name)s”. Enter coordinates (for example “%(example)s”) "
    "or choose the place on the map."
)


def parse_place_or_point(text: str) -> Point:
    """The point of a place name from the gazetteer, or of typed coordinates, in the city.

    Raises ValidationError with a German message: code "unknown_place" for a name the
    gazetteer does not know, otherwise the codes of ``orte.geo.parse_city_point``.
    """
    # Longer input is neither a name nor coordinates; cut it before any pattern runs.
    text = (text or "")[: 2 * PLACE_NAME_MAX_LENGTH].strip()
    if not _LETTER.search(text):
        return parse_city_point(text[: MAX_INPUT_LENGTH + 1])
    place = Place.objects.named(text)
    if place is None:
        name = normalize_place_name(text)
        if len(name) > _SHOWN_NAME_LENGTH:
            name = name[: _SHOWN_NAME_LENGTH - 1] + "…"
        raise ValidationError(
            UNKNOWN_PLACE, code="unknown_place", params={"name": name, "example": EXAMPLE}
        )
    point = place.point
    if not in_city(point):  # the city area changed after the place was saved
        raise ValidationError(MESSAGES["outside"], code="outside")
    return point


# The CSV import --------------------------------------------------------------------------

REQUIRED_COLUMNS = ["name", "latitude", "longitude"]
OPTIONAL_COLUMNS = ["kind", "district"]


@dataclass
class ImportReport:
    """What an import did: counts, and the refused rows by line number."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)


def _choice(value: str, choices, what: str) -> str:
    """A choice's value from its value or its label, case-insensitive; "" stays ""."""
    wanted = value.strip().casefold()
    if not wanted:
        return ""
    for choice_value, label in choices:
        if wanted in (str(choice_value).casefold(), str(label).casefold()):
            return choice_value
    raise ValueError(_("unknown %(what)s “%(value)s”") % {"what": what, "value": value.strip()})


def _place_values(row: dict) -> dict:
    """The model values of one CSV row; ValueError with a German reason when it is wrong."""
    name = normalize_place_name(row.get("name") or "")
    if not name:
        raise ValueError(_("the name is empty"))
    if len(name) > PLACE_NAME_MAX_LENGTH:
        raise ValueError(
            _("the name is longer than %(limit)d characters") % {"limit": PLACE_NAME_MAX_LENGTH}
        )
    if not _LETTER.search(name):
        raise ValueError(_("the name contains no letter"))
    latitude = (row.get("latitude") or "").strip()
    longitude = (row.get("longitude") or "").strip()
    try:
        point = parse_city_point(f"{latitude}; {longitude}")
    except ValidationError as error:
        raise ValueError(" ".join(error.messages)) from None
    values = {"name": name, "latitude": point.latitude, "longitude": point.longitude}
    # Optional columns the file does not have leave the places' values alone.
    if "kind" in row:
        values["kind"] = _choice(row["kind"] or "", Place.Kind.choices, _("kind"))
    if "district" in row:
        values["district"] = _choice(row["district"] or "", District.choices, _("district"))
    return values


def import_places(stream: io.TextIOBase, *, update: bool = True) -> ImportReport:
    """Add or update the places of a CSV file (``name;latitude;longitude[;kind][;district]``).

    Upserts by name (case-insensitive), so importing the same file twice changes nothing;
    with ``update=False`` places that exist keep their values. Rows that are wrong are skipped
    and reported with their line number; places missing from the file stay. Raises ValueError
    when the file as a whole cannot be read.
    """
    report = ImportReport()
    reader = csv.DictReader(stream, delimiter=";")
    try:
        header = [
            (column or "").strip().lstrip("\ufeff").strip().lower()
            for column in reader.fieldnames or []
        ]
    except (UnicodeDecodeError, csv.Error) as error:
        raise ValueError(_("The file cannot be read: %(error)s") % {"error": error}) from None
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    unknown = [c for c in header if c not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS]
    if missing or unknown:
        raise ValueError(
            _(
                "The first line must name the columns name;latitude;longitude and optionally "
                "kind;district, separated by semicolons. Found: %(found)s"
            )
            % {"found": ";".join(header) or "-"}
        )
    reader.fieldnames = header
    seen: dict[str, int] = {}
    with transaction.atomic():
        while True:
            try:
                row = next(reader)
            except StopIteration:
                break
            except (UnicodeDecodeError, csv.Error) as error:
                raise ValueError(
                    _("The file cannot be read after line %(line)d: %(error)s")
                    % {"line": reader.line_num, "error": error}
                ) from None
            line = reader.line_num
            if None in row:
                report.errors.append((line, _("more columns than the first line names")))
                continue
            if not any((value or "").strip() for value in row.values()):
                continue  # a blank line
            try:
                values = _place_values(row)
            except ValueError as error:
                report.errors.append((line, str(error)))
                continue
            key = values["name"].casefold()
            if key in seen:
                report.errors.append(
                    (line, _("the name appears already in line %(line)d") % {"line": seen[key]})
                )
                continue
            seen[key] = line
            _upsert(values, report, update=update)
    return report


def _upsert(values: dict, report: ImportReport, *, update: bool) -> None:
    place = Place.objects.named(values["name"])
    if place is None:
        Place.objects.create(**values)
        report.created += 1
        return
    changed = [name for name, value in values.items() if getattr(place, name) != value]
    if not changed or not update:
        report.unchanged += 1
        return
    for name in changed:
        setattr(place, name, values[name])
    place.save(update_fields=changed)
    report.updated += 1
