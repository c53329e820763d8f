"""Where the Ortsteile are: an approximate centre (the village core) of each, for overview maps.

Good to a few hundred metres, like the city outline in data/kleve.geojson; the maps that use
them show counts per Ortsteil, never a boundary.
"""

from __future__ import annotations

from home.districts import District

from .geo import Point

CENTRES: dict[str, Point] = {
    District.KERNSTADT: Point.of("51.7886", "6.1386"),
    District.BIMMEN: Point.of("51.8580", "6.0750"),
    District.BRIENEN: Point.of("51.8200", "6.1480"),
    District.DONSBRUEGGEN: Point.of("51.8000", "6.0830"),
    District.DUEFFELWARD: Point.of("51.8330", "6.0950"),
    District.GRIETHAUSEN: Point.of("51.8240", "6.1700"),
    District.KEEKEN: Point.of("51.8500", "6.0700"),
    District.KELLEN: Point.of("51.8010", "6.1580"),
    District.MATERBORN: Point.of("51.7790", "6.0950"),
    District.REICHSWALDE: Point.of("51.7620", "6.1130"),
    District.RINDERN: Point.of("51.8160", "6.1200"),
    District.SALMORTH: Point.of("51.8500", "6.1500"),
    District.SCHENKENSCHANZ: Point.of("51.8390", "6.1190"),
    District.WARBEYEN: Point.of("51.8170", "6.2000"),
    District.WARDHAUSEN: Point.of("51.8050", "6.1850"),
}


def centre(code: str) -> Point | None:
    """The centre of the Ortsteil with this code; None for the whole city (the empty code)."""
    return CENTRES.get(code)
