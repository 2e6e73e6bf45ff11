"""The expert registry (专家库): who can be called to a consultation, in which specialty.

Import and export CSV (UTF-8, UTF-8 with BOM or GBK) and XLSX. An import is all-or-nothing:
every row is checked first, every problem is reported with its row and column, and only a
file without problems is written, in one transaction (rows with an existing 编号 are updated).

Every change is an event in the centre's ``experts`` stream (``experts.added`` / ``updated`` /
``removed``: who, and the old and new values), written in the same transaction as the row;
:meth:`ExpertRegistry.verify` replays the stream and names the first row that differs.
"""

from __future__ import annotations

import builtins
import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from console.changes import ChangeHub
from console.clock import Clock, SystemClock
from console.consultations.models import invites_table
from console.documents.cells import (
    FileRefused,
    check_field,
    check_file_size,
    check_row_count,
    check_size,
    check_xlsx,
    csv_records,
    neutralise_row,
    restore_row,
)
from console.errors import InvalidInput, Problem, RecordError
from console.experts.models import experts_table
from console.reference.vocabulary import Vocabulary, centre_vocabulary
from console.store.chain import to_us
from console.store.db import Database
from console.store.eventlog import EventLog, NewEvent, StaleAppend
from console.store.verify import record_problems

X = experts_table.c
STREAM = "experts"
ATTEMPTS = 20
SYSTEM_ACTOR = "（未署名）"  # a change whose caller names no one (a script, the demo)

# The specialties the shipped plans ask for, plus the usual members of a food/drug expert pool.
SPECIALTIES = (
    "食品安全", "流行病学", "临床毒理", "临床医学", "营养与食品卫生", "检验检测",
    "临床药学", "药品不良反应监测", "药品质量", "医疗器械", "法律", "舆情与公共传播",
)
AVAILABILITY = {"available": "可参会", "away": "外出", "unavailable": "不可用"}
_AVAIL_IN = {**{v: k for k, v in AVAILABILITY.items()}, **{k: k for k in AVAILABILITY},
             "可用": "available", "在岗": "available", "是": "available", "否": "unavailable"}

# (attribute, column header, required, max length)
COLUMNS = (
    ("code", "编号", True, 20),
    ("name", "姓名", True, 50),
    ("specialties", "专业领域", True, 200),
    ("organisation", "工作单位", True, 100),
    ("title", "职称", False, 50),
    ("phone", "联系电话", True, 30),
    ("availability", "可用状态", False, 20),
    ("region", "所在地", False, 50),
    ("note", "备注", False, 500),
)
_LABEL = {a: h for a, h, _, _ in COLUMNS}
_HEADER_ALIASES = {h: a for a, h, _, _ in COLUMNS} | {a: a for a, _, _, _ in COLUMNS} | {
    "专业": "specialties", "单位": "organisation", "电话": "phone", "状态": "availability",
    "手机": "phone", "地区": "region",
}
_PHONE = re.compile(r"^[0-9+\-() ]{5,30}$")
_CODE = re.compile(r"^[0-9A-Za-z_\-]{1,20}$")
_SPLIT = re.compile(r"[、,，;；/|]+")


@dataclass(frozen=True)
class Expert:
    code: str
    name: str
    specialties: tuple[str, ...]
    organisation: str
    phone: str
    availability: str = "available"
    title: str = ""
    region: str = ""
    note: str = ""

    @property
    def availability_title(self) -> str:
        return AVAILABILITY.get(self.availability, self.availability)

    def as_row(self) -> dict[str, str]:
        """The expert as the columns of an export file (Chinese headers)."""
        d = asdict(self)
        d["specialties"] = "、".join(self.specialties)
        d["availability"] = self.availability_title
        return {h: str(d[a]) for a, h, _, _ in COLUMNS}


def _clean(raw: dict[str, Any], row: int | None, problems: builtins.list[Problem],
           vocab: Vocabulary | None = None) -> Expert | None:
    """Check one record; append problems (with row and column) and return None if any.

    With ``vocab`` each specialty is normalised to its canonical term (a synonym becomes the
    term); an unknown one is a problem naming the closest terms."""
    before = len(problems)
    vals: dict[str, Any] = {}
    for attr, label, required, limit in COLUMNS:
        v = raw.get(attr)
        v = "" if v is None else str(v).strip()
        if isinstance(raw.get(attr), float) and attr in ("code", "phone") and v.endswith(".0"):
            v = v[:-2]  # spreadsheet numbers: 13900000001.0
        if required and not v:
            problems.append(Problem(attr, label, "为必填项，不能为空", row))
            continue
        if len(v) > limit:
            problems.append(Problem(attr, label, f"过长（{len(v)} 字，上限 {limit} 字）", row))
            continue
        vals[attr] = v
    if "code" in vals and not _CODE.match(vals["code"]):
        problems.append(Problem("code", "编号", f"「{vals['code']}」只能由字母、数字、-、_ 组成", row))
    if "phone" in vals and not _PHONE.match(vals["phone"]):
        problems.append(Problem("phone", "联系电话", f"「{vals['phone']}」不是有效的电话号码", row))
    specs: tuple[str, ...] = ()
    if vals.get("specialties"):
        specs = tuple(dict.fromkeys(s.strip() for s in _SPLIT.split(vals["specialties"]) if s.strip()))
        if not specs:
            problems.append(Problem("specialties", "专业领域", "至少填写一个专业领域", row))
        elif vocab is not None:
            unknown = [s for s in specs if vocab.canonical(s) is None]
            for s in unknown:
                near = vocab.suggest(s)
                hint = f"（是否指：{'、'.join(near)}）" if near else "（可用 reference specialties list 查看词表）"
                problems.append(Problem("specialties", "专业领域", f"「{s}」不在专业领域词表中{hint}", row))
            if not unknown:
                specs = tuple(dict.fromkeys(vocab.canonical(s) or s for s in specs))
    avail = vals.get("availability") or "available"
    if avail not in _AVAIL_IN:
        problems.append(Problem("availability", "可用状态",
                                f"「{avail}」无效，可选：{'、'.join(AVAILABILITY.values())}", row))
    if len(problems) > before:
        return None
    return Expert(code=vals["code"], name=vals["name"], specialties=specs,
                  organisation=vals["organisation"], phone=vals["phone"],
                  availability=_AVAIL_IN[avail], title=vals.get("title", ""),
                  region=vals.get("region", ""), note=vals.get("note", ""))


def _record_of_values(v: dict[str, Any]) -> dict[str, Any]:
    """An expert's columns as the chain records them (specialties as a list)."""
    return {**v, "specialties": json.loads(v["specialties"])}


def _record_of(r: Any) -> dict[str, Any]:
    return _record_of_values({c.name: getattr(r, c.name) for c in experts_table.columns})


def _from_row(r: Any) -> Expert:
    return Expert(code=r.code, name=r.name, specialties=tuple(json.loads(r.specialties)),
                  organisation=r.organisation, phone=r.phone, availability=r.availability,
                  title=r.title, region=r.region, note=r.note)


class ExpertRegistry:
    def __init__(self, db: Database, clock: Clock | None = None, *, changes: ChangeHub | None = None,
                 mode: str = "real"):
        self.db = db
        self.clock: Clock = clock or SystemClock()
        self.changes = changes if changes is not None else ChangeHub()  # registry changes are announced here
        self.log = EventLog(db, self.clock, changes=self.changes)  # its announcement is the registry change
        self.mode = mode

    def _record(self, changes: Callable[[], builtins.list[tuple[str, dict[str, Any]]]],
                write: Callable[[Connection], None], actor: str, role: str) -> None:
        """The ``experts.*`` events ``changes()`` describes (read afresh on each attempt) and
        ``write`` in one transaction; planned again if another console changed the registry."""
        actor = (actor or "").strip() or SYSTEM_ACTOR
        for _ in range(ATTEMPTS):
            version = self.log.stream_version(STREAM)
            now = self.clock.now()
            events = [NewEvent(type_, now, actor, role or "duty_officer", payload, self.mode)
                      for type_, payload in changes()]
            try:
                self.log.append(STREAM, version, events, in_transaction=lambda conn, _e: write(conn))
                return
            except StaleAppend:
                continue
        raise RecordError("专家库正被其他指挥台频繁修改，本次修改未保存，请稍后重试")

    def verify(self) -> builtins.list[str]:
        """The registry table against the ``experts`` stream, by 编号 (empty: they agree)."""
        state: dict[str, dict[str, Any]] = {}
        seqs: dict[str, int] = {}
        for ev in self.log.read(STREAM):
            code = ev.payload["code"]
            seqs[code] = ev.seq
            if ev.type == "experts.removed":
                state.pop(code, None)
            else:
                state[code] = ev.payload["new"]
        with self.db.reading() as conn:
            rows = {r.code: _record_of(r) for r in conn.execute(select(experts_table))}
        return record_problems("专家", state, seqs, rows, _LABEL)

    # -- reading -----------------------------------------------------------------
    def vocabulary(self) -> Vocabulary:
        """The specialty vocabulary (shipped terms and this centre's synonyms, console.reference)."""
        return centre_vocabulary(self.db)

    def list(self, *, specialty: str | None = None, available: bool | None = None) -> builtins.list[Expert]:
        with self.db.reading() as conn:
            rows = conn.execute(select(experts_table).order_by(X.code)).all()
        out = [_from_row(r) for r in rows]
        if specialty is not None:
            vocab = self.vocabulary()
            out = [e for e in out if any(vocab.same(specialty, s) for s in e.specialties)]
        if available is not None:
            out = [e for e in out if (e.availability == "available") == available]
        return out

    def get(self, code: str) -> Expert:
        with self.db.reading() as conn:
            r = conn.execute(select(experts_table).where(X.code == code)).first()
        if r is None:
            raise RecordError(f"专家库中没有编号为「{code}」的专家")
        return _from_row(r)

    def find(self, codes: Iterable[str]) -> dict[str, Expert]:
        codes = list(codes)
        with self.db.reading() as conn:
            rows = conn.execute(select(experts_table).where(X.code.in_(codes))).all()
        return {r.code: _from_row(r) for r in rows}

    def candidates(self, specialties: Iterable[str]) -> builtins.list[Expert]:
        """Available experts with at least one of the specialties, best matches first."""
        vocab = self.vocabulary()  # a synonym satisfies its term: 食品安全 meets 食品安全学
        wanted = {vocab.key(s) for s in specialties}

        def keys(e: Expert) -> set[str]:
            return {vocab.key(s) for s in e.specialties}

        pool = [e for e in self.list(available=True) if not wanted or wanted & keys(e)]
        return sorted(pool, key=lambda e: (-len(wanted & keys(e)), e.code))

    def covers(self, expert: Expert, specialties: Iterable[str]) -> bool:
        """Does the expert have one of the specialties (through the vocabulary's synonyms)?"""
        vocab = self.vocabulary()
        wanted = {vocab.key(s) for s in specialties}
        return bool(wanted & {vocab.key(s) for s in expert.specialties})

    # -- writing -----------------------------------------------------------------
    def _values(self, e: Expert) -> dict[str, Any]:
        return {"code": e.code, "name": e.name, "specialties": json.dumps(list(e.specialties), ensure_ascii=False),
                "organisation": e.organisation, "title": e.title, "phone": e.phone,
                "availability": e.availability, "region": e.region, "note": e.note,
                "updated_us": to_us(self.clock.now())}

    def _changes(self, values: builtins.list[dict[str, Any]], via: str) -> builtins.list[tuple[str, dict[str, Any]]]:
        """``experts.added``/``experts.updated`` for these rows (old values read from the table)."""
        with self.db.reading() as conn:
            old = {r.code: _record_of(r) for r in conn.execute(
                select(experts_table).where(X.code.in_([v["code"] for v in values])))}
        out = []
        for v in values:
            new = _record_of_values(v)
            before = old.get(v["code"])
            if before is None:
                out.append(("experts.added", {"code": v["code"], "via": via, "new": new}))
            else:
                changed = sorted(k for k in new if k != "updated_us" and new[k] != before.get(k))
                out.append(("experts.updated", {"code": v["code"], "via": via, "changed": changed,
                                                "old": before, "new": new}))
        return out

    def add(self, data: dict[str, Any], *, actor: str = SYSTEM_ACTOR, role: str = "duty_officer") -> Expert:
        problems: builtins.list[Problem] = []
        e = _clean(_normalise(data), None, problems, self.vocabulary())
        if e is None:
            raise InvalidInput(problems, "专家信息有误")
        values = self._values(e)

        def write(conn: Connection) -> None:
            if conn.execute(select(X.code).where(X.code == e.code)).first() is not None:
                raise RecordError(f"编号「{e.code}」已存在，请换一个编号或修改原专家信息")
            conn.execute(insert(experts_table).values(**values))

        self._record(lambda: [("experts.added", {"code": e.code, "via": "add", "new": _record_of_values(values)})],
                     write, actor, role)
        return e

    def update(self, code: str, changes: dict[str, Any], *, actor: str = SYSTEM_ACTOR,
               role: str = "duty_officer") -> Expert:
        old = self.get(code)
        merged = {**old.as_row(), **{_LABEL.get(k, k): v for k, v in _normalise(changes).items()}}
        problems: builtins.list[Problem] = []
        e = _clean(_normalise(merged), None, problems, self.vocabulary())
        if e is None:
            raise InvalidInput(problems, "专家信息有误")
        if e.code != code:
            raise RecordError("专家编号不能修改")
        values = self._values(e)

        def write(conn: Connection) -> None:
            if conn.execute(update(experts_table).where(X.code == code).values(**values)).rowcount != 1:
                raise RecordError(f"专家库中没有编号为「{code}」的专家（可能刚被删除）")

        self._record(lambda: [(t, p) for t, p in self._changes([values], "update") if t == "experts.updated"],
                     write, actor, role)
        return e

    def set_availability(self, code: str, availability: str, *, actor: str = SYSTEM_ACTOR,
                         role: str = "duty_officer") -> Expert:
        return self.update(code, {"availability": availability}, actor=actor, role=role)

    def remove(self, code: str, *, actor: str = SYSTEM_ACTOR, role: str = "duty_officer") -> None:
        self.get(code)

        def write(conn: Connection) -> None:
            used = conn.execute(select(invites_table.c.consultation_id)
                                .where(invites_table.c.expert_code == code).limit(1)).first()
            if used is not None:
                raise RecordError(f"专家「{code}」已参加会商（{used[0]}），不能删除；可将其状态改为「不可用」")
            if conn.execute(delete(experts_table).where(X.code == code)).rowcount != 1:
                raise RecordError(f"专家库中没有编号为「{code}」的专家（可能刚被删除）")

        def removed() -> builtins.list[tuple[str, dict[str, Any]]]:
            with self.db.reading() as conn:
                row = conn.execute(select(experts_table).where(X.code == code)).first()
            return [("experts.removed", {"code": code, "old": _record_of(row) if row is not None else None})]

        self._record(removed, write, actor, role)

    # -- import / export ---------------------------------------------------------
    def import_file(self, path: str | Path, *, actor: str = SYSTEM_ACTOR, role: str = "duty_officer") -> int:
        """Import a CSV or XLSX file; returns the number of experts written (all or none)."""
        p = Path(path)
        if not p.is_file():
            raise RecordError(f"找不到文件 {p}")
        if p.suffix.lower() == ".xlsx":
            records = read_xlsx(p)
        elif p.suffix.lower() in (".csv", ".txt"):
            with _file_refusals():
                check_file_size(p)
            records = read_csv_bytes(p.read_bytes(), p.name)
        else:
            raise RecordError(f"不支持的文件类型「{p.suffix}」：请使用 .csv 或 .xlsx")
        return self.import_records(records, actor=actor, role=role)

    def import_records(self, records: builtins.list[tuple[int, dict[str, Any]]], *, actor: str = SYSTEM_ACTOR,
                       role: str = "duty_officer") -> int:
        problems: builtins.list[Problem] = []
        experts: builtins.list[Expert] = []
        seen: dict[str, int] = {}
        vocab = self.vocabulary()
        for row, raw in records:
            e = _clean(raw, row, problems, vocab)
            if e is None:
                continue
            if e.code in seen:
                problems.append(Problem("code", "编号", f"「{e.code}」与第 {seen[e.code]} 行重复", row))
                continue
            seen[e.code] = row
            experts.append(e)
        if not records:
            raise RecordError("文件中没有专家数据（只有表头或为空）")
        if problems:
            raise InvalidInput(problems, "导入失败，未写入任何数据")
        values = [self._values(e) for e in experts]

        def write(conn: Connection) -> None:
            existing = {r[0] for r in conn.execute(select(X.code))}
            for v in values:
                if v["code"] in existing:
                    conn.execute(update(experts_table).where(X.code == v["code"]).values(**v))
                else:
                    conn.execute(insert(experts_table).values(**v))

        self._record(lambda: self._changes(values, "import"), write, actor, role)
        return len(experts)

    def export_file(self, path: str | Path, *, encoding: str = "utf-8-sig") -> int:
        p = Path(path)
        experts = self.list()
        rows = [e.as_row() for e in experts]
        headers = [h for _, h, _, _ in COLUMNS]
        if p.suffix.lower() == ".xlsx":
            from openpyxl import Workbook

            wb = Workbook()
            ws = wb.active
            ws.title = "专家库"
            ws.append(headers)
            for r in rows:
                ws.append(neutralise_row(r[h] for h in headers))
            wb.save(p)
        else:
            buf = io.StringIO()
            w = csv.DictWriter(buf, fieldnames=headers, lineterminator="\r\n")
            w.writeheader()
            w.writerows({h: c for h, c in zip(headers, neutralise_row(r[h] for h in headers), strict=True)}
                        for r in rows)
            try:
                p.write_bytes(buf.getvalue().encode(encoding))
            except UnicodeEncodeError as exc:
                bad = buf.getvalue()[exc.start:exc.end]
                raise RecordError(f"字符「{bad}」无法用 {encoding} 编码保存，请改用 UTF-8") from None
        return len(rows)


def _normalise(data: dict[str, Any]) -> dict[str, Any]:
    """Accept Chinese headers or attribute names; specialties as a list or a joined string."""
    out: dict[str, Any] = {}
    for k, v in data.items():
        attr = _HEADER_ALIASES.get(str(k).strip().lstrip("\ufeff"))
        if attr is None:
            continue
        if attr == "specialties" and isinstance(v, (list, tuple)):
            v = "、".join(v)
        out[attr] = v
    return out


@contextmanager
def _file_refusals() -> Iterator[None]:
    """A file refused by the shared limits (size, zip bomb, row count, field length) is a RecordError here."""
    try:
        yield
    except FileRefused as exc:
        raise RecordError(str(exc)) from None


def _records(header: builtins.list[Any], body: Iterable[tuple[int, list[Any]]],
             source: str = "") -> builtins.list[tuple[int, dict[str, Any]]]:
    """Header and rows to records: the row limit and each field's length checked, a ``'`` the
    export put before a formula-like text taken off."""
    for i, h in enumerate(header):
        check_field(source, h, 1, f"第 {i + 1} 列")
    names = [str(h).strip().lstrip("\ufeff") if h is not None else "" for h in header]
    unknown = [n for n in names if n and n not in _HEADER_ALIASES]
    problems = [Problem(n, n, "是未知的列名", 1) for n in unknown]
    present = {_HEADER_ALIASES[n] for n in names if n in _HEADER_ALIASES}
    for attr, label, required, _ in COLUMNS:
        if required and attr not in present:
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
            check_field(source, c, row, names[i] if i < len(names) and names[i] else f"第 {i + 1} 列")
        if len(cells) > len(names):
            extra = [c for c in cells[len(names):] if c is not None and str(c).strip()]
            if extra:
                raise InvalidInput([Problem("", "", f"的列数（{len(cells)}）多于表头（{len(names)}）", row)],
                                   "导入失败，未写入任何数据")
        rec = {_HEADER_ALIASES[n]: (cells[i] if i < len(cells) else None)
               for i, n in enumerate(names) if n in _HEADER_ALIASES}
        out.append((row, rec))
    return out


def read_csv_bytes(data: bytes, source: str = "") -> builtins.list[tuple[int, dict[str, Any]]]:
    """CSV in UTF-8 (with or without BOM) or GBK/GB18030 (Excel's default on Chinese Windows)."""
    with _file_refusals():
        check_size(source, len(data))
    if b"\x00" in data[:4096]:
        name = f"文件 {source} " if source else "文件"
        raise RecordError(f"{name}含有二进制内容，不是 CSV 文本：请另存为 CSV UTF-8 或 .xlsx 后导入")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            raise RecordError("无法识别文件编码：请保存为 UTF-8 或 GBK 编码的 CSV") from None
    rows = csv_records(text, source)
    with _file_refusals():
        first = next(rows, None)
        if first is None:
            raise RecordError("文件中没有专家数据（只有表头或为空）")
        return _records(first[1], rows, source)


def read_xlsx(path: Path) -> builtins.list[tuple[int, dict[str, Any]]]:
    from openpyxl import load_workbook

    with _file_refusals():
        check_xlsx(path)  # size and zip directory, before openpyxl inflates anything
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several types for a damaged file
        raise RecordError(f"无法读取 Excel 文件 {path.name}：{exc}") from None
    try:
        rows = enumerate(wb.worksheets[0].iter_rows(values_only=True), start=1)
        with _file_refusals():
            first = next(rows, None)
            if first is None:
                raise RecordError("文件中没有专家数据（只有表头或为空）")
            return _records(list(first[1]), ((n, list(r)) for n, r in rows), path.name)
    except (RecordError, MemoryError):
        raise
    except Exception as exc:  # a damaged sheet fails inside openpyxl's parser
        raise RecordError(f"无法读取 Excel 文件 {path.name}：工作表内容已损坏（{type(exc).__name__}）") from None
    finally:
        wb.close()
