"""The markers of a list map: what static/js/karte.js draws beside a list."""

from __future__ import annotations

from collections.abc import Callable, Iterable


def map_items(objects: Iterable, anchor: Callable[[object], str]) -> list[dict]:
    """Title, position and list anchor of each object that has a point (``PointMixin``).

    Only objects already in the list get a marker, so every marker leads to a list entry.
    """
    items = []
    for obj in objects:
        point = obj.point
        if point is not None:
            items.append(
                {
                    "id": anchor(obj),
                    "title": str(obj),
                    "lat": float(point.latitude),
                    "lon": float(point.longitude),
                }
            )
    return items
