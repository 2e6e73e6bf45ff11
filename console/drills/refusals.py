"""Refused player attempts in a drill (被拒绝的操作): recorded for the evaluators.

A tabletop probes whether players try what the plan does not allow yet — 终止响应 before the
stability window or without the termination consultation's approval, a level decided by a role
that may not — and the plan refuses it, writing nothing. In a **drill incident only** each such
refusal is then recorded as a passive ``log.refused`` entry of the drill's log
(``{command, what, event?, level?, report?, question?, task?, unit?, approval?, granted?, reason, code,
role, actor}``),
so the timeline, the trainer's window and the 演练评估报告 show it. A real incident's log keeps
its rule: a refusal writes nothing (the incident's own first event tells which it is, whatever
the console's mode).

:func:`watch_refusals` hooks a :class:`RefusalRecorder` into an incident service (the drill's
console does it, and so does every console: the recorder looks at the incident, not the
console); :func:`quiet_refusals` keeps an auto-player's retries of the same action out of the
log (its first refusal is recorded).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from console.drills.scenario import EvaluationItem, Scenario
from console.errors import Refused
from console.incidents.service import IncidentService
from console.plan.engine import Event, Rejected
from console.plan.model import Plan

REFUSED = "log.refused"
DRILL_MODE = "drill"
# who plays: a refusal of the controller's, an evaluator's or an observer's command is not a player's attempt
PLAYER_ROLES = frozenset({"commander", "deputy", "duty_officer", "group_staff", "expert"})
# what the plan or the role table refused (a malformed entry — a bad fact value, a missing reason — is not an attempt)
# (not_requested: 上级批复 recorded before the plan asked for the approval)
ATTEMPT_CODES = frozenset({"guard", "role", "not_here", "closed", "not_requested"})
QUESTIONS = {"grade": "分级研判", "escalate": "提升级别", "de_escalate": "降低级别", "terminate": "终止响应",
             "technical": "技术咨询"}
COMMANDS = {"facts": "更新事实", "note": "记录值守日志", "materials_delivered": "登记物资送达",
            "reopen_task": "撤销完成任务", "acknowledge_task": "签收任务"}


@dataclass(frozen=True)
class RefusedAttempt:
    """One refused attempt as the drill's log holds it."""

    at: datetime
    actor: str
    role: str
    command: str
    what: str  # in the plan's words: 终止响应, 认定级别为较大（Ⅲ级）, 报送初报 …
    reason: str
    data: Mapping[str, Any]

    def text(self) -> str:
        return attempt_text(self.data)


def attempt_text(data: Mapping[str, Any]) -> str:
    """「尝试「终止响应」被拒绝：…」 — the timeline's and the reports' words for a refusal."""
    return f"尝试「{data.get('what') or data.get('command', '')}」被拒绝：{data.get('reason', '')}"


def what_of(plan: Plan | None, type_: str, data: Mapping[str, Any], tasks: Mapping[str, Any] | None = None) -> str:
    """What the player tried, in the plan's words (never an internal id)."""
    if type_ == "fire":
        ev = str(data.get("event", ""))
        return plan.event_title(ev) if plan is not None else ev
    if type_ == "decide_level":
        lv = data.get("level")
        return f"认定级别为{plan.level_name(lv)}" if plan is not None and lv else "认定级别"
    if type_ == "submit_report":
        kind = str(data.get("kind", ""))
        title = plan.report_kinds.get(kind, {}).get("title", kind) if plan is not None else kind
        return f"报送{title}"
    if type_ == "consult_concluded":
        return f"登记专家会商（{QUESTIONS.get(str(data.get('question')), '会商')}）结论"
    if type_ == "complete_task":
        tid = data.get("task")
        task = (tasks or {}).get(tid) if isinstance(tid, str) else None
        return f"完成任务「{task['title']}」" if isinstance(task, Mapping) and task.get("title") else "完成任务"
    if type_ == "approval_decided":
        aid = data.get("approval")
        decl = getattr(plan, "approvals", {}).get(aid) if plan is not None and isinstance(aid, str) else None
        return f"登记上级批复「{decl.title}」" if decl is not None else "登记上级批复"
    return COMMANDS.get(type_, type_)


class RefusalRecorder:
    """Writes a ``log.refused`` entry to a drill incident's log after a player's command is refused."""

    def __init__(self, service: IncidentService):
        self.service = service
        self._local = threading.local()

    @property
    def quiet(self) -> bool:
        return bool(getattr(self._local, "quiet", False) or getattr(self._local, "busy", False))

    @contextmanager
    def quieted(self) -> Iterator[None]:
        old = getattr(self._local, "quiet", False)
        self._local.quiet = True
        try:
            yield
        finally:
            self._local.quiet = old

    def __call__(self, incident_id: str, ev: Event, exc: Rejected) -> None:
        if (self.quiet or ev.type.startswith("log.") or ev.role not in PLAYER_ROLES
                or exc.code not in ATTEMPT_CODES or (isinstance(ev.data, Mapping) and ev.data.get("inject"))):
            return
        if self.service.log.stream_mode(incident_id) != DRILL_MODE:
            return  # a real incident: a refusal writes nothing
        data = ev.data if isinstance(ev.data, Mapping) else {}
        try:
            plan, state, _v = self.service.load_checked(incident_id)
        except (Refused, LookupError):
            return
        entry: dict[str, Any] = {"command": ev.type, "what": what_of(plan, ev.type, data, state.tasks),
                                 "reason": exc.reason[:1000], "code": exc.code, "role": ev.role,
                                 "actor": str(ev.actor)[:100]}
        for key in ("event", "level", "question", "approval"):
            if isinstance(data.get(key), str):
                entry[key] = data[key]
        if ev.type == "approval_decided" and isinstance(data.get("granted"), bool):
            entry["granted"] = data["granted"]
        if ev.type == "submit_report" and isinstance(data.get("kind"), str):
            entry["report"] = data["kind"]
        if ev.type == "complete_task":
            tid = data.get("task")
            task = state.tasks.get(tid) if isinstance(tid, str) else None
            if task is not None:
                if task.get("plan_id"):
                    entry["task"] = task["plan_id"]
                entry["unit"] = task.get("unit")
        self._local.busy = True  # a refusal of this entry is not recorded in turn
        try:
            self.service.command(incident_id, REFUSED, entry, actor=str(ev.actor)[:100] or "参演人员", role=ev.role)
        except Refused:
            pass  # the attempt was refused all the same; the player sees that refusal, not this one
        finally:
            self._local.busy = False


def watch_refusals(service: IncidentService) -> RefusalRecorder:
    """Record refused player attempts on ``service``'s drill incidents (once per service)."""
    for hook in service.refusal_hooks:
        if isinstance(hook, RefusalRecorder):
            return hook
    rec = RefusalRecorder(service)
    service.refusal_hooks.append(rec)
    return rec


@contextmanager
def quiet_refusals(service: IncidentService) -> Iterator[None]:
    """Refusals on this thread are not recorded meanwhile (an auto-player retrying an action)."""
    recs = [h for h in service.refusal_hooks if isinstance(h, RefusalRecorder)]
    if not recs:
        yield
        return
    with recs[0].quieted():
        yield


# -- reading them back -------------------------------------------------------------------------

def attempt_of(at: datetime, actor: str, data: Mapping[str, Any]) -> RefusedAttempt:
    return RefusedAttempt(at, str(data.get("actor") or actor), str(data.get("role", "")),
                          str(data.get("command", "")), str(data.get("what") or data.get("command", "")),
                          str(data.get("reason", "")), data)


def milestones_of(data: Mapping[str, Any]) -> set[str]:
    """The milestone keys (console.drills.fold) the refused command would have reached."""
    c = data.get("command")
    keys: set[str] = set()
    if c == "fire" and data.get("event"):
        keys.add(f"event:{data['event']}")
    elif c == "decide_level":
        keys.add("decision")
        if data.get("level"):
            keys.add(f"level:{data['level']}")
    elif c == "submit_report" and data.get("report"):
        keys.add(f"report:{data['report']}")
    elif c == "consult_concluded" and data.get("question"):
        keys.add(f"consultation:{data['question']}")
    elif c == "complete_task":
        if data.get("task"):
            keys.add(f"task:{data['task']}")
        if data.get("unit"):
            keys.add(f"unit_task:{data['unit']}")
    elif c == "materials_delivered":
        keys.add("materials")
    elif c == "approval_decided" and data.get("approval"):  # 登记上级批复 (see LogFold: approval / approval_refused)
        keys.add(f"{'approval' if data.get('granted') else 'approval_refused'}:{data['approval']}")
    return keys


def _item_keys(scenario: Scenario, it: EvaluationItem) -> set[str]:
    out = set()
    for m in (it.measure, it.before):  # not its start: 终止响应 tried early is not about the 总结报告 after it
        if m is None or m.kind in ("received", "start"):
            continue
        if m.kind == "expected":
            exp = next((e for e in scenario.expectations() if e.id == m.arg), None)
            if exp is None:
                continue
            m = exp.milestone
            if m.kind == "level":
                out.add("decision")
        out.add(m.key())
    return out


def concerned_items(scenario: Scenario, attempt: RefusedAttempt) -> list[EvaluationItem]:
    """The evaluation items that concern what the player tried (its event, decision, report …)."""
    keys = milestones_of(attempt.data)
    return [it for it in scenario.evaluation if keys & _item_keys(scenario, it)] if keys else []


def by_objective(scenario: Scenario, attempts: Sequence[RefusedAttempt]) -> dict[str | None, list[RefusedAttempt]]:
    """Attempts per objective of an evaluation item they concern; those no item concerns under None."""
    out: dict[str | None, list[RefusedAttempt]] = {}
    for a in attempts:
        objs: list[str | None] = list(dict.fromkeys(it.objective for it in concerned_items(scenario, a)
                                                    if it.objective))
        for oid in objs or [None]:
            out.setdefault(oid, []).append(a)
    return out
