"""Reading a run's log once, in order: when each milestone happened.

The runner feeds events as they are written (to fire triggered injects and see which expected
actions are done); evaluation and review feed a finished run's whole log. Everything is read
from the log — nothing is re-simulated beyond folding the logged events through the engine.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from console.drills.refusals import REFUSED, RefusedAttempt, attempt_of
from console.drills.scenario import Milestone, Scenario
from console.plan.engine import Event, IncidentState, apply_event, open_incident
from console.plan.model import Plan


class LogFold:
    """Folds engine events into the incident state and records milestone times."""

    def __init__(self, plan: Plan):
        self.plan = plan
        self.state: IncidentState | None = None
        self.times: dict[str, list[datetime]] = {}
        self.count = 0
        self.injects: dict[str, dict[str, Any]] = {}  # inject id → its log.inject data (+ at)
        self.drill: list[dict[str, Any]] = []  # log.drill records (start/pause/resume/speed/end)
        self.ratings: dict[str, dict[str, Any]] = {}
        # P/S/M/U per objective and evaluator (the latest of each evaluator wins), and findings
        self.objective_ratings: dict[tuple[str, str], dict[str, Any]] = {}
        self.findings: list[dict[str, Any]] = []
        self.events_by_type: dict[str, list[tuple[datetime, str, dict[str, Any]]]] = {}
        self.hotwash: list[dict[str, Any]] = []
        self.improvements: dict[str, dict[str, Any]] = {}
        self.notes: list[tuple[datetime, str, dict[str, Any]]] = []
        self.level_changes: list[tuple[datetime, str | None]] = []
        self.leaf_changes: list[tuple[datetime, str]] = []
        self.refused: list[RefusedAttempt] = []  # players' refused attempts (log.refused), in order

    def _hit(self, key: str, at: datetime, hits: list[tuple[str, datetime]]) -> None:
        self.times.setdefault(key, []).append(at)
        hits.append((key, at))

    def first(self, key: str, after: datetime | None = None) -> datetime | None:
        for t in self.times.get(key, ()):
            if after is None or t >= after:
                return t
        return None

    def feed_all(self, events: Iterable[Event]) -> list[tuple[str, datetime]]:
        hits: list[tuple[str, datetime]] = []
        for ev in events:
            hits.extend(self.feed(ev))
        return hits

    def feed(self, ev: Event) -> list[tuple[str, datetime]]:
        hits: list[tuple[str, datetime]] = []
        at, t, d = ev.at, ev.type, ev.data
        self.count += 1
        if self.state is None:
            self.state, _ = open_incident(self.plan, ev)
            self._hit("received", at, hits)
            for sid in self.state.active:
                self._hit(f"state:{sid}", at, hits)
            self.leaf_changes.append((at, self.state.leaf))
            self.level_changes.append((at, self.state.level))
            return hits
        s = self.state
        before_active = s.active_set
        before_level = s.level
        before_leaf = s.leaf
        if t == "complete_task":
            task = s.tasks.get(d.get("task"))  # type: ignore[arg-type]
            if task is not None:
                if task.get("plan_id"):
                    self._hit(f"task:{task['plan_id']}", at, hits)
                self._hit(f"unit_task:{task['unit']}", at, hits)
        elif t == "deadline_missed":
            dl = s.deadlines.get(d.get("deadline"))  # type: ignore[arg-type]
            if dl is not None:
                if dl["kind"] == "task":
                    task = s.tasks.get(dl.get("task") or dl["id"])
                    if task is not None and task.get("plan_id"):
                        self._hit(f"deadline_missed:{task['plan_id']}", at, hits)
                elif dl["kind"] in ("report", "report_hop"):  # a chain's hop counts for its report kind
                    self._hit(f"deadline_missed:{dl.get('report_kind')}", at, hits)
        apply_event(self.plan, s, ev)
        if t in ("consult_concluded", "decide_level", "note", "submit_report", "complete_task", "fire",
                 "approval_decided"):
            self.events_by_type.setdefault(t, []).append((at, ev.actor, d))
        if t == "fire":
            self._hit(f"event:{d.get('event')}", at, hits)
        elif t == "submit_report":
            self._hit(f"report:{d.get('kind')}", at, hits)
        elif t == "consult_concluded":
            self._hit(f"consultation:{d.get('question')}", at, hits)
        elif t == "decide_level":
            self._hit("decision", at, hits)
        elif t == "materials_delivered":
            self._hit("materials", at, hits)
        elif t == "approval_decided":  # 上级批复: the milestone {approval: id} is a granted one
            self._hit(f"{'approval' if d.get('granted') else 'approval_refused'}:{d.get('approval')}", at, hits)
        elif t == "facts" and not d.get("inject"):  # facts a player found, not those an inject brought
            for k in d.get("facts", {}):
                self._hit(f"facts:{k}", at, hits)
        elif t == "note":
            if d.get("expected"):
                self._hit(f"expected:{d['expected']}", at, hits)
            self.notes.append((at, ev.actor, d))
        elif t == "log.inject":
            self.injects[d["inject"]] = {**d, "at": at}
            self._hit(f"inject:{d['inject']}", at, hits)
        elif t == "log.drill":
            self.drill.append({**d, "at": at})
            if d.get("action") == "start":
                self._hit("start", at, hits)
        elif t == "log.evaluation":
            if d.get("item"):
                self.ratings[d["item"]] = {**d, "at": at, "actor": ev.actor}
            elif d.get("objective") and d.get("rating"):
                self.objective_ratings[(d["objective"], ev.actor)] = {**d, "at": at, "actor": ev.actor}
            elif d.get("finding"):
                self.findings.append({**d, "at": at, "actor": ev.actor})
        elif t == REFUSED:
            self.refused.append(attempt_of(at, ev.actor, d))
        elif t == "log.hotwash":
            self.hotwash.append({**d, "at": at, "actor": ev.actor})
        elif t == "log.improvement":
            self.improvements[d["id"]] = {**self.improvements.get(d["id"], {}), **d, "at": at}
        for sid in s.active_set - before_active:
            self._hit(f"state:{sid}", at, hits)
        if s.level != before_level:
            self.level_changes.append((at, s.level))
            if s.level is not None:
                self._hit(f"level:{s.level}", at, hits)
        if s.leaf != before_leaf:
            self.leaf_changes.append((at, s.leaf))
        return hits

    # -- expected actions --------------------------------------------------------------
    def expectation_done(self, scenario: Scenario, exp_id: str) -> tuple[datetime | None, datetime | None]:
        """(release time of its inject, time the action was seen after it) — None when not yet."""
        exp = next(e for e in scenario.expectations() if e.id == exp_id)
        rel = self.injects.get(exp.inject)
        if rel is None:
            return None, None
        released = rel["at"]
        ms = exp.milestone
        return released, self.first(ms.key(), after=released)

    def milestone_time(self, scenario: Scenario | None, m: Milestone) -> datetime | None:
        if m.kind == "expected" and scenario is not None:
            _, done = self.expectation_done(scenario, m.arg)
            return done
        return self.first(m.key())
