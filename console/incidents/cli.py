"""Headless incident commands: ``incident open|list|show|facts|fire|decide|task-done|task-reopen|task-ack|
delivered|report|forward|chain|consult|approve|deadlines|tasks|timeline|actions``, ``incident link|unlink|merge|links``
(关联事件、并入), plus ``replay INCIDENT``, ``rebuild`` and ``tick``."""

from __future__ import annotations

import argparse
import json
from datetime import datetime
from pathlib import Path
from typing import Any

from console.cli import CommandError, auth_args, open_console, principal_of, refusing
from console.clock import CHINA_TZ
from console.errors import Refused
from console.plan.approvals import summary_rows as approval_rows
from console.plan.diagnostics import PlanError
from console.plan.engine import available_events
from console.plan.judgement import grading_lines
from console.plan.model import Plan
from console.plan.windows import as_of, standing, time_windows


def register(sub: argparse._SubParsersAction) -> None:
    inc = sub.add_parser("incident", help="事件：接报、更新事实、执行事件、查看期限与时间线")
    isub = inc.add_subparsers(dest="incident_command", metavar="ACTION", required=True)

    def cmd(name: str, help: str, func: Any, *, incident: bool = True, actor: bool = False) -> argparse.ArgumentParser:
        p = isub.add_parser(name, help=help)
        if incident:
            p.add_argument("incident", help="事件编号，如 20261122-001")
        if actor:
            p.add_argument("--actor", default=None, help="操作人（有账号的数据库：只能是登录的账号，可省略）")
            p.add_argument("--role", default=None,
                           help="角色 id（默认：账号的主角色；无账号的数据库为 duty_officer 值班员）")
            p.add_argument("--at", default=None, help="发生时间 ISO-8601（用于补录或脚本；默认现在）")
            p.add_argument("--backfill", action="store_true",
                           help="补录：确认 --at 早于现在 5 分钟以上（事件中记为补录）")
            auth_args(p, "duty_officer")
            p.add_argument("--expect-version", type=int, default=None, help="基于的版本号（防止覆盖他人的更新）")
        p.set_defaults(func=func)
        return p

    p = cmd("open", "接报：新建事件", _open, incident=False, actor=True)
    p.add_argument("--plan", required=True, type=Path, help="预案文件（.yaml）")
    p.add_argument("--title", required=True)
    p.add_argument("--fact", action="append", default=[], metavar="NAME=VALUE")
    p.add_argument("--lat", type=float)
    p.add_argument("--lon", type=float)
    p.add_argument("--place")
    p.add_argument("--outside", action="store_true", help="确认位置在辖区范围之外仍要接报")
    p.add_argument("--occurred-at", default=None, help="来电所述发生时间 ISO-8601，如 2026-11-22T11:50+08:00")
    p.add_argument("--caller", default=None, help="报告人")
    p.add_argument("--caller-unit", default=None, help="报告单位")
    p.add_argument("--phone", default=None, help="来电号码")
    p.add_argument("--channel", default=None,
                   help="接报方式：phone、hotline、hospital、school、cdc、superior、media、other")
    p.add_argument("--symptoms", default=None, help="主要症状")

    p = cmd("list", "列出事件", _list, incident=False)
    p.add_argument("--status", choices=["open", "closed"])
    cmd("show", "显示事件概况", _show)
    p = cmd("facts", "更新事实", _facts, actor=True)
    p.add_argument("--set", action="append", default=[], metavar="NAME=VALUE")
    p.add_argument("--assess", action="append", default=[], metavar="NAME=VALUE",
                   help="经评估可能的值（预案中 assessable 的事实，如 cases=150；NAME= 清除）")
    p = cmd("fire", "执行预案事件（如 dispatch、verified、respond）", _fire, actor=True)
    p.add_argument("event")
    p = cmd("decide", "认定级别（政府认定/专家核定）", _decide, actor=True)
    p.add_argument("--level", required=True, help="I、II、III、IV，或 none（不分级）")
    p.add_argument("--reason", required=True)
    p.add_argument("--basis", default="政府认定")
    p.add_argument("--rule", default=None, help="引用的需认定规则（如 A-I-3；规则的级别须与 --level 一致）")
    p = cmd("task-done", "完成任务", _task_done, actor=True)
    p.add_argument("task")
    p.add_argument("--note")
    p = cmd("task-reopen", "撤销完成：误记完成的任务重新打开（须写明理由）", _task_reopen, actor=True)
    p.add_argument("task")
    p.add_argument("--reason", required=True, help="撤销理由（如：误点完成，现场组尚未到达）")
    p = cmd("task-ack", "签收任务：责任单位或责任人确认已收到任务", _task_ack, actor=True)
    p.add_argument("task")
    p.add_argument("--by", default=None, help="签收人（姓名或单位；省略时为登录的账号）")
    p = cmd("delivered", "登记物资送达（物资调用请求，如 M12）", _delivered, actor=True)
    p.add_argument("request")
    p.add_argument("--note")
    p = cmd("report", "（已改为 report 命令：报告须经审核、签发后报送）", _report, actor=True)
    p.add_argument("--kind", required=True)
    p = cmd("forward", "逐级报送：登记报告链中一个环节已报送（如 R1 unit）", _forward, actor=True)
    p.add_argument("report", help="报告链编号，如 R1（incident chain 列出）")
    p.add_argument("hop", help="环节，如 unit、county")
    p.add_argument("--channel", choices=["phone", "sms", "fax", "system", "document", "media", "broadcast"])
    p.add_argument("--doc-no", default=None, help="文号")
    p.add_argument("--note", default=None)
    p = cmd("chain", "报告链：各环节由谁报谁、渠道、倒计时或已报送时间", _chain)
    p = cmd("consult", "记录专家会商结论", _consult, actor=True)
    p.add_argument("--question", required=True, choices=["grade", "escalate", "de_escalate", "terminate", "technical"])
    p.add_argument("--outcome", required=True, choices=["approve", "reject"])
    p.add_argument("--level")
    p.add_argument("--summary")
    p = cmd("approve", "登记上级批复：报请批准的事项已批准（须有文号）或不批准（须有理由）", _approve, actor=True)
    p.add_argument("--approval", required=True, help="审批事项 id（预案 approvals 中声明，如 terminate_gov）")
    answer = p.add_mutually_exclusive_group(required=True)
    answer.add_argument("--granted", action="store_true", help="批准")
    answer.add_argument("--refused", action="store_true", help="不批准")
    p.add_argument("--by", default=None, help="批复机关（如 市人民政府；省略时为预案规定的批准机关）")
    p.add_argument("--doc-no", default=None, help="批准文号（批准时必填，如 濮政文〔2026〕12号）")
    p.add_argument("--reason", default=None, help="不批准的理由（不批准时必填）")
    p = cmd("note", "值守记录", _note, actor=True)
    p.add_argument("text")
    p = cmd("deadlines", "列出未到期与已逾期的期限", _deadlines)
    p.add_argument("--at", default=None, help="按此时刻计算剩余时间（默认现在）")
    cmd("tasks", "按责任单位列出任务", _tasks)
    cmd("timeline", "时间线（发生时间 / 记录时间）", _timeline)
    p = cmd("actions", "当前角色可执行的预案事件", _actions)
    p.add_argument("--role", default="duty_officer")
    register_links(isub)  # link | unlink | merge | links (关联事件、并入)

    r = sub.add_parser("replay", help="从事件日志重建事件状态，并与存储的投影比对")
    r.add_argument("incident")
    r.set_defaults(func=_replay)
    b = sub.add_parser("rebuild", help="从事件日志重建所有事件的投影表")
    b.set_defaults(func=_rebuild)
    t = sub.add_parser("tick", help="记录所有已过期限（定时任务调用）")
    t.set_defaults(func=_tick)


# -- plumbing ------------------------------------------------------------------
def _service(args: argparse.Namespace):
    """The incident service of the console on ``--db``: plan effects are carried out as in the window."""
    from console.cli import open_console

    return open_console(args).incidents


def _writing_console(args: argparse.Namespace) -> Any:
    """The console for a command that writes. It runs on the real clock: the command's ``--at``
    is the event's time (checked against now, and recorded as back-filled with ``--backfill``),
    not a pretended now."""
    return open_console(argparse.Namespace(**{**vars(args), "at": None}))


def _writing(args: argparse.Namespace) -> tuple[Any, Any]:
    """The incident service and who writes (see console.cli.principal_of)."""
    app = _writing_console(args)
    return app.incidents, principal_of(args, app)


def _when(args: argparse.Namespace) -> datetime | None:
    from console.cli import parse_time

    return parse_time(args.at) if getattr(args, "at", None) else None


def _refused(exc: Refused) -> CommandError:
    """A refusal as one line; a refusal the person may confirm says how."""
    from console.incidents.bounds import OutsideRefused, TimeRefused

    hint = ""
    if isinstance(exc, TimeRefused) and exc.backfill:
        hint = "（确认补录请加 --backfill）"
    elif isinstance(exc, OutsideRefused):
        hint = "（确认在辖区外接报请加 --outside）"
    return CommandError(f"已拒绝：{exc.reason}{hint}")


def _coerce(plan: Plan, pairs: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for pair in pairs:
        if "=" not in pair:
            raise CommandError(f"事实「{pair}」应写成 名称=值，如 cases=35")
        name, raw = pair.split("=", 1)
        name = name.strip()
        decl = plan.facts.get(name)
        if decl is None:
            raise CommandError(f"预案「{plan.title}」没有声明事实「{name}」（可用：{', '.join(plan.facts)}）")
        raw = raw.strip()
        if raw == "":
            out[name] = None
            continue
        try:
            if decl.type == "int":
                out[name] = int(raw)
            elif decl.type == "number":
                out[name] = float(raw)
            elif decl.type == "bool":
                low = raw.lower()
                if low in ("true", "yes", "1", "是", "y"):
                    out[name] = True
                elif low in ("false", "no", "0", "否", "n"):
                    out[name] = False
                else:
                    raise ValueError
            else:
                out[name] = raw
        except ValueError:
            raise CommandError(
                f"「{decl.label}」（{name}）的值「{raw}」"
                f"不是{ {'int': '整数', 'number': '数值', 'bool': '是/否'}.get(decl.type, '有效值')}"
            ) from None
    return out


def _t(dt: datetime | None) -> str:
    return dt.astimezone(CHINA_TZ).strftime("%m-%d %H:%M") if dt else "—"


def _run(args: argparse.Namespace, type: str, data: dict[str, Any]) -> int:
    at = _when(args)
    console = _writing_console(args)
    svc, who = console.incidents, principal_of(args, console)
    try:
        r = svc.command(args.incident, type, data, actor=who.username, role=who.role,
                        expected_version=args.expect_version, at=at, backfilled=args.backfill)
    except LookupError as exc:
        raise CommandError(str(exc)) from None
    except Refused as exc:
        raise _refused(exc) from None
    refusing(console.checkpoint_if_due)  # the hourly signed checkpoint, when someone is signed in
    plan = svc.plan_for(args.incident)
    _print_effects(plan, r.effects)
    print(f"{args.incident} · {plan.state_title(r.state.leaf)} · {plan.level_name(r.state.level)} · 版本 {r.version}")
    return 0


def _print_effects(plan: Plan, effects: list[dict[str, Any]]) -> None:
    for e in effects:
        k = e["kind"]
        if k == "transition" and e["to"]:
            print(f"  → {plan.event_title(e['event'])}：进入「{plan.state_title(e['to'])}」")
        elif k == "task":
            print(f"  ＋任务 {e['task']}［{plan.units[e['unit']]['title']}］{e['title']}（时限 {_t(e['due_at'])}）")
        elif k == "report_due" and (e["due_at"] is not None or not e.get("chain")):
            print(f"  ＋报告 {e['title']}（时限 {_t(e['due_at'])}）")
        elif k == "consult":
            print(f"  ＋专家会商：{e['title']}（时限 {_t(e['due_at'])}）")
        elif k == "materials":
            items = "、".join(f"{i['item']}×{i['qty']}" for i in e["items"])
            print(f"  ＋物资调用 {e['id']}：{items}")
        elif k == "deadline_missed":
            print(f"  ！逾期：{e['title']}（时限 {_t(e['due_at'])}）")
        elif k == "alert":
            print(f"  ！提醒：{e['text']}")
        elif k == "level":
            print(f"  级别：{plan.level_name(e['from'])} → {plan.level_name(e['to'])}")
        elif k == "suggestion":
            print(f"  建议级别：{plan.level_name(e['to'])}（规则 {e['rule']}）")
        elif k == "level_unchanged":
            print(f"  级别：{e['text']}")
        elif k == "notify":
            print(f"  通知 {e['audience']}：{e['text']}")
        elif k == "closed":
            print("  事件已结案")
        elif k == "task_done":
            on_time = {True: "，按时", False: "，超时"}.get(e["on_time"], "")
            print(f"  完成任务 {e['task']}{on_time}")
        elif k == "task_reopened":
            print(f"  已撤销任务 {e['task']} 的完成（理由：{e['reason']}）")
        elif k == "task_acknowledged":
            print(f"  任务 {e['task']} 已由{e['by']}签收")
        elif k == "report_chain":
            print(f"  ＋报告链 {e['title']}（{e['report']}，{len(e['hops'])} 个环节，incident chain 查看）")
        elif k == "report_forwarded":
            print(f"  已报送：{e['title']}" + ("" if e["on_time"] else "（迟报）"))
        elif k == "deadline_started":
            print(f"  开始计时：{e['title']}（时限 {_t(e['due_at'])}）")
        elif k == "deadline_retimed":
            print(f"  重新计时：{e['title']}（时限 {_t(e['from'])} → {_t(e['to'])}）")
        elif k == "handover":
            print(f"  移交：{e['title']}（接收预案 {e['plan']}）")
        elif k == "linked" and e.get("handover") == "to":
            print(f"  已移交至事件 {e['incident']}")
        elif k == "approval":
            due = f"，时限 {_t(e['due_at'])}" if e["due_at"] else ""
            print(f"  ＋报请批准：{e['title']}（批准机关：{e['body']}{due}）")
        elif k == "approval_decided":
            what = f"批准（文号 {e['doc_no']}）" if e["status"] == "granted" else f"不批准（理由：{e['reason']}）"
            late = "，超过批复时限" if e["on_time"] is False else ""
            print(f"  {e['by']}{what}：{e['title']}{late}")


# -- commands --------------------------------------------------------------------
def _open(args: argparse.Namespace) -> int:
    from console.plan.loader import load_plan

    try:
        plan = load_plan(args.plan)
    except PlanError as exc:
        raise CommandError("预案有错误：\n" + "\n".join(str(d) for d in exc.errors)) from None
    facts = _coerce(plan, args.fact)
    at = _when(args)
    svc, who = _writing(args)
    try:
        call = {k: v for k, v in (("occurred_at", args.occurred_at), ("caller", args.caller),
                                  ("caller_unit", args.caller_unit), ("phone", args.phone),
                                  ("channel", args.channel), ("symptoms", args.symptoms)) if v is not None}
        r = svc.open(plan, title=args.title, actor=who.username, role=who.role, facts=facts,
                     lat=args.lat, lon=args.lon, place=args.place, received_at=at, outside_ok=args.outside,
                     call=call or None)
    except LookupError as exc:
        raise CommandError(str(exc)) from None
    except Refused as exc:
        raise _refused(exc) from None
    print(f"已接报：{r.incident_id}「{args.title}」— {plan.title}")
    _print_effects(plan, r.effects)
    s = r.state
    print(f"建议级别：{plan.level_name(s.suggested_level)}"
          + (f"（规则 {s.suggestion['winner']}）" if s.suggestion.get("winner") else ""))
    return 0


def _list(args: argparse.Namespace) -> int:
    svc = _service(args)
    rows = svc.list(status=args.status)
    if not rows:
        print("（没有事件）")
    for s in rows:
        plan = svc.plans.get(s.plan_hash)
        status = "已结案" if s.status == "closed" else plan.state_title(s.leaf)
        print(f"{s.id}  {_t(s.opened_at)}  {plan.level_name(s.level):<10} {status:<8} {s.title}")
    return 0


def _load(args: argparse.Namespace):
    svc = _service(args)
    try:
        return svc, svc.plan_for(args.incident), svc.state(args.incident), svc.summary(args.incident)
    except LookupError as exc:
        raise CommandError(str(exc)) from None


def _show(args: argparse.Namespace) -> int:
    svc, plan, s, summary = _load(args)
    print(f"{summary.id}「{summary.title}」 {summary.place or ''}")
    print(f"预案：{plan.title} v{plan.version}（{plan.content_hash[:12]}）")
    print(f"状态：{' › '.join(plan.state_title(x) for x in reversed(s.active))}{'（已结案）' if s.closed else ''}")
    print(f"级别：{plan.level_name(s.level)}；建议：{plan.level_name(s.suggested_level)}"
          + (f"（规则 {s.suggestion['winner']}）" if s.suggestion.get("winner") else ""))
    if s.level_basis and s.level_basis.get("by") == "decision":
        b = s.level_basis
        print(f"认定：{b['basis']}，{b['actor']} 于 {_t(b['at'])}，理由：{b['reason']}"
              + (f"（依据规则 {b['rule']}）" if b.get("rule") else ""))
    for line in grading_lines(plan, s):
        print(line)
    for k, v in s.facts.items():
        d = plan.facts[k]
        shown = d.labels.get(v, v) if isinstance(v, str) else ("是" if v is True else "否" if v is False else v)
        print(f"  {d.label}：{shown}{d.unit or ''}")
    for k, v in s.assessed.items():
        d = plan.facts[k]
        shown = d.labels.get(v, v) if isinstance(v, str) else ("是" if v is True else "否" if v is False else v)
        print(f"  {d.label}（经评估可能）：{shown}{d.unit or ''}")
    for label, words in approval_rows(s):  # plan format 2: 报请批准 and time windows
        print(f"{label}：{words}")
    for w in time_windows(plan, s, max(svc.clock.now(), s.now)):
        print(f"时间窗口（{w.event_title}）：{w.label} {w.text}，{standing(w)}")
    print(f"版本 {summary.version}，接报 {_t(s.received_at)}，最近更新 {_t(s.now)}")
    from console.incidents.linked_view import linked_rows

    for r in linked_rows(svc, summary.id):  # 关联事件、并入、移交至 / 移交自
        print(f"  {r.relation}：{r.incident}「{r.title or ''}」（{r.reason}）")
    return 0


def _facts(args: argparse.Namespace) -> int:
    svc, plan, _, _ = _load(args)
    if not args.set and not args.assess:
        raise CommandError("请用 --set NAME=VALUE 更新事实，或用 --assess NAME=VALUE 填写经评估可能的值")
    data: dict[str, Any] = {"facts": _coerce(plan, args.set)}
    if args.assess:
        data["assessed"] = _coerce(plan, args.assess)
    return _run(args, "facts", data)


def _fire(args: argparse.Namespace) -> int:
    return _run(args, "fire", {"event": args.event})


def _decide(args: argparse.Namespace) -> int:
    level = None if args.level.lower() in ("none", "无", "不分级") else args.level
    data = {"level": level, "reason": args.reason, "basis": args.basis}
    if args.rule:
        data["rule"] = args.rule
    return _run(args, "decide_level", data)


def _task_done(args: argparse.Namespace) -> int:
    return _run(args, "complete_task", {"task": args.task, "note": args.note})


def _task_reopen(args: argparse.Namespace) -> int:
    return _run(args, "reopen_task", {"task": args.task, "reason": args.reason})


def _task_ack(args: argparse.Namespace) -> int:
    data: dict[str, Any] = {"task": args.task}
    if args.by:
        data["by"] = args.by
    return _run(args, "acknowledge_task", data)


def _delivered(args: argparse.Namespace) -> int:
    return _run(args, "materials_delivered", {"request": args.request, "note": args.note})


def _report(args: argparse.Namespace) -> int:
    """An information report is submitted only after 审核 and 签发 (``report`` commands), so this
    command, which once recorded a bare submission, says where to go instead."""
    raise CommandError(
        f"已拒绝：报告须先审核、签发再报送，请用 report 命令：python -m console report draft {args.incident} "
        f"--kind {args.kind}，再 report review / report sign / report submit（见 docs/records.md）")


def _forward(args: argparse.Namespace) -> int:
    data: dict[str, Any] = {"report": args.report, "hop": args.hop}
    for key, value in (("channel", args.channel), ("doc_no", args.doc_no), ("note", args.note)):
        if value:
            data[key] = value
    return _run(args, "forward_report", data)


def _chain(args: argparse.Namespace) -> int:
    from console.incidents.chain_view import deferred_items, report_chains

    svc, plan, s, _ = _load(args)
    chains = report_chains(plan, s, svc.clock.now())
    for c in chains:
        print(f"■ {c.title}（{c.report}）")
        for h in c.hops:
            ch = f"，{h.channel}" if h.channel else ""
            note = f"（{h.note}）" if h.note else ""
            print(f"  {h.hop:<14} {h.route}{ch}  {h.text}{note}")
    for title, text in deferred_items(s, hops=False):
        print(f"· {title}：{text}")
    if not chains and not s.deferred:
        print("（本事件没有报告链）")
    return 0


def _consult(args: argparse.Namespace) -> int:
    return _run(args, "consult_concluded", {"question": args.question, "outcome": args.outcome,
                                            "level": args.level, "summary": args.summary})


def _approve(args: argparse.Namespace) -> int:
    data: dict[str, Any] = {"approval": args.approval, "granted": bool(args.granted)}
    for key, value in (("by", args.by), ("doc_no", args.doc_no), ("reason", args.reason)):
        if value is not None:
            data[key] = value
    return _run(args, "approval_decided", data)


def _note(args: argparse.Namespace) -> int:
    return _run(args, "note", {"text": args.text})


def _deadlines(args: argparse.Namespace) -> int:
    svc, plan, s, _ = _load(args)
    now = svc.clock.now()
    rows = sorted(s.deadlines.values(), key=lambda d: (d["status"] != "open", d["due_at"]))
    status_zh = {"open": "未到期", "met": "已按时完成", "missed": "已逾期", "cancelled": "已取消", "expired": "已到时",
                 "unfinished": "结案时未完成"}
    for d in rows:
        extra = ""
        if d["status"] == "open" and d.get("immediate"):
            extra = "，立即"
        elif d["status"] == "open":
            left = (d["due_at"] - now).total_seconds() / 60
            extra = f"，剩余 {left:.0f} 分钟" if left >= 0 else f"，已超时 {-left:.0f} 分钟"
        print(f"{d['id']:<5} {_t(d['due_at'])}  {status_zh[d['status']]}{extra}  {d['title']}")
    if not rows:
        print("（没有期限）")
    return 0


def _tasks(args: argparse.Namespace) -> int:
    svc, plan, s, _ = _load(args)
    by_unit: dict[str, list[dict[str, Any]]] = {}
    for t in s.tasks.values():
        by_unit.setdefault(t["unit"], []).append(t)
    for unit, tasks in by_unit.items():
        print(f"■ {plan.units[unit]['title']}")
        for t in tasks:
            mark = "✓" if t["status"] == "done" else "□"
            ack = f"，{_t(t['acked_at'])} {t.get('acked_by')}签收" if t.get("acked_at") else ""
            if t["status"] == "not_needed":  # a final state ended it (plan format 2)
                print(f"  — {t['id']} {t['title']}（不再需要：{t.get('ended_reason', '')}）")
                continue
            print(f"  {mark} {t['id']} {t['title']}（时限 {_t(t['due_at'])}{ack}"
                  + (f"，完成 {_t(t['done_at'])}）" if t["done_at"] else "）"))
    if not by_unit:
        print("（没有任务）")
    return 0


def _timeline(args: argparse.Namespace) -> int:
    from console.incidents.linked_view import describe_link_event
    from console.plan.links import LINK_EVENTS

    svc, plan, _, _ = _load(args)
    for e in svc.timeline(args.incident):
        d = e.payload.get("data", {})
        what = {"open": f"接报：{d.get('title')}", "fire": plan.event_title(d.get("event", "")),
                "facts": "；".join(w + " " + json.dumps(d.get(k), ensure_ascii=False)
                                  for k, w in (("facts", "更新事实"), ("assessed", "经评估可能"))
                                  if d.get(k) or (k == "facts" and not d.get("assessed"))),
                "decide_level": f"认定级别 {d.get('level') or '不分级'}：{d.get('reason')}"
                + (f"（依据规则 {d['rule']}）" if d.get("rule") else ""),
                "complete_task": f"完成任务 {d.get('task')}",
                "reopen_task": f"撤销完成 {d.get('task')}：{d.get('reason')}",
                "acknowledge_task": f"签收任务 {d.get('task')}" + (f"（{d['by']}）" if d.get("by") else ""),
                "materials_delivered": f"物资送达 {d.get('dispatch') or d.get('request')}",
                "submit_report": f"报送 {d.get('kind')}",
                "forward_report": f"逐级报送 {d.get('report')} {d.get('hop')}",
                "consult_concluded": f"会商结论 {d.get('question')}：{d.get('outcome')}",
                "deadline_missed": f"逾期 {d.get('deadline')}",
                "approval_decided": f"上级批复 {d.get('approval')}："
                                    + (f"批准 {d.get('doc_no')}" if d.get("granted")
                                       else f"不批准（{d.get('reason')}）"),
                "note": f"值守记录：{d.get('text')}"}.get(e.type) \
            or (describe_link_event(e.type, d) if e.type in LINK_EVENTS else e.type)
        print(f"#{e.version:<3} 发生 {_t(e.occurred_at)} · 记录 {_t(e.recorded_at)}  "
              f"{e.actor}（{plan.role_title(e.role)}）  {what}")
    return 0


def _actions(args: argparse.Namespace) -> int:
    svc, plan, s, _ = _load(args)
    for a in available_events(plan, as_of(s, svc.clock.now()), args.role):  # time windows measured now
        print(f"{'✓' if a['allowed'] else '✗'} {a['event']:<22} {a['title']}"
              + (f" — {a['reason']}" if a["reason"] else ""))
    return 0


def _replay(args: argparse.Namespace) -> int:
    """Fold the whole log (no snapshot) and compare every projected column with it."""
    svc = _service(args)
    try:
        diffs = svc.check_projection(args.incident)
    except LookupError as exc:
        raise CommandError(str(exc)) from None
    except Refused as exc:
        raise CommandError(f"无法重放：{exc.reason}") from None
    if not diffs:
        version = svc.summary(args.incident).version
        print(f"{args.incident}：从事件日志重建的状态与存储的投影一致（版本 {version}）")
        return 0
    print(f"{args.incident}：事件投影与事件日志不一致，{len(diffs)} 处（可用 rebuild 按日志重建）：")
    for d in diffs:
        print(f"  {d}")
    return 1


def _rebuild(args: argparse.Namespace) -> int:
    n = _service(args).rebuild()
    print(f"已从事件日志重建 {n} 个事件的投影")
    return 0


def _tick(args: argparse.Namespace) -> int:
    svc = _service(args)
    for r in svc.tick_all():
        plan = svc.plan_for(r.incident_id)
        print(f"{r.incident_id}:")
        _print_effects(plan, r.effects)
    return 0


# -- 关联事件、取消关联、并入 (console.incidents.linking) ---------------------------------------
def register_links(isub: argparse._SubParsersAction) -> None:
    def writer(name: str, help: str, func: Any) -> argparse.ArgumentParser:
        p: argparse.ArgumentParser = isub.add_parser(name, help=help)
        p.add_argument("incident", help="事件编号，如 20261122-001")
        p.add_argument("--actor", default=None, help="操作人（有账号的数据库：只能是登录的账号，可省略）")
        p.add_argument("--role", default=None,
                       help="角色 id（默认：账号的主角色；无账号的数据库为 duty_officer 值班员）")
        auth_args(p, "duty_officer")
        p.set_defaults(func=func)
        return p

    p = writer("link", "关联事件：两起事件互相关联（写入两起事件的日志，一次完成）", _link)
    p.add_argument("other", help="要关联的另一起（未结案的）事件编号")
    p.add_argument("--reason", required=True, help="关联理由（如：同一批次产品、同一供餐单位）")
    p = writer("unlink", "取消两起事件的关联（并入、移交的关联不能取消）", _unlink)
    p.add_argument("other", help="已关联的另一起事件编号")
    p.add_argument("--reason", required=True, help="取消理由")
    p = writer("merge", "并入：把本事件并入另一起事件（本事件结案，未完成的任务不再需要）", _merge)
    p.add_argument("--into", required=True, help="并入的目标事件编号")
    p.add_argument("--reason", required=True, help="并入理由")
    p = isub.add_parser("links", help="列出本事件的关联事件与移交")
    p.add_argument("incident", help="事件编号")
    p.set_defaults(func=_links)


def _link_writer(args: argparse.Namespace) -> tuple[Any, Any]:
    app = open_console(args)
    return app, principal_of(args, app)


def _do(args: argparse.Namespace, fn: Any, done: str) -> int:
    app, who = _link_writer(args)
    try:
        results = fn(app.incidents, who)
    except LookupError as exc:
        raise CommandError(str(exc).strip("'\"")) from None
    except Refused as exc:
        raise CommandError(f"已拒绝：{exc.reason}") from None
    refusing(app.checkpoint_if_due)
    print(done)
    for r in results:
        print(f"  {r.incident_id} · 版本 {r.version}" + ("（已结案）" if r.state.closed else ""))
    return 0


def _link(args: argparse.Namespace) -> int:
    from console.incidents.linking import link

    return _do(args, lambda svc, who: link(svc, args.incident, args.other, args.reason, actor=who.username,
                                           role=who.role), f"已关联：{args.incident} ⇄ {args.other}")


def _unlink(args: argparse.Namespace) -> int:
    from console.incidents.linking import unlink

    return _do(args, lambda svc, who: unlink(svc, args.incident, args.other, args.reason, actor=who.username,
                                             role=who.role), f"已取消关联：{args.incident} ⇄ {args.other}")


def _merge(args: argparse.Namespace) -> int:
    from console.incidents.linking import merge

    return _do(args, lambda svc, who: merge(svc, args.incident, into=args.into, reason=args.reason,
                                            actor=who.username, role=who.role),
               f"已并入：{args.incident} → {args.into}（{args.incident} 已结案）")


def _links(args: argparse.Namespace) -> int:
    from console.incidents.linked_view import linked_rows

    svc = open_console(args).incidents
    try:
        rows = linked_rows(svc, args.incident)
    except LookupError as exc:
        raise CommandError(str(exc).strip("'\"")) from None
    if not rows:
        print("（没有关联事件）")
    for r in rows:
        when = r.received_at.astimezone(CHINA_TZ).strftime("%m-%d %H:%M") if r.received_at else "—"
        print(f"{r.relation:<6} {r.incident}  接报 {when}  {r.title or ''}  理由：{r.reason}")
    return 0
