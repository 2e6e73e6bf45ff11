"""Approvals (plan format 2): what a body outside the room must approve (报请批准).

A plan declares them at the top level::

    approvals:
      terminate_gov: {title: 终止应急响应报同级人民政府批准,
                      body: {I: 国务院, II: 省人民政府, default: 市人民政府},
                      recorded_by: [commander, duty_officer], within: PT12H}

- the effect ``- approval: {id: terminate_gov, within?: PT6H}`` requests it: a record in
  ``state.approvals`` (status ``requested``) and, with a ``within`` (the effect's, else the
  declaration's), a deadline of kind ``approval``. Requesting an approval that is still pending
  changes nothing; requesting one already decided starts a new round (the earlier rounds are kept
  in ``earlier``).
- the engine event ``approval_decided {approval, granted, by?, doc_no?, reason?}`` records the
  body's answer: granted needs the document number (文号), refused needs the reason; the actor's
  role must be in ``recorded_by``; only a requested, undecided approval can be decided. It meets
  the round's deadline.
- the guard ``{approval: {id, status}}``: ``requested`` (ever requested), ``pending`` (requested,
  not yet decided), ``granted`` / ``refused`` (the latest round's answer).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal, TypedDict

from console.clock import CHINA_TZ
from console.plan.model import ApprovalDecl, CompiledGuard, Effect, Plan
from console.plan.schema import KeyRef
from console.plan.windows import FORMAT2_HINT

if TYPE_CHECKING:
    from console.plan.guards import GuardContext

ApprovalStatus = Literal["requested", "granted", "refused"]
STATUS_TEXT = {"requested": "待批", "granted": "已批准", "refused": "不予批准"}
_GUARD_TEXT = {"requested": "已报请", "pending": "待批复", "granted": "已获批准", "refused": "未获批准"}


class ApprovalRound(TypedDict):
    """An earlier, decided round of an approval (kept when it is requested again)."""

    round: int
    status: ApprovalStatus
    requested_at: datetime
    decided_at: datetime | None
    decided_by: str | None
    doc_no: str | None
    reason: str | None


class ApprovalRecord(TypedDict):
    """An approval in ``state.approvals`` (by its id in the plan)."""

    id: str
    title: str
    body: str  # who must approve, for the level when it was requested (市人民政府)
    status: ApprovalStatus
    round: int  # 1, then one more for each request after a decision
    deadline: str | None  # the deadline's id (A<n>), when the plan gives a time limit
    requested_at: datetime
    due_at: datetime | None
    decided_at: datetime | None
    decided_by: str | None  # the body as the decision names it
    recorded_by: str | None  # the account that recorded the decision
    doc_no: str | None  # 批准文号
    reason: str | None  # 不批准的理由
    earlier: list[ApprovalRound]


# -- compiling ------------------------------------------------------------------------------------

def compile_approvals(c: Any) -> dict[str, ApprovalDecl]:
    """The ``approvals:`` block (``c`` is the loader's compiler: doc, roles, level_ids, error …)."""
    raw = c.doc.get("approvals")
    if raw is None:
        return {}
    if c.format_version < 2:
        c.error([KeyRef("approvals")], f"approvals {FORMAT2_HINT}")
        return {}
    out: dict[str, ApprovalDecl] = {}
    for aid, a in raw.items():
        path = ["approvals", aid]
        ok = True
        body = a["body"]
        by_level: dict[str, str] = {}
        default: str | None = None
        if isinstance(body, str):
            default = body
        else:
            for k, v in body.items():
                if k == "default":
                    default = v
                elif k in c.level_ids:
                    by_level[k] = v
                else:
                    c.error(path + ["body", KeyRef(k)], f"未知的级别 `{k}`（可用：{', '.join(c.level_ids)}, default）")
                    ok = False
        roles = list(a["recorded_by"])
        if not roles:
            c.error(path + ["recorded_by"], f"审批事项 `{aid}` 没有任何角色可以登记批复（recorded_by 为空）")
            ok = False
        for i, r in enumerate(roles):
            if r not in c.roles:
                c.error(path + ["recorded_by", i],
                        f"未知的角色 `{r}`：没有这个角色可以登记批复（先在 roles 中声明；已有：{', '.join(c.roles)}）")
                ok = False
        within = c.compile_within(a["within"], path + ["within"]) if "within" in a else None
        if "within" in a and within is None:
            ok = False
        if ok:
            out[aid] = ApprovalDecl(aid, a["title"], by_level, default, frozenset(roles), within, a.get("basis"))
    return out


def approval_effect(c: Any, p: Mapping[str, Any], path: list[Any]) -> ApprovalDecl | None:
    """Check an ``approval`` effect; the declaration it requests, or None (errors located)."""
    if c.format_version < 2:
        c.error(path[:-1] + [KeyRef("approval")], f"approval {FORMAT2_HINT}")
        return None
    decl: ApprovalDecl | None = c.approvals.get(p["id"])
    if decl is None:
        known = ", ".join(c.approvals) or "（无）"
        c.error(path + ["id"], f"未声明的审批事项 `{p['id']}`（先在 approvals 中声明；已有：{known}）")
        return None
    c.requested_approvals.add(decl.id)
    return decl


def approval_guard(spec: Mapping[str, Any], ctx: GuardContext, path: list[Any]) -> CompiledGuard | None:
    """``{approval: {id, status}}``."""
    if getattr(ctx, "format_version", 1) < 2:
        ctx.error(path + [KeyRef("approval")], f"approval {FORMAT2_HINT}")
        return None
    aid = spec["id"]
    approvals: Mapping[str, str] = getattr(ctx, "approvals", {})
    if aid not in approvals:
        ctx.error(path + ["approval", "id"], f"未声明的审批事项 `{aid}`（先在 approvals 中声明）")
        return None
    used = getattr(ctx, "used_approvals", None)
    if used is not None:
        used.setdefault(aid, path + ["approval", "id"])
    status = spec["status"]
    text = f"「{approvals[aid]}」{_GUARD_TEXT[status]}"
    if status == "requested":
        g = CompiledGuard(lambda s: aid in s.approvals, text)
    else:
        want = "requested" if status == "pending" else status
        g = CompiledGuard(lambda s: (r := s.approvals.get(aid)) is not None and r["status"] == want, text)
    object.__setattr__(g, "approvals", [text])  # for the plan graph (console.plan.windows.guard_notes)
    return g


def check_use(c: Any, used: Mapping[str, list[Any]]) -> None:
    """A guard waiting on an approval that no effect ever requests can never hold."""
    for aid, path in used.items():
        if aid not in c.requested_approvals:
            c.error(path, f"条件引用的审批事项 `{aid}` 从未被任何 approval 效果报请，条件永远不会成立")


# -- the engine's side --------------------------------------------------------------------------

def new_round(plan: Plan, s: Any, aid: str, deadline: str | None, at: datetime,
              due: datetime | None) -> ApprovalRecord:
    """The record of a new request of ``aid`` (the first, or one after a decision)."""
    decl = plan.approvals[aid]
    old: ApprovalRecord | None = s.approvals.get(aid)
    earlier: list[ApprovalRound] = []
    if old is not None:
        earlier = [*old["earlier"], {"round": old["round"], "status": old["status"],
                                     "requested_at": old["requested_at"], "decided_at": old["decided_at"],
                                     "decided_by": old["decided_by"], "doc_no": old["doc_no"],
                                     "reason": old["reason"]}]
    level = s.level if s.level is not None else s.suggested_level
    return {"id": aid, "title": decl.title, "body": decl.body_for(level, plan.level_ids), "status": "requested",
            "round": old["round"] + 1 if old is not None else 1, "deadline": deadline, "requested_at": at,
            "due_at": due, "decided_at": None, "decided_by": None, "recorded_by": None, "doc_no": None,
            "reason": None, "earlier": earlier}


def decide(plan: Plan, s: Any, ev: Any) -> ApprovalRecord:
    """The record after ``approval_decided``; raises Rejected (nothing changed) when it may not be."""
    from console.plan.engine import SYSTEM_ROLE, Rejected

    data = ev.data
    aid = data.get("approval")
    decl = plan.approvals.get(aid) if isinstance(aid, str) else None
    if decl is None:
        known = "、".join(a.title for a in plan.approvals.values()) or "无"
        raise Rejected("no_approval", f"预案中没有审批事项「{aid}」（本预案的审批事项：{known}）")
    if ev.role not in decl.recorded_by and ev.role != SYSTEM_ROLE:
        need = "、".join(plan.role_title(r) for r in sorted(decl.recorded_by))
        raise Rejected("role", f"角色「{plan.role_title(ev.role)}」无权登记「{decl.title}」的批复（需要：{need}）")
    rec: ApprovalRecord | None = s.approvals.get(decl.id)
    if rec is None:
        raise Rejected("not_requested", f"「{decl.title}」尚未报请，不能登记批复")
    if rec["status"] != "requested":
        raise Rejected("decided", f"「{decl.title}」已于 {_local(rec['decided_at'])} 登记为"
                                  f"{STATUS_TEXT[rec['status']]}；再次报请后才能登记新的批复")
    granted = data.get("granted")
    if not isinstance(granted, bool):
        raise Rejected("bad_approval", "须写明批准还是不批准（granted: true 或 false）")
    by = data.get("by")
    if by is not None and (not isinstance(by, str) or not by.strip()):
        raise Rejected("bad_approval", "批复机关须是文本（如 市人民政府）")
    doc_no = data.get("doc_no")
    reason = data.get("reason")
    doc = doc_no.strip() if isinstance(doc_no, str) and doc_no.strip() else None
    why = reason.strip() if isinstance(reason, str) and reason.strip() else None
    if granted and doc is None:
        raise Rejected("no_doc_no", f"批准「{decl.title}」须登记批准文号（如 濮政文〔2026〕12号）")
    if not granted and why is None:
        raise Rejected("no_reason", f"不批准「{decl.title}」须写明理由")
    out: ApprovalRecord = {**rec}
    out["status"] = "granted" if granted else "refused"
    out["decided_at"] = ev.at
    out["decided_by"] = by.strip() if isinstance(by, str) else rec["body"]
    out["recorded_by"] = ev.actor
    out["doc_no"] = doc
    out["reason"] = why
    return out


def _local(t: datetime | None) -> str:
    return t.astimezone(CHINA_TZ).strftime("%m-%d %H:%M") if t is not None else "—"


# -- words ------------------------------------------------------------------------------------------

def body_text(plan: Plan, decl: ApprovalDecl, level_word: Any = None) -> str:
    """「I级国务院，II级省人民政府，其他市人民政府」 or just 「市人民政府」 (``level_word(lv)``: how a
    level is written, 「I级」 by default)."""
    if not decl.body_by_level:
        return decl.body_default or ""
    word = level_word or (lambda lv: f"{lv}级")
    parts = [f"{word(lv)}{decl.body_by_level[lv]}" for lv in plan.level_ids if lv in decl.body_by_level]
    if decl.body_default is not None:
        parts.append(f"其他{decl.body_default}")
    return "，".join(parts)


def describe(plan: Plan, decl: ApprovalDecl, within: Any = None) -> str:
    """A declaration in words, for the checklist and the diff."""
    who = "、".join(plan.role_title(r) for r in sorted(decl.recorded_by))
    w = within if within is not None else decl.within
    lim = f"，{w.describe(plan.level_ids)}内批复" if w is not None else ""
    return f"{decl.title}（批准机关：{body_text(plan, decl)}；由{who}登记批复{lim}）"


def effect_text(plan: Plan, e: Effect) -> str:
    decl = plan.approvals[e.params["id"]]
    return f"报请批准 · {describe(plan, decl, e.within)}"


def checklist_lines(plan: Plan) -> list[str]:
    """The checklist's section on approvals (empty when the plan has none)."""
    if not plan.approvals:
        return []
    out = ["", "三、报请批准事项", ""]
    for decl in plan.approvals.values():
        out.append(f"■ {describe(plan, decl)}")
        where = [st.title for st in plan.states.values()
                 if any(e.kind == "approval" and e.params["id"] == decl.id
                        for e in [*st.enter, *st.exit, *(x for tr in st.transitions for x in tr.effects)])]
        if where:
            out.append(f"  报请于：{'、'.join(where)}")
    return out



# -- plan diff ------------------------------------------------------------------------------------

def diff_approvals(d: Any, old: Plan, new: Plan, level_word: Any, within_words: Any) -> None:
    """The approvals' changes, in words (``d`` is console.plan.diff's differ: ``add``, ``changed``)."""
    for aid, a in old.approvals.items():
        path = ["approvals", aid]
        b = new.approvals.get(aid)
        if b is None:
            d.add("approvals", f"approval:{aid}", "removed", f"删除报请批准事项「{a.title}」（{aid}）", a.title, None,
                  path)
            continue
        head = f"报请批准「{b.title}」"
        d.changed("approvals", f"approval:{aid}:title", f"报请批准事项 {aid} 名称", a.title, b.title, path)
        d.changed("approvals", f"approval:{aid}:body", f"{head}批准机关", body_text(old, a, level_word),
                  body_text(new, b, level_word), path + ["body"])
        d.changed("approvals", f"approval:{aid}:recorded_by", f"{head}登记批复的角色",
                  "、".join(old.role_title(r) for r in sorted(a.recorded_by)),
                  "、".join(new.role_title(r) for r in sorted(b.recorded_by)), path + ["recorded_by"])
        d.changed("approvals", f"approval:{aid}:within", f"{head}批复时限", within_words(old, a.within),
                  within_words(new, b.within), path)
    for aid, b in new.approvals.items():
        if aid not in old.approvals:
            d.add("approvals", f"approval:{aid}", "added", f"新增报请批准事项「{b.title}」（{aid}）", None, b.title,
                  None, ["approvals", aid])


def stamp_words(plan: Plan, fid: str) -> str | None:
    """「发病人数增加时」: when the engine sets a stamped datetime fact (None: it does not)."""
    stamp = plan.facts[fid].stamp
    if stamp is None:
        return None
    src = plan.facts.get(stamp)
    return f"{src.label if src else stamp}增加时"


def status_words(rec: Mapping[str, Any]) -> str:
    """「市人民政府批准（濮政文〔2026〕12号，11-24 11:00）」「待市人民政府批复」 …"""
    if rec["status"] == "requested":
        due = f"，时限 {_local(rec['due_at'])}" if rec.get("due_at") else ""
        return f"待{rec['body']}批复（{_local(rec['requested_at'])} 报请{due}）"
    by = rec.get("decided_by") or rec["body"]
    if rec["status"] == "granted":
        return f"{by}批准（{rec.get('doc_no') or ''}，{_local(rec['decided_at'])}）"
    return f"{by}不予批准（理由：{rec.get('reason') or ''}，{_local(rec['decided_at'])}）"


def summary_rows(s: Any) -> list[tuple[str, str]]:
    """One row per approval of an incident, for the review: (「报请批准：…」, its outcome in words)."""
    out = []
    for rec in s.approvals.values():
        rounds = f"（第 {rec['round']} 次报请）" if rec["round"] > 1 else ""
        out.append((f"报请批准：{rec['title']}", status_words(rec) + rounds))
    return out
