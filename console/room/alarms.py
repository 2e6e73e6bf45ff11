"""One alarm, one acknowledgement (告警与确认).

An alarm is something every seat must see: a deadline of an open incident that is overdue
(missed, or open and past due — :func:`console.incidents.rules.overdue_deadlines`), a new 接报
(an open incident still in its plan's first state) and an instruction not acknowledged in time
(超时未签收). Alarms are derived from the log and the clock; each has a key naming exactly what
it is about (a deadline's key includes its due time, so a periodic report due again is a new
alarm). One acknowledgement (确认: by whom, when) — a ``room.alarm_ack`` event with its row —
quiets it on every seat; a new alarm alarms again.
"""

from __future__ import annotations

import builtins
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select

from console.clock import Clock, SystemClock
from console.incidents.rules import overdue_deadlines
from console.incidents.service import IncidentService
from console.room.instructions import InstructionService
from console.room.models import alarm_acks_table
from console.room.stream import STREAM, RoomRefused, append
from console.store.chain import from_us, to_us
from console.store.eventlog import StoredEvent

K = alarm_acks_table.c


ALARM_TITLES = {"deadline": "期限逾期", "received": "新接报", "instruction": "超时未签收", "improvement": "整改逾期"}


@dataclass(frozen=True)
class Alarm:
    key: str
    kind: str  # deadline | received | instruction | improvement
    incident_id: str
    title: str
    since: datetime

    @property
    def kind_title(self) -> str:
        return ALARM_TITLES.get(self.kind, self.kind)


@dataclass(frozen=True)
class AlarmAck:
    key: str
    incident_id: str
    title: str
    acked_by: str
    acked_at: datetime


class AlarmService:
    def __init__(self, incidents: IncidentService, instructions: InstructionService,
                 clock: Clock | None = None) -> None:
        self.incidents = incidents
        self.instructions = instructions
        self.db = incidents.db
        self.clock: Clock = clock or SystemClock()
        self.log = incidents.log

    def current(self, now: datetime | None = None) -> builtins.list[Alarm]:
        """Every alarm now, acknowledged or not, the oldest first."""
        now = now or self.clock.now()
        out: builtins.list[Alarm] = []
        for s in self.incidents.list(status="open"):
            if s.mode != self.incidents.mode:
                continue
            try:
                view = self.incidents.view(s.id)
            except (LookupError, ValueError, KeyError):
                continue
            state = view.state
            if state.leaf == view.plan.initial_leaf:
                out.append(Alarm(f"received:{s.id}", "received", s.id, f"新接报：{s.title}", s.opened_at))
            for d in overdue_deadlines(state, now):
                out.append(Alarm(f"deadline:{s.id}:{d['id']}:{to_us(d['due_at'])}", "deadline", s.id,
                                 f"逾期：{d['title']}（{s.title}）", d["due_at"]))
        for ins in self.instructions.overdue(now):
            out.append(Alarm(f"instruction:{ins.id}", "instruction", ins.incident_id or "",
                             f"超时未签收：{ins.kind} #{ins.id} → {ins.target_title}：{ins.text[:30]}", ins.due_at))
        if self.incidents.mode == "real":
            out.extend(improvement_alarms(self.db, self.clock, now))
        out.sort(key=lambda a: (a.since, a.key))
        return out

    def acks(self) -> dict[str, AlarmAck]:
        with self.db.reading() as conn:
            return {r.alarm_key: AlarmAck(r.alarm_key, r.incident_id, r.title, r.acked_by, from_us(r.acked_us))
                    for r in conn.execute(select(alarm_acks_table))}

    def active(self, now: datetime | None = None) -> builtins.list[Alarm]:
        """The alarms nobody has acknowledged yet (what every seat flashes)."""
        acked = self.acks()
        return [a for a in self.current(now) if a.key not in acked]

    def acknowledge(self, key: str, *, actor: str, role: str) -> AlarmAck:
        """确认: one acknowledgement quiets the alarm on every seat (refused if already done)."""
        if role == "observer":
            raise RoomRefused("观察员只能查看，不能确认告警")
        alarm = next((a for a in self.current() if a.key == key), None)
        if alarm is None:
            raise RoomRefused("该告警已不存在（期限已办结或事件已处理），无需确认")
        done = self.acks().get(key)
        if done is not None:
            raise RoomRefused(f"该告警已由 {done.acked_by} 于 {done.acked_at:%H:%M} 确认")
        now = self.clock.now()

        def write(conn: Connection, evs: builtins.list[StoredEvent]) -> None:
            if conn.execute(select(K.acked_by).where(K.alarm_key == key)).first() is not None:
                raise RoomRefused("该告警刚被其他席位确认")
            conn.execute(insert(alarm_acks_table).values(alarm_key=key, incident_id=alarm.incident_id,
                                                         title=alarm.title, acked_by=actor, acked_us=to_us(now),
                                                         event_version=evs[0].version))

        append(self.log, "room.alarm_ack", now, actor, role,
               {"alarm": key, "incident": alarm.incident_id or None, "title": alarm.title,
                "line": f"确认告警：{alarm.title}"}, self.incidents.mode, write)
        return AlarmAck(key, alarm.incident_id, alarm.title, actor, now)

    def verify(self) -> builtins.list[str]:
        events = {e.version: e for e in self.log.read(STREAM) if e.type == "room.alarm_ack"}
        problems: builtins.list[str] = []
        seen: set[int] = set()
        with self.db.reading() as conn:
            rows: Any = conn.execute(select(alarm_acks_table).order_by(K.acked_us)).all()
        for r in rows:
            ev = events.get(r.event_version)
            if ev is None or ev.payload.get("alarm") != r.alarm_key or ev.actor != r.acked_by \
                    or to_us(ev.occurred_at) != r.acked_us:
                problems.append(f"告警确认（{r.title[:30]}，{r.acked_by}）与链上事件不符：记录被改动或直接写入")
                continue
            seen.add(r.event_version)
        for version, ev in sorted(events.items()):
            if version not in seen:
                problems.append(f"事件 #{ev.seq}（room.alarm_ack，{ev.actor}）的告警确认在表中缺失：记录被删除")
        return problems


def improvement_alarms(db: Any, clock: Clock, now: datetime) -> builtins.list[Alarm]:
    """The improvement items past their due date and not yet done (console.improvements): one
    alarm each, for the duty officer; its key names the due date, so a new date alarms again."""
    from datetime import time as dtime
    from datetime import timedelta

    from console.clock import CHINA_TZ
    from console.improvements.register import ImprovementRegister

    reg = ImprovementRegister(db, clock)
    today = now.astimezone(CHINA_TZ).date()
    return [Alarm(f"improvement:{it.number}:{it.due.isoformat()}", "improvement", "",
                  f"整改逾期：{it.number} {it.issue[:30]}（{it.owner}，期限 {it.due.isoformat()}）",
                  datetime.combine(it.due + timedelta(days=1), dtime(0), CHINA_TZ))
            for it in reg.items() if it.overdue(today)]
