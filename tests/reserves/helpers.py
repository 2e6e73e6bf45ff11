"""Shared builders for the reserves tests: random instances and the LP reference."""

from __future__ import annotations

import random

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import coo_matrix

from console.reserves.allocation import DemandPoint, Depot
from console.reserves.roads import RoadGraph


def random_instance(
    nd: int, nm: int, ni: int, seed: int, p_stock: float = 1.0, p_req: float = 1.0,
    stock_scale: int = 1,
) -> tuple[list[Depot], list[DemandPoint]]:
    """Depots and townships scattered over a 濮阳-sized area (≈ 70 km × 90 km)."""
    rng = random.Random(seed)
    items = [f"I{k:02d}" for k in range(ni)]
    depots = [
        Depot(
            f"D{i}", 35.4 + rng.random() * 0.6, 114.7 + rng.random() * 1.0,
            {it: rng.randint(0, 60) * stock_scale for it in items if rng.random() < p_stock},
        )
        for i in range(nd)
    ]
    demands = [
        DemandPoint(
            f"T{j}", 35.4 + rng.random() * 0.6, 114.7 + rng.random() * 1.0,
            {it: rng.randint(0, 30) for it in items if rng.random() < p_req},
        )
        for j in range(nm)
    ]
    return depots, demands


def travel_matrix(roads: RoadGraph, depots: list[Depot], demands: list[DemandPoint]) -> np.ndarray:
    """Shortest-path minutes (float), the same matrix the allocation is judged against."""
    t = roads.travel_times([d.id for d in depots], [m.id for m in demands])
    return np.array([[t[d.id].get(m.id, np.inf) for m in demands] for d in depots])


def lp_optimum(cost: np.ndarray, supply: np.ndarray, demand: np.ndarray) -> float:
    """Independent reference: the transport LP solved by HiGHS.

    min Σ c_ij x_ij  s.t.  Σ_j x_ij ≤ s_i,  Σ_i x_ij ≤ d_j,  Σ x_ij = min(Σs, Σd),  x ≥ 0
    (the allocation ships everything it can, so the LP must too; graph is connected).
    """
    nd, nm = cost.shape
    if supply.sum() == 0 or demand.sum() == 0:
        return 0.0
    rows = np.concatenate([np.repeat(np.arange(nd), nm), nd + np.tile(np.arange(nm), nd)])
    cols = np.concatenate([np.arange(nd * nm), np.arange(nd * nm)])
    a_ub = coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(nd + nm, nd * nm)).tocsr()
    b_ub = np.concatenate([supply, demand]).astype(float)
    res = linprog(
        cost.ravel(), A_ub=a_ub, b_ub=b_ub,
        A_eq=np.ones((1, nd * nm)), b_eq=[float(min(supply.sum(), demand.sum()))],
        bounds=(0, None), method="highs",
    )
    assert res.status == 0, res.message
    return float(res.fun)
