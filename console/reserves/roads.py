"""Travel times between depots and demand points, and the route to draw on the map.

Most counties have no routable road data on an isolated network, so the default
graph is synthetic: every place is joined to its k nearest neighbours plus a minimum
spanning tree (so nothing is cut off), each edge costing great-circle distance ×
a road-winding factor ÷ an average speed. A real road network can replace it: pass
any networkx graph with a ``minutes`` edge attribute, or load GeoJSON LineStrings.
Coordinates must all be in one datum (the console uses GCJ-02, see console.geo).
"""

from __future__ import annotations

import json
import math
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import networkx as nx

from console.errors import Refused
from console.geo.coords import haversine_km

__all__ = [
    "DEFAULT_K",
    "DEFAULT_SPEED_KMH",
    "DEFAULT_WINDING",
    "Located",
    "RoadGraph",
    "RoadGraphError",
    "Route",
    "build_road_graph",
    "load_geojson_roads",
]

DEFAULT_K = 4
DEFAULT_WINDING = 1.3  # road distance ÷ straight-line distance, typical for rural China
DEFAULT_SPEED_KMH = 40.0  # average emergency-vehicle speed on county and township roads


class RoadGraphError(Refused, ValueError):
    """The road graph cannot answer: unknown place, or no road between two places."""


class Located(Protocol):
    """Anything with an id and a position (depots, demand points, import records)."""

    @property
    def id(self) -> str: ...
    @property
    def lat(self) -> float: ...
    @property
    def lon(self) -> float: ...


@dataclass(frozen=True, slots=True)
class Route:
    """A drivable route: graph nodes, their coordinates (lat, lon) and the ETA."""

    source: str
    target: str
    nodes: tuple[Hashable, ...]
    coords: tuple[tuple[float, float], ...]
    minutes: float

    @property
    def eta_minutes(self) -> float:
        return self.minutes


class RoadGraph:
    """An undirected travel-time graph plus where each depot/demand point attaches to it.

    ``anchors`` maps a place id to its graph node; places not in it are assumed to be
    graph nodes themselves (the synthetic graph uses the place ids as nodes).
    """

    def __init__(
        self,
        graph: nx.Graph,
        anchors: Mapping[str, Hashable] | None = None,
        weight: str = "minutes",
    ) -> None:
        if graph.is_directed():
            raise RoadGraphError("道路图必须是无向图（nx.Graph）：双向道路请各自按无向边给出")
        self.graph = graph
        self.anchors: dict[str, Hashable] = dict(anchors or {})
        self.weight = weight
        for u, v, w in graph.edges(data=weight):
            if w is None or not math.isfinite(w) or w < 0:
                raise RoadGraphError(
                    f"道路 {u}—{v} 的通行时间 {w!r} 无效：每条边都需要非负的 {weight}（分钟）"
                )

    def node_of(self, place: str) -> Hashable:
        node = self.anchors.get(place, place)
        if node not in self.graph:
            raise RoadGraphError(f"地点 {place} 不在道路图上：请为它提供坐标或挂接到最近的道路节点")
        return node

    def is_connected(self) -> bool:
        return self.graph.number_of_nodes() > 0 and nx.is_connected(self.graph)

    def travel_times(
        self, sources: Iterable[str], targets: Iterable[str] | None = None
    ) -> dict[str, dict[str, float]]:
        """Shortest travel minutes from each source to each reachable target (Dijkstra per source)."""
        tlist = list(targets) if targets is not None else None
        out: dict[str, dict[str, float]] = {}
        for s in sources:
            dist = nx.single_source_dijkstra_path_length(self.graph, self.node_of(s), weight=self.weight)
            if tlist is None:
                out[s] = {str(n): d for n, d in dist.items()}
            else:
                out[s] = {t: dist[self.node_of(t)] for t in tlist if self.node_of(t) in dist}
        return out

    def routes_from(self, source: str, targets: Iterable[str]) -> dict[str, Route]:
        """Routes from one depot to many demand points with a single Dijkstra run."""
        dist, paths = nx.single_source_dijkstra(self.graph, self.node_of(source), weight=self.weight)
        out: dict[str, Route] = {}
        for t in targets:
            node = self.node_of(t)
            if node in dist:
                out[t] = self._route(source, t, paths[node], dist[node])
        return out

    def route(self, source: str, target: str) -> Route:
        """The fastest route and ETA, e.g. to draw a dispatch line on the map."""
        try:
            minutes, path = nx.single_source_dijkstra(
                self.graph, self.node_of(source), self.node_of(target), weight=self.weight
            )
        except nx.NetworkXNoPath:
            raise RoadGraphError(f"{source} 与 {target} 之间没有可通行的道路：请检查道路数据") from None
        return self._route(source, target, path, minutes)

    def path_minutes(self, nodes: Iterable[Hashable]) -> float:
        """Sum of edge minutes along a node path (the float truth behind rounded costs)."""
        ns = list(nodes)
        return math.fsum(self.graph[a][b][self.weight] for a, b in zip(ns, ns[1:], strict=False))

    def coords(self, node: Hashable) -> tuple[float, float]:
        data = self.graph.nodes[node]
        return (float(data.get("lat", math.nan)), float(data.get("lon", math.nan)))

    def _route(self, source: str, target: str, path: list[Hashable], minutes: float) -> Route:
        return Route(source, target, tuple(path), tuple(self.coords(n) for n in path), float(minutes))


def edge_minutes(
    lat1: float, lon1: float, lat2: float, lon2: float,
    winding: float = DEFAULT_WINDING, speed_kmh: float = DEFAULT_SPEED_KMH,
) -> float:
    return haversine_km(lat1, lon1, lat2, lon2) * winding / speed_kmh * 60.0


def build_road_graph(
    places: Iterable[Located],
    k: int = DEFAULT_K,
    winding: float = DEFAULT_WINDING,
    speed_kmh: float = DEFAULT_SPEED_KMH,
) -> RoadGraph:
    """Synthetic road graph: k nearest neighbours + minimum spanning tree, weights in minutes.

    O(n²) distance computations in pure Python: fine for a county's few hundred
    depots and townships (300 places ≈ 0.1 s); use a real road network beyond that.
    """
    if speed_kmh <= 0 or winding <= 0:
        raise RoadGraphError("平均车速和道路曲折系数必须为正数")
    pts: list[tuple[str, float, float]] = []
    seen: set[str] = set()
    for p in places:
        if p.id in seen:
            raise RoadGraphError(f"地点编号 {p.id} 重复：储备库与需求点的编号必须互不相同")
        if not (-90 <= p.lat <= 90 and -180 <= p.lon <= 180):
            raise RoadGraphError(f"地点 {p.id} 的坐标 ({p.lat}, {p.lon}) 无效：请核对纬度、经度")
        seen.add(p.id)
        pts.append((p.id, float(p.lat), float(p.lon)))
    g = nx.Graph()
    for pid, lat, lon in pts:
        g.add_node(pid, lat=lat, lon=lon)
    n = len(pts)
    if n <= 1:
        return RoadGraph(g)
    factor = winding / speed_kmh * 60.0
    dist = [[0.0] * n for _ in range(n)]
    for a in range(n):
        _, la, oa = pts[a]
        row = dist[a]
        for b in range(a + 1, n):
            d = haversine_km(la, oa, pts[b][1], pts[b][2]) * factor
            row[b] = d
            dist[b][a] = d
    # k nearest neighbours (ties broken by order, so the graph is deterministic)
    for a in range(n):
        order = sorted(range(n), key=lambda b, row=dist[a]: (row[b], b))  # type: ignore[misc]
        for b in [x for x in order if x != a][:k]:
            g.add_edge(pts[a][0], pts[b][0], minutes=dist[a][b])
    # Prim's minimum spanning tree on the complete graph guarantees connectivity
    in_tree = [False] * n
    best = [math.inf] * n
    parent = [-1] * n
    best[0] = 0.0
    for _ in range(n):
        u = min((i for i in range(n) if not in_tree[i]), key=best.__getitem__)
        in_tree[u] = True
        if parent[u] >= 0:
            g.add_edge(pts[u][0], pts[parent[u]][0], minutes=dist[u][parent[u]])
        row = dist[u]
        for v in range(n):
            if not in_tree[v] and row[v] < best[v]:
                best[v] = row[v]
                parent[v] = u
    return RoadGraph(g)


def load_geojson_roads(
    path: str | Path,
    places: Iterable[Located] = (),
    default_speed_kmh: float = DEFAULT_SPEED_KMH,
) -> RoadGraph:
    """A road network from GeoJSON LineStrings; places snap to the nearest road node.

    Vertices shared by two lines (same coordinates to 1e-6°) become one junction.
    Per-feature properties: ``speed_kmh`` (else the default) and optionally
    ``length_km`` (else the polyline's great-circle length).
    """
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise RoadGraphError(f"无法读取道路文件 {path}：{exc}；请提供 UTF-8 编码的 GeoJSON") from None
    feats = data.get("features", []) if isinstance(data, dict) else []
    g = nx.Graph()

    def key(c: Any) -> tuple[float, float]:
        return (round(float(c[1]), 6), round(float(c[0]), 6))  # (lat, lon)

    for f in feats:
        geom = (f or {}).get("geometry") or {}
        props = (f or {}).get("properties") or {}
        speed = float(props.get("speed_kmh") or default_speed_kmh)
        if geom.get("type") == "LineString":
            lines = [geom.get("coordinates") or []]
        elif geom.get("type") == "MultiLineString":
            lines = geom.get("coordinates") or []
        else:
            continue
        for line in lines:
            segs = [(key(a), key(b)) for a, b in zip(line, line[1:], strict=False)]
            seg_km = [haversine_km(a[0], a[1], b[0], b[1]) for a, b in segs]
            total = sum(seg_km)
            scale = float(props["length_km"]) / total if props.get("length_km") and total > 0 else 1.0
            for (a, b), km in zip(segs, seg_km, strict=True):
                if a == b:
                    continue
                minutes = km * scale / speed * 60.0
                for node in (a, b):
                    g.add_node(node, lat=node[0], lon=node[1])
                if not g.has_edge(a, b) or g[a][b]["minutes"] > minutes:
                    g.add_edge(a, b, minutes=minutes)
    if g.number_of_nodes() == 0:
        raise RoadGraphError(f"道路文件 {path} 中没有 LineString 道路：请检查 GeoJSON 内容")
    nodes = list(g.nodes)
    anchors: dict[str, Hashable] = {}
    for p in places:
        anchors[p.id] = min(nodes, key=lambda n: haversine_km(p.lat, p.lon, n[0], n[1]))
    return RoadGraph(g, anchors)
