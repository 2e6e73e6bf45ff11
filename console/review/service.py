"""After-action review, for drills and real incidents alike.

Everything is read from the log: the situation at an instant is the incident service's
``state_at`` (snapshot + events up to that time, never a re-simulation), the key metrics are
the plan's deadlines as the log closed them, and for a drill the scenario is the text pinned
in its ``log.drill`` start event, so scoring a run never depends on today's file.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import MetaData, func, inspect, select

from console.clock import CHINA_TZ, UTC, ManualClock
from console.drills.evaluation import ItemResult, evaluate, fmt_span, submitted_reports
from console.drills.fold import LogFold
from console.drills.scenario import Scenario, load_scenario_text
from console.incidents.rules import overdue_deadlines
from console.incidents.service import IncidentService, gc_paused
from console.plan.approvals import summary_rows as approval_rows
from console.plan.engine import Event, IncidentState, replay
from console.plan.model import Plan
from console.plan.records import Deadline, Task
from console.store.chain import to_us
from console.store.db import Database

DEADLINE_KIND = {"task": "任务", "report": "报告", "consult": "会商", "materials": "物资", "timer": "计时",
                 "approval": "批复", "report_hop": "逐级报送"}
STATUS_ZH = {"met": "按时", "missed": "超时", "cancelled": "已取消", "open": "未完成", "expired": "到期",
             "unfinished": "结案时未完成", "not_needed": "不再需要"}


@dataclass(frozen=True)
class Metric:
    """One plan deadline as the log closed it: target vs measured."""

    title: str
    kind: str
    anchor_at: datetime
    due_at: datetime
    done_at: datetime | None
    status: str  # met | missed | cancelled | open | expired | unfinished | not_needed (a task a final state ended)
    late_done: bool = False  # missed, but done afterwards
    closed_at: datetime | None = None  # when the deadline closed (cancelled, unfinished: the moment it ended)
    reason: str = ""  # not_needed: why the final state ended its task (「事件已排除：…」)
    immediate: bool = False  # 立即 (plan format 2): the target reads 「立即」, not 0 minutes

    @property
    def target(self) -> timedelta:
        return self.due_at - self.anchor_at

    @property
    def measured(self) -> timedelta | None:
        return self.done_at - self.anchor_at if self.done_at else None

    def _clock(self, t: datetime) -> str:
        local, anchor = t.astimezone(CHINA_TZ), self.anchor_at.astimezone(CHINA_TZ)
        return f"{local:%H:%M}" if local.date() == anchor.date() else f"{local:%m-%d %H:%M}"

    @property
    def status_zh(self) -> str:
        """The result in words with the moment it was settled: 按时（16:12 完成）, 超时（16:40 补办）,
        结案时未完成（18:00 结案）, 已取消（16:09）."""
        if self.status == "missed" and self.late_done and self.done_at is not None:
            return f"超时（{self._clock(self.done_at)} 补办）"
        if self.status == "met" and self.done_at is not None:
            return f"按时（{self._clock(self.done_at)} 完成）"
        if self.status == "not_needed":
            return f"不再需要（{self.reason}）" if self.reason else "不再需要"
        if self.status == "unfinished" and self.closed_at is not None:
            return f"结案时未完成（{self._clock(self.closed_at)} 结案）"
        if self.status == "cancelled" and self.closed_at is not None:
            return f"已取消（{self._clock(self.closed_at)}）"
        return STATUS_ZH.get(self.status, self.status)


@dataclass
class Situation:
    """The incident as it stood at ``at``."""

    at: datetime
    plan: Plan
    state: IncidentState | None
    injects: list[dict[str, Any]] = field(default_factory=list)
    stock: dict[str, int] | None = None

    @property
    def received(self) -> bool:
        return self.state is not None

    @property
    def state_title(self) -> str:
        if self.state is None:
            return "尚未接报"
        return " › ".join(self.plan.state_title(s) for s in reversed(self.state.active))

    @property
    def level_title(self) -> str:
        if self.state is None:
            return "—"
        return self.plan.level_name(self.state.level)

    def open_tasks(self) -> list[Task]:
        if self.state is None:
            return []
        return sorted((t for t in self.state.tasks.values() if t["status"] == "open"),
                      key=lambda t: (t["due_at"] or t["created_at"], t["id"]))

    def reports(self) -> dict[str, int]:
        if self.state is None:
            return {}
        return {self.plan.report_kinds[k]["title"]: n for k, n in self.state.reports.items()}

    def overdue(self) -> list[Deadline]:
        """What was overdue at this instant, by the same rule as the live console's."""
        if self.state is None:
            return []
        return overdue_deadlines(self.state, self.at)


class RunReview:
    """A finished (or running) incident or drill, read once from its database."""

    def __init__(self, db: Database, incident_id: str):
        self.db = db
        self.service = IncidentService(db, ManualClock(datetime(2000, 1, 1, tzinfo=UTC)))
        self.summary = self.service.summary(incident_id)  # LookupError with a Chinese message
        self.incident_id = incident_id
        self.plan = self.service.plan_for(incident_id)
        self.fold = LogFold(self.plan)
        self._evs: list[Event] = self.service.engine_events(incident_id)
        self.events = self._evs
        self._times = [e.at for e in self._evs]  # never decreasing: the engine refuses time going back
        with gc_paused():
            self.fold.feed_all(self._evs)
        self._inject_list = sorted(self.fold.injects.values(), key=lambda d: d["at"])
        self._inject_times = [d["at"] for d in self._inject_list]
        self.is_drill = self.summary.mode == "drill"
        self.scenario: Scenario | None = None
        start = next((d for d in self.fold.drill if d.get("action") == "start"), None)
        if start is not None and start.get("source"):
            self.scenario = load_scenario_text(start["source"], f"<演练脚本 {start.get('scenario')}>",
                                               plan=self.plan)
        self.service.clock = ManualClock(self.end)  # records added later land at the end of the run

    # -- time range --------------------------------------------------------------------
    @property
    def start(self) -> datetime:
        return self.events[0].at

    @property
    def end(self) -> datetime:
        ends = [d["at"] for d in self.fold.drill if d.get("action") == "end"]
        if ends:
            return ends[-1]
        return self.fold.state.now if self.fold.state is not None else self.start

    @property
    def started_drill(self) -> datetime | None:
        return self.fold.first("start")

    # -- situation at an instant -------------------------------------------------------
    def state_at(self, at: datetime) -> IncidentState | None:
        """The state at ``at``: the log's latest snapshot before it, then the logged events up to it.

        The same answer as ``IncidentService.state_at``; the events were read once when the
        review opened, so scrubbing costs one snapshot lookup and a short fold.
        """
        n = bisect_right(self._times, at)
        if n == 0:
            return None
        snap = self.service.log.latest_snapshot(self.incident_id, at=at)
        if snap is not None and snap.version <= n:
            return replay(self.plan, self._evs[snap.version:n], IncidentState.from_json(snap.state))
        return replay(self.plan, self._evs[:n])

    def situation_at(self, at: datetime, *, stock: bool = False) -> Situation:
        injects = self._inject_list[: bisect_right(self._inject_times, at)]
        return Situation(at, self.plan, self.state_at(at), injects, stock_at(self.db, at) if stock else None)

    # -- metrics ---------------------------------------------------------------------------
    def metrics(self) -> list[Metric]:
        s = self.fold.state
        if s is None:
            return []
        out = []
        for d in sorted(s.deadlines.values(), key=lambda d: (d["due_at"], d["id"])):
            if d["kind"] == "timer":
                continue
            status: str = d["status"]
            done = d["closed_at"] if status == "met" else None
            late = False
            if status == "missed":
                late_at = self._done_later(d)
                if late_at is not None:
                    done, late = late_at, True
            reason = ""
            if d["kind"] == "task" and status == "unfinished":
                task = s.tasks.get(d.get("task") or d["id"])
                if task is not None and task["status"] == "not_needed":  # format 2: ended by the final state
                    status, reason = "not_needed", task.get("ended_reason", "")
            out.append(Metric(d["title"], d["kind"], d["anchor_at"], d["due_at"], done, status, late,
                              d["closed_at"], reason, bool(d.get("immediate", False))))
        return out

    def _done_later(self, d: Deadline) -> datetime | None:
        s = self.fold.state
        assert s is not None
        if d["kind"] == "task":
            t = s.tasks.get(d.get("task") or d["id"])
            return t["done_at"] if t and t["status"] == "done" else None
        if d["kind"] == "report":
            return self.fold.first(f"report:{d.get('report_kind')}", after=d["due_at"])
        if d["kind"] == "consult":
            c = s.consultations.get(d.get("question", ""))
            return c["concluded_at"] if c and c.get("concluded_at") else None
        if d["kind"] == "report_hop":  # reported after its time (迟报)
            return d.get("forwarded_at")
        if d["kind"] == "materials":
            m = next((m for m in s.materials if m["id"] == d.get("request")), None)
            return m["delivered_at"] if m and m.get("delivered_at") else None
        if d["kind"] == "approval":  # format 2: the body's answer came after its time limit
            a = s.approvals.get(d.get("approval", ""))
            return a["decided_at"] if a and a.get("deadline") == d["id"] and a.get("decided_at") else None
        return None

    def headline(self) -> list[tuple[str, str]]:
        """Key times from receipt, in words: on site, 初报, grading consultation, response, level."""
        f = self.fold
        t0 = f.first("received")
        rows = []

        def since(key: str) -> str:
            t = f.first(key)
            return f"{t.astimezone(CHINA_TZ):%H:%M}（接报后{fmt_span(t - t0)}）" if t and t0 else "未发生"

        rows.append(("接报", t0.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M") if t0 else "—"))
        onsite = [k for k in f.times if k == "task:onsite"]
        if onsite:
            rows.append(("到达现场核实", since("task:onsite")))
        rows.append(("报送初报", since("report:initial")))
        rows.append(("分级会商结论", since("consultation:grade")))
        rows.append(("认定级别", since("decision")))
        for ev in ("respond", "request_city", "escalate", "terminate"):
            if f.first(f"event:{ev}"):
                rows.append((self.plan.event_title(ev), since(f"event:{ev}")))
        s = f.state
        if s is not None:
            rows.extend(approval_rows(s))  # format 2: 报请批准 and the body's answer
            rows.append(("最终级别", self.plan.level_name(s.level)))
            rows.append(("最终状态", self.plan.state_title(s.leaf)))
        ms = self.metrics()
        unfinished = sum(m.status == "unfinished" for m in ms)
        not_needed = sum(m.status == "not_needed" for m in ms)
        rows.append(("预案时限", f"共{len(ms)}项：按时{sum(m.status == 'met' for m in ms)}项，"
                             f"超时{sum(m.status == 'missed' for m in ms)}项"
                             + (f"，结案时未完成{unfinished}项" if unfinished else "")
                             + (f"，不再需要{not_needed}项" if not_needed else "")))
        rows.append(("持续时间", fmt_span(self.end - self.start)))
        if s is not None:  # 关联事件、并入、移交至 / 移交自 (plan format 2)
            from console.incidents.linked_view import rows_of

            for r in rows_of(s):
                rows.append((r.relation, f"{r.incident}" + (f"「{r.title}」" if r.title else "")
                             + (f"（{r.reason}）" if r.reason else "")))
        return rows

    # -- drills ------------------------------------------------------------------------------
    def evaluation(self) -> list[ItemResult]:
        if self.scenario is None:
            return []
        return evaluate(self.scenario, self.fold, submitted_reports(self.db, self.incident_id))

    def inject_rows(self) -> list[dict[str, Any]]:
        if self.scenario is None:
            return []
        rows = []
        for inj in self.scenario.injects:
            rel = self.fold.injects.get(inj.id)
            exps = []
            for e in inj.expect:
                released, done = self.fold.expectation_done(self.scenario, e.id)
                if released is None:
                    st = "未发出"
                elif done is None:
                    st = "未完成"
                else:
                    st = "按时" if done - released <= e.within else "超时"
                exps.append({"id": e.id, "title": e.title, "status": st,
                             "took": (done - released) if (released and done) else None})
            rows.append({"inject": inj, "released_at": rel["at"] if rel else None,
                         "by": rel.get("by") if rel else None, "expect": exps})
        return rows

    def reload(self) -> None:
        self.__init__(self.db, self.incident_id)  # type: ignore[misc]


_LEDGER_TABLES: dict[int, Any] = {}


def _ledger_tables(db: Database) -> Any:
    """The reserves ledger tables of ``db`` reflected once (None when the database has no ledger)."""
    key = id(db.engine)
    if key not in _LEDGER_TABLES:
        names = set(inspect(db.engine).get_table_names())
        if not {"reserve_movements", "reserve_lots"} <= names:
            _LEDGER_TABLES[key] = None
        else:
            meta = MetaData()
            meta.reflect(bind=db.engine, only=["reserve_movements", "reserve_lots"])
            _LEDGER_TABLES[key] = (meta.tables["reserve_movements"], meta.tables["reserve_lots"])
    return _LEDGER_TABLES[key]


def stock_at(db: Database, at: datetime) -> dict[str, int] | None:
    """Stock per catalogue item at ``at`` from the reserves ledger's movements (None without a ledger)."""
    tables = _ledger_tables(db)
    if tables is None:
        return None
    mv, lots = tables
    q = (select(lots.c.item, func.sum(mv.c.qty)).select_from(mv.join(lots, mv.c.lot_id == lots.c.id))
         .where(mv.c.occurred_us <= to_us(at)).group_by(lots.c.item))
    with db.reading() as conn:
        return {item: int(q_) for item, q_ in conn.execute(q)}


def drill_incidents(service: IncidentService) -> list[str]:
    return [s.id for s in service.list() if s.mode == "drill"]
