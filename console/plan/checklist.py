"""A plan as a checklist: what each state asks for, and what each responsible unit must do."""

from __future__ import annotations

from console.plan import approvals
from console.plan.chains import describe_chain, describe_on_change, limit_text
from console.plan.links import describe_handover
from console.plan.model import Effect, Plan

_QUESTION = {"grade": "分级研判", "escalate": "提升级别", "de_escalate": "降低级别",
             "terminate": "终止响应", "technical": "技术会商"}
_CHANNEL = {"phone": "电话", "sms": "短信", "fax": "传真", "system": "系统", "media": "媒体",
            "document": "公文", "broadcast": "广播"}


def _qty(plan: Plan, q: object) -> str:
    """A quantity, or a level-dependent one in words: （Ⅰ级40，Ⅱ级30，其他10）."""
    if not isinstance(q, dict):
        return str(q)
    parts = [f"{lv}级{q[lv]}" for lv in plan.level_ids if lv in q]
    if "default" in q:
        parts.append(f"其他{q['default']}")
    return "（" + "，".join(parts) + "）"


def describe_effect(plan: Plan, e: Effect) -> str:
    p = e.params
    lim = ""
    if e.within is not None:
        # a deadline the plan ends with its stage, where it would otherwise last until done
        ends = e.cancel_on_exit and (e.kind in ("task", "materials") or (e.kind == "report" and not e.every)) \
            and e.on_change is None
        lim = f"（{limit_text(plan, e.within, e.anchor)}{'，离开本阶段即取消' if ends else ''}）"
    if e.kind == "task":
        return f"任务 · {plan.units[p['unit']]['title']}：{p['title']}{lim}"
    if e.kind == "report":
        title = p.get("title") or plan.report_kinds[p["kind"]]["title"]
        every = "，此后定期报送" if e.every else ""
        change = f"，{describe_on_change(plan, e.on_change)}报送" if e.on_change is not None else ""
        chain = f"，逐级报送{len(e.chain)}环" if e.chain else ""
        return f"报告 · {title}{lim}{every}{change}{chain}"
    if e.kind == "consult":
        return f"专家会商 · {_QUESTION[p['question']]}：{p['title']}{lim}"
    if e.kind == "materials":
        items = "、".join(f"{it['item']}×{_qty(plan, it['qty'])}" for it in p["items"])
        return f"物资调用 · {p.get('title', '应急物资')}：{items}{lim}"
    if e.kind == "notify":
        return f"通知 · {p['audience']}（{_CHANNEL[p['channel']]}）：{p['text']}"
    if e.kind == "level":
        if "set" in p:
            return "级别 · 按评估建议确定" if p["set"] == "suggested" else f"级别 · 定为{p['set']}级"
        return f"级别 · 提升{p['raise']}级" if "raise" in p else f"级别 · 降低{p['lower']}级"
    if e.kind == "timer":
        return f"计时 · {p['title']}{lim}，到时执行「{plan.event_title(p['fire'])}」"
    if e.kind == "alert":
        return f"提醒 · {p['text']}"
    if e.kind == "approval":
        return approvals.effect_text(plan, e)
    return e.kind


def checklist_text(plan: Plan) -> str:
    out = [f"{plan.title}（{plan.version}）", "", "一、按状态", ""]

    def walk(parent: str | None, depth: int) -> None:
        for sid, st in plan.states.items():
            if st.parent != parent:
                continue
            ind = "  " * depth
            out.append(f"{ind}■ {st.title}（{sid}）{' [终止]' if st.final else ''}")
            for e in st.enter:
                out.append(f"{ind}  · {describe_effect(plan, e)}")
                out.extend(f"{ind}      {h}" for h in describe_chain(plan, e))
            if st.handover:  # 移交 (plan format 2)
                out.append(f"{ind}  · {describe_handover(plan, st)}")
            for tr in st.transitions:
                who = "、".join(plan.role_title(r) for r in sorted(tr.roles)) if tr.roles else "任何角色"
                to = plan.state_title(tr.target) if tr.target else "（不换状态）"
                cond = f"；条件：{tr.guard.text}" if tr.guard else ""
                out.append(f"{ind}  → {plan.event_title(tr.event)} → {to}（{who}{cond}）")
                for e in tr.effects:
                    out.append(f"{ind}      · {describe_effect(plan, e)}")
                    out.extend(f"{ind}          {h}" for h in describe_chain(plan, e))
            walk(sid, depth + 1)

    walk(None, 0)
    out += ["", "二、按责任单位", ""]
    by_unit: dict[str, list[str]] = {u: [] for u in plan.units}
    for st in plan.states.values():
        effects = list(st.enter) + [e for tr in st.transitions for e in tr.effects]
        for e in effects:
            if e.kind == "task":
                by_unit[e.params["unit"]].append(f"［{st.title}］{describe_effect(plan, e).split('：', 1)[1]}")
    for unit, tasks in by_unit.items():
        out.append(f"■ {plan.units[unit]['title']}")
        out.extend(f"  · {t}" for t in tasks) if tasks else out.append("  （本预案未分配任务）")
    out += approvals.checklist_lines(plan)
    return "\n".join(out)
