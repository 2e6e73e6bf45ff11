"""The directory (通讯录): units, 带班领导, liaison people and member units (成员单位) with their
办公电话、手机、传真, duty role and responsibilities, searched as one types.

Experts are not copied into the directory: :meth:`ContactDirectory.search` and
:meth:`ContactDirectory.get` read them from the expert registry (``console.experts``) as
contacts of kind ``expert`` with the code ``expert:<编号>``; they are edited there.

Import and export XLSX. An import is all-or-nothing: every row is checked first, each problem
is reported with its row and column (「第 4 行「手机（G 列）」…」), and only a file without
problems is written, in one transaction (rows with an existing 编号 are updated). Formula-like
cells are neutralised on export and restored on import (``console.documents.cells``).

Every change is an event of the centre's ``contacts`` stream (``contacts.added`` / ``updated``
/ ``removed``: who, and the old and new values), written in the same transaction as the row;
:meth:`ContactDirectory.verify` replays the stream and names the first row that differs.
"""

from __future__ import annotations

import builtins
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from console.auth.roles import LOG_ROLES, ROLE_TITLES, role_title
from console.clock import Clock, SystemClock
from console.contacts.models import contacts_table
from console.documents.cells import (
    FileRefused,
    check_field,
    check_row_count,
    check_xlsx,
    neutralise_row,
    restore_row,
)
from console.errors import InvalidInput, Problem, RecordError
from console.experts.registry import Expert, ExpertRegistry
from console.store.chain import to_us
from console.store.db import Database
from console.store.eventlog import EventLog, NewEvent, StaleAppend
from console.store.verify import record_problems

C = contacts_table.c
STREAM = "contacts"
ATTEMPTS = 20
SYSTEM_ACTOR = "（未署名）"  # a change whose caller names no one (a script, the demo)
EXPERT_PREFIX = "expert:"

KINDS = {"unit": "单位", "leader": "带班领导", "member": "成员单位", "person": "联络人"}
EXPERT_KIND = "expert"
KIND_TITLES = {**KINDS, EXPERT_KIND: "专家"}
_KIND_IN = {**{v: k for k, v in KINDS.items()}, **{k: k for k in KINDS},
            "部门": "unit", "领导": "leader", "值班领导": "leader", "联系人": "person", "人员": "person"}

# (attribute, column header, required, max length)
COLUMNS: tuple[tuple[str, str, bool, int], ...] = (
    ("code", "编号", True, 20),
    ("kind", "类别", True, 20),
    ("name", "名称或姓名", True, 100),
    ("organisation", "所属单位", False, 100),
    ("position", "职务或值班角色", False, 100),
    ("office_phone", "办公电话", False, 30),
    ("mobile", "手机", False, 30),
    ("fax", "传真", False, 30),
    ("duties", "职责", False, 2000),
    ("plan_units", "预案工作组", False, 200),
    ("region", "地区", False, 50),
    ("note", "备注", False, 500),
)
LABELS = {a: h for a, h, _, _ in COLUMNS}
_HEADER_ALIASES = {h: a for a, h, _, _ in COLUMNS} | {a: a for a, _, _, _ in COLUMNS} | {
    "类型": "kind", "名称": "name", "姓名": "name", "单位": "organisation", "职务": "position",
    "值班角色": "position", "电话": "office_phone", "座机": "office_phone", "移动电话": "mobile",
    "工作组": "plan_units", "所在地": "region",
}
_NUMBER = re.compile(r"^[0-9+\-() 转#]{3,30}$")
_CODE = re.compile(r"^[0-9A-Za-z_\-]{1,20}$")
_UNIT_ID = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
_SPLIT = re.compile(r"[、,，;；/|\s]+")
NUMBERS = ("office_phone", "mobile", "fax")
# Who keeps the directory; who records notifications (everyone who works an incident).
MANAGE_ROLES = frozenset({"duty_officer", "commander", "deputy", "admin"})
NOTIFY_ROLES = LOG_ROLES


def check_role(role: str, allowed: frozenset[str], what: str) -> None:
    """Refuse a known role not in ``allowed`` (an observer always); a plan's own role passes."""
    if role == "observer" or (role in ROLE_TITLES and role not in allowed):
        names = "、".join(ROLE_TITLES[r] for r in ROLE_TITLES if r in allowed)
        raise RecordError(f"角色「{role_title(role)}」不能{what}（可执行的角色：{names}）")


@dataclass(frozen=True)
class Contact:
    code: str
    kind: str  # unit | leader | member | person | expert
    name: str
    organisation: str = ""
    position: str = ""
    office_phone: str = ""
    mobile: str = ""
    fax: str = ""
    duties: str = ""
    plan_units: tuple[str, ...] = ()
    region: str = ""
    note: str = ""

    @property
    def kind_title(self) -> str:
        return KIND_TITLES.get(self.kind, self.kind)

    @property
    def is_expert(self) -> bool:
        return self.kind == EXPERT_KIND

    @property
    def display(self) -> str:
        """「市卫生健康委 · 李某（带班领导）」 — whom the operator calls."""
        who = self.name if not self.organisation or self.organisation == self.name \
            else f"{self.organisation} · {self.name}"
        return f"{who}（{self.position}）" if self.position else who

    def number_for(self, method: str) -> str:
        """The number to use for a method (电话: the mobile, else the office; 短信: the mobile;
        传真: the fax; 当面: none)."""
        if method == "phone":
            return self.mobile or self.office_phone
        if method == "sms":
            return self.mobile
        if method == "fax":
            return self.fax
        return ""

    def numbers(self) -> str:
        parts = [f"{lbl} {v}" for lbl, v in (("办", self.office_phone), ("手机", self.mobile), ("传真", self.fax)) if v]
        return "；".join(parts)

    def matches(self, terms: Iterable[str], unit_titles: dict[str, str] | None = None) -> bool:
        hay = " ".join((self.code, self.kind_title, self.name, self.organisation, self.position,
                        self.office_phone, self.mobile, self.fax, self.duties, self.region, self.note,
                        *self.plan_units, *((unit_titles or {}).get(u, "") for u in self.plan_units))).lower()
        return all(t in hay for t in terms)

    def as_row(self) -> dict[str, str]:
        """The contact as the columns of an export file (Chinese headers)."""
        vals = {a: getattr(self, a) for a, _, _, _ in COLUMNS}
        vals["kind"] = self.kind_title
        vals["plan_units"] = "、".join(self.plan_units)
        return {h: str(vals[a]) for a, h, _, _ in COLUMNS}


def expert_contact(e: Expert) -> Contact:
    """An expert of the registry as the directory shows it (read-only here)."""
    return Contact(code=EXPERT_PREFIX + e.code, kind=EXPERT_KIND, name=e.name, organisation=e.organisation,
                   position="、".join((e.title, *e.specialties)) if e.title else "、".join(e.specialties),
                   mobile=e.phone, region=e.region,
                   note=f"{e.availability_title}{'；' + e.note if e.note else ''}")


def _column_letter(index: int) -> str:
    out = ""
    n = index + 1
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def _text(v: Any, attr: str) -> str:
    s = "" if v is None else str(v).strip()
    if isinstance(v, float) and attr in ("code", *NUMBERS) and s.endswith(".0"):
        s = s[:-2]  # spreadsheet numbers: 13900000001.0
    return s


def clean(raw: dict[str, Any], row: int | None, problems: builtins.list[Problem],
          where: dict[str, str] | None = None) -> Contact | None:
    """Check one record; append problems (with row and column) and return None if any.

    ``where`` gives each attribute's column letter in an import file."""
    before = len(problems)

    def label(attr: str) -> str:
        col = (where or {}).get(attr)
        return f"{LABELS[attr]}（{col} 列）" if col else LABELS[attr]

    vals: dict[str, str] = {}
    for attr, _, required, limit in COLUMNS:
        v = _text(raw.get(attr), attr)
        if required and not v:
            problems.append(Problem(attr, label(attr), "为必填项，不能为空", row))
            continue
        if len(v) > limit:
            problems.append(Problem(attr, label(attr), f"过长（{len(v)} 字，上限 {limit} 字）", row))
            continue
        vals[attr] = v
    if "code" in vals and not _CODE.match(vals["code"]):
        problems.append(Problem("code", label("code"), f"「{vals['code']}」只能由字母、数字、-、_ 组成", row))
    kind = vals.get("kind", "")
    if kind and kind not in _KIND_IN:
        problems.append(Problem("kind", label("kind"), f"「{kind}」无效，可选：{'、'.join(KINDS.values())}", row))
    for attr in NUMBERS:
        v = vals.get(attr, "")
        if v and not _NUMBER.match(v):
            problems.append(Problem(attr, label(attr), f"「{v}」不是有效的号码", row))
    if not any(vals.get(a) for a in NUMBERS) and all(a in vals for a in NUMBERS):
        problems.append(Problem("mobile", label("mobile"), "办公电话、手机、传真至少填写一项", row))
    units = tuple(dict.fromkeys(u for u in _SPLIT.split(vals.get("plan_units", "")) if u))
    bad = [u for u in units if not _UNIT_ID.match(u)]
    if bad:
        problems.append(Problem("plan_units", label("plan_units"),
                                f"「{'、'.join(bad)}」不是预案工作组编号（如 medical、testing）", row))
    if len(problems) > before:
        return None
    return Contact(code=vals["code"], kind=_KIND_IN[kind], name=vals["name"],
                   organisation=vals.get("organisation", ""), position=vals.get("position", ""),
                   office_phone=vals.get("office_phone", ""), mobile=vals.get("mobile", ""),
                   fax=vals.get("fax", ""), duties=vals.get("duties", ""), plan_units=units,
                   region=vals.get("region", ""), note=vals.get("note", ""))


def normalise(data: dict[str, Any]) -> dict[str, Any]:
    """Accept Chinese headers or attribute names; plan units as a list or a joined string."""
    out: dict[str, Any] = {}
    for k, v in data.items():
        attr = _HEADER_ALIASES.get(str(k).strip().lstrip("\ufeff"))
        if attr is None:
            continue
        if attr == "plan_units" and isinstance(v, (list, tuple)):
            v = "、".join(v)
        out[attr] = v
    return out


def _record_of(r: Any) -> dict[str, Any]:
    """A row's columns as the chain records them."""
    return {c.name: getattr(r, c.name) for c in contacts_table.columns if c.name != "updated_us"}


def _from_row(r: Any) -> Contact:
    return Contact(code=r.code, kind=r.kind, name=r.name, organisation=r.organisation, position=r.position,
                   office_phone=r.office_phone, mobile=r.mobile, fax=r.fax, duties=r.duties,
                   plan_units=tuple(u for u in r.plan_units.split(",") if u), region=r.region, note=r.note)


class ContactDirectory:
    def __init__(self, db: Database, clock: Clock | None = None, *, log: EventLog | None = None,
                 experts: ExpertRegistry | None = None, mode: str = "real") -> None:
        self.db = db
        self.clock: Clock = clock or SystemClock()
        self.log = log or EventLog(db, self.clock)
        self.experts = experts or ExpertRegistry(db, self.clock, mode=mode)
        self.mode = mode

    # -- reading -----------------------------------------------------------------
    def list(self, *, kind: str | None = None, include_experts: bool = False) -> builtins.list[Contact]:
        q = select(contacts_table).order_by(C.code)
        if kind is not None:
            q = q.where(C.kind == kind)
        with self.db.reading() as conn:
            out = [_from_row(r) for r in conn.execute(q)]
        if include_experts and kind in (None, EXPERT_KIND):
            out += [expert_contact(e) for e in self.experts.list()]
        return out

    def search(self, text: str = "", *, kinds: Iterable[str] | None = None, include_experts: bool = True,
               unit_titles: dict[str, str] | None = None, limit: int | None = None) -> builtins.list[Contact]:
        """Contacts matching every word of ``text`` (name, unit, role, duties, numbers, plan
        units, region; case-insensitive), names starting with the text first."""
        terms = [t for t in (text or "").lower().split() if t]
        wanted = set(kinds) if kinds is not None else None
        pool = self.list(include_experts=include_experts)
        found = [c for c in pool if (wanted is None or c.kind in wanted) and c.matches(terms, unit_titles)]
        first = terms[0] if terms else ""
        found.sort(key=lambda c: (not c.name.lower().startswith(first), c.is_expert, c.code))
        return found[:limit] if limit is not None else found

    def get(self, code: str) -> Contact:
        if code.startswith(EXPERT_PREFIX):
            return expert_contact(self.experts.get(code[len(EXPERT_PREFIX):]))
        with self.db.reading() as conn:
            r = conn.execute(select(contacts_table).where(C.code == code)).first()
        if r is None:
            raise RecordError(f"通讯录中没有编号为「{code}」的联系人")
        return _from_row(r)

    def for_unit(self, unit_id: str, lead: str = "") -> builtins.list[Contact]:
        """The contacts that stand for a plan unit (by its id, or by the plan's lead unit name)."""
        return self.suggest([unit_id], [lead] if lead else [])

    def suggest(self, units: Iterable[str], names: Iterable[str] = ()) -> builtins.list[Contact]:
        """The contacts for plan units (by id) or named units (a name such as 「市卫生健康委」 found
        in the contact's name or organisation): units first, then 带班领导 and people."""
        wanted = {u for u in units if u}
        named = [n for n in names if n]
        found = [c for c in self.list() if wanted.intersection(c.plan_units)
                 or any(n in c.name or n in c.organisation for n in named)]
        order = {"unit": 0, "member": 0, "leader": 1, "person": 2}
        return sorted(found, key=lambda c: (order.get(c.kind, 3), c.code))

    # -- writing -----------------------------------------------------------------
    def _values(self, c: Contact) -> dict[str, Any]:
        return {"code": c.code, "kind": c.kind, "name": c.name, "organisation": c.organisation,
                "position": c.position, "office_phone": c.office_phone, "mobile": c.mobile, "fax": c.fax,
                "duties": c.duties, "plan_units": ",".join(c.plan_units), "region": c.region, "note": c.note,
                "updated_us": to_us(self.clock.now())}

    def record(self, changes: Callable[[], builtins.list[tuple[str, dict[str, Any]]]],
               write: Callable[[Connection, builtins.list[Any]], None], actor: str, role: str) -> None:
        """The ``contacts.*`` events ``changes()`` describes (read afresh on each attempt) and
        ``write`` in one transaction; planned again if another console wrote to the stream."""
        actor = (actor or "").strip() or SYSTEM_ACTOR
        for _ in range(ATTEMPTS):
            version = self.log.stream_version(STREAM)
            now = self.clock.now()
            events = [NewEvent(type_, now, actor, role or "duty_officer", payload, self.mode)
                      for type_, payload in changes()]
            try:
                self.log.append(STREAM, version, events, in_transaction=write)
                return
            except StaleAppend:
                continue
        raise RecordError("通讯录正被其他指挥台频繁修改，本次修改未保存，请稍后重试")

    def _changes(self, values: builtins.list[dict[str, Any]], via: str) -> builtins.list[tuple[str, dict[str, Any]]]:
        with self.db.reading() as conn:
            old = {r.code: _record_of(r) for r in conn.execute(
                select(contacts_table).where(C.code.in_([v["code"] for v in values])))}
        out = []
        for v in values:
            new = {k: x for k, x in v.items() if k != "updated_us"}
            before = old.get(v["code"])
            if before is None:
                out.append(("contacts.added", {"code": v["code"], "via": via, "new": new}))
            else:
                changed = sorted(k for k in new if new[k] != before.get(k))
                out.append(("contacts.updated", {"code": v["code"], "via": via, "changed": changed,
                                                 "old": before, "new": new}))
        return out

    def add(self, data: dict[str, Any], *, actor: str = SYSTEM_ACTOR, role: str = "duty_officer") -> Contact:
        check_role(role, MANAGE_ROLES, "修改通讯录")
        problems: builtins.list[Problem] = []
        c = clean(normalise(data), None, problems)
        if c is None:
            raise InvalidInput(problems, "联系人信息有误，未保存")
        values = self._values(c)

        def write(conn: Connection, _evs: builtins.list[Any]) -> None:
            if conn.execute(select(C.code).where(C.code == c.code)).first() is not None:
                raise RecordError(f"编号「{c.code}」已存在，请换一个编号或修改原联系人")
            conn.execute(insert(contacts_table).values(**values))

        self.record(lambda: [("contacts.added", {"code": c.code, "via": "add",
                                                 "new": {k: x for k, x in values.items() if k != "updated_us"}})],
                    write, actor, role)
        return c

    def update(self, code: str, changes: dict[str, Any], *, actor: str = SYSTEM_ACTOR,
               role: str = "duty_officer") -> Contact:
        check_role(role, MANAGE_ROLES, "修改通讯录")
        if code.startswith(EXPERT_PREFIX):
            raise RecordError("专家的信息在专家库中维护，请到「专家库」修改")
        old = self.get(code)
        merged = {**old.as_row(), **{LABELS.get(k, k): v for k, v in normalise(changes).items()}}
        problems: builtins.list[Problem] = []
        c = clean(normalise(merged), None, problems)
        if c is None:
            raise InvalidInput(problems, "联系人信息有误，未保存")
        if c.code != code:
            raise RecordError("联系人编号不能修改")
        values = self._values(c)

        def write(conn: Connection, _evs: builtins.list[Any]) -> None:
            if conn.execute(update(contacts_table).where(C.code == code).values(**values)).rowcount != 1:
                raise RecordError(f"通讯录中没有编号为「{code}」的联系人（可能刚被删除）")

        self.record(lambda: self._changes([values], "update"), write, actor, role)
        return c

    def remove(self, code: str, *, actor: str = SYSTEM_ACTOR, role: str = "duty_officer") -> None:
        check_role(role, MANAGE_ROLES, "修改通讯录")
        if code.startswith(EXPERT_PREFIX):
            raise RecordError("专家的信息在专家库中维护，请到「专家库」修改")
        self.get(code)

        def write(conn: Connection, _evs: builtins.list[Any]) -> None:
            if conn.execute(delete(contacts_table).where(C.code == code)).rowcount != 1:
                raise RecordError(f"通讯录中没有编号为「{code}」的联系人（可能刚被删除）")

        def removed() -> builtins.list[tuple[str, dict[str, Any]]]:
            with self.db.reading() as conn:
                row = conn.execute(select(contacts_table).where(C.code == code)).first()
            return [("contacts.removed", {"code": code, "old": _record_of(row) if row is not None else None})]

        self.record(removed, write, actor, role)

    # -- checking against the chain -----------------------------------------------
    def verify(self) -> builtins.list[str]:
        """The directory table against the ``contacts`` stream, by 编号 (empty: they agree)."""
        state: dict[str, dict[str, Any]] = {}
        seqs: dict[str, int] = {}
        for ev in self.log.read(STREAM):
            if not ev.type.startswith(("contacts.added", "contacts.updated", "contacts.removed")):
                continue
            code = ev.payload["code"]
            seqs[code] = ev.seq
            if ev.type == "contacts.removed":
                state.pop(code, None)
            else:
                state[code] = ev.payload["new"]
        with self.db.reading() as conn:
            rows = {r.code: _record_of(r) for r in conn.execute(select(contacts_table))}
        return record_problems("联系人", state, seqs, rows, LABELS)

    # -- import / export ---------------------------------------------------------
    def import_file(self, path: str | Path, *, actor: str = SYSTEM_ACTOR, role: str = "duty_officer") -> int:
        """Import an XLSX file; returns the number of contacts written (all or none)."""
        check_role(role, MANAGE_ROLES, "修改通讯录")
        p = Path(path)
        if not p.is_file():
            raise RecordError(f"找不到文件 {p}")
        if p.suffix.lower() != ".xlsx":
            raise RecordError(f"不支持的文件类型「{p.suffix}」：请使用 .xlsx（Excel 工作簿）")
        records, where = read_xlsx(p)
        return self.import_records(records, where, actor=actor, role=role)

    def import_records(self, records: builtins.list[tuple[int, dict[str, Any]]], where: dict[str, str] | None = None,
                       *, actor: str = SYSTEM_ACTOR, role: str = "duty_officer") -> int:
        check_role(role, MANAGE_ROLES, "修改通讯录")
        if not records:
            raise RecordError("文件中没有联系人数据（只有表头或为空）")
        problems: builtins.list[Problem] = []
        contacts: builtins.list[Contact] = []
        seen: dict[str, int] = {}
        for row, raw in records:
            c = clean(raw, row, problems, where)
            if c is None:
                continue
            if c.code in seen:
                col = (where or {}).get("code")
                problems.append(Problem("code", f"编号（{col} 列）" if col else "编号",
                                        f"「{c.code}」与第 {seen[c.code]} 行重复", row))
                continue
            seen[c.code] = row
            contacts.append(c)
        if problems:
            raise InvalidInput(problems, "导入失败，未写入任何数据")
        values = [self._values(c) for c in contacts]

        def write(conn: Connection, _evs: builtins.list[Any]) -> None:
            existing = {r[0] for r in conn.execute(select(C.code))}
            for v in values:
                if v["code"] in existing:
                    conn.execute(update(contacts_table).where(C.code == v["code"]).values(**v))
                else:
                    conn.execute(insert(contacts_table).values(**v))

        self.record(lambda: self._changes(values, "import"), write, actor, role)
        return len(contacts)

    def export_file(self, path: str | Path) -> int:
        """The directory (without the experts, who have their own export) as an XLSX file."""
        p = Path(path)
        if p.suffix.lower() != ".xlsx":
            raise RecordError(f"不支持的导出格式「{p.suffix}」：请使用 .xlsx")
        from openpyxl import Workbook

        rows = [c.as_row() for c in self.list()]
        headers = [h for _, h, _, _ in COLUMNS]
        wb = Workbook()
        ws = wb.active
        assert ws is not None
        ws.title = "通讯录"
        ws.append(headers)
        for r in rows:
            ws.append(neutralise_row(r[h] for h in headers))
        for i, width in enumerate((10, 10, 22, 22, 16, 16, 16, 16, 40, 20, 10, 24)):
            ws.column_dimensions[_column_letter(i)].width = width
        try:
            wb.save(p)
        except OSError as exc:
            raise RecordError(f"无法写入文件 {p}：{exc.strerror or exc}") from None
        return len(rows)


@contextmanager
def _file_refusals() -> Iterator[None]:
    """A file refused by the shared limits (size, zip bomb, row count, field length) is a RecordError here."""
    try:
        yield
    except FileRefused as exc:
        raise RecordError(str(exc)) from None


def _records(header: builtins.list[Any], body: Iterable[tuple[int, builtins.list[Any]]],
             source: str) -> tuple[builtins.list[tuple[int, dict[str, Any]]], dict[str, str]]:
    """Header and rows to records and each attribute's column letter."""
    for i, h in enumerate(header):
        check_field(source, h, 1, f"第 {i + 1} 列")
    names = [str(h).strip().lstrip("\ufeff") if h is not None else "" for h in header]
    problems = [Problem(n, f"{n}（{_column_letter(i)} 列）", "是未知的列名", 1)
                for i, n in enumerate(names) if n and n not in _HEADER_ALIASES]
    where = {_HEADER_ALIASES[n]: _column_letter(i) for i, n in enumerate(names) if n in _HEADER_ALIASES}
    for attr, label, required, _ in COLUMNS:
        if required and attr not in where:
            problems.append(Problem(attr, label, "列缺失（表头中没有这一列）", 1))
    if problems:
        raise InvalidInput(problems, "导入失败，未写入任何数据（表头有误）")
    out: builtins.list[tuple[int, dict[str, Any]]] = []
    for row, raw in body:
        if all(c is None or str(c).strip() == "" for c in raw):
            continue
        check_row_count(source, len(out) + 1, row)
        cells = restore_row(raw)
        for i, c in enumerate(cells):
            check_field(source, c, row, f"{names[i] if i < len(names) and names[i] else '第 ' + str(i + 1) + ' 列'}"
                        f"（{_column_letter(i)} 列）")
        extra = [i for i in range(len(names), len(cells)) if cells[i] is not None and str(cells[i]).strip()]
        if extra:
            raise InvalidInput([Problem("", f"{_column_letter(extra[0])} 列", "在表头之外有内容", row)],
                               "导入失败，未写入任何数据")
        out.append((row, {_HEADER_ALIASES[n]: (cells[i] if i < len(cells) else None)
                          for i, n in enumerate(names) if n in _HEADER_ALIASES}))
    return out, where


def read_xlsx(path: Path) -> tuple[builtins.list[tuple[int, dict[str, Any]]], dict[str, str]]:
    """The first sheet's rows as records (row numbers as Excel shows them) and the column letters."""
    from openpyxl import load_workbook

    with _file_refusals():
        check_xlsx(path)  # size and zip directory, before openpyxl inflates anything
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 — openpyxl raises several types for a damaged file
        raise RecordError(f"无法读取 Excel 文件 {path.name}：{exc}") from None
    try:
        rows = enumerate(wb.worksheets[0].iter_rows(values_only=True), start=1)
        with _file_refusals():
            first = next(rows, None)
            if first is None:
                raise RecordError("文件中没有联系人数据（只有表头或为空）")
            return _records(list(first[1]), ((n, list(r)) for n, r in rows), path.name)
    except (RecordError, MemoryError):
        raise
    except Exception as exc:  # noqa: BLE001 — a damaged sheet fails inside openpyxl's parser
        raise RecordError(f"无法读取 Excel 文件 {path.name}：工作表内容已损坏（{type(exc).__name__}）") from None
    finally:
        wb.close()
