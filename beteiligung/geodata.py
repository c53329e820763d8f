"""Open data with places: the public projects that have a point or an area, as GeoJSON.

Published at /offene-daten/projekte.geojson and listed with the other open data on the
statistics page (``transparenz.geodata.register_geojson``). Only live projects without a view
restriction; positions in WGS 84, longitude first (RFC 7946), five decimals.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext_lazy
from django.views.decorators.http import condition, require_GET

from transparenz.geodata import CONTENT_TYPE, GeoDataset, geojson_etag, geojson_pieces
from transparenz.opendata import Column, _streamed

from .models import ProjectPage

PROPERTIES = (
    Column("id", gettext_lazy("Number of the project (project_id in the proposals)."), "integer"),
    Column("title", gettext_lazy("Title of the project.")),
    Column(
        "place",
        gettext_lazy("The project's place or area in words; empty when the Ortsteil says it."),
    ),
    Column("district", gettext_lazy("Ortsteil as a code; empty for the whole city.")),
    Column("district_label", gettext_lazy("Ortsteil in words.")),
    Column("state", gettext_lazy("Where the project stands, as a code.")),
    Column("state_label", gettext_lazy("Where the project stands, in words.")),
    Column("participation_start", gettext_lazy("First day of participation (YYYY-MM-DD)."), "date"),
    Column("participation_end", gettext_lazy("Last day of participation (YYYY-MM-DD)."), "date"),
    Column("url", gettext_lazy("Web address of the project."), "url"),
)

DATASET = GeoDataset(
    title=gettext_lazy("Projects with a place (GeoJSON)"),
    description=gettext_lazy(
        "The public participation projects that have a place, as a GeoJSON FeatureCollection "
        "(RFC 7946): the area as a Polygon or MultiPolygon where the city drew one, otherwise "
        "the point. Positions in WGS 84 as longitude and latitude with five decimals."
    ),
    url_name="beteiligung:projects_geojson",
    link_text=gettext_lazy("Projects with a place as GeoJSON"),
    properties=PROPERTIES,
)


def features(request) -> Iterator[dict]:
    """One Feature per live, public project with an area or a point, in title order."""
    projects = ProjectPage.objects.live().public().with_state().order_by("title", "pk")
    for project in projects:
        area, point = project.area_shape, project.point
        if area is not None:
            geometry = area.geojson
        elif point is not None:
            geometry = {"type": "Point", "coordinates": point.geojson}
        else:
            continue
        yield {
            "type": "Feature",
            "id": project.pk,
            "geometry": geometry,
            "properties": {
                "id": project.pk,
                "title": project.title,
                "place": project.area_description,
                "district": project.district,
                "district_label": project.get_district_display() if project.district else "",
                "state": project.state,
                "state_label": project.get_state_display(),
                "participation_start": project.participation_start,
                "participation_end": project.participation_end,
                "url": project.get_full_url(request),
            },
        }


@require_GET
@condition(etag_func=geojson_etag)
def projects_geojson(request):
    """The public projects with a place as a GeoJSON FeatureCollection."""
    return _streamed(
        geojson_pieces(features(request)), CONTENT_TYPE, 'inline; filename="projekte.geojson"'
    )
