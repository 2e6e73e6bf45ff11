"""Headless contacts commands: ``contacts list|add|import|export|notify|log|verify``."""

from __future__ import annotations

import argparse
from pathlib import Path

from console.cli import (
    actor_args,
    fail,
    open_console,
    parse_time,
    principal_of,
    refusing,
    report_check,
    short_time,
)
from console.contacts.directory import KINDS, ContactDirectory
from console.contacts.notifications import METHODS, RESULTS


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    cp = sub.add_parser("contacts", help="通讯录与通知记录：列出、添加、导入、导出、记录通知、核对")
    csub = cp.add_subparsers(dest="contacts_command", metavar="ACTION", required=True)
    p = csub.add_parser("list", help="列出或查找联系人（含专家库中的专家）")
    p.add_argument("search", nargs="?", default="", help="查找的字词（名称、单位、职务、职责、号码……）")
    p.add_argument("--kind", choices=[*KINDS, "expert"], help="只列出此类别")
    p.add_argument("--no-experts", action="store_true", help="不列出专家")
    p.set_defaults(func=_list)
    p = csub.add_parser("add", help="添加一位联系人或一个单位")
    p.add_argument("--code", required=True)
    p.add_argument("--kind", required=True, help=f"类别：{'、'.join(KINDS.values())}（或 {', '.join(KINDS)}）")
    p.add_argument("--name", required=True)
    p.add_argument("--organisation", default="")
    p.add_argument("--position", default="", help="职务或值班角色")
    p.add_argument("--office-phone", default="")
    p.add_argument("--mobile", default="")
    p.add_argument("--fax", default="")
    p.add_argument("--duties", default="", help="单位职责")
    p.add_argument("--plan-units", default="", help="预案工作组编号，如 medical,testing")
    p.add_argument("--region", default="")
    p.add_argument("--note", default="")
    actor_args(p)
    p.set_defaults(func=_add)
    p = csub.add_parser("import", help="从 XLSX 导入（全部成功或全部不写入；编号已存在的更新）")
    p.add_argument("file", type=Path)
    actor_args(p)
    p.set_defaults(func=_import)
    p = csub.add_parser("export", help="导出为 XLSX")
    p.add_argument("file", type=Path)
    p.set_defaults(func=_export)
    p = csub.add_parser("notify", help="记录一次通知（电话、短信、传真、当面）；不加 --result 则只打印拟好的通知内容")
    p.add_argument("incident")
    p.add_argument("--task", help="据此任务通知（如 T3）")
    p.add_argument("--notice", help="据此预案通知（如 N1）")
    p.add_argument("--report", help="据此已报送的报告（报告编号）")
    p.add_argument("--contact", help="联系人编号（专家：expert:编号）")
    p.add_argument("--method", default="phone", help=f"方式：{'、'.join(METHODS.values())}")
    p.add_argument("--result", help=f"结果：{'、'.join(RESULTS.values())}")
    p.add_argument("--reply", default="", help="回复内容或备注")
    p.add_argument("--number", default=None, help="实际使用的号码（默认：联系人的号码）")
    p.add_argument("--message", default=None, help="通知内容（默认：系统拟好的内容）")
    actor_args(p)
    p.set_defaults(func=_notify)
    p = csub.add_parser("log", help="列出通知记录")
    p.add_argument("--incident")
    p.set_defaults(func=_log)
    p = csub.add_parser("verify", help="核对通讯录、通知记录与哈希链（不一致时退出码 1）")
    p.set_defaults(func=_verify)


def _directory(args: argparse.Namespace) -> ContactDirectory:
    return open_console(args).contacts


def _list(args: argparse.Namespace) -> int:
    d = _directory(args)
    rows = refusing(lambda: d.search(args.search, kinds=[args.kind] if args.kind else None,
                                     include_experts=not args.no_experts))
    for c in rows:
        print(f"{c.code:<14} {c.kind_title:<4} {c.display:<30} {c.numbers()}")
    print(f"共 {len(rows)} 条")
    return 0


def _add(args: argparse.Namespace) -> int:
    app = open_console(args)
    who = principal_of(args, app)
    data = {k: getattr(args, k) for k in ("code", "kind", "name", "organisation", "position", "office_phone",
                                          "mobile", "fax", "duties", "plan_units", "region", "note")}
    c = refusing(lambda: app.contacts.add(data, actor=who.username, role=who.role))
    print(f"已添加 {c.code} {c.display} {c.numbers()}")
    return 0


def _import(args: argparse.Namespace) -> int:
    app = open_console(args)
    who = principal_of(args, app)  # on a database with accounts only a logged-in account imports
    n = refusing(lambda: app.contacts.import_file(args.file, actor=who.username, role=who.role))
    print(f"已导入 {n} 条联系人")
    return 0


def _export(args: argparse.Namespace) -> int:
    d = _directory(args)
    n = refusing(lambda: d.export_file(args.file))
    print(f"已导出 {n} 条联系人到 {args.file}")
    return 0


def _source(args: argparse.Namespace) -> tuple[str, str]:
    given = [(s, r) for s, r in (("task", args.task), ("notice", args.notice), ("report", args.report)) if r]
    if len(given) > 1:
        raise fail("--task、--notice、--report 只能选一个")
    return given[0] if given else ("other", "")


def _notify(args: argparse.Namespace) -> int:
    app = open_console(args)
    source, ref = _source(args)
    if not args.result:  # only the prepared text, to copy
        print(refusing(lambda: app.notifications.prepare(args.incident, source, ref)))
        return 0
    if not args.contact:
        raise fail("记录通知需要 --contact（联系人编号，可用 contacts list 查找）")
    who = principal_of(args, app)
    at = parse_time(args.at) if args.at else None
    n = refusing(lambda: app.notifications.record(
        args.incident, contact=args.contact, method=args.method, result=args.result, reply=args.reply,
        source=source, ref=ref, message=args.message, number=args.number, actor=who.username, role=who.role, at=at))
    print(f"已记录 #{n.id} {short_time(n.at)} {n.line()}")
    return 0


def _log(args: argparse.Namespace) -> int:
    rows = refusing(lambda: open_console(args).notifications.list(args.incident))
    for n in rows:
        print(f"#{n.id:<4} {short_time(n.at)} {n.actor:<8} {n.incident_id or '—':<14} {n.line()}")
    print(f"共 {len(rows)} 条")
    return 0


def _verify(args: argparse.Namespace) -> int:
    app = open_console(args)
    problems = refusing(lambda: app.contacts.verify() + app.notifications.verify())
    return report_check("通讯录与通知记录", problems)
