"""The administrative division list (行政区划) a centre chooses its jurisdiction (辖区) from.

Built from the offline boundary data (:mod:`console.geo.boundaries`): every province, city
and county-level unit that has a boundary, so whatever is chosen can be drawn on the map and
checked against. Searched by name (汉字, any part: 「郑州」, 「金水」), by 拼音 (the whole
syllables, any part: ``zhengzhou``, ``jinshui``; or the initials from the start: ``zz``, ``jsq``)
or by code prefix (「4101」) — a desk without a Chinese input method can still find its place.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from console.geo.boundaries import Region, regions

__all__ = ["LEVELS", "LEVEL_TITLES", "NATIONAL", "Division", "Spelling", "division", "divisions", "search_divisions"]

# What the map shows where no jurisdiction is known (a database not set up yet): the country.
NATIONAL = "100000"
# The index's levels as the console names them (a county-level unit: 县).
LEVELS = {"省": "省", "市": "市", "区县": "县"}
LEVEL_TITLES = {"省": "省级", "市": "市级", "县": "县级"}


@dataclass(frozen=True)
class Division:
    """One unit of the division list."""

    code: str  # 6-digit 行政区划代码
    name: str  # 郑州市
    level: str  # 省 / 市 / 县
    parent: str  # the unit above: 河南省 (for a province: "")
    full_name: str  # 河南省郑州市

    @property
    def label(self) -> str:
        """「410100 郑州市（市，河南省）」 — one line of a list."""
        above = f"，{self.parent}" if self.parent else ""
        return f"{self.code} {self.name}（{LEVEL_TITLES.get(self.level, self.level)}{above}）"


def _division(r: Region) -> Division:
    level = LEVELS.get(r.level, r.level)
    if r.level == "省":
        parent = ""
    elif r.level == "市":
        parent = r.province if r.province != r.name else ""
    else:
        parent = r.city or r.province
    parts = [p for p in (r.province, r.city, r.name) if p]
    full = "".join(dict.fromkeys(parts))  # 北京市北京市东城区 → 北京市东城区
    return Division(r.code, r.name, level, parent, full)


@lru_cache(maxsize=1)
def _all() -> tuple[Division, ...]:
    return tuple(_division(r) for r in regions())


def divisions() -> list[Division]:
    """Every province, city and county-level unit of the offline data, by code."""
    return list(_all())


def division(code: str) -> Division | None:
    """The unit with this code, or None when the offline data has none."""
    code = (code or "").strip()
    return next((d for d in _all() if d.code == code), None)


@dataclass(frozen=True)
class Spelling:
    """A name in 拼音 without tones: the syllables run together and their initials."""

    syllables: str  # zhengzhoushi
    initials: str  # zzs


@lru_cache(maxsize=1)
def _spellings() -> dict[str, tuple[Spelling, Spelling]]:
    """code → the spelling of the unit's name and of its full name (built on the first 拼音 query)."""
    from pypinyin import Style, lazy_pinyin

    def spell(text: str) -> Spelling:
        return Spelling("".join(lazy_pinyin(text)).lower(),
                        "".join(lazy_pinyin(text, style=Style.FIRST_LETTER)).lower())

    return {d.code: (spell(d.name), spell(d.full_name)) for d in _all()}


def _matches(d: Division, term: str) -> bool:
    if term.isdigit():
        return d.code.startswith(term)
    if term.isascii() and term.isalpha():
        name, full = _spellings()[d.code]
        t = term.lower()
        return t in full.syllables or name.initials.startswith(t) or full.initials.startswith(t)
    return term in d.name or term in d.full_name


def search_divisions(query: str, limit: int | None = 50) -> list[Division]:
    """Units whose name contains ``query`` (every word of it, also the parent's name; 汉字 or
    拼音) or whose code starts with it; exact name or code first, then names starting with it,
    then by level (省, 市, 县) and code. An empty query lists the provinces and cities."""
    terms = [t for t in (query or "").replace("，", " ").split() if t]
    pool = _all()
    if not terms:
        found = [d for d in pool if d.level in ("省", "市")]
    else:
        found = [d for d in pool if all(_matches(d, t) for t in terms)]
    first = terms[0] if terms else ""
    rank = {"省": 0, "市": 1, "县": 2}
    def starts(d: Division) -> bool:
        if first.isascii() and first.isalpha():
            name = _spellings()[d.code][0]
            return name.syllables.startswith(first.lower()) or name.initials.startswith(first.lower())
        return d.name.startswith(first)

    found.sort(key=lambda d: (d.code != first and d.name != first, not starts(d), rank.get(d.level, 3), d.code))
    return found[:limit] if limit is not None else found
