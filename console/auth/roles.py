"""Roles and what each may do.

Two layers decide whether a command is allowed:

1. **The role** (this module): what kind of command a role may issue at all — an observer
   watches and never changes anything; an administrator manages accounts and plans but does
   not run incidents; experts give opinions and sign consultations; the drill controller and
   evaluator work through drill log entries.
2. **The plan** (the engine): which plan events a role may fire in which state, and who may
   decide the level (``roles:`` on transitions, ``grading.decision_roles``).

A command passes only if both allow it; the refusal names the layer and the roles that may.
"""

from __future__ import annotations

from console.plan.engine import Rejected

ROLE_TITLES: dict[str, str] = {
    "commander": "指挥长",
    "deputy": "副指挥长",
    "duty_officer": "值班员",
    "group_staff": "工作组人员",
    "expert": "专家",
    "controller": "导调",
    "evaluator": "评估员",
    "observer": "观察员",
    "admin": "管理员",
}

_COMMAND_STAFF = frozenset({"commander", "deputy", "duty_officer"})
_STAFF = _COMMAND_STAFF | {"group_staff"}
_ALL_BUT_OBSERVER = frozenset(ROLE_TITLES) - {"observer"}

# Engine event type → roles that may issue it at all (the plan may narrow it further).
COMMAND_ROLES: dict[str, frozenset[str]] = {
    "open": _COMMAND_STAFF,                       # 接报
    "facts": _STAFF,                              # 更新事实
    "fire": _STAFF,                               # plan events (the plan names the roles)
    "decide_level": _COMMAND_STAFF,               # the plan's decision_roles narrow this
    "complete_task": _STAFF,
    "reopen_task": _COMMAND_STAFF,                # 撤销完成 (a correction, reason required)
    "acknowledge_task": _STAFF,                   # 签收 of a task by its unit
    "materials_delivered": _STAFF,
    "submit_report": _COMMAND_STAFF,              # 信息报送
    "forward_report": _COMMAND_STAFF,             # 报送/转报 one hop of a reporting chain
    "consult_concluded": _COMMAND_STAFF | {"expert"},  # the chair signs the conclusion
    "approval_decided": _COMMAND_STAFF,           # 登记上级批复 (the plan's recorded_by narrows this)
    "note": _ALL_BUT_OBSERVER - {"admin"},        # 值守记录
    "link_incident": _COMMAND_STAFF,              # 关联事件 (written into both incidents' logs)
    "unlink_incident": _COMMAND_STAFF,            # 取消关联
    "merged_into": _COMMAND_STAFF,                # 并入 another incident (closes this one)
    "linked_facts": _STAFF,                       # a linked incident's facts (the service writes it)
}
# Timeline-only entries (``log.*``): drill injects, evaluations, hot-wash, improvement items.
LOG_ROLES = _ALL_BUT_OBSERVER - {"admin"}

# Actions outside the incident's event stream.
ACTION_ROLES: dict[str, frozenset[str]] = {
    "reserves.manage": frozenset({"duty_officer", "admin"}),   # 入库、盘点、导入
    "reserves.dispatch": _COMMAND_STAFF,                       # 批准或驳回调拨
    "reports.submit": _COMMAND_STAFF,
    "experts.manage": frozenset({"duty_officer", "admin"}),
    "plans.edit": frozenset({"admin"}),
    "users.manage": frozenset({"admin"}),
    "drills.control": frozenset({"controller"}),
    "drills.evaluate": frozenset({"controller", "evaluator"}),
}
ACTION_TITLES: dict[str, str] = {
    "reserves.manage": "管理应急物资库存",
    "reserves.dispatch": "审批应急物资调拨",
    "reports.submit": "报送信息报告",
    "experts.manage": "维护专家库",
    "plans.edit": "编辑预案",
    "users.manage": "管理用户账号",
    "drills.control": "控制演练（导调）",
    "drills.evaluate": "演练评估",
}


def role_title(role: str) -> str:
    return ROLE_TITLES.get(role, role)


def _names(roles: frozenset[str]) -> str:
    return "、".join(ROLE_TITLES[r] for r in ROLE_TITLES if r in roles)


def check_command(role: str, type_: str) -> None:
    """Raise Rejected (reason in Chinese) if ``role`` may never issue commands of ``type_``."""
    if role == "observer":
        raise Rejected("role", "观察员只能查看，不能更改事件")
    allowed = LOG_ROLES if type_.startswith("log.") else COMMAND_ROLES.get(type_)
    if allowed is None:
        return  # an engine-internal type (deadline_missed …): the engine decides
    if role in ROLE_TITLES and role not in allowed:
        raise Rejected("role", f"角色「{role_title(role)}」不能执行此操作（可执行的角色：{_names(allowed)}）")


def may_command(role: str, type_: str) -> bool:
    try:
        check_command(role, type_)
    except Rejected:
        return False
    return True


def check_action(role: str, action: str) -> None:
    """Raise Rejected if ``role`` may not perform ``action`` (a key of ACTION_ROLES)."""
    allowed = ACTION_ROLES[action]
    if role not in allowed:
        raise Rejected("role", f"角色「{role_title(role)}」无权{ACTION_TITLES[action]}（需要：{_names(allowed)}）")
