"""Who leads (plan format 2, section B): a level's leadership, a unit's lead by level or by
fact, and who may fire a transition by level.

YAML::

    levels:
      - {id: III, name: 较大, colour: "#f1c40f", authority: 市人民政府, starts: 市食安委, runs: 市食安办}
    units:
      medical: {title: 医疗救治组, lead: {I: 省卫健委, default: 市卫健委}}
      trace:   {title: 溯源组, lead: {fact: stage, values: {production: 农业农村部门}, default: 市场监管部门}}
    states: … transitions:
      - {event: terminate, to: closed, roles: {I: [commander], default: [commander, deputy]}}

The loader compiles these here (``compile_lead``, ``compile_roles``) and checks them (a level
or fact map naming an unknown level, fact or value; any of them in an emergency-plan/1 file);
the engine resolves a unit's lead when a task is created (task record key ``lead``) and
:func:`unit_lead` gives it now.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from console.plan.guards import FORMAT_2_NEEDED
from console.plan.model import FactDecl, Level, Plan
from console.plan.schema import KeyRef

ROMAN = {"I": "Ⅰ", "II": "Ⅱ", "III": "Ⅲ", "IV": "Ⅳ", "V": "Ⅴ"}


@dataclass(frozen=True)
class LeadSpec:
    """A unit's lead that depends on the level (``by_level``) or on an enum fact (``fact``)."""

    by_level: Mapping[str, str] = field(default_factory=dict)
    fact: str | None = None
    values: Mapping[str, str] = field(default_factory=dict)
    default: str | None = None

    def resolve(self, level: str | None, facts: Mapping[str, Any], level_ids: tuple[str, ...]) -> str:
        if self.fact is not None:
            got = self.values.get(facts.get(self.fact))  # type: ignore[arg-type]
            return got if got is not None else (self.default or "")
        if level is not None and level in self.by_level:
            return self.by_level[level]
        if self.default is not None:
            return self.default
        for lv in reversed(level_ids):  # no default: the least severe level's lead (as for deadlines)
            if lv in self.by_level:
                return self.by_level[lv]
        return ""

    def describe(self, plan: Plan) -> str:
        """「Ⅰ级：国务院食安办；Ⅱ级：省食安办；其他：市食安办」 / 「按发生环节：生产：农业农村部门…」."""
        if self.fact is not None:
            decl = plan.facts.get(self.fact)
            label = decl.label if decl else self.fact
            parts = [f"{decl.labels.get(v, v) if decl else v}：{who}" for v, who in self.values.items()]
            head = f"按{label}：" + "；".join(parts)
        else:
            head = "；".join(f"{roman(lv)}级：{self.by_level[lv]}" for lv in plan.level_ids if lv in self.by_level)
        return head + (f"；其他：{self.default}" if self.default else "")


class _Versioned(Protocol):  # what format_2 needs of the loader's compiler
    format_version: int

    def error(self, path: list[Any], msg: str) -> None: ...


class _Compiler(_Versioned, Protocol):  # what the loader's compiler offers this module
    level_ids: tuple[str, ...]
    facts: dict[str, FactDecl]


def roman(level_id: str | None) -> str:
    """Ⅰ Ⅱ Ⅲ Ⅳ for the usual level ids, else the id itself."""
    return ROMAN.get(level_id or "", level_id or "")


def format_2(c: _Versioned, path: list[Any], key: str) -> bool:
    """False (and a located error) when ``key`` is used in an emergency-plan/1 file."""
    if c.format_version < 2:
        c.error(path, FORMAT_2_NEEDED.format(key=key))
        return False
    return True


# -- compile -----------------------------------------------------------------------------------

def compile_level_extras(c: _Compiler, levels: list[Any]) -> None:
    """``starts``/``runs`` on a level are format 2."""
    for i, lv in enumerate(levels):
        for key in ("starts", "runs"):
            if key in lv:
                format_2(c, ["levels", i, KeyRef(key)], key)


def compile_lead(c: _Compiler, uid: str, value: Any, path: list[Any]) -> LeadSpec | None:
    """A unit's ``lead`` written as a map (a plain text is not compiled: it is the lead)."""
    if not isinstance(value, Mapping):
        return None
    if not format_2(c, path, "lead（按级别或按事实）"):
        return None
    if "fact" in value:
        return _fact_lead(c, value, path)
    by_level: dict[str, str] = {}
    default = None
    ok = True
    for k, who in value.items():
        if not isinstance(who, str) or not who.strip():
            c.error(path + [k], f"牵头单位应为文本，而这里是 {who!r}")
            ok = False
        elif k == "default":
            default = who
        elif k not in c.level_ids:
            c.error(path + [KeyRef(k)], f"未知的级别 `{k}`（可用：{', '.join(c.level_ids)}, default；"
                                        "按事实请写 {fact: 事实名, values: {...}, default: …}）")
            ok = False
        else:
            by_level[k] = who
    if ok and not by_level:
        c.error(path, "按级别的牵头单位至少要列出一个级别，例如 {I: 省食安办, default: 市食安办}")
        ok = False
    return LeadSpec(by_level=by_level, default=default) if ok else None


def _fact_lead(c: _Compiler, value: Mapping[str, Any], path: list[Any]) -> LeadSpec | None:
    ok = True
    for k in value:
        if k not in ("fact", "values", "default"):
            c.error(path + [KeyRef(k)], f"未知的键 `{k}`（可用的键：default, fact, values）")
            ok = False
    name = value["fact"]
    decl = c.facts.get(name) if isinstance(name, str) else None
    if decl is None:
        c.error(path + ["fact"], f"未声明的事实 `{name}`（先在 facts 中声明）")
        return None
    if decl.type != "enum":
        c.error(path + ["fact"], f"按事实确定牵头单位只能用枚举事实（`{name}` 是 {decl.type}）")
        return None
    values = value.get("values")
    if not isinstance(values, Mapping) or not values:
        c.error(path if values is None else path + ["values"],
                "按事实的牵头单位需要 values：{取值: 牵头单位}，例如 {production: 农业农村部门}")
        return None
    out: dict[str, str] = {}
    for v, who in values.items():
        if v not in decl.values:
            c.error(path + ["values", KeyRef(v)], f"`{v}` 不是事实 `{name}` 的可选值（{', '.join(decl.values)}）")
            ok = False
        elif not isinstance(who, str) or not who.strip():
            c.error(path + ["values", v], f"牵头单位应为文本，而这里是 {who!r}")
            ok = False
        else:
            out[v] = who
    default = value.get("default")
    if default is None:
        c.error(path, "按事实的牵头单位需要 default（事实未填写或取其他值时的牵头单位）")
        ok = False
    elif not isinstance(default, str) or not default.strip():
        c.error(path + ["default"], f"牵头单位应为文本，而这里是 {default!r}")
        ok = False
    return LeadSpec(fact=name, values=out, default=default) if ok else None


def compile_roles(c: _Compiler, value: Any, path: list[Any],
                  roles: Mapping[str, str]) -> tuple[frozenset[str], dict[str, frozenset[str]], frozenset[str]] | None:
    """A transition's ``roles`` written as a level map: (every role named, by level, default)."""
    if not format_2(c, path, "roles（按级别）"):
        return None
    ok = True
    by_level: dict[str, frozenset[str]] = {}
    default: frozenset[str] | None = None
    for k, names in value.items():
        for i, r in enumerate(names):
            if r not in roles:
                c.error(path + [k, i], f"未知的角色 `{r}`（先在 roles 中声明；已有：{', '.join(roles)}）")
                ok = False
        if k == "default":
            default = frozenset(names)
        elif k not in c.level_ids:
            c.error(path + [KeyRef(k)], f"未知的级别 `{k}`（可用：{', '.join(c.level_ids)}, default）")
            ok = False
        else:
            by_level[k] = frozenset(names)
    if default is None:
        c.error(path, "按级别的角色表需要 default（未分级或未列出的级别使用），"
                      "例如 {I: [commander], default: [commander, deputy]}")
        ok = False
    if not ok or default is None:
        return None
    every = frozenset(default).union(*by_level.values())
    return every, by_level, default


# -- run time ----------------------------------------------------------------------------------

def lead_level(state: Any) -> str | None:
    """The level a lead follows: the decided one, else (until one is decided) the suggestion."""
    level: str | None = state.level if state.level is not None else state.suggestion.get("level")
    return level


def unit_lead(plan: Plan, state: Any, unit: str) -> str:
    """Who leads ``unit`` now (its ``lead`` for the incident's level or facts; its title when the
    plan names no lead)."""
    spec = plan.leads.get(unit)
    u = plan.units.get(unit, {})
    if spec is None:
        return str(u.get("lead") or u.get("title") or unit)
    return spec.resolve(lead_level(state), state.facts, plan.level_ids) or str(u.get("title") or unit)


def level_body(plan: Plan, level_id: str | None) -> str:
    """「Ⅲ级：市人民政府领导，市食安委启动，市食安办组织实施」 ('' for an unknown or no level)."""
    lv = plan.level(level_id)
    return lead_text(lv) if lv is not None else ""


def lead_text(lv: Level) -> str:
    parts = [f"{lv.authority}领导"]
    if lv.starts:
        parts.append(f"{lv.starts}启动")
    if lv.runs:
        parts.append(f"{lv.runs}组织实施")
    return f"{roman(lv.id)}级：" + "，".join(parts)


def leads_legend(plan: Plan) -> list[str]:
    """The plan graph's legend: who leads, starts and runs the response at each level, and the units
    whose lead depends on the level or a fact (empty for a plan that says none of it)."""
    if not any(lv.starts or lv.runs for lv in plan.levels) and not plan.leads:
        return []
    out = ["各级响应：" + "；".join(lead_text(lv) for lv in plan.levels)]
    out += [f"{plan.units[uid]['title']}{lead_note(plan, uid)}" for uid in plan.leads]
    return out


# -- checklist ---------------------------------------------------------------------------------

def lead_note(plan: Plan, unit: str) -> str:
    """「（牵头：Ⅰ级：国务院食安办；其他：市食安办）」 for a unit whose lead depends on the level or a fact."""
    spec = plan.leads.get(unit)
    return f"（牵头：{spec.describe(plan)}）" if spec is not None else ""


def leads_section(plan: Plan) -> list[str]:
    """The checklist's 「三、按级别」: each level's leadership and the units' leads at that level,
    and the rules an authority applies. Empty for a plan that uses none of it."""
    has_bodies = any(lv.starts or lv.runs for lv in plan.levels)
    by_level = {u: s for u, s in plan.leads.items() if s.fact is None}
    if not (has_bodies or by_level or plan.judgements):
        return []
    out = ["", "三、按级别", ""]
    for lv in plan.levels:
        out.append(f"■ {lead_text(lv)}" + (f"（{lv.response}）" if lv.response else ""))
        for uid, spec in by_level.items():
            out.append(f"  · {plan.units[uid]['title']}：{spec.resolve(lv.id, {}, plan.level_ids)}牵头")
        for j in plan.judgements:
            if j.level == lv.id:
                who = "、".join(plan.role_title(r) for r in sorted(j.judged_by))
                cond = f"；前提：{j.when.text}" if j.when is not None else ""
                out.append(f"  · 需认定（{j.id}）：{j.title}（由{who}认定{cond}）")
    return out
