from __future__ import annotations

from collections import defaultdict
from datetime import date

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from console.reserves.allocation import (
    AllocationError,
    DemandPoint,
    Depot,
    Lot,
    allocate,
)
from console.reserves.catalogue import CatalogueError, load_catalogue
from console.reserves.roads import RoadGraph, build_road_graph

from .helpers import random_instance


def line_graph(*stops: tuple[str, float]) -> RoadGraph:
    """A road along a line: ("D1", 0), ("T1", 10), … are positions in minutes."""
    g = nx.Graph()
    for (a, pa), (b, pb) in zip(stops, stops[1:], strict=False):
        g.add_edge(a, b, minutes=float(pb - pa))
    return RoadGraph(g)


def dep(i: str, stock) -> Depot:
    return Depot(i, 35.7, 115.0, stock)


def dem(j: str, req) -> DemandPoint:
    return DemandPoint(j, 35.7, 115.0, req)


def shipped(result, key=("depot", "demand")):
    out = defaultdict(int)
    for ln in result.lines:
        out[tuple(getattr(ln, k) for k in key)] += ln.qty
    return dict(out)


def test_one_depot_short_is_topped_up_from_the_other():
    # D1 —10— T1 —15— T2 —10— D2
    roads = line_graph(("D1", 0), ("T1", 10), ("T2", 25), ("D2", 35))
    r = allocate([dep("D1", {"x": 5}), dep("D2", {"x": 10})],
                 [dem("T1", {"x": 8}), dem("T2", {"x": 4})], roads)
    assert shipped(r) == {("D1", "T1"): 5, ("D2", "T1"): 3, ("D2", "T2"): 4}
    assert r.total_cost == pytest.approx(5 * 10 + 3 * 25 + 4 * 10)
    assert r.shortfalls == ()
    line = next(ln for ln in r.lines if (ln.depot, ln.demand) == ("D2", "T1"))
    assert line.minutes == pytest.approx(25) and line.path == ("D2", "T2", "T1")


def test_shortfall_lands_on_the_costlier_demand_and_is_stated():
    roads = line_graph(("T1", 0), ("D1", 10), ("T2", 35))
    r = allocate([dep("D1", {"x": 5})], [dem("T1", {"x": 4}), dem("T2", {"x": 4})], roads)
    assert shipped(r) == {("D1", "T1"): 4, ("D1", "T2"): 1}
    (s,) = r.shortfalls
    assert (s.item, s.demand, s.requested, s.allocated, s.missing) == ("x", "T2", 4, 1, 3)
    assert "缺口 3 单位" in s.message and "T2" in s.message


def test_no_stock_at_all_is_a_full_shortfall():
    roads = line_graph(("D1", 0), ("T1", 10), ("T2", 20))
    r = allocate([dep("D1", {})], [dem("T1", {"x": 4}), dem("T2", {"x": 6, "y": 1})], roads)
    assert r.lines == () and r.total_cost == 0
    assert {(s.item, s.demand, s.missing) for s in r.shortfalls} == {
        ("x", "T1", 4), ("x", "T2", 6), ("y", "T2", 1)}


def test_ties_are_optimal_and_deterministic():
    g = nx.Graph()
    g.add_edge("D1", "T1", minutes=10.0)
    g.add_edge("D2", "T1", minutes=10.0)
    depots = [dep("D1", {"x": 5}), dep("D2", {"x": 5})]
    first = allocate(depots, [dem("T1", {"x": 5})], RoadGraph(g))
    assert first.total_cost == pytest.approx(50) and first.shipped() == 5
    for _ in range(3):
        assert allocate(depots, [dem("T1", {"x": 5})], RoadGraph(g)) == first


def test_fefo_lots_nearest_demand_gets_earliest_expiry():
    roads = line_graph(("D1", 0), ("T1", 10), ("T2", 20))
    lots = [Lot("A", 3, date(2026, 12, 1)), Lot("C", 10, None), Lot("B", 4, date(2026, 7, 1)),
            Lot("OLD", 50, date(2026, 1, 1))]
    r = allocate([dep("D1", {"x": lots})], [dem("T1", {"x": 5}), dem("T2", {"x": 4})], roads,
                 as_of=date(2026, 3, 1))
    by = {ln.demand: ln.lots for ln in r.lines}
    assert by == {"T1": (("B", 4), ("A", 1)), "T2": (("A", 2), ("C", 2))}
    assert r.excluded_expired == (("D1", "x", "OLD", 50),)


def test_expired_lots_never_shipped_so_shortfall():
    roads = line_graph(("D1", 0), ("T1", 10))
    r = allocate([dep("D1", {"x": [Lot("OLD", 9, date(2025, 1, 1))]})], [dem("T1", {"x": 2})],
                 roads, as_of=date(2026, 1, 1))
    assert r.lines == () and r.missing("x") == 2


def test_catalogue_refs_merge_code_and_short_id():
    cat = load_catalogue()
    roads = line_graph(("D1", 0), ("T1", 10))
    r = allocate([dep("D1", {"2620101": 3})], [dem("T1", {"CY-001": 5})], roads, catalogue=cat)
    assert r.lines[0].item == "CY-001" and r.lines[0].qty == 3
    assert r.shortfalls[0].message.startswith("T1：无菌采样袋（CY-001）缺口 2 包")
    with pytest.raises(CatalogueError):
        allocate([dep("D1", {"0000000": 3})], [dem("T1", {"CY-001": 5})], roads, catalogue=cat)


def test_bad_input_rejected():
    roads = line_graph(("D1", 0), ("T1", 10))
    with pytest.raises(AllocationError, match="非负整数"):
        allocate([dep("D1", {"x": -1})], [dem("T1", {"x": 1})], roads)
    with pytest.raises(AllocationError, match="重复"):
        allocate([dep("D1", {"x": 1})], [dem("D1", {"x": 1})], roads)


def test_disconnected_road_graph_ships_what_can_reach():
    g = nx.Graph()
    g.add_edge("D1", "T1", minutes=10.0)
    g.add_edge("D2", "T2", minutes=10.0)
    r = allocate([dep("D1", {"x": 10}), dep("D2", {"x": 0})],
                 [dem("T1", {"x": 3}), dem("T2", {"x": 3})], RoadGraph(g), method="graph")
    assert shipped(r) == {("D1", "T1"): 3}
    assert [(s.demand, s.missing) for s in r.shortfalls] == [("T2", 3)]
    r2 = allocate([dep("D1", {"x": 10}), dep("D2", {"x": 0})],
                  [dem("T1", {"x": 3}), dem("T2", {"x": 3})], RoadGraph(g), method="bipartite")
    assert shipped(r2) == shipped(r)


def test_places_sharing_a_road_node():
    g = nx.Graph()
    g.add_edge("n1", "n2", minutes=7.0)
    roads = RoadGraph(g, anchors={"D1": "n1", "T1": "n1", "T2": "n2"})
    r = allocate([dep("D1", {"x": 5})], [dem("T1", {"x": 2}), dem("T2", {"x": 2})], roads,
                 method="graph")
    assert {(ln.demand, ln.qty, ln.minutes) for ln in r.lines} == {("T1", 2, 0.0), ("T2", 2, 7.0)}


def test_default_road_graph_used_when_none_given():
    depots, demands = random_instance(4, 6, 2, seed=11)
    r = allocate(depots, demands)
    assert r.total_cost == pytest.approx(allocate(depots, demands, build_road_graph([*depots, *demands])).total_cost)


# ---------------------------------------------------------------- properties

qty = st.integers(min_value=0, max_value=20)


@st.composite
def instances(draw):
    nd = draw(st.integers(1, 5))
    nm = draw(st.integers(1, 6))
    items = ["a", "b"]
    coords = st.tuples(st.floats(35.5, 36.0), st.floats(114.8, 115.5))
    depots = []
    for i in range(nd):
        lat, lon = draw(coords)
        stock = {}
        for it in items:
            if draw(st.booleans()):
                stock[it] = [Lot(f"L{k}", draw(qty), date(2026, 1 + k, 1)) for k in range(draw(st.integers(1, 3)))]
            else:
                stock[it] = draw(qty)
        depots.append(Depot(f"D{i}", lat, lon, stock))
    demands = []
    for j in range(nm):
        lat, lon = draw(coords)
        demands.append(DemandPoint(f"T{j}", lat, lon, {it: draw(qty) for it in items}))
    return depots, demands


def _stock_of(d: Depot, it: str) -> int:
    s = d.stock.get(it, 0)
    return s if isinstance(s, int) else sum(lot.qty for lot in s)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_never_ships_more_than_stock_or_request(inst):
    depots, demands = inst
    roads = build_road_graph([*depots, *demands])
    r = allocate(depots, demands, roads)
    sent = shipped(r, ("depot", "item"))
    got = shipped(r, ("demand", "item"))
    for d in depots:
        for it in ("a", "b"):
            assert sent.get((d.id, it), 0) <= _stock_of(d, it)
    for m in demands:
        for it, q in m.requested.items():
            missing = sum(s.missing for s in r.shortfalls if (s.demand, s.item) == (m.id, it))
            assert got.get((m.id, it), 0) + missing == q
    for it in ("a", "b"):
        supply = sum(_stock_of(d, it) for d in depots)
        demand = sum(m.requested.get(it, 0) for m in demands)
        assert r.shipped(it) == min(supply, demand)  # connected graph: all that can move, moves
    for ln in r.lines:
        assert ln.qty > 0
        if ln.lots:
            assert sum(q for _, q in ln.lots) == ln.qty
    # both exact formulations agree on the optimum
    other = allocate(depots, demands, roads, method="bipartite")
    assert other.total_cost == pytest.approx(r.total_cost, rel=1e-9, abs=1e-6)
