"""The timeline of an incident, read from its log (Qt-free; ``ui/timeline`` draws it).

The incident's events are replayed through the plan engine one by one, which tells what each
event did: the state and level changes, the tasks created and done (and by which unit), the
materials requested, the deadlines opened and how each one ended (met / missed / cancelled).
Each item keeps both timestamps: when it happened (``at``) and when it was recorded
(``recorded_at``); they differ for back-filled entries. The same model serves a live
incident, a drill (``mode == "drill"``) and a closed incident.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from console.plan.engine import Event, Rejected, open_incident, step
from console.store.chain import EPOCH
from console.store.eventlog import EventClass, EventLog, decode_payloads
from console.timeline.wording import describe

LANES: tuple[tuple[str, str], ...] = (
    ("state", "状态与级别"),
    ("reports", "信息报送"),
    ("tasks", "任务"),
    ("consultations", "专家会商"),
    ("materials", "应急物资"),
    ("duty", "应急值守"),
    ("injects", "演练注入"),
)
LANE_IDS = tuple(k for k, _ in LANES)
LANE_TITLES = dict(LANES)
# a hop of a reporting chain (format 2) is a report's deadline; an approval (批复) is the level's / termination's
_DEADLINE_LANE = {"report": "reports", "report_hop": "reports", "task": "tasks", "consult": "consultations",
                  "materials": "materials", "timer": "state", "approval": "state"}
STATUS_TITLES = {"open": "进行中", "met": "按时完成", "missed": "已逾期", "cancelled": "已取消", "expired": "已到时",
                 "unfinished": "结案时未完成"}


@dataclass(frozen=True)
class TimelineItem:
    lane: str
    at: datetime
    recorded_at: datetime
    title: str
    type: str
    actor: str = ""
    role: str = ""
    unit: str | None = None
    version: int | None = None
    data: dict[str, Any] = field(default_factory=dict)
    # False for an event written while the database had no accounts: anyone at the machine could
    # have typed that name (a reviewer sees 「未认证」 beside it)
    authenticated: bool = True

    def details(self) -> dict[str, Any]:
        return {"kind": "item", "lane": self.lane, "lane_title": LANE_TITLES[self.lane], "title": self.title,
                "type": self.type, "at": self.at, "recorded_at": self.recorded_at, "actor": self.actor,
                "role": self.role, "unit": self.unit, "version": self.version, "data": self.data,
                "authenticated": self.authenticated}


@dataclass(frozen=True)
class DeadlineWindow:
    lane: str
    id: str
    title: str
    start: datetime
    due: datetime
    status: str  # open | met | missed | cancelled | expired
    closed_at: datetime | None
    unit: str | None = None

    @property
    def met(self) -> bool | None:
        return {"met": True, "missed": False}.get(self.status)

    def details(self) -> dict[str, Any]:
        return {"kind": "deadline", "lane": self.lane, "lane_title": LANE_TITLES[self.lane], "id": self.id,
                "title": self.title, "start": self.start, "due": self.due, "status": self.status,
                "status_title": STATUS_TITLES.get(self.status, self.status), "closed_at": self.closed_at,
                "unit": self.unit}


@dataclass
class Timeline:
    incident_id: str
    title: str
    mode: str  # real | drill
    closed: bool
    items: list[TimelineItem]  # sorted by `at`
    windows: list[DeadlineWindow]
    units: dict[str, str] = field(default_factory=dict)  # unit id → title
    levels: dict[str, str] = field(default_factory=dict)

    @property
    def start(self) -> datetime | None:
        times = [i.at for i in self.items[:1]] + [w.start for w in self.windows]
        return min(times) if times else None

    @property
    def end(self) -> datetime | None:
        times = [i.at for i in self.items[-1:]] + [i.recorded_at for i in self.items[-1:]]
        times += [w.closed_at or w.due for w in self.windows]
        return max(times) if times else None

    def actors(self) -> list[str]:
        return sorted({i.actor for i in self.items if i.actor})

    def lane_items(self, lane: str) -> list[TimelineItem]:
        return [i for i in self.items if i.lane == lane]

    def between(self, start: datetime, end: datetime) -> list[TimelineItem]:
        keys = [i.at for i in self.items]
        return self.items[bisect_left(keys, start):bisect_right(keys, end)]

    def filtered(self, *, lanes: Iterable[str] | None = None, unit: str | None = None,
                 actor: str | None = None) -> Timeline:
        """Only the chosen lanes; with ``unit``, only what concerns that unit (its tasks and their
        deadlines); with ``actor``, only what that person did (deadline windows are kept)."""
        keep = set(lanes) if lanes is not None else set(LANE_IDS)
        items = [i for i in self.items if i.lane in keep and (unit is None or i.unit == unit)
                 and (actor is None or i.actor == actor)]
        windows = [w for w in self.windows if w.lane in keep and (unit is None or w.unit == unit)]
        return Timeline(self.incident_id, self.title, self.mode, self.closed, items, windows, self.units,
                        self.levels)


_DRILL_TYPES = frozenset({"log.drill", "log.evaluation", "log.hotwash", "log.improvement"})
_TASK_TYPES = ("acknowledge_task", "complete_task", "reopen_task")
_TASK_WORDS = {"complete_task": "完成", "reopen_task": "撤销完成", "acknowledge_task": "签收"}


def _lane_of(type_: str, data: dict[str, Any]) -> str:
    if type_.startswith("log.inject") or data.get("inject") or type_ in _DRILL_TYPES:
        return "injects"
    if type_ in ("submit_report", "forward_report") or type_.startswith("log.report"):
        return "reports"
    if type_ in _TASK_TYPES:
        return "tasks"
    if type_ == "consult_concluded" or type_.startswith("log.consult"):
        return "consultations"
    if type_ == "note" or type_.startswith("log.duty") or type_.startswith("log.handover"):
        return "duty"
    if type_.startswith("log.material") or type_.startswith("log.reserve"):
        return "materials"
    return "state"


def build_timeline(plan: Any, events: Sequence[Any], *, incident_id: str = "", title: str = "",
                   extra: Iterable[TimelineItem] = (), authenticated_from: int | None = 0) -> Timeline:
    """The timeline, with the items of events before seq ``authenticated_from`` marked as
    unauthenticated (None: the database never had accounts, so none is authenticated)."""
    timeline = _build_timeline(plan, events, incident_id=incident_id, title=title, extra=extra)
    unauthenticated = {e.version for e in events
                       if authenticated_from is None or e.seq < authenticated_from}
    if unauthenticated:
        timeline.items[:] = [replace(i, authenticated=False)
                             if i.version in unauthenticated else i for i in timeline.items]
    return timeline


def _build_timeline(plan: Any, events: Sequence[Any], *, incident_id: str = "", title: str = "",
                    extra: Iterable[TimelineItem] = ()) -> Timeline:
    """The timeline of ``events`` (StoredEvent-like: type, occurred_at, recorded_at, actor, role,
    version, payload{data}) under ``plan``. ``extra`` adds items from outside the log (the centre's
    duty log)."""
    items: list[TimelineItem] = []
    if not events:
        return Timeline(incident_id, title, "real", False, list(extra), [])
    first = events[0]
    mode = getattr(first, "mode", "real")
    data0 = first.payload.get("data", {})
    title = title or data0.get("title", "")
    state, _ = open_incident(plan, Event("open", first.occurred_at, first.actor, first.role, data0))
    effects: Any
    append = items.append
    append(TimelineItem("state", first.occurred_at, first.recorded_at, describe(plan, "open", data0), "open",
                        first.actor, first.role, None, first.version, data0))
    append(TimelineItem("state", first.occurred_at, first.recorded_at, f"进入「{plan.state_title(state.leaf)}」",
                        "state", first.actor, first.role, None, first.version, {"state": state.leaf}))
    lane_of = _lane_of
    for ev in events[1:]:
        t = ev.type
        data = ev.payload.get("data", {})
        at = ev.occurred_at
        before_leaf = state.leaf
        if t == "note" or t[:4] == "log.":
            effects = ()  # passive: the engine would only move the clock
        else:
            try:
                state, effects = step(plan, state, Event(t, at, ev.actor, ev.role, data))
            except Rejected:  # a log written by another program version: show the event, skip its effects
                effects = ()
        lane = lane_of(t, data)
        unit = None
        if t in _TASK_TYPES:
            task = state.tasks.get(data.get("task"))
            if task is not None:
                unit = task["unit"]
                title_ = f"{_TASK_WORDS[t]}：{task['title']}"
                if t == "reopen_task":
                    title_ += f"（理由：{data.get('reason', '')}）"
                elif t == "acknowledge_task" and task.get("acked_by"):
                    title_ += f"（{task.get('acked_by')}）"
            else:
                title_ = describe(plan, t, data)
        else:  # a hop of a reporting chain is named by its deadline's words, never its id
            title_ = describe(plan, t, data, names=state.deadlines if t == "forward_report" else None)
        if t != "fire" or state.leaf == before_leaf:
            append(TimelineItem(lane, at, ev.recorded_at, title_, t, ev.actor, ev.role, unit, ev.version, data))
        if state.leaf != before_leaf:
            append(TimelineItem("state", at, ev.recorded_at,
                                f"{title_}：进入「{plan.state_title(state.leaf)}」" if t == "fire"
                                else f"进入「{plan.state_title(state.leaf)}」",
                                "state", ev.actor, ev.role, None, ev.version,
                                {"from": before_leaf, "to": state.leaf, **data}))
        for eff in effects:
            k = eff.get("kind")
            if k == "level":
                append(TimelineItem("state", at, ev.recorded_at,
                                    f"级别：{plan.level_name(eff.get('from'))} → {plan.level_name(eff.get('to'))}",
                                    "level", ev.actor, ev.role, None, ev.version, dict(eff)))
            elif k == "level_unchanged":  # a raise at the most severe level: say nothing was raised
                append(TimelineItem("state", at, ev.recorded_at, f"级别：{eff.get('text')}",
                                    "level", ev.actor, ev.role, None, ev.version, dict(eff)))
            elif k == "materials":
                n = len(eff.get("items") or [])
                append(TimelineItem("materials", at, ev.recorded_at, f"{eff.get('title', '应急物资调用')}（{n} 项）",
                                    "materials", ev.actor, ev.role, "supply", ev.version,
                                    {"items": eff.get("items"), "request": eff.get("id")}))
    windows = []
    for d in state.deadlines.values():
        lane = _DEADLINE_LANE.get(d["kind"], "state")
        windows.append(DeadlineWindow(lane, d["id"], d["title"], d.get("anchor_at") or d["created_at"], d["due_at"],
                                      d["status"], d.get("closed_at"), d.get("unit")))
    items.extend(extra)
    items.sort(key=lambda i: i.at)
    windows.sort(key=lambda w: (w.start, w.id))
    units = {k: v.get("title", k) for k, v in plan.units.items()}
    levels = {lv.id: plan.level_name(lv.id) for lv in plan.levels}
    return Timeline(incident_id, title, mode, state.closed, items, windows, units, levels)


def load_timeline(service: Any, incident_id: str) -> Timeline:
    """The timeline of an incident from the database, with the centre's duty-log entries
    (those not tied to an incident) that fall within the incident's span."""
    from console.duty.log import DutyLog

    plan = service.plan_for(incident_id)  # also: LookupError naming an unknown incident
    events = read_events(service.log, incident_id)
    extra: list[TimelineItem] = []
    if events:
        start = events[0].occurred_at
        end = None if service.summary(incident_id).status == "open" else events[-1].occurred_at
        try:
            general = [e for e in DutyLog(service.db, service.clock, service).list(since=start, until=end)
                       if e.incident_id is None]
        except Exception:  # the records tables may be missing on an old schema: show the log alone
            general = []
        for e in general:
            extra.append(TimelineItem("duty", e.at, e.recorded_at, f"{e.kind_title}（全中心）：{e.line()}",
                                      "duty." + e.kind, e.actor, "", None, None, {"entry": e.id}))
        extra.extend(notification_items(service, incident_id))
        try:  # the room's instructions and assignments about this incident (console.room)
            from console.room.instructions import timeline_items

            room = timeline_items(service.db, service.log, incident_id, since=start, until=end)
        except Exception:  # noqa: BLE001 — an old schema without the room: show the log alone
            room = []
        for at, recorded_at, title_, type_, actor, role in room:
            extra.append(TimelineItem("duty", at, recorded_at, title_, type_, actor, role))
    from console.auth.accounts import first_authenticated_seq

    return build_timeline(plan, events, incident_id=incident_id, extra=extra,
                          authenticated_from=first_authenticated_seq(service.db))


def notification_items(service: Any, incident_id: str) -> list[TimelineItem]:
    """Who was called or messaged about the incident (console.contacts), in the duty lane."""
    from console.contacts.notifications import notifications_of

    try:
        records = notifications_of(service.db, incident_id)
    except Exception:  # the contacts tables may be missing on an old schema: show the log alone
        return []
    return [TimelineItem("duty", n.at, n.recorded_at, f"通知：{n.line()}", "contacts.notified", n.actor, n.role,
                         None, None, {"notification": n.id, "source": n.source, "ref": n.source_ref})
            for n in records]


@dataclass(frozen=True)
class _LogEvent:
    """The columns of a stored event the timeline needs (hashes are checked by ``log verify``)."""

    type: str
    occurred_at: datetime
    recorded_at: datetime
    actor: str
    role: str
    version: int
    payload: dict[str, Any]
    mode: str
    seq: int


_LOG_COLUMNS = ("type", "occurred_us", "recorded_us", "actor", "role", "version", "payload", "mode", "seq")


def read_events(log: EventLog, incident_id: str) -> list[_LogEvent]:
    """The incident's events in one lean read (a 100,000-event log reads in about a second)."""
    us = timedelta(microseconds=1)
    out: list[_LogEvent] = []
    for rows in log.stream_rows(incident_id, _LOG_COLUMNS):
        payloads = decode_payloads([r[6] for r in rows])
        out += [_LogEvent(t, EPOCH + o * us, EPOCH + r * us, a, ro, v, p, m, q)
                for (t, o, r, a, ro, v, _, m, q), p in zip(rows, payloads, strict=True)]
    return out


@dataclass
class TimelineSketch:
    """Where a long incident's events fall, lane by lane, read without decoding a payload or
    replaying the engine: enough to paint at once while the full timeline is built."""

    incident_id: str
    mode: str
    count: int
    times: dict[str, Any]  # lane → numpy array of event times (epoch seconds), sorted
    recorded: dict[str, Any]  # lane → numpy array of recording times, in the same order

    @property
    def start(self) -> float | None:
        lo = [float(t[0]) for t in self.times.values() if len(t)]
        return min(lo) if lo else None

    @property
    def end(self) -> float | None:
        hi = [float(t[-1]) for t in self.times.values() if len(t)]
        return max(hi) if hi else None


# The lanes as the database sorts events into them for a sketch: the same rules as
# :func:`_lane_of` (checked by a test), by the lane's number in LANE_IDS; anything else is "state".
_SKETCH_LANES = (
    (6, EventClass(types=tuple(sorted(_DRILL_TYPES)), prefixes=("log.inject",), payload_contains=('"inject"',))),
    (1, EventClass(types=("submit_report",), prefixes=("log.report",))),
    (2, EventClass(types=_TASK_TYPES)),
    (3, EventClass(types=("consult_concluded",), prefixes=("log.consult",))),
    (4, EventClass(prefixes=("log.material", "log.reserve"))),
    (5, EventClass(types=("note",), prefixes=("log.duty", "log.handover"))),
)


def sketch_timeline(log: EventLog, incident_id: str) -> TimelineSketch:
    """The lanes' event times of an incident in one lean query: the database sorts events into
    lanes and returns three integers per event, so 100,000 events sketch in a fraction of a second."""
    import numpy as np

    rows = log.classify_stream(incident_id, _SKETCH_LANES, default=LANE_IDS.index("state"))
    mode = log.stream_mode(incident_id)
    if not rows:
        return TimelineSketch(incident_id, "real", 0, {}, {})
    arr = np.array(rows, dtype=np.int64)
    times, recorded = {}, {}
    for k, lane_id in enumerate(LANE_IDS):
        sel = arr[arr[:, 0] == k]
        order = np.argsort(sel[:, 1], kind="stable")
        times[lane_id] = sel[order, 1] / 1e6
        recorded[lane_id] = sel[order, 2] / 1e6
    return TimelineSketch(incident_id, mode or "real", len(rows), times, recorded)
