"""Which depot sends what to which demand point: a minimum-cost flow per item.

Why a flow and not a rule of thumb: "nearest depot first" strands stock when two
townships compete for one depot; the transport problem minimising Σ quantity ×
travel minutes is exact and cheap. Items never share capacity (roads are not
capacitated here), so every item is its own problem.

Model (per item, see docs/reserves.md):

* sources: depots with (unexpired) stock; sinks: demand points with requests;
* a high-cost dummy source joined to every demand point and a zero-cost sink fed
  by every depot: what the dummy delivers is the shortfall. On a connected road
  graph they hold exactly the deficit / surplus; on a graph with islands the dummy
  holds the whole demand at a cost M above any real route, and the sink everything
  else — so the problem is always feasible and every unit that can move, moves;
* costs are integer (networkx ``network_simplex`` needs that): ``round(minutes ×
  COST_SCALE)``. The reported minutes and total cost are recomputed in float from
  the real travel times of the routes used, so rounding can only make the plan
  sub-optimal by at most ``qty × edges / COST_SCALE`` minutes — far below
  anything a dispatcher could see.

Two exact formulations, chosen by size (``method="auto"``): flow on the road graph
itself (uncapacitated, so every used path is a shortest path), or the bipartite
transport problem on the shortest-path matrix. Lots then leave each depot
first-expiring-first (FEFO).

Speed: on a connected road graph the graph formulation is solved for all items by one
:class:`~console.reserves.netsimplex.DualNetworkSimplex`, warm-started from the previous
item's optimal tree (same network, same costs); networkx's ``network_simplex`` remains
for shared road nodes, disconnected graphs and the bipartite formulation.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

import networkx as nx

from console.errors import Refused
from console.reserves.catalogue import Catalogue
from console.reserves.netsimplex import DualNetworkSimplex, PivotLimit
from console.reserves.roads import RoadGraph, build_road_graph

__all__ = [
    "COST_SCALE",
    "Allocation",
    "AllocationError",
    "AllocationLine",
    "DemandPoint",
    "Depot",
    "Lot",
    "Shortfall",
    "allocate",
]

#: Integer cost units per travel minute (1e-6 min ≈ 0.06 ms resolution).
COST_SCALE = 1_000_000

_DUMMY = ("~reserves", "dummy-source")
_SINK = ("~reserves", "sink")


class AllocationError(Refused, ValueError):
    """The allocation input is inconsistent (negative stock, duplicate ids …)."""


@dataclass(frozen=True, slots=True)
class Lot:
    lot: str
    qty: int
    expiry: date | None = None


@dataclass(frozen=True, slots=True)
class Depot:
    """A 储备库 with its available stock: item → quantity, or item → lots."""

    id: str
    lat: float
    lon: float
    stock: Mapping[str, int | Sequence[Lot]] = field(default_factory=dict)
    name: str = ""


@dataclass(frozen=True, slots=True)
class DemandPoint:
    """A place asking for materials (乡镇, 现场, 医院 …)."""

    id: str
    lat: float
    lon: float
    requested: Mapping[str, int] = field(default_factory=dict)
    name: str = ""


@dataclass(frozen=True, slots=True)
class AllocationLine:
    depot: str
    demand: str
    item: str
    qty: int
    lots: tuple[tuple[str, int], ...]  # FEFO order; empty when the stock had no lots
    minutes: float  # travel time of the route used (float, not rounded)
    path: tuple[Hashable, ...] = ()  # road-graph nodes, for drawing the route

    @property
    def cost(self) -> float:
        return self.qty * self.minutes


@dataclass(frozen=True, slots=True)
class Shortfall:
    item: str
    demand: str
    requested: int
    allocated: int
    message: str

    @property
    def missing(self) -> int:
        return self.requested - self.allocated


@dataclass(frozen=True, slots=True)
class Allocation:
    lines: tuple[AllocationLine, ...]
    shortfalls: tuple[Shortfall, ...]
    total_cost: float  # Σ qty × travel minutes (float, from the real travel times)
    excluded_expired: tuple[tuple[str, str, str, int], ...] = ()  # (depot, item, lot, qty)

    def shipped(self, item: str | None = None) -> int:
        return sum(ln.qty for ln in self.lines if item is None or ln.item == item)

    def missing(self, item: str | None = None) -> int:
        return sum(s.missing for s in self.shortfalls if item is None or s.item == item)

    def messages(self) -> list[str]:
        return [s.message for s in self.shortfalls]


Method = Literal["auto", "graph", "bipartite"]


def allocate(
    depots: Sequence[Depot],
    demands: Sequence[DemandPoint],
    roads: RoadGraph | nx.Graph | None = None,
    *,
    catalogue: Catalogue | None = None,
    as_of: date | None = None,
    method: Method = "auto",
) -> Allocation:
    """Propose shipments minimising Σ quantity × travel minutes, and state every shortfall.

    ``roads`` defaults to the synthetic graph over all depots and demand points.
    With a ``catalogue``, item references (short id or 7-digit code) are resolved and
    lines use the short id; without one, item keys are taken as given.
    Lots expired on ``as_of`` (expiry < as_of) are never shipped.
    """
    _check_ids(depots, demands)
    if roads is None:
        roads = build_road_graph(_places(depots, demands))
    elif isinstance(roads, nx.Graph):
        roads = RoadGraph(roads)
    supply, lots, expired = _supply(depots, catalogue, as_of)
    request = _requests(demands, catalogue)
    items = sorted(set(request))
    if method == "auto":
        method = _choose(roads, depots, demands)
    solver = _GraphSolver(roads, depots, demands) if method == "graph" else _BipartiteSolver(
        roads, depots, demands
    )
    names = {d.id: d.name or d.id for d in demands}
    lines: list[AllocationLine] = []
    shortfalls: list[Shortfall] = []
    for item in items:
        req = {j: q for j, q in request[item].items() if q > 0}
        if not req:
            continue
        sup = {i: q for i, q in supply.get(item, {}).items() if q > 0}
        shipments = solver.solve(sup, req) if sup else []
        got: dict[str, int] = defaultdict(int)
        for _, j, q, _, _ in shipments:
            got[j] += q
        lines.extend(_fefo(item, shipments, lots.get(item, {})))
        for j in sorted(req):
            if got[j] < req[j]:
                shortfalls.append(
                    _shortfall(item, j, names[j], req[j], got[j], catalogue)
                )
    total = math.fsum(ln.cost for ln in lines)
    return Allocation(tuple(lines), tuple(shortfalls), total, tuple(expired))


# ---------------------------------------------------------------- input checks


def _places(depots: Sequence[Depot], demands: Sequence[DemandPoint]) -> list[Depot | DemandPoint]:
    return [*depots, *demands]


def _check_ids(depots: Sequence[Depot], demands: Sequence[DemandPoint]) -> None:
    seen: set[str] = set()
    for p in _places(depots, demands):
        if p.id in seen:
            raise AllocationError(f"编号 {p.id} 重复：储备库与需求点的编号必须各不相同，请修改后重试")
        seen.add(p.id)


def _item_key(ref: str, catalogue: Catalogue | None) -> str:
    return catalogue.get(ref).id if catalogue is not None else ref


def _qty(value: object, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise AllocationError(f"{what} 的数量 {value!r} 无效：数量必须是非负整数")
    return value


def _supply(
    depots: Sequence[Depot], catalogue: Catalogue | None, as_of: date | None
) -> tuple[
    dict[str, dict[str, int]],
    dict[str, dict[str, list[Lot]]],
    list[tuple[str, str, str, int]],
]:
    supply: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    lots: dict[str, dict[str, list[Lot]]] = defaultdict(lambda: defaultdict(list))
    expired: list[tuple[str, str, str, int]] = []
    for d in depots:
        for ref, stock in d.stock.items():
            item = _item_key(ref, catalogue)
            if isinstance(stock, int):
                supply[item][d.id] += _qty(stock, f"储备库 {d.id} 物资 {ref}")
                continue
            for lot in stock:
                q = _qty(lot.qty, f"储备库 {d.id} 物资 {ref} 批号 {lot.lot}")
                if as_of is not None and lot.expiry is not None and lot.expiry < as_of:
                    if q:
                        expired.append((d.id, item, lot.lot, q))
                    continue
                supply[item][d.id] += q
                lots[item][d.id].append(lot)
    return supply, lots, expired


def _requests(
    demands: Sequence[DemandPoint], catalogue: Catalogue | None
) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for p in demands:
        for ref, q in p.requested.items():
            out[_item_key(ref, catalogue)][p.id] += _qty(q, f"需求点 {p.id} 物资 {ref}")
    return out


def _shortfall(
    item: str, demand: str, name: str, req: int, got: int, catalogue: Catalogue | None
) -> Shortfall:
    it = catalogue.resolve(item) if catalogue is not None else None
    label = it.label if it else item
    unit = it.unit if it else "单位"
    msg = f"{name}：{label}缺口 {req - got} {unit}（需求 {req}，可调拨 {got}），请从上级或协议储备补充"
    return Shortfall(item, demand, req, got, msg)


def _choose(roads: RoadGraph, depots: Sequence[Depot], demands: Sequence[DemandPoint]) -> Method:
    """Flow on the road graph when it is smaller than the depot × demand matrix."""
    return "graph" if 2 * roads.graph.number_of_edges() <= len(depots) * len(demands) else "bipartite"


# ---------------------------------------------------------------- solvers

# A shipment: (depot, demand, qty, route minutes, route nodes)
Shipment = tuple[str, str, int, float, tuple[Hashable, ...]]


def _big_m(total_cost: int) -> int:
    """Dummy-arc cost: above any real augmenting path, so real stock is always used first."""
    return total_cost + 1


class _GraphSolver:
    """Uncapacitated min-cost flow on the road graph (exact: used paths are shortest paths)."""

    def __init__(
        self, roads: RoadGraph, depots: Sequence[Depot], demands: Sequence[DemandPoint],
        fast: bool = True,
    ):
        self.roads = roads
        self.fast = fast
        g = nx.DiGraph()
        total = 0
        for u, v, w in roads.graph.edges(data=roads.weight):
            c = round(w * COST_SCALE)
            total += c
            g.add_edge(u, v, weight=c)
            g.add_edge(v, u, weight=c)
        anchors = {p.id: roads.node_of(p.id) for p in _places(depots, demands)}
        # Places sharing a road node get their own terminal so flows stay attributable.
        self.shared = shared = len(set(anchors.values())) < len(anchors)
        self.term: dict[str, Hashable] = {}
        for d in depots:
            t = ("~depot", d.id) if shared else anchors[d.id]
            if shared:
                g.add_edge(t, anchors[d.id], weight=0)
            self.term[d.id] = t
        for m in demands:
            t = ("~demand", m.id) if shared else anchors[m.id]
            if shared:
                g.add_edge(anchors[m.id], t, weight=0)
            self.term[m.id] = t
        self.place_of = {t: pid for pid, t in self.term.items()}
        self.g = g
        self.big_m = _big_m(total)
        self.connected = roads.is_connected()
        # One warm-started dual simplex for all items (same network, same costs).
        self.dual: DualNetworkSimplex | None = None
        if fast and self.connected and not shared:
            self.dual = DualNetworkSimplex(
                list(roads.graph.nodes),
                [(u, v, round(w * COST_SCALE)) for u, v, w in roads.graph.edges(data=roads.weight)],
            )

    def solve(self, supply: Mapping[str, int], request: Mapping[str, int]) -> list[Shipment]:
        if self.dual is not None:
            # Warm-started, the dual simplex needs few pivots even where the nearest-depot
            # shortcut would apply, and skipping the shortcut's Dijkstra is faster overall.
            try:
                return self._dual_simplex(supply, request)
            except PivotLimit:  # pragma: no cover - a safety net; networkx gives the same optimum
                self.dual = None
        if self.fast and not self.shared:
            easy = self._nearest_depot(supply, request)
            if easy is not None:
                return easy
        return self._simplex(supply, request)

    def _dual_simplex(self, supply: Mapping[str, int], request: Mapping[str, int]) -> list[Shipment]:
        assert self.dual is not None
        balance: dict[Hashable, int] = defaultdict(int)
        for i, q in supply.items():
            balance[self.term[i]] += q
        for j, q in request.items():
            balance[self.term[j]] -= q
        flow: dict[Hashable, dict[Hashable, int]] = defaultdict(dict)
        dummy = sink = 0
        for a, f in self.dual.solve(balance).items():
            u, v = self.dual.arc_ends(a)
            if u is None:
                flow[_DUMMY][v] = f
                dummy += f
            elif v is None:
                flow[u][_SINK] = f
                sink += f
            else:
                flow[u][v] = f
        absorb: dict[Hashable, int] = {self.term[j]: q for j, q in request.items()}
        absorb[_SINK] = sink
        sources = [(self.term[i], q) for i, q in supply.items()] + [(_DUMMY, dummy)]
        return [(self.place_of[src], self.place_of[dst], q, self.roads.path_minutes(path), tuple(path))
                for src, dst, q, path in _decompose(flow, sources, absorb)]

    def _nearest_depot(
        self, supply: Mapping[str, int], request: Mapping[str, int]
    ) -> list[Shipment] | None:
        """Exact shortcuts that skip the simplex; None when they do not apply.

        1. Every demand point served from its nearest stocked depot, if no depot is
           overdrawn: each unit then travels its shortest possible route (a lower bound).
        2. One stocked depot: serve demand points nearest-first until stock runs out.
        """
        roads = self.roads
        depot_at = {self.term[i]: i for i in supply}
        dist, paths = nx.multi_source_dijkstra(roads.graph, set(depot_at), weight=roads.weight)
        ships: list[Shipment] = []
        load: dict[str, int] = defaultdict(int)
        for j, q in request.items():
            node = self.term[j]
            if node in dist:
                i = depot_at[paths[node][0]]
                load[i] += q
                ships.append((i, j, q, dist[node], tuple(paths[node])))
        if all(load[i] <= supply[i] for i in load):
            return ships
        if len(supply) != 1:
            return None
        (i, left), out = next(iter(supply.items())), []
        for _, j, q, minutes, path in sorted(ships, key=lambda s: (s[3], s[1])):
            if left == 0:
                break
            out.append((i, j, min(q, left), minutes, path))
            left -= min(q, left)
        return out

    def _simplex(self, supply: Mapping[str, int], request: Mapping[str, int]) -> list[Shipment]:
        g = self.g
        dsum, ssum = sum(request.values()), sum(supply.values())
        for i, q in supply.items():
            g.nodes[self.term[i]]["demand"] = -q
        for j, q in request.items():
            g.nodes[self.term[j]]["demand"] = q
        if self.connected:
            # Every depot reaches every demand point, so min(stock, demand) units will
            # move: the dummy only needs the deficit and the sink only the surplus.
            dummy, sink = max(0, dsum - ssum), max(0, ssum - dsum)
        else:
            dummy, sink = dsum, ssum
            g.add_edge(_DUMMY, _SINK, weight=0)
        if dummy:
            g.add_node(_DUMMY, demand=-dummy)
            for j in request:
                g.add_edge(_DUMMY, self.term[j], weight=self.big_m)
        if sink:
            g.add_node(_SINK, demand=sink)
            for i in supply:
                g.add_edge(self.term[i], _SINK, weight=0)
        try:
            _, flow = nx.network_simplex(g)
        finally:
            for n in (_DUMMY, _SINK):
                if n in g:
                    g.remove_node(n)
            for p in [*supply, *request]:
                g.nodes[self.term[p]].pop("demand", None)
        absorb = {self.term[j]: q for j, q in request.items()}
        absorb[_SINK] = sink
        sources = [(self.term[i], q) for i, q in supply.items()] + [(_DUMMY, dummy)]
        out: list[Shipment] = []
        for src, dst, q, path in _decompose(flow, sources, absorb):
            road = path[1:-1] if self.shared else path  # drop the zero-cost terminal arcs
            out.append(
                (self.place_of[src], self.place_of[dst], q, self.roads.path_minutes(road), tuple(road))
            )
        return out


def _decompose(
    flow: dict[Hashable, dict[Hashable, int]],
    sources: list[tuple[Hashable, int]],
    absorb: dict[Hashable, int],
) -> Iterable[tuple[Hashable, Hashable, int, list[Hashable]]]:
    """Split an arc flow into source→sink paths; only depot→demand paths are yielded.

    ``sources`` and ``absorb`` must include the dummy source and the sink, so flow
    conservation holds and every walk ends (the support of a simplex basis is a forest).
    """
    out: dict[Hashable, list[list]] = defaultdict(list)
    for u, row in flow.items():
        for v, f in row.items():
            if f > 0:
                out[u].append([v, f])
    limit = len(flow) + 2
    for src, supply in sources:
        remaining = supply
        while remaining > 0:
            u, path, arcs, q = src, [src], [], remaining
            while u == src or absorb.get(u, 0) == 0:
                arc = next((a for a in out[u] if a[1] > 0), None)
                if arc is None or len(path) > limit:  # pragma: no cover - would be a solver bug
                    raise AllocationError("内部错误：调拨方案分解失败，请将输入数据反馈给开发人员")
                arcs.append(arc)
                q = min(q, arc[1])
                u = arc[0]
                path.append(u)
            q = min(q, absorb[u])
            for arc in arcs:
                arc[1] -= q
            absorb[u] -= q
            remaining -= q
            if src != _DUMMY and u != _SINK:
                yield src, u, q, path


class _BipartiteSolver:
    """Transport problem on the shortest-path matrix (for big real road networks)."""

    def __init__(self, roads: RoadGraph, depots: Sequence[Depot], demands: Sequence[DemandPoint]):
        targets = [p.id for p in demands]
        self.routes = {d.id: roads.routes_from(d.id, targets) for d in depots}

    def solve(self, supply: Mapping[str, int], request: Mapping[str, int]) -> list[Shipment]:
        g = nx.DiGraph()
        total = 0
        for i, q in supply.items():
            g.add_node(("~depot", i), demand=-q)
        for j, q in request.items():
            g.add_node(("~demand", j), demand=q)
        for i in supply:
            routes = self.routes[i]
            for j in request:
                r = routes.get(j)
                if r is not None:
                    c = round(r.minutes * COST_SCALE)
                    total += c
                    g.add_edge(("~depot", i), ("~demand", j), weight=c)
        big_m = _big_m(total)
        g.add_node(_DUMMY, demand=-sum(request.values()))
        g.add_node(_SINK, demand=sum(supply.values()))
        g.add_edge(_DUMMY, _SINK, weight=0)
        for j in request:
            g.add_edge(_DUMMY, ("~demand", j), weight=big_m)
        for i in supply:
            g.add_edge(("~depot", i), _SINK, weight=0)
        _, flow = nx.network_simplex(g)
        out: list[Shipment] = []
        for i in supply:
            for v, q in flow[("~depot", i)].items():
                if q > 0 and v != _SINK:
                    r = self.routes[i][v[1]]
                    out.append((i, v[1], q, r.minutes, r.nodes))
        return out


# ---------------------------------------------------------------- lots


def _fefo(
    item: str, shipments: list[Shipment], lots: Mapping[str, list[Lot]]
) -> list[AllocationLine]:
    """Merge paths per (depot, demand) and hand out lots first-expiring-first.

    Within a depot, the nearest demand point gets the earliest-expiring lot: it
    arrives soonest, so the short-dated stock is used before it lapses.
    """
    merged: dict[tuple[str, str], list] = {}
    for i, j, q, minutes, path in shipments:
        if (i, j) in merged:
            merged[(i, j)][0] += q
        else:
            merged[(i, j)] = [q, minutes, path]
    by_depot: dict[str, list[tuple[str, int, float, tuple[Hashable, ...]]]] = defaultdict(list)
    for (i, j), (q, minutes, path) in merged.items():
        by_depot[i].append((j, q, minutes, path))
    lines: list[AllocationLine] = []
    for i in sorted(by_depot):
        ships = sorted(by_depot[i], key=lambda s: (s[2], s[0]))
        ordered = sorted(lots.get(i, []), key=lambda x: (x.expiry or date.max, x.lot))
        names = [lot.lot for lot in ordered if lot.qty > 0]
        left = [lot.qty for lot in ordered if lot.qty > 0]
        k = 0
        for j, q, minutes, path in ships:
            taken: list[tuple[str, int]] = []
            need = q
            while need > 0 and k < len(left):
                take = min(need, left[k])
                taken.append((names[k], take))
                left[k] -= take
                need -= take
                if left[k] == 0:
                    k += 1
            lines.append(AllocationLine(i, j, item, q, tuple(taken), minutes, path))
    return lines
