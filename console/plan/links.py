"""Linked incidents and hand-over (plan format 2): the guards, the static checks and the engine events.

Linked incidents (关联事件) are separate incidents that belong together — the same batch of
food sold at several schools, one cluster reported by several callers. Each incident keeps what
it knows of the others in ``state.linked`` (incident id → :class:`LinkedRecord`), written by
engine events the incident service records in *both* incidents' logs in one transaction:

========================  ==============================================================
``link_incident``         data: {incident, received_at, facts, reason, title?, plan?,
                          merged?: bool, handover?: "to" | "from"}
``unlink_incident``       data: {incident, reason} (a merged or hand-over link stays)
``linked_facts``          data: {incident, facts}: the other incident's facts changed
``merged_into``           data: {incident, reason?}: this incident is merged into that one
                          (并入) and closed without a final state's effects; its open
                          tasks become 不再需要 「并入事件 …」, its open deadlines are cancelled
========================  ==============================================================

Guards (usable in transitions and grading rules; never memoised by the grading index)::

    {linked: {count: {ge: 2}, within: PT24H}}
    {linked: {sum: cases, ge: 30, within: PT24H}}

Which incidents count (the *cluster* of this incident): this incident itself, plus every linked
incident — merged ones included, hand-over links (the same incident under another plan) never —
whose 接报 time lies within ``within`` of this incident's 接报 time, either side, edges included:
``|linked.received_at − this.received_at| ≤ within``. Without ``within`` every linked incident
counts. ``sum`` adds the fact's value over the cluster (an incident without the value adds 0).

Hand-over (移交): a final state may carry ``handover: {plan: public-health, title: …, facts: [..]}``;
entering it yields the effect ``{kind: handover, plan, title, facts: {name: value}, state}`` and the
service opens the new incident under that plan (console.incidents.linking).
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, TypedDict

from console.plan.durations import DurationError, format_duration, parse_duration
from console.plan.model import CompiledGuard

LINK_EVENTS = frozenset({"link_incident", "unlink_incident", "linked_facts", "merged_into"})
FORMAT2_HINT = "需要 format: emergency-plan/2（可用 python -m console plan upgrade 升级）"

_OPS: dict[str, Callable[[Any, Any], bool]] = {
    "eq": operator.eq, "ne": operator.ne, "lt": operator.lt, "le": operator.le, "gt": operator.gt, "ge": operator.ge,
}
_OP_TEXT = {"eq": "=", "ne": "≠", "lt": "<", "le": "≤", "gt": ">", "ge": "≥"}


class LinkedRecord(TypedDict, total=False):
    """What an incident knows of a linked one (``state.linked[incident]``)."""

    incident: str
    title: str | None
    plan: str | None  # the other incident's plan id
    received_at: datetime  # its 接报 time
    facts: dict[str, Any]  # its facts, as its own plan names them (kept current by linked_facts)
    reason: str
    at: datetime  # when the link was recorded
    by: str
    merged: bool  # one of the two was merged into the other (并入)
    into: bool  # this incident was merged into that one (it is closed)
    handover: str  # "to": handed over to that one; "from": handed over from it


# ---------------------------------------------------------------------------------
# Guards
# ---------------------------------------------------------------------------------

def cluster(s: Any, within: timedelta | None) -> list[Mapping[str, Any]]:
    """The fact sets of the incidents a ``linked`` guard counts: this one first, then each linked
    incident (not a hand-over link) received within ``within`` of this one's 接报 (edges included)."""
    out: list[Mapping[str, Any]] = [s.facts]
    here: datetime = s.received_at
    for rec in s.linked.values():
        if rec.get("handover"):
            continue
        at = rec.get("received_at")
        if within is not None and (not isinstance(at, datetime) or abs(at - here) > within):
            continue
        out.append(rec.get("facts") or {})
    return out


def _span(td: timedelta) -> str:
    """24小时 (as the plans say it), not 1天; longer or uneven spans as the console writes durations."""
    secs = int(td.total_seconds())
    return f"{secs // 3600}小时" if secs % 3600 == 0 and secs <= 72 * 3600 else format_duration(td)


def _num(v: Any) -> float:
    return v if isinstance(v, (int, float)) and not isinstance(v, bool) else 0


def compile_linked_guard(spec: Any, ctx: Any, path: list[Any]) -> CompiledGuard | None:
    """``{count: {ge: N}, within?}`` or ``{sum: FACT, <op>: N, within?}`` (see the module doc)."""
    if ctx.format_version < 2:
        ctx.error(path, f"linked {FORMAT2_HINT}")
        return None
    within: timedelta | None = None
    if "within" in spec:
        try:
            within = parse_duration(spec["within"])
        except DurationError as exc:
            ctx.error(path + ["within"], str(exc))
            return None
    span = f"接报相隔 {_span(within)} 以内的" if within is not None else ""
    if "count" in spec:
        ((op, n),) = spec["count"].items()
        cmp = _OPS[op]

        def count_holds(s: Any) -> bool:
            return cmp(len(cluster(s, within)), n)

        return CompiledGuard(count_holds, f"本事件及{span}关联事件共 {_OP_TEXT[op]} {n} 起")
    name = spec["sum"]
    decl = ctx.facts.get(name)
    if decl is None:
        ctx.error(path + ["sum"], f"未声明的事实 `{name}`（先在 facts 中声明）")
        return None
    if decl.type not in ("int", "number"):
        ctx.error(path + ["sum"], f"事实 `{name}`（{decl.label}）不是数值，不能合计")
        return None
    ops = [k for k in spec if k not in ("sum", "within")]
    if len(ops) != 1:
        ctx.error(path, "linked 合计需要且只能有一个比较，例如 {sum: cases, ge: 30}")
        return None
    op = ops[0]
    value = spec[op]
    cmp = _OPS[op]

    def sum_holds(s: Any) -> bool:
        return cmp(sum(_num(f.get(name)) for f in cluster(s, within)), value)

    return CompiledGuard(sum_holds, f"本事件及{span}关联事件{decl.label}合计 {_OP_TEXT[op]} {value}")


def uses_linked(node: Any) -> bool:
    """Does this guard (as written) refer to linked incidents anywhere?"""
    if isinstance(node, dict):
        return "linked" in node or any(uses_linked(v) for v in node.values())
    if isinstance(node, list):
        return any(uses_linked(v) for v in node)
    return False


_ID = re.compile(r"^id:\s*['\"]?([a-z0-9][a-z0-9\-]*)['\"]?\s*(?:#.*)?$", re.MULTILINE)
_ids_of_files: dict[Path, tuple[float, str | None]] = {}


def plan_id_of(path: Path) -> str | None:
    """The top-level ``id:`` of a plan file, read without compiling it (None: not found). For the
    plan ids a hand-over may name: the shipped plans, the files ``plan check`` checks together."""
    try:
        mtime = path.stat().st_mtime
        hit = _ids_of_files.get(path)
        if hit is not None and hit[0] == mtime:
            return hit[1]
        m = _ID.search(path.read_text(encoding="utf-8", errors="replace"))
    except OSError:
        return None
    found = m.group(1) if m else None
    _ids_of_files[path] = (mtime, found)
    return found


# ---------------------------------------------------------------------------------
# Static checks of a state's hand-over
# ---------------------------------------------------------------------------------

def compile_handover(sid: str, sdoc: Any, path: list[Any], *, format_version: int, facts: Iterable[str],
                     known_plans: frozenset[str] | None, error: Callable[[list[Any], str], None]
                     ) -> dict[str, Any] | None:
    """The checked ``handover`` of state ``sid`` (None when it has none or it is wrong).

    Errors: in an emergency-plan/1 file; on a state that is not final; a fact this plan does not
    declare; a plan id that is not known (``known_plans``: None = not checked)."""
    ho = sdoc.get("handover")
    if ho is None:
        return None
    where = path + ["handover"]
    if format_version < 2:
        error(where, f"handover {FORMAT2_HINT}")
        return None
    ok = True
    if not sdoc.get("final"):
        error(where, f"只有终止状态才能移交（handover）：状态 `{sid}` 不是 final")
        ok = False
    declared = set(facts)
    for i, f in enumerate(ho.get("facts", [])):
        if f not in declared:
            error(where + ["facts", i], f"未声明的事实 `{f}`（移交的事实须在本预案 facts 中声明）")
            ok = False
    plan_id = str(ho["plan"])
    if known_plans is not None and plan_id not in known_plans:
        shown = "、".join(sorted(known_plans)) or "无"
        error(where + ["plan"], f"未知的预案 `{plan_id}`：预案库和 plans/ 中都没有这个预案编号（已知：{shown}）")
        ok = False
    if not ok:
        return None
    return {"plan": plan_id, "title": ho.get("title") or f"移交：{plan_id}", "facts": list(ho.get("facts", []))}


def describe_handover(plan: Any, state_def: Any) -> str | None:
    """「移交至预案 public-health：移交卫生健康部门（移交事实：发病人数、死亡人数）」, or None."""
    ho = state_def.handover
    if not ho:
        return None
    facts = "、".join(plan.facts[f].label if f in plan.facts else f for f in ho["facts"])
    return f"移交至预案 {ho['plan']}：{ho['title']}" + (f"（移交事实：{facts}）" if facts else "")


def handover_effect(state_def: Any, s: Any) -> dict[str, Any]:
    """The ``handover`` effect of entering final state ``state_def`` (the facts with a value)."""
    ho = state_def.handover
    return {"kind": "handover", "plan": ho["plan"], "title": ho["title"], "state": state_def.id,
            "facts": {f: s.facts[f] for f in ho["facts"] if s.facts.get(f) is not None}}


# ---------------------------------------------------------------------------------
# The engine events
# ---------------------------------------------------------------------------------

def apply_link_event(plan: Any, s: Any, ev: Any, effects: list[dict[str, Any]]) -> None:
    """Apply one of :data:`LINK_EVENTS` to ``s`` in place (the engine calls this from its step)."""
    from console.plan.engine import Rejected

    t, data = ev.type, ev.data
    other = data.get("incident")
    if not isinstance(other, str) or not other.strip():
        raise Rejected("bad_link", "需要关联的事件编号")
    rec = s.linked.get(other)
    if t == "link_incident":
        if rec is not None and data.get("merged") and not rec.get("merged") and not rec.get("handover"):
            s.linked = {**s.linked, other: {**rec, "merged": True}}  # 并入 of an incident already linked
            effects.append({"kind": "linked", "incident": other, "merged": True, "handover": None})
            _regrade(plan, s, effects)
            return
        if rec is not None:
            raise Rejected("linked", f"已与事件 {other} 关联")
        reason = data.get("reason")
        if not isinstance(reason, str) or not reason.strip():
            raise Rejected("no_reason", "关联事件必须写明理由（如：同一批次产品、同一供餐单位）")
        received = data.get("received_at")
        try:
            received_at = datetime.fromisoformat(received) if isinstance(received, str) else None
        except ValueError:
            received_at = None
        if received_at is None or received_at.tzinfo is None:
            raise Rejected("bad_link", f"事件 {other} 的接报时间无效")
        facts = data.get("facts") or {}
        if not isinstance(facts, dict):
            raise Rejected("bad_link", "关联事件的事实必须是映射")
        new: LinkedRecord = {"incident": other, "title": data.get("title"), "plan": data.get("plan"),
                             "received_at": received_at, "facts": dict(facts), "reason": reason.strip(),
                             "at": ev.at, "by": ev.actor, "merged": bool(data.get("merged", False))}
        if data.get("handover") in ("to", "from"):
            new["handover"] = data["handover"]
        s.linked = {**s.linked, other: new}
        effects.append({"kind": "linked", "incident": other, "merged": new["merged"],
                        "handover": new.get("handover")})
    elif rec is None:
        raise Rejected("not_linked", f"未与事件 {other} 关联")
    elif t == "unlink_incident":
        if rec.get("merged") or rec.get("handover"):
            what = "并入" if rec.get("merged") else "移交"
            raise Rejected("merged", f"事件 {other} 是{what}关系，不能取消关联")
        reason = data.get("reason")
        if not isinstance(reason, str) or not reason.strip():
            raise Rejected("no_reason", "取消关联必须写明理由")
        linked = dict(s.linked)
        del linked[other]
        s.linked = linked
        effects.append({"kind": "unlinked", "incident": other})
    elif t == "linked_facts":
        facts = data.get("facts")
        if not isinstance(facts, dict) or not facts:
            raise Rejected("bad_fact", "没有要更新的关联事实")
        merged = dict(rec.get("facts") or {})
        for k, v in facts.items():
            if v is None:
                merged.pop(k, None)
            else:
                merged[k] = v
        s.linked = {**s.linked, other: {**rec, "facts": merged}}
        effects.append({"kind": "linked_facts", "incident": other, "changed": sorted(facts)})
    else:  # merged_into
        _merged_into(s, ev, other, rec, effects)
    _regrade(plan, s, effects)


def _merged_into(s: Any, ev: Any, other: str, rec: Mapping[str, Any], effects: list[dict[str, Any]]) -> None:
    from console.plan.engine import Rejected

    if not rec.get("merged"):
        raise Rejected("not_merged", f"事件 {other} 的关联不是并入关系（先以并入方式关联）")
    reason = f"并入事件 {other}"
    tasks = dict(s.tasks)
    for tid, task in s.tasks.items():
        if task["status"] == "open":
            tasks[tid] = {**task, "status": "not_needed", "ended_at": ev.at, "ended_reason": reason}
            effects.append({"kind": "task_not_needed", "task": tid, "reason": reason})
    s.tasks = tasks
    deadlines = dict(s.deadlines)
    for did, d in s.deadlines.items():
        if d["status"] == "open":
            deadlines[did] = {**d, "status": "cancelled", "closed_at": ev.at}
    s.deadlines = deadlines
    s.linked = {**s.linked, other: {**rec, "into": True}}
    s.closed = True
    effects.append({"kind": "closed", "state": s.leaf, "merged_into": other})


def _regrade(plan: Any, s: Any, effects: list[dict[str, Any]]) -> None:
    """A grading rule may count linked incidents: the suggestion follows a link's change."""
    from console.plan.engine import suggest_level

    old = s.suggestion.get("level")
    s.suggestion = suggest_level(plan, s)
    if s.suggestion.get("level") != old:
        effects.append({"kind": "suggestion", "from": old, "to": s.suggestion.get("level"),
                        "rule": s.suggestion.get("winner")})
