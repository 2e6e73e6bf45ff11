"""A dual network simplex on one fixed network, warm-started from one item to the next.

Why: every item of an allocation is a min-cost flow on the *same* road graph with the
*same* costs; only the supplies and demands differ. The optimal spanning tree of the
previous item keeps every reduced cost ≥ 0 (it is dual feasible for any supplies), so
the next item starts from it and the dual simplex only repairs the tree flows that went
negative — a few dozen to a few hundred pivots instead of networkx's ~800 from scratch.

Network (fixed): the road graph's nodes, both directions of every road (cost = integer
minutes × COST_SCALE), plus one extra node Z joined to every node by v→Z (cost 0: surplus
stays home) and Z→v (cost M, above any real route: what Z delivers is the shortfall).
With node balances b (supply > 0, request < 0) and b(Z) = −Σb the problem is always
feasible, and on a connected graph every unit that can move over a road does.

Dual simplex step: leaving arc e = a tree arc with the most negative flow; removing it
cuts the tree into A (tail side) and B (head side); entering arc = the arc from B to A with
the smallest reduced cost δ; potentials on one side shift by δ; flows change only along
the cycle closed by the entering arc. Integer costs keep ties exact. Potentials π satisfy
rc(u, v) = c(u, v) + π(u) − π(v) ≥ 0 for every arc, = 0 on tree arcs.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import numpy as np

__all__ = ["DualNetworkSimplex", "PivotLimit"]


class PivotLimit(RuntimeError):
    """The pivot limit was reached (should not happen; callers fall back to networkx)."""


class DualNetworkSimplex:
    def __init__(self, nodes: Sequence[Hashable], edges: Sequence[tuple[Hashable, Hashable, int]]):
        self.nodes = list(nodes)
        self.index = {v: k for k, v in enumerate(self.nodes)}
        n = len(self.nodes)
        self.n = n
        z = n
        tail: list[int] = []
        head: list[int] = []
        cost: list[int] = []
        total = 0
        for u, v, c in edges:
            iu, iv = self.index[u], self.index[v]
            tail += (iu, iv)
            head += (iv, iu)
            cost += (c, c)
            total += c
        self.road_arcs = len(tail)
        self.big_m = total + 1
        self.to_z = [0] * n
        self.from_z = [0] * n
        for v in range(n):
            self.to_z[v] = len(tail)
            tail.append(v)
            head.append(z)
            cost.append(0)
            self.from_z[v] = len(tail)
            tail.append(z)
            head.append(v)
            cost.append(self.big_m)
        self.tail, self.head, self.cost = tail, head, cost
        # numpy copies for the entering-arc search: one vectorised pass over the cut
        self.tail_np = np.asarray(tail, dtype=np.int64)
        self.head_np = np.asarray(head, dtype=np.int64)
        self.cost_np = np.asarray(cost, dtype=np.int64)
        # Initial dual-feasible tree: the star of v→Z arcs, all potentials 0.
        self.parent = [z] * n + [-1]
        self.parc = list(self.to_z) + [-1]
        self.children: list[set[int]] = [set() for _ in range(n + 1)]
        self.children[z] = set(range(n))
        self.pi = np.zeros(n + 1, dtype=np.int64)
        self.x = [0] * len(tail)
        self.xf = [0] * n  # flow on each node's tree arc to its parent (as the arc is oriented)
        self.pivots = 0

    # ------------------------------------------------------------------ solving
    def solve(self, balance: dict[Hashable, int], max_pivots: int | None = None) -> dict[int, int]:
        """Optimal flow for node balances (supply > 0, request < 0); returns {arc: flow > 0}."""
        n, z = self.n, self.n
        b = [0] * (n + 1)
        for v, q in balance.items():
            b[self.index[v]] += q
        b[z] = -sum(b)
        parent, parc, children, tail = self.parent, self.parc, self.children, self.tail
        x = self.x
        # tree flows from the balances: subtree sums, leaves first
        order = [z]
        for v in order:
            order.extend(children[v])
        s = b[:]
        for v in reversed(order):
            if v != z:
                s[parent[v]] += s[v]
        for a in range(len(x)):
            x[a] = 0
        xf = self.xf
        for v in order[1:]:
            a = parc[v]
            x[a] = xf[v] = s[v] if tail[a] == v else -s[v]
        limit = max_pivots if max_pivots is not None else 50 * (n + 1)
        for _ in range(limit):
            worst = min(xf)
            if worst >= 0:
                return {a: f for a, f in enumerate(x) if f > 0}
            self._pivot(xf.index(worst))
            self.pivots += 1
        raise PivotLimit("对偶网络单纯形超过迭代上限")

    def _pivot(self, c: int) -> None:
        tail, head, pi = self.tail, self.head, self.pi
        parent, parc, children, x = self.parent, self.parc, self.children, self.x
        e = parc[c]
        # the subtree below e (does not contain Z)
        sub = [c]
        for v in sub:
            sub.extend(children[v])
        mask = np.zeros(self.n + 1, dtype=bool)
        mask[sub] = True
        c_is_head = head[e] == c  # then the subtree is B (head side of e), else A
        tails, heads = mask[self.tail_np], mask[self.head_np]
        # entering arc: from B to A, smallest reduced cost (first in arc order on ties)
        cut = np.flatnonzero(tails & ~heads if c_is_head else heads & ~tails)
        rc = self.cost_np[cut] + pi[self.tail_np[cut]] - pi[self.head_np[cut]]
        k = int(rc.argmin())
        f, best = int(cut[k]), int(rc[k])
        if best:
            if c_is_head:
                pi[mask] -= best
            else:
                pi[mask] += best
        # flows along the cycle: f (i → j), then the tree path j → i
        i, j = tail[f], head[f]
        theta = -x[e]
        x[f] += theta
        # the tree path j → i: climb from j to Z marking, then from i to the first marked node
        on_j: set[int] = set()
        v = j
        while v != -1:
            on_j.add(v)
            v = parent[v]
        down: list[int] = []  # nodes from i up to the meeting point (traversed downwards)
        v = i
        while v not in on_j:
            down.append(v)
            v = parent[v]
        up: list[int] = []  # nodes from j up to the meeting point (traversed upwards)
        t = j
        while t != v:
            up.append(t)
            t = parent[t]
        for t in up:  # t → parent
            a = parc[t]
            x[a] += theta if tail[a] == t else -theta
        for t in down:  # parent → t
            a = parc[t]
            x[a] += theta if head[a] == t else -theta
        x[e] = 0
        # re-hang the subtree from the entering arc's inside end
        u, w = (i, j) if mask[i] else (j, i)
        children[parent[c]].discard(c)
        prev_node, prev_arc, node = w, f, u
        while True:
            old_parent, old_arc = parent[node], parc[node]
            parent[node], parc[node] = prev_node, prev_arc
            children[prev_node].add(node)
            up.append(node)
            if node == c:
                break
            children[old_parent].discard(node)
            prev_node, prev_arc, node = node, old_arc, old_parent
        xf = self.xf
        for t in up:
            xf[t] = x[parc[t]]
        for t in down:
            xf[t] = x[parc[t]]

    # ------------------------------------------------------------------ reading
    def arc_ends(self, a: int) -> tuple[Hashable | None, Hashable | None]:
        """Node ids of an arc's ends; None stands for Z."""
        t, h = self.tail[a], self.head[a]
        return (None if t == self.n else self.nodes[t], None if h == self.n else self.nodes[h])
