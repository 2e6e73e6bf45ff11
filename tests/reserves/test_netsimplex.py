"""The warm-started dual network simplex against networkx's network_simplex."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from console.reserves.netsimplex import DualNetworkSimplex


def _graph(n: int, seed: int) -> nx.Graph:
    rng = random.Random(seed)
    g = nx.connected_watts_strogatz_graph(n, 4, 0.3, seed=seed)
    for u, v in g.edges:
        g[u][v]["w"] = rng.randint(1, 50)
    return g


def _reference(g: nx.Graph, balance: dict[int, int], big_m: int) -> int:
    """networkx on the same network: both directions of every road, plus Z arcs."""
    d = nx.DiGraph()
    for u, v, w in g.edges(data="w"):
        d.add_edge(u, v, weight=w)
        d.add_edge(v, u, weight=w)
    for v in g.nodes:
        d.add_edge(v, "Z", weight=0)
        d.add_edge("Z", v, weight=big_m)
        d.nodes[v]["demand"] = -balance.get(v, 0)
    d.nodes["Z"]["demand"] = sum(balance.values())
    cost, _ = nx.network_simplex(d)
    return cost


@pytest.mark.parametrize("seed", range(6))
def test_same_optimum_as_networkx_item_after_item(seed: int) -> None:
    g = _graph(40, seed)
    ds = DualNetworkSimplex(list(g.nodes), [(u, v, w) for u, v, w in g.edges(data="w")])
    rng = random.Random(seed)
    for _ in range(8):  # warm start: each solve begins from the previous optimal tree
        balance = {v: rng.randint(-9, 9) for v in g.nodes if rng.random() < 0.6}
        flows = ds.solve(balance)
        cost = sum(ds.cost[a] * f for a, f in flows.items())
        assert cost == _reference(g, balance, ds.big_m)
        # conservation at every road node
        net = dict.fromkeys(g.nodes, 0)
        for a, f in flows.items():
            u, v = ds.arc_ends(a)
            if u is not None:
                net[u] += f
            if v is not None:
                net[v] -= f
        assert net == {v: balance.get(v, 0) for v in g.nodes}
        # dual feasibility kept: every reduced cost ≥ 0, tree arcs at 0
        rc = ds.cost_np + ds.pi[ds.tail_np] - ds.pi[ds.head_np]
        assert rc.min() >= 0
        assert all(rc[ds.parc[v]] == 0 for v in range(ds.n))
    assert ds.pivots > 0
