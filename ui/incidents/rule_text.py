"""What an operator reads of a grading rule: its title and the plan clause it applies; the plan
author's notes (where a threshold comes from, what is still to be checked — the rule's
``basis`` beyond the clause and its ``uncertain`` mark) are kept for a details control.

A rule's ``basis`` is written by plan authors as 「clause」 followed by their remarks:
``模板A 一般(Ⅳ级)(2)；下限30人取自陕西及旧式模板…``, ``旧模板三级：20–29人——待核实``,
``江苏《食物中毒事件应急处理预案》(2006)：集体单位5人以上按较大级处理（…）``. The clause is
the part before the first remark; a basis that only says the source was not seen (领域笔记,
未见原文) has no clause at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# where an author's remark begins, after the clause
_REMARK = re.compile(r"；|;|：|:|——|，待核实|,待核实|（二手|\(二手")
# a basis that names no clause, only that the source text was not seen
_NO_CLAUSE = ("领域笔记", "未见原文")


@dataclass(frozen=True)
class RuleText:
    """A rule as shown to an operator (``clause``) and to a plan author (``notes``)."""

    clause: str
    notes: str
    uncertain: bool


def rule_text(basis: str | None, uncertain: bool = False) -> RuleText:
    """Split a rule's ``basis`` into the plan clause and the author's notes."""
    text = " ".join((basis or "").split())
    if not text:
        return RuleText("", "", uncertain)
    if any(word in text for word in _NO_CLAUSE):
        return RuleText("", text, uncertain)
    m = _REMARK.search(text)
    if m is None:
        return RuleText(text, "", uncertain)
    return RuleText(text[: m.start()].strip(), text, uncertain)
