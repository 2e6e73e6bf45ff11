"""Instructions (批示/指令): the commander (or deputy) sends one to an account, a unit (the plan's
working groups: group-staff accounts carry a unit) or everyone, about an incident or the centre;
each recipient acknowledges it (签收) and reports back (反馈).

Every step is a ``room.*`` event of the centre's ``room`` stream written with its row
(``room.instruction``, ``room.instruction_ack``, ``room.instruction_feedback``); an instruction
about an incident names it and shows on that incident's timeline. An instruction not
acknowledged by all its recipients within its escalation time (chosen by the sender's console,
default 10 minutes, kept in the instruction so every seat agrees) is overdue (超时未签收): that
is derived from the events and the clock, nothing more is written.
"""

from __future__ import annotations

import builtins
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, and_, insert, select, update

from console.auth.roles import role_title
from console.clock import Clock, SystemClock
from console.room.models import instructions_table, receipts_table
from console.room.stream import STREAM, RoomRefused, append, display_names, who
from console.store.chain import from_us, to_us
from console.store.eventlog import EventLog, StoredEvent
from console.store.models import incidents_table

I = instructions_table.c  # noqa: E741 - short column alias
R = receipts_table.c
MAX_TEXT = 2000
DEFAULT_ESCALATE = timedelta(minutes=10)
SENDER_ROLES = frozenset({"commander", "deputy"})
KINDS = ("批示", "指令")
TARGET_KINDS = ("account", "unit", "all")
NOT_RECIPIENT_ROLES = frozenset({"observer", "admin"})


@dataclass(frozen=True)
class Receipt:
    username: str
    acked_at: datetime | None
    feedback: str | None
    feedback_at: datetime | None


@dataclass(frozen=True)
class Instruction:
    id: int
    incident_id: str | None
    kind: str
    sender: str
    sender_role: str
    target_kind: str
    target: str
    text: str
    sent_at: datetime
    escalate_after: timedelta
    receipts: tuple[Receipt, ...]

    @property
    def due_at(self) -> datetime:
        return self.sent_at + self.escalate_after

    @property
    def target_title(self) -> str:
        if self.target_kind == "all":
            return "全体"
        return f"{self.target}（单位）" if self.target_kind == "unit" else self.target

    def acked_by(self) -> builtins.list[str]:
        return [r.username for r in self.receipts if r.acked_at is not None]

    def pending(self) -> builtins.list[str]:
        """Recipients who have not acknowledged yet."""
        return [r.username for r in self.receipts if r.acked_at is None]

    @property
    def fully_acked(self) -> bool:
        """Every named recipient acknowledged (an instruction with no known recipient: anyone did)."""
        return bool(self.receipts) and not self.pending()

    def overdue(self, now: datetime) -> bool:
        """超时未签收: not acknowledged by all within its escalation time."""
        return not self.fully_acked and now >= self.due_at

    def addressed_to(self, username: str, unit: str | None = None) -> bool:
        if any(r.username == username for r in self.receipts):
            return True
        if self.target_kind == "all":
            return True
        if self.target_kind == "unit":
            return unit is not None and unit == self.target
        return self.target == username

    def status(self, now: datetime) -> str:
        """已签收 / 部分签收 n/m / 待签收 / 超时未签收."""
        if self.fully_acked:
            return "已签收"
        if self.overdue(now):
            return "超时未签收"
        acked = len(self.acked_by())
        if acked:
            return f"部分签收 {acked}/{len(self.receipts)}"
        return "待签收"

    def line(self, names: dict[str, str] | None = None) -> str:
        return f"{who(self.sender, self.sender_role, names)}{self.kind}（→ {self.target_title}）：{self.text}"


class InstructionService:
    def __init__(self, db: Any, clock: Clock | None = None, log: EventLog | None = None, *,
                 mode: str = "real") -> None:
        self.db = db
        self.clock: Clock = clock or SystemClock()
        self.log = log or EventLog(db, self.clock)
        self.mode = mode

    # -- reading -------------------------------------------------------------------
    def list(self, *, incident_id: str | None = None, since: datetime | None = None) -> builtins.list[Instruction]:
        q = select(instructions_table).order_by(I.sent_us, I.id)
        if incident_id is not None:
            q = q.where(I.incident_id == incident_id)
        if since is not None:
            q = q.where(I.sent_us >= to_us(since))
        with self.db.reading() as conn:
            rows = conn.execute(q).all()
            ids = [r.id for r in rows]
            receipts: dict[int, list[Receipt]] = {}
            if ids:
                for r in conn.execute(select(receipts_table).where(R.instruction_id.in_(ids))
                                      .order_by(R.instruction_id, R.username)):
                    receipts.setdefault(r.instruction_id, []).append(Receipt(
                        r.username, from_us(r.acked_us) if r.acked_us is not None else None, r.feedback,
                        from_us(r.feedback_us) if r.feedback_us is not None else None))
        return [Instruction(r.id, r.incident_id, r.kind, r.sender, r.sender_role, r.target_kind, r.target, r.text,
                            from_us(r.sent_us), timedelta(seconds=r.escalate_s), tuple(receipts.get(r.id, ())))
                for r in rows]

    def get(self, instruction_id: int) -> Instruction:
        found = [i for i in self.list() if i.id == instruction_id]
        if not found:
            raise RoomRefused(f"没有编号为 {instruction_id} 的指令")
        return found[0]

    def for_me(self, username: str, unit: str | None = None) -> builtins.list[Instruction]:
        """Instructions addressed to ``username`` (or their unit) that they have not acknowledged."""
        return [i for i in self.list() if i.addressed_to(username, unit) and username not in i.acked_by()
                and i.sender != username]

    def overdue(self, now: datetime | None = None) -> builtins.list[Instruction]:
        now = now or self.clock.now()
        return [i for i in self.list() if i.overdue(now)]

    # -- writing -------------------------------------------------------------------
    def send(self, text: str, *, actor: str, role: str, target_kind: str = "all", target: str = "",
             incident_id: str | None = None, kind: str = "指令",
             escalate_after: timedelta = DEFAULT_ESCALATE) -> Instruction:
        text = (text or "").strip()
        target = (target or "").strip()
        if role not in SENDER_ROLES:
            raise RoomRefused(f"角色「{role_title(role)}」不能下达批示或指令（可下达的角色：指挥长、副指挥长）")
        if not text:
            raise RoomRefused("指令内容为必填项，不能为空")
        if len(text) > MAX_TEXT:
            raise RoomRefused(f"指令内容过长（{len(text)} 字，上限 {MAX_TEXT} 字）")
        if kind not in KINDS:
            raise RoomRefused(f"类别应为「批示」或「指令」，收到「{kind}」")
        if target_kind not in TARGET_KINDS:
            raise RoomRefused(f"对象类型应为账号、单位或全体，收到「{target_kind}」")
        if target_kind != "all" and not target:
            raise RoomRefused("请指定接收的账号或单位")
        if len(target) > 100:
            raise RoomRefused("接收对象名称过长（上限 100 字）")
        if target_kind == "all":
            target = ""
        seconds = int(escalate_after.total_seconds())
        if not 60 <= seconds <= 24 * 3600:
            raise RoomRefused("超时签收时限应在 1 分钟到 24 小时之间")
        if incident_id is not None:
            self._check_incident(incident_id)
        recipients = self._recipients(target_kind, target, actor)
        if target_kind == "account" and self._has_accounts() and target not in self._accounts():
            raise RoomRefused(f"没有名为「{target}」的账号")
        now = self.clock.now()
        payload = {"incident": incident_id, "kind": kind, "target_kind": target_kind, "target": target,
                   "text": text, "escalate_s": seconds, "recipients": recipients,
                   "line": f"{kind}（→ {'全体' if target_kind == 'all' else target}）：{text}"}
        new_id: builtins.list[int] = []

        def write(conn: Connection, evs: builtins.list[StoredEvent]) -> None:
            key = conn.execute(insert(instructions_table).values(
                incident_id=incident_id, kind=kind, sender=actor, sender_role=role, target_kind=target_kind,
                target=target, text=text, sent_us=to_us(now), escalate_s=seconds,
                event_version=evs[0].version)).inserted_primary_key
            assert key is not None
            new_id.append(int(key[0]))
            for name in recipients:
                conn.execute(insert(receipts_table).values(instruction_id=new_id[0], username=name))

        append(self.log, "room.instruction", now, actor, role, payload, self.mode, write)
        return self.get(new_id[0])

    def ack(self, instruction_id: int, *, actor: str, role: str, unit: str | None = None) -> Instruction:
        """签收: the recipient confirms they have the instruction (once)."""
        ins = self.get(instruction_id)
        self._check_recipient(ins, actor, role, unit)
        if actor in ins.acked_by():
            raise RoomRefused(f"指令 #{ins.id} 已由您签收，无需重复签收")
        now = self.clock.now()
        known = any(r.username == actor for r in ins.receipts)

        def write(conn: Connection, evs: builtins.list[StoredEvent]) -> None:
            values = {"acked_us": to_us(now), "ack_version": evs[0].version}
            if known:
                n = conn.execute(update(receipts_table).where(and_(
                    R.instruction_id == ins.id, R.username == actor, R.acked_us.is_(None))).values(**values)).rowcount
                if n != 1:
                    raise RoomRefused(f"指令 #{ins.id} 已由您签收，无需重复签收")
            else:
                conn.execute(insert(receipts_table).values(instruction_id=ins.id, username=actor, **values))

        append(self.log, "room.instruction_ack", now, actor, role,
               {"instruction": ins.id, "incident": ins.incident_id, "line": f"签收指令 #{ins.id}：{ins.text[:40]}"},
               self.mode, write)
        return self.get(ins.id)

    def feedback(self, instruction_id: int, text: str, *, actor: str, role: str,
                 unit: str | None = None) -> Instruction:
        """反馈: the recipient reports back (acknowledges too, if not yet done). A later feedback
        replaces the shown one; every one stays in the chain."""
        text = (text or "").strip()
        if not text:
            raise RoomRefused("反馈内容为必填项，不能为空")
        if len(text) > MAX_TEXT:
            raise RoomRefused(f"反馈内容过长（{len(text)} 字，上限 {MAX_TEXT} 字）")
        ins = self.get(instruction_id)
        self._check_recipient(ins, actor, role, unit)
        now = self.clock.now()
        known = any(r.username == actor for r in ins.receipts)
        acked = actor in ins.acked_by()

        def write(conn: Connection, evs: builtins.list[StoredEvent]) -> None:
            values: dict[str, Any] = {"feedback": text, "feedback_us": to_us(now), "feedback_version": evs[0].version}
            if not acked:
                values |= {"acked_us": to_us(now), "ack_version": evs[0].version}
            if known:
                conn.execute(update(receipts_table).where(and_(R.instruction_id == ins.id, R.username == actor))
                             .values(**values))
            else:
                conn.execute(insert(receipts_table).values(instruction_id=ins.id, username=actor, **values))

        append(self.log, "room.instruction_feedback", now, actor, role,
               {"instruction": ins.id, "incident": ins.incident_id, "text": text, "acks": not acked,
                "line": f"反馈指令 #{ins.id}：{text}"}, self.mode, write)
        return self.get(ins.id)

    # -- checks ----------------------------------------------------------------------
    def _check_recipient(self, ins: Instruction, actor: str, role: str, unit: str | None) -> None:
        if role == "observer":
            raise RoomRefused("观察员只能查看，不能签收或反馈指令")
        if unit is None:
            unit = self._unit_of(actor)
        if not ins.addressed_to(actor, unit):
            raise RoomRefused(f"指令 #{ins.id} 下达给「{ins.target_title}」，不是给您的，不能代为签收")

    def _check_incident(self, incident_id: str) -> None:
        with self.db.reading() as conn:
            if conn.execute(select(incidents_table.c.id).where(incidents_table.c.id == incident_id)).first() is None:
                raise RoomRefused(f"没有编号为 {incident_id} 的事件")

    def _accounts(self) -> dict[str, Any]:
        from console.auth.models import users_table

        with self.db.reading() as conn:
            return {r.username: r for r in conn.execute(select(users_table))}

    def _has_accounts(self) -> bool:
        return bool(self._accounts())

    def _unit_of(self, username: str) -> str | None:
        row = self._accounts().get(username)
        return row.unit if row is not None else None

    def _recipients(self, target_kind: str, target: str, sender: str) -> builtins.list[str]:
        """The accounts expected to acknowledge (empty on a database without accounts for a unit
        or everyone: then the first acknowledgement settles it)."""
        if target_kind == "account":
            return [target]
        out = []
        for r in self._accounts().values():
            roles = {r.role, *((r.roles or "").split(","))} - {""}
            if not r.active or r.username == sender or roles <= NOT_RECIPIENT_ROLES:
                continue
            if target_kind == "all" or r.unit == target:
                out.append(r.username)
        if target_kind == "unit" and not out and self._accounts():
            raise RoomRefused(f"没有属于「{target}」的账号")
        return sorted(out)

    # -- the chain -------------------------------------------------------------------
    def verify(self) -> builtins.list[str]:
        """Every instruction and receipt against its ``room`` event (empty: they agree)."""
        events = {e.version: e for e in self.log.read(STREAM)}
        problems: builtins.list[str] = []
        with self.db.reading() as conn:
            rows = conn.execute(select(instructions_table).order_by(I.id)).all()
            receipts = conn.execute(select(receipts_table).order_by(R.instruction_id, R.username)).all()
        sent: dict[int, int] = {}
        for r in rows:
            what = f"指令 #{r.id}（{r.sender}：{r.text[:20]}）"
            ev = events.get(r.event_version)
            if ev is None or ev.type != "room.instruction":
                problems.append(f"{what}在链上没有对应事件：记录被直接写入数据库")
                continue
            sent[r.event_version] = r.id
            p = ev.payload
            have = {"incident": r.incident_id, "kind": r.kind, "target_kind": r.target_kind, "target": r.target,
                    "text": r.text, "escalate_s": r.escalate_s, "actor": r.sender, "sent_us": r.sent_us}
            want = {k: p.get(k) for k in ("incident", "kind", "target_kind", "target", "text", "escalate_s")} | {
                "actor": ev.actor, "sent_us": to_us(ev.occurred_at)}
            diff = [k for k in have if have[k] != want[k]]
            if diff:
                problems.append(f"{what}的「{diff[0]}」为「{have[diff[0]]}」，事件 #{ev.seq} 记为「{want[diff[0]]}」："
                                "记录被改动")
        acks = {(e.payload.get("instruction"), e.actor): e for e in events.values() if e.type == "room.instruction_ack"}
        feedbacks: dict[tuple[Any, str], StoredEvent] = {}
        for e in events.values():
            if e.type == "room.instruction_feedback":
                feedbacks[(e.payload.get("instruction"), e.actor)] = e  # the last one is shown
                if e.payload.get("acks"):
                    acks.setdefault((e.payload.get("instruction"), e.actor), e)
        seen: set[tuple[Any, str]] = set()
        for r in receipts:
            key = (r.instruction_id, r.username)
            what = f"指令 #{r.instruction_id} 的签收（{r.username}）"
            if r.acked_us is not None:
                seen.add(key)
                ev = acks.get(key)
                if ev is None or ev.version != r.ack_version or to_us(ev.occurred_at) != r.acked_us:
                    problems.append(f"{what}与链上的签收事件不符：记录被改动")
                    continue
            fb = feedbacks.get(key)
            chained = fb.payload.get("text") if fb else None
            if (r.feedback or None) != chained:
                problems.append(f"{what}的反馈为「{r.feedback}」，链上记为「{chained}」：记录被改动")
        for version, ev in sorted(events.items()):
            if ev.type == "room.instruction" and version not in sent:
                problems.append(f"事件 #{ev.seq}（room.instruction，{ev.actor}）的指令在表中缺失：记录被删除")
        for key, ev in sorted(acks.items(), key=lambda kv: kv[1].seq):
            if key not in seen:
                problems.append(f"事件 #{ev.seq}（{ev.type}，{ev.actor}）的签收在表中缺失：记录被删除")
        return problems


def timeline_items(db: Any, log: EventLog, incident_id: str, *, since: datetime | None = None,
                   until: datetime | None = None) -> builtins.list[tuple[datetime, datetime, str, str, str, str]]:
    """The room's events about ``incident_id`` for its timeline: (at, recorded_at, title, type,
    actor, role), read from the ``room`` stream; with ``since`` (and ``until``, None: still
    open), also the seats that joined and left meanwhile (「张指挥（指挥长）进入席位（seat-1）」)."""
    names = display_names(db)
    out = []
    for e in log.read(STREAM):
        if e.type.startswith("room.seat_"):
            if since is None or e.occurred_at < since or (until is not None and e.occurred_at > until):
                continue
        elif e.payload.get("incident") != incident_id or not e.type.startswith(("room.instruction", "room.assign")):
            continue
        out.append((e.occurred_at, e.recorded_at, f"{who(e.actor, e.role, names)}{e.payload.get('line', '')}",
                    e.type, e.actor, e.role))
    return out
