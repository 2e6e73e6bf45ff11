"""Place search for 接报: offline, as the duty officer types, over the jurisdiction's townships
(乡镇/街道), villages (when the data has them), the addresses of incidents already received and
the regulated entities (监管对象).

Pure functions over plain records: :func:`build_index` once, then :func:`search` on every
keystroke. A query matches a place when its characters appear in that order in the place's
full name (county + township + name), so 「清丰城关」 finds 清丰县城关镇 and 「城关 幼儿」 finds a
kindergarten in 城关镇; whole-word matches rank before scattered ones, townships before
villages, addresses and entities, shorter names first.

The shipped demo data (``resources/demo/<place>/``) has townships and entities, no villages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

#: Kinds of place, in the order they rank; and how the completer names each.
KINDS: Mapping[str, str] = {"township": "乡镇（街道）", "village": "村（社区）", "address": "已接报地点",
                            "entity": "监管对象"}
_RANK = {k: i for i, k in enumerate(KINDS)}
#: Regulated entities' categories (as in the demo data and the map legend).
CATEGORIES: Mapping[str, str] = {
    "food_production": "食品生产", "food_operation": "食品经营", "catering": "餐饮服务",
    "drug_production": "药品生产", "drug_operation": "药品经营", "drug_use": "药品使用",
    "device": "医疗器械", "cosmetics": "化妆品",
}
DEFAULT_LIMIT = 12


@dataclass(frozen=True)
class Place:
    """One place a person can pick: what goes into the 地点 field (``text``), the point, and what
    the completer shows beside it (``kind``, ``note``)."""

    text: str  # the 地点 as recorded: county + township (+ name), e.g. 清丰县城关镇
    kind: str  # a key of KINDS
    lat: float | None
    lon: float | None
    county: str | None = None  # county code
    township: str | None = None  # township name
    note: str = ""  # e.g. the entity's category

    @property
    def kind_name(self) -> str:
        return KINDS.get(self.kind, self.kind)

    @property
    def label(self) -> str:
        """The completer's line: 「清丰县城关镇　乡镇（街道）」."""
        extra = "，".join(x for x in (self.kind_name, self.note) if x)
        return f"{self.text}　{extra}" if extra else self.text


@dataclass(frozen=True)
class PlaceIndex:
    """Places with their search keys (lower-case full text), built once."""

    places: tuple[Place, ...]
    keys: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.places)


def _f(value: Any) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def build_index(*, townships: Iterable[Mapping[str, Any]] = (), villages: Iterable[Mapping[str, Any]] = (),
                addresses: Iterable[Mapping[str, Any]] = (), entities: Iterable[Mapping[str, Any]] = (),
                county_name: Callable[[str], str] | None = None) -> PlaceIndex:
    """An index of the places given.

    - ``townships``/``villages``: {name, county, lat, lon} (a village may give its township);
    - ``addresses``: {place, lat, lon} — the 地点 of incidents already received;
    - ``entities``: {name, county, township, category, lat, lon}.

    ``county_name(code)`` turns a county code into its name (「410922」 → 「清丰县」); a code it
    does not know is left out of the text."""

    names: dict[str, str] = {}

    def county(code: Any) -> str:
        if not code or county_name is None:
            return ""
        key = str(code)
        if key not in names:
            try:
                names[key] = county_name(key)
            except (KeyError, LookupError):
                names[key] = ""
        return names[key]

    places: list[Place] = []
    seen: set[tuple[str, str]] = set()

    def add(p: Place) -> None:
        if p.text and (p.text, p.kind) not in seen:
            seen.add((p.text, p.kind))
            places.append(p)

    for t in townships:
        c = t.get("county")
        add(Place(county(c) + str(t.get("name", "")), "township", _f(t.get("lat")), _f(t.get("lon")),
                  str(c) if c else None, str(t.get("name", ""))))
    for v in villages:
        c = v.get("county")
        town = str(v.get("township") or "")
        add(Place(county(c) + town + str(v.get("name", "")), "village", _f(v.get("lat")), _f(v.get("lon")),
                  str(c) if c else None, town or None))
    for a in addresses:
        text = str(a.get("place") or "").strip()
        add(Place(text, "address", _f(a.get("lat")), _f(a.get("lon"))))
    for e in entities:
        c = e.get("county")
        town = str(e.get("township") or "")
        name = str(e.get("name", ""))
        # the demo's entity names start with their township: not said twice
        text = county(c) + (name if town and name.startswith(town) else town + name)
        add(Place(text, "entity", _f(e.get("lat")), _f(e.get("lon")), str(c) if c else None, town or None,
                  CATEGORIES.get(str(e.get("category", "")), "")))
    return PlaceIndex(tuple(places), tuple(p.text.lower() for p in places))


def _subsequence_gaps(needle: str, hay: str) -> int | None:
    """How many characters of ``hay`` lie between the characters of ``needle`` matched in order
    (None: not all of them appear in that order)."""
    pos, gaps, start = 0, 0, -1
    for ch in needle:
        found = hay.find(ch, pos)
        if found < 0:
            return None
        if start >= 0:
            gaps += found - pos
        else:
            start = found
        pos = found + 1
    return gaps


def search(index: PlaceIndex, query: str, limit: int = DEFAULT_LIMIT) -> list[Place]:
    """The places matching ``query`` best first (at most ``limit``).

    Every whitespace-separated word of the query must appear, its characters in order, in the
    place's full name. Ranking: all words found whole before scattered, then townships,
    villages, addresses, entities, then the fewest characters between matched ones, then the
    shortest name. An empty query finds nothing."""
    words = [w for w in query.lower().split() if w]
    if not words or limit <= 0:
        return []
    scored: list[tuple[int, int, int, int, int]] = []
    first = words[0][0]
    for i, key in enumerate(index.keys):
        if first not in key:
            continue
        whole, gaps = 0, 0
        ok = True
        for w in words:
            if w in key:
                continue
            g = _subsequence_gaps(w, key)
            if g is None:
                ok = False
                break
            whole = 1
            gaps += g
        if ok:
            place = index.places[i]
            scored.append((whole, _RANK.get(place.kind, 9), gaps, len(key), i))
    scored.sort()
    return [index.places[s[4]] for s in scored[:limit]]


__all__ = ["CATEGORIES", "DEFAULT_LIMIT", "KINDS", "Place", "PlaceIndex", "build_index", "search"]
