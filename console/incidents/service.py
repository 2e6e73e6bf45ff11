"""The incident service: one data path for every change.

command → load the incident (projection) → record any deadlines that passed →
engine step (pure) → one transaction: append events (expected version, hash
chain) + update the projection → a change set back to the caller.

Plans are pinned: the open event records the plan's content hash and the plan's
text is stored in the database, so an incident always runs on the exact plan it
started with, whatever happens to the file later.
"""

from __future__ import annotations

import builtins
import functools
import gc
import itertools
import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, update

from console.auth.roles import check_command
from console.changes import ChangeSet, Topic
from console.clock import CHINA_TZ, UTC, Clock, SystemClock
from console.effects import EffectContext, EffectHandlers
from console.incidents.bounds import (
    Box,
    ProjectionRefused,
    TextRefused,
    check_clock,
    check_data,
    check_event_time,
    check_position,
    check_received_at,
    check_text,
    is_backfill,
)
from console.incidents.call import CallFacts, check_call
from console.plan.bounds import PLACE_MAX, TITLE_MAX
from console.plan.engine import (
    SYSTEM_ROLE,
    Event,
    IncidentState,
    Rejected,
    due_events,
    end_tasks_after,
    open_incident,
    replay,
    step,
    validate_facts,
)
from console.plan.loader import load_plan_text
from console.plan.model import Plan
from console.store.chain import EPOCH, from_us, to_us
from console.store.db import Database
from console.store.eventlog import EventLog, NewEvent, StaleAppend, StoredEvent, decode_payloads
from console.store.models import incidents_table

SNAPSHOT_EVERY = 500
# How many incidents' folded states a service keeps (the ones it wrote last).
FOLDED_KEPT = 256


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a bulk read or fold allocates.

    Decoding 100,000 payloads creates 200,000 dicts; with the collector on, the growing
    number of live objects triggers repeated full collections that cost more than the
    decoding itself. Nothing built here forms reference cycles, so reference counting frees
    it all; the collector is restored (if it was on) on the way out, even on error.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
I = incidents_table.c  # noqa: E741 - short column alias
# What replay reads of each event: five columns, not the full StoredEvent with hashes and
# recording times (the hash chain is checked by ``log verify``).
ENGINE_COLUMNS = ("type", "occurred_us", "actor", "role", "payload")


@dataclass(frozen=True)
class CommandResult:
    """What a command changed: the new state, the engine's effects and the events written."""

    incident_id: str
    state: IncidentState
    effects: list[dict[str, Any]]
    events: list[StoredEvent]

    @property
    def version(self) -> int:
        return self.events[-1].version if self.events else self.state.version

    @property
    def changes(self) -> ChangeSet:
        """What the command changed, by topic (the window redraws from this)."""
        return ChangeSet.from_events(self.events)


@dataclass(frozen=True)
class ColumnDifference:
    """One column of an incident's projection row that differs from what its log says."""

    column: str
    projected: Any
    logged: Any

    def __str__(self) -> str:
        if self.column == "state":
            return f"state：投影的状态与日志不同（{self.logged}）"
        return f"{self.column}：投影为 {_shown(self.projected)}，日志为 {_shown(self.logged)}"


def _shown(v: Any) -> str:
    if isinstance(v, str) and len(v) > 60:
        v = v[:57] + "…"
    return "空" if v is None else repr(v) if isinstance(v, str) else str(v)


@dataclass(frozen=True)
class LoggedIncident:
    """An incident as its log says it is: the state folded from the log, its open event and last event."""

    plan: Plan
    state: IncidentState
    opened: StoredEvent
    last: StoredEvent

    def columns(self) -> dict[str, Any]:
        """What every column of the projection row must hold."""
        d = self.opened.payload.get("data", {})
        loc = d.get("location") or {}
        s = self.state
        return {"status": "closed" if s.closed else "open", "level": s.level, "version": self.last.version,
                "last_seq": self.last.seq, "last_hash": self.last.hash, "title": d.get("title"),
                "place": loc.get("place"), "lat": loc.get("lat"), "lon": loc.get("lon"),
                "plan_hash": self.plan.content_hash, "plan_id": self.plan.id, "mode": self.opened.mode,
                "opened_us": to_us(self.opened.occurred_at), "updated_us": to_us(self.last.recorded_at)}

    def differences(self, row: Any) -> builtins.list[ColumnDifference]:
        """The columns of ``row`` (the projection, or None when it is missing) that differ.

        A row written before projections recorded their last event (``last_seq`` empty) is not
        a difference: the next write fills it in."""
        if row is None:
            return [ColumnDifference("（整行）", None, f"版本 {self.last.version}")]
        out = []
        for column, logged in self.columns().items():
            projected = getattr(row, column)
            if column in ("last_seq", "last_hash") and row.last_seq is None and row.last_hash is None:
                continue
            if projected != logged:
                out.append(ColumnDifference(column, projected, logged))
        logged_json = self.state.to_json()
        try:
            projected_json = IncidentState.from_json(json.loads(row.state)).to_json()
        except (ValueError, KeyError, TypeError, AttributeError):
            projected_json = {}
        if projected_json != logged_json:
            keys = [k for k in logged_json if logged_json[k] != projected_json.get(k)]
            out.append(ColumnDifference("state", row.state, "不同的字段：" + "、".join(keys)))
        return out


@dataclass(frozen=True)
class OpenedRow:
    """What a new incident's projection row needs beside its state (a hand-over opens one)."""

    title: str
    lat: float | None = None
    lon: float | None = None
    place: str | None = None


@dataclass
class Staged:
    """One incident's part of a write of several incidents in one transaction
    (:meth:`IncidentService.write_staged`): the state after ``events``, their effects, the version
    the log must still be at (0 and ``opened`` for a new incident)."""

    incident_id: str
    plan: Plan
    state: IncidentState
    version: int
    events: builtins.list[Event]
    effects: builtins.list[dict[str, Any]]
    opened: OpenedRow | None = None


@dataclass(frozen=True)
class IncidentSummary:
    id: str
    title: str
    plan_id: str
    plan_hash: str
    mode: str
    status: str  # open | closed
    level: str | None
    leaf: str
    version: int
    opened_at: datetime
    updated_at: datetime
    lat: float | None
    lon: float | None
    place: str | None


@dataclass(frozen=True)
class IncidentView:
    """One incident as a view shows it, read from one row: its summary, plan and state."""

    summary: IncidentSummary
    plan: Plan
    state: IncidentState


@dataclass
class PlanStore:
    """Compiled plans by content hash, read from the database (pinned) and cached."""

    log: EventLog
    _cache: dict[str, Plan] = field(default_factory=dict)

    def add(self, plan: Plan) -> None:
        """Keep a compiled plan (its text is pinned in the database by the caller)."""
        self._cache[plan.content_hash] = plan

    def register_file(self, path: str | Path) -> Plan:
        p = Path(path)
        data = p.read_bytes()
        plan = load_plan_text(data, str(p))
        self.log.save_plan_source(plan.content_hash, plan.id, plan.version, plan.title,
                                  data.decode("utf-8"))
        self._cache[plan.content_hash] = plan
        return plan

    def get(self, content_hash: str) -> Plan:
        plan = self._cache.get(content_hash)
        if plan is None:
            source = self.log.plan_source(content_hash)
            if source is None:
                raise LookupError(f"数据库中没有内容哈希为 {content_hash[:12]}… 的预案")
            plan = load_plan_text(source.encode("utf-8"), f"<预案 {content_hash[:12]}>")
            self._cache[content_hash] = plan
        return plan


class IncidentService:
    def __init__(self, db: Database, clock: Clock | None = None, *, mode: str = "real",
                 log: EventLog | None = None, effects: EffectHandlers | None = None,
                 area: Callable[[], Box | None] | None = None):
        self.db = db
        self.clock: Clock = clock or SystemClock()
        self.mode = mode
        self.log = log or EventLog(db, self.clock)
        self.plans = PlanStore(self.log)
        # what the features do with the plan's effects, in the command's transaction
        self.effects = effects if effects is not None else EffectHandlers()
        # the jurisdiction's bounding box (None: no check); a position outside it needs outside_ok
        self.area = area
        # 移交: the receiving plan in use for a plan id (console.app asks the plan library), given
        # the handing-over incident's plan; None: no hand-over possible
        self.handover_plan: Callable[[str, Plan], Plan | None] | None = None
        # The state this service last folded or wrote for each incident, with the log event it
        # ends at: while that is still the stream's last event, the log need not be folded again.
        self._folded: dict[str, LoggedIncident] = {}
        # Called with (incident id, the refused command, the refusal) when the role table or the
        # plan refuses a command; a drill records the attempt there (console.drills.refusals).
        self.refusal_hooks: list[Callable[[str, Event, Rejected], None]] = []

    # -- opening -------------------------------------------------------------
    def open(self, plan: Plan | str | Path, *, title: str, actor: str, role: str,
             facts: dict[str, Any] | None = None, lat: float | None = None, lon: float | None = None,
             place: str | None = None, received_at: datetime | None = None,
             outside_ok: bool = False, call: CallFacts | dict[str, Any] | None = None) -> CommandResult:
        """Receive (接报) an incident. Refused before anything is written: a title or place too
        long, coordinates not finite or beyond ±90°/±180°, a position outside the jurisdiction's
        box unless ``outside_ok``, a 接报 time in the future (beyond the clock skew) or before
        2000, facts the plan does not allow or beyond their limits, call facts (``call``: 发生时间,
        报告人, 报告单位, 来电号码, 接报方式, 主要症状) out of their bounds (:func:`check_call`).
        The call facts are logged with the open event."""
        if not isinstance(title, str):
            raise TextRefused("事件名称", "「事件名称」必须是文本")
        title = title.strip()
        if not title:
            raise Rejected("no_title", "请填写事件名称")
        check_text("事件名称", title, TITLE_MAX)
        check_text("地点", place, PLACE_MAX)
        if isinstance(place, str):
            place = place.strip() or None
        check_position(lat, lon, self.area() if self.area is not None and lat is not None else None,
                       outside_ok=outside_ok)
        now = self.clock.now()
        at = check_received_at(received_at if received_at is not None else now, now).astimezone(UTC)
        call_facts = check_call(call, at)
        if not isinstance(plan, Plan):
            plan = self.plans.register_file(plan)
        elif self.log.plan_source(plan.content_hash) is None:
            path = Path(plan.source_name)
            if not path.is_file():
                raise LookupError("预案文本不可用，无法固定（pin）到事件；请从文件打开预案")
            plan = self.plans.register_file(path)
        self.plans.add(plan)
        if role == SYSTEM_ROLE:
            raise Rejected("system_role", "「system」是系统保留角色（计时器使用），不能用于人工操作")
        check_command(role, "open")
        data = {
            "plan": {"hash": plan.content_hash, "id": plan.id, "version": plan.version},
            "title": title,
            "facts": dict(facts or {}),
            "location": {"lat": lat, "lon": lon, "place": place},
        }
        if not call_facts.is_empty():
            data["call"] = call_facts.to_data()
        ev = Event("open", at, actor, role, data)
        state, effects = open_incident(plan, ev)  # validates facts and role before anything is written
        for attempt in range(50):
            incident_id = self._new_id(at, attempt)
            touched: set[Topic] = set()
            insert_projection = functools.partial(self._insert_projection, incident_id=incident_id, title=title,
                                                  plan=plan, state=state, lat=lat, lon=lon, place=place)

            def in_tx(conn: Connection, evs: list[StoredEvent], insert_projection: Any = insert_projection,
                      incident_id: str = incident_id, touched: set[Topic] = touched) -> None:
                insert_projection(conn, evs)
                self.effects.run(EffectContext(conn, incident_id, touched), effects)

            try:
                stored = self.log.append(incident_id, 0, [self._new_event(ev)], in_transaction=in_tx,
                                         touched=touched)
            except StaleAppend:
                continue
            self._keep(incident_id, LoggedIncident(plan, state, stored[0], stored[-1]))
            return CommandResult(incident_id, state, effects, stored)
        raise RuntimeError("无法分配事件编号")

    def _new_id(self, at: datetime, attempt: int) -> str:
        day = at.astimezone(CHINA_TZ).strftime("%Y%m%d")
        prefix = ("D" if self.mode == "drill" else "") + day
        with self.db.reading() as conn:
            n = conn.execute(select(func.count()).select_from(incidents_table)
                             .where(I.id.like(f"{prefix}-%"))).scalar_one()
        return f"{prefix}-{n + 1 + attempt:03d}"

    def _new_event(self, ev: Event, backfilled: bool = False) -> NewEvent:
        payload: dict[str, Any] = {"data": ev.data}
        if backfilled:
            payload["backfilled"] = True  # recorded after the fact (补录): its time is not when it was written
        return NewEvent(ev.type, ev.at, ev.actor, ev.role, payload, self.mode)

    # -- commands ------------------------------------------------------------
    def command(self, incident_id: str, type: str, data: dict[str, Any] | None = None, *, actor: str,
                role: str, expected_version: int | None = None,
                in_transaction: Callable[[Connection, list[StoredEvent]], None] | None = None,
                at: datetime | None = None, backfilled: bool = False) -> CommandResult:
        """Run one command. Missed deadlines up to its time are recorded first, even if the command is rejected.

        ``at`` is when it happened (default: now). It may not be before the incident's last
        event nor after now plus the clock skew; earlier than now minus the skew it is a
        back-filled record (补录) and needs ``backfilled=True`` (the event says so). The data's
        texts and numbers are checked against their limits before anything is written.

        The projection row is checked against the log first (the state folded from the log's
        snapshot and the events after it, or the one this service wrote while that is still the
        log's last event): if the row was changed outside the console the command is refused with
        :class:`~console.incidents.bounds.ProjectionRefused` and the row rebuilt.

        ``in_transaction(conn, stored_events)`` runs inside the append's transaction, after the
        events are written: other services (reports, reserves) write their own rows there so that
        the event and its record commit together or not at all. If it raises, nothing is written.
        """
        if role == SYSTEM_ROLE:
            raise Rejected("system_role", "「system」是系统保留角色（计时器使用），不能用于人工操作")
        try:
            check_command(role, type)  # what the role may do at all; the plan then decides the rest
        except Rejected as exc:
            self._refused(incident_id, Event(type, self.clock.now(), actor, role, dict(data or {})), exc)
            raise
        data = dict(data or {})
        check_data(data)
        plan, state, version = self.load_checked(incident_id)
        if expected_version is not None and expected_version != version:
            # The caller looked at an older version: refuse, naming who changed it — unless all
            # that happened since is the timer recording missed deadlines, which changes no
            # decision the caller saw (the deadline is shown as missed either way).
            since = [e for e in self.log.read(incident_id, after_version=min(expected_version, version))
                     if e.role != SYSTEM_ROLE]
            if since or expected_version > version:
                who = since[-1] if since else None
                raise StaleAppend(incident_id, expected_version, version,
                                  who.actor if who else None, who.recorded_at if who else None)
        clock_now = self.clock.now()
        if at is None:
            check_clock(clock_now)
            when = max(clock_now, state.now)
            backfill = False
        else:
            when = check_event_time(at, state.now, clock_now, backfilled=backfilled)
            backfill = is_backfill(when, clock_now)
        now = when.astimezone(UTC)
        if type == "facts" and isinstance(data.get("facts"), dict):
            validate_facts(plan, data["facts"])  # out of range: refused before deadlines are recorded
        if type == "facts" and isinstance(data.get("assessed"), dict):
            validate_facts(plan, data["assessed"])  # 经评估可能 (format 2): the same bounds
        pending: list[Event] = []
        effects: list[dict[str, Any]] = []
        state, effects = self._apply_due(plan, state, now, pending, effects)
        ev = Event(type, now, actor, role, data)
        try:
            state, more = step(plan, state, ev)
        except Rejected as exc:
            if pending:  # the deadlines did pass; record that even though the command is refused
                self._write(incident_id, plan, state, version, pending, effects=effects)
            self._refused(incident_id, ev, exc)
            raise
        pending.append(ev)
        effects.extend(more)
        state = self._end_tasks(plan, state, ev, more, pending, effects)
        if any(e["kind"] == "handover" for e in more) or (state.linked and any(e["kind"] == "facts" for e in more)):
            # 移交 opens another incident; linked incidents learn the new facts: one transaction
            from console.incidents.linking import write_with_companions

            main = Staged(incident_id, plan, state, version, pending, effects)
            stored = write_with_companions(self, main, ev, more, in_transaction, backfilled=ev if backfill else None)
            return CommandResult(incident_id, main.state, main.effects, stored)
        stored = self._write(incident_id, plan, state, version, pending, in_transaction, effects=effects,
                             backfilled=ev if backfill else None)
        return CommandResult(incident_id, state, effects, stored)

    def _refused(self, incident_id: str, ev: Event, exc: Rejected) -> None:
        for hook in list(self.refusal_hooks):
            hook(incident_id, ev, exc)

    def tick(self, incident_id: str) -> CommandResult | None:
        """Record deadlines that have passed (the console calls this on a timer).

        A cheap look first (the row against its own state and the log's last event); only when
        a deadline is due is the state folded from the log and checked before writing."""
        row = self._row(incident_id)
        try:
            seen = IncidentState.from_json(json.loads(row.state))
        except (ValueError, KeyError, TypeError):
            seen = None
        if seen is None or not self._looks_current(row, seen):
            self.load_checked(incident_id)  # refuses and rebuilds if the row was changed
            row = self._row(incident_id)
            seen = IncidentState.from_json(json.loads(row.state))
        if seen.closed:
            return None
        now = self.clock.now()
        check_clock(now)
        if not due_events(seen, now):
            return None
        plan, state, version = self.load_checked(incident_id)
        if state.closed:
            return None
        pending: list[Event] = []
        state, effects = self._apply_due(plan, state, now.astimezone(UTC), pending, [])
        if not pending:
            return None
        stored = self._write(incident_id, plan, state, version, pending, effects=effects)
        return CommandResult(incident_id, state, effects, stored)

    def tick_all(self) -> list[CommandResult]:
        out = []
        for s in self.list(status="open"):
            for _ in range(3):
                try:
                    r = self.tick(s.id)
                except StaleAppend:
                    continue  # another console recorded it first; look again
                except ProjectionRefused:
                    continue  # the row was changed outside the console and is rebuilt: look again
                if r is not None:
                    out.append(r)
                break
        return out

    @staticmethod
    def _apply_due(plan: Plan, state: IncidentState, now: datetime, pending: list[Event],
                   effects: list[dict[str, Any]]) -> tuple[IncidentState, list[dict[str, Any]]]:
        while True:
            due = due_events(state, now)
            if not due:
                return state, effects
            state, more = step(plan, state, due[0])
            pending.append(due[0])
            effects.extend(more)
            state = IncidentService._end_tasks(plan, state, due[0], more, pending, effects)

    @staticmethod
    def _end_tasks(plan: Plan, state: IncidentState, ev: Event, more: list[dict[str, Any]], pending: list[Event],
                   effects: list[dict[str, Any]]) -> IncidentState:
        """A final state reached under a format-2 plan: no task outlives it. An ``end_tasks`` event
        (every open task 不再需要, with the reason) is recorded with the closing one, so the log
        says so and an incident closed before this rule replays exactly as it was written."""
        state, end, ended = end_tasks_after(plan, state, ev, more)
        if end is not None:
            pending.append(end)
            effects.extend(ended)
        return state

    # -- several incidents in one transaction (linked incidents, 并入, 移交: console.incidents.linking) --
    def prepare(self, incident_id: str, now: datetime) -> Staged:
        """An incident checked against its log with the deadlines due at ``now`` applied, ready for
        :meth:`stage`; nothing is written until :meth:`write_staged`."""
        plan, state, version = self.load_checked(incident_id)
        pending: list[Event] = []
        state, effects = self._apply_due(plan, state, now, pending, [])
        return Staged(incident_id, plan, state, version, pending, effects)

    def stage(self, part: Staged, ev: Event) -> list[dict[str, Any]]:
        """Step ``part`` by ``ev`` (and end its tasks if that closed it); Rejected leaves it unchanged."""
        state, more = step(part.plan, part.state, ev)
        part.events.append(ev)
        part.effects.extend(more)
        part.state = self._end_tasks(part.plan, state, ev, more, part.events, part.effects)
        return more

    def next_incident_id(self, at: datetime, attempt: int = 0) -> str:
        """The id a new incident received at ``at`` would get (``attempt``: after a collision)."""
        return self._new_id(at, attempt)

    def write_staged(self, parts: builtins.list[Staged],
                     also: Callable[[Connection, builtins.list[StoredEvent]], None] | None = None, *,
                     backfilled: Event | None = None) -> dict[str, builtins.list[StoredEvent]]:
        """Write every part's events and projection in ONE transaction, all or nothing (a new
        incident, ``part.opened`` set, gets its row inserted). ``also`` runs in it for the first part."""
        touched: set[Topic] = set()

        def in_tx(conn: Connection, stored: dict[str, builtins.list[StoredEvent]]) -> None:
            for p in parts:
                evs = stored.get(p.incident_id)
                if not evs:
                    continue
                if p.opened is not None:
                    self._insert_projection(conn, evs, incident_id=p.incident_id, title=p.opened.title,
                                            plan=p.plan, state=p.state, lat=p.opened.lat, lon=p.opened.lon,
                                            place=p.opened.place)
                else:
                    self._update_projection(conn, p.incident_id, p.state, evs)
                if p.effects:
                    self.effects.run(EffectContext(conn, p.incident_id, touched), p.effects)
            if also is not None and stored.get(parts[0].incident_id):
                also(conn, stored[parts[0].incident_id])

        stored = self.log.append_streams(
            [(p.incident_id, p.version, [self._new_event(e, e is backfilled) for e in p.events]) for p in parts],
            in_transaction=in_tx, touched=touched)
        for p in parts:
            evs = stored.get(p.incident_id)
            if not evs:
                continue
            kept = self._folded.get(p.incident_id)
            if p.opened is not None:
                self._keep(p.incident_id, LoggedIncident(p.plan, p.state, evs[0], evs[-1]))
            elif kept is not None and kept.last.version == p.version:
                self._keep(p.incident_id, LoggedIncident(p.plan, p.state, kept.opened, evs[-1]))
            if evs[-1].version // SNAPSHOT_EVERY > p.version // SNAPSHOT_EVERY:
                self.log.save_snapshot(p.incident_id, evs[-1].version, p.state.now, p.state.to_json())
        return stored

    def _write(self, incident_id: str, plan: Plan, state: IncidentState, version: int,
               events: list[Event],
               also: Callable[[Connection, list[StoredEvent]], None] | None = None, *,
               effects: list[dict[str, Any]] | None = None,
               backfilled: Event | None = None) -> list[StoredEvent]:
        touched: set[Topic] = set()

        def in_tx(conn: Connection, evs: list[StoredEvent]) -> None:
            self._update_projection(conn, incident_id, state, evs)
            if effects:
                self.effects.run(EffectContext(conn, incident_id, touched), effects)
            if also is not None:
                also(conn, evs)

        stored = self.log.append(incident_id, version,
                                 [self._new_event(e, e is backfilled) for e in events],
                                 in_transaction=in_tx, touched=touched)
        kept = self._folded.get(incident_id)
        if kept is not None and kept.last.version == version:
            self._keep(incident_id, LoggedIncident(plan, state, kept.opened, stored[-1]))
        last = stored[-1].version
        if last // SNAPSHOT_EVERY > version // SNAPSHOT_EVERY:
            self.log.save_snapshot(incident_id, last, state.now, state.to_json())
        return stored

    # -- projection ----------------------------------------------------------
    def _insert_projection(self, conn: Connection, evs: list[StoredEvent], *, incident_id: str,
                           title: str, plan: Plan, state: IncidentState, lat: float | None,
                           lon: float | None, place: str | None) -> None:
        conn.execute(insert(incidents_table).values(
            id=incident_id, title=title, plan_hash=plan.content_hash, plan_id=plan.id, mode=self.mode,
            status="closed" if state.closed else "open", level=state.level,
            state=json.dumps(state.to_json(), ensure_ascii=False), version=evs[-1].version,
            opened_us=to_us(state.received_at), updated_us=to_us(evs[-1].recorded_at),
            lat=lat, lon=lon, place=place, last_seq=evs[-1].seq, last_hash=evs[-1].hash))

    def _update_projection(self, conn: Connection, incident_id: str, state: IncidentState,
                           evs: list[StoredEvent]) -> None:
        conn.execute(update(incidents_table).where(I.id == incident_id).values(
            status="closed" if state.closed else "open", level=state.level,
            state=json.dumps(state.to_json(), ensure_ascii=False), version=evs[-1].version,
            updated_us=to_us(evs[-1].recorded_at), last_seq=evs[-1].seq, last_hash=evs[-1].hash))

    # -- reading -------------------------------------------------------------
    def _row_or_none(self, incident_id: str) -> Any:
        with self.db.reading() as conn:
            return conn.execute(select(incidents_table).where(I.id == incident_id)).first()

    def _row(self, incident_id: str) -> Any:
        row = self._row_or_none(incident_id)
        if row is None:
            raise LookupError(f"没有编号为 {incident_id} 的事件")
        return row

    def _load(self, incident_id: str) -> tuple[Plan, IncidentState, int]:
        row = self._row(incident_id)
        plan = self.plans.get(row.plan_hash)
        return plan, IncidentState.from_json(json.loads(row.state)), row.version

    # -- the projection checked against the log -----------------------------------
    def fold_log(self, incident_id: str, *, from_start: bool = False) -> LoggedIncident:
        """The incident as its log says: the state folded from the latest snapshot and the
        events after it (``from_start``: from the open event, ignoring snapshots), with the
        open event and the last event. LookupError when the log has no such incident."""
        snap = None if from_start else self.log.latest_snapshot(incident_id)
        if snap is not None:
            # the snapshot's own event too: the last event may be that one
            stored = list(self.log.read(incident_id, after_version=snap.version - 1))
            if stored and stored[0].version == snap.version:
                base = IncidentState.from_json(snap.state)
                if base.version == snap.version:
                    plan = self.plans.get(base.plan_hash)
                    opened = next(iter(self.log.read(incident_id, limit=1)))
                    with gc_paused():
                        state = replay(plan, self._engine_events(stored[1:]), base)
                    return LoggedIncident(plan, state, opened, stored[-1])
        with gc_paused():
            stored = list(self.log.read(incident_id))
        if not stored or stored[0].type != "open":
            raise LookupError(f"没有编号为 {incident_id} 的事件")
        plan = self.plans.get(stored[0].payload["data"]["plan"]["hash"])
        with gc_paused():
            state = replay(plan, self._engine_events(stored))
        return LoggedIncident(plan, state, stored[0], stored[-1])

    def check_projection(self, incident_id: str, *, from_start: bool = True) -> builtins.list[ColumnDifference]:
        """Every column of the incident's projection row that differs from its log (empty: they agree)."""
        for _ in range(3):
            logged = self.fold_log(incident_id, from_start=from_start)
            row = self._row_or_none(incident_id)
            if row is not None and row.version > logged.last.version:
                continue  # another console appended meanwhile: read again
            return logged.differences(row)
        raise StaleAppend(incident_id, logged.last.version, row.version, None, None)

    def load_checked(self, incident_id: str) -> tuple[Plan, IncidentState, int]:
        """Plan, state and version of an incident from its log, after checking its projection row.

        The log is read before the row: a concurrent append commits its events and the row
        together, so the row is never behind the log unless it was changed outside the
        console. Then the command is refused, the row rebuilt from the log and the change
        announced (the windows redraw)."""
        for _ in range(3):
            logged = self._current(incident_id)
            row = self._row_or_none(incident_id)
            if row is not None and row.version > logged.last.version:
                continue  # another console appended meanwhile: read again
            diffs = logged.differences(row)
            if diffs:
                self.rebuild_incident(incident_id, logged)
                raise ProjectionRefused(incident_id, logged.last.version, [str(d) for d in diffs])
            self._keep(incident_id, logged)
            return logged.plan, logged.state, logged.last.version
        raise StaleAppend(incident_id, logged.last.version, row.version, None, None)

    def _current(self, incident_id: str) -> LoggedIncident:
        """The incident as the log says, folded again only when the stream moved on since this
        service last folded or wrote it (one short read of the last event tells)."""
        kept = self._folded.get(incident_id)
        if kept is not None:
            tail = list(self.log.read(incident_id, after_version=kept.last.version - 1, limit=2))
            if len(tail) == 1 and (tail[0].seq, tail[0].hash) == (kept.last.seq, kept.last.hash):
                return kept
        return self.fold_log(incident_id)

    def _keep(self, incident_id: str, logged: LoggedIncident) -> None:
        self._folded.pop(incident_id, None)
        self._folded[incident_id] = logged
        while len(self._folded) > FOLDED_KEPT:
            del self._folded[next(iter(self._folded))]

    def _looks_current(self, row: Any, seen: IncidentState) -> bool:
        """The cheap look: the row agrees with its own state and with the log's last event."""
        if row.status != ("closed" if seen.closed else "open") or row.level != seen.level \
                or seen.version != row.version:
            return False
        last = list(self.log.read(row.id, after_version=row.version - 1, limit=2))
        if len(last) != 1 or last[0].version != row.version:
            return False
        return row.last_seq is None or (row.last_seq == last[0].seq and row.last_hash == last[0].hash)

    def rebuild_incident(self, incident_id: str, logged: LoggedIncident | None = None) -> None:
        """Write the incident's projection row afresh from its log, and announce it."""
        logged = logged if logged is not None else self.fold_log(incident_id, from_start=True)
        d = logged.opened.payload["data"]
        loc = d.get("location") or {}
        with self.db.connect() as conn:
            conn.execute(delete(incidents_table).where(I.id == incident_id))
            self._insert_projection(conn, [logged.last], incident_id=incident_id, title=d["title"],
                                    plan=logged.plan, state=logged.state, lat=loc.get("lat"),
                                    lon=loc.get("lon"), place=loc.get("place"))
            conn.execute(update(incidents_table).where(I.id == incident_id).values(
                opened_us=to_us(logged.opened.occurred_at), mode=logged.opened.mode))
        self.log.changes.publish(ChangeSet.of(Topic.INCIDENTS, Topic.STATE, Topic.TIMELINE,
                                              incidents=[incident_id]))

    def view(self, incident_id: str) -> IncidentView:
        """Summary, plan and state of one incident from a single read of its row."""
        row = self._row(incident_id)
        return IncidentView(self._summary(row), self.plans.get(row.plan_hash),
                            IncidentState.from_json(json.loads(row.state)))

    def call_facts(self, incident_id: str) -> CallFacts:
        """What the caller said when the incident was received (from its open event)."""
        kept = self._folded.get(incident_id)
        opened = kept.opened if kept is not None else next(iter(self.log.read(incident_id, limit=1)), None)
        if opened is None or opened.type != "open":
            raise LookupError(f"没有编号为 {incident_id} 的事件")
        return CallFacts.from_data(opened.payload.get("data", {}).get("call"))

    def plan_for(self, incident_id: str) -> Plan:
        return self.plans.get(self._row(incident_id).plan_hash)

    def state(self, incident_id: str) -> IncidentState:
        return self._load(incident_id)[1]

    def summary(self, incident_id: str) -> IncidentSummary:
        return self._summary(self._row(incident_id))

    @staticmethod
    def _summary(r: Any) -> IncidentSummary:
        leaf = json.loads(r.state)["leaf"]
        return IncidentSummary(r.id, r.title, r.plan_id, r.plan_hash, r.mode, r.status, r.level, leaf,
                               r.version, from_us(r.opened_us), from_us(r.updated_us), r.lat, r.lon,
                               r.place)

    def list(self, *, status: str | None = None) -> list[IncidentSummary]:
        q = select(incidents_table).order_by(I.opened_us.desc())
        if status is not None:
            q = q.where(I.status == status)
        with self.db.reading() as conn:
            return [self._summary(r) for r in conn.execute(q)]

    def timeline(self, incident_id: str) -> builtins.list[StoredEvent]:
        self._row(incident_id)
        return list(self.log.read(incident_id))

    # -- replay and state at a time ---------------------------------------------
    @staticmethod
    def _engine_events(stored: Iterable[StoredEvent]) -> Iterable[Event]:
        for e in stored:
            yield Event(e.type, e.occurred_at, e.actor, e.role, e.payload.get("data", {}))

    def engine_events(self, incident_id: str, *, after_version: int = 0,
                      until: datetime | None = None) -> builtins.list[Event]:
        """The incident's events as the engine reads them, in one lean query.

        Replay needs five columns, not the full StoredEvent with hashes and recording
        times, so it reads just those (the hash chain is checked by ``log verify``).
        """
        with gc_paused():
            return list(self.iter_engine_events(incident_id, after_version=after_version, until=until))

    def iter_engine_events(self, incident_id: str, *, after_version: int = 0,
                           until: datetime | None = None, chunk: int = 4096) -> Iterator[Event]:
        """Like :meth:`engine_events`, streamed in chunks from one read transaction.

        Folding while reading keeps few objects alive at once, so a 100,000-event replay
        neither holds every event in memory nor pays for the collector walking them.
        """
        # An incident's events never go back in time (the engine refuses it): the log stops
        # reading at the first event after ``until``.
        epoch, us_delta = EPOCH, timedelta
        for rows in self.log.stream_rows(incident_id, ENGINE_COLUMNS, after_version=after_version,
                                         until=until, chunk=chunk):
            payloads = decode_payloads([r[4] for r in rows])
            yield from [Event(r[0], epoch + us_delta(microseconds=r[1]), r[2], r[3], p.get("data", {}))
                        for r, p in zip(rows, payloads, strict=True)]

    def replay(self, incident_id: str) -> tuple[IncidentState, IncidentState]:
        """Rebuild the state from the log alone; returns (rebuilt, stored projection)."""
        plan, projected, _ = self._load(incident_id)
        with gc_paused():
            rebuilt = replay(plan, self.iter_engine_events(incident_id))
        return rebuilt, projected

    def state_at(self, incident_id: str, at: datetime) -> IncidentState | None:
        """The situation at an instant, read from the log (snapshot + the events after it)."""
        plan = self.plan_for(incident_id)
        snap = self.log.latest_snapshot(incident_id, at=at)
        base = None
        after = 0
        if snap is not None:
            base = IncidentState.from_json(snap.state)
            after = snap.version
        # Snapshots are SNAPSHOT_EVERY events apart: read in chunks of about that size.
        evs = self.iter_engine_events(incident_id, after_version=after, until=at, chunk=SNAPSHOT_EVERY + 16)
        if base is None:
            first = next(evs, None)
            if first is None:  # the incident had not been received yet
                return None
            return replay(plan, itertools.chain([first], evs))
        with gc_paused():
            return replay(plan, evs, base)

    def rebuild(self) -> int:
        """Recompute every incident projection from the log (proves the log is the truth).

        Also fills the last event (``last_seq``, ``last_hash``) of rows written before
        projections recorded it."""
        n = 0
        for stream in self.log.streams():
            try:
                logged = self.fold_log(stream, from_start=True)
            except LookupError:
                continue  # not an incident (accounts, administration)
            self.rebuild_incident(stream, logged)
            n += 1
        return n
