"""``user add|list|passwd|role|disable|enable``: accounts from the command line.

Passwords are read from the terminal without echo, or with ``--password-stdin`` one per line
(the new password first, then — when acting as an administrator — the administrator's own).
"""

from __future__ import annotations

import argparse
import getpass
import sys


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    user = subparsers.add_parser("user", help="用户账号（登录名、角色、密码）")
    sub = user.add_subparsers(dest="user_command", metavar="<操作>")
    sub.required = True

    def cmd(name: str, help_: str, func, admin: bool = True):  # type: ignore[no-untyped-def]
        p = sub.add_parser(name, help=help_)
        p.add_argument("--db", default=argparse.SUPPRESS, help="数据库 URL（默认：用户数据目录）")
        if admin:
            p.add_argument("--by", help="执行操作的管理员登录名（创建第一个管理员时不需要）")
        p.add_argument("--password-stdin", action="store_true", help="从标准输入读取密码（每行一个）")
        p.set_defaults(func=func)
        return p

    p = cmd("add", "新建账号", _add)
    p.add_argument("username")
    p.add_argument("--role", required=True, help="commander、deputy、duty_officer、group_staff、expert、"
                                                  "controller、evaluator、observer、admin")
    p.add_argument("--name", required=True, help="姓名")
    p.add_argument("--unit", help="工作组（group_staff 的责任单位）")
    p = cmd("list", "列出账号", _list, admin=False)
    p = cmd("passwd", "重设密码", _passwd)
    p.add_argument("username")
    p = cmd("role", "更改角色", _role)
    p.add_argument("username")
    p.add_argument("--role", required=True)
    p.add_argument("--unit")
    p = cmd("disable", "停用账号", _disable)
    p.add_argument("username")
    p = cmd("enable", "启用账号", _enable)
    p.add_argument("username")


def _service(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from console.auth.accounts import AccountService
    from console.store.db import open_database

    return AccountService(open_database(getattr(args, "db", None)))


def _passwords(args: argparse.Namespace, prompts: list[str]) -> list[str]:
    if args.password_stdin:
        lines = sys.stdin.read().splitlines()
        if len(lines) < len(prompts):
            raise SystemExit(_fail(f"标准输入中应有 {len(prompts)} 行密码（{'、'.join(prompts)}）"))
        return lines[: len(prompts)]
    return [getpass.getpass(f"{p}：") for p in prompts]


def _fail(message: str) -> int:
    print(f"错误：{message}", file=sys.stderr)
    return 1


def _run(args: argparse.Namespace, action, prompts: list[str]) -> int:  # type: ignore[no-untyped-def]
    from console.auth.accounts import LoginFailed
    from console.plan.engine import Rejected
    from console.store.db import DatabaseError

    try:
        svc = _service(args)
        need_admin = getattr(args, "by", None) is not None
        pw = _passwords(args, prompts + (["管理员密码"] if need_admin else []))
        by = svc.login(args.by, pw[-1]) if need_admin else None
        if by is None and svc.has_users() and args.user_command != "add":
            return _fail("请用 --by 指定管理员登录名")
        message = action(svc, by, pw)
    except (Rejected, LoginFailed) as exc:
        return _fail(exc.reason)
    except DatabaseError as exc:
        return _fail(str(exc))
    print(message)
    return 0


def _add(args: argparse.Namespace) -> int:
    def act(svc, by, pw):  # type: ignore[no-untyped-def]
        u = svc.create(args.username, pw[0], role=args.role, display_name=args.name, unit=args.unit, by=by)
        return f"已创建账号 {u.username}（{u.display_name}，{u.role_title}）"
    return _run(args, act, ["新账号的密码"])


def _passwd(args: argparse.Namespace) -> int:
    def act(svc, by, pw):  # type: ignore[no-untyped-def]
        svc.reset_password(args.username, pw[0], by=by)
        return f"已重设 {args.username} 的密码"
    return _run(args, act, ["新密码"])


def _role(args: argparse.Namespace) -> int:
    def act(svc, by, pw):  # type: ignore[no-untyped-def]
        svc.set_role(args.username, args.role, by=by, unit=args.unit)
        return f"已将 {args.username} 的角色改为 {args.role}"
    return _run(args, act, [])


def _disable(args: argparse.Namespace) -> int:
    def act(svc, by, pw):  # type: ignore[no-untyped-def]
        svc.set_active(args.username, False, by=by)
        return f"已停用账号 {args.username}"
    return _run(args, act, [])


def _enable(args: argparse.Namespace) -> int:
    def act(svc, by, pw):  # type: ignore[no-untyped-def]
        svc.set_active(args.username, True, by=by)
        return f"已启用账号 {args.username}"
    return _run(args, act, [])


def _list(args: argparse.Namespace) -> int:
    from console.store.db import DatabaseError

    try:
        users = _service(args).list()
    except DatabaseError as exc:
        return _fail(str(exc))
    for u in users:
        print(f"{u.username}\t{u.display_name}\t{u.role_title}\t{u.unit or ''}\t{'启用' if u.active else '停用'}")
    if not users:
        print("（没有账号：用 user add 创建第一个管理员）")
    return 0
