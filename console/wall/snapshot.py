"""What the wall shows, read from the database in one go (:func:`read_snapshot`).

The active (open) incidents, most severe first, each with its level, plan state, most urgent
deadline, affected area and position; the approved dispatch routes; the latest events of every
incident in the words of the timeline (console.timeline.wording); today's figures
(console.wall.figures). Everything is a frozen record: the wall redraws from it and never writes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import select

from console.changes import CENTRE_STREAMS
from console.clock import CHINA_TZ
from console.incidents.rules import most_urgent, outstanding, overdue_deadlines
from console.incidents.service import IncidentService, IncidentSummary
from console.plan.engine import IncidentState
from console.plan.model import Plan
from console.store.db import Database
from console.store.eventlog import EventLog
from console.timeline.wording import describe
from console.wall.figures import Figure, FigureInput, compute_figures

TICKER_SIZE = 12  # events in the ticker
TICKER_LOOKBACK = 400  # log positions looked at for them
LEVEL_RANK = {"I": 1, "II": 2, "III": 3, "IV": 4}  # ungraded (None) after Ⅳ


class WallServices(Protocol):
    """The part of :class:`console.app.Console` the wall reads (never its commands)."""

    @property
    def db(self) -> Database: ...
    @property
    def log(self) -> EventLog: ...
    @property
    def incidents(self) -> IncidentService: ...


@dataclass(frozen=True)
class WallDeadline:
    title: str
    due_at: datetime
    missed: bool  # past due (recorded as missed, or due before now) and still outstanding


@dataclass(frozen=True)
class WallIncident:
    id: str
    title: str
    level: str | None
    level_name: str  # 「较大（III级）」 / 「未分级（非级别）」
    state_title: str  # the plan state it is in (处置、研判…)
    place: str
    lat: float | None
    lon: float | None
    opened_at: datetime
    next_deadline: WallDeadline | None
    overdue: int  # deadlines overdue now
    open_tasks: int
    area: Mapping[str, Any] | None  # the latest affected area (``log.area``), GeoJSON or circle

    @property
    def rank(self) -> int:
        return LEVEL_RANK.get(self.level or "", 5)


@dataclass(frozen=True)
class TickerItem:
    seq: int
    at: datetime
    incident_id: str
    incident_title: str
    text: str  # the timeline's Chinese wording

    def line(self) -> str:
        return f"{self.at.astimezone(CHINA_TZ):%H:%M}  {self.incident_title}：{self.text}"


@dataclass(frozen=True)
class WallSnapshot:
    at: datetime
    incidents: tuple[WallIncident, ...]  # the open ones, most severe and most urgent first
    figures: tuple[Figure, ...]
    ticker: tuple[TickerItem, ...]  # newest first
    routes: tuple[Mapping[str, Any], ...]  # ``MapView.set_routes`` dicts of approved requests
    head_seq: int  # the log position read up to

    def incident(self, incident_id: str) -> WallIncident | None:
        return next((i for i in self.incidents if i.id == incident_id), None)

    def figure(self, key: str) -> Figure | None:
        return next((f for f in self.figures if f.key == key), None)


def day_start(now: datetime) -> datetime:
    """Midnight of ``now``'s day, China time."""
    local = now.astimezone(CHINA_TZ)
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def countdown(due_at: datetime, now: datetime) -> tuple[str, bool]:
    """(「01:23:45」 or 「已逾期 00:05:00」, overdue) — hours may pass 99 for a far deadline."""
    left = due_at - now
    overdue = left < timedelta(0)
    secs = int(abs(left.total_seconds()))
    text = f"{secs // 3600:02d}:{secs % 3600 // 60:02d}:{secs % 60:02d}"
    return (f"已逾期 {text}" if overdue else text), overdue


def _area(service: IncidentService, s: IncidentSummary, cache: dict[Any, Any]) -> Mapping[str, Any] | None:
    """The incident's latest ``log.area`` (read once per version of the incident)."""
    key = ("area", s.id, s.version)
    if key not in cache:
        area = None
        for ev in service.timeline(s.id):
            if ev.type == "log.area":
                area = ev.payload.get("data", {}).get("area") or area
        for old in [k for k in cache if k[:2] == ("area", s.id)]:
            del cache[old]
        cache[key] = area
    return cache[key]  # type: ignore[no-any-return]


def _incident(service: IncidentService, s: IncidentSummary, plan: Plan, state: IncidentState, now: datetime,
              cache: dict[Any, Any]) -> WallIncident:
    # the next deadline still ahead (the one to count down); with none ahead, the most urgent overdue one
    ahead = [d for d in state.deadlines.values() if outstanding(d, state) and d["status"] == "open"
             and d["due_at"] >= now]
    urgent = min(ahead, key=lambda d: (d["due_at"], d["id"])) if ahead else most_urgent(state)
    nxt = (WallDeadline(urgent["title"], urgent["due_at"], urgent["status"] == "missed" or urgent["due_at"] < now)
           if urgent is not None else None)
    area = _area(service, s, cache)
    try:
        state_title = plan.state_title(state.leaf)
    except KeyError:
        state_title = state.leaf
    return WallIncident(
        s.id, s.title, s.level, plan.level_name(s.level), state_title, s.place or "", s.lat, s.lon, s.opened_at,
        nxt, len(overdue_deadlines(state, now)),
        sum(1 for t in state.tasks.values() if t.get("status") == "open"), area)


def _submitted_today(db: Database, since: datetime) -> list[datetime]:
    from console.reports.models import reports_table
    from console.store.chain import from_us, to_us

    r = reports_table.c
    with db.reading() as conn:
        rows = conn.execute(select(r.submitted_us).where(r.submitted_us.is_not(None),
                                                         r.submitted_us >= to_us(since))).all()
    return [from_us(row[0]) for row in rows]


def _ticker(services: WallServices, summaries: Mapping[str, IncidentSummary],
            states: Mapping[str, IncidentState], plans: dict[str, Plan], head: int) -> tuple[TickerItem, ...]:
    service = services.incidents
    events = [e for e in services.log.read(after_seq=max(0, head - TICKER_LOOKBACK))
              if e.stream in summaries and e.stream not in CENTRE_STREAMS]
    out: list[TickerItem] = []
    events.sort(key=lambda e: (e.occurred_at, e.seq), reverse=True)  # newest happened first (back-fills too)
    for ev in events:
        plan = plans.get(ev.stream)
        if plan is None:
            try:
                plan = plans[ev.stream] = service.plan_for(ev.stream)
            except LookupError:
                continue
        st = states.get(ev.stream)
        names: dict[str, Any] = {**st.tasks, **st.deadlines} if st is not None else {}
        text = describe(plan, ev.type, ev.payload.get("data", {}) or {}, names=names)
        if not text or text == ev.type:  # an engine-internal event: nothing to say to the room
            continue
        out.append(TickerItem(ev.seq, ev.occurred_at, ev.stream, summaries[ev.stream].title, text))
        if len(out) >= TICKER_SIZE:
            break
    return tuple(out)


def _routes(services: WallServices) -> tuple[Mapping[str, Any], ...]:
    requests = getattr(services, "requests", None)
    if requests is None:
        return ()
    try:
        return tuple(requests.routes())
    except Exception:  # noqa: BLE001 — no reserves tables (old schema): the map shows no routes
        return ()


def read_snapshot(services: WallServices, now: datetime, *, mode: str | None = None,
                  cache: dict[Any, Any] | None = None) -> WallSnapshot:
    """Everything the wall shows at ``now`` (``mode``: only real or only drill incidents).
    ``cache``: a dict kept between calls (the wall's), so what has not changed is not read again."""
    cache = {} if cache is None else cache
    service = services.incidents
    head = services.log.head()[0]
    summaries = [s for s in service.list() if mode is None or s.mode == mode]
    by_id = {s.id: s for s in summaries}
    states: dict[str, IncidentState] = {}
    plans: dict[str, Plan] = {}
    incidents: list[WallIncident] = []
    for s in summaries:
        if s.status != "open":
            continue
        try:
            view = service.view(s.id)
        except LookupError:  # not (yet) visible to this reading connection
            continue
        states[s.id] = view.state
        plans[s.id] = view.plan
        incidents.append(_incident(service, view.summary, view.plan, view.state, now, cache))
    far = datetime.max.replace(tzinfo=now.tzinfo)
    incidents.sort(key=lambda i: (i.rank, i.next_deadline.due_at if i.next_deadline else far, i.id))
    start = day_start(now)
    try:
        submitted: Sequence[datetime] = _submitted_today(services.db, start)
    except Exception:  # noqa: BLE001 — no reports table (old schema)
        submitted = ()
    figures = compute_figures(FigureInput(now, start, summaries, states, submitted, services))
    ticker = _ticker(services, by_id, states, plans, head)
    return WallSnapshot(now, tuple(incidents), figures, ticker, _routes(services), head)


__all__ = ["LEVEL_RANK", "TickerItem", "WallDeadline", "WallIncident", "WallServices", "WallSnapshot", "countdown",
           "day_start", "read_snapshot"]
