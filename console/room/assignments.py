"""Assignment (分派): an incident, one of its plan tasks or a report draft assigned to a named
account, visible to every seat; the assignee's queue (我的待办).

One open assignment per thing: assigning it again hands it over (the earlier one is marked
``replaced``). Each step is a ``room.assign`` / ``room.assign_done`` event of the ``room``
stream, written with its row.
"""

from __future__ import annotations

import builtins
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, and_, insert, select, update

from console.auth.roles import role_title
from console.clock import Clock, SystemClock
from console.reports.models import reports_table
from console.room.models import assignments_table
from console.room.stream import STREAM, RoomRefused, append
from console.store.chain import from_us, to_us
from console.store.eventlog import EventLog, StoredEvent
from console.store.models import incidents_table

A = assignments_table.c
KIND_TITLES = {"incident": "事件", "task": "任务", "report": "报告"}
ASSIGNER_ROLES = frozenset({"commander", "deputy", "duty_officer"})


@dataclass(frozen=True)
class Assignment:
    id: int
    incident_id: str
    kind: str  # incident | task | report
    ref: str
    assignee: str
    assigned_by: str
    assigned_at: datetime
    note: str
    state: str  # open | done | replaced
    closed_at: datetime | None

    @property
    def kind_title(self) -> str:
        return KIND_TITLES.get(self.kind, self.kind)

    def what(self) -> str:
        if self.kind == "incident":
            return f"事件 {self.incident_id}"
        return f"{self.kind_title} {self.ref}（{self.incident_id}）"


def _assignment(r: Any) -> Assignment:
    return Assignment(r.id, r.incident_id, r.kind, r.ref, r.assignee, r.assigned_by, from_us(r.assigned_us), r.note,
                      r.state, from_us(r.closed_us) if r.closed_us is not None else None)


class AssignmentService:
    def __init__(self, db: Any, clock: Clock | None = None, log: EventLog | None = None, *,
                 mode: str = "real") -> None:
        self.db = db
        self.clock: Clock = clock or SystemClock()
        self.log = log or EventLog(db, self.clock)
        self.mode = mode

    def list(self, *, incident_id: str | None = None, assignee: str | None = None,
             open_only: bool = False) -> builtins.list[Assignment]:
        q = select(assignments_table).order_by(A.assigned_us, A.id)
        if incident_id is not None:
            q = q.where(A.incident_id == incident_id)
        if assignee is not None:
            q = q.where(A.assignee == assignee)
        if open_only:
            q = q.where(A.state == "open")
        with self.db.reading() as conn:
            return [_assignment(r) for r in conn.execute(q)]

    def queue(self, username: str) -> builtins.list[Assignment]:
        """我的待办: what is assigned to ``username`` and still open."""
        return self.list(assignee=username, open_only=True)

    def current(self, kind: str, ref: str) -> Assignment | None:
        found = [a for a in self.list(open_only=True) if a.kind == kind and a.ref == ref]
        return found[-1] if found else None

    def assign(self, incident_id: str, assignee: str, *, actor: str, role: str, kind: str = "incident",
               ref: str | None = None, note: str = "") -> Assignment:
        assignee, note = (assignee or "").strip(), (note or "").strip()
        if role not in ASSIGNER_ROLES:
            raise RoomRefused(f"角色「{role_title(role)}」不能分派工作（可分派的角色：指挥长、副指挥长、值班员）")
        if kind not in KIND_TITLES:
            raise RoomRefused(f"分派对象应为事件、任务或报告，收到「{kind}」")
        if not assignee:
            raise RoomRefused("请指定承办人")
        if len(assignee) > 100 or len(note) > 2000:
            raise RoomRefused("承办人或说明过长")
        ref = incident_id if kind == "incident" else (ref or "").strip()
        if not ref:
            raise RoomRefused(f"请指定要分派的{KIND_TITLES[kind]}")
        self._check(incident_id, kind, ref, assignee)
        now = self.clock.now()
        before = self.current(kind, ref)
        if before is not None and before.assignee == assignee:
            raise RoomRefused(f"{before.what()}已分派给 {assignee}")
        new_id: builtins.list[int] = []

        def write(conn: Connection, evs: builtins.list[StoredEvent]) -> None:
            conn.execute(update(assignments_table).where(and_(A.kind == kind, A.ref == ref, A.state == "open"))
                         .values(state="replaced", closed_us=to_us(now), closed_version=evs[0].version))
            key = conn.execute(insert(assignments_table).values(
                incident_id=incident_id, kind=kind, ref=ref, assignee=assignee, assigned_by=actor,
                assigned_us=to_us(now), note=note, state="open", event_version=evs[0].version)).inserted_primary_key
            assert key is not None
            new_id.append(int(key[0]))

        label = f"{KIND_TITLES[kind]}" + ("" if kind == "incident" else f" {ref}")
        append(self.log, "room.assign", now, actor, role,
               {"incident": incident_id, "kind": kind, "ref": ref, "assignee": assignee, "note": note,
                "line": f"分派{label}给 {assignee}" + (f"（{note}）" if note else "")}, self.mode, write)
        return self.get(new_id[0])

    def done(self, assignment_id: int, *, actor: str, role: str, note: str = "") -> Assignment:
        """完成: the assignee (or the command staff) closes an assignment."""
        a = self.get(assignment_id)
        if a.state != "open":
            raise RoomRefused(f"分派 #{a.id}（{a.what()}）已{'完成' if a.state == 'done' else '改派'}")
        if actor != a.assignee and role not in ASSIGNER_ROLES:
            raise RoomRefused(f"分派 #{a.id} 的承办人是 {a.assignee}，您不能代为完成")
        now = self.clock.now()

        def write(conn: Connection, evs: builtins.list[StoredEvent]) -> None:
            n = conn.execute(update(assignments_table).where(and_(A.id == a.id, A.state == "open"))
                             .values(state="done", closed_us=to_us(now), closed_version=evs[0].version)).rowcount
            if n != 1:
                raise RoomRefused(f"分派 #{a.id} 已被其他席位处理")

        append(self.log, "room.assign_done", now, actor, role,
               {"incident": a.incident_id, "assignment": a.id, "note": note.strip(),
                "line": f"完成分派：{a.what()}"}, self.mode, write)
        return self.get(a.id)

    def get(self, assignment_id: int) -> Assignment:
        with self.db.reading() as conn:
            r = conn.execute(select(assignments_table).where(A.id == assignment_id)).first()
        if r is None:
            raise RoomRefused(f"没有编号为 {assignment_id} 的分派")
        return _assignment(r)

    def _check(self, incident_id: str, kind: str, ref: str, assignee: str) -> None:
        from console.auth.models import users_table

        with self.db.reading() as conn:
            row = conn.execute(select(incidents_table.c.state).where(incidents_table.c.id == incident_id)).first()
            if row is None:
                raise RoomRefused(f"没有编号为 {incident_id} 的事件")
            if kind == "report":
                rep = conn.execute(select(reports_table.c.incident_id)
                                   .where(reports_table.c.id == ref)).first()
                if rep is None or rep.incident_id != incident_id:
                    raise RoomRefused(f"事件 {incident_id} 没有编号为 {ref} 的报告")
            users = {r.username: r for r in conn.execute(select(users_table.c.username, users_table.c.active))}
        if kind == "task":
            import json

            tasks = json.loads(row.state).get("tasks") or {}
            if ref not in tasks:
                raise RoomRefused(f"事件 {incident_id} 没有编号为 {ref} 的任务")
        if users and (assignee not in users or not users[assignee].active):
            raise RoomRefused(f"没有名为「{assignee}」的可用账号")

    def verify(self) -> builtins.list[str]:
        events = {e.version: e for e in self.log.read(STREAM) if e.type.startswith("room.assign")}
        problems: builtins.list[str] = []
        with self.db.reading() as conn:
            rows = conn.execute(select(assignments_table).order_by(A.id)).all()
        seen: set[int] = set()
        for r in rows:
            what = f"分派 #{r.id}（{r.kind} {r.ref} → {r.assignee}）"
            ev = events.get(r.event_version)
            if ev is None or ev.type != "room.assign":
                problems.append(f"{what}在链上没有对应事件：记录被直接写入数据库")
                continue
            seen.add(r.event_version)
            p = ev.payload
            have = (r.incident_id, r.kind, r.ref, r.assignee, r.assigned_by, r.note)
            want = (p.get("incident"), p.get("kind"), p.get("ref"), p.get("assignee"), ev.actor, p.get("note"))
            if have != want:
                problems.append(f"{what}与事件 #{ev.seq} 不符：记录被改动")
                continue
            if r.state != "open":
                closing = events.get(r.closed_version or -1)
                if closing is None:
                    problems.append(f"{what}标为「{r.state}」，链上没有对应事件：记录被改动")
        for version, ev in sorted(events.items()):
            if ev.type == "room.assign" and version not in seen:
                problems.append(f"事件 #{ev.seq}（room.assign，{ev.actor}）的分派在表中缺失：记录被删除")
        done = {e.payload.get("assignment") for e in events.values() if e.type == "room.assign_done"}
        for r in rows:
            if r.state == "open" and r.id in done:
                problems.append(f"分派 #{r.id} 在链上已完成，表中仍为未完成：记录被改动")
        return problems
