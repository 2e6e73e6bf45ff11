"""Headless attachment commands: ``attachments add|list|get|verify``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from console.cli import actor_args, fail, open_console, principal_of, refusing, short_time


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    ap = sub.add_parser("attachments", help="附件：事件、报告、任务的照片、检验单、签报扫描件")
    asub = ap.add_subparsers(dest="attachments_command", metavar="ACTION", required=True)

    p = asub.add_parser("add", help="添加附件（PDF、JPEG、PNG、DOCX、XLSX；SHA-256 记入事件日志）")
    p.add_argument("incident")
    p.add_argument("file", type=Path)
    owner = p.add_mutually_exclusive_group()
    owner.add_argument("--report", default=None, help="附到该事件的某份报告（报告编号）")
    owner.add_argument("--task", default=None, help="附到该事件的某项任务（任务编号）")
    p.add_argument("--note", default=None, help="附件说明")
    actor_args(p)
    p.set_defaults(func=_add)
    p = asub.add_parser("list", help="列出事件的附件")
    p.add_argument("incident")
    p.set_defaults(func=_list)
    p = asub.add_parser("get", help="取出附件保存为文件")
    p.add_argument("attachment")
    p.add_argument("-o", "--output", type=Path, required=True)
    p.set_defaults(func=_get)
    p = asub.add_parser("verify", help="核对附件内容与事件日志中的 SHA-256 是否一致")
    p.add_argument("incident", nargs="?")
    p.set_defaults(func=_verify)


def _add(args: argparse.Namespace) -> int:
    app = open_console(args)
    who = principal_of(args, app)
    try:
        content = args.file.read_bytes()
    except OSError as exc:
        raise fail(f"无法读取文件「{args.file}」：{exc.strerror or exc}") from None
    kind, owner = ("report", args.report) if args.report else ("task", args.task) if args.task else ("incident", None)
    rec = refusing(lambda: app.attachments.add(args.incident, args.file.name, content, actor=who.username,
                                               role=who.role, owner_kind=kind, owner_id=owner, note=args.note))
    print(f"已添加附件 {rec.id}（{rec.filename}，{rec.type_title}，{rec.size_text}），SHA-256 {rec.sha256}，"
          f"已记入事件日志（版本 {rec.event_version}）")
    return 0


def _print(rec: Any) -> None:
    owner = {"incident": "事件", "report": f"报告 {rec.owner_id}", "task": f"任务 {rec.owner_id}"}[rec.owner_kind]
    print(f"{rec.id:<22} {rec.filename}  {rec.type_title}  {rec.size_text}  {owner}  "
          f"{short_time(rec.added_at)} {rec.added_by}  SHA-256 {rec.sha256[:16]}…")


def _list(args: argparse.Namespace) -> int:
    app = open_console(args)
    rows = refusing(lambda: app.attachments.list(args.incident))
    for rec in rows:
        _print(rec)
    print(f"共 {len(rows)} 个附件")
    return 0


def _get(args: argparse.Namespace) -> int:
    app = open_console(args)
    rec = refusing(lambda: app.attachments.get(args.attachment))
    data = refusing(lambda: app.attachments.content(rec.id))
    try:
        args.output.write_bytes(data)
    except OSError as exc:
        raise fail(f"无法写入「{args.output}」：{exc.strerror or exc}") from None
    print(f"已保存 {rec.filename} 到 {args.output}")
    return 0


def _verify(args: argparse.Namespace) -> int:
    app = open_console(args)
    checks = refusing(lambda: app.attachments.verify(args.incident))
    bad = [c for c in checks if not c.ok]
    for c in checks:
        print(c.message, file=sys.stderr if not c.ok else sys.stdout)
    if bad:
        print(f"共 {len(checks)} 项，{len(bad)} 项不一致", file=sys.stderr)
        return 1
    print(f"共 {len(checks)} 个附件，全部与事件日志一致")
    return 0
