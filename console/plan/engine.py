"""The plan engine: a pure step ``(state, event) → (new state, effects)``.

Deterministic by construction: time comes only from the events themselves, ids
come from a counter in the state, and nothing here reads the clock, random
numbers or the database. Replaying the same events over the same plan always
gives the same state.

Event types the engine understands:

========================  ==============================================================
``open``                  an incident is received (接报); data: facts
``facts``                 facts change; data: {facts: {...}, assessed?: {...}} (None clears a fact;
                          ``assessed``: values 经评估可能, for facts declared ``assessable``)
``fire``                  a plan event (核实、启动响应 …); data: {event}
``decide_level``          a human level decision (政府认定/专家核定); data: {level, reason, basis, rule?}
                          (``rule``: a ``judged_by`` grading rule of that level the decision cites)
``complete_task``         data: {task, note?}
``reopen_task``           a completion withdrawn (撤销完成); data: {task, reason}
``acknowledge_task``      the unit or person named acknowledges a task (签收); data: {task, by?}
``materials_delivered``   a materials request (物资调用) arrived; data: {request, note?, dispatch?}
``submit_report``         data: {kind, report_id?, content_hash?}
``consult_concluded``     data: {question, outcome, level?, consultation?, summary?}
``deadline_missed``       recorded by the service when a deadline passes; data: {deadline}
``forward_report``        one hop of a reporting chain reported (报送/转报); data: {report, hop,
                          channel?, doc_no?, note?} (console.plan.chain_engine)
``approval_decided``      a body outside the room answered an approval (format 2, console.plan.approvals);
                          data: {approval, granted, by?, doc_no?, reason?}
``end_tasks``             recorded by the service after a final state is entered (format 2):
                          every open task becomes 不再需要; data: {reason}
``link_incident`` …       linked incidents and 并入 (format 2): see :mod:`console.plan.links`
``note`` / ``log.*``      recorded for the timeline; no state change
========================  ==============================================================
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any, NamedTuple, TypedDict

from console.clock import CHINA_TZ
from console.errors import Refused, TextTooLong, ValueOutOfBounds
from console.plan import chain_engine
from console.plan.bounds import TEXT_MAX, fact_range, number_text
from console.plan.judgement import grade_extras, judgement, top_level_notice
from console.plan.leads import unit_lead
from console.plan.links import LINK_EVENTS, apply_link_event, handover_effect
from console.plan.model import Effect, Plan, Transition
from console.plan.records import (
    Alert,
    ConsultationRecord,
    Deadline,
    DeadlineKind,
    DeadlineStatus,
    MaterialsItem,
    MaterialsRequest,
    Notice,
    Task,
)
from console.plan.windows import stamped, validate_duration

SYSTEM_ROLE = "system"
END_TASKS = "end_tasks"  # a final state ends the open tasks (format 2; recorded by the service)
PASSIVE_TYPES = frozenset({"note"})


class Rejected(Refused):
    """A command the engine refuses. ``reason`` is shown to the user as it is; ``code`` names
    the rule for programs (``"guard"``, ``"role"``, ``"closed"`` …)."""

    def __init__(self, code: str, reason: str):
        self.code = code
        super().__init__(reason)


class FactOutOfBounds(Rejected, ValueOutOfBounds):
    """A fact's value beyond its range, or not a finite number (``field`` is its label)."""

    def __init__(self, field: str, reason: str):
        self.field = field
        super().__init__("bad_fact", reason)


class FactTooLong(Rejected, TextTooLong):
    """A text fact beyond :data:`console.plan.bounds.TEXT_MAX` characters."""

    def __init__(self, field: str, reason: str):
        self.field = field
        super().__init__("bad_fact", reason)


class Event(NamedTuple):
    """One thing that happened. Immutable; ``data`` is read, never changed, by the engine.

    A named tuple rather than a frozen dataclass: replaying a long incident builds one per
    logged event, and a tuple is built three times faster.
    """

    type: str
    at: datetime
    actor: str
    role: str
    data: dict[str, Any] = {}  # noqa: RUF012 - never mutated (see above)


_FIELDS = (
    "plan_hash", "leaf", "active", "active_set", "level", "level_basis", "facts", "suggestion",
    "received_at", "now", "entered", "tasks", "deadlines", "reports", "consultations",
    "materials", "notices", "alerts", "event_times", "closed", "seq", "version",
)
# Format-2 additions. A state that never used them serialises exactly as before (they are left
# out of ``to_json`` while empty), and a snapshot written before they existed reads them empty.
#   assessed    fact → the value 经评估认为可能 (an assessed, not yet actual, value)
#   approvals   approval id → its record (requested, granted or refused by a body outside the room)
#   linked      incident id → what this incident knows of a linked one (received_at, facts, merged)
#   deferred    deadlines waiting for their anchor (a report submitted, a hop done, a fact set …)
#   handed_from where a handed-over incident came from ({incident, plan, state}), else empty
#   stamps      fact → the event time it was last changed (time windows read them)
_OPTIONAL: dict[str, Any] = {
    "assessed": dict, "approvals": dict, "linked": dict, "deferred": list, "handed_from": dict,
    "stamps": dict,
}


class IncidentState:
    """The state of one incident under one pinned plan. Treat it as read-only outside the engine."""

    __slots__ = _FIELDS + tuple(_OPTIONAL) + ("_owned",)

    plan_hash: str
    leaf: str
    active: tuple[str, ...]  # innermost first
    active_set: frozenset[str]
    level: str | None
    level_basis: dict[str, Any] | None
    facts: dict[str, Any]
    suggestion: dict[str, Any]
    received_at: datetime
    now: datetime
    entered: dict[str, datetime]
    tasks: dict[str, Task]  # by id
    deadlines: dict[str, Deadline]  # by id (the id of what they are for)
    reports: dict[str, int]  # report kind → how many were submitted
    consultations: dict[str, ConsultationRecord]  # by question
    materials: list[MaterialsRequest]
    notices: list[Notice]
    alerts: list[Alert]
    event_times: dict[str, datetime]
    closed: bool
    seq: int
    version: int
    assessed: dict[str, Any]
    approvals: dict[str, Any]
    linked: dict[str, Any]
    deferred: list[Any]
    handed_from: dict[str, Any]
    stamps: dict[str, datetime]
    _owned: set[str] | None  # the containers this state no longer shares (see ``_mut``)

    def copy(self) -> IncidentState:
        """A new state sharing this one's containers; the engine copies a container before
        its first change in a step (copy-on-write, see ``_mut``), so neither state sees the
        other's changes. Written out field by field: this is the engine's hot path."""
        s = _new_state(IncidentState)
        s.plan_hash = self.plan_hash
        s.leaf = self.leaf
        s.active = self.active
        s.active_set = self.active_set
        s.level = self.level
        s.level_basis = self.level_basis
        s.facts = self.facts
        s.suggestion = self.suggestion
        s.received_at = self.received_at
        s.now = self.now
        s.entered = self.entered.copy()  # small (one entry per active state) and changed by most steps
        s.tasks = self.tasks
        s.deadlines = self.deadlines
        s.reports = self.reports
        s.consultations = self.consultations
        s.materials = self.materials
        s.notices = self.notices
        s.alerts = self.alerts
        s.event_times = self.event_times
        s.closed = self.closed
        s.seq = self.seq
        s.version = self.version
        s.assessed = self.assessed
        s.approvals = self.approvals
        s.linked = self.linked
        s.deferred = self.deferred
        s.handed_from = self.handed_from
        s.stamps = self.stamps
        s._owned = None
        return s

    # -- read helpers used by guards and views --------------------------------------
    @property
    def suggested_level(self) -> str | None:
        return self.suggestion.get("level")

    def open_task_count(self, unit: str | None = None) -> int:
        return sum(1 for t in self.tasks.values()
                   if t["status"] == "open" and (unit is None or t["unit"] == unit))

    def reports_submitted(self, kind: str) -> int:
        return self.reports.get(kind, 0)

    def open_deadlines(self) -> list[Deadline]:
        # 立即 (immediate) first: due at its anchor, never recorded missed by the clock
        return sorted((d for d in self.deadlines.values() if d["status"] == "open"),
                      key=lambda d: (not d.get("immediate", False), d["due_at"], d["id"]))

    # -- serialisation (snapshots, projections) ------------------------------------
    def to_json(self) -> dict[str, Any]:
        out = {}
        for f in _FIELDS:
            if f == "active_set":
                continue
            out[f] = _enc(getattr(self, f))
        for f in _OPTIONAL:
            v = getattr(self, f)
            if v:
                out[f] = _enc(v)
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> IncidentState:
        s = cls.__new__(cls)
        for f in _FIELDS:
            if f == "active_set":
                continue
            setattr(s, f, _dec(data[f], f))
        for f, empty in _OPTIONAL.items():
            setattr(s, f, _dec(data[f], f) if f in data else empty())
        s.active = tuple(s.active)
        s.active_set = frozenset(s.active)
        s._owned = set(_CONTAINERS)
        return s

    def __eq__(self, other: object) -> bool:
        return isinstance(other, IncidentState) and self.to_json() == other.to_json()

    __hash__ = None  # type: ignore[assignment]


_new_state = object.__new__
# where console.plan.chain_engine.index_of keeps a plan's chain index (read here without the call:
# this is the engine's hot path, and most plans have no chain)
CHAIN_INDEX_KEY = "_chain_index"
_CONTAINERS = frozenset({"tasks", "deadlines", "consultations", "materials", "notices",
                         "alerts", "event_times", *_OPTIONAL})


def _mut(s: IncidentState, name: str) -> Any:
    """The container ``name`` of ``s``, copied first if ``s`` may share it with another state.

    Nested records (a task, a deadline …) are never changed in place: they are replaced."""
    owned = getattr(s, "_owned", None)
    if owned is None:  # nothing copied yet in this step (or a state built by hand)
        owned = s._owned = set()
    if name in owned:
        return getattr(s, name)
    v = getattr(s, name).copy()
    setattr(s, name, v)
    owned.add(name)
    return v


_TIME_KEYS = {"at", "due_at", "created_at", "closed_at", "done_at", "requested_at", "concluded_at",
              "received_at", "now", "anchor_at", "delivered_at", "acked_at", "reopened_at", "ended_at",
              "decided_at", "forwarded_at"}


def _enc(v: Any) -> Any:
    if isinstance(v, datetime):
        return v.isoformat()
    if isinstance(v, dict):
        return {k: _enc(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_enc(x) for x in v]
    return v


def _dec(v: Any, key: str) -> Any:
    if key in ("facts", "suggestion", "assessed"):  # plain data: a fact called `at` stays what it is
        return dict(v)
    if key == "stamps":
        return {k: datetime.fromisoformat(x) for k, x in v.items()}
    if key in ("received_at", "now"):
        return datetime.fromisoformat(v)
    if key in ("entered", "event_times"):
        return {k: datetime.fromisoformat(x) for k, x in v.items()}
    if isinstance(v, dict):
        return {k: (datetime.fromisoformat(x) if k in _TIME_KEYS and isinstance(x, str)
                    else _dec(x, k)) for k, x in v.items()}
    if isinstance(v, list):
        return [_dec(x, key) for x in v]
    return v


# ---------------------------------------------------------------------------------
# Facts and grading
# ---------------------------------------------------------------------------------

def validate_facts(plan: Plan, facts: dict[str, Any]) -> dict[str, Any]:
    """Check values against the plan's declarations; raise Rejected naming the field."""
    out: dict[str, Any] = {}
    for name, value in facts.items():
        decl = plan.facts.get(name) if isinstance(name, str) else None
        if decl is None:
            raise Rejected("unknown_fact", f"预案没有声明事实「{name}」")
        if value is None:
            out[name] = None
            continue
        label = decl.label
        t = decl.type
        if t == "int":
            if isinstance(value, bool) or not isinstance(value, int):
                raise Rejected("bad_fact", f"「{label}」必须是整数，而不是 {value!r}")
        elif t == "number":
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
                raise FactOutOfBounds(label, f"「{label}」必须是数值，而不是 {value!r}")
        elif t == "bool":
            if not isinstance(value, bool):
                raise Rejected("bad_fact", f"「{label}」必须是“是”或“否”，而不是 {value!r}")
        elif t == "enum":
            if not isinstance(value, str) or value not in decl.values:
                opts = "、".join(decl.labels.get(v, v) for v in decl.values)
                raise Rejected("bad_fact", f"「{label}」的取值 {value!r} 无效，可选：{opts}")
        elif t == "text":
            if not isinstance(value, str):
                raise Rejected("bad_fact", f"「{label}」必须是文本")
            if len(value) > TEXT_MAX:
                raise FactTooLong(label, f"「{label}」过长（{len(value)} 字，上限 {TEXT_MAX:,} 字）")
        elif t == "datetime":
            try:
                if not isinstance(value, str):
                    raise TypeError(value)
                datetime.fromisoformat(value)
            except (TypeError, ValueError):
                raise Rejected("bad_fact",
                               f"「{label}」必须是时间（如 2026-11-22T14:15:00+08:00），而不是 {value!r}") from None
        elif t == "duration":
            bad = validate_duration(label, value)
            if bad is not None:
                raise Rejected("bad_fact", bad)
        if t in ("int", "number"):
            lo, hi = fact_range(decl)
            if value < lo:
                raise FactOutOfBounds(label, f"「{label}」不能小于 {number_text(lo)}（填写的是 {value:,}）")
            if value > hi:
                raise FactOutOfBounds(label, f"「{label}」不能大于 {number_text(hi)}（填写的是 {value:,}）")
        out[name] = value
    return out


def suggest_level(plan: Plan, state: Any) -> dict[str, Any]:
    """Evaluate every rule; the most severe match wins (就高不就低); then modifiers raise it.

    When every rule and modifier looks only at facts, the result is memoised by the facts'
    bands (:class:`console.plan.guards.GradingIndex`): same bands, same suggestion.
    """
    index = plan.grading_index
    if index is not None:
        return index.lookup(state.facts, lambda: _grade(plan, state),  # type: ignore[no-any-return]
                            getattr(state, "assessed", None))
    return _grade(plan, state)


def _grade(plan: Plan, state: Any) -> dict[str, Any]:
    matched = [r for r in plan.rules if r.when.test(state)]
    if not matched:
        out: dict[str, Any] = {"level": None, "rules": [], "winner": None, "modifiers": [], "base": None}
        return grade_extras(plan, state, out) if _has_extras(plan) else out
    best = min(matched, key=lambda r: plan.rank(r.level))
    base = best.level
    rank = plan.rank(base)
    applied = []
    raise_by = 0
    cap = 0
    for m in plan.modifiers:
        if m.optional:  # 可相应提高: suggested (grade_extras), never applied
            continue
        if m.when.test(state):
            applied.append(m.id)
            if m.raise_by > raise_by:
                raise_by = m.raise_by
                cap = plan.rank(m.max_level) if m.max_level else 0
    new_rank = max(rank - raise_by, min(cap, rank), 0)
    graded: dict[str, Any] = {
        "level": plan.level_ids[new_rank],
        "rules": [r.id for r in matched],
        "winner": best.id,
        "modifiers": applied,
        "base": base,
    }
    return grade_extras(plan, state, graded) if _has_extras(plan) else graded


def _has_extras(plan: Plan) -> bool:
    """Does grading list 需认定 rules or optional raises (format 2)? Else the result keeps its old keys."""
    return bool(plan.judgements) or any(m.optional for m in plan.modifiers)


# ---------------------------------------------------------------------------------
# The step
# ---------------------------------------------------------------------------------

def check_fact_relations(plan: Plan, facts: dict[str, Any]) -> None:
    """Facts the plan bounds by another (``at_most``): 死亡人数 can never exceed 发病人数."""
    for name, decl in plan.facts.items():
        other = decl.at_most
        if other is None or facts.get(name) is None or facts.get(other) is None:
            continue
        if facts[name] > facts[other]:
            top = plan.facts[other].label
            raise FactOutOfBounds(decl.label,
                                  f"「{decl.label}」（{facts[name]:,}）不能大于「{top}」（{facts[other]:,}）")


def open_incident(plan: Plan, event: Event) -> tuple[IncidentState, list[dict[str, Any]]]:
    _check_event(event)
    if event.type != "open":
        raise Rejected("not_open", "事件流必须以「接报」（open）开始")
    _check_role_known(plan, event.role)
    raw = event.data.get("facts") or {}
    if not isinstance(raw, dict):
        raise Rejected("bad_fact", "接报的事实必须是「名称: 值」的映射")
    facts = validate_facts(plan, raw)
    check_fact_relations(plan, facts)
    s = IncidentState.__new__(IncidentState)
    s.plan_hash = plan.content_hash
    s.leaf = plan.initial_leaf
    s.active = ()
    s.active_set = frozenset()
    s.level = None
    s.level_basis = None
    s.facts = {k: v for k, v in facts.items() if v is not None}
    stamps = stamped(plan, {}, s.facts, raw, event.at)  # format 2: 最后发病时间 … from the facts received
    if stamps:
        s.facts.update(stamps)
    s.suggestion = {}
    s.received_at = event.at
    s.now = event.at
    s.entered = {}
    s.tasks = {}
    s.deadlines = {}
    s.reports = {}
    s.consultations = {}
    s.materials = []
    s.notices = []
    s.alerts = []
    s.event_times = {}
    s.closed = False
    s.seq = 0
    s.version = 1
    for f, empty in _OPTIONAL.items():
        setattr(s, f, empty())
    if stamps:
        s.stamps = dict.fromkeys(stamps, event.at)
    handed = event.data.get("handed_from")  # 移交: opened by another incident's hand-over (format 2)
    if isinstance(handed, dict) and handed:
        s.handed_from = {k: v for k, v in handed.items() if isinstance(v, str)}
    s._owned = set(_CONTAINERS)
    s.suggestion = suggest_level(plan, s)
    effects: list[dict[str, Any]] = []
    path = plan.initial_path
    _enter(plan, s, path, path[::-1], frozenset(path), event, effects)
    return s, effects


def step(plan: Plan, state: IncidentState, event: Event) -> tuple[IncidentState, list[dict[str, Any]]]:
    """Apply one event to a copy of ``state``. Raises Rejected and leaves ``state`` untouched."""
    s = state.copy()
    effects = apply_event(plan, s, event)
    return s, effects


def replay(plan: Plan, events: Any, state: IncidentState | None = None) -> IncidentState:
    """Fold events into a state. Starts from ``state`` (a snapshot) or from the ``open`` event."""
    it = iter(events)
    if state is None:
        first = next(it)
        state, _ = open_incident(plan, first)
    else:
        state = state.copy()
    for ev in it:
        apply_event(plan, state, ev)
    return state


def _check_event(ev: Any) -> None:
    if ev.__class__ is not Event and not isinstance(ev, Event):
        raise Rejected("bad_event", "不是引擎事件")
    at = ev.at
    if at.__class__ is not datetime and not isinstance(at, datetime) or at.tzinfo is None:
        raise Rejected("bad_time", "事件时间必须是带时区的时间")
    if ev.type.__class__ is not str or ev.role.__class__ is not str or ev.data.__class__ is not dict:
        if not (isinstance(ev.type, str) and isinstance(ev.role, str) and isinstance(ev.data, dict)):
            raise Rejected("bad_event", "事件的类型、角色或数据格式不正确")


def apply_event(plan: Plan, s: IncidentState, ev: Event) -> list[dict[str, Any]]:
    """Apply one event to ``s`` in place and return its effects (:func:`step` without the copy).

    For a fold that owns its state (replay, the drill's milestone fold): on :class:`Rejected`
    ``s`` may be partly changed, so a caller that must keep it intact uses :func:`step`."""
    if ev.__class__ is not Event:
        _check_event(ev)  # the exact reason, or a subclass that is fine
    # One unpacking instead of a dozen attribute reads: this is the engine's hot path.
    t, at, _actor, role, data = ev
    if at.__class__ is not datetime or data.__class__ is not dict or role.__class__ is not str \
            or t.__class__ is not str or at.tzinfo is None:
        _check_event(ev)
    if at < s.now:
        raise Rejected("time_order", f"事件时间 {at.isoformat()} 早于上一事件 {s.now.isoformat()}，时间不能倒流")
    if s.closed and t not in PASSIVE_TYPES and not t.startswith("log.") and t != END_TASKS \
            and not (t == "link_incident" and data.get("handover") == "to"):  # recorded with the closing event
        raise Rejected("closed", "事件已结案，不能再更改（如需补充，请记录值守日志）")
    if role != SYSTEM_ROLE and role not in plan.roles:
        _check_role_known(plan, role)
    # Guards read the state only: a time window (``since``) is measured at this event's time.
    s.now = at
    effects: list[dict[str, Any]] = []
    try:  # format 2 (chains, anchors, on_change): None for a plan that uses none of them
        chains = plan.__dict__[CHAIN_INDEX_KEY]
    except KeyError:
        chains = chain_engine.index_of(plan)
    before = chain_engine.before(s) if chains is not None else None
    if t == "fire":
        _fire(plan, s, ev, data.get("event"), effects, role, at)
    elif t == "facts":
        _facts(plan, s, ev, effects)
    elif t == "decide_level":
        _decide(plan, s, ev, effects)
    elif t == "materials_delivered":
        _materials_delivered(s, ev, effects)
    elif t == "complete_task":
        _complete_task(s, ev, effects)
    elif t == "reopen_task":
        _reopen_task(s, ev, effects)
    elif t == "acknowledge_task":
        _acknowledge_task(s, ev, effects)
    elif t == "submit_report":
        _submit_report(plan, s, ev, effects)
    elif t == "consult_concluded":
        _consult_concluded(plan, s, ev, effects)
    elif t == "deadline_missed":
        _deadline_missed(plan, s, ev, effects)
    elif t == "forward_report":
        chain_engine.forward(plan, s, ev, effects)
    elif t == END_TASKS:
        _end_tasks(s, ev, effects)
    elif t == "approval_decided":
        _approval_decided(plan, s, ev, effects)
    elif t in LINK_EVENTS:
        apply_link_event(plan, s, ev, effects)
    elif t in PASSIVE_TYPES or t.startswith("log."):
        pass
    elif t == "open":
        raise Rejected("already_open", "该事件已接报，不能重复接报")
    else:
        raise Rejected("unknown_type", f"未知的事件类型「{t}」")
    if before is not None:
        chain_engine.after_event(plan, chains, s, ev, effects, before)
    s.version += 1  # (s.now was set to the event's time above; no handler changes it)
    return effects


def _check_role_known(plan: Plan, role: str) -> None:
    if role != SYSTEM_ROLE and role not in plan.roles:
        raise Rejected("unknown_role", f"角色「{role}」不在预案的角色表中（{'、'.join(plan.roles.values())}）")


def available_events(plan: Plan, s: IncidentState, role: str) -> list[dict[str, Any]]:
    """The plan events that could be fired now, for buttons: allowed or not, and why."""
    out = []
    seen = set()
    for sid in s.active:
        for tr in plan.states[sid].transitions:
            if tr.event in seen:
                continue
            seen.add(tr.event)
            kind = plan.event_kind(tr.event)
            try:
                chosen = _select(plan, s, tr.event, role)
                out.append({"event": tr.event, "title": plan.event_title(tr.event), "allowed": True, "reason": None,
                            "kind": kind, "ends": _ends_incident(plan, chosen)})
            except Rejected as r:
                out.append({"event": tr.event, "title": plan.event_title(tr.event),
                            "allowed": False, "reason": r.reason, "kind": kind, "ends": _ends_incident(plan, tr)})
    return out


def _ends_incident(plan: Plan, tr: Transition) -> bool:
    """Does firing ``tr`` enter a final state (the incident is closed for good)?"""
    return bool(tr.enters) and plan.states[tr.enters[-1]].final


def _select(plan: Plan, s: IncidentState, name: str, role: str) -> Transition:
    if s.closed:
        raise Rejected("closed", "事件已结案")
    cands = plan.table.get((s.leaf, name))
    if not cands:
        if name not in plan.events:
            raise Rejected("unknown_event", f"预案中没有事件「{name}」")
        raise Rejected("not_here",
                       f"当前状态「{plan.state_title(s.leaf)}」下不能执行「{plan.event_title(name)}」")
    role_blocked = None
    guard_blocked = None
    need_roles: frozenset[str] | None = None
    for tr in cands:
        roles = tr.roles if tr.roles_by_level is None else tr.roles_at(s.level)
        if roles is not None and role not in roles and role != SYSTEM_ROLE:
            role_blocked = role_blocked or tr
            need_roles = need_roles or roles
            continue
        guard = tr.guard
        if guard is not None and not guard.test(s):
            guard_blocked = guard_blocked or tr
            continue
        return tr
    title = plan.event_title(name)
    if guard_blocked is not None:
        raise Rejected("guard", f"「{title}」的条件尚未满足：{guard_blocked.guard.explain(s)}")  # type: ignore[union-attr]
    assert role_blocked is not None and need_roles is not None
    need = "、".join(plan.role_title(r) for r in sorted(need_roles))
    raise Rejected("role", f"角色「{plan.role_title(role)}」无权执行「{title}」（需要：{need}）")


_Route = tuple[tuple[str, ...], tuple[str, ...], frozenset[str]]


def _plan_cache(plan: Plan) -> dict[str, Any]:
    """Per-plan tables the engine derives once (kept with the immutable plan)."""
    c: dict[str, Any] | None = plan.__dict__.get("_engine_cache")
    if c is None:
        anchors: set[str] = set()
        for st in plan.states.values():
            effs = list(st.enter) + list(st.exit) + [e for tr in st.transitions for e in tr.effects]
            anchors.update(e.anchor[6:] for e in effs if e.anchor.startswith("event:"))
        c = plan.__dict__.setdefault("_engine_cache", {"leaves": {}, "anchors": frozenset(anchors)})
    return c


def _leaf_table(plan: Plan, cache: dict[str, Any], leaf: str) -> dict[str, tuple[Any, ...]]:
    """event → ((transition, route), …) for one active leaf, in selection order.

    A route is (states left innermost first, active states after, as a set, whether no effect
    runs and no final state is entered — the fast path). The active states
    are always the leaf and its ancestors, so a route depends only on the leaf and the transition."""
    active = plan.ancestors(leaf)
    table: dict[str, list[Any]] = {}
    for (sid, event), trs in plan.table.items():
        if sid != leaf:
            continue
        for tr in trs:
            route = None
            if tr.target is not None:
                exited: list[str] = []
                for a in active:
                    if a == tr.domain:
                        break
                    exited.append(a)
                after = tuple(reversed(tr.enters)) + active[len(exited):]
                states = plan.states
                quiet = not any(states[x].exit for x in exited) and not tr.effects \
                    and not any(states[x].enter for x in tr.enters) and not states[tr.enters[-1]].final
                route = (tuple(exited), after, frozenset(after), quiet)
            table.setdefault(event, []).append((tr, route))
    out = {k: tuple(v) for k, v in table.items()}
    cache["leaves"][leaf] = out
    return out


def _fire(plan: Plan, s: IncidentState, ev: Event, name: Any, effects: list[dict[str, Any]],
          role: str | None = None, at: datetime | None = None) -> None:
    """Fire plan event ``name``; ``role`` and ``at`` are the event's, passed when already at hand."""
    if role is None or at is None:
        role, at = ev.role, ev.at
    if name.__class__ is not str:
        raise Rejected("bad_event", "fire 需要事件名")
    try:
        cache = plan.__dict__["_engine_cache"]
    except KeyError:
        cache = _plan_cache(plan)
    leaf = s.leaf
    leaves = cache["leaves"]
    try:
        table = leaves[leaf]
    except KeyError:
        table = _leaf_table(plan, cache, leaf)
    for tr, route in (() if s.closed else table.get(name, ())):  # noqa: B007 - route is used after the loop
        # the first whose roles include the actor's and whose guard holds
        roles = tr.roles if tr.roles_by_level is None else tr.roles_at(s.level)
        if roles is not None and role not in roles and role != SYSTEM_ROLE:
            continue
        guard = tr.guard
        if guard is not None and not guard.test(s):
            continue
        break
    else:
        _select(plan, s, name, role)  # raises Rejected with the reason
        raise AssertionError("unreachable")  # pragma: no cover
    if name in cache["anchors"]:  # only times that some deadline is measured from are kept
        _mut(s, "event_times")[name] = at
    effects.append({"kind": "transition", "event": name, "from": leaf, "to": tr.target})
    if route is None:  # internal: effects only, no exit or entry
        if tr.effects:
            _run_effects(plan, s, tr.effects, tr.source, ev, effects)
        return
    entered = s.entered  # copied by IncidentState.copy()
    if route[3]:  # no effects anywhere on the way: only the configuration changes
        if s.deadlines or s.deferred:
            for sid in route[0]:
                _cancel_scope(s, sid, at)
        for sid in route[0]:
            del entered[sid]
        path = tr.enters
        for sid in path:
            entered[sid] = at
        s.active = route[1]
        s.active_set = route[2]
        s.leaf = path[-1]
        return
    states = plan.states
    for sid in route[0]:  # innermost first, up to (not including) the domain
        if s.deadlines or s.deferred:
            _cancel_scope(s, sid, at)
        st = states[sid]
        if st.exit:  # exit effects outlive the state they leave: their deadlines belong to its parent
            _run_effects(plan, s, st.exit, st.parent or "", ev, effects)
        del entered[sid]
    if tr.effects:
        _run_effects(plan, s, tr.effects, tr.domain or "", ev, effects)
    _enter(plan, s, tr.enters, route[1], route[2], ev, effects, entered, tr.title)


def _enter(plan: Plan, s: IncidentState, path: tuple[str, ...], active: tuple[str, ...],
           active_set: frozenset[str], ev: Event, effects: list[dict[str, Any]],
           entered: dict[str, datetime] | None = None, why: str | None = None) -> None:
    """Enter ``path`` (outermost first, down to a leaf); ``active`` is the configuration after."""
    at = ev.at
    if entered is None:
        entered = s.entered
    for sid in path:
        entered[sid] = at
    s.active = active
    s.active_set = active_set
    s.leaf = path[-1]
    states = plan.states
    for sid in path:
        enter = states[sid].enter
        if enter:
            _run_effects(plan, s, enter, sid, ev, effects)
    if states[s.leaf].final:
        s.closed = True
        for d in list(s.deadlines.values()):
            if d["status"] == "open":
                if d.get("cancel_on_exit", True):  # a format-1 plan, a timer, or the plan says so
                    _close_deadline(s, d["id"], "cancelled", at)
                else:  # honest: what was still to do when the incident closed
                    late = d["due_at"] < at and not d.get("immediate", False)
                    _close_deadline(s, d["id"], "missed" if late else "unfinished", at)
        if states[s.leaf].handover is not None:  # 移交: the service opens the receiving incident
            effects.append(handover_effect(states[s.leaf], s))
        closed: dict[str, Any] = {"kind": "closed", "state": s.leaf}
        if why:  # the transition's title: the reason an ``end_tasks`` record gives (format 2)
            closed["why"] = why
        effects.append(closed)


def ended_reason(kind: str | None, why: str | None, final_title: str) -> str:
    """Why a final state ends the open tasks: 「事件已排除：经核实不属于食品安全事故」, 「响应已终止」 …"""
    if kind == "dismiss":
        return f"事件已排除：{why or final_title}"
    if kind == "terminate":
        return "响应已终止" + (f"：{why}" if why else "")
    if kind == "close":
        return "事件已结案"
    return f"事件已结束（{final_title}）"


def closing_reason(plan: Plan, s: IncidentState, ev: Event, effects: list[dict[str, Any]]) -> str | None:
    """When ``ev`` (with its ``effects``) closed the incident under a format-2 plan and tasks are
    still open: the reason to record with :data:`END_TASKS` (the command's own ``reason``, else
    the transition's title). None: nothing to end (a format-1 plan ends nothing: replays as it was)."""
    closed = next((e for e in effects if e.get("kind") == "closed"), None)
    if closed is None or plan.format_version < 2 or not any(t["status"] == "open" for t in s.tasks.values()):
        return None
    name = ev.data.get("event") if ev.type == "fire" else None
    given = ev.data.get("reason") if ev.type == "fire" else None
    why = given.strip() if isinstance(given, str) and given.strip() else closed.get("why")
    kind = plan.event_kinds.get(name) if isinstance(name, str) else None
    return ended_reason(kind, why, plan.state_title(s.leaf))


def end_tasks_after(plan: Plan, state: IncidentState, ev: Event, effects: list[dict[str, Any]]
                    ) -> tuple[IncidentState, Event | None, list[dict[str, Any]]]:
    """The :data:`END_TASKS` record due after ``ev`` closed the incident (see :func:`closing_reason`),
    applied: (the new state, the event to record with the closing one, its effects). When none is
    due: (``state``, None, [])."""
    reason = closing_reason(plan, state, ev, effects)
    if reason is None:
        return state, None, []
    end = Event(END_TASKS, ev.at, ev.actor, ev.role, {"reason": reason})
    new, ended = step(plan, state, end)
    return new, end, ended


def _end_tasks(s: IncidentState, ev: Event, effects: list[dict[str, Any]]) -> None:
    """``end_tasks``: the incident reached a final state; every task still open is 不再需要
    (``not_needed``), with the reason. Recorded by the service right after the closing event."""
    if not s.closed:
        raise Rejected("not_closed", "事件尚未结案，任务仍需办理")
    reason = ev.data.get("reason")
    if not isinstance(reason, str) or not reason.strip():
        raise Rejected("bad_event", "end_tasks 需要原因")
    for t in list(s.tasks.values()):
        if t["status"] == "open":
            t = t.copy()
            t["status"] = "not_needed"
            t["ended_at"] = ev.at
            t["ended_reason"] = reason
            _mut(s, "tasks")[t["id"]] = t
            effects.append({"kind": "task_not_needed", "task": t["id"], "reason": reason})


def _cancel_scope(s: IncidentState, sid: str, at: datetime) -> None:
    """Leaving state ``sid``: cancel the open deadlines it created that end with it (all of them
    under a format-1 plan; under format 2 those with ``cancel_on_exit``)."""
    for d in list(s.deadlines.values()):
        if d["status"] == "open" and d["scope"] == sid and d.get("cancel_on_exit", True):
            _close_deadline(s, d["id"], "cancelled", at)
    if s.deferred:
        chain_engine.cancel_scope(s, sid)


def _close_deadline(s: IncidentState, did: str, status: DeadlineStatus, at: datetime) -> Deadline:
    d = s.deadlines[did].copy()
    d["status"] = status
    d["closed_at"] = at
    _mut(s, "deadlines")[did] = d
    return d


def _next_id(s: IncidentState, prefix: str) -> str:
    s.seq += 1
    return f"{prefix}{s.seq}"


def _anchor(s: IncidentState, eff: Effect, at: datetime) -> datetime:
    a = eff.anchor
    if a == "received":
        return s.received_at
    if a.startswith("event:"):
        return s.event_times.get(a[6:], at)
    return at


class _DeadlineRef(TypedDict, total=False):
    """What a deadline is for (the keys after ``every`` in :class:`Deadline`)."""

    unit: str
    task: str
    report_kind: str
    to: str | None
    question: str
    request: str
    timer: str
    approval: str
    cancel_on_exit: bool  # not a reference: set by ``_deadline`` itself (format 2)


def _deadline(plan: Plan, s: IncidentState, eff: Effect, did: str, kind: DeadlineKind, title: str,
              scope: str, at: datetime, ref: _DeadlineRef) -> datetime | None:
    if eff.within is None:
        return None
    if eff.within.immediate or chain_engine.is_new_anchor(eff.anchor):  # format 2: fact:, report: …
        return chain_engine.effect_deadline(plan, s, eff, did, kind, title, scope, at, dict(ref))
    anchor = _anchor(s, eff, at)
    # Until a level is decided, a level-dependent deadline follows the grading suggestion:
    # a grave incident gets its 1-hour 初报 from the moment it is received.
    level = s.level if s.level is not None else s.suggested_level
    due = anchor + eff.within.for_level(level, plan.level_ids)
    d: Deadline = {
        "id": did, "kind": kind, "title": title, "scope": scope, "created_at": at, "anchor_at": anchor,
        "due_at": due, "status": "open", "closed_at": None, "level": s.level,
        "fire": (eff.params.get("fire") if kind == "timer" else (eff.on_miss.fire if eff.on_miss else None)),
        "alert": eff.on_miss.alert if eff.on_miss else None,
        "every": eff.every.total_seconds() if eff.every else None,
        **ref,  # type: ignore[typeddict-item]  # (the format-2 keys are set by console.plan.chain_engine)
    }
    if eff.cancel_on_exit is not None:  # format 2 (a format-1 record keeps its old keys)
        d["cancel_on_exit"] = eff.cancel_on_exit
    _mut(s, "deadlines")[did] = d
    return due


def _run_effects(plan: Plan, s: IncidentState, items: tuple[Effect, ...], scope: str, ev: Event,
                 effects: list[dict[str, Any]]) -> None:
    at = ev.at
    for eff in items:
        p = eff.params
        k = eff.kind
        if k == "task":
            tid = _next_id(s, "T")
            due = _deadline(plan, s, eff, tid, "task", p["title"], scope, at, {"unit": p["unit"], "task": tid})
            task: Task = {"id": tid, "plan_id": p.get("id"), "unit": p["unit"], "title": p["title"],
                          "state": scope, "created_at": at, "due_at": due, "status": "open",
                          "done_at": None, "done_by": None, "note": p.get("note")}
            if eff.ack_within is not None:
                task["ack_within"] = eff.ack_within.total_seconds()
            if p["unit"] in plan.leads:  # format 2: the lead for this level or these facts, now
                task["lead"] = unit_lead(plan, s, p["unit"])
            _mut(s, "tasks")[tid] = task
            effects.append({"kind": "task", "task": tid, "unit": p["unit"], "title": p["title"], "due_at": due})
        elif k == "report":
            if eff.chain or eff.on_change is not None:  # 报告链 / on_change (format 2)
                chain_engine.report_effect(plan, s, eff, scope, ev, effects)
                continue
            rid = _next_id(s, "R")
            title = p.get("title") or plan.report_kinds[p["kind"]]["title"]
            due = _deadline(plan, s, eff, rid, "report", title, scope, at,
                            {"report_kind": p["kind"], "to": p.get("to")})
            effects.append({"kind": "report_due", "deadline": rid, "report_kind": p["kind"], "title": title,
                            "due_at": due})
        elif k == "consult":
            cid = _next_id(s, "C")
            due = _deadline(plan, s, eff, cid, "consult", p["title"], scope, at, {"question": p["question"]})
            rec: ConsultationRecord = {
                "id": cid, "question": p["question"], "title": p["title"],
                "specialties": list(p.get("specialties", [])), "quorum": p.get("quorum", 3),
                "status": "requested", "outcome": None, "level": None, "requested_at": at,
                "concluded_at": None, "due_at": due}
            _mut(s, "consultations")[p["question"]] = rec
            effects.append({"kind": "consult", **rec})
        elif k == "materials":
            mid = _next_id(s, "M")
            items_: list[MaterialsItem] = []
            for it in p["items"]:
                q = it["qty"]
                if isinstance(q, dict):
                    q = q.get(s.level, q.get("default", 0)) if s.level in q or "default" in q else 0
                if q > 0:
                    items_.append({"item": it["item"], "qty": q})
            title = p.get("title", "应急物资调用")
            due = _deadline(plan, s, eff, mid, "materials", title, scope, at, {"request": mid})
            req: MaterialsRequest = {
                "id": mid, "title": title, "items": items_, "created_at": at, "due_at": due, "level": s.level,
                "status": "requested", "delivered_at": None, "delivered_by": None}
            _mut(s, "materials").append(req)
            effects.append({"kind": "materials", **req})
        elif k == "notify":
            n: Notice = {"audience": p["audience"], "channel": p["channel"], "kind": p.get("kind", "notice"),
                         "text": p["text"], "at": at}
            _mut(s, "notices").append(n)
            effects.append({**n, "kind": "notify", "notice_kind": n["kind"]})
        elif k == "alert":
            a: Alert = {"text": p["text"], "severity": p.get("severity", "warning"), "at": at}
            _mut(s, "alerts").append(a)
            effects.append({"kind": "alert", **a})
        elif k == "timer":
            did = _next_id(s, "TM")
            due = _deadline(plan, s, eff, did, "timer", p["title"], scope, at, {"timer": p["id"]})
            effects.append({"kind": "timer", "deadline": did, "title": p["title"], "due_at": due})
        elif k == "level":
            _level_effect(plan, s, p, ev, effects)
        elif k == "approval":
            _approval_effect(plan, s, eff, scope, at, effects)


def _approval_effect(plan: Plan, s: IncidentState, eff: Effect, scope: str, at: datetime,
                     effects: list[dict[str, Any]]) -> None:
    """报请批准 (format 2): a new round unless this approval is still pending."""
    from console.plan.approvals import new_round

    aid = eff.params["id"]
    old = s.approvals.get(aid)
    if old is not None and old["status"] == "requested":
        return
    did = _next_id(s, "A")
    title = plan.approvals[aid].title
    due = _deadline(plan, s, eff, did, "approval", title, scope, at, {"approval": aid})
    rec = new_round(plan, s, aid, did if due is not None else None, at, due)
    _mut(s, "approvals")[aid] = rec
    effects.append({"kind": "approval", "approval": aid, "title": title, "body": rec["body"], "due_at": due,
                    "round": rec["round"]})


def _approval_decided(plan: Plan, s: IncidentState, ev: Event, effects: list[dict[str, Any]]) -> None:
    from console.plan.approvals import decide

    rec = decide(plan, s, ev)
    _mut(s, "approvals")[rec["id"]] = rec
    did = rec["deadline"]
    d = s.deadlines.get(did) if did is not None else None
    on_time = None
    if d is not None and d["status"] == "open":
        on_time = ev.at <= d["due_at"]
        _close_deadline(s, d["id"], "met", ev.at)
    elif d is not None and d["status"] == "missed":
        on_time = False
    effects.append({"kind": "approval_decided", "approval": rec["id"], "title": rec["title"],
                    "status": rec["status"], "by": rec["decided_by"], "doc_no": rec["doc_no"],
                    "reason": rec["reason"], "on_time": on_time})


def _level_effect(plan: Plan, s: IncidentState, p: Mapping[str, Any], ev: Event, effects: list[dict[str, Any]]) -> None:
    old = s.level
    ids = plan.level_ids
    if "set" in p:
        new = s.suggested_level if p["set"] == "suggested" else p["set"]
    else:
        if old is None:
            # raising an ungraded incident starts at the least severe level; lowering keeps it ungraded
            new = ids[max(len(ids) - p["raise"], 0)] if "raise" in p else None
        else:
            r = plan.rank(old)
            r = r - p["raise"] if "raise" in p else r + p["lower"]
            new = ids[min(max(r, 0), len(ids) - 1)]  # clamped at the most and least severe levels
    if new != old:
        s.level = new
        s.level_basis = {"by": "plan", "at": ev.at, "actor": ev.actor, "reason": "预案规定"}
        effects.append({"kind": "level", "from": old, "to": new})
    elif "raise" in p and old is not None and plan.rank(old) == 0:  # honest: nothing was raised
        effects.append({"kind": "level_unchanged", "level": old, "text": top_level_notice(plan)})


def _facts(plan: Plan, s: IncidentState, ev: Event, effects: list[dict[str, Any]]) -> None:
    raw = ev.data.get("facts")
    assessed = ev.data.get("assessed")
    if assessed is not None:  # 经评估可能 (format 2): only the values, or with facts
        _assessed(plan, s, assessed)
        if not raw:
            raw = {}
    elif not isinstance(raw, dict) or not raw:
        raise Rejected("bad_fact", "没有要更新的事实")
    if not isinstance(raw, dict):
        raise Rejected("bad_fact", "没有要更新的事实")
    new = validate_facts(plan, raw)
    facts = dict(s.facts)
    for k, v in new.items():
        if v is None:
            facts.pop(k, None)
        else:
            facts[k] = v
    check_fact_relations(plan, facts)
    stamps = stamped(plan, s.facts, facts, new, ev.at)  # format 2: a stamp fact follows its count
    if stamps:
        facts.update(stamps)
        _mut(s, "stamps").update(dict.fromkeys(stamps, ev.at))
    s.facts = facts
    old = s.suggestion.get("level")
    s.suggestion = suggest_level(plan, s)
    effects.append({"kind": "facts", "changed": sorted(new)})
    if assessed:
        effects[-1]["assessed"] = sorted(assessed)
    if s.suggestion.get("level") != old:
        effects.append({"kind": "suggestion", "from": old, "to": s.suggestion.get("level"),
                        "rule": s.suggestion.get("winner")})


def _assessed(plan: Plan, s: IncidentState, raw: Any) -> None:
    """``assessed`` of a ``facts`` event: values 经评估认为可能 for facts declared ``assessable``
    (None clears one). Stored in ``state.assessed``; guards with ``or_assessed`` read them."""
    if not isinstance(raw, dict) or not raw:
        raise Rejected("bad_fact", "经评估可能的事实必须是「名称: 值」的映射")
    for name in raw:
        decl = plan.facts.get(name) if isinstance(name, str) else None
        if decl is not None and not decl.assessable:
            raise Rejected("not_assessable", f"「{decl.label}」不是可评估的事实，不能填写经评估可能的值")
    values = validate_facts(plan, raw)
    out = _mut(s, "assessed")
    for k, v in values.items():
        if v is None:
            out.pop(k, None)
        else:
            out[k] = v


def _decide(plan: Plan, s: IncidentState, ev: Event, effects: list[dict[str, Any]]) -> None:
    rule_id = ev.data.get("rule")
    if rule_id is not None:  # a judged_by rule cited: it names who may judge (console.plan.judgement)
        _decide_by_rule(plan, ev, rule_id)
    elif plan.decision_roles is not None and ev.role not in plan.decision_roles and ev.role != SYSTEM_ROLE:
        need = "、".join(plan.role_title(r) for r in sorted(plan.decision_roles))
        raise Rejected("role", f"角色「{plan.role_title(ev.role)}」无权认定级别（需要：{need}）")
    level = ev.data.get("level")
    if level is not None and (not isinstance(level, str) or level not in plan.level_ids):
        raise Rejected("bad_level", f"未知的级别「{level}」（可选：{'、'.join(plan.level_ids)}，或不分级）")
    reason = ev.data.get("reason")
    if not isinstance(reason, str) or not reason.strip():
        raise Rejected("no_reason", "认定级别必须写明理由（如：经专家核定、市政府认定）")
    old = s.level
    s.level = level
    s.level_basis = {"by": "decision", "at": ev.at, "actor": ev.actor, "role": ev.role,
                     "reason": reason.strip(), "basis": ev.data.get("basis", "政府认定"),
                     "suggested": s.suggested_level}
    if rule_id is not None:
        s.level_basis["rule"] = rule_id
    effects.append({"kind": "level", "from": old, "to": level, "decision": True,
                    "override": level != s.suggested_level})


def _decide_by_rule(plan: Plan, ev: Event, rule_id: Any) -> None:
    rule = judgement(plan, rule_id) if isinstance(rule_id, str) else None
    if rule is None:
        known = "、".join(j.id for j in plan.judgements) or "无"
        raise Rejected("bad_rule", f"预案中没有需认定的规则「{rule_id}」（可引用：{known}）")
    level = ev.data.get("level")
    if level != rule.level:
        raise Rejected("rule_level", f"规则 {rule.id}「{rule.title}」认定的是{plan.level_name(rule.level)}，"
                                     f"不能据此认定为{plan.level_name(level)}")
    if ev.role not in rule.judged_by and ev.role != SYSTEM_ROLE:
        need = "、".join(plan.role_title(r) for r in sorted(rule.judged_by))
        raise Rejected("role", f"角色「{plan.role_title(ev.role)}」无权依规则 {rule.id} 认定级别（需要：{need}）")


def _complete_task(s: IncidentState, ev: Event, effects: list[dict[str, Any]]) -> None:
    tid = ev.data.get("task")
    t = s.tasks.get(tid) if isinstance(tid, str) else None
    if t is None:
        raise Rejected("no_task", f"没有任务「{tid}」")
    if t["status"] != "open":
        raise Rejected("task_done", f"任务「{t['title']}」已于 {_local(t['done_at'])} 完成，不能重复完成")
    t = t.copy()
    t["status"] = "done"
    t["done_at"] = ev.at
    t["done_by"] = ev.actor
    t["note"] = ev.data.get("note") or t["note"]
    _mut(s, "tasks")[tid] = t
    met = None
    d = s.deadlines.get(tid)  # type: ignore[arg-type]
    if d is not None and d["status"] == "open":
        met = ev.at <= d["due_at"]
        _close_deadline(s, tid, "met", ev.at)  # type: ignore[arg-type]
    elif d is not None and d["status"] == "missed":
        met = False
    effects.append({"kind": "task_done", "task": tid, "on_time": met})


def _local(t: datetime | None) -> str:
    """A time in a refusal, as the console shows times (China Standard Time)."""
    return t.astimezone(CHINA_TZ).strftime("%m-%d %H:%M") if t is not None else "—"


def _task_of(s: IncidentState, ev: Event) -> Task:
    tid = ev.data.get("task")
    t = s.tasks.get(tid) if isinstance(tid, str) else None
    if t is None:
        raise Rejected("no_task", f"没有任务「{tid}」")
    return t


def _reopen_task(s: IncidentState, ev: Event, effects: list[dict[str, Any]]) -> None:
    """撤销完成: a completion recorded by mistake is withdrawn. The task is open again; a deadline
    this completion met is open again too (overdue at once if its time has passed: the next
    deadline check records it missed); a deadline missed before stays missed."""
    t = _task_of(s, ev)
    if t["status"] != "done":
        raise Rejected("task_open", f"任务「{t['title']}」尚未完成，无需撤销完成")
    reason = ev.data.get("reason")
    if not isinstance(reason, str) or not reason.strip():
        raise Rejected("no_reason", "撤销完成必须写明理由（如：误点完成，现场尚未到达）")
    tid = t["id"]
    done_at = t["done_at"]
    t = t.copy()
    t["status"] = "open"
    t["done_at"] = None
    t["done_by"] = None
    t["reopened_at"] = ev.at
    t["reopened_by"] = ev.actor
    t["reopen_reason"] = reason.strip()
    _mut(s, "tasks")[tid] = t
    deadline = None
    d = s.deadlines.get(tid)
    if d is not None:
        deadline = d["status"]
        if d["status"] == "met" and d["closed_at"] == done_at:
            if d.get("cancel_on_exit", True) and d["scope"] not in s.active_set:
                deadline = _close_deadline(s, tid, "cancelled", ev.at)["status"]  # its state is over
            else:
                nd = d.copy()
                nd["status"] = "open"
                nd["closed_at"] = None
                _mut(s, "deadlines")[tid] = nd
                deadline = "open"
    effects.append({"kind": "task_reopened", "task": tid, "deadline": deadline, "reason": reason.strip()})


def _acknowledge_task(s: IncidentState, ev: Event, effects: list[dict[str, Any]]) -> None:
    """签收: the unit or person a task is given to confirms they have it (``by``: who, as the
    caller names them; the account recording it when not given)."""
    t = _task_of(s, ev)
    if t["status"] != "open":
        raise Rejected("task_done", f"任务「{t['title']}」已完成，无需签收")
    if t.get("acked_at") is not None:
        raise Rejected("task_acked",
                       f"任务「{t['title']}」已于 {_local(t['acked_at'])} 由{t.get('acked_by')}签收")
    by = ev.data.get("by")
    if by is not None and (not isinstance(by, str) or not by.strip()):
        raise Rejected("bad_ack", "签收人须是文本（姓名或单位）")
    who = by.strip() if isinstance(by, str) else ev.actor
    t = t.copy()
    t["acked_at"] = ev.at
    t["acked_by"] = who
    t["ack_recorded_by"] = ev.actor
    _mut(s, "tasks")[t["id"]] = t
    effects.append({"kind": "task_acknowledged", "task": t["id"], "by": who})


def _materials_delivered(s: IncidentState, ev: Event, effects: list[dict[str, Any]]) -> None:
    rid = ev.data.get("request")
    idx = next((i for i, m in enumerate(s.materials) if m["id"] == rid), None) if isinstance(rid, str) else None
    if idx is None:
        raise Rejected("no_request", f"没有物资调用请求「{rid}」")
    req = s.materials[idx]
    rid = req["id"]
    if req["status"] == "delivered":
        raise Rejected("delivered",
                       f"物资调用「{req['title']}」已于 {_local(req['delivered_at'])} 送达，不能重复登记")
    req = req.copy()
    req["status"] = "delivered"
    req["delivered_at"] = ev.at
    req["delivered_by"] = ev.actor
    req["note"] = ev.data.get("note")
    req["dispatch"] = ev.data.get("dispatch")
    _mut(s, "materials")[idx] = req
    on_time = None
    d = s.deadlines.get(rid)
    if d is not None and d["status"] == "open":
        on_time = ev.at <= d["due_at"]
        _close_deadline(s, rid, "met", ev.at)
    elif d is not None and d["status"] == "missed":
        on_time = False
    effects.append({"kind": "materials_delivered", "request": rid, "on_time": on_time})


def _submit_report(plan: Plan, s: IncidentState, ev: Event, effects: list[dict[str, Any]]) -> None:
    kind = ev.data.get("kind")
    if not isinstance(kind, str) or kind not in plan.report_kinds:
        raise Rejected("bad_report", f"预案中没有报告类型「{kind}」")
    reports = dict(s.reports)
    reports[kind] = reports.get(kind, 0) + 1
    s.reports = reports
    open_ = [d for d in s.open_deadlines() if d["kind"] == "report" and d.get("report_kind") == kind]
    satisfied = None
    if open_:
        d = _close_deadline(s, open_[0]["id"], "met", ev.at)
        satisfied = d["id"]
        _repeat(plan, s, d, ev.at)
    else:  # format 2: a chained report goes to its open hop
        satisfied = chain_engine.submitted_hop(plan, s, kind, ev, effects)
    effects.append({"kind": "report_submitted", "report_kind": kind, "deadline": satisfied,
                    "report_id": ev.data.get("report_id")})


def _repeat(plan: Plan, s: IncidentState, d: Deadline, at: datetime) -> None:
    """Periodic reports (every: P1D): the next one is due one period later, while its state lasts."""
    every = d.get("every")
    if not every or d["scope"] not in s.active_set:
        return
    nid = _next_id(s, "R")
    base = at if d["status"] == "met" else d["due_at"]
    nd = d.copy()
    nd["id"] = nid
    nd["created_at"] = at
    nd["anchor_at"] = base
    nd["due_at"] = base + timedelta(seconds=every)
    nd["status"] = "open"
    nd["closed_at"] = None
    _mut(s, "deadlines")[nid] = nd


def _consult_concluded(plan: Plan, s: IncidentState, ev: Event, effects: list[dict[str, Any]]) -> None:
    q = ev.data.get("question")
    if not isinstance(q, str) or q not in ("grade", "escalate", "de_escalate", "terminate", "technical"):
        raise Rejected("bad_consult", f"未知的会商议题「{q}」")
    outcome = ev.data.get("outcome")
    if outcome not in ("approve", "reject"):
        raise Rejected("bad_consult", "会商结论必须是「同意」(approve) 或「不同意」(reject)")
    level = ev.data.get("level")
    if level is not None and (not isinstance(level, str) or level not in plan.level_ids):
        raise Rejected("bad_level", f"会商建议的级别「{level}」不在预案中")
    old = s.consultations.get(q)
    rec: ConsultationRecord
    if old is not None:
        rec = old.copy()
    else:  # concluded without a request from the plan (keys in the order the record always had)
        rec = {"id": _next_id(s, "C"), "question": q, "title": "专家会商", "specialties": [], "quorum": None,
               "requested_at": ev.at, "due_at": None, "status": "requested", "outcome": None, "level": None,
               "concluded_at": None}
    rec["status"] = "concluded"
    rec["outcome"] = outcome
    rec["level"] = level
    rec["concluded_at"] = ev.at
    rec["summary"] = ev.data.get("summary")
    rec["consultation"] = ev.data.get("consultation")
    _mut(s, "consultations")[q] = rec
    d = s.deadlines.get(rec["id"])
    if d is not None and d["status"] == "open":
        _close_deadline(s, rec["id"], "met", ev.at)
    effects.append({"kind": "consult_concluded", "question": q, "outcome": outcome, "level": level})


def _deadline_missed(plan: Plan, s: IncidentState, ev: Event, effects: list[dict[str, Any]]) -> None:
    did = ev.data.get("deadline")
    d = s.deadlines.get(did) if isinstance(did, str) else None
    if d is None or d["status"] != "open":
        raise Rejected("no_deadline", f"期限「{did}」不存在或已关闭")
    if ev.at < d["due_at"]:
        raise Rejected("not_due", f"期限「{d['title']}」尚未到期")
    status = "expired" if d["kind"] == "timer" else "missed"
    d = _close_deadline(s, did, status, ev.at)  # type: ignore[arg-type]
    effects.append({"kind": "deadline_missed", "deadline": did, "title": d["title"], "due_at": d["due_at"],
                    "deadline_kind": d["kind"]})
    alert = d.get("alert")
    if alert:
        a: Alert = {"text": alert, "severity": "critical", "at": ev.at}
        _mut(s, "alerts").append(a)
        effects.append({"kind": "alert", **a})
    if d["kind"] == "report":
        _repeat(plan, s, d, ev.at)
    if d.get("fire"):
        try:
            sysev = Event("fire", ev.at, ev.actor, SYSTEM_ROLE, {"event": d["fire"]})
            _fire(plan, s, sysev, d["fire"], effects)
        except Rejected as r:
            effects.append({"kind": "fire_skipped", "event": d["fire"], "reason": r.reason})


def due_events(s: IncidentState, now: datetime) -> list[Event]:
    """The ``deadline_missed`` events that are due at ``now``, in order. The service records them."""
    out = []
    for d in s.open_deadlines():
        if d.get("immediate"):
            continue  # 立即: never missed by the clock
        if d["due_at"] > now:
            break
        at = max(d["due_at"], s.now)
        out.append(Event("deadline_missed", at, "system", SYSTEM_ROLE, {"deadline": d["id"]}))
    return out


# Public names for the modules that extend the step (console.plan.chain_engine).
mut = _mut
next_id = _next_id
make_deadline = _deadline
