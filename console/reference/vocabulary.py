"""The controlled vocabulary of expert specialties (专业领域), with synonyms.

The shipped terms and their synonyms are ``resources/reference/specialties.csv`` (one
specialty per row, its synonyms joined by 、); a centre adds its own synonyms in the database
(``reference_specialty_synonyms``, each an event of the ``reference`` stream, see
:meth:`console.reference.registers.ReferenceData.add_synonym`). Experts' specialties are
normalised to the canonical term on import; a consultation's required specialties are matched
through it, so an expert registered under 「食品安全」 satisfies a plan asking for 「食品安全学」.
"""

from __future__ import annotations

import csv
import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from console.paths import resources_dir

if TYPE_CHECKING:
    from console.store.db import Database

SHIPPED = resources_dir() / "reference" / "specialties.csv"
_SPLIT = re.compile(r"[、,，;；/|]+")
_SPACE = re.compile(r"[\s\u3000]+")


def normal(text: str) -> str:
    """A specialty as compared: no spaces (ASCII or full-width), ASCII letters in upper case."""
    return _SPACE.sub("", str(text or "")).upper()


@dataclass(frozen=True)
class Vocabulary:
    """Canonical specialty terms and the synonyms that stand for them."""

    terms: tuple[str, ...]
    synonyms: Mapping[str, str] = field(default_factory=dict)  # synonym → canonical term
    index: dict[str, str] = field(init=False, repr=False, compare=False)  # normal(name) → term

    def __post_init__(self) -> None:
        index = {normal(t): t for t in self.terms}
        for s, t in self.synonyms.items():
            index.setdefault(normal(s), t)
        object.__setattr__(self, "index", index)

    def canonical(self, name: str) -> str | None:
        """The canonical term ``name`` stands for (itself, or a synonym's), or None if unknown."""
        index = self.index
        return index.get(normal(name))

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.canonical(name) is not None

    def same(self, a: str, b: str) -> bool:
        """Do two specialty names mean the same term (an unknown one only matches itself)?"""
        ca, cb = self.canonical(a), self.canonical(b)
        return (ca or normal(a)) == (cb or normal(b))

    def key(self, name: str) -> str:
        """What a name is compared by: its canonical term, else the name itself (normalised)."""
        return self.canonical(name) or normal(name)

    def suggest(self, name: str, n: int = 3) -> list[str]:
        """The terms closest to an unknown name (by the name's characters, then by synonyms)."""
        index = self.index
        key = normal(name)
        best: dict[str, tuple[float, float]] = {}  # term → (best ratio over its names, ratio to the term)
        for k, t in index.items():
            r = difflib.SequenceMatcher(None, key, k).ratio()
            if key and (key in k or k in key):
                r = max(r, 0.6)
            own = difflib.SequenceMatcher(None, key, normal(t)).ratio()
            if r >= 0.4 and (t not in best or (r, own) > best[t]):
                best[t] = (r, own)
        return sorted(best, key=lambda t: (-best[t][0], -best[t][1], t))[:n]

    def with_synonyms(self, extra: Mapping[str, str]) -> Vocabulary:
        return Vocabulary(self.terms, {**self.synonyms, **extra})

    def synonyms_of(self, term: str) -> list[str]:
        return [s for s, t in self.synonyms.items() if t == term]


def read_vocabulary(path: str | Path) -> Vocabulary:
    """A vocabulary file: columns 专业领域, 同义词 (synonyms joined by 、)."""
    terms: list[str] = []
    synonyms: dict[str, str] = {}
    with Path(path).open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            term = (row.get("专业领域") or "").strip()
            if not term:
                continue
            terms.append(term)
            for s in _SPLIT.split(row.get("同义词") or ""):
                if s.strip():
                    synonyms[s.strip()] = term
    return Vocabulary(tuple(terms), synonyms)


@lru_cache(maxsize=1)
def shipped_vocabulary() -> Vocabulary:
    return read_vocabulary(SHIPPED)


def centre_vocabulary(db: Database) -> Vocabulary:
    """The shipped vocabulary with the synonyms this centre added (``reference_specialty_synonyms``)."""
    from sqlalchemy import select

    from console.reference.models import synonyms_table

    with db.reading() as conn:
        extra = {r.synonym: r.specialty for r in conn.execute(select(synonyms_table))}
    return shipped_vocabulary().with_synonyms(extra)


def split_specialties(text: str | Iterable[str]) -> list[str]:
    """Specialties as written in a cell (joined by 、，;/|) or given as a list."""
    parts = _SPLIT.split(text) if isinstance(text, str) else list(text)
    return [p.strip() for p in parts if p and p.strip()]


__all__ = ["SHIPPED", "Vocabulary", "centre_vocabulary", "normal", "read_vocabulary", "shipped_vocabulary",
           "split_specialties"]
