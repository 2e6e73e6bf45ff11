"""``plan diff`` for format 2 §B, in Chinese: a level's 启动/组织实施 bodies, unit leads by level or
by fact, 需认定 rules (``judged_by``), optional raises, assessable facts and roles by level.
Called from :mod:`console.plan.diff` with its differ."""

from __future__ import annotations

from typing import Any, Protocol

from console.plan.leads import roman
from console.plan.model import Plan, Transition


class _Differ(Protocol):
    old: Plan
    new: Plan

    def add(self, area: str, key: str, kind: str, title: str, old_text: str | None = None,
            new_text: str | None = None, old_path: list[Any] | None = None,
            new_path: list[Any] | None = None) -> None: ...


def _show(v: Any) -> str:
    return "（无）" if v is None or v == "" else str(v)


def _change(d: _Differ, area: str, key: str, what: str, old: Any, new: Any, po: list[Any], pn: list[Any]) -> None:
    if old != new:
        d.add(area, key, "changed", f"{what} {_show(old)} → {_show(new)}", _show(old), _show(new), po, pn)


def lead_text(plan: Plan, uid: str) -> str | None:
    """A unit's lead as the plan writes it: a text, or 「Ⅰ级：…；其他：…」 / 「按发生环节：…」."""
    spec = plan.leads.get(uid)
    if spec is not None:
        return str(spec.describe(plan))
    lead = plan.units.get(uid, {}).get("lead")
    return str(lead) if lead else None


def roles_text(plan: Plan, tr: Transition) -> str:
    """Who may fire a transition: 「指挥长、副指挥长」, by level 「Ⅰ级：指挥长；其他：指挥长、副指挥长」."""
    def names(roles: frozenset[str] | None) -> str:
        return "、".join(plan.role_title(r) for r in sorted(roles)) if roles else "任何角色"

    by = tr.roles_by_level
    if by is None:
        return names(tr.roles)
    parts = [f"{roman(lv)}级：{names(by[lv])}" for lv in plan.level_ids if lv in by]
    return "；".join([*parts, f"其他：{names(tr.roles_default)}"])


def grading_changes(d: _Differ) -> None:
    o, n = d.old, d.new
    # level leadership: who starts the response, who runs it
    ni = {lv.id: i for i, lv in enumerate(n.levels)}
    for i, lv in enumerate(o.levels):
        if lv.id not in ni:
            continue
        nl = n.levels[ni[lv.id]]
        po, pn = ["levels", i], ["levels", ni[lv.id]]
        _change(d, "levels", f"level:{lv.id}:starts", f"{roman(lv.id)}级 启动响应的机构", lv.starts, nl.starts, po, pn)
        _change(d, "levels", f"level:{lv.id}:runs", f"{roman(lv.id)}级 组织实施的机构", lv.runs, nl.runs, po, pn)
    # 需认定 rules
    oj = {j.id: (i, j) for i, j in enumerate(o.judgements)}
    nj = {j.id: (i, j) for i, j in enumerate(n.judgements)}

    def who(plan: Plan, roles: frozenset[str]) -> str:
        return "、".join(plan.role_title(r) for r in sorted(roles))

    for rid, (_, j) in oj.items():
        po = _rule_path(j.position)
        if rid not in nj:
            d.add("levels", f"judgement:{rid}", "removed",
                  f"删除需认定规则 {roman(j.level)}级（{rid}）：{j.title}（由{who(o, j.judged_by)}认定）",
                  j.title, None, po)
            continue
        nr = nj[rid][1]
        pn = _rule_path(nr.position)
        head = f"需认定规则（{rid}）"
        _change(d, "levels", f"judgement:{rid}:judged_by", f"{head}认定角色",
                who(o, j.judged_by), who(n, nr.judged_by), po, pn)
        _change(d, "levels", f"judgement:{rid}:level", f"{head}级别",
                f"{roman(j.level)}级", f"{roman(nr.level)}级", po, pn)
        _change(d, "levels", f"judgement:{rid}:title", f"{head}名称", j.title, nr.title, po, pn)
        _change(d, "levels", f"judgement:{rid}:when", f"{head}前提",
                j.when.text if j.when else None, nr.when.text if nr.when else None, po, pn)
    for rid, (_, j) in nj.items():
        if rid not in oj:
            d.add("levels", f"judgement:{rid}", "added",
                  f"新增需认定规则 {roman(j.level)}级（{rid}）：{j.title}（由{who(n, j.judged_by)}认定）",
                  None, j.title, None, _rule_path(j.position))
    # optional raises (可相应提高) against raises that always apply
    om = {m.id: (i, m) for i, m in enumerate(o.modifiers)}
    for k, m in enumerate(n.modifiers):
        if m.id in om and om[m.id][1].optional != m.optional:
            before = om[m.id][1]
            was, now = _raise_word(before.optional, before.raise_by), _raise_word(m.optional, m.raise_by)
            d.add("levels", f"modifier:{m.id}:optional", "changed", f"级别调整（{m.id}）：{was} → {now}", was, now,
                  ["grading", "modifiers", om[m.id][0]], ["grading", "modifiers", k])
    # assessable facts
    for fid, f in o.facts.items():
        g = n.facts.get(fid)
        if g is not None and f.assessable != g.assessable:
            was, now = ("是" if f.assessable else "否"), ("是" if g.assessable else "否")
            d.add("facts", f"fact:{fid}:assessable", "changed", f"事实「{g.label}」可评估（经评估可能） {was} → {now}",
                  was, now, ["facts", fid], ["facts", fid])
    # unit leads by level or by fact (a plain text lead is compared by console.plan.diff)
    for uid in o.units:
        if uid in n.units and (uid in o.leads or uid in n.leads):
            title = str(n.units[uid].get("title", uid))
            old, new = lead_text(o, uid), lead_text(n, uid)
            if old != new:
                d.add("units", f"unit:{uid}:lead", "changed", f"{title} 牵头：{_show(old)} → {_show(new)}",
                      _show(old), _show(new), ["units", uid, "lead"], ["units", uid, "lead"])


def _raise_word(optional: bool, n: int) -> str:
    return f"可相应提高（至多{n}级）" if optional else f"提高{n}级"


def _rule_path(position: int | None) -> list[Any]:
    return ["grading", "rules"] + ([position] if position is not None else [])
