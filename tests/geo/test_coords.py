"""The one datum (GCJ-02) and distances."""

from __future__ import annotations

import pytest

from console.geo.coords import gcj02_to_wgs84, haversine_km, out_of_china, wgs84_to_gcj02


@pytest.mark.parametrize(
    "lat, lon",
    [(35.7619, 115.0292), (26.197, 119.539), (39.9087, 116.3975), (22.3, 114.17), (45.75, 126.6)],
)
def test_round_trip_under_one_metre(lat, lon):
    glat, glon = wgs84_to_gcj02(lat, lon)
    # the offset is real (hundreds of metres) ...
    assert haversine_km(lat, lon, glat, glon) > 0.05
    back = gcj02_to_wgs84(glat, glon)
    # ... and the inverse undoes it to well below a metre
    assert haversine_km(lat, lon, *back) * 1000 < 1.0


def test_no_offset_outside_china():
    assert out_of_china(48.85, 2.35)
    assert wgs84_to_gcj02(48.85, 2.35) == (48.85, 2.35)
    assert gcj02_to_wgs84(48.85, 2.35) == (48.85, 2.35)


def test_known_offset_beijing():
    # widely published reference: WGS-84 天安门 → GCJ-02 shifts ~ +0.0013 lat, +0.0062 lon
    glat, glon = wgs84_to_gcj02(39.9087, 116.3975)
    assert glat - 39.9087 == pytest.approx(0.0013, abs=0.0005)
    assert glon - 116.3975 == pytest.approx(0.0062, abs=0.0005)


def test_haversine():
    assert haversine_km(0, 0, 0, 0) == 0
    # 1 degree of latitude ≈ 111.2 km
    assert haversine_km(35, 115, 36, 115) == pytest.approx(111.19, abs=0.1)
    # 濮阳 → 郑州 ≈ 185 km
    assert haversine_km(35.76, 115.03, 34.75, 113.62) == pytest.approx(170, abs=25)
