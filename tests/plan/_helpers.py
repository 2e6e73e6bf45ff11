"""Shared helpers for the shipped-plan tests: load real plan files, drive incidents by hand."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from console.plan.engine import (
    Event,
    IncidentState,
    Rejected,
    due_events,
    open_incident,
    replay,
    step,
)
from console.plan.loader import load_plan_with_warnings
from console.plan.model import Plan

PLANS_DIR = Path(__file__).resolve().parents[2] / "plans"
TZ = ZoneInfo("Asia/Shanghai")

ACTORS = {
    "commander": "指挥长王强",
    "deputy": "副指挥长李敏",
    "duty_officer": "值班员张伟",
    "group_staff": "工作组刘洋",
    "expert": "专家陈静",
    "observer": "观察员赵磊",
    "system": "system",
}


def unexpected_warnings(warnings: list[Any]) -> list[str]:
    """Every warning: the shipped plans load with none (their 提升级别 transitions exclude Ⅰ)."""
    return [str(w) for w in warnings]


@cache
def plan(name: str) -> Plan:
    """A shipped plan by file stem (``food-county``), loaded once."""
    p, warnings = load_plan_with_warnings(PLANS_DIR / f"{name}.yaml")
    assert not unexpected_warnings(warnings)
    return p


def t(day: int, hour: int, minute: int = 0) -> datetime:
    """A wall-clock time in Asia/Shanghai (November 2026)."""
    return datetime(2026, 11, day, hour, minute, tzinfo=TZ)


def suggestion(p: Plan, **facts: Any) -> dict[str, Any]:
    """The grading suggestion for an incident opened with these facts."""
    s, _ = open_incident(p, Event("open", t(22, 9), ACTORS["duty_officer"], "duty_officer", {"facts": facts}))
    return s.suggestion


class Run:
    """One incident driven event by event; keeps the accepted events for replay."""

    def __init__(self, p: Plan, at: datetime, facts: dict[str, Any], role: str = "duty_officer"):
        self.plan = p
        ev = Event("open", at, ACTORS[role], role, {"facts": facts})
        self.state, self.effects = open_incident(p, ev)
        self.events: list[Event] = [ev]
        self._notices_before = 0

    # -- accepted events ---------------------------------------------------------
    def apply(self, ev: Event) -> list[dict[str, Any]]:
        self._notices_before = len(self.state.notices)
        self.state, self.effects = step(self.plan, self.state, ev)
        self.events.append(ev)
        return self.effects

    def do(self, type_: str, at: datetime, role: str, **data: Any) -> list[dict[str, Any]]:
        return self.apply(Event(type_, at, ACTORS[role], role, data))

    def fire(self, event: str, at: datetime, role: str = "commander") -> list[dict[str, Any]]:
        return self.do("fire", at, role, event=event)

    def facts(self, at: datetime, role: str = "duty_officer", **facts: Any) -> list[dict[str, Any]]:
        return self.do("facts", at, role, facts=facts)

    def decide(self, level: str | None, at: datetime, reason: str = "经专家组核定", basis: str = "专家核定",
               role: str = "commander") -> list[dict[str, Any]]:
        return self.do("decide_level", at, role, level=level, reason=reason, basis=basis)

    def conclude(self, question: str, at: datetime, outcome: str = "approve", level: str | None = None,
                 role: str = "expert") -> list[dict[str, Any]]:
        return self.do("consult_concluded", at, role, question=question, outcome=outcome, level=level,
                       summary="专家组会商意见")

    def report(self, kind: str, at: datetime, role: str = "duty_officer") -> list[dict[str, Any]]:
        return self.do("submit_report", at, role, kind=kind)

    def complete(self, task_id: str, at: datetime, role: str = "group_staff") -> list[dict[str, Any]]:
        return self.do("complete_task", at, role, task=task_id, note="已完成")

    def record_due(self, now: datetime) -> list[list[dict[str, Any]]]:
        """What the service does on a clock tick: record every due ``deadline_missed`` event."""
        out = []
        for ev in due_events(self.state, now):
            out.append(self.apply(ev))
        return out

    # -- rejected events ---------------------------------------------------------
    def rejected(self, type_: str, at: datetime, role: str, **data: Any) -> Rejected:
        """The event is refused with a reason, and the state (and the log) are untouched."""
        before = self.state.to_json()
        n = len(self.events)
        with pytest.raises(Rejected) as exc:
            step(self.plan, self.state, Event(type_, at, ACTORS.get(role, role), role, data))
        assert self.state.to_json() == before
        assert len(self.events) == n
        return exc.value

    def rejected_fire(self, event: str, at: datetime, role: str = "commander") -> Rejected:
        return self.rejected("fire", at, role, event=event)

    # -- views ---------------------------------------------------------------------
    @property
    def leaf(self) -> str:
        return self.state.leaf

    @property
    def level(self) -> str | None:
        return self.state.level

    def open_deadlines(self) -> list[tuple[str, datetime]]:
        return [(d["title"], d["due_at"]) for d in self.state.open_deadlines()]

    def open_deadline(self, title: str) -> dict[str, Any]:
        found = [d for d in self.state.open_deadlines() if d["title"] == title]
        assert len(found) == 1, (title, self.open_deadlines())
        return found[0]

    def task(self, title: str, status: str = "open") -> dict[str, Any]:
        found = [x for x in self.state.tasks.values() if x["title"] == title and x["status"] == status]
        assert len(found) == 1, (title, [(x["title"], x["status"]) for x in self.state.tasks.values()])
        return found[0]

    def open_tasks_by_unit(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for x in self.state.tasks.values():
            if x["status"] == "open":
                out.setdefault(x["unit"], []).append(x["title"])
        return out

    def complete_all(self, at: datetime, unit: str | None = None) -> None:
        for x in list(self.state.tasks.values()):
            if x["status"] == "open" and (unit is None or x["unit"] == unit):
                self.complete(x["id"], at)

    def new_tasks(self) -> dict[str, list[str]]:
        """Tasks created by the last accepted event, per unit."""
        out: dict[str, list[str]] = {}
        for e in self.effects:
            if e["kind"] == "task":
                out.setdefault(e["unit"], []).append(e["title"])
        return out

    def new_notices(self) -> list[dict[str, Any]]:
        """Notifications sent by the last accepted event (read from the state: see the notify-kind xfail)."""
        return self.state.notices[self._notices_before:]

    def effects_of(self, kind: str) -> list[dict[str, Any]]:
        return [e for e in self.effects if e["kind"] == kind]


def assert_same_state(a: IncidentState, b: IncidentState) -> None:
    assert a.to_json() == b.to_json()
    assert a == b


def assert_replays(run: Run) -> None:
    """The recorded events replay to the same state — from the start, and from a JSON snapshot taken
    after any event (what the store keeps), resuming with the events after it."""
    assert_same_state(replay(run.plan, run.events), run.state)
    state = None
    for i, ev in enumerate(run.events):
        state = replay(run.plan, [ev], state=state) if state is not None else replay(run.plan, [ev])
        snap = IncidentState.from_json(json.loads(json.dumps(state.to_json(), ensure_ascii=False)))
        assert snap == state, i
        assert replay(run.plan, run.events[i + 1:], state=snap) == run.state, i


HOUR = timedelta(hours=1)
MIN = timedelta(minutes=1)
