"""The improvement register (整改台账) and the annual drill plan (年度演练计划), in the real database.

An improvement item is a corrective action a drill (or a review) asked for: the issue (存在问题),
the action (整改措施), the owner unit (责任单位 — a unit the plans in the database know: a
unit's id, its title, its lead or a member), the due date (完成期限) and its status:

    待整改 (open) → 整改中 (in_progress) → 已完成待验证 (awaiting) → 已验证 (verified)
    不采纳 (rejected, with a reason)

验证 needs a named person (who verified, when, a note). An item may be linked to the plan
revision it led to (a plan of the library: content hash, plan id and version) or to a training
(a note); from the plan's side :meth:`ImprovementRegister.for_plan` lists the drills that asked
for a change of it.

:meth:`ImprovementRegister.import_from_drill` copies a drill's improvement items (the
``log.improvement`` records of its own database) into the register, by the drill item's id
(``<run>/IP01``): importing the same drill again adds nothing. An item without an owner or a due
date, or with an owner no plan knows, refuses the whole import with one message per item.

Every change is an event of the centre's ``improvements`` stream written in the same transaction
as the row, carrying the row as it now is; :meth:`verify` replays the stream against the tables.
The overdue items (past due, not yet done) are alarms in the room (console/room/alarms.py).
"""

from __future__ import annotations

import builtins
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, insert, select, update

from console.clock import CHINA_TZ, Clock, SystemClock
from console.errors import RecordError
from console.store.chain import from_us, to_us
from console.store.db import Database
from console.store.eventlog import EventLog, NewEvent, StaleAppend, StoredEvent
from console.store.models import drill_plan_entries_table, improvement_items_table, plans_table
from console.store.verify import record_problems

STREAM = "improvements"
ATTEMPTS = 20
SYSTEM_ACTOR = "（未署名）"
TEXT_MAX = 500
IC = improvement_items_table.c
PC = drill_plan_entries_table.c

OPEN, IN_PROGRESS, AWAITING, VERIFIED, REJECTED = "open", "in_progress", "awaiting", "verified", "rejected"
STATUS_TITLES = {OPEN: "待整改", IN_PROGRESS: "整改中", AWAITING: "已完成待验证", VERIFIED: "已验证",
                 REJECTED: "不采纳"}
NOT_DONE = frozenset({OPEN, IN_PROGRESS})
# the statuses set by `status` (验证 has its own command: it needs a named person)
SETTABLE = (OPEN, IN_PROGRESS, AWAITING, REJECTED)

PLANNED, DONE, CANCELLED = "planned", "done", "cancelled"
PLAN_STATUS_TITLES = {PLANNED: "计划", DONE: "已完成", CANCELLED: "取消"}
FORMS = {"tabletop": "桌面", "functional": "功能", "full_scale": "全面"}
CONTENTS = {"single": "单项", "comprehensive": "综合"}
PURPOSES = {"test": "检验性", "demonstration": "示范性", "research": "研究性"}

ITEM_LABELS = {"number": "编号", "source_item": "来源整改项", "source_run": "来源演练", "source_title": "演练名称",
               "source_date": "演练日期", "issue": "存在问题", "action": "整改措施", "owner": "责任单位",
               "due": "完成期限", "status": "状态", "reason": "不采纳原因", "verified_by": "验证人",
               "verified_us": "验证时间", "verify_note": "验证意见", "plan_hash": "预案内容哈希",
               "plan_id": "预案编号", "plan_version": "预案版本", "training_note": "培训说明",
               "created_us": "登记时间", "created_by": "登记人", "updated_us": "更新时间", "updated_by": "更新人"}
PLAN_LABELS = {"number": "编号", "year": "年度", "title": "演练名称", "plan_id": "预案编号", "units": "参演单位",
               "planned": "计划时间", "form": "形式", "content": "内容", "purpose": "目的", "status": "状态",
               "drill_run": "演练记录", "note": "说明", "created_us": "登记时间", "created_by": "登记人",
               "updated_us": "更新时间", "updated_by": "更新人"}


class ImprovementRefused(RecordError):
    """A refused change of the register or the annual plan; nothing was written."""


def code_of(value: str, titles: dict[str, str], what: str) -> str:
    """A code given as itself or as its Chinese title (ImprovementRefused naming the choices)."""
    v = (value or "").strip()
    if v in titles:
        return v
    for code, title in titles.items():
        if v == title:
            return code
    choices = "、".join(f"{t}（{c}）" for c, t in titles.items())
    raise ImprovementRefused(f"{what}「{value}」无效，可选：{choices}")


@dataclass(frozen=True)
class ImprovementItem:
    """One item of the register."""

    number: str
    source_item: str | None
    source_run: str
    source_title: str
    source_date: str
    issue: str
    action: str
    owner: str
    due: date
    status: str
    reason: str
    verified_by: str
    verified_at: datetime | None
    verify_note: str
    plan_hash: str
    plan_id: str
    plan_version: str
    training_note: str
    created_at: datetime
    created_by: str
    updated_at: datetime
    updated_by: str

    @property
    def status_title(self) -> str:
        return STATUS_TITLES.get(self.status, self.status)

    def overdue(self, today: date) -> bool:
        """Past its due date and not yet done (待整改 or 整改中)."""
        return self.status in NOT_DONE and self.due < today

    @property
    def link_text(self) -> str:
        parts = []
        if self.plan_id:
            parts.append(f"预案 {self.plan_id} v{self.plan_version}（{self.plan_hash[:12]}）")
        if self.training_note:
            parts.append(f"培训：{self.training_note}")
        return "；".join(parts)


@dataclass(frozen=True)
class DrillPlanEntry:
    """One drill of the annual drill plan."""

    number: str
    year: int
    title: str
    plan_id: str
    units: tuple[str, ...]
    planned: str
    form: str
    content: str
    purpose: str
    status: str
    drill_run: str
    note: str
    created_at: datetime
    created_by: str

    @property
    def status_title(self) -> str:
        return PLAN_STATUS_TITLES.get(self.status, self.status)

    @property
    def type_title(self) -> str:
        """形式·内容·目的, e.g. 功能·综合·检验性."""
        return "·".join(t for t in (FORMS.get(self.form, ""), CONTENTS.get(self.content, ""),
                                    PURPOSES.get(self.purpose, "")) if t)


@dataclass(frozen=True)
class PlanProgress:
    year: int
    done: int
    total: int  # cancelled entries not counted
    cancelled: int

    @property
    def text(self) -> str:
        return f"{self.year} 年度演练计划：已完成 {self.done} / {self.total} 项" + \
            (f"（另取消 {self.cancelled} 项）" if self.cancelled else "")


@dataclass(frozen=True)
class DrillRequest:
    """From the plan's side: a drill that asked for a change of the plan (``for_plan``)."""

    item: ImprovementItem


@dataclass(frozen=True)
class ImportResult:
    added: tuple[ImprovementItem, ...]
    skipped: tuple[str, ...]  # drill item ids already in the register
    run: str
    title: str


def _item(r: Any) -> ImprovementItem:
    return ImprovementItem(r.number, r.source_item, r.source_run, r.source_title, r.source_date, r.issue, r.action,
                           r.owner, date.fromisoformat(r.due), r.status, r.reason, r.verified_by,
                           from_us(r.verified_us) if r.verified_us is not None else None, r.verify_note,
                           r.plan_hash, r.plan_id, r.plan_version, r.training_note, from_us(r.created_us),
                           r.created_by, from_us(r.updated_us), r.updated_by)


def _entry(r: Any) -> DrillPlanEntry:
    return DrillPlanEntry(r.number, r.year, r.title, r.plan_id, tuple(u for u in r.units.split("、") if u),
                          r.planned, r.form, r.content, r.purpose, r.status, r.drill_run, r.note,
                          from_us(r.created_us), r.created_by)


def _text(value: Any, what: str, limit: int = TEXT_MAX, *, required: bool = True) -> str:
    if value is not None and not isinstance(value, str):
        raise ImprovementRefused(f"「{what}」必须是文本")
    s = (value or "").strip()
    if required and not s:
        raise ImprovementRefused(f"请填写「{what}」")
    if len(s) > limit:
        raise ImprovementRefused(f"「{what}」过长（{len(s)} 字，上限 {limit} 字）")
    return s


def _due(value: str | date | None) -> date:
    if isinstance(value, date):
        return value
    s = (value or "").strip() if isinstance(value, str) or value is None else ""
    if not s:
        raise ImprovementRefused("请填写「完成期限」（如 2026-12-31）")
    try:
        return date.fromisoformat(s)
    except ValueError:
        raise ImprovementRefused(f"「完成期限」应为日期，如 2026-12-31，而不是「{value}」") from None


# -- the units the plans know -------------------------------------------------------------------

_NAMES_BY_HASH: dict[str, frozenset[str]] = {}


def _texts(v: Any) -> list[str]:
    """The names in a unit's title or lead: a string, or (plan format 2) a lead by level or by fact
    ({I: 国家市场监督管理总局, default: 市食安办}, {fact: stage, values: {…}, default: …})."""
    if isinstance(v, str):
        return [v]
    if isinstance(v, dict):
        return [t for k, x in v.items() if k != "fact" for t in _texts(x)]
    return []


def _unit_names(spec: Any, key: str) -> set[str]:
    names = {key}
    if isinstance(spec, dict):
        for k in ("title", "lead"):
            for v in _texts(spec.get(k)):
                if not v.strip():
                    continue
                names.add(v.strip())
                # 县食安办（县市场监管局）: both names
                for part in v.replace("）", "（").split("（"):
                    if part.strip():
                        names.add(part.strip())
        members = spec.get("members")
        if isinstance(members, list):
            names.update(str(m).strip() for m in members if str(m).strip())
    return names


def known_units(db: Database) -> frozenset[str]:
    """Every unit name the plans pinned in the database (the plan library's texts among them)
    give: a unit's id, title, lead and members."""
    import yaml

    with db.reading() as conn:
        rows = conn.execute(select(plans_table.c.hash, plans_table.c.source)).all()
    out: set[str] = set()
    for h, source in rows:
        names = _NAMES_BY_HASH.get(h)
        if names is None:
            try:
                doc = yaml.safe_load(source)
            except yaml.YAMLError:
                doc = None
            units = doc.get("units") if isinstance(doc, dict) else None
            found: set[str] = set()
            if isinstance(units, dict):
                for key, spec in units.items():
                    found |= _unit_names(spec, str(key))
            names = _NAMES_BY_HASH[h] = frozenset(found)
        out |= names
    return frozenset(out)


def check_owner(owner: str, known: frozenset[str]) -> str | None:
    """None when ``owner`` is a known unit (or the database has no plan yet); else the message."""
    if not known or owner in known:
        return None
    hint = "、".join(sorted(n for n in known if not n.isascii())[:12])
    return f"责任单位「{owner}」不是数据库中预案所列的单位（如：{hint}…）"


class ImprovementRegister:
    """The improvement register and the annual drill plan on one (real) database."""

    def __init__(self, db: Database, clock: Clock | None = None, log: EventLog | None = None, *,
                 mode: str = "real") -> None:
        self.db = db
        self.clock: Clock = clock or SystemClock()
        self.log = log or EventLog(db, self.clock)
        self.mode = mode

    def today(self) -> date:
        return self.clock.now().astimezone(CHINA_TZ).date()

    # -- reading -----------------------------------------------------------------------------
    def items(self, *, which: str = "all", owner: str | None = None) -> builtins.list[ImprovementItem]:
        """The register: ``which`` all | overdue (逾期) | awaiting (待验证) | open (未完成)."""
        q = select(improvement_items_table).order_by(IC.number)
        if owner:
            q = q.where(IC.owner == owner)
        with self.db.reading() as conn:
            rows = [_item(r) for r in conn.execute(q)]
        today = self.today()
        if which == "overdue":
            rows = [r for r in rows if r.overdue(today)]
        elif which == "awaiting":
            rows = [r for r in rows if r.status == AWAITING]
        elif which == "open":
            rows = [r for r in rows if r.status in NOT_DONE]
        elif which != "all":
            raise ImprovementRefused(f"未知的筛选「{which}」：可选 all（全部）、overdue（逾期）、"
                                     "awaiting（待验证）、open（未完成）")
        return rows

    def overdue(self) -> builtins.list[ImprovementItem]:
        return self.items(which="overdue")

    def get(self, number: str) -> ImprovementItem:
        n = (number or "").strip().upper()
        with self.db.reading() as conn:
            row = conn.execute(select(improvement_items_table).where(IC.number == n)).first()
        if row is None:
            raise ImprovementRefused(f"整改台账中没有编号为「{number}」的整改项")
        return _item(row)

    def for_plan(self, plan_id: str) -> builtins.list[DrillRequest]:
        """The drills that asked for a change of ``plan_id`` (items linked to one of its versions)."""
        with self.db.reading() as conn:
            rows = conn.execute(select(improvement_items_table).where(IC.plan_id == plan_id.strip())
                                .order_by(IC.number)).all()
        return [DrillRequest(_item(r)) for r in rows]

    # -- who may change it ---------------------------------------------------------------------
    @staticmethod
    def check_role(role: str) -> None:
        if role == "observer":
            raise ImprovementRefused("观察员只能查看整改台账和年度演练计划，不能修改")

    # -- adding --------------------------------------------------------------------------------
    def add(self, *, issue: str, action: str, owner: str, due: str | date | None, actor: str, role: str,
            source_run: str = "", source_title: str = "", source_date: str = "") -> ImprovementItem:
        """An item entered by hand (or from a review)."""
        self.check_role(role)
        record = self._new_record(issue=issue, action=action, owner=owner, due=due, actor=actor,
                                  source_item=None, source_run=source_run, source_title=source_title,
                                  source_date=source_date)
        problem = check_owner(record["owner"], known_units(self.db))
        if problem:
            raise ImprovementRefused(problem + "，未登记")
        return self._insert([record], actor, role)[0]

    def _new_record(self, *, issue: Any, action: Any, owner: Any, due: Any, actor: str, source_item: str | None,
                    source_run: str, source_title: str, source_date: str) -> dict[str, Any]:
        if not (isinstance(owner, str) and owner.strip()):
            raise ImprovementRefused("请填写「责任单位」：没有责任单位的整改项无法跟踪，未登记")
        if due is None or (isinstance(due, str) and not due.strip()):
            raise ImprovementRefused("请填写「完成期限」：没有完成期限的整改项无法跟踪，未登记")
        now_us = to_us(self.clock.now())
        actor = (actor or "").strip()[:100] or SYSTEM_ACTOR
        return {"number": "", "source_item": source_item, "source_run": source_run[:200],
                "source_title": source_title[:500], "source_date": source_date[:10],
                "issue": _text(issue, "存在问题"), "action": _text(action, "整改措施"),
                "owner": _text(owner, "责任单位", 200), "due": _due(due).isoformat(), "status": OPEN,
                "reason": "", "verified_by": "", "verified_us": None, "verify_note": "", "plan_hash": "",
                "plan_id": "", "plan_version": "", "training_note": "", "created_us": now_us,
                "created_by": actor, "updated_us": now_us, "updated_by": actor}

    def _insert(self, records: builtins.list[dict[str, Any]], actor: str, role: str) -> builtins.list[ImprovementItem]:
        numbered: builtins.list[dict[str, Any]] = []

        def planned() -> builtins.list[tuple[str, dict[str, Any]]]:
            numbered.clear()
            with self.db.reading() as conn:
                last = conn.execute(select(IC.number).order_by(IC.number.desc()).limit(1)).scalar()
            n = int(last[2:]) if last else 0
            out = []
            for rec in records:
                n += 1
                r = {**rec, "number": f"ZG{n:04d}"}
                numbered.append(r)
                out.append(("improvements.item_added",
                            {"number": r["number"], "record": r,
                             "line": f"整改台账：登记 {r['number']} {r['issue'][:30]}"
                                     f"（{r['owner']}，期限 {r['due']}）"}))
            return out

        def write(conn: Connection, _evs: builtins.list[StoredEvent]) -> None:
            for r in numbered:
                src = r["source_item"]
                if src and conn.execute(select(IC.number).where(IC.source_item == src)).first():
                    raise ImprovementRefused(f"整改项 {r['source_item']} 刚被其他指挥台导入，请刷新后重试")
                conn.execute(insert(improvement_items_table).values(**r))

        self._record(planned, write, actor, role)
        return [self.get(r["number"]) for r in numbered]

    # -- importing from a drill ----------------------------------------------------------------
    def import_from_drill(self, drill: str | Path | Database, *, actor: str, role: str,
                          incident_id: str | None = None) -> ImportResult:
        """Copy the improvement items of a finished drill (its own database: a path, a URL or an
        open :class:`Database`) into the register. All or nothing: any item without an owner or
        a due date, or with an owner no plan knows, refuses the import with one line per item."""
        self.check_role(role)
        from console.incidents.service import IncidentService
        from console.review.service import RunReview, drill_incidents
        from console.store.db import DatabaseError, open_database

        own = not isinstance(drill, Database)
        if own:
            p = str(drill)
            if "://" not in p and not Path(p).is_file():
                raise ImprovementRefused(f"找不到演练数据库 {p}")
            try:
                ddb = open_database(p if "://" in p else f"sqlite:///{Path(p).resolve()}")
            except DatabaseError as exc:
                raise ImprovementRefused(f"无法打开演练数据库 {p}：{exc}") from None
        else:
            assert isinstance(drill, Database)
            ddb = drill
        if ddb.url == self.db.url:
            raise ImprovementRefused("这是实战数据库，不是演练数据库：请选择演练数据库文件")
        try:
            ids = drill_incidents(IncidentService(ddb))
            if incident_id is None:
                if len(ids) != 1:
                    raise ImprovementRefused("演练数据库中没有演练事件" if not ids else
                                             f"演练数据库中有多个演练事件（{'、'.join(ids)}），请指定一个")
                incident_id = ids[0]
            elif incident_id not in ids:
                raise ImprovementRefused(f"演练数据库中没有编号为 {incident_id} 的演练事件")
            review = RunReview(ddb, incident_id)
            started = review.started_drill or review.start
            scenario = review.scenario
            title = scenario.title if scenario is not None else review.summary.title
            sid = scenario.id if scenario is not None else "drill"
            run = f"{sid}@{started.astimezone(CHINA_TZ):%Y%m%d-%H%M%S}"
            day = started.astimezone(CHINA_TZ).date().isoformat()
            items = dict(review.fold.improvements)
        finally:
            if own:
                ddb.close()
        if not items:
            raise ImprovementRefused(f"演练「{title}」没有记录整改项，无可导入")
        known = known_units(self.db)
        with self.db.reading() as conn:
            have = {r[0] for r in conn.execute(select(IC.source_item).where(IC.source_item.like(run + "/%")))}
        problems: builtins.list[str] = []
        records: builtins.list[dict[str, Any]] = []
        skipped: builtins.list[str] = []
        for ip, d in sorted(items.items()):
            src = f"{run}/{ip}"
            if src in have:
                skipped.append(ip)
                continue
            try:
                rec = self._new_record(issue=d.get("issue"), action=d.get("action"), owner=d.get("owner"),
                                       due=d.get("due"), actor=actor, source_item=src, source_run=run,
                                       source_title=title, source_date=day)
            except ImprovementRefused as exc:
                problems.append(f"整改项 {ip}（{str(d.get('issue') or '')[:30]}）：{exc}")
                continue
            problem = check_owner(rec["owner"], known)
            if problem:
                problems.append(f"整改项 {ip}（{rec['issue'][:30]}）：{problem}")
                continue
            if d.get("status") == "done":
                rec["status"] = AWAITING  # done in the drill's records: to be verified here
            elif d.get("status") == "in_progress":
                rec["status"] = IN_PROGRESS
            records.append(rec)
        if problems:
            raise ImprovementRefused(f"未导入（{len(problems)} 项有问题，整改台账未作任何改动）：\n"
                                     + "\n".join(problems))
        added = self._insert(records, actor, role) if records else []
        return ImportResult(tuple(added), tuple(skipped), run, title)

    # -- changing ------------------------------------------------------------------------------
    def set_status(self, number: str, status: str, *, actor: str, role: str, reason: str = "") -> ImprovementItem:
        """待整改 / 整改中 / 已完成待验证 / 不采纳 (with a reason). 已验证 goes through :meth:`verify_item`."""
        self.check_role(role)
        code = code_of(status, STATUS_TITLES, "状态")
        if code == VERIFIED:
            raise ImprovementRefused("「已验证」须由验证人署名：请用「验证」（verify-item），写明验证人和验证意见")
        item = self.get(number)
        if item.status == VERIFIED:
            raise ImprovementRefused(f"整改项 {item.number} 已由 {item.verified_by} 验证，不能再改状态")
        if item.status == code:
            raise ImprovementRefused(f"整改项 {item.number} 已是「{STATUS_TITLES[code]}」")
        reason = _text(reason, "不采纳原因", required=code == REJECTED)
        return self._change(item, {"status": code, "reason": reason if code == REJECTED else ""}, actor, role,
                            f"整改台账：{item.number} 改为「{STATUS_TITLES[code]}」"
                            + (f"（{reason}）" if reason else ""))

    def verify_item(self, number: str, *, verified_by: str, actor: str, role: str, note: str = "") -> ImprovementItem:
        """验证: a named person confirms an item done (已完成待验证 → 已验证)."""
        self.check_role(role)
        by = _text(verified_by, "验证人", 100)
        note = _text(note, "验证意见", required=False)
        item = self.get(number)
        if item.status != AWAITING:
            raise ImprovementRefused(f"整改项 {item.number} 的状态是「{item.status_title}」："
                                     "只有「已完成待验证」的整改项可以验证")
        now_us = to_us(self.clock.now())
        return self._change(item, {"status": VERIFIED, "verified_by": by, "verified_us": now_us, "verify_note": note},
                            actor, role, f"整改台账：{item.number} 由 {by} 验证" + (f"（{note}）" if note else ""))

    def link_plan(self, number: str, *, actor: str, role: str, content_hash: str | None = None,
                  training: str | None = None) -> ImprovementItem:
        """The plan revision (a plan of the library, by content hash) or the training an item led to."""
        self.check_role(role)
        item = self.get(number)
        changes: dict[str, Any] = {}
        what = []
        if content_hash:
            from console.library.library import LibraryRefused, PlanLibrary

            try:
                entry = PlanLibrary(self.db, self.clock, self.log).get(content_hash)
            except LibraryRefused as exc:
                raise ImprovementRefused(str(exc)) from None
            changes.update(plan_hash=entry.content_hash, plan_id=entry.plan_id, plan_version=entry.version)
            what.append(f"预案「{entry.title}」v{entry.version}")
        if training is not None and training.strip():
            changes["training_note"] = _text(training, "培训说明")
            what.append(f"培训「{changes['training_note']}」")
        if not changes:
            raise ImprovementRefused("请给出修订后的预案（预案库中的内容哈希）或培训说明")
        return self._change(item, changes, actor, role, f"整改台账：{item.number} 关联{'、'.join(what)}")

    def _change(self, item: ImprovementItem, changes: dict[str, Any], actor: str, role: str,
                line: str) -> ImprovementItem:
        actor = (actor or "").strip()[:100] or SYSTEM_ACTOR
        now_us = to_us(self.clock.now())
        full = {**changes, "updated_us": now_us, "updated_by": actor}
        before_us = to_us(item.updated_at)

        def planned() -> builtins.list[tuple[str, dict[str, Any]]]:
            with self.db.reading() as conn:
                row = conn.execute(select(improvement_items_table).where(IC.number == item.number)).one()
            record = {**{c.name: getattr(row, c.name) for c in improvement_items_table.columns}, **full}
            return [("improvements.item_changed", {"number": item.number, "record": record, "line": line})]

        def write(conn: Connection, _evs: builtins.list[StoredEvent]) -> None:
            done = conn.execute(update(improvement_items_table)
                                .where(IC.number == item.number, IC.updated_us == before_us,
                                       IC.status == item.status).values(**full)).rowcount
            if done != 1:
                raise ImprovementRefused(f"整改项 {item.number} 刚被其他指挥台修改，请刷新后重试")

        self._record(planned, write, actor, role)
        return self.get(item.number)

    # -- the annual drill plan -------------------------------------------------------------------
    def plan_entries(self, year: int | None = None) -> builtins.list[DrillPlanEntry]:
        q = select(drill_plan_entries_table).order_by(PC.year, PC.planned, PC.number)
        if year is not None:
            q = q.where(PC.year == year)
        with self.db.reading() as conn:
            return [_entry(r) for r in conn.execute(q)]

    def plan_entry(self, number: str) -> DrillPlanEntry:
        with self.db.reading() as conn:
            row = conn.execute(select(drill_plan_entries_table).where(PC.number == number.strip())).first()
        if row is None:
            raise ImprovementRefused(f"年度演练计划中没有编号为「{number}」的演练")
        return _entry(row)

    def progress(self, year: int) -> PlanProgress:
        entries = self.plan_entries(year)
        cancelled = sum(e.status == CANCELLED for e in entries)
        return PlanProgress(year, sum(e.status == DONE for e in entries), len(entries) - cancelled, cancelled)

    def add_plan_entry(self, *, year: int, title: str, plan_id: str, units: builtins.list[str] | tuple[str, ...],
                       planned: str, form: str, content: str, purpose: str, actor: str, role: str,
                       note: str = "") -> DrillPlanEntry:
        self.check_role(role)
        if not isinstance(year, int) or not 2000 <= year <= 2100:
            raise ImprovementRefused(f"年度「{year}」无效：应为如 2027 的年份")
        planned = (planned or "").strip()
        try:
            when = (date.fromisoformat(planned) if len(planned) == 10
                    else date.fromisoformat(planned + "-01") if len(planned) == 7 else None)
        except ValueError:
            when = None
        if when is None:
            raise ImprovementRefused(f"计划时间「{planned}」无效：应为月份（2027-05）或日期（2027-05-20）")
        if when.year != year:
            raise ImprovementRefused(f"计划时间 {planned} 不在 {year} 年度内")
        names = [u.strip() for u in units if u.strip()]
        if not names:
            raise ImprovementRefused("请填写参演单位（至少一个）")
        known = known_units(self.db)
        bad = [u for u in names if known and u not in known]
        if bad:
            raise ImprovementRefused(f"参演单位「{'、'.join(bad)}」不是数据库中预案所列的单位")
        plan_id = _text(plan_id, "预案编号", 200)
        if known:
            from console.library.library import PlanLibrary

            ids = {e.plan_id for e in PlanLibrary(self.db, self.clock, self.log).entries(include_retired=True)}
            if ids and plan_id not in ids:
                raise ImprovementRefused(f"预案库中没有预案编号「{plan_id}」（有：{'、'.join(sorted(ids))}）")
        actor = (actor or "").strip()[:100] or SYSTEM_ACTOR
        now_us = to_us(self.clock.now())
        record: dict[str, Any] = {
            "number": "", "year": year, "title": _text(title, "演练名称"), "plan_id": plan_id,
            "units": "、".join(names)[:1000], "planned": planned, "form": code_of(form, FORMS, "演练形式"),
            "content": code_of(content, CONTENTS, "演练内容"), "purpose": code_of(purpose, PURPOSES, "演练目的"),
            "status": PLANNED, "drill_run": "", "note": _text(note, "说明", required=False),
            "created_us": now_us, "created_by": actor, "updated_us": now_us, "updated_by": actor}

        def planned_events() -> builtins.list[tuple[str, dict[str, Any]]]:
            with self.db.reading() as conn:
                n = len(conn.execute(select(PC.number).where(PC.year == year)).all())
            record["number"] = f"{year}-{n + 1:02d}"
            return [("improvements.plan_entry_added",
                     {"number": record["number"], "record": dict(record),
                      "line": f"年度演练计划：登记 {record['number']} {record['title']}（{planned}）"})]

        def write(conn: Connection, _evs: builtins.list[StoredEvent]) -> None:
            if conn.execute(select(PC.number).where(PC.number == record["number"])).first() is not None:
                raise ImprovementRefused(f"编号 {record['number']} 刚被其他指挥台占用，请重试")
            conn.execute(insert(drill_plan_entries_table).values(**record))

        self._record(planned_events, write, actor, role)
        return self.plan_entry(record["number"])

    def set_plan_status(self, number: str, status: str, *, actor: str, role: str, drill_run: str = "",
                        note: str = "") -> DrillPlanEntry:
        """已完成 (with the drill run it was) or 取消 (with a reason), or back to 计划."""
        self.check_role(role)
        code = code_of(status, PLAN_STATUS_TITLES, "状态")
        entry = self.plan_entry(number)
        if entry.status == code:
            raise ImprovementRefused(f"年度演练计划 {entry.number} 已是「{PLAN_STATUS_TITLES[code]}」")
        if code == CANCELLED:
            note = _text(note, "取消原因")
        actor = (actor or "").strip()[:100] or SYSTEM_ACTOR
        changes = {"status": code, "drill_run": _text(drill_run, "演练记录", 200, required=False),
                   "note": _text(note, "说明", required=False) or entry.note,
                   "updated_us": to_us(self.clock.now()), "updated_by": actor}

        def planned() -> builtins.list[tuple[str, dict[str, Any]]]:
            with self.db.reading() as conn:
                row = conn.execute(select(drill_plan_entries_table).where(PC.number == entry.number)).one()
            record = {**{c.name: getattr(row, c.name) for c in drill_plan_entries_table.columns}, **changes}
            return [("improvements.plan_entry_changed",
                     {"number": entry.number, "record": record,
                      "line": f"年度演练计划：{entry.number} {entry.title} 改为「{PLAN_STATUS_TITLES[code]}」"})]

        def write(conn: Connection, _evs: builtins.list[StoredEvent]) -> None:
            done = conn.execute(update(drill_plan_entries_table)
                                .where(PC.number == entry.number, PC.status == entry.status)
                                .values(**changes)).rowcount
            if done != 1:
                raise ImprovementRefused(f"年度演练计划 {entry.number} 刚被其他指挥台修改，请刷新后重试")

        self._record(planned, write, actor, role)
        return self.plan_entry(entry.number)

    # -- writing ---------------------------------------------------------------------------------
    def _record(self, changes: Callable[[], builtins.list[tuple[str, dict[str, Any]]]],
                write: Callable[[Connection, builtins.list[StoredEvent]], None], actor: str, role: str) -> None:
        actor = (actor or "").strip()[:100] or SYSTEM_ACTOR
        for _ in range(ATTEMPTS):
            version = self.log.stream_version(STREAM)
            now = self.clock.now()
            events = [NewEvent(t, now, actor, role or "duty_officer", payload, self.mode) for t, payload in changes()]
            try:
                self.log.append(STREAM, version, events, in_transaction=write)
                return
            except StaleAppend:
                continue
        raise ImprovementRefused("整改台账正被其他指挥台频繁修改，本次修改未保存，请稍后重试")

    # -- checking against the chain ---------------------------------------------------------------
    def verify(self) -> builtins.list[str]:
        """The two tables against the ``improvements`` stream (empty: they agree)."""
        items: dict[str, dict[str, Any]] = {}
        item_seqs: dict[str, int] = {}
        entries: dict[str, dict[str, Any]] = {}
        entry_seqs: dict[str, int] = {}
        for ev in self.log.read(STREAM):
            number, record = ev.payload.get("number"), ev.payload.get("record")
            if not (isinstance(number, str) and isinstance(record, dict)):
                continue
            if ev.type.startswith("improvements.item_"):
                items[number], item_seqs[number] = record, ev.seq
            elif ev.type.startswith("improvements.plan_entry_"):
                entries[number], entry_seqs[number] = record, ev.seq
        with self.db.reading() as conn:
            item_rows = {r.number: {c.name: getattr(r, c.name) for c in improvement_items_table.columns}
                         for r in conn.execute(select(improvement_items_table))}
            entry_rows = {r.number: {c.name: getattr(r, c.name) for c in drill_plan_entries_table.columns}
                          for r in conn.execute(select(drill_plan_entries_table))}
        return (record_problems("整改项", items, item_seqs, item_rows, ITEM_LABELS)
                + record_problems("年度演练计划", entries, entry_seqs, entry_rows, PLAN_LABELS))
