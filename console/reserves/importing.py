"""Import and export of depots, items and stock counts (CSV and XLSX).

Why all-or-nothing: a half-imported stock count is worse than none — the ledger
would mix last month's and this month's numbers. So every problem in the file is
collected with the row number and column header the user sees in the spreadsheet,
and either every row is returned or :class:`ImportRejected` carries every problem.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Generic, TypeVar

from console.documents.cells import (
    MAX_FIELD_CHARS,
    FileRefused,
    check_field,
    check_file_size,
    check_row_count,
    check_xlsx,
    csv_records,
    neutralise,
    neutralise_row,
    restore,
)
from console.errors import Refused
from console.reserves.catalogue import CODE_RE, SHORT_ID_RE, Catalogue, Item, parse_shelf_life
from console.reserves.limits import MAX_LOT_QTY

__all__ = [
    "DEPOT_LEVELS",
    "RESERVE_MODES",
    "DepotRecord",
    "ImportRejected",
    "ImportResult",
    "ItemRecord",
    "Problem",
    "StockRecord",
    "import_depots",
    "import_items",
    "import_stock",
    "read_table",
    "write_depots",
    "write_stock",
    "write_stocktaking_xlsx",
]

DEPOT_LEVELS = ("市级储备中心", "县级储备库", "乡镇储备点")
RESERVE_MODES = ("政府储备", "协议储备", "企业代储")
MAX_LISTED = 50  # problems spelled out in the exception text; all are on .problems

T = TypeVar("T")
Cell = Any


# ---------------------------------------------------------------- results


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong in the file: row as numbered in the spreadsheet (None = whole file)."""

    row: int | None
    column: str
    message: str

    def __str__(self) -> str:
        where = "整个文件" if self.row is None else f"第 {self.row} 行"
        col = f"「{self.column}」" if self.column else ""
        return f"{where}{col}：{self.message}"


class ImportRejected(Refused):
    """Nothing was imported; ``problems`` lists everything the user must fix."""

    def __init__(self, problems: Sequence[Problem], source: str = "") -> None:
        self.problems = list(problems)
        self.source = source
        head = f"文件 {source} " if source else "文件"
        if len(self.problems) == 1:  # one line, as a command line prints it
            super().__init__(f"{head}{self.problems[0]}。未导入任何数据，请修改后重新导入")
            return
        lines = [f"{head}有 {len(self.problems)} 处问题，未导入任何数据。请修改后重新导入："]
        lines += [str(p) for p in self.problems[:MAX_LISTED]]
        if len(self.problems) > MAX_LISTED:
            lines.append(f"……另有 {len(self.problems) - MAX_LISTED} 处问题未列出")
        super().__init__("\n".join(lines))


@dataclass(frozen=True, slots=True)
class ImportResult(Generic[T]):
    rows: list[T]
    source: str = ""


@dataclass(frozen=True, slots=True)
class DepotRecord:
    id: str
    name: str
    level: str  # one of DEPOT_LEVELS
    lat: float
    lon: float
    custodian: str = ""
    phone: str = ""
    mode: str = ""  # one of RESERVE_MODES, or "" when the file has no 储备方式 column
    row: int = 0


@dataclass(frozen=True, slots=True)
class StockRecord:
    depot: str
    item: str  # catalogue short id, e.g. "CY-001"
    code: str  # 7-digit code
    lot: str  # "" when the item is not tracked by lot
    qty: int
    expiry: date | None = None
    produced: date | None = None
    row: int = 0


@dataclass(frozen=True, slots=True)
class ItemRecord:
    """An item row from a user's item list (to extend or check the catalogue)."""

    id: str
    code: str
    name: str
    spec: str
    unit: str
    shelf_life: timedelta | None = None
    min_stock: int = 0
    row: int = 0


# ---------------------------------------------------------------- reading tables


@dataclass
class Table:
    source: str
    headers: list[str]
    rows: Iterator[tuple[int, list[Cell]]]  # (spreadsheet row number, cells)
    header_row: int = 1
    problems: list[Problem] = field(default_factory=list)


def _decode(data: bytes, source: str) -> str:
    """UTF-8 (with or without BOM) first, then GBK — what Excel and WPS actually save."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:4096]:
        raise ImportRejected([_bad_encoding()], source)
    for enc in ("utf-8", "gbk"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise ImportRejected([_bad_encoding()], source)


def _bad_encoding() -> Problem:
    return Problem(
        None, "", "文件编码无法识别（既不是 UTF-8 也不是 GBK）："
                  "请在 Excel 中另存为「CSV UTF-8（逗号分隔）」或直接使用 .xlsx"
    )


def read_table(path: str | Path) -> Table:
    """Open a CSV or XLSX file; the first non-empty row is the header."""
    p = Path(path)
    suffix = p.suffix.lower()
    try:
        if suffix == ".csv":
            check_file_size(p)
            try:
                text = _decode(p.read_bytes(), p.name)
            except OSError as exc:
                raise ImportRejected([Problem(None, "", f"无法读取文件：{exc.strerror or exc}")], p.name) from None
            return _csv_table(text, p.name)
        if suffix in (".xlsx", ".xlsm"):
            check_xlsx(p)  # before openpyxl inflates anything
            return _xlsx_table(p)
    except FileRefused as exc:
        raise ImportRejected([_problem(exc)], p.name) from None
    raise ImportRejected(
        [Problem(None, "", f"不支持的文件类型 {p.suffix or '（无扩展名）'}：请使用 .csv 或 .xlsx")], p.name
    )


def _problem(exc: FileRefused) -> Problem:
    return Problem(exc.row, exc.column, exc.detail)


def _header(rec: Sequence[Cell], source: str, row: int) -> list[str]:
    for i, c in enumerate(rec):
        check_field(source, c, row, f"第 {i + 1} 列")
    return [_clean_header(c) for c in rec]


def _csv_table(text: str, source: str) -> Table:
    it: Iterator[tuple[int, list[Cell]]] = csv_records(text, source)
    for n, rec in it:
        if any(c.strip() for c in rec):
            return Table(source, _header(rec, source, n), it, header_row=n)
    raise ImportRejected([Problem(None, "", "文件是空的：第一行应为列标题")], source)


def _xlsx_table(p: Path) -> Table:
    from openpyxl import load_workbook  # imported lazily: only XLSX users pay for it

    try:
        wb = load_workbook(p, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds
        raise ImportRejected(
            [Problem(None, "", f"无法打开 Excel 文件（{type(exc).__name__}）：请确认是 .xlsx 格式且未加密")],
            p.name,
        ) from None
    ws = wb.worksheets[0]
    rows = ws.iter_rows(min_row=1, values_only=True)

    def numbered() -> Iterator[tuple[int, list[Cell]]]:
        n = 0
        try:
            for n, rec in enumerate(rows, start=1):
                yield n, list(rec)
        except Exception as exc:  # noqa: BLE001 - a damaged sheet fails inside openpyxl's parser
            raise FileRefused(p.name, f"工作表内容已损坏（{type(exc).__name__}）：请在 Excel 中打开后另存为 .xlsx",
                              n + 1) from None
        finally:
            wb.close()

    it = numbered()
    for n, rec in it:
        if any(c is not None and str(c).strip() for c in rec):
            return Table(p.name, _header(rec, p.name, n), it, header_row=n)
    wb.close()
    raise ImportRejected([Problem(None, "", "工作表是空的：第一行应为列标题")], p.name)


_PAREN = re.compile(r"[（(][^）)]*[）)]\s*$")


def _clean_header(c: Cell) -> str:
    s = "" if c is None else str(c).replace("\ufeff", "").strip()
    return s


def _header_key(h: str) -> str:
    return _PAREN.sub("", h).strip().lower().replace(" ", "").replace("_", "")


@dataclass(frozen=True)
class _Col:
    key: str
    names: tuple[str, ...]  # first is the Chinese header we write and name in messages
    required: bool = True
    max_len: int = MAX_FIELD_CHARS  # the stored column's length where it is shorter


def _map_columns(table: Table, cols: Sequence[_Col]) -> tuple[dict[str, int], dict[str, str]]:
    """Find each expected column; a missing required one is reported once, with what was found."""
    lookup: dict[str, list[int]] = {}
    for idx, h in enumerate(table.headers):
        if h:
            lookup.setdefault(_header_key(h), []).append(idx)
    index: dict[str, int] = {}
    label: dict[str, str] = {}
    found = "、".join(h for h in table.headers if h) or "（无）"
    for col in cols:
        hits = sorted({i for n in col.names for i in lookup.get(_header_key(n), [])})
        if len(hits) > 1:
            table.problems.append(
                Problem(table.header_row, col.names[0], f"有 {len(hits)} 列都表示「{col.names[0]}」：请只保留一列")
            )
        if hits:
            index[col.key] = hits[0]
            label[col.key] = table.headers[hits[0]]
        elif col.required:
            table.problems.append(
                Problem(table.header_row, col.names[0], f"缺少必需的列「{col.names[0]}」。文件中找到的列：{found}")
            )
        label.setdefault(col.key, col.names[0])
    return index, label


def _text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))  # ids typed as numbers in Excel come back as 12.0
    return str(cell).strip()


_INT_RE = re.compile(r"^[+-]?\d+(\.0*)?$")


def _quantity(cell: Cell) -> tuple[int | None, str | None]:
    if isinstance(cell, bool):
        return None, f"数量 {cell!r} 不是数字"
    if isinstance(cell, int):
        value = cell
    elif isinstance(cell, float):
        if not cell.is_integer():
            return None, f"数量 {cell:g} 不是整数：请按最小计量单位填写整数"
        value = int(cell)
    else:
        s = _text(cell).replace(",", "")
        if not s:
            return None, "数量为空：请填写数量（没有库存填 0）"
        if not _INT_RE.match(s):
            try:
                float(s)
            except ValueError:
                return None, f"数量「{s}」不是数字：请填写非负整数"
            return None, f"数量 {s} 不是整数：请按最小计量单位填写整数"
        value = int(float(s)) if "." in s else int(s)
    if value < 0:
        return None, f"数量 {value} 为负数：库存数量不能小于 0"
    if value > MAX_LOT_QTY:
        return None, f"数量 {value:,} 过大：单批数量不能大于 {MAX_LOT_QTY:,}"
    return value, None


_DATE_RE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")


def _date(cell: Cell, cache: dict[str, date | str]) -> tuple[date | None, str | None]:
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return None, None
    if isinstance(cell, datetime):
        return cell.date(), None
    if isinstance(cell, date):
        return cell, None
    s = _text(cell)
    hit = cache.get(s)
    if hit is None:
        m = _DATE_RE.match(s)
        try:
            hit = date(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else "bad"
        except ValueError:
            hit = "bad"
        cache[s] = hit
    if isinstance(hit, date):
        return hit, None
    return None, f"日期「{s}」无法识别：请写成 YYYY-MM-DD，如 2026-06-30"


def _float(cell: Cell) -> float | None:
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        return float(cell)
    try:
        return float(_text(cell))
    except ValueError:
        return None


def _rows(
    table: Table, idx: dict[str, int], cols: Sequence[_Col]
) -> Iterator[tuple[int, list[Cell]]]:
    """The data rows: blank lines skipped, a ``'`` the export put before a formula-like text
    taken off, the row limit and every field's length checked (a row with an overlong field
    is reported and not passed on; a broken CSV record or too many rows end the reading)."""
    width = len(table.headers)
    limits = {idx[c.key]: c.max_len for c in cols if c.key in idx}
    floor = min([MAX_FIELD_CHARS, *limits.values()])
    count = 0
    try:
        for n, rec in table.rows:
            if not any(c is not None and (not isinstance(c, str) or c.strip()) for c in rec):
                continue  # blank lines are not data
            count += 1
            check_row_count(table.source, count, n)
            if len(rec) < width:
                rec = [*rec, *([None] * (width - len(rec)))]
            try:  # the usual CSV row, checked in C: short texts, none starting with '
                if "'" not in "".join(rec) and max(map(len, rec)) <= floor:
                    yield n, rec
                    continue
            except TypeError:  # XLSX cells: numbers, dates, None
                pass
            rec = [restore(c) for c in rec]
            long = [i for i, c in enumerate(rec) if isinstance(c, str) and len(c) > limits.get(i, MAX_FIELD_CHARS)]
            for i in long:
                column = table.headers[i] if i < width and table.headers[i] else f"第 {i + 1} 列"
                limit = limits.get(i, MAX_FIELD_CHARS)
                table.problems.append(Problem(n, column, f"超过 {limit} 个字符（共 {len(rec[i])} 个）"))
            if not long:
                yield n, rec
    except FileRefused as exc:
        table.problems.append(_problem(exc))


def _finish(table: Table, rows: list[T]) -> ImportResult[T]:
    if table.problems:
        table.problems.sort(key=lambda p: (p.row or 0))
        raise ImportRejected(table.problems, table.source)
    return ImportResult(rows, table.source)


# ---------------------------------------------------------------- depots

DEPOT_COLUMNS = (
    _Col("id", ("编号", "储备库编号", "id", "depot", "depot_id", "code"), max_len=40),
    _Col("name", ("名称", "储备库名称", "name"), max_len=200),
    _Col("level", ("级别", "level")),
    _Col("lat", ("纬度", "lat", "latitude")),
    _Col("lon", ("经度", "lon", "lng", "longitude")),
    _Col("custodian", ("保管人", "custodian", "keeper"), required=False, max_len=100),
    _Col("phone", ("联系电话", "电话", "phone", "tel"), required=False, max_len=40),
    _Col("mode", ("储备方式", "mode", "source"), required=False),
)


def import_depots(
    path: str | Path, inside: Callable[[float, float], bool] | None = None
) -> ImportResult[DepotRecord]:
    """Depots (储备库) file; ``inside(lat, lon)`` is the jurisdiction test (None = no test)."""
    table = read_table(path)
    idx, label = _map_columns(table, DEPOT_COLUMNS)
    probs = table.problems
    out: list[DepotRecord] = []
    seen: dict[str, int] = {}
    for n, rec in _rows(table, idx, DEPOT_COLUMNS):
        def get(key: str, rec: list[Cell] = rec) -> Cell:
            return rec[idx[key]] if key in idx else None

        ok = True
        did = _text(get("id"))
        if "id" in idx:
            if not did:
                probs.append(Problem(n, label["id"], "编号为空：每个储备库都需要唯一编号"))
                ok = False
            elif did in seen:
                probs.append(Problem(n, label["id"], f"编号 {did} 与第 {seen[did]} 行重复：编号必须唯一"))
                ok = False
            else:
                seen[did] = n
        name = _text(get("name"))
        if "name" in idx and not name:
            probs.append(Problem(n, label["name"], "名称为空：请填写储备库名称"))
            ok = False
        level = _text(get("level"))
        if "level" in idx and level not in DEPOT_LEVELS:
            probs.append(
                Problem(n, label["level"], f"级别「{level}」无效：应为 {'、'.join(DEPOT_LEVELS)} 之一")
            )
            ok = False
        mode = _text(get("mode"))
        if "mode" in idx and mode and mode not in RESERVE_MODES:
            probs.append(
                Problem(n, label["mode"], f"储备方式「{mode}」无效：应为 {'、'.join(RESERVE_MODES)} 之一")
            )
            ok = False
        lat, lon = _float(get("lat")), _float(get("lon"))
        for key, val, lo, hi in (("lat", lat, -90, 90), ("lon", lon, -180, 180)):
            if key in idx and (val is None or not lo <= val <= hi):
                probs.append(
                    Problem(n, label[key],
                            f"「{_text(get(key))}」不是有效的{label[key]}：应为 {lo}～{hi} 之间的小数（度）")
                )
                ok = False
        if ok and lat is not None and lon is not None and inside is not None and not inside(lat, lon):
            probs.append(
                Problem(
                    n,
                    f"{label['lat']}/{label['lon']}",
                    f"坐标 ({lat}, {lon}) 不在本辖区内：请核对经纬度是否填反、是否为 GCJ-02 坐标",
                )
            )
            ok = False
        if ok and not probs:
            assert lat is not None and lon is not None
            out.append(
                DepotRecord(did, name, level, lat, lon, _text(get("custodian")), _text(get("phone")), mode, n)
            )
    return _finish(table, out)


# ---------------------------------------------------------------- stock

STOCK_COLUMNS = (
    _Col("depot", ("储备库编号", "库编号", "depot", "depot_id"), max_len=40),
    _Col("item", ("物资编码", "物资代码", "item", "item_code", "code")),
    _Col("lot", ("批号", "lot", "batch"), max_len=60),
    _Col("qty", ("数量", "库存数量", "qty", "quantity")),
    _Col("expiry", ("有效期至", "有效期", "expiry", "expires", "expiry_date")),
    _Col("produced", ("生产日期", "produced", "production_date", "manufactured"), required=False),
)


def import_stock(
    path: str | Path,
    catalogue: Catalogue,
    depots: Collection[str] | None = None,
) -> ImportResult[StockRecord]:
    """Stock count (库存/盘点) file; items by 7-digit code or short id; ``depots`` = known ids.

    An empty 有效期至 is filled from 生产日期 + the item's shelf life when possible.
    """
    table = read_table(path)
    idx, label = _map_columns(table, STOCK_COLUMNS)
    probs = table.problems
    out: list[StockRecord] = []
    seen: dict[tuple[str, str, str], int] = {}
    dates: dict[str, date | str] = {}
    resolve = catalogue.resolve
    i_depot, i_item, i_lot, i_qty = (idx.get(k) for k in ("depot", "item", "lot", "qty"))
    i_exp, i_prod = idx.get("expiry"), idx.get("produced")
    known = set(depots) if depots is not None else None
    for n, rec in _rows(table, idx, STOCK_COLUMNS):
        ok = True
        depot = _text(rec[i_depot]) if i_depot is not None else ""
        if i_depot is not None:
            if not depot:
                probs.append(Problem(n, label["depot"], "储备库编号为空"))
                ok = False
            elif known is not None and depot not in known:
                probs.append(Problem(n, label["depot"], f"储备库编号 {depot} 不存在：请先导入该储备库或核对编号"))
                ok = False
        item: Item | None = None
        if i_item is not None:
            ref = _text(rec[i_item])
            item = resolve(ref)
            if item is None:
                probs.append(
                    Problem(n, label["item"],
                            f"物资编码「{ref}」不在物资目录中：请使用 7 位编码（如 2620101）或短编号（如 CY-001）")
                )
                ok = False
        lot = _text(rec[i_lot]) if i_lot is not None else ""
        qty: int | None = None
        if i_qty is not None:
            qty, err = _quantity(rec[i_qty])
            if err:
                probs.append(Problem(n, label["qty"], err))
                ok = False
        expiry = produced = None
        if i_exp is not None:
            expiry, err = _date(rec[i_exp], dates)
            if err:
                probs.append(Problem(n, label["expiry"], err))
                ok = False
        if i_prod is not None:
            produced, err = _date(rec[i_prod], dates)
            if err:
                probs.append(Problem(n, label["produced"], err))
                ok = False
        if ok and item is not None and i_lot is not None:
            key = (depot, item.id, lot)
            first = seen.get(key)
            if first is not None:
                what = f"批号 {lot}" if lot else "（无批号）"
                probs.append(
                    Problem(n, label["lot"],
                            f"与第 {first} 行重复：储备库 {depot} 的 {item.label} {what} 出现两次，请合并为一行")
                )
                ok = False
            else:
                seen[key] = n
            if expiry is None and produced is not None and item.shelf_life is not None:
                expiry = produced + item.shelf_life
            if expiry is None and item.shelf_life is not None and i_exp is not None:
                probs.append(
                    Problem(n, label["expiry"], f"{item.label}有保质期，有效期至为空：请填写有效期至（或生产日期）")
                )
                ok = False
            elif expiry is not None and produced is not None and expiry < produced:
                probs.append(Problem(n, label["expiry"], f"有效期至 {expiry} 早于生产日期 {produced}：请核对"))
                ok = False
        if ok and not probs:
            assert item is not None and qty is not None
            out.append(StockRecord(depot, item.id, item.code, lot, qty, expiry, produced, n))
    return _finish(table, out)


# ---------------------------------------------------------------- items

ITEM_COLUMNS = (
    _Col("code", ("物资编码", "编码", "code", "item_code")),
    _Col("id", ("短编号", "id", "short_id")),
    _Col("name", ("物资名称", "名称", "name")),
    _Col("spec", ("规格", "规格型号", "spec"), required=False),
    _Col("unit", ("单位", "计量单位", "unit")),
    _Col("shelf_life", ("保质期", "shelf_life"), required=False),
    _Col("min_stock", ("最低库存", "最低储备量", "min_stock"), required=False),
)


def import_items(path: str | Path, catalogue: Catalogue) -> ImportResult[ItemRecord]:
    """An item list; codes must fit the scheme and agree with the catalogue's categories.

    保质期 is a number of days (365) or ISO-8601 days (P365D); empty = 无保质期.
    """
    table = read_table(path)
    idx, label = _map_columns(table, ITEM_COLUMNS)
    probs = table.problems
    prefixes = {c.level1 + c.middle: c for c in catalogue.categories.values()}
    out: list[ItemRecord] = []
    seen_code: dict[str, int] = {}
    seen_id: dict[str, int] = {}
    for n, rec in _rows(table, idx, ITEM_COLUMNS):
        def get(key: str, rec: list[Cell] = rec) -> str:
            return _text(rec[idx[key]]) if key in idx else ""

        ok = True
        code, sid = get("code"), get("id").upper()
        cat = prefixes.get(code[:3])
        if "code" in idx:
            if not CODE_RE.match(code):
                probs.append(Problem(n, label["code"], f"物资编码「{code}」应为 7 位数字（首位 1–3）"))
                ok = False
            elif cat is None:
                probs.append(Problem(n, label["code"], f"物资编码 {code} 的前三位 {code[:3]} 不属于任何已知类别"))
                ok = False
            elif code in seen_code:
                probs.append(Problem(n, label["code"], f"物资编码 {code} 与第 {seen_code[code]} 行重复"))
                ok = False
            else:
                seen_code[code] = n
        if "id" in idx:
            m = SHORT_ID_RE.match(sid)
            if not m:
                probs.append(Problem(n, label["id"], f"短编号「{sid}」应形如 KJ-001"))
                ok = False
            elif cat is not None and m.group(1) != cat.code:
                probs.append(Problem(n, label["id"], f"短编号 {sid} 与编码 {code} 的类别 {cat.code} 不一致"))
                ok = False
            elif sid in seen_id:
                probs.append(Problem(n, label["id"], f"短编号 {sid} 与第 {seen_id[sid]} 行重复"))
                ok = False
            else:
                seen_id[sid] = n
        for key in ("name", "unit"):
            if key in idx and not get(key):
                probs.append(Problem(n, label[key], f"{label[key]}为空"))
                ok = False
        shelf: timedelta | None = None
        raw_shelf = get("shelf_life")
        if raw_shelf:
            try:
                shelf = parse_shelf_life(f"P{raw_shelf}D" if raw_shelf.isdigit() else raw_shelf, "")
            except ValueError:
                probs.append(Problem(n, label["shelf_life"], f"保质期「{raw_shelf}」无效：填天数（如 365）或留空"))
                ok = False
        min_stock = 0
        if get("min_stock"):
            q, err = _quantity(rec[idx["min_stock"]])
            if err:
                probs.append(Problem(n, label["min_stock"], err.replace("数量", "最低库存")))
                ok = False
            min_stock = q or 0
        if ok and not probs:
            out.append(ItemRecord(sid, code, get("name"), get("spec"), get("unit"), shelf, min_stock, n))
    return _finish(table, out)


# ---------------------------------------------------------------- export

DEPOT_HEADERS = ("编号", "名称", "级别", "纬度", "经度", "保管人", "联系电话", "储备方式")
STOCK_HEADERS = ("储备库编号", "物资编码", "批号", "数量", "有效期至", "生产日期")


def _depot_row(d: DepotRecord) -> list[Cell]:
    return [d.id, d.name, d.level, d.lat, d.lon, d.custodian, d.phone, d.mode]


def _stock_row(s: StockRecord) -> list[Cell]:
    return [s.depot, s.code, s.lot, s.qty, s.expiry, s.produced]


def write_depots(rows: Iterable[DepotRecord], path: str | Path) -> Path:
    """Write depots as .csv (UTF-8 with BOM, so Excel shows Chinese) or .xlsx, by extension."""
    return write_table(path, DEPOT_HEADERS, (_depot_row(d) for d in rows), "储备库")


def write_stock(rows: Iterable[StockRecord], path: str | Path) -> Path:
    """Write stock rows in the same layout :func:`import_stock` reads back."""
    return write_table(path, STOCK_HEADERS, (_stock_row(s) for s in rows), "库存")


def write_table(path: str | Path, headers: Sequence[str], rows: Iterable[list[Cell]], sheet: str) -> Path:
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix == ".csv":
        with p.open("w", encoding="utf-8-sig", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(headers)
            for r in rows:
                w.writerow(neutralise_row("" if c is None else c.isoformat() if isinstance(c, date) else c for c in r))
        return p
    if suffix == ".xlsx":
        from openpyxl import Workbook

        wb = Workbook(write_only=True)
        ws = wb.create_sheet(sheet)
        ws.append(list(headers))
        for r in rows:
            ws.append(neutralise_row(c.isoformat() if isinstance(c, date) else c for c in r))
        wb.save(p)
        return p
    raise ValueError(f"不支持导出为 {p.suffix or '（无扩展名）'}：请使用 .csv 或 .xlsx")


STOCKTAKING_HEADERS = (
    "储备库编号", "储备库名称", "物资编码", "短编号", "物资名称", "规格", "单位",
    "批号", "有效期至", "账面数量", "实盘数量", "差异", "备注",
)


def write_stocktaking_xlsx(
    rows: Iterable[StockRecord],
    path: str | Path,
    catalogue: Catalogue,
    depot_names: dict[str, str] | None = None,
    title: str = "应急物资盘点表",
) -> Path:
    """盘点表: book quantities, an empty 实盘数量 column to fill in, and a 差异 formula."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    names = depot_names or {}
    wb = Workbook()
    ws = wb.active
    ws.title = "盘点表"
    ncol = len(STOCKTAKING_HEADERS)
    ws.cell(row=1, column=1, value=neutralise(title)).font = Font(bold=True, size=14)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncol)
    ws.cell(row=1, column=1).alignment = Alignment(horizontal="center")
    for c, h in enumerate(STOCKTAKING_HEADERS, start=1):
        ws.cell(row=2, column=c, value=h).font = Font(bold=True)
    col = {h: get_column_letter(i) for i, h in enumerate(STOCKTAKING_HEADERS, start=1)}
    r = 2
    for s in sorted(rows, key=lambda s: (s.depot, s.code, s.expiry or date.max, s.lot)):
        r += 1
        item = catalogue.resolve(s.code)
        book, real = f"{col['账面数量']}{r}", f"{col['实盘数量']}{r}"
        ws.append([
            *neutralise_row([s.depot, names.get(s.depot, ""), s.code, s.item,
                             item.name if item else "", item.spec if item else "", item.unit if item else "",
                             s.lot, s.expiry.isoformat() if s.expiry else "", s.qty, None]),
            f'=IF({real}="","",{real}-{book})',  # the one formula of the sheet, written on purpose
            "",
        ])
    ws.freeze_panes = "A3"
    widths = (12, 18, 10, 9, 22, 26, 6, 14, 12, 10, 10, 8, 16)
    for i, wdt in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = wdt
    p = Path(path)
    wb.save(p)
    return p
