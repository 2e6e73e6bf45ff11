"""Information reports (信息报送): 初报、续报、核报、终报 and the drug group-adverse-event form.

A draft is pre-filled from the incident's facts and log and can be edited; submitting it
freezes its content (canonical JSON), whose SHA-256 goes into the incident's log with the
``submit_report`` event, in the same transaction as the report row. A submitted report is
never changed: a correction is a new version of the same report number, submitted as a
``log.report_corrected`` event (it does not count as another report of the kind, so it does
not satisfy the next periodic deadline by mistake).

Before it is submitted a report goes through the approval step 拟稿 → 审核 → 签发: a complete
draft is reviewed (审核) by the command staff (指挥长、副指挥长、值班员), then signed (签发) by a
signer — an account holding the commander or deputy role, or a role the plan lets decide the
level (``grading.decision_roles``). The signer's name becomes the report's 签发人. Each step is
a ``log.report_reviewed`` / ``log.report_signed`` event in the incident's log (with the SHA-256
of the content it approved) under the logged-in account; only a signed report can be submitted,
and a reviewed or signed report is not edited: it is returned to 拟稿 first
(``log.report_returned``), which clears its review and signature.
"""

from __future__ import annotations

import builtins
import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, func, insert, select, update

from console.auth.roles import ROLE_TITLES, check_action
from console.clock import CHINA_TZ, UTC, Clock, SystemClock
from console.errors import InvalidInput, Problem, RecordError
from console.incidents.service import IncidentService
from console.plan.chain_engine import open_hop
from console.plan.engine import Rejected
from console.plan.leads import unit_lead
from console.reports.forms import ReportForm, check_complete, coerce, form_for
from console.reports.models import reports_table
from console.room.stream import STREAM, append
from console.store.chain import canonical_json, from_us, to_us
from console.store.eventlog import StaleAppend, StoredEvent
from console.timeline.wording import describe, when

R = reports_table.c

DRAFT, REVIEWED, SIGNED, SUBMITTED = "draft", "reviewed", "signed", "submitted"
STATUS_TITLES = {DRAFT: "拟稿", REVIEWED: "已审核", SIGNED: "已签发", SUBMITTED: "已报送"}
SIGNER_ROLES = frozenset({"commander", "deputy"})
"""Roles that may sign (签发) any report; a plan adds the roles it lets decide the level."""


@dataclass(frozen=True)
class ReportRecord:
    id: str
    report_no: str
    incident_id: str
    kind: str
    kind_title: str
    seq_no: int
    version: int
    status: str  # draft | reviewed | signed | submitted
    fields: dict[str, Any]
    content_hash: str | None
    supersedes: str | None
    deadline_id: str | None
    created_at: datetime
    created_by: str
    submitted_at: datetime | None
    submitted_by: str | None
    event_version: int | None
    reviewed_at: datetime | None = None
    reviewed_by: str | None = None
    signed_at: datetime | None = None
    signed_by: str | None = None

    @property
    def status_title(self) -> str:
        return STATUS_TITLES.get(self.status, self.status)

    @property
    def editable(self) -> bool:
        return self.status == DRAFT

    def approval_line(self) -> str:
        """拟稿、审核、签发 and 报送 people, as the register and the documents show them."""
        parts = [f"拟稿：{self.created_by}"]
        if self.reviewed_by:
            parts.append(f"审核：{self.reviewed_by}")
        if self.signed_by:
            parts.append(f"签发：{self.signed_by}")
        if self.submitted_by:
            parts.append(f"报送：{self.submitted_by}")
        return "　".join(parts)

    @property
    def display_title(self) -> str:
        n = f"第{self.seq_no}次" if self.seq_no > 1 else ""
        v = f"（更正第{self.version - 1}版）" if self.version > 1 else ""
        return f"{self.kind_title}{n}{v}"


@dataclass(frozen=True)
class ReportDeadline:
    deadline_id: str
    kind: str
    title: str
    to: str | None
    due_at: datetime
    status: str  # open | met | missed | cancelled
    closed_at: datetime | None
    remaining: timedelta  # due_at - now (negative when overdue)
    report_id: str | None
    immediate: bool = False  # 立即: due at once, never overdue by the clock (plan format 2)

    @property
    def overdue(self) -> bool:
        return self.status == "open" and self.remaining < timedelta(0) and not self.immediate

    def countdown(self) -> str:
        if self.status == "open" and self.immediate:
            return "立即"
        if self.status != "open":
            return {"met": "已按时报送", "missed": "已逾期", "cancelled": "已取消",
                    "unfinished": "结案时未报送"}.get(self.status, self.status)
        secs = int(abs(self.remaining.total_seconds()))
        h, m = divmod(secs // 60, 60)
        text = f"{h}小时{m:02d}分" if h else f"{m}分钟"
        if h >= 24:  # a year-old deadline reads in days and hours, not 「1208小时25分」
            text = f"{h // 24}天{h % 24}小时"
        return f"已超时 {text}" if self.overdue else f"剩余 {text}"


DRAFT_EVENT = "room.report_draft"  # a draft started or saved (the room stream: no incident's version moves)


@dataclass(frozen=True)
class DraftActivity:
    """A report being drafted: 「王五正在起草续报（14:02 保存）」."""

    report_id: str
    incident_id: str
    kind: str
    title: str
    actor: str
    role: str
    saved_at: datetime
    action: str  # started | saved | corrected

    def line(self, name: str | None = None) -> str:
        """「王五正在起草续报（14:02 保存）」 (``name``: the actor's display name)."""
        at = self.saved_at.astimezone(CHINA_TZ).strftime("%H:%M")
        verb = "开始" if self.action in ("started", "corrected") else "保存"
        return f"{name or self.actor}正在起草{self.title}（{at} {verb}）"


def content_hash(content_text: str) -> str:
    return hashlib.sha256(content_text.encode("utf-8")).hexdigest()


class ReportService:
    def __init__(self, db: Any, clock: Clock | None = None, incidents: IncidentService | None = None):
        self.db = db
        self.clock: Clock = clock or SystemClock()
        self.incidents = incidents or IncidentService(db, self.clock)

    # -- forms -------------------------------------------------------------------
    def form(self, incident_id: str, kind: str) -> ReportForm:
        plan = self.incidents.plan_for(incident_id)
        if kind not in plan.report_kinds:
            kinds = "、".join(f"{k}（{v['title']}）" for k, v in plan.report_kinds.items())
            raise RecordError(f"预案「{plan.title}」中没有报告类型「{kind}」（可选：{kinds}）")
        return form_for(plan, kind)

    def kinds(self, incident_id: str) -> dict[str, str]:
        return {k: v["title"] for k, v in self.incidents.plan_for(incident_id).report_kinds.items()}

    # -- reading -----------------------------------------------------------------
    def _record(self, r: Any) -> ReportRecord:
        content = json.loads(r.content)
        return ReportRecord(
            id=r.id, report_no=r.report_no, incident_id=r.incident_id, kind=r.kind,
            kind_title=content.get("kind_title", r.kind), seq_no=r.seq_no, version=r.version,
            status=r.status, fields=content.get("fields", {}), content_hash=r.content_hash,
            supersedes=r.supersedes, deadline_id=r.deadline_id, created_at=from_us(r.created_us),
            created_by=r.created_by, submitted_at=from_us(r.submitted_us) if r.submitted_us else None,
            submitted_by=r.submitted_by, event_version=r.event_version,
            reviewed_at=from_us(r.reviewed_us) if r.reviewed_us else None, reviewed_by=r.reviewed_by,
            signed_at=from_us(r.signed_us) if r.signed_us else None, signed_by=r.signed_by)

    def get(self, report_id: str) -> ReportRecord:
        with self.db.reading() as conn:
            r = conn.execute(select(reports_table).where(R.id == report_id)).first()
            if r is None:  # a report number means its latest version
                r = conn.execute(select(reports_table).where(R.report_no == report_id)
                                 .order_by(R.version.desc()).limit(1)).first()
        if r is None:
            raise RecordError(f"没有编号为「{report_id}」的报告")
        return self._record(r)

    def register(self, incident_id: str | None = None) -> builtins.list[ReportRecord]:
        """Every report (every version), by incident, kind order of creation."""
        q = select(reports_table).order_by(R.incident_id, R.created_us, R.report_no, R.version)
        if incident_id is not None:
            q = q.where(R.incident_id == incident_id)
        with self.db.reading() as conn:
            return [self._record(r) for r in conn.execute(q)]

    def deadlines(self, incident_id: str, now: datetime | None = None) -> builtins.list[ReportDeadline]:
        """The plan's report deadlines for the incident, with countdowns (overdue ones marked)."""
        now = now or self.clock.now()
        state = self.incidents.state(incident_id)
        by_deadline = {r.deadline_id: r.id for r in self.register(incident_id) if r.deadline_id}
        out = []
        for d in state.deadlines.values():
            if d["kind"] not in ("report", "report_hop"):  # format 2: each hop of a chain has its own
                continue
            out.append(ReportDeadline(d["id"], d.get("report_kind", ""), d["title"], d.get("to"), d["due_at"],
                                      d["status"], d.get("closed_at"), d["due_at"] - now,
                                      by_deadline.get(d["id"]), bool(d.get("immediate", False))))
        return sorted(out, key=lambda x: (x.status != "open", not x.immediate, x.due_at))

    # -- drafting ----------------------------------------------------------------
    def draft(self, incident_id: str, kind: str, *, actor: str, values: dict[str, Any] | None = None,
              role: str = "") -> ReportRecord:
        """A new draft of ``kind``, pre-filled from the incident (or the open draft of that kind).

        Starting a draft, and every save of one, is a ``room.report_draft`` event (who, which
        report, when) written with the row, so that every seat sees 「王五正在起草续报」."""
        form = self.form(incident_id, kind)
        plan = self.incidents.plan_for(incident_id)
        with self.db.reading() as conn:
            existing = conn.execute(select(R.id).where(R.incident_id == incident_id, R.kind == kind,
                                                       R.status.in_((DRAFT, REVIEWED, SIGNED)), R.version == 1)).first()
        if existing is not None:  # one open draft per kind: further values go into it
            return self.save(existing[0], values, actor=actor, role=role) if values else self.get(existing[0])
        fields = self.prefill(incident_id, kind)
        if values:
            clean, problems = coerce(form, values, plan.level_ids)
            if problems:
                raise InvalidInput(problems, f"{form.title}填写有误，未保存")
            fields.update(clean)
        now = self.clock.now()
        with self.db.reading() as conn:
            seq = (conn.execute(select(func.max(R.seq_no)).where(R.incident_id == incident_id, R.kind == kind))
                   .scalar() or 0) + 1
        report_no = f"{incident_id}-{kind}-{seq}"
        rid = f"{report_no}-v1"
        fields.setdefault("doc_no", f"〔{now.astimezone(CHINA_TZ):%Y}〕{incident_id[-3:]}-{form.title[:2]}{seq}号")
        text = _content(form, fields)

        def write(conn: Connection, _evs: builtins.list[StoredEvent]) -> None:
            now_seq = (conn.execute(select(func.max(R.seq_no)).where(R.incident_id == incident_id, R.kind == kind))
                       .scalar() or 0) + 1
            if now_seq != seq:  # another seat started one of this kind a moment ago
                raise RecordError(f"另一席位刚刚起草了{form.title}（{report_no}），请刷新后在该草稿中继续")
            conn.execute(insert(reports_table).values(
                id=rid, report_no=report_no, incident_id=incident_id, kind=kind, seq_no=seq, version=1,
                status="draft", content=text, content_hash=None, supersedes=None,
                deadline_id=None, created_us=to_us(now), created_by=actor, updated_us=to_us(now)))

        self._draft_event("started", incident_id, rid, kind, form.title, text, now, actor, role, write)
        return self.get(rid)

    def _draft_event(self, action: str, incident_id: str, report_id: str, kind: str, title: str, text: str,
                     now: datetime, actor: str, role: str, write: Any) -> None:
        """The ``room.report_draft`` event of a draft started or saved, with its row (``write``)."""
        words = {"started": f"起草{title}", "saved": f"保存{title}草稿", "corrected": f"起草{title}更正版本"}
        append(self.incidents.log, DRAFT_EVENT, now, actor, role,
               {"incident": incident_id, "report": report_id, "kind": kind, "title": title, "action": action,
                "content_hash": content_hash(text), "line": f"{words[action]}（{report_id}）"},
               self.incidents.mode, write)

    def drafting(self, incident_id: str | None = None) -> builtins.list[DraftActivity]:
        """Drafts in progress (still 拟稿), the last save of each first: who drafts which report,
        when it was last saved (from the ``room.report_draft`` events)."""
        with self.db.reading() as conn:
            q = select(R.id, R.incident_id, R.kind).where(R.status == DRAFT)
            if incident_id is not None:
                q = q.where(R.incident_id == incident_id)
            open_drafts = {r.id: r for r in conn.execute(q)}
        if not open_drafts:
            return []
        last: dict[str, StoredEvent] = {}
        for e in self.incidents.log.read(STREAM):
            if e.type == DRAFT_EVENT and e.payload.get("report") in open_drafts:
                last[str(e.payload["report"])] = e
        out = [DraftActivity(rid, str(e.payload.get("incident")), str(e.payload.get("kind")),
                             str(e.payload.get("title")), e.actor, e.role, e.occurred_at, str(e.payload.get("action")))
               for rid, e in last.items()]
        return sorted(out, key=lambda d: d.saved_at, reverse=True)

    def save(self, report_id: str, values: dict[str, Any], *, actor: str, role: str = "") -> ReportRecord:
        """Change fields of a draft. Overlong text or a value of the wrong type is refused
        (nothing saved); missing required fields are allowed until submission."""
        rec = self.get(report_id)
        if rec.status == SUBMITTED:
            raise RecordError(f"报告 {rec.id} 已于 {when(rec.submitted_at)} 报送，不能修改；如需更正，请新建更正版本")
        if rec.status != DRAFT:
            raise RecordError(f"报告 {rec.id} {rec.status_title}，不能修改；如需修改，请先退回拟稿")
        form = self.form(rec.incident_id, rec.kind)
        clean, problems = coerce(form, values, self.incidents.plan_for(rec.incident_id).level_ids)
        if problems:
            raise InvalidInput(problems, f"{form.title}填写有误，未保存")
        fields = {**rec.fields, **clean}
        text, now = _content(form, fields), self.clock.now()

        def write(conn: Connection, _evs: builtins.list[StoredEvent]) -> None:
            n = conn.execute(update(reports_table).where(R.id == rec.id, R.status == "draft").values(
                content=text, updated_us=to_us(now))).rowcount
            if n != 1:
                raise RecordError(f"报告 {rec.id} 已报送，不能修改")

        self._draft_event("saved", rec.incident_id, rec.id, rec.kind, form.title, text, now, actor, role, write)
        return self.get(rec.id)

    def problems(self, report_id: str) -> builtins.list[Problem]:
        rec = self.get(report_id)
        return check_complete(self.form(rec.incident_id, rec.kind), rec.fields, self.clock.now())

    # -- approval: 拟稿 → 审核 → 签发 ---------------------------------------------------
    def signer_roles(self, incident_id: str) -> frozenset[str]:
        """Who may sign (签发) this incident's reports: commander, deputy and the plan's level deciders."""
        plan = self.incidents.plan_for(incident_id)
        return SIGNER_ROLES | (plan.decision_roles or frozenset())

    def review(self, report_id: str, *, actor: str, role: str, note: str | None = None) -> ReportRecord:
        """审核: a complete draft is checked by the command staff (an event in the incident's log)."""
        rec = self.get(report_id)
        if rec.status != DRAFT:
            raise RecordError(f"报告 {rec.id} {rec.status_title}，只有拟稿中的报告可以审核")
        try:
            check_action(role, "reports.submit")
        except Rejected as exc:
            raise RecordError(f"不能审核：{exc.reason}") from None
        problems = check_complete(self.form(rec.incident_id, rec.kind), rec.fields, self.clock.now())
        if problems:
            raise InvalidInput(problems, f"{rec.display_title}尚不完整，不能审核")
        return self._step(rec, "log.report_reviewed", REVIEWED, actor=actor, role=role,
                          extra={"note": note or None}, columns={"reviewed_by": actor})

    def sign(self, report_id: str, *, actor: str, role: str) -> ReportRecord:
        """签发: the signer (commander, deputy or a role the plan names) signs a reviewed report;
        their name becomes its 签发人."""
        rec = self.get(report_id)
        if rec.status != REVIEWED:
            need = "须先审核" if rec.status == DRAFT else rec.status_title
            raise RecordError(f"报告 {rec.id} {need}，只有已审核的报告可以签发")
        allowed = self.signer_roles(rec.incident_id)
        if role not in allowed:
            names = "、".join(ROLE_TITLES.get(r, r) for r in sorted(allowed))
            raise RecordError(f"角色「{ROLE_TITLES.get(role, role)}」不能签发报告（签发人须为：{names}）")
        form = self.form(rec.incident_id, rec.kind)
        fields = {**rec.fields, "issuer": actor} if "issuer" in form.keys else dict(rec.fields)
        return self._step(rec, "log.report_signed", SIGNED, actor=actor, role=role, fields=fields,
                          extra={"issuer": actor}, columns={"signed_by": actor})

    def return_to_draft(self, report_id: str, *, actor: str, role: str, reason: str | None = None) -> ReportRecord:
        """退回拟稿: a reviewed or signed report goes back to its drafter (review and signature cleared)."""
        rec = self.get(report_id)
        if rec.status not in (REVIEWED, SIGNED):
            raise RecordError(f"报告 {rec.id} {rec.status_title}，只有已审核或已签发、尚未报送的报告可以退回")
        return self._step(rec, "log.report_returned", DRAFT, actor=actor, role=role,
                          extra={"reason": reason or None, "from": rec.status},
                          columns={"reviewed_by": None, "reviewed_us": None, "signed_by": None, "signed_us": None})

    def _step(self, rec: ReportRecord, type_: str, status: str, *, actor: str, role: str,
              extra: dict[str, Any], columns: dict[str, Any], fields: dict[str, Any] | None = None) -> ReportRecord:
        """One approval step: the event (with the SHA-256 of the content it approves) and the row, together."""
        form = self.form(rec.incident_id, rec.kind)
        text = _content(form, rec.fields if fields is None else fields)
        digest = content_hash(text)
        now = self.clock.now()
        data = {"kind": rec.kind, "report_id": rec.id, "content_hash": digest,
                **{k: v for k, v in extra.items() if v is not None}}
        values = dict(columns)
        if "reviewed_by" in values and values["reviewed_by"] is not None:
            values["reviewed_us"] = to_us(now)
        if "signed_by" in values and values["signed_by"] is not None:
            values["signed_us"] = to_us(now)

        def write(conn: Connection, evs: builtins.list[StoredEvent]) -> None:
            n = conn.execute(update(reports_table).where(R.id == rec.id, R.status == rec.status).values(
                status=status, content=text, updated_us=to_us(now), **values)).rowcount
            if n != 1:  # someone moved it on in between: roll the event back too
                raise RecordError(f"报告 {rec.id} 已被他人处理，请刷新后重试")

        try:
            self.incidents.command(rec.incident_id, type_, data, actor=actor, role=role, in_transaction=write)
        except Rejected as exc:
            raise RecordError(f"已拒绝：{exc.reason}") from None
        except StaleAppend as exc:
            raise RecordError(str(exc)) from None
        return self.get(rec.id)

    # -- submitting --------------------------------------------------------------
    def submit(self, report_id: str, *, actor: str, role: str) -> ReportRecord:
        rec = self.get(report_id)
        if rec.status == SUBMITTED:
            raise RecordError(f"报告 {rec.id} 已于 {when(rec.submitted_at)} 由 {rec.submitted_by} 报送，"
                              "不能重复报送；如需更正，请新建更正版本")
        if rec.status != SIGNED:
            step = "审核、签发" if rec.status == DRAFT else "签发"
            raise RecordError(f"报告 {rec.id}（{rec.display_title}）尚未{step}，不能报送：报送前须经审核并由签发人签发")
        form = self.form(rec.incident_id, rec.kind)
        problems = check_complete(form, rec.fields, self.clock.now())
        if problems:
            raise InvalidInput(problems, f"{rec.display_title}不能报送")
        frozen = canonical_json({
            "report_no": rec.report_no, "report_id": rec.id, "incident_id": rec.incident_id, "kind": rec.kind,
            "kind_title": form.title, "seq_no": rec.seq_no, "version": rec.version,
            "supersedes": rec.supersedes, "fields": rec.fields,
            "approval": {"drafted_by": rec.created_by, "reviewed_by": rec.reviewed_by,
                         "reviewed_at": rec.reviewed_at.isoformat() if rec.reviewed_at else None,
                         "signed_by": rec.signed_by,
                         "signed_at": rec.signed_at.isoformat() if rec.signed_at else None}})
        digest = content_hash(frozen)
        data: dict[str, Any]
        if rec.version == 1:
            type_, data = "submit_report", {"kind": rec.kind, "report_id": rec.id, "content_hash": digest}
        else:
            type_, data = "log.report_corrected", {"kind": rec.kind, "report_id": rec.id, "content_hash": digest,
                                                   "supersedes": rec.supersedes}
        now = self.clock.now()

        def write(conn: Connection, evs: builtins.list[StoredEvent]) -> None:
            n = conn.execute(update(reports_table).where(R.id == rec.id, R.status == SIGNED).values(
                status=SUBMITTED, content=frozen, content_hash=digest, submitted_us=to_us(now),
                submitted_by=actor, event_version=evs[-1].version, updated_us=to_us(now))).rowcount
            if n != 1:  # someone submitted it in between: roll the event back too
                raise RecordError(f"报告 {rec.id} 已报送，不能重复报送")

        try:
            result = self.incidents.command(rec.incident_id, type_, data, actor=actor, role=role,
                                            in_transaction=write)
        except Rejected as exc:
            raise RecordError(f"已拒绝：{exc.reason}") from None
        except StaleAppend as exc:
            raise RecordError(str(exc)) from None
        deadline = next((e.get("deadline") for e in result.effects if e.get("kind") == "report_submitted"), None)
        if deadline:
            with self.db.connect() as conn:
                conn.execute(update(reports_table).where(R.id == rec.id).values(deadline_id=deadline))
        return self.get(rec.id)

    def correct(self, report_id: str, *, actor: str, values: dict[str, Any] | None = None,
                role: str = "") -> ReportRecord:
        """A new draft version of a submitted report (the original stays as it was)."""
        rec = self.get(report_id)
        with self.db.reading() as conn:
            latest = conn.execute(select(reports_table).where(R.report_no == rec.report_no)
                                  .order_by(R.version.desc()).limit(1)).first()
        latest_rec = self._record(latest)
        if latest_rec.status != SUBMITTED:
            if latest_rec.version == 1:
                raise RecordError(f"报告 {rec.report_no} 尚未报送，直接修改草稿即可，无需更正")
            return latest_rec
        form = self.form(rec.incident_id, rec.kind)
        fields = dict(latest_rec.fields)
        if values:
            clean, problems = coerce(form, values, self.incidents.plan_for(rec.incident_id).level_ids)
            if problems:
                raise InvalidInput(problems, f"{form.title}填写有误，未保存")
            fields.update(clean)
        v = latest_rec.version + 1
        now = self.clock.now()
        rid = f"{rec.report_no}-v{v}"
        text = _content(form, fields)

        def write(conn: Connection, _evs: builtins.list[StoredEvent]) -> None:
            conn.execute(insert(reports_table).values(
                id=rid, report_no=rec.report_no, incident_id=rec.incident_id, kind=rec.kind, seq_no=rec.seq_no,
                version=v, status="draft", content=text, content_hash=None,
                supersedes=latest_rec.id, deadline_id=None, created_us=to_us(now), created_by=actor,
                updated_us=to_us(now)))

        self._draft_event("corrected", rec.incident_id, rid, rec.kind, form.title, text, now, actor, role, write)
        return self.get(rid)

    def verify(self, report_id: str) -> bool:
        """The stored frozen content still hashes to what the incident's log recorded."""
        rec = self.get(report_id)
        if rec.status != "submitted" or rec.event_version is None:
            raise RecordError(f"报告 {rec.id} 尚未报送")
        with self.db.reading() as conn:
            text = conn.execute(select(R.content).where(R.id == rec.id)).scalar_one()
        ev = next(e for e in self.incidents.log.read(rec.incident_id, after_version=rec.event_version - 1))
        return ev.payload["data"].get("content_hash") == content_hash(text) == rec.content_hash

    # -- pre-filling ---------------------------------------------------------------
    def prefill(self, incident_id: str, kind: str) -> dict[str, Any]:
        svc = self.incidents
        plan = svc.plan_for(incident_id)
        state = svc.state(incident_id)
        summary = svc.summary(incident_id)
        events: Any = svc.timeline(incident_id)  # (IncidentService.list shadows list in its annotations)
        form = form_for(plan, kind)
        facts = state.facts
        now = self.clock.now()
        tz = CHINA_TZ
        units = plan.units
        coordination = units.get("coordination", {})
        deadline = next((d for d in state.open_deadlines() if d["kind"] == "report" and d.get("report_kind") == kind),
                        None)
        if deadline is None:  # format 2: a report sent as a chain — the hop its submission will meet
            deadline = open_hop(plan, state, kind)
        lead = unit_lead(plan, state, "coordination") if "coordination" in units else ""
        if deadline is not None and deadline["kind"] == "report_hop" and deadline.get("by"):
            lead = str(deadline["by"])  # 由谁→报谁 of that hop: the document says who reports to whom
        fields: dict[str, Any] = {
            "title": summary.title[:60],
            "reporting_unit": lead or coordination.get("lead") or plan.jurisdiction_name,
            "recipients": (deadline.get("to") if deadline is not None else None) or "",
            "reported_at": now.astimezone(tz).isoformat(timespec="minutes"),
            "received_at": state.received_at.astimezone(tz).isoformat(timespec="minutes"),
            "occurred_at": state.received_at.astimezone(tz).isoformat(timespec="minutes"),
            "location_admin": plan.jurisdiction_name + (summary.place or ""),
            "location_detail": summary.place or "",
            "location": summary.place or "",
            "category": "药品群体不良事件" if plan.domain == "drug" else "食物中毒",
        }
        call = svc.call_facts(incident_id)
        if call.occurred_at is not None:  # when it happened, as the caller said (else the 接报 time)
            fields["occurred_at"] = call.occurred_at.astimezone(tz).isoformat(timespec="minutes")
        if call.caller:  # who reported it and from which unit, as the call said
            who = f"{call.caller}（{call.caller_unit}）" if call.caller_unit else call.caller
            fields["reporter"] = who if len(who) <= 50 else call.caller
        elif call.caller_unit:
            fields["reporter"] = call.caller_unit[:50]
        elif events and events[0].actor:
            fields["reporter"] = events[-1].actor if events[-1].actor != "system" else events[0].actor
        if call.phone:
            fields["phone"] = call.phone
        if call.symptoms:
            fields["symptoms"] = call.symptoms
        for key in ("cases", "deaths", "hospitalized", "affected", "batch_no", "product_name", "suspect_food"):
            if facts.get(key) is not None:
                fields[key] = facts[key]
        if facts.get("product_name"):
            fields.setdefault("trade_name", facts["product_name"])
            fields.setdefault("generic_name", facts["product_name"])
        decl = plan.facts.get("setting")
        if decl is not None and facts.get("setting"):
            fields["venue_type"] = decl.labels.get(facts["setting"], facts["setting"])
        decl = plan.facts.get("product_type")
        if decl is not None and facts.get("product_type"):
            fields["product_type"] = decl.labels.get(facts["product_type"], facts["product_type"])
        level = state.level or state.suggested_level
        if level:
            fields["preliminary_level"] = level
        if state.level and state.level_basis:
            fields["level_confirmed_at"] = state.level_basis["at"].astimezone(tz).isoformat(timespec="minutes")
        names = {**state.deadlines, **state.tasks}
        lines = [f"{when(e.occurred_at)} "
                 f"{describe(plan, e.type, e.payload.get('data', {}), names=names, official=True)}"
                 for e in events if e.type not in ("deadline_missed",)]
        fields["brief_course"] = _fit("\n".join(lines), 2000)
        fields["developments"] = _fit("\n".join(lines[-10:]), 2000)
        done = [t for t in state.tasks.values() if t["status"] == "done"]
        open_ = [t for t in state.tasks.values() if t["status"] == "open"]
        measures = [f"{i}. {units.get(t['unit'], {}).get('title', t['unit'])}："
                    f"{t['title']}（{when(t['done_at'])} 完成）"
                    for i, t in enumerate(done, 1)]
        measures += [f"{len(done) + i}. {units.get(t['unit'], {}).get('title', t['unit'])}：{t['title']}（进行中）"
                     for i, t in enumerate(open_, 1)]
        if measures:
            fields["measures_taken"] = _fit("\n".join(measures), 2000)
        if facts.get("hazard_controlled") or facts.get("product_controlled"):
            fields["control_status"] = "危害因素已得到有效控制"
        elif done or open_:
            fields["control_status"] = f"已完成处置任务 {len(done)} 项，进行中 {len(open_)} 项"
        if open_:
            fields["next_steps"] = _fit("\n".join(f"{t['title']}（{units.get(t['unit'], {}).get('title', t['unit'])}）"
                                                  for t in open_), 1000)
        keys = set(form.keys)
        return {k: v for k, v in fields.items() if k in keys}


def _fit(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _content(form: ReportForm, fields: dict[str, Any]) -> str:
    return canonical_json({"kind_title": form.title, "fields": {k: v for k, v in fields.items() if v is not None}})


__all__ = ["ReportDeadline", "ReportRecord", "ReportService", "content_hash", "UTC"]
