from __future__ import annotations

import itertools
import json
import random
from dataclasses import dataclass

import networkx as nx
import pytest

from console.geo.coords import haversine_km
from console.reserves.roads import RoadGraph, RoadGraphError, build_road_graph, load_geojson_roads


@dataclass(frozen=True)
class P:
    id: str
    lat: float
    lon: float


def places(n: int, seed: int = 1) -> list[P]:
    rng = random.Random(seed)
    return [P(f"P{i}", 35.4 + rng.random() * 0.8, 114.6 + rng.random() * 1.0) for i in range(n)]


def test_connected_and_weights():
    pts = places(60)
    g = build_road_graph(pts)
    assert g.is_connected()
    by_id = {p.id: p for p in pts}
    for u, v, m in g.graph.edges(data="minutes"):
        a, b = by_id[u], by_id[v]
        assert m == pytest.approx(haversine_km(a.lat, a.lon, b.lat, b.lon) * 1.3 / 40 * 60)
    # every place has at least its k=4 nearest neighbours
    assert min(d for _, d in g.graph.degree) >= 4


def test_far_clusters_joined_by_spanning_tree():
    near = [P(f"A{i}", 35.0 + i * 0.01, 115.0) for i in range(6)]
    far = [P(f"B{i}", 36.0 + i * 0.01, 116.0) for i in range(6)]
    g = build_road_graph(near + far)  # k-nearest alone would leave two islands
    assert g.is_connected()


def test_travel_times_symmetric_and_triangle():
    pts = places(30, seed=7)
    g = build_road_graph(pts)
    ids = [p.id for p in pts]
    t = g.travel_times(ids, ids)
    for a, b in itertools.product(ids, ids):
        assert t[a][b] == pytest.approx(t[b][a], abs=1e-9)
    for a, b, c in itertools.product(ids, ids, ids):
        assert t[a][c] <= t[a][b] + t[b][c] + 1e-9


def test_route_path_and_eta():
    pts = places(25, seed=3)
    g = build_road_graph(pts)
    r = g.route("P0", "P24")
    assert r.nodes[0] == "P0" and r.nodes[-1] == "P24"
    assert r.eta_minutes == pytest.approx(g.travel_times(["P0"], ["P24"])["P0"]["P24"])
    assert r.minutes == pytest.approx(g.path_minutes(r.nodes))
    assert len(r.coords) == len(r.nodes)
    many = g.routes_from("P0", ["P5", "P24"])
    assert many["P24"].minutes == pytest.approx(r.minutes)


def test_duplicate_ids_and_bad_coordinates():
    with pytest.raises(RoadGraphError, match="重复"):
        build_road_graph([P("X", 35, 115), P("X", 35.1, 115)])
    with pytest.raises(RoadGraphError, match="坐标"):
        build_road_graph([P("X", 135, 115)])


def test_accepts_networkx_graph_and_reports_no_path():
    g = nx.Graph()
    g.add_edge("a", "b", minutes=5.0)
    g.add_node("c")
    rg = RoadGraph(g)
    assert rg.route("a", "b").minutes == 5.0
    with pytest.raises(RoadGraphError, match="没有可通行"):
        rg.route("a", "c")
    with pytest.raises(RoadGraphError, match="不在道路图上"):
        rg.node_of("zzz")
    bad = nx.Graph()
    bad.add_edge("a", "b", minutes=-1)
    with pytest.raises(RoadGraphError, match="无效"):
        RoadGraph(bad)


def test_geojson_roads(tmp_path):
    fc = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {"speed_kmh": 60},
             "geometry": {"type": "LineString", "coordinates": [[115.0, 35.0], [115.1, 35.0]]}},
            {"type": "Feature", "properties": {},
             "geometry": {"type": "LineString", "coordinates": [[115.1, 35.0], [115.1, 35.1]]}},
        ],
    }
    path = tmp_path / "roads.geojson"
    path.write_text(json.dumps(fc), encoding="utf-8")
    rg = load_geojson_roads(path, [P("depot", 35.001, 115.0), P("town", 35.099, 115.1)])
    assert rg.is_connected()
    r = rg.route("depot", "town")
    east = haversine_km(35.0, 115.0, 35.0, 115.1) / 60 * 60
    north = haversine_km(35.0, 115.1, 35.1, 115.1) / 40 * 60
    assert r.minutes == pytest.approx(east + north)
