"""The demo data: the seed's numbers, real boundaries, incidents across the levels."""

from __future__ import annotations

import importlib.util
from collections import Counter

import numpy as np
import pytest
import shapely

from console import demo
from console.geo import boundaries
from tests.ui.conftest import NOW

# 濮阳市食品药品安全“十三五”规划（濮政〔2017〕26号）: 监管对象共30987家
SEED_COUNTS = {"food_production": 253, "food_operation": 12298, "catering": 6742, "drug_production": 39,
               "drug_operation": 651, "drug_use": 3558, "device": 11 + 896, "cosmetics": 1 + 6538}


def _inside(code: str, lats, lons) -> np.ndarray:
    return shapely.intersects_xy(boundaries.geometry(code), np.asarray(lons), np.asarray(lats))


def test_puyang_entities_match_the_seed_and_lie_inside_their_county():
    rows = demo.entities("puyang")
    assert len(rows) == 30987
    assert Counter(r["category"] for r in rows) == SEED_COUNTS
    assert len({r["id"] for r in rows}) == 30987
    by_county: dict[str, list] = {}
    for r in rows:
        by_county.setdefault(r["county"], []).append(r)
    assert set(by_county) == {c.code for c in boundaries.children("410900")}
    for code, rs in by_county.items():
        inside = _inside(code, [r["lat"] for r in rs], [r["lon"] for r in rs])
        assert inside.all(), f"{code}: {(~inside).sum()} entities outside"
    assert _inside("410900", [r["lat"] for r in rows], [r["lon"] for r in rows]).all()


def test_puyang_has_87_townships_inside_their_counties():
    towns = demo.townships("puyang")
    assert len(towns) == 87
    assert len({(t["county"], t["name"]) for t in towns}) == 87
    for t in towns:
        assert boundaries.contains(t["county"], t["lat"], t["lon"]), t


def test_lianjiang_data_inside_the_county():
    rows = demo.entities("lianjiang")
    assert len(rows) == 5300 and set(Counter(r["category"] for r in rows)) == set(SEED_COUNTS)
    assert _inside("350122", [r["lat"] for r in rows], [r["lon"] for r in rows]).all()
    towns = demo.townships("lianjiang")
    assert len(towns) == 22 and all(boundaries.contains("350122", t["lat"], t["lon"]) for t in towns)


def test_generator_is_deterministic_and_matches_the_committed_files():
    spec = importlib.util.spec_from_file_location("gen", demo.RESOURCES / "generate_entities.py")
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    towns = gen._townships(gen.LIANJIANG_TOWNSHIPS, seed=350122)
    assert [(t["name"], t["lat"], t["lon"]) for t in towns] == \
        [(t["name"], t["lat"], t["lon"]) for t in demo.townships("lianjiang")]
    rows = gen._entities("LJ", gen.scaled(gen.PUYANG_COUNTS, 5300), towns, seed=5300)
    assert [(r["id"], r["name"], float(r["lat"])) for r in rows[:200]] == \
        [(r["id"], r["name"], r["lat"]) for r in demo.entities("lianjiang")[:200]]


@pytest.mark.parametrize("place,code,n,levels", [
    ("puyang", "410900", 22, {"I", "II", "III", "IV"}),
    ("lianjiang", "350122", 5, {"III", "IV"}),
])
def test_demo_incidents_run_through_the_service_inside_the_jurisdiction(tmp_path, place, code, n, levels):
    from console.incidents import IncidentService

    db = demo.open_demo(NOW, f"sqlite:///{tmp_path / 'd.sqlite3'}", place)
    try:
        svc = IncidentService(db)
        rows = svc.list()
        assert len(rows) == n
        assert {s.level for s in rows if s.level} == levels
        assert {s.status for s in rows} == {"open", "closed"}
        assert all(s.lat is not None and boundaries.contains(code, s.lat, s.lon) for s in rows)
        for s in rows:  # the log replays to the stored state
            rebuilt, stored = svc.replay(s.id)
            assert rebuilt == stored
        plan_ids = {s.plan_id for s in rows}
        assert plan_ids == {"food-municipal" if place == "puyang" else "food-county"}
    finally:
        db.close()


def test_extra_seeders_run_after_the_incidents(tmp_path, monkeypatch):
    from console.incidents import IncidentService

    calls = []

    def seeder(db, place, now):
        calls.append((place, now, len(IncidentService(db).list())))

    monkeypatch.setattr(demo, "EXTRA_SEEDERS", [seeder])
    db = demo.open_demo(NOW, f"sqlite:///{tmp_path / 'd.sqlite3'}", "lianjiang")
    db.close()
    assert calls == [("lianjiang", NOW, 5)]
