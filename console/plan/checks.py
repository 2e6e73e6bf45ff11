"""Static checks on the state graph: reachability, a way out of every state,
shadowed transitions, and guards on one event that may overlap (warning)."""

from __future__ import annotations

from collections import deque
from typing import Any

from console.plan.model import Plan, Transition


def _leaves(plan: Plan) -> list[str]:
    return [s for s, st in plan.states.items() if not st.children]


def _targets_from_leaf(plan: Plan, leaf: str) -> set[str]:
    """Leaves reachable in one transition from ``leaf`` (guards assumed satisfiable)."""
    out = set()
    for sid in plan.ancestors(leaf):
        for tr in plan.states[sid].transitions:
            if tr.target is not None:
                out.add(tr.enters[-1] if tr.enters else tr.target)
    return out


def run_graph_checks(plan: Plan, c: Any) -> None:
    docs = c.state_docs
    leaves = _leaves(plan)
    succ = {leaf: _targets_from_leaf(plan, leaf) for leaf in leaves}
    # reachable leaves from the initial leaf
    seen = {plan.initial_leaf}
    queue = deque([plan.initial_leaf])
    while queue:
        cur = queue.popleft()
        for nxt in succ[cur]:
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    reachable_states: set[str] = set()
    for leaf in seen:
        reachable_states.update(plan.ancestors(leaf))
    for sid in plan.states:
        if sid not in reachable_states:
            c.error(docs[sid][0], f"状态 `{sid}`（{plan.states[sid].title}）从初始状态无法到达")
    # every reachable leaf must be able to reach a final state
    finals = {s for s in leaves if plan.states[s].final}
    pred: dict[str, set[str]] = {leaf: set() for leaf in leaves}
    for a, bs in succ.items():
        for b in bs:
            pred[b].add(a)
    can_finish = set(finals)
    queue = deque(finals)
    while queue:
        cur = queue.popleft()
        for p in pred[cur]:
            if p not in can_finish:
                can_finish.add(p)
                queue.append(p)
    for leaf in sorted(seen - can_finish, key=lambda s: docs[s][0]):
        c.error(docs[leaf][0], f"状态 `{leaf}`（{plan.states[leaf].title}）没有通往终止状态的路径（进入后无法结案）")
    # shadowed transitions and overlapping guards, per declaring state and event
    for sid, st in plan.states.items():
        by_event: dict[str, list[Transition]] = {}
        for tr in st.transitions:
            by_event.setdefault(tr.event, []).append(tr)
        for event, trs in by_event.items():
            for j, later in enumerate(trs):
                for earlier in trs[:j]:
                    if not _roles_cover(earlier, later):
                        continue
                    path = docs[sid][0] + ["transitions", later.index]
                    if earlier.guard is None:
                        c.error(path, f"转移被遮蔽：状态 `{sid}` 上事件 `{event}` "
                                      f"的第 {earlier.index + 1} 条转移没有条件，"
                                      f"第 {later.index + 1} 条永远不会被选中")
                        break
                    raw = docs[sid][1]["transitions"]
                    if later.guard is not None and not _disjoint(raw[earlier.index]["when"], raw[later.index]["when"]):
                        c.warning(path, f"状态 `{sid}` 上事件 `{event}` "
                                        f"的第 {earlier.index + 1}、{later.index + 1} 条转移"
                                        "的条件可能同时成立（按书写顺序取第一条）")


def _roles_cover(earlier: Transition, later: Transition) -> bool:
    if earlier.roles is None:
        return True
    if later.roles is None:
        return False
    return later.roles <= earlier.roles


def _disjoint(x: Any, y: Any) -> bool:
    """Conservative: true only when we can see the two guards exclude each other."""
    return _excludes(x, y) or _excludes(y, x)


def _excludes(x: Any, y: Any) -> bool:
    if isinstance(y, dict) and "not" in y and _same(y["not"], x):
        return True
    if isinstance(x, dict) and "not" in x and _same(x["not"], y):
        return True
    fx, fy = _interval(x), _interval(y)
    if fx and fy and fx[0] == fy[0]:
        (_, lo1, hi1), (_, lo2, hi2) = fx, fy
        return hi1 < lo2 or hi2 < lo1
    sx, sy = _value_set(x), _value_set(y)
    if sx and sy and sx[0] == sy[0]:
        return not (sx[1] & sy[1])
    if isinstance(x, dict) and "all" in x and any(_excludes(part, y) for part in x["all"]):
        return True
    if isinstance(y, dict) and "all" in y and any(_excludes(x, part) for part in y["all"]):
        return True
    if isinstance(x, dict) and "any" in x and all(_excludes(part, y) for part in x["any"]):
        return True
    if isinstance(y, dict) and "any" in y and all(_excludes(x, part) for part in y["any"]):
        return True
    return False


def _value_set(g: Any) -> tuple[Any, frozenset[Any]] | None:
    """A guard that holds for exactly a known set of values of one thing: (what, values)."""
    if not isinstance(g, dict):
        return None
    if "fact" in g and len(g) == 2:
        (op, v), = ((k, x) for k, x in g.items() if k != "fact")
        if op == "eq" and not isinstance(v, list):
            return (("fact", g["fact"]), frozenset([_key(v)]))
        if op == "in" and isinstance(v, list):
            return (("fact", g["fact"]), frozenset(_key(x) for x in v))
        return None
    for what in ("level", "suggested"):
        spec = g.get(what)
        if len(g) == 1 and isinstance(spec, dict) and len(spec) == 1:
            (op, v), = spec.items()
            if op == "graded":  # graded: true/false split the levels from "not graded"
                return ((what, "graded"), frozenset([bool(v)]))
            if op == "eq" and not isinstance(v, list):
                return ((what, None), frozenset([v]))
            if op == "in" and isinstance(v, list):
                return ((what, None), frozenset(v))
    spec = g.get("consultation")
    if len(g) == 1 and isinstance(spec, dict) and "outcome" in spec:
        return (("consultation", spec.get("question")), frozenset([spec["outcome"]]))
    return None


def _key(v: Any) -> Any:
    """Values as YAML compares them: 1 and 1.0 are the same number, true is not 1."""
    return (type(v) is bool, v)


def _same(a: Any, b: Any) -> bool:
    return bool(_plain(a) == _plain(b))


def _plain(v: Any) -> Any:
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_plain(x) for x in v]
    return v


def _interval(g: Any) -> tuple[str, float, float] | None:
    """A single numeric fact comparison as a closed interval (integers: lt n == le n-1)."""
    if not isinstance(g, dict) or "fact" not in g or len(g) != 2:
        return None
    (op, v), = ((k, x) for k, x in g.items() if k != "fact")
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return None
    inf = float("inf")
    eps = 1 if isinstance(v, int) else 1e-9
    return {
        "lt": (g["fact"], -inf, v - eps),
        "le": (g["fact"], -inf, v),
        "gt": (g["fact"], v + eps, inf),
        "ge": (g["fact"], v, inf),
        "eq": (g["fact"], v, v),
    }.get(op)
