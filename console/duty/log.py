"""The duty log (应急值守): notes and shift handovers.

Entries about an incident are also ``note`` events in its log (in the same transaction), so
they appear on its timeline and survive in its audit trail; a closed incident still accepts
them. Entries about the centre as a whole (no incident) are ``duty.note`` / ``duty.handover``
events in the centre's ``duty`` stream, written in the same transaction as their row, and are
shown on the timeline of every incident whose span they fall in. :meth:`DutyLog.verify`
checks every row against its event.
"""

from __future__ import annotations

import builtins
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, insert, select

from console.clock import CHINA_TZ, Clock, SystemClock
from console.duty.models import duty_table
from console.errors import InvalidInput, Problem, RecordError
from console.incidents.service import IncidentService
from console.plan.engine import Rejected
from console.store.chain import from_us, to_us
from console.store.eventlog import NewEvent, StaleAppend, StoredEvent

D = duty_table.c
MAX_TEXT = 2000
STREAM = "duty"  # centre-level entries (no incident)
ATTEMPTS = 20
# the columns an entry's event records (the chain's word for each row)
_CHAINED = ("kind", "at_us", "actor", "shift", "text", "from_person", "to_person", "pending")
_LABELS = {"kind": "类型", "at_us": "时间", "actor": "记录人", "shift": "班次", "text": "内容",
           "from_person": "交班人", "to_person": "接班人", "pending": "未结事项"}


@dataclass(frozen=True)
class DutyEntry:
    id: int
    incident_id: str | None
    kind: str  # note | handover
    at: datetime
    recorded_at: datetime
    actor: str
    shift: str
    text: str
    from_person: str | None
    to_person: str | None
    pending: str | None

    @property
    def kind_title(self) -> str:
        return "交接班" if self.kind == "handover" else "值守记录"

    def line(self) -> str:
        if self.kind == "handover":
            p = f"；未结事项：{self.pending}" if self.pending else ""
            return f"交接班：{self.from_person} → {self.to_person}（{self.shift or '—'}）。{self.text}{p}"
        return self.text


def _note_columns(ev: StoredEvent) -> dict[str, Any]:
    """The duty columns an incident's ``note`` event records (as written by :meth:`DutyLog._write`)."""
    data = ev.payload.get("data", {})
    handover = data.get("kind") == "handover"
    at = datetime.fromisoformat(data["at"]) if data.get("at") else ev.occurred_at
    return {"kind": "handover" if handover else "note", "at_us": to_us(at), "text": data.get("text"),
            "from_person": data.get("from"), "to_person": data.get("to"), "pending": data.get("pending")}


def _entry(r: Any) -> DutyEntry:
    return DutyEntry(r.id, r.incident_id, r.kind, from_us(r.at_us), from_us(r.recorded_us), r.actor, r.shift,
                     r.text, r.from_person, r.to_person, r.pending)


class DutyLog:
    def __init__(self, db: Any, clock: Clock | None = None, incidents: IncidentService | None = None):
        self.db = db
        self.clock: Clock = clock or SystemClock()
        self.incidents = incidents or IncidentService(db, self.clock)

    def list(self, incident_id: str | None = None, *, include_general: bool = False,
             since: datetime | None = None, until: datetime | None = None) -> builtins.list[DutyEntry]:
        q = select(duty_table).order_by(D.at_us, D.id)
        if incident_id is not None:
            q = q.where((D.incident_id == incident_id) | (D.incident_id.is_(None))) if include_general \
                else q.where(D.incident_id == incident_id)
        if since is not None:
            q = q.where(D.at_us >= to_us(since))
        if until is not None:
            q = q.where(D.at_us <= to_us(until))
        with self.db.reading() as conn:
            return [_entry(r) for r in conn.execute(q)]

    def note(self, text: str, *, actor: str, role: str = "duty_officer", incident_id: str | None = None,
             at: datetime | None = None, shift: str = "") -> DutyEntry:
        text = (text or "").strip()
        problems = []
        if not text:
            problems.append(Problem("text", "记录内容", "为必填项，不能为空"))
        elif len(text) > MAX_TEXT:
            problems.append(Problem("text", "记录内容", f"过长（{len(text)} 字，上限 {MAX_TEXT} 字）"))
        if len(shift) > 50:
            problems.append(Problem("shift", "班次", f"过长（{len(shift)} 字，上限 50 字）"))
        at = self._check_time(at, problems)
        if problems:
            raise InvalidInput(problems, "值守记录有误，未保存")
        return self._write(incident_id, "note", at, actor, role, shift, text, None, None, None,
                           {"kind": "duty", "text": text})

    def handover(self, *, from_person: str, to_person: str, summary: str, actor: str,
                 role: str = "duty_officer", pending: str = "", shift: str = "", incident_id: str | None = None,
                 at: datetime | None = None) -> DutyEntry:
        from_person, to_person = (from_person or "").strip(), (to_person or "").strip()
        summary, pending = (summary or "").strip(), (pending or "").strip()
        problems = []
        for key, label, v, limit in (("from", "交班人", from_person, 50), ("to", "接班人", to_person, 50),
                                     ("text", "交接内容", summary, MAX_TEXT)):
            if not v:
                problems.append(Problem(key, label, "为必填项，不能为空"))
            elif len(v) > limit:
                problems.append(Problem(key, label, f"过长（{len(v)} 字，上限 {limit} 字）"))
        if len(pending) > MAX_TEXT:
            problems.append(Problem("pending", "未结事项", f"过长（{len(pending)} 字，上限 {MAX_TEXT} 字）"))
        if from_person and from_person == to_person:
            problems.append(Problem("to", "接班人", "不能与交班人相同"))
        at = self._check_time(at, problems)
        last = [e for e in self.list(incident_id) if e.kind == "handover"]
        if last and at < last[-1].at:
            problems.append(Problem("at", "交接时间",
                                    f"（{at.astimezone(CHINA_TZ):%m-%d %H:%M}）早于上一次交接"
                                    f"（{last[-1].at.astimezone(CHINA_TZ):%m-%d %H:%M}），时间顺序不对"))
        if problems:
            raise InvalidInput(problems, "交接班记录有误，未保存")
        return self._write(incident_id, "handover", at, actor, role, shift, summary, from_person, to_person,
                           pending or None, {"kind": "handover", "from": from_person, "to": to_person,
                                             "text": summary, "pending": pending or None})

    def _check_time(self, at: datetime | None, problems: builtins.list[Problem]) -> datetime:
        now = self.clock.now()
        if at is None:
            return now
        if at.tzinfo is None:
            at = at.replace(tzinfo=CHINA_TZ)
        if at > now + timedelta(minutes=5):
            problems.append(Problem("at", "记录时间", f"（{at.astimezone(CHINA_TZ):%m-%d %H:%M}）晚于当前时间"))
        return at

    def _write(self, incident_id: str | None, kind: str, at: datetime, actor: str, role: str, shift: str,
               text: str, from_person: str | None, to_person: str | None, pending: str | None,
               data: dict[str, Any]) -> DutyEntry:
        now = self.clock.now()
        row = {"incident_id": incident_id, "kind": kind, "at_us": to_us(at), "recorded_us": to_us(now),
               "actor": actor, "shift": shift, "text": text, "from_person": from_person,
               "to_person": to_person, "pending": pending}
        new_id: builtins.list[int] = []

        def write(conn: Connection, evs: builtins.list[StoredEvent] | None = None) -> None:
            values = dict(row, event_version=evs[-1].version if evs else None)
            key = conn.execute(insert(duty_table).values(**values)).inserted_primary_key
            assert key is not None
            new_id.append(int(key[0]))

        if incident_id is None:  # a centre-level entry: the centre's duty stream
            self._append_centre(kind, at, actor, role, row, write)
        else:
            data = dict(data, at=at.isoformat())
            try:
                self.incidents.command(incident_id, "note", data, actor=actor, role=role, in_transaction=write)
            except Rejected as exc:
                raise RecordError(f"已拒绝：{exc.reason}") from None
            except StaleAppend as exc:
                raise RecordError(str(exc)) from None
            except LookupError as exc:
                raise RecordError(str(exc)) from None
        with self.db.reading() as conn:
            # the last attempt is the one that committed (an append retried after a lost connection)
            return _entry(conn.execute(select(duty_table).where(D.id == new_id[-1])).one())

    def _append_centre(self, kind: str, at: datetime, actor: str, role: str, row: dict[str, Any],
                       write: Any) -> None:
        """The entry's ``duty.*`` event and its row in one transaction (retried when another
        console wrote a centre entry meanwhile)."""
        log = self.incidents.log
        payload = {k: row[k] for k in _CHAINED} | {"at": at.isoformat()}
        event = NewEvent(f"duty.{kind}", at, actor, role or "duty_officer", payload, self.incidents.mode)
        for _ in range(ATTEMPTS):
            try:
                log.append(STREAM, log.stream_version(STREAM), [event], in_transaction=write)
                return
            except StaleAppend:
                continue
        raise RecordError("值守记录正被其他指挥台频繁写入，本条未保存，请稍后重试")

    def verify(self) -> builtins.list[str]:
        """Every duty row against the chain, in row order (empty: they agree).

        A centre-level row against its ``duty`` event, an incident's row against the ``note``
        event of that incident at the row's ``event_version``; a row with no event, an event
        with no row, or any recorded column that differs is named (the first one first).
        """
        log = self.incidents.log
        centre = {e.version: e for e in log.read(STREAM)}
        by_incident: dict[str, dict[int, StoredEvent]] = {}
        problems: builtins.list[str] = []
        seen: set[int] = set()
        with self.db.reading() as conn:
            rows = conn.execute(select(duty_table).order_by(D.id)).all()
        for r in rows:
            what = f"值守记录 #{r.id}（{r.actor}：{r.text[:20]}）"
            if r.event_version is None:
                problems.append(f"{what}在链上没有对应事件：记录被直接写入数据库")
                continue
            if r.incident_id is None:
                ev = centre.get(r.event_version)
                seen.add(r.event_version)
                want = ev.payload if ev is not None else None
            else:
                if r.incident_id not in by_incident:
                    by_incident[r.incident_id] = {e.version: e for e in log.read(r.incident_id)}
                ev = by_incident[r.incident_id].get(r.event_version)
                want = _note_columns(ev) if ev is not None and ev.type == "note" else None
            if ev is None or want is None:
                problems.append(f"{what}在链上没有对应事件（版本 {r.event_version}）：记录被直接写入数据库")
                continue
            for k in _CHAINED:  # (an incident's note does not record the shift)
                if k != "actor" and k not in want:
                    continue
                have = getattr(r, k)
                wanted = ev.actor if k == "actor" else want[k]
                if (have or None) != (wanted or None):
                    problems.append(f"{what}的「{_LABELS[k]}」为「{have}」，"
                                    f"事件 #{ev.seq} 记为「{wanted}」：记录被改动")
                    break
        for version, ev in sorted(centre.items()):
            if version not in seen:
                problems.append(f"事件 #{ev.seq}（{ev.type}，{ev.actor}）的值守记录在表中缺失：记录被删除")
        return problems
