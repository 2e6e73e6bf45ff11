"""Golden replays of the plans released as 2026.1 (tests/plan/fixtures/released-2026.1/).

A *script* is a list of commands, each a JSON object:

- an engine event ``{"type", "at", "actor", "role", "data"}`` (``open`` first) — applied with
  :func:`console.plan.engine.step`, then, as the incident service does, an ``end_tasks`` record when
  :func:`console.plan.engine.closing_reason` says one is due (a format-2 plan reaching a final state
  with tasks open);
- ``{"type": "tick", "at"}`` — the service's clock tick: every ``deadline_missed`` event that
  :func:`console.plan.engine.due_events` says is due is recorded, one at a time (each followed by an
  ``end_tasks`` record if it closed the incident, as ``IncidentService._apply_due`` does).

Running a command gives what the log would hold (``recorded``: the events written), the effects of
all of them (``effects``) and a digest of the state after it (``state_sha256``); a command the engine
refuses gives ``rejected`` (the refusal's code — not its wording, which may be improved) and changes
nothing. A golden file keeps the script, every step's result and the final ``IncidentState.to_json()``,
recorded with the engine of release 2026.1 (commit c30a74a) by ``python -m tests.plan.record_released``;
``tests/plan/test_released_plans.py`` replays them with today's engine and compares exactly.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from pathlib import Path
from typing import Any

from console.plan.engine import (
    Event,
    IncidentState,
    Rejected,
    due_events,
    end_tasks_after,
    open_incident,
    step,
)
from console.plan.model import Plan

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "released-2026.1"
GOLDEN = FIXTURES / "golden"
TICK = "tick"


def plain(value: Any) -> Any:
    """``value`` as JSON would give it back: datetimes as ISO-8601 text, tuples as lists."""
    return json.loads(json.dumps(value, ensure_ascii=False, default=_iso))


def _iso(v: Any) -> str:
    if isinstance(v, datetime):
        return v.isoformat()
    raise TypeError(f"not JSON: {type(v).__name__}")


def event_json(ev: Event) -> dict[str, Any]:
    return {"type": ev.type, "at": ev.at.isoformat(), "actor": ev.actor, "role": ev.role, "data": plain(ev.data)}


def event_of(cmd: dict[str, Any]) -> Event:
    return Event(cmd["type"], datetime.fromisoformat(cmd["at"]), cmd["actor"], cmd["role"], dict(cmd["data"]))


def state_digest(state: IncidentState) -> str:
    text = json.dumps(state.to_json(), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _closing(plan: Plan, state: IncidentState, ev: Event, effects: list[dict[str, Any]],
             recorded: list[Event], out: list[dict[str, Any]]) -> IncidentState:
    """As the service does: the ``end_tasks`` record written with a closing event."""
    state, end, ended = end_tasks_after(plan, state, ev, effects)
    if end is not None:
        recorded.append(end)
        out.extend(ended)
    return state


def run_command(plan: Plan, state: IncidentState | None,
                cmd: dict[str, Any]) -> tuple[IncidentState, dict[str, Any]]:
    """One command of a script on ``state`` (None before ``open``): the new state and the step's result."""
    recorded: list[Event] = []
    effects: list[dict[str, Any]] = []
    if cmd["type"] == TICK:
        assert state is not None, "a tick before the incident is received"
        now = datetime.fromisoformat(cmd["at"])
        while True:
            due = due_events(state, now)
            if not due:
                break
            state, more = step(plan, state, due[0])
            recorded.append(due[0])
            effects.extend(more)
            state = _closing(plan, state, due[0], more, recorded, effects)
    else:
        ev = event_of(cmd)
        try:
            if state is None:
                state, more = open_incident(plan, ev)
            else:
                state, more = step(plan, state, ev)
        except Rejected as r:
            assert state is not None, f"the incident was not received: {r.reason}"
            return state, {"rejected": r.code}
        recorded.append(ev)
        effects.extend(more)
        state = _closing(plan, state, ev, more, recorded, effects)
    return state, {"recorded": [event_json(e) for e in recorded], "effects": plain(effects),
                   "state_sha256": state_digest(state)}


def run_script(plan: Plan, commands: list[dict[str, Any]]) -> tuple[IncidentState, list[dict[str, Any]]]:
    """Every command in order: the final state and each step's result."""
    state: IncidentState | None = None
    results = []
    for cmd in commands:
        state, result = run_command(plan, state, cmd)
        results.append(result)
    assert state is not None
    return state, results


def recorded_events(results: list[dict[str, Any]]) -> list[Event]:
    """The events the log holds after a script (what a replay reads)."""
    return [event_of(e) for r in results for e in r.get("recorded", [])]


def golden_files() -> list[Path]:
    return sorted(GOLDEN.glob("*.json"))


def load_golden(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]
