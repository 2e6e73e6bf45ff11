"""Plan engine step time against ``transitions`` and ``python-statemachine``, side by side.

The SAME 30-state plan, generated, in three libraries:

* flat ring — ``s0 → s1 → … → s28 → s0`` plus a final ``closed`` (30 states): our engine,
  ``transitions.Machine`` (plain, no GUI extensions) and ``python-statemachine`` (3.x, class
  built dynamically);
* compound — ``intake → g0{a0…a7} → g1{…} → g2{…} → review → intake`` plus ``closed``
  (30 states, 3 compound): our engine and ``transitions.extensions.HierarchicalMachine``.

Each event is one transition; we cycle through the states. Ours is ``console.plan.engine.step``
on an immutable state (it copies the state, evaluates roles and guards, logs the transition,
runs exit/enter bookkeeping). ``transitions`` and ``python-statemachine`` mutate one model.

Run: ``python -m bench.bench_engine``. ``run()`` returns rows for ``python -m bench``.
"""

from __future__ import annotations

import gc
import sys
import time
from datetime import UTC, datetime
from typing import Any

import yaml

from console.plan.engine import Event, open_incident, step
from console.plan.loader import load_plan_text

N = 100_000  # events per measurement (python-statemachine gets N_SLOW: it is ~10x slower)
N_SLOW = 20_000
T0 = datetime(2026, 1, 1, tzinfo=UTC)
TARGET_RATIO = 5.0


# -- the plans ----------------------------------------------------------------------

def _header(pid: str) -> dict[str, Any]:
    return {
        "format": "emergency-plan/1", "id": pid, "title": "基准测试预案", "version": "1", "domain": "food",
        "jurisdiction": {"name": "濮阳市", "code": "410900"},
        "roles": {"commander": "指挥长"}, "units": {"site": {"title": "现场组"}},
        "report_kinds": {"initial": {"title": "初报"}},
        "facts": {"cases": {"type": "int", "min": 0, "label": "发病人数"}},
        "levels": [{"id": "I", "name": "特别重大", "colour": "#c0392b", "authority": "国务院"},
                   {"id": "IV", "name": "一般", "colour": "#2980b9", "authority": "县政府"}],
        "grading": {"rules": [{"id": "r1", "level": "I", "title": "大", "when": {"fact": "cases", "ge": 100}},
                              {"id": "r4", "level": "IV", "title": "小", "when": {"fact": "cases", "ge": 1}}]},
    }


def flat_spec() -> tuple[list[str], list[tuple[str, str, str]]]:
    """29 ring states + closed; transitions (event, source, target)."""
    states = [f"s{i}" for i in range(29)]
    trans = [(f"e{i}", f"s{i}", f"s{(i + 1) % 29}") for i in range(29)]
    trans.append(("close", "s28", "closed"))
    return states + ["closed"], trans


def flat_yaml() -> str:
    states, trans = flat_spec()
    doc = _header("bench-flat")
    doc["events"] = {ev: {"title": ev} for ev, _, _ in trans}
    sdoc: dict[str, Any] = {}
    for s in states:
        sdoc[s] = {"title": s}
    sdoc["s0"]["initial"] = True
    sdoc["closed"]["final"] = True
    for ev, src, dst in trans:
        sdoc[src].setdefault("transitions", []).append({"event": ev, "to": dst})
    doc["states"] = sdoc
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)


GROUPS = 3
LEAVES = 8


def compound_cycle() -> list[tuple[str, str, str]]:
    """(event, source, target) in cycle order; names are dotted paths for transitions' HSM."""
    out = [("n_intake", "intake", "g0")]
    for g in range(GROUPS):
        for k in range(LEAVES - 1):
            out.append((f"n_g{g}_a{k}", f"g{g}.a{k}", f"g{g}.a{k + 1}"))
        nxt = f"g{g + 1}" if g + 1 < GROUPS else "review"
        out.append((f"n_g{g}_a{LEAVES - 1}", f"g{g}.a{LEAVES - 1}", nxt))
    out.append(("n_review", "review", "intake"))
    return out


def compound_yaml() -> str:
    doc = _header("bench-compound")
    cycle = compound_cycle()
    doc["events"] = {ev: {"title": ev} for ev, _, _ in cycle}
    doc["events"].update({"abort": {"title": "中止"}, "close": {"title": "结案"}})
    states: dict[str, Any] = {"intake": {"title": "接报", "initial": True}}
    for g in range(GROUPS):
        kids = {f"g{g}a{k}": {"title": f"阶段{g}-{k}"} for k in range(LEAVES)}
        kids[f"g{g}a0"]["initial"] = True
        states[f"g{g}"] = {"title": f"阶段{g}", "states": kids,
                           "transitions": [{"event": "abort", "to": "intake"}]}
    states["review"] = {"title": "复盘", "transitions": [{"event": "close", "to": "closed"}]}
    states["closed"] = {"title": "结案", "final": True}

    def ours(name: str) -> tuple[str, dict[str, Any]]:
        if "." in name:
            g, a = name.split(".")
            return g + a, states[g]["states"][g + a]
        return name, states[name]

    for ev, src, dst in cycle:
        _, sdoc = ours(src)
        sdoc.setdefault("transitions", []).append({"event": ev, "to": ours(dst)[0]})
    doc["states"] = states
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)


# -- the runners ----------------------------------------------------------------------

def _timed(fn, n: int, rounds: int = 5) -> float:
    """Microseconds per event: ``n`` events in ``rounds`` slices, the best slice counts
    (GC disabled during each; the best slice filters out other load on the machine)."""
    n = max(n // rounds, 1)
    best = float("inf")
    for _ in range(rounds):
        gc.collect()
        gc.disable()
        try:
            t = time.perf_counter()
            done = fn(n)
            best = min(best, (time.perf_counter() - t) / done)
        finally:
            gc.enable()
    return best * 1e6


def ours_runner(text: str, names: list[str]):
    plan = load_plan_text(text, "bench.yaml", catalogue=None)
    events = [Event("fire", T0, "张三", "commander", {"event": e}) for e in names]
    s0, _ = open_incident(plan, Event("open", T0, "张三", "commander", {}))
    k = len(events)

    def go(n: int) -> int:
        n -= n % k  # whole cycles: every run starts and ends in the initial state
        s = s0
        for i in range(n):
            s, _ = step(plan, s, events[i % k])
        return n

    return go


def transitions_runner(states: list[Any], trans: list[tuple[str, str, str]], names: list[str],
                       initial: str, hierarchical: bool = False):
    if hierarchical:
        from transitions.extensions import HierarchicalMachine as M
    else:
        from transitions import Machine as M

    class Model:
        pass

    model = Model()
    M(model=model, states=states, initial=initial, auto_transitions=False,
      transitions=[{"trigger": e, "source": s, "dest": d} for e, s, d in trans])
    k = len(names)

    def go(n: int) -> int:
        n -= n % k
        trig = model.trigger
        for i in range(n):
            trig(names[i % k])
        return n

    return go


def statemachine_runner(states: list[str], trans: list[tuple[str, str, str]], names: list[str], initial: str):
    from statemachine import State, StateMachine

    attrs: dict[str, Any] = {s: State(s, initial=(s == initial), final=(s == "closed")) for s in states}
    by_event: dict[str, Any] = {}
    for e, s, d in trans:
        t = attrs[s].to(attrs[d])
        by_event[e] = t if e not in by_event else (by_event[e] | t)
    attrs.update(by_event)
    cls = type("BenchRing", (StateMachine,), attrs)
    sm = cls()
    k = len(names)

    def go(n: int) -> int:
        n -= n % k
        send = sm.send
        for i in range(n):
            send(names[i % k])
        return n

    return go


def _row(name: str, value: float, unit: str, target: str = "", met: bool | None = None) -> dict[str, Any]:
    return {"name": name, "value": round(value, 3), "unit": unit, "target": target, "met": met}


def run() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    # flat ring
    states, trans = flat_spec()
    names = [e for e, _, _ in trans if e != "close"]
    ours = _timed(ours_runner(flat_yaml(), names), N)
    tr = _timed(transitions_runner(states, trans, names, "s0"), N)
    try:
        psm: float | None = _timed(statemachine_runner(states, trans, names, "s0"), N_SLOW)
    except Exception as exc:  # pragma: no cover - reported, not hidden
        print(f"python-statemachine failed: {exc!r}", file=sys.stderr)
        psm = None
    rows.append(_row("engine flat-30: ours step (immutable, copies)", ours, "µs/event"))
    rows.append(_row("engine flat-30: transitions.Machine", tr, "µs/event"))
    if psm is not None:
        rows.append(_row("engine flat-30: python-statemachine 3.x", psm, "µs/event"))
    rows.append(_row("engine flat-30: transitions / ours", tr / ours, "×", f"≥ {TARGET_RATIO:g}×",
                     tr / ours >= TARGET_RATIO))
    if psm is not None:
        rows.append(_row("engine flat-30: python-statemachine / ours", psm / ours, "×"))
    # compound
    cycle = compound_cycle()
    cnames = [e for e, _, _ in cycle]
    hsm_states: list[Any] = ["intake", "review", "closed"] + [
        {"name": f"g{g}", "children": [f"a{k}" for k in range(LEAVES)], "initial": "a0"} for g in range(GROUPS)]
    hsm_trans = [(e, s.replace(".", "_"), d.replace(".", "_")) for e, s, d in cycle]
    hsm_trans += [("abort", f"g{g}", "intake") for g in range(GROUPS)] + [("close", "review", "closed")]
    ours_c = _timed(ours_runner(compound_yaml(), cnames), N)
    hsm = _timed(transitions_runner(hsm_states, hsm_trans, cnames, "intake", hierarchical=True), N // 5)
    rows.append(_row("engine compound-30: ours step", ours_c, "µs/event"))
    rows.append(_row("engine compound-30: transitions HierarchicalMachine", hsm, "µs/event"))
    rows.append(_row("engine compound-30: HierarchicalMachine / ours", hsm / ours_c, "×", f"≥ {TARGET_RATIO:g}×",
                     hsm / ours_c >= TARGET_RATIO))
    return rows


if __name__ == "__main__":
    print(f"{'benchmark':<60} {'value':>10} {'unit':<9} {'target':<8} met")
    for r in run():
        met = {True: "yes", False: "NO", None: "—"}[r["met"]]
        print(f"{r['name']:<60} {r['value']:>10.3f} {r['unit']:<9} {r['target']:<8} {met}")
