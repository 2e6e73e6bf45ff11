"""Linked incidents (关联事件), 并入 and 移交 across incidents — every change in ONE transaction.

- :func:`link` ``(a, b, reason)``: ``link_incident`` in both logs (each names the other, with its
  接报 time and facts).
- :func:`unlink`: ``unlink_incident`` in both logs (a merged or hand-over link stays).
- :func:`merge` ``(a, into=b, reason)``: both logs get ``link_incident`` with ``merged: true``, then
  ``a`` gets ``merged_into``: it is closed, its open tasks 不再需要「并入事件 b」.
- A ``facts`` command on an incident with links also writes ``linked_facts`` into each linked open
  incident's log (:func:`write_with_companions`, called by the incident service).
- A transition into a final state with ``handover`` opens the receiving incident under the plan
  library's in-use plan with that id (``IncidentService.handover_plan``), with the listed facts
  the receiving plan declares, ``handed_from`` in its open event, linked both ways. No such plan:
  refused before anything is written.

Both logs are written by :meth:`IncidentService.write_staged` (``EventLog.append_streams``): all of
it or none of it, one after the other on the hash chain.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from console.auth.roles import check_command
from console.clock import UTC
from console.incidents.bounds import check_clock, check_text
from console.plan.engine import SYSTEM_ROLE, Event, Rejected, open_incident, validate_facts
from console.store.eventlog import StaleAppend, StoredEvent

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from console.incidents.service import CommandResult, IncidentService, IncidentSummary, Staged

REASON_MAX = 500


def _reason(reason: Any, what: str) -> str:
    if not isinstance(reason, str) or not reason.strip():
        raise Rejected("no_reason", f"{what}必须写明理由")
    check_text("理由", reason.strip(), REASON_MAX)
    return reason.strip()


def _pair(svc: IncidentService, a: str, b: str, type_: str, role: str) -> tuple[datetime, Staged, Staged]:
    if role == SYSTEM_ROLE:
        raise Rejected("system_role", "「system」是系统保留角色（计时器使用），不能用于人工操作")
    check_command(role, type_)
    if a == b:
        raise Rejected("self_link", "不能与事件自身关联或并入自身")
    now = svc.clock.now()
    check_clock(now)
    # both incidents must be as their logs say; the later of their last events bounds the time
    pa = svc.prepare(a, now.astimezone(UTC))
    pb = svc.prepare(b, now.astimezone(UTC))
    at = max(now.astimezone(UTC), pa.state.now, pb.state.now)
    for p in (pa, pb):
        if p.state.closed:
            raise Rejected("closed", f"事件 {p.incident_id} 已结案，不能关联、并入或取消关联")
    return at, pa, pb


def _link_data(svc: IncidentService, other: Staged, reason: str, **extra: Any) -> dict[str, Any]:
    return {"incident": other.incident_id, "title": svc.summary(other.incident_id).title, "plan": other.plan.id,
            "received_at": other.state.received_at.isoformat(), "facts": dict(other.state.facts),
            "reason": reason, **extra}


def _results(svc: IncidentService, parts: list[Staged], stored: dict[str, list[StoredEvent]]) -> list[CommandResult]:
    from console.incidents.service import CommandResult

    return [CommandResult(p.incident_id, p.state, p.effects, stored.get(p.incident_id, [])) for p in parts]


def link(svc: IncidentService, a: str, b: str, reason: str, *, actor: str, role: str) -> list[CommandResult]:
    """关联事件: ``link_incident`` in both logs, one transaction. Both must be open."""
    why = _reason(reason, "关联事件")
    at, pa, pb = _pair(svc, a, b, "link_incident", role)
    svc.stage(pa, Event("link_incident", at, actor, role, _link_data(svc, pb, why)))
    svc.stage(pb, Event("link_incident", at, actor, role, _link_data(svc, pa, why)))
    return _results(svc, [pa, pb], svc.write_staged([pa, pb]))


def unlink(svc: IncidentService, a: str, b: str, reason: str, *, actor: str, role: str) -> list[CommandResult]:
    """取消关联: ``unlink_incident`` in both logs, one transaction."""
    why = _reason(reason, "取消关联")
    at, pa, pb = _pair(svc, a, b, "unlink_incident", role)
    svc.stage(pa, Event("unlink_incident", at, actor, role, {"incident": b, "reason": why}))
    svc.stage(pb, Event("unlink_incident", at, actor, role, {"incident": a, "reason": why}))
    return _results(svc, [pa, pb], svc.write_staged([pa, pb]))


def merge(svc: IncidentService, a: str, *, into: str, reason: str, actor: str, role: str) -> list[CommandResult]:
    """并入: ``a`` is merged into ``into`` — linked (merged) both ways and ``a`` closed, one transaction."""
    why = _reason(reason, "并入事件")
    at, pa, pb = _pair(svc, a, into, "merged_into", role)
    svc.stage(pa, Event("link_incident", at, actor, role, _link_data(svc, pb, why, merged=True)))
    svc.stage(pa, Event("merged_into", at, actor, role, {"incident": into, "reason": why}))
    svc.stage(pb, Event("link_incident", at, actor, role, _link_data(svc, pa, why, merged=True)))
    return _results(svc, [pa, pb], svc.write_staged([pa, pb]))


def open_linkable(svc: IncidentService, incident_id: str) -> list[IncidentSummary]:
    """The open incidents ``incident_id`` could be linked with (not itself, not linked already):
    what 关联事件… offers."""
    linked = svc.state(incident_id).linked
    return [s for s in svc.list(status="open") if s.id != incident_id and s.id not in linked]


# ---------------------------------------------------------------------------------
# Called by IncidentService.command: the companions of one command
# ---------------------------------------------------------------------------------

def write_with_companions(svc: IncidentService, main: Staged, ev: Event, more: list[dict[str, Any]],
                          also: Callable[[Connection, list[StoredEvent]], None] | None, *,
                          backfilled: Event | None = None) -> list[StoredEvent]:
    """Write ``main`` (its events already staged) with the events its command causes in other
    incidents: ``linked_facts`` in each linked open incident, the receiving incident of a 移交."""
    parts = [main]
    changed = next((e["changed"] for e in more if e["kind"] == "facts"), None)
    if changed:
        values = {k: main.state.facts.get(k) for k in changed}
        for other, rec in main.state.linked.items():
            if rec.get("into"):
                continue
            try:
                if svc.summary(other).status != "open":
                    continue
            except LookupError:
                continue  # an incident of another database (a copied log): nothing to tell
            part = svc.prepare(other, ev.at)
            if part.state.closed:
                continue
            svc.stage(part, Event("linked_facts", max(ev.at, part.state.now), ev.actor, SYSTEM_ROLE,
                                  {"incident": main.incident_id, "facts": values}))
            parts.append(part)
    handover = next((e for e in more if e["kind"] == "handover"), None)
    if handover is None:
        return svc.write_staged(parts, also, backfilled=backfilled)[main.incident_id]
    return _hand_over(svc, main, parts, handover, ev, also, backfilled)


def handover_refusal(plan_id: str) -> str:
    return (f"无法移交：预案库中没有本辖区在用的预案「{plan_id}」，接收事件无法接报。"
            "请管理员先将该预案加入预案库（或恢复已停用的版本）后再执行；本次操作未记录任何内容。")


def _hand_over(svc: IncidentService, main: Staged, parts: list[Staged], eff: dict[str, Any], ev: Event,
               also: Callable[[Connection, list[StoredEvent]], None] | None,
               backfilled: Event | None) -> list[StoredEvent]:
    from console.incidents.service import OpenedRow, Staged

    provider = svc.handover_plan
    target = provider(eff["plan"], main.plan) if provider is not None else None
    if target is None:
        raise Rejected("handover", handover_refusal(eff["plan"]))
    svc.plans.add(target)
    facts: dict[str, Any] = {}
    for k, v in eff["facts"].items():
        if k in target.facts:
            try:
                facts.update(validate_facts(target, {k: v}))
            except Rejected:
                continue  # the receiving plan takes this fact otherwise (another enum): left out
    summary = svc.summary(main.incident_id)
    role = ev.role if ev.role in target.roles else SYSTEM_ROLE
    handed_from = {"incident": main.incident_id, "plan": main.plan.id, "state": eff["state"]}
    base_state, base_events, base_effects = main.state, list(main.events), list(main.effects)
    for attempt in range(50):
        nid = svc.next_incident_id(ev.at, attempt)
        data = {"plan": {"hash": target.content_hash, "id": target.id, "version": target.version},
                "title": summary.title, "facts": facts,
                "location": {"lat": summary.lat, "lon": summary.lon, "place": summary.place},
                "handed_from": handed_from}
        opened = Event("open", ev.at, ev.actor, role, data)
        state, effects = open_incident(target, opened)
        new = Staged(nid, target, state, 0, [opened], effects, OpenedRow(summary.title, summary.lat, summary.lon,
                                                                          summary.place))
        why = f"{eff['title']}（{main.plan.state_title(eff['state'])}）"
        main.state, main.events, main.effects = base_state, list(base_events), list(base_effects)
        svc.stage(main, Event("link_incident", ev.at, ev.actor, ev.role,
                              {"incident": nid, "title": summary.title, "plan": target.id,
                               "received_at": ev.at.isoformat(), "facts": dict(state.facts),
                               "reason": why, "handover": "to"}))
        svc.stage(new, Event("link_incident", ev.at, ev.actor, role,
                             {"incident": main.incident_id, "title": summary.title, "plan": main.plan.id,
                              "received_at": main.state.received_at.isoformat(), "facts": dict(main.state.facts),
                              "reason": why, "handover": "from"}))
        try:
            stored = svc.write_staged([main, *parts[1:], new], also, backfilled=backfilled)
        except StaleAppend as exc:
            if exc.stream == nid:
                continue  # another console took that number meanwhile
            raise
        return stored[main.incident_id]
    raise RuntimeError("无法分配事件编号")
