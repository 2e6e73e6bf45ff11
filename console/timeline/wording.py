"""One Chinese line for each event of an incident's log (timeline details, report narratives)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from console.clock import CHINA_TZ
from console.incidents.linked_view import describe_link_event
from console.plan.links import LINK_EVENTS

QUESTIONS = {"grade": "分级研判", "escalate": "提升级别", "de_escalate": "降低级别", "terminate": "终止响应",
             "technical": "技术咨询"}
OUTCOMES = {"approve": "同意", "reject": "不同意"}
DRILL_ACTIONS = {"start": "开始", "pause": "暂停", "resume": "继续", "speed": "调整倍速", "end": "结束",
                 "skip": "时间压缩"}
REPORT_STEPS = {"log.report_reviewed": "审核", "log.report_signed": "签发", "log.report_returned": "退回修改"}
DRILL_RATINGS = {"met": "达标", "partly": "部分达标", "not_met": "未达标"}
CHANNEL_WORDS = {"phone": "电话", "sms": "短信", "fax": "传真", "system": "系统", "document": "公文", "media": "媒体",
                 "broadcast": "广播"}

LINK_WORDS = LINK_EVENTS  # linked incidents, 并入, 移交 (console.incidents.linked_view)

def _facts(plan: Any, facts: dict[str, Any]) -> str:
    parts = []
    for k, v in facts.items():
        decl = plan.facts.get(k)
        label = decl.label if decl else k
        if v is None:
            parts.append(f"{label}：清除")
            continue
        if decl is not None and decl.type == "enum":
            v = decl.labels.get(v, v)
        elif isinstance(v, bool):
            v = "是" if v else "否"
        unit = getattr(decl, "unit", None) or ""
        parts.append(f"{label}：{v}{unit}")
    return "，".join(parts)


def _dispatched(lines: list[dict[str, Any]]) -> str:
    """「一次性防护服 80 套、无菌采样袋 5 包，来自 2 个储备库」 from a dispatch's lines (lines written
    by earlier releases carry no name or unit: the short id and the bare quantity are shown)."""
    qty: dict[str, int] = {}
    unit: dict[str, str] = {}
    depots: set[str] = set()
    for ln in lines:
        name = str(ln.get("name") or ln.get("item", ""))
        qty[name] = qty.get(name, 0) + int(ln.get("qty") or 0)
        unit[name] = str(ln.get("unit") or "")
        depots.add(str(ln.get("depot", "")))
    items = "、".join(f"{n} {q}" + (f" {unit[n]}" if unit[n] else "") for n, q in qty.items())
    return f"{items}，来自 {len(depots)} 个储备库"


def describe(plan: Any, type: str, data: dict[str, Any], *, names: Mapping[str, Any] | None = None,
             official: bool = False) -> str:
    """What an event means, in the words a duty officer uses.

    ``names`` maps the incident's task and deadline ids to their records (``state.tasks``,
    ``state.deadlines``), so a task is named by its title; ``official`` leaves internal ids
    (report numbers, task and state ids) out, for the text of official documents."""
    names = names or {}

    def title_of(key: Any) -> str:
        rec = names.get(key) if isinstance(key, str) else None
        return str(rec.get("title") or key) if isinstance(rec, Mapping) else ("" if official else str(key or ""))
    if type == "open":
        facts = data.get("facts") or {}
        return f"接报：{data.get('title', '')}" + (f"（{_facts(plan, facts)}）" if facts else "")
    if type == "facts" and data.get("inject"):
        return f"演练注入（{data['inject']}）带来的事实：{_facts(plan, data.get('facts') or {})}"
    if type == "facts" and data.get("assessed"):  # 经评估可能 (plan format 2)
        told = f"更新事实：{_facts(plan, data['facts'])}；" if data.get("facts") else ""
        return f"{told}经评估可能：{_facts(plan, data['assessed'])}"
    if type == "facts":
        return f"更新事实：{_facts(plan, data.get('facts') or {})}"
    if type == "fire":
        return plan.event_title(data.get("event", ""))
    if type == "decide_level" and data.get("rule"):  # citing a 需认定 rule (plan format 2)
        rule = next((j for j in getattr(plan, "judgements", ()) if j.id == data["rule"]), None)
        cited = f"依据规则 {data['rule']}" + (f"「{rule.title}」" if rule is not None else "")
        return (f"认定级别：{plan.level_name(data.get('level'))}（{data.get('basis', '政府认定')}，{cited}，"
                f"理由：{data.get('reason', '')}）")
    if type == "decide_level":
        return (f"认定级别：{plan.level_name(data.get('level'))}（{data.get('basis', '政府认定')}，"
                f"理由：{data.get('reason', '')}）")
    if type == "complete_task":
        task = title_of(data.get("task"))
        return (f"完成任务「{task}」" if task else "完成任务") + (f"：{data['note']}" if data.get("note") else "")
    if type == "reopen_task":
        task = title_of(data.get("task"))
        return (f"撤销完成「{task}」" if task else "撤销完成任务") + f"（理由：{data.get('reason', '')}）"
    if type == "end_tasks":  # a final state ended the open tasks (plan format 2)
        return f"未完成的任务不再需要（{data.get('reason', '')}）"
    if type in LINK_WORDS:  # linked incidents, 并入, 移交 (plan format 2)
        return describe_link_event(type, data, lambda facts: _facts(plan, facts))
    if type == "acknowledge_task":
        task = title_of(data.get("task"))
        return (f"签收任务「{task}」" if task else "签收任务") + (f"（{data['by']}）" if data.get("by") else "")
    if type == "forward_report":  # one hop of a reporting chain (报送/转报), named by its words
        key = f"{data.get('report')}.{data.get('hop')}"
        rec = names.get(key)  # without the incident's records: no internal id (R3.unit) either
        hop = str(rec.get("title") or "") if isinstance(rec, Mapping) else ""
        planned = rec.get("channel") if isinstance(rec, Mapping) else None
        parts = [CHANNEL_WORDS.get(str(data["channel"]), "")] if data.get("channel") not in (None, planned) else []
        parts += [f"文号 {data['doc_no']}"] if data.get("doc_no") else []
        parts += [str(data["note"])] if data.get("note") else []
        parts = [x for x in parts if x]
        return (f"逐级报送：{hop}" if hop else "逐级报送") + (f"（{'，'.join(parts)}）" if parts else "")
    if type == "submit_report":
        title = plan.report_kinds.get(str(data.get("kind")), {}).get("title", data.get("kind"))
        rid = f"（{data['report_id']}）" if data.get("report_id") and not official else ""
        return f"报送{title}{rid}"
    if type == "log.report_corrected":
        title = plan.report_kinds.get(str(data.get("kind")), {}).get("title", data.get("kind"))
        if official:
            return f"报送{title}更正版本"
        return f"报送{title}更正版本（{data.get('report_id', '')}，更正 {data.get('supersedes', '')}）"
    if type in REPORT_STEPS:
        title = plan.report_kinds.get(str(data.get("kind")), {}).get("title", data.get("kind"))
        rid = f"（{data['report_id']}）" if data.get("report_id") and not official else ""
        extra = f"，签发人：{data['issuer']}" if data.get("issuer") else ""
        extra += f"，理由：{data['reason']}" if data.get("reason") else ""
        return f"{REPORT_STEPS[type]}{title}{rid}{extra}"
    if type == "log.attachment_added":
        size = int(data.get("size") or 0)
        shown = f"{size / 1024:.0f} KB" if size >= 1024 else f"{size} 字节"
        return f"添加附件：{data.get('filename', '')}（{shown}，SHA-256 {str(data.get('sha256', ''))[:12]}…）"
    if type == "consult_concluded":
        q = QUESTIONS.get(str(data.get("question")), data.get("question"))
        lv = f"，建议{plan.level_name(data['level'])}" if data.get("level") else ""
        differ = data.get("dissent") or []
        note = f"（{len(differ)} 位专家持不同意见：{'、'.join(map(str, differ))}）" if differ else ""
        return f"专家会商（{q}）结论：{OUTCOMES.get(str(data.get('outcome')), data.get('outcome'))}{lv}{note}"
    if type == "log.consult_opened":
        q = QUESTIONS.get(str(data.get("question")), data.get("question"))
        return f"发起专家会商（{q}）：{data.get('title', '')}"
    if type == "log.consult_invited":
        return f"邀请专家参加会商：{'、'.join(data.get('names') or data.get('experts') or [])}"
    if type == "log.consult_opinion":
        rec = OUTCOMES.get(str(data.get("recommend")), data.get("recommend"))
        return f"专家意见：{data.get('name', data.get('expert', ''))}（{rec}）"
    if type == "approval_decided":  # 上级批复 (plan format 2): named by its title, never its id
        decl = getattr(plan, "approvals", {}).get(data.get("approval"))
        what = f"「{decl.title}」" if decl is not None else "报请事项"
        by = data.get("by") or "上级"
        if data.get("granted"):
            return f"{by}批准{what}" + (f"（文号：{data['doc_no']}）" if data.get("doc_no") else "")
        return f"{by}不批准{what}" + (f"（理由：{data['reason']}）" if data.get("reason") else "")
    if type == "deadline_missed":
        return f"期限逾期：{title_of(data.get('deadline'))}"
    if type == "note":
        if data.get("kind") == "handover":
            return f"交接班：{data.get('from', '')} → {data.get('to', '')}。{data.get('text', '')}"
        return f"值守记录：{data.get('text', '')}"
    if type == "log.materials_dispatched":
        return (f"应急物资调拨 {data.get('request', '')}：{data.get('title') or ''}"
                + (f"（{_dispatched(data.get('lines') or [])}）" if data.get("lines") else "")
                + (f"，备注：{data['note']}" if data.get("note") else ""))
    if type == "log.materials_rejected":
        return (f"应急物资申请驳回 {data.get('request', '')}：{data.get('title') or ''}"
                f"（{data.get('reason', '')}）")
    if type == "log.materials_delivered":
        return (f"应急物资送达 {data.get('request', '')}：{data.get('title') or ''}"
                + (f"（{data['note']}）" if data.get("note") else ""))
    if type == "materials_delivered":
        number = data.get("dispatch") or data.get("request", "")
        return f"应急物资送达 {number}" + (f"（{data['note']}）" if data.get("note") else "")
    if type == "log.area":
        area = data.get("area") or {}
        if area.get("radius_m"):
            return f"标绘影响范围：半径 {area['radius_m'] / 1000:g} 公里"
        return "标绘影响范围"
    if type == "log.drill":
        if data.get("action") == "skip" and data.get("text"):  # 时间压缩
            return f"演练导调：{data['text']}"
        return f"演练导调：{DRILL_ACTIONS.get(data.get('action', ''), data.get('action', ''))}"
    if type == "log.evaluation":
        return f"评估记录：{data.get('item', '')} {DRILL_RATINGS.get(data.get('rating', ''), data.get('rating', ''))}" \
            + (f"（{data['note']}）" if data.get("note") else "")
    if type == "log.refused":  # a player's attempt the plan refused (drills only)
        return f"尝试「{data.get('what') or data.get('command', '')}」被拒绝：{data.get('reason', '')}"
    if type == "log.hotwash":
        return f"现场点评：{data.get('text', '')}"
    if type == "log.improvement":
        return f"整改事项 {data.get('id', '')}：{data.get('issue') or data.get('action') or data.get('status', '')}"
    if type.startswith("log.inject") or data.get("inject"):
        return f"演练注入：{data.get('title') or data.get('text') or data.get('inject', '')}"
    if type.startswith("log."):
        return data.get("text") or data.get("title") or f"记录（{type[4:]}）"
    return type


def when(dt: Any) -> str:
    return dt.astimezone(CHINA_TZ).strftime("%m月%d日 %H:%M")
