"""The reference data a centre owns: its townships (乡镇（街道）) and its register of regulated
entities (监管对象), the synonyms it adds to the specialty vocabulary, its depots' status and
its minimum stock per depot and item.

Imports read CSV (UTF-8 or GBK) or XLSX and are all-or-nothing: every row is checked first,
each problem names its row and column (「第 4 行「纬度」：…」), and only a file without
problems is written, in one transaction. A re-import updates rows by their key (a township's
code, else county and name; an entity's licence number) and logs only the rows that changed.

Every change is an event of the centre's ``reference`` stream written in the same transaction
as its row (``reference.township_added|updated``, ``reference.entity_added|updated``,
``reference.synonym_added``, ``reference.minimum_set``, ``reference.depot_deactivated|
reactivated``); :meth:`ReferenceData.verify` replays the stream against the tables.

Positions must lie in the jurisdiction (``console.geo.boundaries.contains``); with no
jurisdiction set nothing with a position is accepted (「请先设置辖区」).
"""

from __future__ import annotations

import builtins
import json
import math
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, and_, insert, select, update

from console.clock import Clock, SystemClock
from console.documents.cells import FileRefused
from console.errors import Refused
from console.reference.models import entities_table, synonyms_table, townships_table
from console.reference.quorum import QuorumWarning, quorum_warnings
from console.reference.vocabulary import Vocabulary, centre_vocabulary
from console.reserves.importing import ImportRejected, Problem, Table, read_table, write_table
from console.reserves.models import depots_table, minimums_table
from console.store.chain import to_us
from console.store.db import Database
from console.store.eventlog import EventLog, NewEvent, StaleAppend, StoredEvent
from console.store.verify import record_problems

STREAM = "reference"
ATTEMPTS = 20
SYSTEM_ACTOR = "（未署名）"
MANAGE_ROLES = frozenset({"duty_officer", "commander", "deputy", "admin"})  # who keeps reference data
NO_JURISDICTION = "请先设置辖区（行政区划代码），再导入带坐标或区县代码的基础数据"

#: Categories of regulated entities (key → Chinese name), after the supervision segments of the
#: 食品药品安全规划 (食品生产、经营、餐饮服务；药品生产、经营、使用；医疗器械、化妆品生产、经营).
CATEGORIES: dict[str, str] = {
    "food_production": "食品生产",
    "food_operation": "食品销售",
    "catering": "餐饮服务",
    "drug_production": "药品生产",
    "drug_operation": "药品经营",
    "drug_use": "药品使用",
    "device_production": "医疗器械生产",
    "device_operation": "医疗器械经营",
    "cosmetics_production": "化妆品生产",
    "cosmetics_operation": "化妆品经营",
}
_CATEGORY_IN = {**{v: k for k, v in CATEGORIES.items()}, **{k: k for k in CATEGORIES},
                "食品经营": "food_operation", "食品流通": "food_operation", "餐饮": "catering",
                "餐饮服务单位": "catering", "药品零售": "drug_operation", "药品批发": "drug_operation",
                "医疗机构": "drug_use", "医疗器械使用": "device_operation"}
#: The map's entity layer knows fewer categories (ui.map.view.ENTITY_CATEGORIES).
MAP_CATEGORY = {"device_production": "device", "device_operation": "device",
                "cosmetics_production": "cosmetics", "cosmetics_operation": "cosmetics"}
RISK_GRADES = ("A", "B", "C", "D")
_GRADE_IN = {**{g: g for g in RISK_GRADES}, **{g.lower(): g for g in RISK_GRADES},
             **{f"{g}级": g for g in RISK_GRADES}, **{chr(ord(g) + 0xFEE0): g for g in RISK_GRADES}}
_LICENCE = re.compile(r"^[0-9A-Za-z\-]{6,40}$")
_COUNTY = re.compile(r"^\d{6}$")
_TOWN_CODE = re.compile(r"^(\d{9}|\d{12})$")


class ReferenceError(Refused):
    """A reference-data change refused; the message (Chinese) says why."""


@dataclass(frozen=True)
class Column:
    key: str
    names: tuple[str, ...]  # the first is the header written on export and named in messages
    required: bool = False
    max_len: int = 200


TOWNSHIP_COLUMNS = (
    Column("code", ("乡镇代码", "行政区划代码", "代码", "code"), max_len=12),
    Column("name", ("乡镇名称", "名称", "乡镇（街道）", "乡镇", "街道", "name"), True, 50),
    Column("county", ("区县代码", "所属区县代码", "county", "county_code"), True, 6),
    Column("lat", ("纬度", "lat", "latitude")),
    Column("lon", ("经度", "lon", "lng", "longitude")),
    Column("area", ("范围", "区域", "area", "geojson"), max_len=200_000),
)
ENTITY_COLUMNS = (
    Column("licence_no", ("许可证号", "统一社会信用代码/许可证号", "统一社会信用代码", "许可证编号",
                          "licence_no", "license_no"), True, 40),
    Column("category", ("类别", "监管类别", "category"), True, 30),
    Column("name", ("名称", "单位名称", "企业名称", "name"), True, 200),
    Column("address", ("地址", "经营地址", "address"), max_len=300),
    Column("county", ("区县代码", "所属区县代码", "county"), max_len=6),
    Column("township", ("乡镇（街道）", "乡镇", "街道", "township"), max_len=50),
    Column("lat", ("纬度", "lat", "latitude")),
    Column("lon", ("经度", "lon", "lng", "longitude")),
    Column("supervisor", ("监管单位", "日常监管单位", "supervisor"), max_len=100),
    Column("risk_grade", ("风险等级", "风险分级", "risk_grade"), max_len=4),
)
MINIMUM_COLUMNS = (
    Column("depot", ("储备库编号", "库编号", "depot", "depot_id"), True, 40),
    Column("item", ("物资编码", "物资代码", "短编号", "item", "code"), True, 20),
    Column("min_qty", ("最低储备量", "最低库存", "最低储备", "min_qty", "minimum"), True, 20),
)


@dataclass(frozen=True)
class TownshipRecord:
    key: str
    code: str
    name: str
    county: str
    lat: float | None = None
    lon: float | None = None
    area: str = ""  # GeoJSON geometry, canonical JSON text

    def as_place(self) -> dict[str, Any]:
        """What the window's place search and map labels take: {code, county, name, lat, lon}."""
        return {"code": self.code, "county": self.county, "name": self.name, "lat": self.lat, "lon": self.lon}


@dataclass(frozen=True)
class EntityRecord:
    licence_no: str
    category: str
    name: str
    address: str = ""
    county: str = ""
    township: str = ""
    lat: float | None = None
    lon: float | None = None
    supervisor: str = ""
    risk_grade: str = ""

    @property
    def category_title(self) -> str:
        return CATEGORIES.get(self.category, self.category)

    def as_map_row(self) -> dict[str, Any]:
        """What the map's entity layer and the place search take: {id, category, county, township,
        name, lat, lon} (category as the map knows it)."""
        return {"id": self.licence_no, "category": MAP_CATEGORY.get(self.category, self.category),
                "county": self.county, "township": self.township, "name": self.name,
                "lat": self.lat, "lon": self.lon, "risk_grade": self.risk_grade}


@dataclass(frozen=True)
class ImportSummary:
    rows: int
    added: int
    updated: int
    unchanged: int

    def text(self, noun: str) -> str:
        return (f"已导入{noun} {self.rows} 行：新增 {self.added}，更新 {self.updated}，"
                f"无变化 {self.unchanged}")


# ---------------------------------------------------------------- reading a file


def county_prefix(jurisdiction: str) -> str:
    """The code prefix of the counties inside a jurisdiction (410100 → 4101; 350122 → 350122)."""
    if jurisdiction.endswith("0000"):
        return jurisdiction[:2]
    if jurisdiction.endswith("00"):
        return jurisdiction[:4]
    return jurisdiction


def _text(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def _float(cell: Any) -> float | None:
    if isinstance(cell, bool):
        return None
    if isinstance(cell, (int, float)):
        v = float(cell)
    else:
        try:
            v = float(_text(cell))
        except ValueError:
            return None
    return v if math.isfinite(v) else None


def _key(h: str) -> str:
    """A header as compared: a trailing note in brackets dropped (「纬度（GCJ-02）」), case and
    spaces ignored."""
    return re.sub(r"[（(][^）)]*[）)]\s*$", "", h).strip().lower().replace(" ", "").replace("_", "")


@dataclass
class Sheet:
    """A file's rows as {column key: cell}, with the header each key was found under."""

    source: str
    rows: list[tuple[int, dict[str, Any]]]
    label: dict[str, str]
    problems: list[Problem]


def read_sheet(path: str | Path, columns: Sequence[Column]) -> Sheet:
    """Read a CSV/XLSX file and map its header to ``columns`` (unknown and missing columns,
    over-long cells: problems). ImportRejected at once when the header is wrong."""
    table: Table = read_table(path)
    lookup: dict[str, int] = {}
    for i, h in enumerate(table.headers):
        if h:
            lookup.setdefault(_key(h), i)
    known = {_key(n) for c in columns for n in c.names}
    problems: list[Problem] = []
    index: dict[str, int] = {}
    label: dict[str, str] = {}
    for c in columns:
        hit = next((lookup[_key(n)] for n in c.names if _key(n) in lookup), None)
        label[c.key] = c.names[0]
        if hit is None:
            if c.required:
                problems.append(Problem(table.header_row, c.names[0], f"缺少必需的列「{c.names[0]}」"))
            continue
        index[c.key] = hit
        label[c.key] = table.headers[hit]
    for h in table.headers:
        if h and _key(h) not in known:
            problems.append(Problem(table.header_row, h, "是未知的列名（请对照导入模板）"))
    if problems:
        raise ImportRejected(problems, table.source)
    limits = {c.key: c.max_len for c in columns}
    rows: list[tuple[int, dict[str, Any]]] = []
    try:
        for n, rec in table.rows:
            if not any(c is not None and str(c).strip() for c in rec):
                continue
            vals = {k: (rec[i] if i < len(rec) else None) for k, i in index.items()}
            for k, v in vals.items():
                if isinstance(v, str) and len(v) > limits[k]:
                    problems.append(Problem(n, label[k], f"超过 {limits[k]} 个字符（共 {len(v)} 个）"))
            rows.append((n, vals))
    except FileRefused as exc:  # the shared limits (rows, damaged sheet) end the reading
        problems.append(Problem(exc.row, exc.column, exc.detail))
    if not rows and not problems:
        problems.append(Problem(None, "", "文件中没有数据（只有表头）"))
    return Sheet(table.source, rows, label, problems)


# ---------------------------------------------------------------- the service


def _township_values(t: TownshipRecord) -> dict[str, Any]:
    return {"key": t.key, "code": t.code, "name": t.name, "county": t.county, "lat": t.lat, "lon": t.lon,
            "area": t.area}


def _entity_values(e: EntityRecord) -> dict[str, Any]:
    return {"licence_no": e.licence_no, "category": e.category, "name": e.name, "address": e.address,
            "county": e.county, "township": e.township, "lat": e.lat, "lon": e.lon,
            "supervisor": e.supervisor, "risk_grade": e.risk_grade}


TOWNSHIP_LABELS = {"key": "键", "code": "乡镇代码", "name": "乡镇名称", "county": "区县代码", "lat": "纬度",
                   "lon": "经度", "area": "范围"}
ENTITY_LABELS = {"licence_no": "许可证号", "category": "类别", "name": "名称", "address": "地址",
                 "county": "区县代码", "township": "乡镇（街道）", "lat": "纬度", "lon": "经度",
                 "supervisor": "监管单位", "risk_grade": "风险等级"}


class ReferenceData:
    """The townships, the entity register, the specialty synonyms, depot status and minimums."""

    def __init__(self, db: Database, clock: Clock | None = None, *, log: EventLog | None = None,
                 jurisdiction: Callable[[], str | None] | str | None = None, mode: str = "real") -> None:
        self.db = db
        self.clock: Clock = clock or SystemClock()
        self.log = log or EventLog(db, self.clock)
        self._jurisdiction = jurisdiction
        self.mode = mode

    @property
    def jurisdiction(self) -> str | None:
        j = self._jurisdiction
        return j() if callable(j) else j

    # -- reading -------------------------------------------------------------------
    def townships(self, county: str | None = None) -> builtins.list[TownshipRecord]:
        q = select(townships_table).order_by(townships_table.c.county, townships_table.c.key)
        if county is not None:
            q = q.where(townships_table.c.county == county)
        with self.db.reading() as conn:
            return [TownshipRecord(r.key, r.code, r.name, r.county, r.lat, r.lon, r.area) for r in conn.execute(q)]

    def entities(self, category: str | None = None) -> builtins.list[EntityRecord]:
        E = entities_table.c
        q = select(entities_table).order_by(E.licence_no)
        if category is not None:
            q = q.where(E.category == _CATEGORY_IN.get(category, category))
        with self.db.reading() as conn:
            return [EntityRecord(r.licence_no, r.category, r.name, r.address, r.county, r.township, r.lat, r.lon,
                                 r.supervisor, r.risk_grade) for r in conn.execute(q)]

    def iter_map_entities(self) -> Iterator[dict[str, Any]]:
        """The register as the map's entity layer takes it (for ``MainWindow(entities=…)``)."""
        for e in self.entities():
            if e.lat is not None and e.lon is not None:
                yield e.as_map_row()

    def counts(self) -> dict[str, int]:
        from sqlalchemy import func

        with self.db.reading() as conn:
            return {
                "townships": conn.execute(select(func.count()).select_from(townships_table)).scalar_one(),
                "entities": conn.execute(select(func.count()).select_from(entities_table)).scalar_one(),
                "synonyms": conn.execute(select(func.count()).select_from(synonyms_table)).scalar_one(),
                "depots": conn.execute(select(func.count()).select_from(depots_table)).scalar_one(),
                "inactive_depots": conn.execute(select(func.count()).select_from(depots_table)
                                                .where(depots_table.c.active.is_(False))).scalar_one(),
                "minimums": conn.execute(select(func.count()).select_from(minimums_table)).scalar_one(),
            }

    # -- the vocabulary ------------------------------------------------------------
    def vocabulary(self) -> Vocabulary:
        """The shipped specialty vocabulary with this centre's synonyms."""
        return centre_vocabulary(self.db)

    def quorum_warnings(self, plan: Any, experts: Sequence[Any]) -> builtins.list[QuorumWarning]:
        """The plan's consultations the registry's ``experts`` could never satisfy (warnings)."""
        return quorum_warnings(plan, experts, self.vocabulary())

    def add_synonym(self, synonym: str, specialty: str, *, actor: str = SYSTEM_ACTOR,
                    role: str = "duty_officer") -> None:
        """Add a synonym for a canonical specialty (this centre's wording, e.g. 「食品卫生学」)."""
        synonym, specialty = (synonym or "").strip(), (specialty or "").strip()
        vocab = self.vocabulary()
        term = vocab.canonical(specialty)
        if not synonym or len(synonym) > 50:
            raise ReferenceError("同义词不能为空，且不超过 50 字")
        if term is None:
            hint = "、".join(vocab.suggest(specialty)) or "、".join(vocab.terms[:6])
            raise ReferenceError(f"「{specialty}」不是专业领域词表中的专业（是否指：{hint}）")
        have = vocab.canonical(synonym)
        if have is not None:
            raise ReferenceError(f"「{synonym}」已在词表中（表示「{have}」），无需添加")
        new = {"synonym": synonym, "specialty": term}

        def write(conn: Connection, _evs: builtins.list[StoredEvent]) -> None:
            conn.execute(insert(synonyms_table).values(**new, updated_us=to_us(self.clock.now())))

        self._record(lambda: [("reference.synonym_added", {"key": synonym, "new": new})], write, actor, role)

    # -- writing -------------------------------------------------------------------
    @staticmethod
    def check_role(role: str) -> None:
        """Reference data is kept by the duty officers, commanders and administrators: an
        observer (or another known role) is refused; a plan's own role passes."""
        from console.auth.roles import ROLE_TITLES, role_title

        if role == "observer" or (role in ROLE_TITLES and role not in MANAGE_ROLES):
            names = "、".join(ROLE_TITLES[r] for r in ROLE_TITLES if r in MANAGE_ROLES)
            raise ReferenceError(f"角色「{role_title(role)}」不能修改基础数据（可执行的角色：{names}）")

    def _record(self, changes: Callable[[], builtins.list[tuple[str, dict[str, Any]]]],
                write: Callable[[Connection, builtins.list[StoredEvent]], None], actor: str, role: str) -> int:
        self.check_role(role)
        actor = (actor or "").strip() or SYSTEM_ACTOR
        for _ in range(ATTEMPTS):
            version = self.log.stream_version(STREAM)
            now = self.clock.now()
            planned = changes()
            if not planned:
                return 0
            events = [NewEvent(t, now, actor, role or "duty_officer", p, self.mode) for t, p in planned]
            try:
                self.log.append(STREAM, version, events, in_transaction=write)
                return len(events)
            except StaleAppend:
                continue
        raise ReferenceError("基础数据正被其他指挥台频繁修改，本次修改未保存，请稍后重试")

    def _need_jurisdiction(self) -> str:
        j = self.jurisdiction
        if not j:
            raise ReferenceError(NO_JURISDICTION)
        return j

    def _inside(self, j: str, lat: float, lon: float) -> bool:
        from console.geo.boundaries import contains

        return contains(j, lat, lon)

    def _point(self, n: int, vals: dict[str, Any], label: dict[str, str], j: str,
               problems: builtins.list[Problem]) -> tuple[float | None, float | None, bool]:
        """Latitude and longitude of a row (both or neither), inside the jurisdiction."""
        raw_lat, raw_lon = _text(vals.get("lat")), _text(vals.get("lon"))
        if not raw_lat and not raw_lon:
            return None, None, True
        ok = True
        lat, lon = _float(vals.get("lat")), _float(vals.get("lon"))
        for key, v, lo, hi, raw in (("lat", lat, -90, 90, raw_lat), ("lon", lon, -180, 180, raw_lon)):
            if v is None or not lo <= v <= hi:
                what = "纬度" if key == "lat" else "经度"
                problems.append(Problem(n, label[key], f"「{raw}」不是有效的{what}：应为 {lo}～{hi} 之间的小数（度），"
                                                       "经纬度须同时填写或同时留空"))
                ok = False
        if ok and lat is not None and lon is not None and not self._inside(j, lat, lon):
            problems.append(Problem(n, f"{label['lat']}/{label['lon']}",
                                    f"坐标 ({lat}, {lon}) 不在本辖区（{j}）内："
                                    "请核对经纬度是否填反、是否为 GCJ-02 坐标"))
            ok = False
        return lat, lon, ok

    def _county(self, n: int, raw: str, label: str, j: str, problems: builtins.list[Problem]) -> bool:
        if not _COUNTY.match(raw):
            problems.append(Problem(n, label, f"「{raw}」不是 6 位区县行政区划代码（如 410105）"))
            return False
        prefix = county_prefix(j)
        if not raw.startswith(prefix) or (raw == j and j.endswith("00")):
            problems.append(Problem(n, label, f"区县代码 {raw} 不属于本辖区（{j}）"))
            return False
        return True

    def parse_townships(self, path: str | Path) -> builtins.list[TownshipRecord]:
        """Check a townships file completely; ImportRejected naming every row and column."""
        j = self._need_jurisdiction()
        sheet = read_sheet(path, TOWNSHIP_COLUMNS)
        problems, label = sheet.problems, sheet.label
        out: builtins.list[TownshipRecord] = []
        seen: dict[str, int] = {}
        for n, vals in sheet.rows:
            ok = True
            name, county, code = _text(vals.get("name")), _text(vals.get("county")), _text(vals.get("code"))
            if not name:
                problems.append(Problem(n, label["name"], "乡镇名称为空"))
                ok = False
            if not county:
                problems.append(Problem(n, label["county"], "区县代码为空"))
                ok = False
            elif not self._county(n, county, label["county"], j, problems):
                ok = False
            if code:
                if not _TOWN_CODE.match(code):
                    problems.append(Problem(n, label["code"], f"「{code}」不是 9 位或 12 位乡镇行政区划代码"))
                    ok = False
                elif county and not code.startswith(county):
                    problems.append(Problem(n, label["code"], f"乡镇代码 {code} 与区县代码 {county} 不符"))
                    ok = False
            lat, lon, ok_point = self._point(n, vals, label, j, problems)
            area = ""
            raw_area = _text(vals.get("area"))
            if raw_area:
                area, rep = self._area(n, raw_area, label["area"], j, problems)
                if area and lat is None and rep is not None:
                    lat, lon = rep
                ok = ok and bool(area)
            if not (ok and ok_point):
                continue
            key = code or f"{county}:{name}"
            if key in seen:
                problems.append(Problem(n, label["code"] if code else label["name"],
                                        f"与第 {seen[key]} 行重复（{code or county + ' ' + name}）"))
                continue
            seen[key] = n
            out.append(TownshipRecord(key, code, name, county, lat, lon, area))
        if problems:
            raise ImportRejected(sorted(problems, key=lambda p: p.row or 0), sheet.source)
        return out

    def _area(self, n: int, raw: str, label: str, j: str, problems: builtins.list[Problem]
              ) -> tuple[str, tuple[float, float] | None]:
        try:
            obj = json.loads(raw)
        except ValueError:
            problems.append(Problem(n, label, "不是 GeoJSON 文本（应为 {\"type\": \"Polygon\", \"coordinates\": …}）"))
            return "", None
        if isinstance(obj, dict) and obj.get("type") == "Feature":
            obj = obj.get("geometry")
        if not isinstance(obj, dict) or obj.get("type") not in ("Polygon", "MultiPolygon"):
            problems.append(Problem(n, label, "应为 GeoJSON Polygon 或 MultiPolygon"))
            return "", None
        try:
            from shapely.geometry import shape

            geom = shape(obj)
            if geom.is_empty or not geom.is_valid:
                raise ValueError("invalid")
            rep = geom.representative_point()
        except Exception:  # noqa: BLE001 - shapely raises several kinds for bad coordinates
            problems.append(Problem(n, label, "范围的坐标无效（多边形应闭合、不自相交，坐标为 [经度, 纬度]）"))
            return "", None
        if not self._inside(j, rep.y, rep.x):
            problems.append(Problem(n, label, f"范围不在本辖区（{j}）内：请核对坐标是否为 [经度, 纬度]"))
            return "", None
        text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        return text, (round(rep.y, 6), round(rep.x, 6))

    def parse_entities(self, path: str | Path) -> builtins.list[EntityRecord]:
        """Check an entities file completely; ImportRejected naming every row and column."""
        j = self._need_jurisdiction()
        sheet = read_sheet(path, ENTITY_COLUMNS)
        problems, label = sheet.problems, sheet.label
        towns: dict[str, builtins.list[TownshipRecord]] = {}
        for t in self.townships():
            towns.setdefault(t.name, []).append(t)
        out: builtins.list[EntityRecord] = []
        seen: dict[str, int] = {}
        for n, vals in sheet.rows:
            ok = True
            licence = _text(vals.get("licence_no"))
            if not licence:
                problems.append(Problem(n, label["licence_no"], "许可证号（统一社会信用代码）为空"))
                ok = False
            elif not _LICENCE.match(licence):
                problems.append(Problem(n, label["licence_no"],
                                        f"「{licence}」不是有效的许可证号或统一社会信用代码（6–40 位字母、数字、-）"))
                ok = False
            elif licence in seen:
                problems.append(Problem(n, label["licence_no"], f"许可证号 {licence} 与第 {seen[licence]} 行重复"))
                ok = False
            else:
                seen[licence] = n
            raw_cat = _text(vals.get("category"))
            category = _CATEGORY_IN.get(raw_cat)
            if category is None:
                problems.append(Problem(n, label["category"],
                                        f"类别「{raw_cat}」无效：应为 {'、'.join(CATEGORIES.values())} 之一"))
                ok = False
            name = _text(vals.get("name"))
            if not name:
                problems.append(Problem(n, label["name"], "名称为空"))
                ok = False
            raw_grade = _text(vals.get("risk_grade"))
            grade = _GRADE_IN.get(raw_grade.upper().removesuffix("级"), "") if raw_grade else ""
            if raw_grade and not grade:
                problems.append(Problem(n, label["risk_grade"],
                                        f"风险等级「{raw_grade}」无效：应为 A、B、C、D 之一（或留空）"))
                ok = False
            county = _text(vals.get("county"))
            if county and not self._county(n, county, label["county"], j, problems):
                ok = False
            township = _text(vals.get("township"))
            if township and towns:
                found = [t for t in towns.get(township, []) if not county or t.county == county]
                if not found:
                    import difflib

                    near = difflib.get_close_matches(township, list(towns), n=3, cutoff=0.5)
                    hint = f"（是否指：{'、'.join(near)}）" if near else "（请先导入乡镇，或核对名称）"
                    problems.append(Problem(n, label["township"], f"乡镇「{township}」不在乡镇名录中{hint}"))
                    ok = False
                elif not county and len({t.county for t in found}) == 1:
                    county = found[0].county
            lat, lon, ok_point = self._point(n, vals, label, j, problems)
            if ok and ok_point and not county and lat is not None and lon is not None:
                county = self._county_at(lat, lon, j)
            if ok and ok_point:
                assert category is not None
                out.append(EntityRecord(licence, category, name, _text(vals.get("address")), county, township,
                                        lat, lon, _text(vals.get("supervisor")), grade))
        if problems:
            raise ImportRejected(sorted(problems, key=lambda p: p.row or 0), sheet.source)
        return out

    @staticmethod
    def _county_at(lat: float, lon: float, j: str) -> str:
        from console.geo.boundaries import county_at

        try:
            return county_at(lat, lon, within=j) or ""
        except Exception:  # noqa: BLE001 - boundaries unavailable: the county stays unknown
            return ""

    def _upsert(self, table: Any, key_col: str, rows: builtins.list[dict[str, Any]], kind: str,
                actor: str, role: str, via: str) -> ImportSummary:
        """Write rows by key in one transaction with one event per added or changed row."""
        col = table.c[key_col]
        counts = {"added": 0, "updated": 0}

        def plan() -> builtins.list[tuple[str, dict[str, Any]]]:
            with self.db.reading() as conn:
                old = {getattr(r, key_col): {k: getattr(r, k) for k in rows[0]} for r in conn.execute(select(table))} \
                    if rows else {}
            out: builtins.list[tuple[str, dict[str, Any]]] = []
            counts["added"] = counts["updated"] = 0
            for v in rows:
                before = old.get(v[key_col])
                if before is None:
                    out.append((f"reference.{kind}_added", {"key": v[key_col], "via": via, "new": v}))
                    counts["added"] += 1
                elif before != v:
                    changed = sorted(k for k in v if v[k] != before.get(k))
                    out.append((f"reference.{kind}_updated", {"key": v[key_col], "via": via, "changed": changed,
                                                              "old": before, "new": v}))
                    counts["updated"] += 1
            return out

        def write(conn: Connection, evs: builtins.list[StoredEvent]) -> None:
            now = to_us(self.clock.now())
            for ev in evs:
                v = ev.payload["new"]
                if ev.type.endswith("_added"):
                    conn.execute(insert(table).values(**v, updated_us=now))
                else:
                    conn.execute(update(table).where(col == v[key_col]).values(**v, updated_us=now))

        self._record(plan, write, actor, role)
        return ImportSummary(len(rows), counts["added"], counts["updated"],
                             len(rows) - counts["added"] - counts["updated"])

    def import_townships(self, path: str | Path, *, actor: str = SYSTEM_ACTOR,
                         role: str = "duty_officer") -> ImportSummary:
        self.check_role(role)
        rows = [_township_values(t) for t in self.parse_townships(path)]
        return self._upsert(townships_table, "key", rows, "township", actor, role, Path(path).name)

    def import_entities(self, path: str | Path, *, actor: str = SYSTEM_ACTOR,
                        role: str = "duty_officer") -> ImportSummary:
        self.check_role(role)
        rows = [_entity_values(e) for e in self.parse_entities(path)]
        return self._upsert(entities_table, "licence_no", rows, "entity", actor, role, Path(path).name)

    # -- export --------------------------------------------------------------------
    def export_townships(self, path: str | Path) -> int:
        rows = [[t.code, t.name, t.county, t.lat, t.lon, t.area] for t in self.townships()]
        self._write(path, [c.names[0] for c in TOWNSHIP_COLUMNS], rows, "乡镇名录")
        return len(rows)

    def export_entities(self, path: str | Path) -> int:
        rows = [[e.licence_no, e.category_title, e.name, e.address, e.county, e.township, e.lat, e.lon,
                 e.supervisor, e.risk_grade] for e in self.entities()]
        self._write(path, [c.names[0] for c in ENTITY_COLUMNS], rows, "监管对象")
        return len(rows)

    @staticmethod
    def _write(path: str | Path, headers: builtins.list[str], rows: builtins.list[builtins.list[Any]],
               sheet: str) -> None:
        try:
            write_table(path, headers, rows, sheet)
        except ValueError as exc:
            raise ReferenceError(str(exc)) from None
        except OSError as exc:
            raise ReferenceError(f"无法写入文件 {path}：{exc.strerror or exc}") from None

    # -- depots and minimums (the reserves' tables, this stream's events) ------------
    def set_depot_active(self, depot: str, active: bool, *, reason: str = "", actor: str = SYSTEM_ACTOR,
                         role: str = "duty_officer") -> None:
        """Deactivate (停用) or reactivate (启用) a depot: it keeps its lots and history; a
        deactivated one is left out of allocation, stock-takes, alerts and the map."""
        reason = (reason or "").strip()
        if not active and not reason:
            raise ReferenceError("停用储备库必须说明原因（--reason）")
        if len(reason) > 500:
            raise ReferenceError(f"原因过长（{len(reason)} 字，上限 500 字）")
        D = depots_table.c

        def plan() -> builtins.list[tuple[str, dict[str, Any]]]:
            with self.db.reading() as conn:
                row = conn.execute(select(D.id, D.name, D.active).where(D.id == depot)).first()
            if row is None:
                raise ReferenceError(f"储备库「{depot}」不存在")
            if bool(row.active) == active:
                raise ReferenceError(f"储备库「{row.name}」已是{'启用' if active else '停用'}状态")
            kind = "reference.depot_reactivated" if active else "reference.depot_deactivated"
            return [(kind, {"key": depot, "name": row.name,
                            "new": {"active": active, "status_reason": reason}})]

        def write(conn: Connection, _evs: builtins.list[StoredEvent]) -> None:
            conn.execute(update(depots_table).where(D.id == depot).values(active=active, status_reason=reason))

        self._record(plan, write, actor, role)

    def parse_minimums(self, path: str | Path, resolve: Callable[[str], str | None]
                       ) -> builtins.list[tuple[str, str, int]]:
        """(depot, item id, minimum) of a minimums file; ``resolve`` maps an item code to its id."""
        sheet = read_sheet(path, MINIMUM_COLUMNS)
        problems, label = sheet.problems, sheet.label
        with self.db.reading() as conn:
            depots = {r.id: bool(r.active) for r in conn.execute(select(depots_table.c.id, depots_table.c.active))}
        out: builtins.list[tuple[str, str, int]] = []
        seen: dict[tuple[str, str], int] = {}
        for n, vals in sheet.rows:
            depot, ref, raw = _text(vals.get("depot")), _text(vals.get("item")), _text(vals.get("min_qty"))
            ok = True
            if depot not in depots:
                problems.append(Problem(n, label["depot"], f"储备库「{depot}」不存在：请先导入储备库"))
                ok = False
            item = resolve(ref) if ref else None
            if item is None:
                problems.append(Problem(n, label["item"], f"物资编码「{ref}」不在物资目录中"))
                ok = False
            qty = _float(vals.get("min_qty"))
            if qty is None or not qty.is_integer() or qty < 0 or qty > 10**9:
                problems.append(Problem(n, label["min_qty"], f"最低储备量「{raw}」无效：应为非负整数"))
                ok = False
            if not ok:
                continue
            assert item is not None and qty is not None
            if (depot, item) in seen:
                problems.append(Problem(n, label["item"], f"{depot} 的 {ref} 与第 {seen[(depot, item)]} 行重复"))
                continue
            seen[(depot, item)] = n
            out.append((depot, item, int(qty)))
        if problems:
            raise ImportRejected(sorted(problems, key=lambda p: p.row or 0), sheet.source)
        return out

    def import_minimums(self, path: str | Path, resolve: Callable[[str], str | None], *,
                        actor: str = SYSTEM_ACTOR, role: str = "duty_officer") -> ImportSummary:
        """Minimum stock per depot and item (overrides the catalogue default), all or nothing."""
        self.check_role(role)
        rows = self.parse_minimums(path, resolve)
        Mn = minimums_table.c
        counts = {"changed": 0}

        def plan() -> builtins.list[tuple[str, dict[str, Any]]]:
            with self.db.reading() as conn:
                old = {(r.depot_id, r.item): r.min_qty for r in conn.execute(select(minimums_table))}
            out = [("reference.minimum_set", {"key": f"{d}/{i}", "depot": d, "item": i, "via": Path(path).name,
                                              "old": old.get((d, i)), "new": {"min_qty": q}})
                   for d, i, q in rows if old.get((d, i)) != q]
            counts["changed"] = len(out)
            return out

        def write(conn: Connection, evs: builtins.list[StoredEvent]) -> None:
            for ev in evs:
                d, i, q = ev.payload["depot"], ev.payload["item"], ev.payload["new"]["min_qty"]
                conn.execute(minimums_table.delete().where(and_(Mn.depot_id == d, Mn.item == i)))
                conn.execute(insert(minimums_table).values(depot_id=d, item=i, min_qty=q))

        self._record(plan, write, actor, role)
        return ImportSummary(len(rows), 0, counts["changed"], len(rows) - counts["changed"])

    # -- checking against the chain --------------------------------------------------
    def verify(self) -> builtins.list[str]:
        """Every table this stream writes against the stream (empty: they agree)."""
        logged: dict[str, dict[str, dict[str, Any]]] = {k: {} for k in ("township", "entity", "synonym",
                                                                         "depot", "minimum")}
        seqs: dict[str, dict[str, int]] = {k: {} for k in logged}
        for ev in self.log.read(STREAM):
            kind = ev.type.removeprefix("reference.").rsplit("_", 1)[0]
            if kind not in logged:
                continue
            key = str(ev.payload["key"])
            logged[kind][key] = dict(ev.payload["new"])
            seqs[kind][key] = ev.seq
        with self.db.reading() as conn:
            towns = {r.key: {k: getattr(r, k) for k in TOWNSHIP_LABELS} for r in conn.execute(select(townships_table))}
            ents = {r.licence_no: {k: getattr(r, k) for k in ENTITY_LABELS}
                    for r in conn.execute(select(entities_table))}
            syns = {r.synonym: {"synonym": r.synonym, "specialty": r.specialty}
                    for r in conn.execute(select(synonyms_table))}
            D = depots_table.c
            depots = {r.id: {"active": bool(r.active), "status_reason": r.status_reason}
                      for r in conn.execute(select(D.id, D.active, D.status_reason))}
            mins = {f"{r.depot_id}/{r.item}": {"min_qty": r.min_qty} for r in conn.execute(select(minimums_table))}
        problems = record_problems("乡镇", logged["township"], seqs["township"], towns, TOWNSHIP_LABELS)
        problems += record_problems("监管对象", logged["entity"], seqs["entity"], ents, ENTITY_LABELS)
        problems += record_problems("专业同义词", logged["synonym"], seqs["synonym"], syns,
                                    {"synonym": "同义词", "specialty": "专业领域"})
        # a depot never deactivated has no event: only those logged, or not active, are compared
        shown = {k: v for k, v in depots.items() if k in logged["depot"] or not v["active"]}
        problems += record_problems("储备库", logged["depot"], seqs["depot"], shown,
                                    {"active": "启用状态", "status_reason": "停用原因"})
        # minimums set before this stream existed (or by set_minimum) are not compared
        problems += record_problems("最低储备", logged["minimum"], seqs["minimum"],
                                    {k: v for k, v in mins.items() if k in logged["minimum"]},
                                    {"min_qty": "最低储备量"})
        return problems


__all__ = [
    "CATEGORIES",
    "ENTITY_COLUMNS",
    "MINIMUM_COLUMNS",
    "NO_JURISDICTION",
    "RISK_GRADES",
    "STREAM",
    "TOWNSHIP_COLUMNS",
    "EntityRecord",
    "ImportSummary",
    "ReferenceData",
    "ReferenceError",
    "TownshipRecord",
    "county_prefix",
    "read_sheet",
]
