"""The allocation's total cost equals an independent LP optimum (scipy HiGHS).

Both are judged on the same float travel-time matrix: shortest paths in the same
road graph. Relative tolerance 1e-6 (integer cost rounding is ≤ 1e-6 min per edge).
"""

from __future__ import annotations

import numpy as np
import pytest

from console.reserves.allocation import allocate
from console.reserves.roads import build_road_graph

from .helpers import lp_optimum, random_instance, travel_matrix


def _check(nd: int, nm: int, ni: int, seed: int, method: str = "auto", **kw) -> None:
    depots, demands = random_instance(nd, nm, ni, seed, **kw)
    roads = build_road_graph([*depots, *demands])
    result = allocate(depots, demands, roads, method=method)
    cost = travel_matrix(roads, depots, demands)
    items = sorted({it for m in demands for it in m.requested})
    reference = 0.0
    for it in items:
        supply = np.array([d.stock.get(it, 0) for d in depots], dtype=float)
        demand = np.array([m.requested.get(it, 0) for m in demands], dtype=float)
        reference += lp_optimum(cost, supply, demand)
        assert result.shipped(it) == min(supply.sum(), demand.sum())
    assert result.total_cost == pytest.approx(reference, rel=1e-6)
    # the reported line minutes are the real shortest travel times
    col = {m.id: j for j, m in enumerate(demands)}
    row = {d.id: i for i, d in enumerate(depots)}
    for ln in result.lines:
        assert ln.minutes == pytest.approx(cost[row[ln.depot], col[ln.demand]], rel=1e-9, abs=1e-6)


@pytest.mark.parametrize(
    ("nd", "nm", "ni", "seed"),
    [(2, 3, 1, 1), (5, 12, 3, 2), (12, 30, 4, 3), (30, 60, 5, 4)],
)
@pytest.mark.parametrize("method", ["graph", "bipartite"])
def test_matches_lp_small(nd, nm, ni, seed, method):
    _check(nd, nm, ni, seed, method)


def test_matches_lp_sparse_stock_and_requests():
    _check(40, 80, 6, seed=5, p_stock=0.4, p_req=0.3)


@pytest.mark.parametrize("method", ["graph", "bipartite"])
def test_matches_lp_ample_stock(method):
    """Stock far above requests: the nearest-depot shortcut applies and must be optimal."""
    _check(20, 50, 4, seed=8, method=method, stock_scale=20)


@pytest.mark.parametrize("method", ["graph", "bipartite"])
def test_matches_lp_single_depot_short(method):
    """One stocked depot, not enough stock: nearest demand points first."""
    _check(1, 30, 3, seed=9, method=method)


def test_matches_lp_full_size():
    """100 depots × 200 demand points × 40 items, every item stocked and requested."""
    _check(100, 200, 40, seed=6)
