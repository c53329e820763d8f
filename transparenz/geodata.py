"""Open data with places: the public proposals that carry a point, as GeoJSON (RFC 7946).

The same gate as the other open data (``opendata._public_ideas``): what an anonymous reader may
see in lists, so no internal idea and nothing removed by moderation; no names, no accounts.
Positions are WGS 84 longitude/latitude, as RFC 7946 requires, with five decimals (about a
metre). ``?bbox=west,south,east,north`` and ``?projekt=<id>`` narrow the collection; a malformed
parameter gets a 400 answer that says in German what is wrong.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterator
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder
from django.http import JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import condition, require_GET

from home import pagecache
from home.districts import District

from . import workflow
from .opendata import CHUNK_SIZE, Column, _absolute_urls, _public_ideas, _streamed

CONTENT_TYPE = "application/geo+json; charset=utf-8"

PROPERTIES = (
    Column(
        "id", gettext_lazy("Number of the proposal (column id of the ideas dataset)."), "integer"
    ),
    Column("title", gettext_lazy("Title of the proposal.")),
    Column("project", gettext_lazy("The participation project it was handed in to.")),
    Column("project_id", gettext_lazy("Number of that project (for ?projekt=)."), "integer"),
    Column("district", gettext_lazy("Ortsteil as a code; empty for the whole city.")),
    Column("district_label", gettext_lazy("Ortsteil in words.")),
    Column("place", gettext_lazy("The place in words, as the author gave it.")),
    Column(
        "category", gettext_lazy("Topic: a field of action or project of the digital strategy.")
    ),
    Column("status", gettext_lazy("Current state as a code.")),
    Column("status_label", gettext_lazy("Current state in words.")),
    Column("submitted_on", gettext_lazy("Date the proposal was handed in (YYYY-MM-DD)."), "date"),
    Column("supports", gettext_lazy("Number of supports."), "integer"),
    Column("comments", gettext_lazy("Number of visible comments."), "integer"),
    Column("url", gettext_lazy("Web address of the proposal with its status trail."), "url"),
)


@dataclass(frozen=True)
class GeoDataset:
    """Another app's GeoJSON file, listed with the open data (``register_geojson``)."""

    title: str
    description: str
    url_name: str
    link_text: str
    properties: tuple[Column, ...]


#: GeoJSON files of higher apps (e.g. the projects with their areas), in registration order.
GEO_DATASETS: list[GeoDataset] = []


def register_geojson(dataset: GeoDataset) -> None:
    """List another app's GeoJSON file on the statistics page (from ``AppConfig.ready()``)."""
    if all(known.url_name != dataset.url_name for known in GEO_DATASETS):
        GEO_DATASETS.append(dataset)


class BadRequest(ValueError):
    """A query parameter the reader can correct; the message says how, in German."""


def _bbox(text: str) -> tuple[float, float, float, float] | None:
    if not text:
        return None
    parts = text.split(",")
    try:
        values = tuple(float(part) for part in parts)
    except ValueError:
        values = ()
    if len(values) != 4 or not all(math.isfinite(v) for v in values):
        raise BadRequest(
            _(
                "The parameter bbox needs four numbers separated by commas: west, south, east "
                "and north in degrees, e.g. bbox=6.10,51.77,6.16,51.80."
            )
        )
    west, south, east, north = values
    if not (-180 <= west <= 180 and -180 <= east <= 180 and -90 <= south <= north <= 90):
        raise BadRequest(
            _(
                "The parameter bbox lies outside the globe or south is greater than north: "
                "longitudes lie between -180 and 180, latitudes between -90 and 90."
            )
        )
    return west, south, east, north


def _project(text: str) -> int | None:
    if not text:
        return None
    if not text.isascii() or not text.isdigit() or len(text) > 9:
        raise BadRequest(_("The parameter projekt needs the number of a project, e.g. projekt=12."))
    return int(text)


def features(request, bbox=None, project: int | None = None) -> Iterator[dict]:
    """One GeoJSON Feature per public proposal with a point, oldest first."""
    ideas = _public_ideas().filter(latitude__isnull=False, longitude__isnull=False)
    if project is not None:
        ideas = ideas.filter(space_id=project)
    if bbox is not None:
        west, south, east, north = bbox
        ideas = ideas.filter(latitude__gte=south, latitude__lte=north)
        if west <= east:
            ideas = ideas.filter(longitude__gte=west, longitude__lte=east)
        else:  # across the antimeridian (RFC 7946, 5.2)
            ideas = ideas.exclude(longitude__gt=east, longitude__lt=west)
    rows = ideas.order_by("created", "pk").values(
        "pk",
        "title",
        "space_id",
        "space__title",
        "district",
        "location",
        "category__name",
        "status",
        "created",
        "support_count",
        "comment_count",
        "latitude",
        "longitude",
    )
    districts = dict(District.choices)
    idea_url = _absolute_urls(request, "ideen:detail")
    for row in rows.iterator(chunk_size=CHUNK_SIZE):
        yield {
            "type": "Feature",
            "id": row["pk"],
            "geometry": {
                "type": "Point",
                "coordinates": [float(row["longitude"]), float(row["latitude"])],
            },
            "properties": {
                "id": row["pk"],
                "title": row["title"],
                "project": row["space__title"],
                "project_id": row["space_id"],
                "district": row["district"],
                "district_label": districts.get(row["district"], ""),
                "place": row["location"],
                "category": row["category__name"],
                "status": row["status"],
                "status_label": workflow.label(row["status"]),
                "submitted_on": timezone.localdate(row["created"]),
                "supports": row["support_count"],
                "comments": row["comment_count"],
                "url": idea_url(row["pk"]),
            },
        }


def geojson_pieces(rows: Iterator[dict]) -> Iterator[str]:
    """A FeatureCollection, written feature by feature."""
    yield '{"type": "FeatureCollection", "features": ['
    separator = "\n "
    for feature in rows:
        yield separator + json.dumps(feature, cls=DjangoJSONEncoder, ensure_ascii=False)
        separator = ",\n "
    yield "\n]}\n"


def geojson_etag(request, *args, **kwargs) -> str:
    """Weak: the same content and support generations, day, address and parameters give the
    same features."""
    parts = [
        request.get_full_path(),
        request.scheme,
        request.get_host(),
        pagecache.content_version(),
        timezone.localdate().isoformat(),
    ]
    return 'W/"' + hashlib.sha256("|".join(parts).encode()).hexdigest()[:32] + '"'


@require_GET
def proposals_geojson(request):
    """The public proposals with a point as a GeoJSON FeatureCollection."""
    try:
        bbox = _bbox(request.GET.get("bbox", "").strip())
        project = _project(request.GET.get("projekt", "").strip())
    except BadRequest as error:
        return JsonResponse(
            {"error": str(error)}, status=400, json_dumps_params={"ensure_ascii": False}
        )
    return _cached(request, bbox, project)


@condition(etag_func=geojson_etag)
def _cached(request, bbox, project):
    return _streamed(
        geojson_pieces(features(request, bbox, project)),
        CONTENT_TYPE,
        'inline; filename="vorschlaege.geojson"',
    )


def district_counts() -> list[dict]:
    """Public proposals and their supports per Ortsteil, in the order of the Ortsteile; the
    proposals for the whole city (no Ortsteil) last. One query."""
    from django.contrib.auth.models import AnonymousUser
    from django.db.models import Count, Sum

    from home.districts import WHOLE_CITY_LABEL
    from ideen.models import Idea

    rows = (
        Idea.objects.visible_to(AnonymousUser())
        .listed()
        .order_by()
        .values("district")
        # COUNT(*), not COUNT(id): answered from the index ideen_idea_space_listed alone.
        .annotate(proposals=Count("*"), supports=Sum("support_count"))
    )
    found = {row["district"]: row for row in rows}
    result = []
    for code, label in [*District.choices, ("", WHOLE_CITY_LABEL)]:
        row = found.get(code, {})
        result.append(
            {
                "code": code,
                "label": str(label),
                "proposals": row.get("proposals", 0),
                "supports": row.get("supports") or 0,
            }
        )
    return result


def district_map_items(rows: list[dict]) -> list[dict]:
    """The rows of ``district_counts`` that have a place, for the map beside the table: the
    Ortsteil's centre, its number of proposals and a name that says both counts."""
    from orte.districts import centre

    items = []
    for row in rows:
        point = centre(row["code"])
        if point is None:
            continue
        proposals = ngettext("%(count)s proposal", "%(count)s proposals", row["proposals"]) % {
            "count": row["proposals"]
        }
        supports = ngettext("%(count)s support", "%(count)s supports", row["supports"]) % {
            "count": row["supports"]
        }
        items.append(
            {
                "lat": float(point.latitude),
                "lon": float(point.longitude),
                "count": row["proposals"],
                "name": f"{row['label']}: {proposals}, {supports}",
            }
        )
    return items
