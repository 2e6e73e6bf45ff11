"""``python -m console site show|set-jurisdiction|divisions|verify``: the centre's jurisdiction."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TypeVar

from console.cli import CommandError, actor_args, open_console, principal_of, report_check
from console.clock import CHINA_TZ

T = TypeVar("T")


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    site = sub.add_parser("site", help="本中心设置：辖区（行政区划代码）")
    ssub = site.add_subparsers(dest="site_command", metavar="ACTION", required=True)
    p = ssub.add_parser("show", help="显示本数据库的辖区设置")
    p.set_defaults(func=_show)
    p = ssub.add_parser("set-jurisdiction", help="设置辖区（有账号的数据库：仅系统管理员）")
    p.add_argument("code", help="6 位行政区划代码，如 410100（郑州市）")
    actor_args(p, "admin")
    p.set_defaults(func=_set)
    p = ssub.add_parser("divisions", help="按名称或代码查找行政区划（离线数据）")
    p.add_argument("query", nargs="?", default="", help="名称的一部分（如 郑州、金水）或代码前缀（如 4101）")
    p.add_argument("--limit", type=int, default=30, help="最多列出几条（默认 30）")
    p.set_defaults(func=_divisions)
    p = ssub.add_parser("verify", help="核对辖区设置与哈希链（不一致时退出码 1）")
    p.set_defaults(func=_verify)


def _refusing(fn: Callable[[], T]) -> T:
    from console.errors import Refused
    from console.store.db import DatabaseError

    try:
        return fn()
    except (Refused, DatabaseError) as exc:
        raise CommandError(str(exc)) from None


def _show(args: argparse.Namespace) -> int:
    app = open_console(args)
    try:
        s = _refusing(app.site.get)
        if s is None:
            print("尚未设置辖区：请用 python -m console site set-jurisdiction 行政区划代码 设置"
                  "（查找代码：python -m console site divisions 名称）")
            return 1
        print(f"辖区：{s.full_name or s.name}（{s.jurisdiction}，{s.level}级）")
        print(f"设置：{s.set_by}，{s.set_at.astimezone(CHINA_TZ).strftime('%Y-%m-%d %H:%M')}")
        return 0
    finally:
        app.close()


def _set(args: argparse.Namespace) -> int:
    app = open_console(args)
    try:
        who = principal_of(args, app)
        before = _refusing(app.site.get)
        s = _refusing(lambda: app.site.set_jurisdiction(args.code, actor=who.username, role=who.role))
        if before is not None and before.jurisdiction == s.jurisdiction:
            print(f"辖区已是 {s.full_name or s.name}（{s.jurisdiction}），未作改动")
        elif before is not None:
            print(f"辖区已由 {before.name}（{before.jurisdiction}）改为 {s.full_name or s.name}（{s.jurisdiction}）")
        else:
            print(f"辖区已设置为 {s.full_name or s.name}（{s.jurisdiction}）")
        return 0
    finally:
        app.close()


def _divisions(args: argparse.Namespace) -> int:
    from console.geo.divisions import search_divisions

    found = search_divisions(args.query, limit=None)
    for d in found[: max(args.limit, 1)]:
        print(d.label)
    if not found:
        print(f"没有找到「{args.query}」：请输入名称的一部分（如 郑州）或代码前缀（如 4101）")
        return 1
    if len(found) > args.limit:
        print(f"……共 {len(found)} 条，只列出前 {args.limit} 条；请输入更具体的名称或代码")
    return 0


def _verify(args: argparse.Namespace) -> int:
    app = open_console(args)
    try:
        return report_check("辖区设置", _refusing(app.site.verify))
    finally:
        app.close()
