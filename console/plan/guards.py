"""Guards are data: ``all``/``any``/``not``, comparisons on facts, the level,
the suggested level, the active state, consultation results, open tasks and
submitted reports. They are compiled once, at load time, into closures; there is
no ``eval`` and no way to write code in a plan.
"""

from __future__ import annotations

import operator
from bisect import bisect_left
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from console.plan.approvals import approval_guard
from console.plan.model import CompiledGuard, FactDecl
from console.plan.schema import KeyRef
from console.plan.windows import attach_windows, since_guard

_CMP: dict[str, Callable[[Any, Any], bool]] = {
    "eq": operator.eq,
    "ne": operator.ne,
    "lt": operator.lt,
    "le": operator.le,
    "gt": operator.gt,
    "ge": operator.ge,
}
_CMP_TEXT = {"eq": "=", "ne": "≠", "lt": "<", "le": "≤", "gt": ">", "ge": "≥"}
_QUESTION = {
    "grade": "分级研判",
    "escalate": "提升级别",
    "de_escalate": "降低级别",
    "terminate": "终止响应",
    "technical": "技术会商",
}
_OUTCOME = {"approve": "同意", "reject": "不同意"}


@dataclass
class GuardContext:
    """What a guard may refer to; ``error(path, message)`` records a located problem."""

    facts: dict[str, FactDecl]
    level_ids: tuple[str, ...]
    state_ids: set[str]
    units: Mapping[str, str]  # id → title (messages name units and report kinds by title)
    report_kinds: Mapping[str, str]
    error: Callable[[list[Any], str], None]
    # format 2: approvals (id → title), the plan's format, and where guards name each approval;
    # format-2 options (``or_assessed``, approvals, windows) are errors in an emergency-plan/1 file
    approvals: Mapping[str, str] = field(default_factory=dict)
    format_version: int = 1
    used_approvals: dict[str, list[Any]] = field(default_factory=dict)
    # state id → its title: conditions are worded with titles (「处于「核实」阶段」), never ids
    state_titles: Mapping[str, str] = field(default_factory=dict)


def compile_guard(node: Any, ctx: GuardContext, path: list[Any]) -> CompiledGuard | None:
    """Compile a guard already shaped by the JSON Schema. Returns None after reporting errors."""
    if not isinstance(node, dict) or not node:
        ctx.error(path, "条件必须是一个映射，例如 {fact: cases, ge: 100}")
        return None
    if "all" in node or "any" in node:
        key = "all" if "all" in node else "any"
        parts = [compile_guard(g, ctx, path + [key, i]) for i, g in enumerate(node[key])]
        if any(p is None for p in parts):
            return None
        tests = tuple(p.test for p in parts)  # type: ignore[union-attr]
        joiner = "且" if key == "all" else "或"
        text = f"（{f' {joiner} '.join(p.text for p in parts)}）"  # type: ignore[union-attr]
        if key == "all":
            def all_hold(s: Any, t: tuple[Callable[[Any], bool], ...] = tests) -> bool:
                return all(f(s) for f in t)

            combined = CompiledGuard(all_hold, text, "all", tuple(parts))  # type: ignore[arg-type]
        else:
            def any_holds(s: Any, t: tuple[Callable[[Any], bool], ...] = tests) -> bool:
                return any(f(s) for f in t)

            combined = CompiledGuard(any_holds, text, "any", tuple(parts))  # type: ignore[arg-type]
        attach_windows(combined, parts)  # type: ignore[arg-type]
        return combined
    if "not" in node:
        inner = compile_guard(node["not"], ctx, path + ["not"])
        if inner is None:
            return None
        f = inner.test
        negated = CompiledGuard(lambda s: not f(s), f"非{inner.text}")
        attach_windows(negated, [inner])
        return negated
    if "since" in node:
        return since_guard(node, ctx, path)
    if "approval" in node:
        return approval_guard(node["approval"], ctx, path)
    if "fact" in node:
        return _fact_guard(node, ctx, path)
    if "level" in node or "suggested" in node:
        key = "level" if "level" in node else "suggested"
        return _level_guard(node[key], key, ctx, path + [key])
    if "in_state" in node:
        sid = node["in_state"]
        if sid not in ctx.state_ids:
            ctx.error(path + ["in_state"], f"未知的状态 `{sid}`")
            return None
        return CompiledGuard(lambda s: sid in s.active_set, f"处于「{ctx.state_titles.get(sid, sid)}」阶段")
    if "consultation" in node:
        return _consultation_guard(node["consultation"], ctx, path + ["consultation"])
    if "open_tasks" in node:
        spec = node["open_tasks"]
        unit = spec.get("unit")
        if unit is not None and unit not in ctx.units:
            ctx.error(path + ["open_tasks", "unit"], f"未知的责任单位 `{unit}`")
            return None
        ops = [(k, v) for k, v in spec.items() if k != "unit"]
        if len(ops) != 1:
            ctx.error(path + ["open_tasks"], "open_tasks 需要且只能有一个比较，例如 {eq: 0}")
            return None
        op, n = ops[0]
        cmp = _CMP[op]
        who = f"「{ctx.units[unit]}」" if unit else ""
        return CompiledGuard(
            lambda s: cmp(s.open_task_count(unit), n), f"{who}未完成任务数 {_CMP_TEXT[op]} {n}"
        )
    if "linked" in node:
        from console.plan.links import compile_linked_guard

        return compile_linked_guard(node["linked"], ctx, path + ["linked"])
    if "reports" in node:
        spec = node["reports"]
        kind = spec["kind"]
        if kind not in ctx.report_kinds:
            ctx.error(path + ["reports", "kind"], f"未知的报告类型 `{kind}`")
            return None
        ops = [(k, v) for k, v in spec.items() if k != "kind"]
        if len(ops) != 1:
            ctx.error(path + ["reports"], "reports 需要且只能有一个比较，例如 {ge: 1}")
            return None
        op, n = ops[0]
        cmp = _CMP[op]
        return CompiledGuard(
            lambda s: cmp(s.reports_submitted(kind), n), f"已报送「{ctx.report_kinds[kind]}」{_CMP_TEXT[op]} {n} 份"
        )
    ctx.error(path, f"无法识别的条件：{sorted(node)}")
    return None


def _fact_guard(node: dict[str, Any], ctx: GuardContext, path: list[Any]) -> CompiledGuard | None:
    name = node["fact"]
    decl = ctx.facts.get(name)
    if decl is None:
        ctx.error(path + ["fact"], f"未声明的事实 `{name}`（先在 facts 中声明）")
        return None
    ops = [k for k in node if k not in ("fact", "or_assessed")]
    if len(ops) != 1:
        ctx.error(path, "一个事实条件只能有一个比较，例如 {fact: cases, ge: 100}")
        return None
    if node.get("or_assessed"):
        if ctx.format_version < 2:
            ctx.error(path + [KeyRef("or_assessed")], FORMAT_2_NEEDED.format(key="or_assessed"))
            return None
        if not decl.assessable:
            ctx.error(path + [KeyRef("or_assessed")], f"事实 `{name}`（{decl.label}）不可评估，不能用 or_assessed"
                                              f"（先在 facts 中给它加 assessable: true）")
            return None
        plain = _fact_guard({k: v for k, v in node.items() if k != "or_assessed"}, ctx, path)
        return None if plain is None else _or_assessed(name, plain, ctx.facts[name])
    op = ops[0]
    value = node[op]
    label = decl.label
    if op == "set":
        want = bool(value)
        return CompiledGuard(
            lambda s: (s.facts.get(name) is not None) == want,
            f"{label}{'已填写' if want else '未填写'}",
        )
    values = value if op in ("in", "not_in") else [value]

    def where(i: int) -> list[Any]:  # point at the offending list item, not the whole list
        return path + [op, i] if op in ("in", "not_in") else path + [op]

    bad_type = [i for i, v in enumerate(values) if not _type_ok(decl, v)]
    if bad_type:
        ctx.error(where(bad_type[0]), _type_message(decl, values))
        return None
    if decl.type in ("bool", "enum", "text", "duration") and op in ("lt", "le", "gt", "ge"):
        ctx.error(path + [op], f"事实 `{name}`（{_TYPE_ZH[decl.type]}）不能做大小比较，只能用 eq/ne/in/not_in")
        return None
    if decl.type == "enum":
        bad = [i for i, v in enumerate(values) if v not in decl.values]
        if bad:
            ctx.error(where(bad[0]), f"`{values[bad[0]]}` 不是事实 `{name}` 的可选值（{', '.join(decl.values)}）")
            return None
    shown = [decl.labels.get(v, v) if isinstance(v, str) else v for v in values]
    if op in ("in", "not_in"):
        members = frozenset(values)
        neg = op == "not_in"
        text = f"{label}{'不' if neg else ''}属于［{'、'.join(map(str, shown))}］"
        return CompiledGuard(
            lambda s: (v := s.facts.get(name)) is not None and ((v in members) != neg), text
        )
    cmp = _CMP[op]
    if decl.type == "bool" and op in ("eq", "ne"):  # 「危害因素已得到有效控制：是」, not 「… = True」
        text = f"{label}：{'是' if (value is True) == (op == 'eq') else '否'}"
    else:
        text = f"{label} {_CMP_TEXT[op]} {shown[0]}"
    return CompiledGuard(lambda s: (v := s.facts.get(name)) is not None and cmp(v, value), text)


FORMAT_2_NEEDED = "{key} 需要 format: emergency-plan/2（可用 python -m console plan upgrade 升级）"
ASSESSED_NOTE = "（含经评估可能）"


class _Assessed:
    """A state seen through its assessed values (经评估可能): guards read ``facts`` from it."""

    __slots__ = ("facts",)

    def __init__(self, facts: Mapping[str, Any]):
        self.facts = facts


def _or_assessed(name: str, plain: CompiledGuard, decl: FactDecl) -> CompiledGuard:
    """``or_assessed: true``: the comparison holds on the actual value OR on the assessed one."""
    f = plain.test

    def test(s: Any) -> bool:
        if f(s):
            return True
        assessed: Mapping[str, Any] | None = getattr(s, "assessed", None)
        return bool(assessed) and name in assessed and f(_Assessed(assessed))  # type: ignore[operator, arg-type]

    return CompiledGuard(test, plain.text + ASSESSED_NOTE)


def explain_guard(g: CompiledGuard, state: Any) -> str:
    """The clauses of ``g`` that fail in ``state`` (see :meth:`CompiledGuard.explain`)."""
    if g.joiner == "all":
        failing = [explain_guard(p, state) for p in g.parts if not p.test(state)]
        if not failing:
            return g.text
        return failing[0] if len(failing) == 1 else f"（{' 且 '.join(failing)}）"
    if g.joiner == "any" and not g.test(state):
        return f"（{' 或 '.join(explain_guard(p, state) for p in g.parts)}）"
    return g.text


_TYPE_ZH = {
    "int": "整数",
    "number": "数值",
    "bool": "是/否",
    "enum": "枚举",
    "text": "文本",
    "datetime": "时间",
    "duration": "时长",
}


def _type_ok(decl: FactDecl, v: Any) -> bool:
    if decl.type == "int":
        return isinstance(v, int) and not isinstance(v, bool)
    if decl.type == "number":
        return isinstance(v, (int, float)) and not isinstance(v, bool)
    if decl.type == "bool":
        return isinstance(v, bool)
    return isinstance(v, str)


def _type_message(decl: FactDecl, values: list[Any]) -> str:
    bad = next(v for v in values if not _type_ok(decl, v))
    return (
        f"类型不匹配：事实 `{decl.id}` 是{_TYPE_ZH[decl.type]}，"
        f"不能与 {bad!r}（{type(bad).__name__}）比较"
    )


def _level_guard(spec: dict[str, Any], key: str, ctx: GuardContext, path: list[Any]) -> CompiledGuard | None:
    if len(spec) != 1:
        ctx.error(path, "级别条件只能有一个比较，例如 {at_least: III}")
        return None
    (op, value), = spec.items()
    levels = ctx.level_ids
    n = len(levels)
    wanted = value if op == "in" else [value]
    if op != "graded":
        for v in wanted:
            if v is not None and v not in levels:
                ctx.error(path + [op], f"未知的级别 `{v}`（可用：{', '.join(levels)}）")
                return None
            if v is None and op in ("at_least", "at_most"):
                ctx.error(path + [op], "at_least/at_most 需要一个级别")
                return None
    rank: dict[str | None, int] = {lv: i for i, lv in enumerate(levels)}
    rank[None] = n
    what = "当前级别" if key == "level" else "建议级别"
    get: Callable[[Any], str | None] = (lambda s: s.level) if key == "level" else (lambda s: s.suggested_level)
    if op == "graded":
        want = bool(value)
        return CompiledGuard(lambda s: (get(s) is not None) == want, f"{what}{'已' if want else '未'}定级")
    if op == "at_least":
        r = rank[value]
        return CompiledGuard(lambda s: rank[get(s)] <= r, f"{what}不低于{value}级")
    if op == "at_most":
        r = rank[value]
        return CompiledGuard(lambda s: get(s) is not None and rank[get(s)] >= r, f"{what}不高于{value}级")
    if op == "eq":
        return CompiledGuard(lambda s: get(s) == value, f"{what}为{value or '未分级'}")
    if op == "ne":
        return CompiledGuard(lambda s: get(s) != value, f"{what}不为{value or '未分级'}")
    members = frozenset(wanted)
    return CompiledGuard(lambda s: get(s) in members, f"{what}属于［{'、'.join(str(v) for v in wanted)}］")


def _consultation_guard(spec: dict[str, Any], ctx: GuardContext, path: list[Any]) -> CompiledGuard | None:
    q = spec["question"]
    outcome = spec.get("outcome")
    level_spec = spec.get("level")
    level_guard = None
    if level_spec is not None:
        level_guard = _level_guard(level_spec, "level", ctx, path + ["level"])
        if level_guard is None:
            return None
    text = f"专家会商（{_QUESTION[q]}）已形成结论"
    if outcome:
        text += f"且结论为「{_OUTCOME[outcome]}」"

    class _Rec:  # adapts a consultation result to the level guard's shape
        __slots__ = ("level",)

        def __init__(self, level: str | None):
            self.level = level

    def test(s: Any) -> bool:
        c = s.consultations.get(q)
        if c is None or c.get("status") != "concluded":
            return False
        if outcome is not None and c.get("outcome") != outcome:
            return False
        if level_guard is not None and not level_guard.test(_Rec(c.get("level"))):
            return False
        return True

    return CompiledGuard(test, text)


# ---------------------------------------------------------------------------------
# Grading index: the suggestion is a pure function of the facts' "bands"
# ---------------------------------------------------------------------------------

class GradingIndex:
    """Memoises the grading suggestion by the facts' bands.

    Every comparison a facts-only guard makes against a number ``t`` (=, ≠, <, ≤, >, ≥,
    in) is decided by where the value lies among the sorted constants and whether it equals
    one of them; enum, bool and text facts are decided by their value. So two fact sets with
    the same key give the same suggestion, and a long incident's many 发病人数 updates are
    graded once per band instead of once per update.
    """

    MAX_ENTRIES = 4096

    def __init__(self, points: dict[str, set[Any]], value_facts: set[str],
                 assessed_facts: set[str] | frozenset[str] = frozenset()):
        self._numeric = tuple((name, tuple(sorted(pts)), frozenset(pts)) for name, pts in sorted(points.items()))
        self._value = tuple(sorted(value_facts))
        # facts compared with ``or_assessed``: their assessed values are banded the same way
        self._assessed = tuple(sorted(assessed_facts))
        self._by_name = {name: (ordered, members) for name, ordered, members in self._numeric}
        self._cache: dict[tuple[Any, ...], dict[str, Any]] = {}

    def key(self, facts: Mapping[str, Any], assessed: Mapping[str, Any] | None = None) -> tuple[Any, ...]:
        k: list[Any] = []
        get = facts.get
        for name, ordered, members in self._numeric:
            k.append(_band(get(name), ordered, members))
        for name in self._value:
            k.append(get(name))
        if self._assessed:
            numeric = self._by_name
            other = assessed or {}
            for name in self._assessed:
                v = other.get(name)
                k.append(_band(v, *numeric[name]) if name in numeric else ("a", v))
        return tuple(k)

    def lookup(self, facts: Mapping[str, Any], compute: Callable[[], dict[str, Any]],
               assessed: Mapping[str, Any] | None = None) -> dict[str, Any]:
        try:
            key = self.key(facts, assessed)
            hit = self._cache.get(key)
        except TypeError:  # an unhashable value: grade directly
            return compute()
        if hit is None:
            hit = compute()
            if len(self._cache) >= self.MAX_ENTRIES:
                self._cache.clear()
            self._cache[key] = hit
        out = {"level": hit["level"], "rules": list(hit["rules"]), "winner": hit["winner"],
               "modifiers": list(hit["modifiers"]), "base": hit["base"]}
        for extra in ("optional", "judge"):  # format 2, present only when not empty
            if extra in hit:
                out[extra] = [dict(x) if isinstance(x, dict) else x for x in hit[extra]]
        return out


def _band(v: Any, ordered: tuple[Any, ...], members: frozenset[Any]) -> Any:
    """Where a numeric fact's value lies among the constants it is compared with."""
    if v is None:
        return None
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return ("v", v)
    return (bisect_left(ordered, v), v in members)


def build_grading_index(nodes: list[Any], facts: Mapping[str, FactDecl]) -> GradingIndex | None:
    """An index for these (compiled) rule and modifier guards, or None if any looks beyond the facts."""
    points: dict[str, set[Any]] = {}
    value_facts: set[str] = set()
    assessed: set[str] = set()
    if not all(_collect(node, facts, points, value_facts, assessed) for node in nodes):
        return None
    return GradingIndex(points, value_facts, assessed)


def _collect(node: Any, facts: Mapping[str, FactDecl], points: dict[str, set[Any]],
             value_facts: set[str], assessed: set[str]) -> bool:
    """Record the constants numeric facts are compared with, the other facts used and the facts
    whose assessed value counts (``or_assessed``); False when the guard refers to anything but
    facts (state, level, tasks, reports …)."""
    if not isinstance(node, dict):
        return False
    if "all" in node or "any" in node:
        return all(_collect(g, facts, points, value_facts, assessed)
                   for g in node["all" if "all" in node else "any"])
    if "not" in node:
        return _collect(node["not"], facts, points, value_facts, assessed)
    if "fact" not in node:
        return False
    name = node["fact"]
    if node.get("or_assessed"):
        assessed.add(name)
    decl = facts.get(name)
    if decl is None or decl.type not in ("int", "number"):
        value_facts.add(name)
        return True
    pts = points.setdefault(name, set())
    for op, value in node.items():
        if op not in ("fact", "set", "or_assessed"):
            pts.update(value if op in ("in", "not_in") else [value])
    return True
