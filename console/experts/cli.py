"""Headless expert-registry commands: ``experts list|import|export``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from console.cli import (
    auth_args,
    open_console,
    principal_of,
    refusing,
    report_check,
)


def register(sub: argparse._SubParsersAction) -> None:
    # -- experts -------------------------------------------------------------------
    ex = sub.add_parser("experts", help="专家库：列出、导入、导出")
    esub = ex.add_subparsers(dest="experts_command", metavar="ACTION", required=True)
    p = esub.add_parser("list", help="列出专家")
    p.add_argument("--specialty", help="只列出该专业领域的专家")
    p.add_argument("--available", action="store_true", help="只列出可参会的专家")
    p.set_defaults(func=_experts_list)
    p = esub.add_parser("import", help="从 CSV（UTF-8/GBK）或 XLSX 导入（全部成功或全部不写入）")
    p.add_argument("file", type=Path)
    auth_args(p, "duty_officer")
    p.set_defaults(func=_experts_import)
    p = esub.add_parser("export", help="导出为 CSV 或 XLSX")
    p.add_argument("file", type=Path)
    p.add_argument("--encoding", default="utf-8-sig", help="CSV 编码：utf-8-sig（默认）或 gbk")
    p.set_defaults(func=_experts_export)
    p = esub.add_parser("verify", help="核对专家库与哈希链（不一致时退出码 1）")
    p.set_defaults(func=_experts_verify)


def _experts(args: argparse.Namespace) -> Any:
    return open_console(args).experts


def _experts_list(args: argparse.Namespace) -> int:
    reg = _experts(args)
    rows = refusing(lambda: reg.list(specialty=args.specialty, available=True if args.available else None))
    for e in rows:
        print(f"{e.code:<8} {e.name:<6} {e.availability_title:<4} {'、'.join(e.specialties):<24} "
              f"{e.organisation} {e.phone}")
    print(f"共 {len(rows)} 位专家")
    return 0


def _experts_import(args: argparse.Namespace) -> int:
    app = open_console(args)
    who = principal_of(args, app)  # on a database with accounts only a logged-in account imports
    reg = app.experts
    n = refusing(lambda: reg.import_file(args.file, actor=who.username, role=who.role))
    print(f"已导入 {n} 位专家")
    return 0


def _experts_export(args: argparse.Namespace) -> int:
    reg = _experts(args)
    n = refusing(lambda: reg.export_file(args.file, encoding=args.encoding))
    print(f"已导出 {n} 位专家到 {args.file}")
    return 0


def _experts_verify(args: argparse.Namespace) -> int:
    return report_check("专家库", refusing(lambda: _experts(args).verify()))
