"""Expert consultations (专家会商): open → invite → opinions → the chair's conclusion.

The conclusion is a ``consult_concluded`` event in the incident's log (with this
consultation's id), written in the same transaction as the record: that event is what the
plan's guards see (e.g. termination needs a concluded consultation that approves it).
Opening, invitations and opinions are ``log.consult_*`` events, so the timeline shows them.
"""

from __future__ import annotations

import builtins
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, insert, select, update

from console.clock import Clock, SystemClock
from console.consultations.models import consultations_table, invites_table, opinions_table
from console.errors import RecordError
from console.experts.registry import Expert, ExpertRegistry
from console.incidents.service import IncidentService
from console.plan.engine import Rejected
from console.store.chain import from_us, to_us
from console.store.eventlog import StaleAppend, StoredEvent
from console.timeline.wording import OUTCOMES, QUESTIONS

C = consultations_table.c
IV = invites_table.c
OP = opinions_table.c
MAX_TEXT = 2000


@dataclass(frozen=True)
class Opinion:
    expert: Expert
    recommend: str  # approve | reject
    level: str | None
    text: str
    dissent: str | None
    at: datetime


@dataclass(frozen=True)
class ConsultationRecord:
    id: str
    incident_id: str
    question: str
    title: str
    specialties: tuple[str, ...]
    quorum: int
    status: str  # open | concluded
    opened_at: datetime
    opened_by: str
    invited: tuple[Expert, ...]
    opinions: tuple[Opinion, ...]
    chair: Expert | None
    outcome: str | None
    level: str | None
    summary: str | None
    concluded_at: datetime | None
    concluded_by: str | None
    event_version: int | None

    @property
    def question_title(self) -> str:
        return QUESTIONS.get(self.question, self.question)

    @property
    def status_title(self) -> str:
        return "已形成结论" if self.status == "concluded" else "进行中"

    @property
    def quorum_met(self) -> bool:
        return len(self.opinions) >= self.quorum

    def dissenters(self) -> builtins.list[Opinion]:
        """Opinions that differ from the conclusion, or carry a reservation (保留意见)."""
        return [o for o in self.opinions
                if o.dissent or (self.outcome is not None and o.recommend != self.outcome)]

    def differs(self, o: Opinion) -> bool:
        """Whether this opinion is a dissent (不同意见): it differs from the conclusion or carries a
        reservation; before the conclusion, a reservation or a vote against the majority."""
        majority = self.majority()
        return any(x.expert.code == o.expert.code for x in self.dissenters()) or (
            self.outcome is None and majority is not None and o.recommend != majority)

    def majority(self) -> str | None:
        """The recommendation most opinions give so far (None on a tie or without opinions)."""
        votes = [o.recommend for o in self.opinions]
        a, r = votes.count("approve"), votes.count("reject")
        return "approve" if a > r else "reject" if r > a else None

    @property
    def dissent_note(self) -> str:
        """「本结论签发时有 2 位专家持不同意见」 for a conclusion signed with dissent present, else ''."""
        if self.status != "concluded":
            return ""
        n = len(self.dissenters())
        return f"本结论签发时有 {n} 位专家持不同意见" if n else ""

    def pending_experts(self) -> builtins.list[Expert]:
        """Invited experts who have not given an opinion yet."""
        given = {o.expert.code for o in self.opinions}
        return [e for e in self.invited if e.code not in given]


class ConsultationService:
    def __init__(self, db: Any, clock: Clock | None = None, incidents: IncidentService | None = None,
                 experts: ExpertRegistry | None = None):
        self.db = db
        self.clock: Clock = clock or SystemClock()
        self.incidents = incidents or IncidentService(db, self.clock)
        self.experts = experts or ExpertRegistry(db, self.clock)

    def _command(self, incident_id: str, type_: str, data: dict[str, Any], actor: str, role: str,
                 write: Any) -> Any:
        try:
            return self.incidents.command(incident_id, type_, data, actor=actor, role=role, in_transaction=write)
        except Rejected as exc:
            raise RecordError(f"已拒绝：{exc.reason}") from None
        except StaleAppend as exc:
            raise RecordError(str(exc)) from None
        except LookupError as exc:
            raise RecordError(str(exc)) from None

    # -- reading -------------------------------------------------------------------
    def get(self, consultation_id: str) -> ConsultationRecord:
        with self.db.reading() as conn:
            c = conn.execute(select(consultations_table).where(C.id == consultation_id)).first()
            if c is None:
                raise RecordError(f"没有编号为「{consultation_id}」的会商")
            inv = conn.execute(select(invites_table).where(IV.consultation_id == c.id)
                               .order_by(IV.invited_us, IV.expert_code)).all()
            ops = conn.execute(select(opinions_table).where(OP.consultation_id == c.id)
                               .order_by(OP.at_us, OP.expert_code)).all()
        codes = {r.expert_code for r in inv} | ({c.chair} if c.chair else set())
        experts = self.experts.find(codes)

        def ex(code: str) -> Expert:
            return experts.get(code) or Expert(code, f"（已删除 {code}）", (), "", "")

        return ConsultationRecord(
            id=c.id, incident_id=c.incident_id, question=c.question, title=c.title,
            specialties=tuple(json.loads(c.specialties)), quorum=c.quorum, status=c.status,
            opened_at=from_us(c.opened_us), opened_by=c.opened_by,
            invited=tuple(ex(r.expert_code) for r in inv),
            opinions=tuple(Opinion(ex(o.expert_code), o.recommend, o.level, o.text, o.dissent, from_us(o.at_us))
                           for o in ops),
            chair=ex(c.chair) if c.chair else None, outcome=c.outcome, level=c.level, summary=c.summary,
            concluded_at=from_us(c.concluded_us) if c.concluded_us else None, concluded_by=c.concluded_by,
            event_version=c.event_version)

    def list(self, incident_id: str | None = None) -> builtins.list[ConsultationRecord]:
        q = select(C.id).order_by(C.opened_us, C.id)
        if incident_id is not None:
            q = q.where(C.incident_id == incident_id)
        with self.db.reading() as conn:
            ids = [r[0] for r in conn.execute(q)]
        return [self.get(i) for i in ids]

    def candidates(self, consultation_id: str) -> builtins.list[Expert]:
        """Available experts of the consultation's specialties who are not yet invited."""
        c = self.get(consultation_id)
        invited = {e.code for e in c.invited}
        return [e for e in self.experts.candidates(c.specialties) if e.code not in invited]

    # -- commands ------------------------------------------------------------------
    def open(self, incident_id: str, question: str, *, actor: str, role: str, title: str | None = None,
             specialties: builtins.list[str] | None = None, quorum: int | None = None) -> ConsultationRecord:
        if question not in QUESTIONS:
            raise RecordError(f"未知的会商议题「{question}」"
                              f"（可选：{'、'.join(f'{k}（{v}）' for k, v in QUESTIONS.items())}）")
        try:
            state = self.incidents.state(incident_id)
        except LookupError as exc:
            raise RecordError(str(exc)) from None
        if state.closed:
            raise RecordError(f"事件 {incident_id} 已结案，不能再发起专家会商")
        requested = state.consultations.get(question)  # what the plan asked for, if it did
        title = (title or (requested and requested["title"]) or f"专家会商：{QUESTIONS[question]}").strip()
        if len(title) > 200:
            raise RecordError(f"会商名称过长（{len(title)} 字，上限 200 字）")
        specs = list(specialties if specialties is not None else (requested and requested["specialties"]) or [])
        quorum = quorum if quorum is not None else ((requested and requested["quorum"]) or 3)
        if not isinstance(quorum, int) or quorum < 1 or quorum > 50:
            raise RecordError(f"法定人数必须是 1–50 之间的整数（填写的是 {quorum}）")
        with self.db.reading() as conn:
            busy = conn.execute(select(C.id).where(C.incident_id == incident_id, C.question == question,
                                                   C.status == "open")).first()
            n = conn.execute(select(func.count()).select_from(consultations_table)
                             .where(C.incident_id == incident_id)).scalar_one()
        if busy is not None:
            raise RecordError(f"该事件已有进行中的「{QUESTIONS[question]}」会商（{busy[0]}），请先形成结论")
        cid = f"{incident_id}-HS{n + 1:02d}"
        now = self.clock.now()

        def write(conn: Connection, evs: builtins.list[StoredEvent]) -> None:
            conn.execute(insert(consultations_table).values(
                id=cid, incident_id=incident_id, question=question, title=title,
                specialties=json.dumps(specs, ensure_ascii=False), quorum=quorum, status="open",
                opened_us=to_us(now), opened_by=actor))

        self._command(incident_id, "log.consult_opened",
                      {"consultation": cid, "question": question, "title": title, "specialties": specs,
                       "quorum": quorum}, actor, role, write)
        return self.get(cid)

    def invite(self, consultation_id: str, codes: builtins.list[str], *, actor: str, role: str) -> ConsultationRecord:
        c = self._open_one(consultation_id)
        if not codes:
            raise RecordError("请至少选择一位专家")
        found = self.experts.find(codes)
        missing = [x for x in codes if x not in found]
        if missing:
            raise RecordError(f"专家库中没有编号为「{'、'.join(missing)}」的专家")
        invited = {e.code for e in c.invited}
        again = [found[x].name for x in codes if x in invited]
        if again:
            raise RecordError(f"专家「{'、'.join(again)}」已受邀，不能重复邀请")
        away = [f"{found[x].name}（{found[x].availability_title}）" for x in codes
                if found[x].availability != "available"]
        if away:
            raise RecordError(f"专家「{'、'.join(away)}」当前不能参会，请另选专家")
        if c.specialties:
            off = [found[x].name for x in codes if not self.experts.covers(found[x], c.specialties)]
            if off:
                raise RecordError(f"专家「{'、'.join(off)}」的专业领域不在本次会商所需"
                                  f"（{'、'.join(c.specialties)}）之内")
        now = self.clock.now()
        codes = list(dict.fromkeys(codes))

        def write(conn: Connection, evs: builtins.list[StoredEvent]) -> None:
            for x in codes:
                conn.execute(insert(invites_table).values(consultation_id=c.id, expert_code=x,
                                                          invited_us=to_us(now), invited_by=actor))

        self._command(c.incident_id, "log.consult_invited",
                      {"consultation": c.id, "experts": codes, "names": [found[x].name for x in codes]},
                      actor, role, write)
        return self.get(c.id)

    def opinion(self, consultation_id: str, expert_code: str, *, recommend: str, text: str,
                level: str | None = None, dissent: str | None = None, actor: str, role: str) -> ConsultationRecord:
        c = self._open_one(consultation_id)
        if expert_code not in {e.code for e in c.invited}:
            try:
                name = self.experts.get(expert_code).name
            except RecordError:
                name = expert_code
            raise RecordError(f"专家「{name}」（{expert_code}）未受邀参加本次会商（{c.id}），不能提交意见")
        if any(o.expert.code == expert_code for o in c.opinions):
            raise RecordError(f"专家（{expert_code}）已提交过意见，不能重复提交")
        if recommend not in OUTCOMES:
            raise RecordError(f"意见必须是「同意」(approve) 或「不同意」(reject)，而不是「{recommend}」")
        text = (text or "").strip()
        if not text:
            raise RecordError("「意见内容」为必填项，不能为空")
        if len(text) > MAX_TEXT:
            raise RecordError(f"「意见内容」过长（{len(text)} 字，上限 {MAX_TEXT} 字）")
        dissent = (dissent or "").strip() or None
        if dissent and len(dissent) > MAX_TEXT:
            raise RecordError(f"「保留意见」过长（{len(dissent)} 字，上限 {MAX_TEXT} 字）")
        self._check_level(c.incident_id, level)
        now = self.clock.now()
        name = next(e.name for e in c.invited if e.code == expert_code)

        def write(conn: Connection, evs: builtins.list[StoredEvent]) -> None:
            conn.execute(insert(opinions_table).values(
                consultation_id=c.id, expert_code=expert_code, recommend=recommend, level=level, text=text,
                dissent=dissent, at_us=to_us(now), recorded_by=actor))

        self._command(c.incident_id, "log.consult_opinion",
                      {"consultation": c.id, "expert": expert_code, "name": name, "recommend": recommend,
                       "level": level, "dissent": bool(dissent)}, actor, role, write)
        return self.get(c.id)

    def conclude(self, consultation_id: str, *, chair: str, outcome: str, summary: str,
                 level: str | None = None, actor: str, role: str) -> ConsultationRecord:
        """The chair signs off the conclusion → ``consult_concluded`` in the incident's log."""
        c = self._open_one(consultation_id)
        if chair not in {e.code for e in c.invited}:
            raise RecordError(f"会商组长（{chair}）必须是受邀参加本次会商的专家")
        if not c.quorum_met:
            raise RecordError(f"已提交意见的专家 {len(c.opinions)} 人，未达到法定人数 {c.quorum} 人，不能形成结论")
        if outcome not in OUTCOMES:
            raise RecordError(f"结论必须是「同意」(approve) 或「不同意」(reject)，而不是「{outcome}」")
        summary = (summary or "").strip()
        if not summary:
            raise RecordError("「会商结论」为必填项，不能为空")
        if len(summary) > MAX_TEXT:
            raise RecordError(f"「会商结论」过长（{len(summary)} 字，上限 {MAX_TEXT} 字）")
        self._check_level(c.incident_id, level)
        if c.question in ("escalate", "de_escalate") and outcome == "approve" and level is None:
            raise RecordError(f"「{c.question_title}」会商同意时须写明建议的级别")
        now = self.clock.now()
        dissent = [o.expert.name for o in c.opinions if o.dissent or o.recommend != outcome]

        def write(conn: Connection, evs: builtins.list[StoredEvent]) -> None:
            n = conn.execute(update(consultations_table).where(C.id == c.id, C.status == "open").values(
                status="concluded", chair=chair, outcome=outcome, level=level, summary=summary,
                concluded_us=to_us(now), concluded_by=actor, event_version=evs[-1].version)).rowcount
            if n != 1:
                raise RecordError(f"会商 {c.id} 已形成结论，不能重复签发")

        self._command(c.incident_id, "consult_concluded",
                      {"question": c.question, "outcome": outcome, "level": level, "consultation": c.id,
                       "summary": summary[:500], "dissent": dissent}, actor, role, write)
        return self.get(c.id)

    # -- helpers ---------------------------------------------------------------------
    def _open_one(self, consultation_id: str) -> ConsultationRecord:
        c = self.get(consultation_id)
        if c.status != "open":
            raise RecordError(f"会商 {c.id} 已于 {c.concluded_at:%m-%d %H:%M} 形成结论，不能再更改")
        return c

    def _check_level(self, incident_id: str, level: str | None) -> None:
        if level is None:
            return
        plan = self.incidents.plan_for(incident_id)
        if level not in plan.level_ids:
            raise RecordError(f"级别「{level}」不在预案中（可选：{'、'.join(plan.level_ids)}）")
