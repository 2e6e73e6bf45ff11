"""Grading that needs a person (plan format 2, section B): rules an authority applies, optional
raises, assessed facts and the decision that cites a rule.

YAML::

    facts:
      cases: {type: int, min: 0, label: 发病人数, assessable: true}
    grading:
      rules:
        - {id: A-I-1, level: I, title: …, when: {fact: cases, ge: 100, or_assessed: true}}
        - {id: A-I-3, level: I, title: 国务院认定的其他特别重大食品安全事故, judged_by: [commander]}
      modifiers:
        - {id: "5.4.1", title: 敏感时期可相应提高, when: {...}, raise: {up_to: 1}}

A rule with ``judged_by`` is never matched by the facts: the suggestion lists it under
``judge`` (「需认定」) while its optional ``when`` holds, and ``decide_level {…, rule: A-I-3}`` cites
it. A modifier with ``raise: {up_to: N}`` never raises: the suggestion lists it under
``optional``. Compiled here, called from the loader; used by the engine's grading.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Protocol

from console.plan.guards import GuardContext, compile_guard
from console.plan.leads import format_2, roman
from console.plan.model import CompiledGuard, JudgementRule, Plan
from console.plan.schema import KeyRef

_PLAIN_ID = re.compile(r"^[A-Za-z_][A-Za-z0-9_\-]*$")
TOP_LEVEL_NOTICE = "已是最高级别（{level}级），级别未变"


class _Compiler(Protocol):
    format_version: int
    level_ids: tuple[str, ...]
    roles: dict[str, str]
    gctx: GuardContext

    def error(self, path: list[Any], msg: str) -> None: ...

    def warning(self, path: list[Any], msg: str) -> None: ...


# -- compile -----------------------------------------------------------------------------------

def check_rule_id(c: _Compiler, ident: str, path: list[Any]) -> None:
    """Dotted rule ids (``5.4.1``, ``A.IV.2``) are format 2."""
    if not _PLAIN_ID.match(ident):
        format_2(c, path, "带点或以数字开头的规则标识")


def check_facts(c: _Compiler, facts: Mapping[str, Any]) -> None:
    """``assessable`` is format 2 and only means something on a comparable fact."""
    for fid, f in facts.items():
        where = ["facts", fid, KeyRef("assessable")]
        if "assessable" in f and format_2(c, where, "assessable") and f["assessable"] and f["type"] == "text":
            c.error(where, f"文本事实 `{fid}` 不能评估（assessable 只用于数值、是否、枚举或时间事实）")


def compile_judgement(c: _Compiler, r: Mapping[str, Any], path: list[Any]) -> JudgementRule | None:
    """A grading rule with ``judged_by``: an authority applies it (never the facts)."""
    if not format_2(c, path + ["judged_by"], "judged_by"):
        return None
    ok = True
    for i, role in enumerate(r["judged_by"]):
        if role not in c.roles:
            c.error(path + ["judged_by", i], f"未知的角色 `{role}`（judged_by 须是 roles 中声明的角色；"
                                             f"已有：{', '.join(c.roles)}）")
            ok = False
    when: CompiledGuard | None = None
    if "when" in r:
        when = compile_guard(r["when"], c.gctx, path + ["when"])
        ok = ok and when is not None
    if r["level"] not in c.level_ids:
        ok = False  # reported by the caller
    if not ok:
        return None
    return JudgementRule(r["id"], r["level"], r["title"], frozenset(r["judged_by"]), when, r.get("basis"),
                         bool(r.get("uncertain", False)), position=path[-1])


def modifier_raise(c: _Compiler, m: Mapping[str, Any], path: list[Any]) -> tuple[int, bool] | None:
    """(how many levels, optional?) of a modifier's ``raise`` (``1`` or ``{up_to: 1}``)."""
    value = m["raise"]
    if isinstance(value, Mapping):
        if not format_2(c, path + ["raise"], "raise: {up_to: …}"):
            return None
        return int(value["up_to"]), True
    return int(value), False


def check_raise_at_top(c: _Compiler, doc_states: Mapping[str, Any], top: str) -> None:
    """A WARNING for ``level: {raise: N}`` on a transition whose guard does not exclude the most
    severe level: at run time that raise changes nothing (「已是最高级别」)."""

    def walk(states: Mapping[str, Any], path: list[Any]) -> None:
        for sid, sdoc in states.items():
            spath = path + [sid]
            for i, t in enumerate(sdoc.get("transitions", [])):
                if _excludes_level(t.get("when"), top):
                    continue
                for j, e in enumerate(t.get("effects", [])):
                    if "level" in e and "raise" in e["level"]:
                        c.warning(spath + ["transitions", i, "effects", j, "level", "raise"],
                                  f"级别可能已是{roman(top)}级（最高级别）：该转移的条件没有排除{roman(top)}级，"
                                  f"届时「提升级别」不会改变级别（可加条件 {{level: {{ne: {top}}}}}）")
            if "states" in sdoc:
                walk(sdoc["states"], spath + ["states"])

    walk(doc_states, ["states"])


def _excludes_level(node: Any, top: str) -> bool:
    """Does this guard (as written) hold only when the level is not ``top``?"""
    if not isinstance(node, Mapping):
        return False
    if "all" in node:
        return any(_excludes_level(g, top) for g in node["all"])
    if "any" in node:
        return all(_excludes_level(g, top) for g in node["any"])
    spec = node.get("level")
    if not isinstance(spec, Mapping) or len(spec) != 1:
        return False
    (op, value), = spec.items()
    if op == "at_most" or op == "eq":
        return bool(value != top)
    if op == "ne":
        return bool(value == top)
    if op == "in":
        return top not in value
    if op == "graded":
        return value is False
    return False


# -- run time ----------------------------------------------------------------------------------

def grade_extras(plan: Plan, state: Any, result: dict[str, Any]) -> dict[str, Any]:
    """Add ``optional`` (modifiers that may raise, 可相应提高) and ``judge`` (rules an authority may
    apply, 需认定) to a grading result; each key only when it has something."""
    if result.get("level") is not None:
        optional = [{"modifier": m.id, "up_to": m.raise_by} for m in plan.modifiers
                    if m.optional and m.when.test(state)]
        if optional:
            result["optional"] = optional
    judge = [j.id for j in plan.judgements if j.when is None or j.when.test(state)]
    if judge:
        result["judge"] = judge
    return result


def judgement(plan: Plan, rule_id: str) -> JudgementRule | None:
    return next((j for j in plan.judgements if j.id == rule_id), None)


def optional_text(plan: Plan, suggestion: Mapping[str, Any]) -> str:
    """「可相应提高响应级别（至多一级）：学校食堂」 ('' when none)."""
    parts = []
    for o in suggestion.get("optional") or []:
        m = next((x for x in plan.modifiers if x.id == o.get("modifier")), None)
        n = int(o.get("up_to") or 1)
        parts.append(f"可相应提高响应级别（至多{_COUNT.get(n, str(n))}级）：{m.title if m else o.get('modifier')}")
    return "；".join(parts)


_COUNT = {1: "一", 2: "两", 3: "三"}


def judge_rules(plan: Plan, suggestion: Mapping[str, Any]) -> list[JudgementRule]:
    """The rules an authority may apply now (「需认定」), most severe first."""
    wanted = set(suggestion.get("judge") or [])
    return sorted((j for j in plan.judgements if j.id in wanted), key=lambda j: plan.rank(j.level))


def top_level_notice(plan: Plan) -> str:
    return TOP_LEVEL_NOTICE.format(level=roman(plan.level_ids[0]))


def grading_lines(plan: Plan, state: Any) -> list[str]:
    """What format 2 adds to an incident's grading, as lines for the command line: the lead body for
    the level, optional raises and the rules an authority may apply (nothing for a plan without them)."""
    from console.plan.leads import level_body

    out = []
    level = state.level if state.level is not None else state.suggestion.get("level")
    lv = plan.level(level)
    if lv is not None and (lv.starts or lv.runs):
        out.append(f"领导机构：{level_body(plan, level)}")
    text = optional_text(plan, state.suggestion)
    if text:
        out.append(text)
    for j in judge_rules(plan, state.suggestion):
        who = "、".join(plan.role_title(r) for r in sorted(j.judged_by))
        out.append(f"需认定：{j.id}「{j.title}」（{plan.level_name(j.level)}，由{who}认定；"
                   f"decide --level {j.level} --rule {j.id}）")
    return out
