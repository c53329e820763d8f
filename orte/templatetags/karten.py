"""Template helpers for maps: the tile server, attribution and city area as data attributes."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from django import template
from django.conf import settings
from django.utils.html import format_html

from orte.geo import city_area, city_bounds

register = template.Library()


@register.simple_tag
def map_attributes() -> str:
    """The data attributes static/js/karte.js reads: tiles, attribution, city bounds and outline."""
    south, west, north, east = city_bounds()
    return format_html(
        'data-tile-url="{}" data-attribution="{}" data-attribution-url="{}" '
        'data-bounds="{}" data-city-area="{}"',
        settings.MAP_TILE_URL,
        settings.MAP_TILE_ATTRIBUTION,
        settings.MAP_TILE_ATTRIBUTION_URL,
        json.dumps([south, west, north, east]),
        json.dumps([[lat, lon] for lon, lat in city_area()]),
    )


@register.simple_tag
def tile_server_host() -> str:
    """The host the browser loads map images from, named under every map."""
    return urlsplit(settings.MAP_TILE_URL).hostname or ""
