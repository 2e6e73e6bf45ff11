"""Headless room commands: ``instruct send|ack|feedback|list``, ``room seats|alarms|ack|assign|done|queue|verify``."""

from __future__ import annotations

import argparse
from datetime import timedelta
from typing import Any

from console.cli import actor_args, open_console, principal_of, refusing, report_check, short_time


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    ip = sub.add_parser("instruct", help="批示与指令：下达、签收、反馈")
    isub = ip.add_subparsers(dest="instruct_command", metavar="ACTION", required=True)
    p = isub.add_parser("send", help="下达批示或指令（指挥长、副指挥长）")
    p.add_argument("text")
    who = p.add_mutually_exclusive_group()
    who.add_argument("--to", help="接收账号")
    who.add_argument("--unit", help="接收单位（工作组）")
    p.add_argument("--incident", help="关联的事件编号")
    p.add_argument("--kind", choices=("批示", "指令"), default="指令")
    p.add_argument("--escalate-minutes", type=float, default=10.0, help="超时未签收的时限（分钟，默认 10）")
    actor_args(p, role="commander")
    p.set_defaults(func=_send)
    p = isub.add_parser("ack", help="签收指令")
    p.add_argument("id", type=int)
    actor_args(p)
    p.set_defaults(func=_ack)
    p = isub.add_parser("feedback", help="反馈指令的落实情况")
    p.add_argument("id", type=int)
    p.add_argument("text")
    actor_args(p)
    p.set_defaults(func=_feedback)
    p = isub.add_parser("list", help="列出指令及签收情况")
    p.add_argument("--incident")
    p.set_defaults(func=_list)

    rp = sub.add_parser("room", help="值守席位：在席、告警、分派、核对")
    rsub = rp.add_subparsers(dest="room_command", metavar="ACTION", required=True)
    p = rsub.add_parser("seats", help="在席人员")
    p.add_argument("--all", action="store_true", help="包括离线席位")
    p.set_defaults(func=_seats)
    p = rsub.add_parser("alarms", help="当前告警（未确认的在前）")
    p.set_defaults(func=_alarms)
    p = rsub.add_parser("ack", help="确认告警（一处确认，各席位静音）")
    p.add_argument("key", help="告警编号（见 room alarms）")
    actor_args(p)
    p.set_defaults(func=_alarm_ack)
    p = rsub.add_parser("assign", help="分派事件、任务或报告给承办人")
    p.add_argument("incident")
    p.add_argument("assignee")
    p.add_argument("--task")
    p.add_argument("--report")
    p.add_argument("--note", default="")
    actor_args(p)
    p.set_defaults(func=_assign)
    p = rsub.add_parser("done", help="完成分派")
    p.add_argument("id", type=int)
    actor_args(p)
    p.set_defaults(func=_done)
    p = rsub.add_parser("queue", help="我的待办（分派给某账号且未完成的工作、未签收的指令）")
    p.add_argument("username")
    p.set_defaults(func=_queue)
    p = rsub.add_parser("verify", help="核对指令、签收、分派、告警确认与哈希链（不一致时退出码 1）")
    p.set_defaults(func=_verify)


def _writing(args: argparse.Namespace) -> tuple[Any, Any]:
    app = open_console(args)
    return app, principal_of(args, app)


def _send(args: argparse.Namespace) -> int:
    app, who = _writing(args)
    kind, target = ("account", args.to) if args.to else ("unit", args.unit) if args.unit else ("all", "")
    ins = refusing(lambda: app.room.instructions.send(
        args.text, actor=who.username, role=who.role, target_kind=kind, target=target, incident_id=args.incident,
        kind=args.kind, escalate_after=timedelta(minutes=args.escalate_minutes)))
    print(f"已下达 #{ins.id} {short_time(ins.sent_at)} {ins.line()}")
    return 0


def _ack(args: argparse.Namespace) -> int:
    app, who = _writing(args)
    ins = refusing(lambda: app.room.instructions.ack(args.id, actor=who.username, role=who.role))
    print(f"已签收 #{ins.id}（{ins.status(app.clock.now())}）")
    return 0


def _feedback(args: argparse.Namespace) -> int:
    app, who = _writing(args)
    ins = refusing(lambda: app.room.instructions.feedback(args.id, args.text, actor=who.username, role=who.role))
    print(f"已反馈 #{ins.id}（{ins.status(app.clock.now())}）")
    return 0


def _list(args: argparse.Namespace) -> int:
    app = open_console(args)
    rows = refusing(lambda: app.room.instructions.list(incident_id=args.incident))
    now = app.clock.now()
    for i in rows:
        print(f"#{i.id:<4} {short_time(i.sent_at)} {i.incident_id or '全中心':<14} {i.status(now):<10} {i.line()}")
        for r in i.receipts:
            acked = f"签收 {short_time(r.acked_at)}" if r.acked_at else "未签收"
            fb = f"；反馈 {short_time(r.feedback_at)}：{r.feedback}" if r.feedback else ""
            print(f"      {r.username}：{acked}{fb}")
    print(f"共 {len(rows)} 条")
    return 0


def _seats(args: argparse.Namespace) -> int:
    app = open_console(args)
    seats = refusing(lambda: app.room.presence.seats(include_gone=args.all))
    now = app.clock.now()
    for s in seats:
        print(f"{'在席' if s.online(now) else '离线'} {s.host:<16} 心跳 {short_time(s.heartbeat_at)} {s.line()}")
    print(f"在席 {sum(s.online(now) for s in seats)} 人")
    return 0


def _alarms(args: argparse.Namespace) -> int:
    app = open_console(args)
    alarms = refusing(lambda: app.room.alarms.current())
    acks = app.room.alarms.acks()
    for a in sorted(alarms, key=lambda a: a.key in acks):
        done = acks.get(a.key)
        state = f"已确认（{done.acked_by} {short_time(done.acked_at)}）" if done else "未确认"
        print(f"{state:<10} {a.kind_title:<6} {short_time(a.since)} {a.title}  [{a.key}]")
    print(f"告警 {len(alarms)} 条，未确认 {sum(a.key not in acks for a in alarms)} 条")
    return 0


def _alarm_ack(args: argparse.Namespace) -> int:
    app, who = _writing(args)
    ack = refusing(lambda: app.room.alarms.acknowledge(args.key, actor=who.username, role=who.role))
    print(f"已确认：{ack.title}（{ack.acked_by} {short_time(ack.acked_at)}）")
    return 0


def _assign(args: argparse.Namespace) -> int:
    app, who = _writing(args)
    kind, ref = ("task", args.task) if args.task else ("report", args.report) if args.report else ("incident", None)
    a = refusing(lambda: app.room.assignments.assign(args.incident, args.assignee, actor=who.username, role=who.role,
                                                     kind=kind, ref=ref, note=args.note))
    print(f"已分派 #{a.id}：{a.what()} → {a.assignee}")
    return 0


def _done(args: argparse.Namespace) -> int:
    app, who = _writing(args)
    a = refusing(lambda: app.room.assignments.done(args.id, actor=who.username, role=who.role))
    print(f"已完成 #{a.id}：{a.what()}")
    return 0


def _queue(args: argparse.Namespace) -> int:
    app = open_console(args)
    items = refusing(lambda: app.room.assignments.queue(args.username))
    for a in items:
        print(f"分派 #{a.id:<4} {short_time(a.assigned_at)} {a.what()}（{a.assigned_by} 分派）{a.note}")
    pending = app.room.instructions.for_me(args.username)
    for i in pending:
        print(f"指令 #{i.id:<4} {short_time(i.sent_at)} {i.line()}")
    print(f"待办 {len(items)} 项，未签收指令 {len(pending)} 条")
    return 0


def _verify(args: argparse.Namespace) -> int:
    return report_check("值守席位记录", refusing(lambda: open_console(args).room.verify()))
