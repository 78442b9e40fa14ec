"""Great-circle distance and the representative points of areas that come without coordinates."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

EARTH_RADIUS_KM = 6371.0088


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Return the great-circle distance in kilometres between two points."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def bbox_centre(points: Sequence[tuple[float, float]]) -> tuple[float, float] | None:
    """Return the centre of the bounding box of `points`, handling areas across the antimeridian.

    The bounding box of member places, not their mean: member towns cluster where people live,
    which pulls a mean far from the middle of large sparse provinces (Ontario, Queensland). On the
    GeoNames ADM1 points this is within 161 km for 90% of ADM1 mentions, against 65-88% for the
    (population-weighted) mean, the median and percentile-trimmed boxes.
    """
    if not points:
        return None
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    if max(lons) - min(lons) > 180:  # e.g. Alaska, Chukotka, Fiji: shift to 0..360 first
        lons = [lon + 360 if lon < 0 else lon for lon in lons]
    lon = (min(lons) + max(lons)) / 2
    return (min(lats) + max(lats)) / 2, (lon - 360 if lon > 180 else lon)


def _ring_centroid(ring: Sequence[Sequence[float]]) -> tuple[float, float, float]:
    """Return (area, lat, lon) of a lon/lat ring by the planar shoelace formula."""
    area = cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(ring, list(ring[1:]) + [ring[0]], strict=True):
        cross = x1 * y2 - x2 * y1
        area += cross
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    if area == 0:
        return 0.0, 0.0, 0.0
    area /= 2
    return abs(area) * math.cos(math.radians(cy / (6 * area))), cy / (6 * area), cx / (6 * area)


def _polygons(geometry: dict[str, Any]) -> Iterable[Sequence[Sequence[Sequence[float]]]]:
    if geometry.get("type") == "Polygon":
        return [geometry["coordinates"]]
    if geometry.get("type") == "MultiPolygon":
        return geometry["coordinates"]
    return []


def main_polygon_centroid(geojson: dict[str, Any] | None) -> tuple[float, float] | None:
    """Return the centroid of the largest polygon of a country outline (its main landmass)."""
    best: tuple[float, float, float] | None = None
    for feature in (geojson or {}).get("features") or []:
        for polygon in _polygons(feature.get("geometry") or {}):
            if polygon and polygon[0]:
                centroid = _ring_centroid([tuple(p[:2]) for p in polygon[0]])
                if best is None or centroid[0] > best[0]:
                    best = centroid
    return (best[1], best[2]) if best else None


def country_point(
    latlng: Sequence[float] | None, geojson: dict[str, Any] | None
) -> tuple[float, float] | None:
    """Return a country's representative point: the mean of the Factbook point and main centroid.

    The CIA Factbook point countryinfo carries is rounded to whole degrees and sits off-centre for
    some large countries (USA); the main-landmass centroid misses countries split over islands
    (New Zealand). Their mean lies within 161 km of the GeoNames country point for 92% of the country
    mentions in the LGL and TR-News gold (Factbook alone 70%, centroid alone 86%).
    """
    main = main_polygon_centroid(geojson)
    if latlng and len(latlng) == 2 and main:
        return (latlng[0] + main[0]) / 2, (latlng[1] + main[1]) / 2
    if latlng and len(latlng) == 2:
        return float(latlng[0]), float(latlng[1])
    return main
