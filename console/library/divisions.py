"""The offline division data (行政区划, from the boundary data in ``console.geo``) as the plan
loader and the plan library ask for it: does a code exist, what is it called, what is its
parent (the city of a county, the province of a city)."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from console.plan.loader import Division

if TYPE_CHECKING:
    from console.geo.boundaries import Region

_LEVELS = {"省": "province", "市": "city", "区县": "county"}


def _region(code: str) -> Region | None:
    if not isinstance(code, str) or len(code) != 6 or not code.isdigit():
        return None
    # imported on first use: the boundary data (shapely, numpy) is not needed to start the console
    from console.geo.boundaries import UnknownRegionError, region

    try:
        return region(code)
    except (UnknownRegionError, KeyError):
        return None


@lru_cache(maxsize=4096)
def division(code: str) -> Division | None:
    """The division with this 6-digit code, or None when the offline data has no such code."""
    r = _region(code)
    if r is None:
        return None
    return Division(code=r.code, name=r.name, level=_LEVELS.get(r.level))


def division_name(code: str | None) -> str:
    """「郑州市」 for 410100; the code itself when unknown; empty for None."""
    if not code:
        return ""
    d = division(code)
    return d.name if d is not None else code


@lru_cache(maxsize=4096)
def parent(code: str) -> str | None:
    """The division one level up: a county's city (or its province when it has no city, as in
    北京市), a city's province; None for a province or an unknown code."""
    r = _region(code)
    if r is None or r.level == "省":
        return None
    if r.level == "区县":
        city = _region(code[:4] + "00")
        if city is not None and city.level == "市" and city.name == r.city:
            return city.code
    province = _region(code[:2] + "0000")
    if province is not None and province.level == "省" and province.code != code:
        return province.code
    return None


def ancestors(code: str) -> list[str]:
    """The code and every division above it, nearest first (410122 → 410122, 410100, 410000)."""
    out = [code]
    while (up := parent(out[-1])) is not None and up not in out:
        out.append(up)
    return out
