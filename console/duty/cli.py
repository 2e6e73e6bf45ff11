"""Headless duty-log commands: ``duty note|handover|list``."""

from __future__ import annotations

import argparse
from typing import Any

from console.cli import (
    actor_args,
    open_console,
    principal_of,
    refusing,
    report_check,
    short_time,
)


def register(sub: argparse._SubParsersAction) -> None:
    # -- duty log ----------------------------------------------------------------------
    dp = sub.add_parser("duty", help="应急值守：值守记录与交接班")
    dsub = dp.add_subparsers(dest="duty_command", metavar="ACTION", required=True)
    p = dsub.add_parser("note", help="值守记录")
    p.add_argument("text")
    p.add_argument("--incident")
    p.add_argument("--shift", default="")
    actor_args(p)
    p.set_defaults(func=_duty_note)
    p = dsub.add_parser("handover", help="交接班")
    p.add_argument("--from", dest="from_person", required=True)
    p.add_argument("--to", dest="to_person", required=True)
    p.add_argument("--summary", required=True)
    p.add_argument("--pending", default="")
    p.add_argument("--shift", default="")
    p.add_argument("--incident")
    actor_args(p)
    p.set_defaults(func=_duty_handover)
    p = dsub.add_parser("list", help="列出值守记录")
    p.add_argument("--incident")
    p.set_defaults(func=_duty_list)
    p = dsub.add_parser("verify", help="核对值守记录与哈希链（不一致时退出码 1）")
    p.set_defaults(func=_duty_verify)


def _duty(args: argparse.Namespace) -> Any:
    return open_console(args).duty


def _writing(args: argparse.Namespace) -> tuple[Any, Any]:
    """The duty log and who writes (see console.cli.principal_of)."""
    app = open_console(args)
    return app.duty, principal_of(args, app)


def _duty_note(args: argparse.Namespace) -> int:
    dl, who = _writing(args)
    e = refusing(lambda: dl.note(args.text, actor=who.username, role=who.role, incident_id=args.incident,
                             shift=args.shift))
    print(f"已记录 #{e.id} {short_time(e.at)} {e.line()}")
    return 0


def _duty_handover(args: argparse.Namespace) -> int:
    dl, who = _writing(args)
    e = refusing(lambda: dl.handover(from_person=args.from_person, to_person=args.to_person, summary=args.summary,
                                 pending=args.pending, shift=args.shift, actor=who.username, role=who.role,
                                 incident_id=args.incident))
    print(f"已记录 #{e.id} {short_time(e.at)} {e.line()}")
    return 0


def _duty_list(args: argparse.Namespace) -> int:
    dl = _duty(args)
    rows = refusing(lambda: dl.list(args.incident))
    for e in rows:
        print(f"#{e.id:<4} {short_time(e.at)} 记录 {short_time(e.recorded_at)} "
              f"{e.actor:<8} {e.incident_id or '全中心':<14} {e.line()}")
    print(f"共 {len(rows)} 条")
    return 0


def _duty_verify(args: argparse.Namespace) -> int:
    return report_check("值守记录", refusing(lambda: _duty(args).verify()))
