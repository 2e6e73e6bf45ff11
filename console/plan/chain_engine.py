"""The engine's part of reporting chains, anchors, ``immediate`` and event-driven reports.

Called from :mod:`console.plan.engine` (pure, like it: time only from the events):

- :func:`effect_deadline` — a deadline measured from a format-2 anchor (``fact:``, ``report:``,
  ``hop:``, ``task:``, ``exit:``) or ``within: immediate``: created now, or put in
  ``state.deferred`` (「待…后起算」) until its anchor happens;
- :func:`report_effect` — a ``report`` effect with a ``chain`` (one ``report_hop`` deadline per
  hop, ids ``R<n>.<hop>``) or ``on_change`` (a watcher in ``state.deferred``);
- :func:`forward` — the event ``forward_report {report, hop, channel?, doc_no?, note?}`` (报送/转报
  one hop): meets the hop's deadline or records it late, and starts the hops measured from it;
- :func:`after_event` — after any event: anchors that happened (a report's first submission, a
  plan task completed, a state left), deadlines re-timed when the fact they are measured from
  is set, and reports due on a change of facts or of the level.

A plan that uses none of this (:func:`index_of` is None) never reaches this module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, cast

from console.clock import CHINA_TZ
from console.plan import engine
from console.plan.chains import CHANNELS, NEW_ANCHORS, Hop, hop_route, hop_title, is_new_anchor, waits_text
from console.plan.leads import unit_lead
from console.plan.model import Effect, Plan, Within
from console.plan.records import Deadline, Deferred

if TYPE_CHECKING:
    from console.plan.engine import Event, IncidentState


@dataclass(frozen=True)
class ChainIndex:
    """What a plan uses of format 2's reporting additions (built once per plan)."""

    effects: dict[str, Effect] = field(default_factory=dict)  # Effect.path → effect
    anchors: frozenset[str] = frozenset()  # report:K, task:ID, exit:S whose time is kept
    fact_anchors: frozenset[str] = frozenset()  # facts some deadline is measured from
    watches: bool = False  # some report has on_change


_NONE = object()


def index_of(plan: Plan) -> ChainIndex | None:
    """The plan's index, or None when it uses no chain, new anchor, immediate or on_change."""
    got = plan.__dict__.get(engine.CHAIN_INDEX_KEY, _NONE)
    if got is _NONE:
        got = _build_index(plan)
        plan.__dict__[engine.CHAIN_INDEX_KEY] = got
    return cast("ChainIndex | None", got)


def _build_index(plan: Plan) -> ChainIndex | None:
    effects: dict[str, Effect] = {}
    anchors: set[str] = set()
    facts: set[str] = set()
    watches = False
    used = False
    for st in plan.states.values():
        for e in (*st.enter, *st.exit, *(x for tr in st.transitions for x in tr.effects)):
            effects[e.path] = e
            specs = [(e.anchor, e.within)] + [(h.anchor, h.within) for h in e.chain]
            for anchor, within in specs:
                if within is None:
                    continue
                kind, _, name = anchor.partition(":")
                if kind in NEW_ANCHORS or within.immediate:
                    used = True
                if kind == "fact":
                    facts.add(name)
                elif kind in ("report", "task", "exit"):
                    anchors.add(anchor)
            if e.chain or e.on_change is not None:
                used = True
                watches = watches or e.on_change is not None
    if not used:
        return None
    return ChainIndex(effects, frozenset(anchors), frozenset(facts), watches)


def _local(t: datetime) -> str:
    return t.astimezone(CHINA_TZ).strftime("%m-%d %H:%M")


# ---------------------------------------------------------------------------------
# Anchors and deadlines
# ---------------------------------------------------------------------------------

def resolve(plan: Plan, s: IncidentState, anchor: str, at: datetime,
            chain: str | None = None) -> tuple[datetime | None, str | None]:
    """When ``anchor`` happened (None: not yet) and, for an unset fact, how the time was taken."""
    kind, _, name = anchor.partition(":")
    if kind == "entry":
        return at, None
    if kind == "received":
        return s.received_at, None
    if kind == "event":
        return s.event_times.get(name, at), None
    if kind == "fact":
        value = s.facts.get(name)
        if isinstance(value, str):
            try:
                t = datetime.fromisoformat(value)
                if t.tzinfo is not None:
                    # in UTC, as event times are stored: a deadline missed at this due time then
                    # replays from the log exactly as it was recorded live (not +08:00 vs UTC)
                    return t.astimezone(UTC), None
            except ValueError:
                pass
        label = plan.facts[name].label if name in plan.facts else name
        return s.received_at, f"「{label}」未填写，暂自接报时起算"
    if kind == "hop":
        d = s.deadlines.get(f"{chain}.{name}")
        return (d.get("forwarded_at") if d is not None else None), None
    return s.event_times.get(anchor), None


def effect_deadline(plan: Plan, s: IncidentState, eff: Effect, did: str, kind: str, title: str,
                    scope: str, at: datetime, ref: dict[str, Any]) -> datetime | None:
    """engine._deadline for a format-2 anchor or ``immediate``: the due time, or None (deferred)."""
    assert eff.within is not None
    t, note = resolve(plan, s, eff.anchor, at)
    cancel = bool(eff.cancel_on_exit)
    if t is None:
        _defer(plan, s, {"id": did, "what": kind, "title": title, "anchor": eff.anchor, "effect": eff.path,
                         "scope": scope, "cancel_on_exit": cancel, "created_at": at,
                         "waits_for": waits_text(plan, eff.anchor)}, ref)
        return None
    return _create(plan, s, did, kind, title, scope, at, t, note, eff.within, eff.anchor,
                   eff.on_miss.fire if eff.on_miss else None, eff.on_miss.alert if eff.on_miss else None,
                   eff.every, eff.cancel_on_exit, ref)


def _defer(plan: Plan, s: IncidentState, rec: dict[str, Any], ref: dict[str, Any]) -> None:
    item: Any = {**rec, "ref": dict(ref)}
    engine.mut(s, "deferred").append(item)


def _create(plan: Plan, s: IncidentState, did: str, kind: str, title: str, scope: str, at: datetime,
            anchor_at: datetime, note: str | None, within: Within, anchor: str, fire: str | None,
            alert: str | None, every: timedelta | None, cancel_on_exit: bool | None,
            ref: dict[str, Any]) -> datetime:
    level = s.level if s.level is not None else s.suggested_level
    due = anchor_at + within.for_level(level, plan.level_ids)
    d: Any = {
        "id": did, "kind": kind, "title": title, "scope": scope, "created_at": at, "anchor_at": anchor_at,
        "due_at": due, "status": "open", "closed_at": None, "level": s.level, "fire": fire, "alert": alert,
        "every": every.total_seconds() if every else None, **ref,
    }
    if cancel_on_exit is not None:
        d["cancel_on_exit"] = cancel_on_exit
    if within.immediate:
        d["immediate"] = True
    if is_new_anchor(anchor):
        d["anchor"] = anchor
    if note:
        d["anchor_note"] = note
    engine.mut(s, "deadlines")[did] = d
    return due


def _set_due(s: IncidentState, kind: str, did: str, due: datetime) -> None:
    """A deferred deadline started: the task, consultation or materials request it is for gets it."""
    if kind == "task" and did in s.tasks:
        t = s.tasks[did].copy()
        t["due_at"] = due
        engine.mut(s, "tasks")[did] = t
    elif kind == "consult":
        for q, c in s.consultations.items():
            if c["id"] == did:
                c = c.copy()
                c["due_at"] = due
                engine.mut(s, "consultations")[q] = c
    elif kind == "materials":
        for i, m in enumerate(s.materials):
            if m["id"] == did:
                m = m.copy()
                m["due_at"] = due
                engine.mut(s, "materials")[i] = m


def _release(plan: Plan, ix: ChainIndex, s: IncidentState, key: str, t: datetime, at: datetime,
             effects: list[dict[str, Any]]) -> None:
    """Anchor ``key`` happened at ``t``: every deadline waiting for it starts."""
    waiting = [x for x in s.deferred if x.get("anchor") == key]
    if not waiting:
        return
    s.deferred = [x for x in s.deferred if x.get("anchor") != key]
    engine.mut(s, "deferred")
    for x in waiting:
        eff = ix.effects.get(x["effect"])
        if eff is None:
            continue
        ref = dict(x.get("ref") or {})
        if x["what"] == "report_hop":
            hop = next(h for h in eff.chain if h.id == x["hop"])
            due = _create(plan, s, x["id"], "report_hop", x["title"], x["scope"], at, t, None, hop.within,
                          hop.anchor, hop.on_miss.fire if hop.on_miss else None,
                          hop.on_miss.alert if hop.on_miss else None, None, eff.cancel_on_exit, ref)
        else:
            assert eff.within is not None
            due = _create(plan, s, x["id"], x["what"], x["title"], x["scope"], at, t, None, eff.within,
                          eff.anchor, eff.on_miss.fire if eff.on_miss else None,
                          eff.on_miss.alert if eff.on_miss else None, eff.every, eff.cancel_on_exit, ref)
            _set_due(s, x["what"], x["id"], due)
        effects.append({"kind": "deadline_started", "deadline": x["id"], "title": x["title"], "due_at": due,
                        "anchor": x["anchor"]})


def cancel_scope(s: IncidentState, sid: str) -> None:
    """Leaving ``sid``: what waited there and ends with it (on_change watchers, deferred deadlines
    with cancel_on_exit) is dropped."""
    if any(x["scope"] == sid and x["cancel_on_exit"] for x in s.deferred):
        s.deferred = [x for x in s.deferred if not (x["scope"] == sid and x["cancel_on_exit"])]
        engine.mut(s, "deferred")


# ---------------------------------------------------------------------------------
# Report effects: chains and on_change
# ---------------------------------------------------------------------------------

def report_effect(plan: Plan, s: IncidentState, eff: Effect, scope: str, ev: Event,
                  effects: list[dict[str, Any]]) -> None:
    p = eff.params
    at = ev.at
    title = p.get("title") or plan.report_kinds[p["kind"]]["title"]
    if eff.on_change is not None:
        wid = engine.next_id(s, "W")
        rec: Any = {"id": wid, "what": "on_change", "title": title, "anchor": "", "effect": eff.path,
                    "scope": scope, "cancel_on_exit": eff.cancel_on_exit is not False, "created_at": at,
                    "waits_for": _change_text(plan, eff)}
        engine.mut(s, "deferred").append(rec)
        effects.append({"kind": "report_watch", "watch": wid, "report_kind": p["kind"], "title": title})
        if eff.every is None:
            return
    rid = engine.next_id(s, "R")
    due = engine.make_deadline(plan, s, eff, rid, "report", title, scope, at,
                               {"report_kind": p["kind"], "to": p.get("to")})
    effects.append({"kind": "report_due", "deadline": rid, "report_kind": p["kind"], "title": title, "due_at": due,
                    "chain": bool(eff.chain)})
    hops = []
    for hop in eff.chain:
        did = f"{rid}.{hop.id}"
        ref = {"report": rid, "hop": hop.id, "hop_index": hop.index, "report_kind": p["kind"], "report_title": title,
               "to": hop.to,
               "by": hop.by, "channel": hop.channel, "basis": hop.basis}
        htitle = hop_title(title, hop)
        t, note = resolve(plan, s, hop.anchor, at, rid)
        if t is None:
            _defer(plan, s, {"id": did, "what": "report_hop", "title": htitle, "anchor": _hop_key(hop.anchor, rid),
                             "effect": eff.path, "scope": scope, "cancel_on_exit": bool(eff.cancel_on_exit),
                             "created_at": at, "waits_for": waits_text(plan, hop.anchor, eff.chain),
                             "report": rid, "hop": hop.id, "hop_index": hop.index}, ref)
            hop_due = None
        else:
            hop_due = _create(plan, s, did, "report_hop", htitle, scope, at, t, note, hop.within, hop.anchor,
                              hop.on_miss.fire if hop.on_miss else None, hop.on_miss.alert if hop.on_miss else None,
                              None, eff.cancel_on_exit, ref)
        hops.append({"hop": hop.id, "deadline": did, "due_at": hop_due})
    if hops:
        effects.append({"kind": "report_chain", "report": rid, "report_kind": p["kind"], "title": title,
                        "hops": hops})


def _hop_key(anchor: str, rid: str) -> str:
    """A hop anchor qualified by its chain: ``hop:unit`` of R3 waits for ``hop:R3.unit``."""
    return f"hop:{rid}.{anchor[4:]}" if anchor.startswith("hop:") else anchor


def _change_text(plan: Plan, eff: Effect) -> str:
    from console.plan.chains import describe_on_change

    assert eff.on_change is not None
    return describe_on_change(plan, eff.on_change)


# ---------------------------------------------------------------------------------
# forward_report
# ---------------------------------------------------------------------------------

def forward(plan: Plan, s: IncidentState, ev: Event, effects: list[dict[str, Any]]) -> None:
    """报送/转报 one hop: ``{report: R3, hop: unit, channel?, doc_no?, note?}``."""
    data = ev.data
    rid, hid = data.get("report"), data.get("hop")
    if not isinstance(rid, str) or not isinstance(hid, str):
        raise engine.Rejected("bad_event", "报送需要报告链（report，如 R3）和环节（hop）")
    did = f"{rid}.{hid}"
    d = s.deadlines.get(did)
    if d is None:
        waiting = next((x for x in s.deferred if x["id"] == did), None)
        if waiting is not None:
            raise engine.Rejected("hop_waiting", f"「{waiting['title']}」的时限自{waiting['waits_for']}后起算，"
                                                 "请先登记前一环节的报送")
        raise engine.Rejected("no_hop", f"没有报送环节「{rid} {hid}」")
    if d.get("forwarded_at") is not None:
        raise engine.Rejected("hop_done", f"「{d['title']}」已于 {_local(d['forwarded_at'])} 报送，不能重复登记")
    if d["status"] not in ("open", "missed"):
        raise engine.Rejected("hop_closed", f"「{d['title']}」已{'取消' if d['status'] == 'cancelled' else '结束'}，"
                                            "不能再登记报送")
    channel = data.get("channel")
    if channel is not None and channel not in CHANNELS:
        raise engine.Rejected("bad_channel", f"未知的报送渠道「{channel}」（可选：{'、'.join(CHANNELS.values())}）")
    for k in ("doc_no", "note"):
        v = data.get(k)
        if v is not None and (not isinstance(v, str) or len(v) > 2000):
            raise engine.Rejected("bad_event", "文号和备注须是文本（2000 字以内）")
    _mark_forwarded(plan, s, ev, d, channel, data.get("doc_no"), data.get("note"), effects)


def submitted_hop(plan: Plan, s: IncidentState, kind: str, ev: Event, effects: list[dict[str, Any]]) -> str | None:
    """A report of ``kind`` submitted from the console goes to :func:`open_hop` (the hop its draft was
    filled for): that hop is recorded 报送 at the submission. Returns the hop's deadline id, or None
    when no hop of that kind is waiting or the report is a new version of one already sent."""
    rid = ev.data.get("report_id")
    base = rid.rsplit("-v", 1)[0] if isinstance(rid, str) else None
    if base is not None and any(x.get("submitted_as") == base for x in s.deadlines.values()):
        return None  # a new version of a report already sent (更正): not a report to the next hop
    d = open_hop(plan, s, kind)
    if d is None:
        return None
    _mark_forwarded(plan, s, ev, d, None, None, "报告已通过本系统报送", effects, submitted_as=base)
    return d["id"]


def _names(body: str) -> set[str]:
    """「市食安办（市市场监管局）」 → {市食安办, 市市场监管局}: the names a body goes by (a lone 「区」 of
    「县（区）…」 is no name)."""
    return {n.strip() for n in re.split(r"[（）()、，,]", body) if len(n.strip()) > 1}


def open_hop(plan: Plan, s: IncidentState, kind: str) -> Deadline | None:
    """The hop a report of ``kind`` drafted and submitted in this console goes to: among the chain's
    open hops not yet reported, the one sent by the console's own body (the 综合协调组's lead now,
    e.g. 市食安办 for a city plan), else the first (a lower level's report the console records)."""
    hops = [x for x in s.open_deadlines() if x["kind"] == "report_hop" and x.get("report_kind") == kind
            and x.get("forwarded_at") is None]
    if not hops:
        return None
    if "coordination" in plan.units:
        own = _names(unit_lead(plan, s, "coordination"))
        mine = next((x for x in hops if _names(str(x.get("by") or "")) & own), None)
        if mine is not None:
            return mine
    return hops[0]


def _mark_forwarded(plan: Plan, s: IncidentState, ev: Event, d: Any, channel: str | None, doc_no: Any,
                    note: Any, effects: list[dict[str, Any]], *, submitted_as: str | None = None) -> None:
    rid, hid, did = d["report"], d["hop"], d["id"]
    nd: Any = d.copy()
    if submitted_as is not None:
        nd["submitted_as"] = submitted_as
    nd["forwarded_at"] = ev.at
    nd["forwarded_by"] = ev.actor
    nd["forward_channel"] = channel or d.get("channel")
    nd["doc_no"] = (doc_no or "").strip() or None
    nd["forward_note"] = (note or "").strip() or None
    on_time = d["status"] == "open" and (d.get("immediate", False) or ev.at <= d["due_at"])
    if d["status"] == "open":
        nd["status"] = "met" if on_time else "missed"
        nd["closed_at"] = ev.at
    engine.mut(s, "deadlines")[did] = nd
    effects.append({"kind": "report_forwarded", "report": rid, "hop": hid, "deadline": did, "title": d["title"],
                    "on_time": on_time, "channel": nd["forward_channel"]})
    ix = index_of(plan)
    if ix is not None:
        _release(plan, ix, s, f"hop:{did}", ev.at, ev.at, effects)


def chain_of(s: IncidentState, rid: str) -> list[dict[str, Any]]:
    """The hops of chain ``rid`` in plan order: deadlines and deferred items (with ``deferred``)."""
    rows: list[dict[str, Any]] = [dict(d) for d in s.deadlines.values()
                                  if d["kind"] == "report_hop" and d.get("report") == rid]
    rows += [{**x, "deferred": True} for x in s.deferred if x.get("report") == rid]
    return sorted(rows, key=lambda r: r.get("hop_index", 0))


def chains_of(s: IncidentState) -> dict[str, list[dict[str, Any]]]:
    """Every reporting chain of an incident: chain id (R<n>) → its hops, in the order they began."""
    ids: list[str] = []
    for d in s.deadlines.values():
        if d["kind"] == "report_hop" and d.get("report") not in ids:
            ids.append(d["report"])
    for x in s.deferred:
        if x.get("report") and x["report"] not in ids:
            ids.append(x["report"])
    ids.sort(key=lambda r: int(r[1:]) if r[1:].isdigit() else 0)
    return {r: chain_of(s, r) for r in ids}


# ---------------------------------------------------------------------------------
# After every event
# ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Before:
    level: str | None
    facts: dict[str, Any]
    entered: dict[str, datetime]


def before(s: IncidentState) -> Before:
    return Before(s.level, s.facts, dict(s.entered))


def after_event(plan: Plan, ix: ChainIndex, s: IncidentState, ev: Event, effects: list[dict[str, Any]],
                b: Before) -> None:
    at = ev.at
    # states left (also left and entered again) → exit:STATE anchors
    for sid, t0 in b.entered.items():
        if s.entered.get(sid) != t0:
            _happened(plan, ix, s, f"exit:{sid}", at, effects)
    if ev.type == "submit_report" and isinstance(ev.data.get("kind"), str):
        _happened(plan, ix, s, f"report:{ev.data['kind']}", at, effects)
    elif ev.type == "complete_task":
        t = s.tasks.get(ev.data.get("task"))  # type: ignore[arg-type]
        if t is not None and t.get("plan_id"):
            _happened(plan, ix, s, f"task:{t['plan_id']}", at, effects)
    changed = {k for k in set(b.facts) | set(s.facts) if b.facts.get(k) != s.facts.get(k)} \
        if s.facts is not b.facts else set()
    for name in changed & ix.fact_anchors:
        _retime(plan, s, name, at, effects)
    if ix.watches and not s.closed and (changed or s.level != b.level):
        _on_change(plan, ix, s, changed, s.level != b.level, at, effects)


def _happened(plan: Plan, ix: ChainIndex, s: IncidentState, key: str, at: datetime,
              effects: list[dict[str, Any]]) -> None:
    if key not in ix.anchors or key in s.event_times:
        return  # only the first time counts (the first 初报, the first completion, the first exit)
    engine.mut(s, "event_times")[key] = at
    _release(plan, ix, s, key, at, at, effects)


def _retime(plan: Plan, s: IncidentState, name: str, at: datetime, effects: list[dict[str, Any]]) -> None:
    """The fact an open deadline is measured from was set (or changed): measure it from the new time."""
    key = f"fact:{name}"
    for d in list(s.deadlines.values()):
        if d["status"] != "open" or d.get("anchor") != key:
            continue
        t, note = resolve(plan, s, key, at)
        assert t is not None
        nd: Deadline = d.copy()
        nd["due_at"] = t + (d["due_at"] - d["anchor_at"])
        nd["anchor_at"] = t
        if note:
            nd["anchor_note"] = note
        else:
            nd.pop("anchor_note", None)
        engine.mut(s, "deadlines")[d["id"]] = nd
        effects.append({"kind": "deadline_retimed", "deadline": d["id"], "title": d["title"],
                        "from": d["due_at"], "to": nd["due_at"]})


def _on_change(plan: Plan, ix: ChainIndex, s: IncidentState, changed: set[str], level: bool, at: datetime,
               effects: list[dict[str, Any]]) -> None:
    for w in list(s.deferred):
        if w["what"] != "on_change":
            continue
        eff = ix.effects.get(w["effect"])
        if eff is None or eff.on_change is None or eff.within is None:
            continue
        if not ((changed & set(eff.on_change.facts)) or (level and eff.on_change.level)):
            continue
        if any(d["status"] == "open" and d.get("watch") == w["id"] for d in s.deadlines.values()):
            continue  # one of this report is already due
        rid = engine.next_id(s, "R")
        kind = eff.params["kind"]
        due = _create(plan, s, rid, "report", w["title"], w["scope"], at, at, None, eff.within, "entry",
                      eff.on_miss.fire if eff.on_miss else None, eff.on_miss.alert if eff.on_miss else None,
                      None, w["cancel_on_exit"], {"report_kind": kind, "to": eff.params.get("to"), "watch": w["id"]})
        effects.append({"kind": "report_due", "deadline": rid, "report_kind": kind, "title": w["title"],
                        "due_at": due})


__all__ = ["Before", "ChainIndex", "Deferred", "Hop", "after_event", "before", "cancel_scope", "chain_of", "chains_of",
           "is_new_anchor", "effect_deadline", "forward", "hop_route", "index_of", "report_effect", "resolve"]
