"""The reserve-materials catalogue: what an item is, independent of where it is stored.

Plans, stock files and allocations refer to items by a stable short id (``KJ-001``)
or by the GB/T 38565-style 7-digit code (``2610101``); both resolve here, so the
rest of the reserves code never guesses at names. The code scheme is documented in
``docs/reserves.md`` and checked on load, so a typo in the YAML fails loudly instead
of silently filing an antidote under 通讯设备.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import yaml

from console.errors import Refused
from console.paths import resources_dir

try:  # libyaml is much faster, but not required
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - pure-Python fallback
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

__all__ = [
    "Catalogue",
    "CatalogueError",
    "Category",
    "Item",
    "default_catalogue_path",
    "load_catalogue",
    "shipped_catalogue",
]

CODE_RE = re.compile(r"^[1-3]\d{6}$")
SHORT_ID_RE = re.compile(r"^([A-Z]{2})-(\d{3})$")
SHELF_LIFE_RE = re.compile(r"^P(\d+)D$")

#: The ten categories of the domain notes (§3), in their documented order.
CATEGORY_CODES = ("KJ", "CY", "LC", "FH", "XS", "FC", "YP", "TX", "JT", "WS")


class CatalogueError(Refused, ValueError):
    """The catalogue file is malformed or a reference does not name an item."""


@dataclass(frozen=True, slots=True)
class Category:
    code: str  # short category code, e.g. "KJ"
    name: str
    level1: str  # GB/T 38565 大类 digit
    middle: str  # 2-digit 中类 (console-local block 61–70)
    subclasses: tuple[tuple[str, str], ...]  # (2-digit 小类, name)

    def subclass_name(self, sub: str) -> str | None:
        return dict(self.subclasses).get(sub)


@dataclass(frozen=True, slots=True)
class Item:
    id: str  # stable short id, e.g. "KJ-001"
    code: str  # 7-digit GB/T 38565-style code, e.g. "2610101"
    category: str  # short category code, e.g. "KJ"
    name: str
    spec: str
    unit: str
    shelf_life: timedelta | None  # default when a lot carries no expiry date
    min_stock: int  # default minimum per depot (alert threshold)
    uncertain: bool = False  # [U] in the domain notes: verify before real use

    @property
    def label(self) -> str:
        """How messages name an item: 无菌采样袋（CY-001）."""
        return f"{self.name}（{self.id}）"

    @property
    def level1(self) -> str:
        return self.code[0]

    @property
    def middle(self) -> str:
        return self.code[1:3]

    @property
    def subclass(self) -> str:
        return self.code[3:5]

    @property
    def detail(self) -> str:
        return self.code[5:7]


class Catalogue:
    """All items, with lookups by short id and by 7-digit code."""

    def __init__(self, categories: list[Category], items: list[Item], version: int = 1):
        self.version = version
        self.categories: dict[str, Category] = {c.code: c for c in categories}
        self.items: tuple[Item, ...] = tuple(items)
        self._by_id = {i.id: i for i in items}
        self._by_code = {i.code: i for i in items}

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Iterator[Item]:
        return iter(self.items)

    def __contains__(self, ref: object) -> bool:
        return isinstance(ref, str) and self.resolve(ref) is not None

    def resolve(self, ref: str) -> Item | None:
        """The item a plan or stock file means by ``ref`` (short id or 7-digit code)."""
        if not isinstance(ref, str):
            return None
        ref = ref.strip()
        return self._by_id.get(ref.upper()) or self._by_code.get(ref)

    def get(self, ref: str) -> Item:
        """Like :meth:`resolve`, but an unknown reference is an error the user can act on."""
        item = self.resolve(ref)
        if item is None:
            raise CatalogueError(
                f"物资目录中没有编码为 {ref!r} 的物资：请使用 7 位物资编码（如 2620101）"
                f"或短编号（如 CY-001），可在物资目录中查询"
            )
        return item

    def by_code(self, code: str) -> Item:
        item = self._by_code.get(code.strip()) if isinstance(code, str) else None
        if item is None:
            raise CatalogueError(f"物资目录中没有 7 位编码 {code!r}：请核对物资编码")
        return item

    def by_id(self, short_id: str) -> Item:
        item = self._by_id.get(short_id.strip().upper()) if isinstance(short_id, str) else None
        if item is None:
            raise CatalogueError(f"物资目录中没有短编号 {short_id!r}：短编号形如 KJ-001")
        return item

    def in_category(self, code: str) -> list[Item]:
        return [i for i in self.items if i.category == code]

    def search(self, text: str, limit: int | None = None) -> list[Item]:
        """Items matching what a person typed, best first (the item picker).

        Every word must match the item's name, spec, short id, 7-digit code or its category's
        code or name (case-insensitive): 「口罩」, 「fh-」, 「防护」, 「快检 甲醇」. Items whose short
        id or name starts with the text come first, then catalogue order. Empty text: all items.
        """
        words = [w.lower() for w in (text or "").split()]
        found: list[tuple[int, int, Item]] = []
        for n, it in enumerate(self.items):
            cat = self.categories.get(it.category)
            hay = " ".join((it.id, it.code, it.name, it.spec, it.category, cat.name if cat else "")).lower()
            if all(w in hay for w in words):
                head = words[0] if words else ""
                rank = 0 if head and (it.id.lower().startswith(head) or it.name.lower().startswith(head)) else 1
                found.append((rank, n, it))
        found.sort(key=lambda x: (x[0], x[1]))
        out = [it for _, _, it in found]
        return out[:limit] if limit is not None else out


def default_catalogue_path() -> Path:
    """The shipped catalogue, found from this file (never from the working directory)."""
    return resources_dir() / "catalogue" / "catalogue.yaml"


_SHIPPED: dict[tuple[str, int, int], Catalogue] = {}


def shipped_catalogue() -> Catalogue | None:
    """The shipped catalogue, read again only when its file changes; None when it cannot be
    read (its own checks — ``reserves check-items``, the ledger — say why). What plans' item
    references are checked against (installed by ``console.reserves``)."""
    try:
        path = default_catalogue_path()
        st = path.stat()
        key = (str(path), st.st_mtime_ns, st.st_size)
        if key not in _SHIPPED:
            _SHIPPED.clear()
            _SHIPPED[key] = load_catalogue(path)
        return _SHIPPED[key]
    except Exception:  # noqa: BLE001 - whatever is wrong with the file, plans still load
        return None


def load_catalogue(path: str | Path | None = None) -> Catalogue:
    """Read and check a catalogue file; ``None`` means the shipped default."""
    p = Path(path) if path is not None else default_catalogue_path()
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CatalogueError(f"找不到物资目录文件 {p}：请检查路径或重新安装") from None
    except UnicodeDecodeError:
        raise CatalogueError(f"物资目录文件 {p} 不是 UTF-8 编码：请以 UTF-8 保存") from None
    return parse_catalogue(text, source=str(p))


class _StrictLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe loader that rejects duplicate keys (PyYAML silently keeps the last one)."""


def _mapping_no_duplicates(loader: Any, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: dict[Any, int] = {}
    for knode, _ in node.value:
        key = loader.construct_object(knode, deep=deep)
        if key in seen:
            raise CatalogueError(
                f"第 {knode.start_mark.line + 1} 行：重复的键 {key!r}"
                f"（第一次出现在第 {seen[key]} 行），请删除其中一个"
            )
        seen[key] = knode.start_mark.line + 1
    return loader.construct_mapping(node, deep=deep)  # type: ignore[no-any-return]


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_no_duplicates)


def parse_shelf_life(value: Any, where: str) -> timedelta | None:
    if value is None:
        return None
    m = SHELF_LIFE_RE.match(value) if isinstance(value, str) else None
    if not m or int(m.group(1)) <= 0:
        raise CatalogueError(f"{where}：保质期 {value!r} 无效，应写成天数如 P365D，无保质期写 null")
    return timedelta(days=int(m.group(1)))


def parse_catalogue(text: str, source: str = "<catalogue>") -> Catalogue:
    """Build a :class:`Catalogue` from YAML text, checking every code against the scheme."""
    try:
        data = yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - safe loader subclass
    except yaml.YAMLError as exc:
        raise CatalogueError(f"物资目录 {source} 不是有效的 YAML：{exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("categories"), list):
        raise CatalogueError(f"物资目录 {source} 缺少 categories 列表")
    level1_names = data.get("level1") or {}
    categories: list[Category] = []
    items: list[Item] = []
    ids: set[str] = set()
    codes: dict[str, str] = {}
    middles: dict[str, str] = {}
    for c in data["categories"]:
        cat = _category(c, source)
        if cat.code in {x.code for x in categories}:
            raise CatalogueError(f"{source}：类别 {cat.code} 重复出现")
        if cat.level1 not in level1_names and level1_names:
            raise CatalogueError(f"{source}：类别 {cat.code} 的大类 {cat.level1} 未在 level1 中定义")
        other = middles.setdefault(cat.level1 + cat.middle, cat.code)
        if other != cat.code:
            raise CatalogueError(f"{source}：类别 {cat.code} 与 {other} 使用了同一个中类 {cat.middle}")
        categories.append(cat)
        for raw in c.get("items") or []:
            item = _item(raw, cat, source)
            if item.id in ids:
                raise CatalogueError(f"{source}：短编号 {item.id} 重复，每个物资的短编号必须唯一")
            if item.code in codes:
                raise CatalogueError(
                    f"{source}：物资编码 {item.code} 同时用于 {codes[item.code]} 和 {item.id}"
                )
            ids.add(item.id)
            codes[item.code] = item.id
            items.append(item)
    return Catalogue(categories, items, version=int(data.get("version", 1)))


def _category(c: Any, source: str) -> Category:
    if not isinstance(c, dict):
        raise CatalogueError(f"{source}：categories 中每一项都应是映射")
    code = c.get("code")
    where = f"{source} 类别 {code}"
    if code not in CATEGORY_CODES:
        raise CatalogueError(f"{where}：类别代码应为 {'/'.join(CATEGORY_CODES)} 之一")
    level1, middle = c.get("level1"), c.get("middle")
    if not (isinstance(level1, str) and re.fullmatch(r"[1-3]", level1)):
        raise CatalogueError(f"{where}：level1 应为带引号的 \"1\"、\"2\" 或 \"3\"")
    if not (isinstance(middle, str) and re.fullmatch(r"\d\d", middle) and middle != "00"):
        raise CatalogueError(f"{where}：middle（中类）应为带引号的两位数字，如 \"61\"")
    subs = c.get("subclasses") or {}
    if not isinstance(subs, dict) or not all(
        isinstance(k, str) and re.fullmatch(r"\d\d", k) and k != "00" for k in subs
    ):
        raise CatalogueError(f"{where}：subclasses 的键应为带引号的两位数字，如 \"01\"")
    return Category(
        code=code,
        name=str(c.get("name") or code),
        level1=level1,
        middle=middle,
        subclasses=tuple((k, str(v)) for k, v in subs.items()),
    )


def _item(raw: Any, cat: Category, source: str) -> Item:
    if not isinstance(raw, dict):
        raise CatalogueError(f"{source} 类别 {cat.code}：items 中每一项都应是映射")
    sid = raw.get("id")
    where = f"{source} 物资 {sid}"
    m = SHORT_ID_RE.match(sid) if isinstance(sid, str) else None
    if not m or m.group(1) != cat.code or m.group(2) == "000":
        raise CatalogueError(f"{where}：短编号应形如 {cat.code}-001，且前缀与所在类别一致")
    code = raw.get("code")
    if not (isinstance(code, str) and CODE_RE.match(code)):
        raise CatalogueError(f"{where}：物资编码 {code!r} 应为带引号的 7 位数字，首位为 1–3")
    if code[0] != cat.level1 or code[1:3] != cat.middle:
        raise CatalogueError(
            f"{where}：编码 {code} 与类别 {cat.code} 不一致（应以 {cat.level1}{cat.middle} 开头）"
        )
    if cat.subclass_name(code[3:5]) is None and code[3:5] != "99":
        raise CatalogueError(f"{where}：编码 {code} 的小类 {code[3:5]} 未在类别 {cat.code} 的 subclasses 中定义")
    if code[5:7] == "00":
        raise CatalogueError(f"{where}：编码 {code} 的细类不能为 00")
    for key in ("name", "unit"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise CatalogueError(f"{where}：缺少 {key}")
    min_stock = raw.get("min_stock", 0)
    if not isinstance(min_stock, int) or isinstance(min_stock, bool) or min_stock < 0:
        raise CatalogueError(f"{where}：min_stock 应为非负整数")
    unknown = set(raw) - {"id", "code", "name", "spec", "unit", "shelf_life", "min_stock", "uncertain"}
    if unknown:
        raise CatalogueError(f"{where}：未知字段 {', '.join(sorted(unknown))}")
    return Item(
        id=str(sid),
        code=code,
        category=cat.code,
        name=raw["name"].strip(),
        spec=str(raw.get("spec") or ""),
        unit=raw["unit"].strip(),
        shelf_life=parse_shelf_life(raw.get("shelf_life"), where),
        min_stock=min_stock,
        uncertain=bool(raw.get("uncertain", False)),
    )
