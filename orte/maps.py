"""The markers of a list map: what static/js/karte.js draws beside a list."""

from __future__ import annotations

from collections.abc import Callable, Iterable


def map_items(objects: Iterable, anchor: Callable[[object], str]) -> list[dict]:
    """Title, position and list anchor of each object that has a point (``PointMixin``) or an
    area (``AreaMixin``, drawn as a polygon; its marker sits at the point or the area's centre).

    Only objects already in the list get a marker, so every marker leads to a list entry.
    """
    items = []
    for obj in objects:
        point = obj.point
        area = getattr(obj, "area_shape", None)
        if point is None and area is not None:
            point = area.centre()
        if point is not None:
            item = {
                "id": anchor(obj),
                "title": str(obj),
                "lat": float(point.latitude),
                "lon": float(point.longitude),
            }
            if area is not None:
                item["area"] = area.latlngs
            items.append(item)
    return items


def place_map_data(point, area) -> dict:
    """The point and area of one object for its own small map (static/js/karte.js)."""
    return {
        "point": [float(point.latitude), float(point.longitude)] if point is not None else None,
        "area": area.latlngs if area is not None else None,
    }
