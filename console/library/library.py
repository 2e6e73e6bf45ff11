"""The plan library (预案库): the plans a centre works with, kept in the database.

Each plan version is one row of ``plan_library`` keyed by the content hash of its text; the
text itself is pinned in ``plans`` (the table incidents already pin their plan in), so an
incident opened on a version runs on exactly that text for ever. A plan is added from a file
or a text and checked on the way in: the whole plan check, plus its jurisdiction's
行政区划代码 against the offline division data; a plan failing either is refused with every
located problem (:class:`PlanRefused`, ``file:line:col``) and nothing is written. A new
version of a plan id is kept beside the old one; the same text twice is refused (已在预案库).

Retiring (停用) a version stops it being offered for 接报; incidents opened on it keep running
on it (their text stays pinned). Restoring (恢复) offers it again.

Every change is an event of the centre's ``library`` stream, written in the same transaction
as the row: ``library.plan_added``, ``library.plan_retired``, ``library.plan_restored``, each
carrying the text's hash and the row as it now is. :meth:`PlanLibrary.verify` replays the stream
against the table. The rows a database had before the library existed (the plans its incidents
had pinned, listed by migration 0010 as 来自既有事件) have no ``plan_added`` event: verify holds
them against their pinned text instead and says how many there are (:meth:`PlanLibrary.origins`).

Only an administrator adds, retires or restores a plan — on a database without accounts,
anyone (as everywhere else on such a database).
"""

from __future__ import annotations

import builtins
import hashlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, func, insert, select, update

from console.auth.roles import ROLE_TITLES, role_title
from console.clock import Clock, SystemClock
from console.errors import RecordError
from console.library.divisions import ancestors, division
from console.library.known import remember
from console.plan.diagnostics import Diagnostic, PlanError
from console.plan.loader import MAX_PLAN_BYTES, Division, load_plan_text, load_plan_text_with_warnings
from console.plan.model import Plan
from console.store.chain import from_us, to_us
from console.store.db import Database
from console.store.eventlog import EventLog, NewEvent, StaleAppend, StoredEvent
from console.store.models import incidents_table, plan_library_table, plans_table
from console.store.verify import record_problems

L = plan_library_table.c
STREAM = "library"
ATTEMPTS = 20
SYSTEM_ACTOR = "（未署名）"
MANAGE_ROLE = "admin"
IN_USE, RETIRED = "in_use", "retired"
STATUS_TITLES = {IN_USE: "在用", RETIRED: "已停用"}
ORIGIN_FILE, ORIGIN_TEXT, ORIGIN_PINNED = "file", "text", "pinned"
ORIGIN_TITLES = {ORIGIN_FILE: "从文件添加", ORIGIN_TEXT: "从文本添加", ORIGIN_PINNED: "来自既有事件"}
DOMAIN_TITLES = {"food": "食品", "drug": "药品", "device": "医疗器械", "cosmetic": "化妆品", "vaccine": "疫苗",
                 "public_health": "突发公共卫生事件"}
LEVEL_TITLES = {"province": "省级", "city": "市级", "county": "县级"}
REASON_MAX = 500
LABELS = {"content_hash": "内容哈希", "plan_id": "预案编号", "version": "版本", "title": "名称",
          "jurisdiction": "辖区代码", "jurisdiction_name": "辖区名称", "domain": "领域", "level": "级别",
          "status": "状态", "origin": "来源", "added_us": "加入时间", "added_by": "加入人",
          "file_name": "文件名", "retired_us": "停用时间", "retired_by": "停用人", "retired_reason": "停用原因"}


class LibraryRefused(RecordError):
    """A refused change of the plan library; nothing was written."""


class PlanRefused(PlanError):
    """A plan that failed its checks on the way into the library: every located problem
    (``diagnostics``, ``file:line:col``); nothing was added."""

    def __init__(self, diagnostics: list[Diagnostic]):
        super().__init__(diagnostics)
        self.reason = "预案未加入预案库，文件有以下问题：\n" + self.reason


class AlreadyInLibrary(LibraryRefused):
    """The same text (same content hash) is already in the library: ``entry`` is it."""

    def __init__(self, entry: LibraryPlan):
        self.entry = entry
        super().__init__(f"已在预案库：「{entry.title}」v{entry.version}（{entry.status_title}，"
                         f"内容哈希 {entry.content_hash[:12]}）与此文件内容完全相同，未重复添加")


@dataclass(frozen=True)
class LibraryPlan:
    """One plan version in the library."""

    content_hash: str
    plan_id: str
    version: str
    title: str
    jurisdiction: str  # 行政区划代码
    jurisdiction_name: str  # as the plan names it
    domain: str  # food | drug | device | cosmetic | vaccine
    level: str | None  # province | city | county
    status: str  # in_use | retired
    origin: str  # file | text | pinned
    added_at: datetime
    added_by: str
    file_name: str
    retired_at: datetime | None
    retired_by: str
    retired_reason: str

    @property
    def in_use(self) -> bool:
        return self.status == IN_USE

    @property
    def status_title(self) -> str:
        return STATUS_TITLES.get(self.status, self.status)

    @property
    def origin_title(self) -> str:
        return ORIGIN_TITLES.get(self.origin, self.origin)

    @property
    def domain_title(self) -> str:
        return DOMAIN_TITLES.get(self.domain, self.domain)

    @property
    def level_title(self) -> str:
        return LEVEL_TITLES.get(self.level or "", self.level or "")

    @property
    def short_hash(self) -> str:
        return self.content_hash[:12]


def _entry(r: Any) -> LibraryPlan:
    return LibraryPlan(content_hash=r.content_hash, plan_id=r.plan_id, version=r.version, title=r.title,
                       jurisdiction=r.jurisdiction, jurisdiction_name=r.jurisdiction_name, domain=r.domain,
                       level=r.level, status=r.status, origin=r.origin, added_at=from_us(r.added_us),
                       added_by=r.added_by, file_name=r.file_name,
                       retired_at=from_us(r.retired_us) if r.retired_us is not None else None,
                       retired_by=r.retired_by, retired_reason=r.retired_reason)


def _record_of(r: Any) -> dict[str, Any]:
    return {c.name: getattr(r, c.name) for c in plan_library_table.columns}


def check_divisions(code: str) -> Division | None:
    """The division lookup the library checks every plan against (the offline data)."""
    return division(code)


class PlanLibrary:
    """The centre's plan library on one database (``Console.library``)."""

    def __init__(self, db: Database, clock: Clock | None = None, log: EventLog | None = None, *,
                 mode: str = "real") -> None:
        self.db = db
        self.clock: Clock = clock or SystemClock()
        self.log = log or EventLog(db, self.clock)
        self.mode = mode

    # -- reading -----------------------------------------------------------------------------
    def entries(self, *, include_retired: bool = False) -> builtins.list[LibraryPlan]:
        """The library's plans: by jurisdiction, domain, plan id, newest version first."""
        q = select(plan_library_table)
        if not include_retired:
            q = q.where(L.status == IN_USE)
        with self.db.reading() as conn:
            rows = [_entry(r) for r in conn.execute(q)]
        remember(e.plan_id for e in rows)  # hand-over plan ids the plan check knows
        rows.sort(key=lambda e: (e.jurisdiction, e.domain != "food", e.domain, e.plan_id, -to_us(e.added_at)))
        return rows

    def get(self, content_hash: str) -> LibraryPlan:
        """The entry with this content hash; a unique prefix of at least 6 hex digits will do."""
        h = (content_hash or "").strip().lower()
        if len(h) < 6:
            raise LibraryRefused(f"内容哈希「{content_hash}」太短：请至少写 6 位（plan list 中的哈希列）")
        with self.db.reading() as conn:
            rows = conn.execute(select(plan_library_table).where(L.content_hash.like(h + "%")).limit(3)).all()
        if not rows:
            raise LibraryRefused(f"预案库中没有内容哈希为 {h[:12]}… 的预案")
        if len(rows) > 1:
            raise LibraryRefused(f"内容哈希 {h} 对应多个预案，请多写几位")
        return _entry(rows[0])

    def text(self, content_hash: str) -> str:
        """The plan's text as it was added (pinned)."""
        entry = self.get(content_hash)
        source = self.log.plan_source(entry.content_hash)
        if source is None:
            raise LibraryRefused(f"预案「{entry.title}」的原文不在数据库中（内容哈希 {entry.short_hash}）")
        return source

    def plan(self, content_hash: str) -> Plan:
        """The compiled plan of an entry (its pinned text)."""
        entry = self.get(content_hash)
        source = self.log.plan_source(entry.content_hash)
        if source is None:
            raise LibraryRefused(f"预案「{entry.title}」的原文不在数据库中（内容哈希 {entry.short_hash}）")
        # the name PlanStore uses too: the loader's cache serves both
        return load_plan_text(source.encode("utf-8"), f"<预案 {entry.content_hash[:12]}>")

    def usage(self) -> dict[str, int]:
        """How many incidents were opened on each plan version (content hash → count)."""
        with self.db.reading() as conn:
            rows = conn.execute(select(incidents_table.c.plan_hash, func.count())
                                .group_by(incidents_table.c.plan_hash)).all()
        return {h: int(n) for h, n in rows}

    def offered(self, jurisdiction: str | None, domain: str | None = None) -> builtins.list[Plan]:
        """The plans 接报 offers at this jurisdiction, the default first: the jurisdiction's own
        in-use plans, then its parent's (a county also gets its city's plans), then the
        province's; within each, ``domain`` first (default: food), then by plan id. Of a plan id
        with several versions in use only the newest is offered. Never another county's plan.
        ``jurisdiction`` None: every plan in use."""
        entries = self.entries()
        if jurisdiction:
            chain = ancestors(jurisdiction)
            rank = {code: i for i, code in enumerate(chain)}
            entries = [e for e in entries if e.jurisdiction in rank]
        else:
            rank = {}
        want = domain or "food"
        newest: dict[tuple[str, str], LibraryPlan] = {}
        for e in entries:
            key = (e.jurisdiction, e.plan_id)
            if key not in newest or (e.added_at, e.version) > (newest[key].added_at, newest[key].version):
                newest[key] = e
        chosen = sorted(newest.values(), key=lambda e: (rank.get(e.jurisdiction, 0), e.domain != want,
                                                        e.domain != "food", e.plan_id))
        out = []
        for e in chosen:
            try:
                out.append(self.plan(e.content_hash))
            except (PlanError, LibraryRefused):
                continue  # a text that no longer compiles is not offered (verify names it)
        return out

    def origins(self) -> Counter[str]:
        """How the library's rows got there: origin → count (``pinned``: 来自既有事件)."""
        with self.db.reading() as conn:
            return Counter({o: int(n) for o, n in conn.execute(select(L.origin, func.count()).group_by(L.origin))})

    # -- who may change it ---------------------------------------------------------------------
    def check_role(self, role: str) -> None:
        """An administrator; on a database without accounts, anyone but an observer."""
        if role == "observer":
            raise LibraryRefused("观察员只能查看预案库，不能添加、停用或恢复预案")
        if role == MANAGE_ROLE:
            return
        from console.auth.accounts import AccountService

        if AccountService(self.db, self.clock).has_users():
            raise LibraryRefused(f"角色「{role_title(role)}」不能维护预案库：只有{ROLE_TITLES[MANAGE_ROLE]}可以添加、"
                                 "停用或恢复预案")

    # -- adding --------------------------------------------------------------------------------
    def add_file(self, path: str | Path, *, actor: str, role: str) -> LibraryPlan:
        """Add the plan in a file (checked first; :class:`PlanRefused` with located problems)."""
        self.check_role(role)
        p = Path(path)
        try:
            with p.open("rb") as fh:
                data = fh.read(MAX_PLAN_BYTES + 1)
        except FileNotFoundError:
            raise PlanRefused([Diagnostic(str(p), 1, 1, "error", "文件不存在")]) from None
        except IsADirectoryError:
            raise PlanRefused([Diagnostic(str(p), 1, 1, "error", "这是一个目录，不是文件")]) from None
        except OSError as exc:
            raise PlanRefused([Diagnostic(str(p), 1, 1, "error",
                                          f"无法读取文件：{exc.strerror or exc}")]) from None
        return self._add(data, str(p), p.name, ORIGIN_FILE, actor=actor, role=role)

    def add_text(self, text: str | bytes, name: str = "<预案>", *, actor: str, role: str,
                 file_name: str = "") -> LibraryPlan:
        """Add a plan from its text (``name``: how located problems name it)."""
        self.check_role(role)
        data = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else bytes(text)
        return self._add(data, name, file_name, ORIGIN_TEXT, actor=actor, role=role)

    def check_text(self, data: bytes, name: str) -> tuple[Plan, builtins.list[Diagnostic]]:
        """The plan in ``data`` as the library would take it (PlanRefused if it fails), with warnings."""
        self.entries(include_retired=True)  # the library's plan ids, which a hand-over may name
        try:
            return load_plan_text_with_warnings(data, name, divisions=check_divisions, known_plans="default")
        except PlanError as exc:
            raise PlanRefused(exc.diagnostics) from None

    def _add(self, data: bytes, name: str, file_name: str, origin: str, *, actor: str, role: str) -> LibraryPlan:
        plan, warnings = self.check_text(data, name)
        source = data.decode("utf-8")  # checked above: UTF-8 text
        h = plan.content_hash
        assert h == hashlib.sha256(data).hexdigest()
        actor = (actor or "").strip() or SYSTEM_ACTOR
        now_us = to_us(self.clock.now())
        record = {"content_hash": h, "plan_id": plan.id, "version": plan.version, "title": plan.title,
                  "jurisdiction": plan.jurisdiction_code, "jurisdiction_name": plan.jurisdiction_name,
                  "domain": plan.domain, "level": plan.jurisdiction_level, "status": IN_USE, "origin": origin,
                  "added_us": now_us, "added_by": actor[:100], "file_name": file_name[:500],
                  "retired_us": None, "retired_by": "", "retired_reason": ""}

        def write(conn: Connection, _evs: builtins.list[StoredEvent]) -> None:
            row = conn.execute(select(plan_library_table).where(L.content_hash == h)).first()
            if row is not None:
                raise AlreadyInLibrary(_entry(row))
            if conn.execute(select(plans_table.c.hash).where(plans_table.c.hash == h)).first() is None:
                conn.execute(insert(plans_table).values(hash=h, plan_id=plan.id, version=plan.version,
                                                        title=plan.title, source=source, first_seen_us=now_us))
            conn.execute(insert(plan_library_table).values(**record))

        with self.db.reading() as conn:
            row = conn.execute(select(plan_library_table).where(L.content_hash == h)).first()
        if row is not None:
            raise AlreadyInLibrary(_entry(row))
        line = f"预案库：加入「{plan.title}」v{plan.version}"
        self._record(lambda: [("library.plan_added", {"hash": h, "record": record, "line": line,
                                                      "warnings": [str(w) for w in warnings]})],
                     write, actor, role)
        return self.get(h)

    # -- retiring and restoring ----------------------------------------------------------------
    def retire(self, content_hash: str, *, reason: str, actor: str, role: str) -> LibraryPlan:
        """停用: no longer offered for 接报; incidents opened on it keep running on it."""
        self.check_role(role)
        reason = (reason or "").strip()
        if not reason:
            raise LibraryRefused("请填写停用原因")
        if len(reason) > REASON_MAX:
            raise LibraryRefused(f"停用原因过长（{len(reason)} 字，上限 {REASON_MAX} 字）")
        entry = self.get(content_hash)
        if not entry.in_use:
            raise LibraryRefused(f"「{entry.title}」v{entry.version} 已停用（{entry.retired_reason}），无需再次停用")
        return self._change(entry, "library.plan_retired", RETIRED, reason, actor, role,
                            f"预案库：停用「{entry.title}」v{entry.version}（{reason}）")

    def restore(self, content_hash: str, *, actor: str, role: str, reason: str = "") -> LibraryPlan:
        """恢复: a retired version is offered for 接报 again."""
        self.check_role(role)
        reason = (reason or "").strip()
        if len(reason) > REASON_MAX:
            raise LibraryRefused(f"恢复原因过长（{len(reason)} 字，上限 {REASON_MAX} 字）")
        entry = self.get(content_hash)
        if entry.in_use:
            raise LibraryRefused(f"「{entry.title}」v{entry.version} 在用，无需恢复")
        return self._change(entry, "library.plan_restored", IN_USE, reason, actor, role,
                            f"预案库：恢复「{entry.title}」v{entry.version}")

    def _change(self, entry: LibraryPlan, type_: str, status: str, reason: str, actor: str, role: str,
                line: str) -> LibraryPlan:
        actor = (actor or "").strip() or SYSTEM_ACTOR
        h = entry.content_hash
        now_us = to_us(self.clock.now())
        retiring = status == RETIRED
        changes = {"status": status, "retired_us": now_us if retiring else None,
                   "retired_by": actor[:100] if retiring else "", "retired_reason": reason if retiring else ""}

        def planned() -> builtins.list[tuple[str, dict[str, Any]]]:
            with self.db.reading() as conn:
                row = conn.execute(select(plan_library_table).where(L.content_hash == h)).one()
            record = {**_record_of(row), **changes}
            payload: dict[str, Any] = {"hash": h, "record": record, "line": line}
            if reason:
                payload["reason"] = reason
            return [(type_, payload)]

        def write(conn: Connection, _evs: builtins.list[StoredEvent]) -> None:
            want = RETIRED if status == IN_USE else IN_USE
            done = conn.execute(update(plan_library_table).where(L.content_hash == h, L.status == want)
                                .values(**changes)).rowcount
            if done != 1:
                raise LibraryRefused(f"「{entry.title}」v{entry.version} 的状态刚被其他指挥台改变，请刷新后重试")

        self._record(planned, write, actor, role)
        return self.get(h)

    def _record(self, changes: Callable[[], builtins.list[tuple[str, dict[str, Any]]]],
                write: Callable[[Connection, builtins.list[StoredEvent]], None], actor: str, role: str) -> None:
        for _ in range(ATTEMPTS):
            version = self.log.stream_version(STREAM)
            now = self.clock.now()
            events = [NewEvent(t, now, actor, role or MANAGE_ROLE, payload, self.mode) for t, payload in changes()]
            try:
                self.log.append(STREAM, version, events, in_transaction=write)
                return
            except StaleAppend:
                continue
        raise LibraryRefused("预案库正被其他指挥台频繁修改，本次修改未保存，请稍后重试")

    # -- checking against the chain ---------------------------------------------------------------
    def verify(self) -> builtins.list[str]:
        """The library table against the ``library`` stream (empty: they agree).

        A row logged by events must equal the last record its events carry. A row with no event
        is accepted only as origin ``pinned`` (来自既有事件, listed by migration 0010): it must
        then match the pinned text it names (plan id, version, title, and jurisdiction, domain
        and level as the text says) and still be in use as listed. Every row's text must be
        pinned and hash to its content hash."""
        logged: dict[str, dict[str, Any]] = {}
        seqs: dict[str, int] = {}
        for ev in self.log.read(STREAM):
            if not ev.type.startswith("library.plan_"):
                continue
            h = ev.payload.get("hash")
            record = ev.payload.get("record")
            if isinstance(h, str) and isinstance(record, dict):
                logged[h] = record
                seqs[h] = ev.seq
        with self.db.reading() as conn:
            rows = {r.content_hash: _record_of(r) for r in conn.execute(select(plan_library_table))}
            pinned = {r.hash: r for r in conn.execute(select(plans_table))}
        problems: builtins.list[str] = []
        for h in sorted(rows):
            p = pinned.get(h)
            if p is None:
                problems.append(f"预案「{rows[h]['title']}」（{h[:12]}）的原文不在数据库中")
            elif hashlib.sha256(p.source.encode("utf-8")).hexdigest() != h:
                problems.append(f"预案「{rows[h]['title']}」（{h[:12]}）的原文与其内容哈希不符：原文被改动过")
        checked = dict(rows)
        for h, row in rows.items():
            if h in logged or row["origin"] != ORIGIN_PINNED:
                continue
            del checked[h]  # no event: held against the pinned text it names
            expected = _pinned_record(pinned.get(h))
            if expected is None:
                problems.append(f"预案「{h[:12]}」标为来自既有事件，但数据库中没有这一固定的预案原文：记录被直接写入数据库")
                continue
            k = next((k for k in expected if row.get(k) != expected[k]), None)
            if k is not None:
                problems.append(f"预案「{h[:12]}」（来自既有事件）的「{LABELS.get(k, k)}」为「{row.get(k)}」，"
                                f"其固定的预案原文为「{expected[k]}」：记录被改动")
        return problems + record_problems("预案", logged, seqs, checked, LABELS)


def _pinned_record(p: Any) -> dict[str, Any] | None:
    """The row migration 0010 listed for a pinned plan text (read from the text's own header,
    as the migration does: nothing compiled)."""
    if p is None:
        return None
    import yaml

    try:
        doc = yaml.safe_load(p.source)
    except yaml.YAMLError:
        doc = None
    doc = doc if isinstance(doc, dict) else {}
    j = doc.get("jurisdiction")
    j = j if isinstance(j, dict) else {}
    level = j.get("level")
    return {"content_hash": p.hash, "plan_id": p.plan_id, "version": p.version, "title": p.title,
            "jurisdiction": str(j.get("code", ""))[:12], "jurisdiction_name": str(j.get("name", ""))[:200],
            "domain": str(doc.get("domain", ""))[:20], "level": str(level)[:20] if level is not None else None,
            "status": IN_USE, "origin": ORIGIN_PINNED, "added_us": p.first_seen_us, "added_by": "",
            "file_name": "", "retired_us": None, "retired_by": "", "retired_reason": ""}
