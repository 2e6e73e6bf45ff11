"""Can the expert registry ever satisfy a plan's consultations? (``plan check --db``)

A plan's ``consult`` effect asks for a quorum of experts in some specialties. Matched through
the specialty vocabulary (synonyms count), an expert counts when one of theirs is one of the
specialties asked for, whatever their availability today. A consultation whose quorum exceeds
the experts who could be invited can never conclude: a warning (not an error) naming it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from console.reference.vocabulary import Vocabulary


class HasSpecialties(Protocol):
    @property
    def code(self) -> str: ...
    @property
    def specialties(self) -> tuple[str, ...]: ...


@dataclass(frozen=True)
class QuorumWarning:
    path: str  # the effect's place in the plan (``Effect.path``: states.x.on_entry.0.consult)
    message: str


def consult_effects(plan: Any) -> Iterable[Any]:
    """Every ``consult`` effect of a compiled plan (entry, exit and transition effects)."""
    for st in plan.states.values():
        for group in (st.enter, st.exit):
            for e in group or ():
                if e.kind == "consult":
                    yield e
        for tr in st.transitions:
            for e in tr.effects:
                if e.kind == "consult":
                    yield e


def quorum_warnings(plan: Any, experts: Sequence[HasSpecialties], vocab: Vocabulary) -> list[QuorumWarning]:
    out: list[QuorumWarning] = []
    keys = [(e.code, {vocab.key(s) for s in e.specialties}) for e in experts]
    seen: set[str] = set()
    for eff in consult_effects(plan):
        if eff.path in seen:
            continue
        seen.add(eff.path)
        specs = [str(s) for s in eff.params.get("specialties") or []]
        quorum = int(eff.params.get("quorum") or 3)
        title = str(eff.params.get("title") or eff.params.get("question") or "专家会商")
        wanted = {vocab.key(s) for s in specs}
        able = [code for code, ks in keys if not wanted or ks & wanted]
        if len(able) < quorum:
            what = f"（专业：{'、'.join(specs)}）" if specs else ""
            out.append(QuorumWarning(eff.path, f"会商「{title}」需要 {quorum} 名专家{what}，专家库中符合的专家只有 "
                                               f"{len(able)} 名：法定人数永远无法达到，请补充专家或添加专业同义词"))
        for s in specs:
            if not any(vocab.key(s) in ks for _, ks in keys):
                out.append(QuorumWarning(eff.path, f"会商「{title}」所需专业「{s}」在专家库中没有专家"))
    return out


__all__ = ["QuorumWarning", "consult_effects", "quorum_warnings"]
