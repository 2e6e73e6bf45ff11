"""The notification log (通知记录): who was called or messaged about an incident, how, when,
and the answer.

A notification comes from something the incident asks to be passed on: a task given to a
unit, a notice of the plan (a ``notify`` effect: 「电话先行报告」 to the city, 「启动应急响应」 to
the member units) or a submitted report whose recipients are told it is on its way. The
console prepares the message text from it — what happened, where, when, and what is asked —
which the operator copies into the phone call, SMS or fax; sending is outside the console.

Each notification is a ``contacts.notified`` event of the centre's ``contacts`` stream (the
columns below, under the logged-in account) written in the same transaction as its row of
``notifications``; :meth:`NotificationLog.verify` names a row changed, deleted or added behind
the log's back. A plan notice with no notification that reached someone is 未通知.
"""

from __future__ import annotations

import builtins
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, insert, select

from console.clock import CHINA_TZ, Clock, SystemClock
from console.contacts.directory import NOTIFY_ROLES, STREAM, Contact, ContactDirectory, check_role
from console.contacts.models import notifications_table
from console.errors import InvalidInput, Problem, RecordError
from console.incidents.service import IncidentService, IncidentView
from console.reports.service import ReportRecord, ReportService
from console.store.chain import from_us, to_us
from console.store.eventlog import StoredEvent

N = notifications_table.c
EVENT = "contacts.notified"
MAX_TEXT = 2000
MAX_MESSAGE = 4000

METHODS = {"phone": "电话", "sms": "短信", "fax": "传真", "in_person": "当面"}
RESULTS = {"connected": "已接通", "no_answer": "未接通", "informed": "已告知", "replied": "已回复"}
REACHED = frozenset({"connected", "informed", "replied"})  # the person was reached
SOURCES = {"task": "任务", "notice": "预案通知", "report": "信息报告", "other": "其他"}
CHANNELS = {"phone": "电话", "document": "公文", "system": "系统", "sms": "短信", "fax": "传真"}
_METHOD_IN = {**{v: k for k, v in METHODS.items()}, **{k: k for k in METHODS}, "面告": "in_person"}
_RESULT_IN = {**{v: k for k, v in RESULTS.items()}, **{k: k for k in RESULTS}, "回复": "replied"}
_NUMBER_NAME = {"phone": "电话号码", "sms": "手机号码", "fax": "传真号码"}
# the columns a notification's event records (the chain's word for each row)
CHAINED = ("incident_id", "source", "source_ref", "contact_code", "contact_name", "organisation", "number",
           "method", "result", "reply", "message", "at_us", "actor", "role")
LABELS = {"incident_id": "事件", "source": "来源", "source_ref": "来源编号", "contact_code": "联系人编号",
          "contact_name": "联系人", "organisation": "单位", "number": "号码", "method": "方式", "result": "结果",
          "reply": "回复内容", "message": "通知内容", "at_us": "时间", "actor": "记录人", "role": "角色"}


@dataclass(frozen=True)
class NotificationRecord:
    id: int
    incident_id: str | None
    source: str
    source_ref: str
    contact_code: str
    contact_name: str
    organisation: str
    number: str
    method: str
    result: str
    reply: str
    message: str
    at: datetime
    recorded_at: datetime
    actor: str
    role: str

    @property
    def method_title(self) -> str:
        return METHODS.get(self.method, self.method)

    @property
    def result_title(self) -> str:
        return RESULTS.get(self.result, self.result)

    @property
    def reached(self) -> bool:
        return self.result in REACHED

    @property
    def who(self) -> str:
        return f"{self.organisation} · {self.contact_name}" if self.organisation and \
            self.organisation != self.contact_name else self.contact_name

    def line(self) -> str:
        number = f" {self.number}" if self.number else ""
        reply = f"：{self.reply}" if self.reply else ""
        return f"{self.method_title}{number} {self.who}，{self.result_title}{reply}"


@dataclass(frozen=True)
class NotifySource:
    """Something of an incident to pass on: an open or done task, a plan notice, a report."""

    source: str  # task | notice | report
    ref: str  # T3 | N2 | the report id
    subject: str  # the notice's text, the task's title, the report's title
    detail: str  # a notice's channel (电话、公文 …), a task's unit (医疗救治组), else ""
    audience: str  # whom the plan names (a unit, the notice's audience, the report's recipients)
    units: tuple[str, ...]  # the plan units it concerns (a task's unit; the units a notice names)
    at: datetime
    attempts: int  # notifications recorded for it
    reached: int  # of which reached the person

    @property
    def notified(self) -> bool:
        return self.reached > 0

    @property
    def title(self) -> str:
        """What the operator sees: 「任务：组织救治伤病员（医疗救治组）」."""
        if self.source == "notice":
            return f"预案通知（{self.detail}）：{self.subject}"
        if self.source == "task":
            return f"任务：{self.subject}（{self.detail}）"
        return f"报告：{self.subject}"

    @property
    def status_title(self) -> str:
        if self.reached:
            return f"已通知（{self.reached} 次）"
        return f"未通知（{self.attempts} 次未接通）" if self.attempts else "未通知"


def _cn(dt: datetime | None) -> str:
    return dt.astimezone(CHINA_TZ).strftime("%m月%d日%H:%M") if dt else "—"


def _record(r: Any) -> NotificationRecord:
    return NotificationRecord(r.id, r.incident_id, r.source, r.source_ref, r.contact_code, r.contact_name,
                              r.organisation, r.number, r.method, r.result, r.reply, r.message, from_us(r.at_us),
                              from_us(r.recorded_us), r.actor, r.role)


def notifications_of(db: Any, incident_id: str | None = None) -> list[NotificationRecord]:
    """The recorded notifications (of one incident, or all), oldest first."""
    q = select(notifications_table).order_by(N.at_us, N.id)
    if incident_id is not None:
        q = q.where(N.incident_id == incident_id)
    with db.reading() as conn:
        return [_record(r) for r in conn.execute(q)]


class NotificationLog:
    def __init__(self, db: Any, clock: Clock | None = None, *, incidents: IncidentService,
                 reports: ReportService, directory: ContactDirectory) -> None:
        self.db = db
        self.clock: Clock = clock or SystemClock()
        self.incidents = incidents
        self.reports = reports
        self.directory = directory

    # -- reading -----------------------------------------------------------------
    def list(self, incident_id: str | None = None) -> builtins.list[NotificationRecord]:
        return notifications_of(self.db, incident_id)

    def _view(self, incident_id: str) -> IncidentView:
        try:
            return self.incidents.view(incident_id)
        except LookupError as exc:
            raise RecordError(str(exc).strip("'\"")) from None

    def sources(self, incident_id: str) -> builtins.list[NotifySource]:
        """What the incident asks to be passed on — its tasks, the plan's notices, its submitted
        reports — each with how often it was notified."""
        view = self._view(incident_id)
        done: dict[tuple[str, str], builtins.list[NotificationRecord]] = {}
        for n in self.list(incident_id):
            done.setdefault((n.source, n.source_ref), []).append(n)

        def made(source: str, ref: str, subject: str, detail: str, audience: str, units: tuple[str, ...],
                 at: datetime) -> NotifySource:
            ns = done.get((source, ref), [])
            return NotifySource(source, ref, subject, detail, audience, units, at, len(ns),
                                sum(n.reached for n in ns))

        units = view.plan.units

        def named(audience: str) -> tuple[str, ...]:
            """The plan units whose lead or title the audience names (「市卫生健康委、市疾控中心」)."""
            parts = [p for p in re.split(r"[、,，;；]", audience) if p]
            return tuple(k for k, u in units.items() if any(p in (u.get("lead"), u.get("title")) for p in parts))

        out: builtins.list[NotifySource] = []
        for i, notice in enumerate(view.state.notices, start=1):
            channel = CHANNELS.get(notice["channel"], notice["channel"])
            out.append(made("notice", f"N{i}", notice["text"], channel, notice["audience"],
                            named(notice["audience"]), notice["at"]))
        for task in sorted(view.state.tasks.values(), key=lambda t: (t["created_at"], t["id"])):
            unit = units.get(task["unit"], {})
            audience = str(task.get("lead") or unit.get("lead") or unit.get("title") or task["unit"])  # lead by level
            out.append(made("task", task["id"], task["title"], str(unit.get("title", task["unit"])),
                            audience, (task["unit"],), task["created_at"]))
        for rep in self.reports.register(incident_id):
            if rep.status == "submitted" and rep.submitted_at is not None:
                recipients = self._recipients(rep)
                out.append(made("report", rep.id, rep.display_title, "", recipients, named(recipients),
                                rep.submitted_at))
        return out

    def unnotified_notices(self, incident_id: str) -> builtins.list[NotifySource]:
        """The plan's notices no notification has reached anyone for (未通知)."""
        return [s for s in self.sources(incident_id) if s.source == "notice" and not s.notified]

    @staticmethod
    def _recipients(rep: ReportRecord) -> str:
        return str(rep.fields.get("recipients") or "").strip() or "报告接收单位"

    # -- the prepared message --------------------------------------------------
    def prepare(self, incident_id: str, source: str = "other", ref: str = "") -> str:
        """The message text for a source: what happened, where, when, and what is asked."""
        view = self._view(incident_id)
        s, plan, state = view.summary, view.plan, view.state
        place = s.place or "地点待核实"
        cases = state.facts.get("cases")
        scale = f"，已发病 {cases} 人" if isinstance(cases, int) and cases > 0 else ""
        head = (f"【{plan.jurisdiction_name}应急指挥中心】{_cn(state.received_at)}接报："
                f"{s.title}（地点：{place}{scale}）。")
        if source == "task":
            task = state.tasks.get(ref)
            if task is None:
                raise RecordError(f"事件 {incident_id} 没有任务「{ref}」")
            unit = plan.units.get(task["unit"], {})
            whom = str(task.get("lead") or unit.get("lead") or unit.get("title") or task["unit"])
            due = f"，请于{_cn(task['due_at'])}前完成并反馈处置情况" if task["due_at"] else "，完成后请反馈处置情况"
            return f"{head}按《{plan.title}》，请{whom}（{unit.get('title', '')}）：{task['title']}{due}。"
        if source == "notice":
            notice = self._notice(view, incident_id, ref)
            return f"{head}{notice['text']}。请{notice['audience']}知悉并按预案做好相关工作。"
        if source == "report":
            rep = self._report(incident_id, ref)
            return (f"{head}该事件的{rep.display_title}已于{_cn(rep.submitted_at)}报送，"
                    f"请{self._recipients(rep)}查收并回复收悉。")
        return f"{head}请知悉，如有需要请与指挥中心值班室联系。"

    @staticmethod
    def _notice(view: IncidentView, incident_id: str, ref: str) -> Any:
        notices = view.state.notices
        try:
            k = int(ref[1:]) if ref.startswith("N") else 0
        except ValueError:
            k = 0
        if not 1 <= k <= len(notices):
            raise RecordError(f"事件 {incident_id} 没有预案通知「{ref}」")
        return notices[k - 1]

    def _report(self, incident_id: str, ref: str) -> ReportRecord:
        rep = self.reports.get(ref)
        if rep.incident_id != incident_id:
            raise RecordError(f"报告「{ref}」不属于事件 {incident_id}")
        if rep.status != "submitted":
            raise RecordError(f"报告「{ref}」尚未报送，不能据此通知")
        return rep

    # -- recording ---------------------------------------------------------------
    def record(self, incident_id: str, *, contact: str, method: str, result: str, actor: str,
               role: str = "duty_officer", reply: str = "", source: str = "other", ref: str = "",
               message: str | None = None, number: str | None = None,
               at: datetime | None = None) -> NotificationRecord:
        """Record one call or message about ``incident_id`` to the contact with code ``contact``
        (an expert: ``expert:<编号>``). Every problem is named; nothing is written while any."""
        check_role(role, NOTIFY_ROLES, "记录通知")
        problems: builtins.list[Problem] = []
        view = self._view(incident_id)
        source = (source or "other").strip()
        ref = (ref or "").strip()
        if source not in SOURCES:
            problems.append(Problem("source", "来源", f"「{source}」无效，可选：{'、'.join(SOURCES)}"))
        else:
            try:
                if source == "task" and ref not in view.state.tasks:
                    raise RecordError(f"事件 {incident_id} 没有任务「{ref}」")
                if source == "notice":
                    self._notice(view, incident_id, ref)
                if source == "report":
                    self._report(incident_id, ref)
            except RecordError as exc:
                problems.append(Problem("source", "来源", str(exc)))
            if source == "other":
                ref = ""
        who: Contact | None = None
        if not (contact or "").strip():
            problems.append(Problem("contact", "联系人", "为必填项，请从通讯录中选择"))
        else:
            try:
                who = self.directory.get(contact.strip())
            except RecordError as exc:
                problems.append(Problem("contact", "联系人", str(exc)))
        m = _METHOD_IN.get((method or "").strip())
        if m is None:
            problems.append(Problem("method", "方式", f"「{method}」无效，可选：{'、'.join(METHODS.values())}"))
        r = _RESULT_IN.get((result or "").strip())
        if r is None:
            problems.append(Problem("result", "结果", f"「{result}」无效，可选：{'、'.join(RESULTS.values())}"))
        reply = (reply or "").strip()
        if r == "replied" and not reply:
            problems.append(Problem("reply", "回复内容", "结果为「已回复」时必须填写回复内容"))
        elif len(reply) > MAX_TEXT:
            problems.append(Problem("reply", "回复内容", f"过长（{len(reply)} 字，上限 {MAX_TEXT} 字）"))
        used = (number if number is not None else (who.number_for(m) if who is not None and m else "")).strip()
        if who is not None and m in _NUMBER_NAME and not used:
            problems.append(Problem("number", "号码", f"「{who.display}」没有{_NUMBER_NAME[m]}，请换一种方式或联系人"))
        elif len(used) > 30:
            problems.append(Problem("number", "号码", f"过长（{len(used)} 字，上限 30 字）"))
        now = self.clock.now()
        when = now if at is None else (at if at.tzinfo else at.replace(tzinfo=CHINA_TZ))
        if when > now + timedelta(minutes=5):
            problems.append(Problem("at", "通知时间", f"（{_cn(when)}）晚于当前时间"))
        if problems:
            raise InvalidInput(problems, "通知记录有误，未保存")
        assert who is not None and m is not None and r is not None
        text = (message if message is not None else self.prepare(incident_id, source, ref)).strip()
        if len(text) > MAX_MESSAGE:
            raise InvalidInput([Problem("message", "通知内容", f"过长（{len(text)} 字，上限 {MAX_MESSAGE} 字）")],
                               "通知记录有误，未保存")
        row = {"incident_id": incident_id, "source": source, "source_ref": ref, "contact_code": who.code,
               "contact_name": who.name, "organisation": who.organisation, "number": used, "method": m,
               "result": r, "reply": reply, "message": text, "at_us": to_us(when), "recorded_us": to_us(now),
               "actor": (actor or "").strip() or "值班员", "role": role or "duty_officer"}
        new_id: builtins.list[int] = []

        def write(conn: Connection, evs: builtins.list[StoredEvent]) -> None:
            key = conn.execute(insert(notifications_table).values(**row, event_version=evs[-1].version)
                               ).inserted_primary_key
            assert key is not None
            new_id.append(int(key[0]))

        payload = {k: row[k] for k in CHAINED} | {"at": when.isoformat()}
        self.directory.record(lambda: [(EVENT, payload)], write, str(row["actor"]), str(row["role"]))
        with self.db.reading() as conn:
            return _record(conn.execute(select(notifications_table).where(N.id == new_id[-1])).one())

    # -- checking against the chain -----------------------------------------------
    def verify(self) -> builtins.list[str]:
        """Every notification row against its ``contacts.notified`` event (empty: they agree)."""
        events = {e.version: e for e in self.directory.log.read(STREAM) if e.type == EVENT}
        problems: builtins.list[str] = []
        seen: set[int] = set()
        with self.db.reading() as conn:
            rows = conn.execute(select(notifications_table).order_by(N.id)).all()
        for r in rows:
            what = f"通知记录 #{r.id}（{r.actor}→{r.contact_name}）"
            ev = events.get(r.event_version) if r.event_version is not None else None
            if ev is None:
                problems.append(f"{what}在链上没有对应事件：记录被直接写入数据库")
                continue
            seen.add(ev.version)
            for k in CHAINED:
                have = getattr(r, k)
                wanted = ev.actor if k == "actor" else ev.payload.get(k)
                if (have or None) != (wanted or None):
                    problems.append(f"{what}的「{LABELS[k]}」为「{have}」，事件 #{ev.seq} 记为「{wanted}」：记录被改动")
                    break
        for version, ev in sorted(events.items()):
            if version not in seen:
                problems.append(f"事件 #{ev.seq}（{EVENT}，{ev.actor}→{ev.payload.get('contact_name')}）"
                                "的通知记录在表中缺失：记录被删除")
        return problems
