"""``login``, ``logout``, ``whoami`` and ``user add|list|units|passwd|role|lock|unlock|disable|enable``.

Passwords are read from the terminal without echo, each prompt naming whose password it asks
for, or with ``--password-stdin`` one per line in the same order: the new password first (``add``,
``passwd``), then — when acting as an administrator with ``--by`` — that administrator's own.
Each command's ``--help`` says which line is which. Without ``--by`` the administrator is the
account of this computer's session (``python -m console login``).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from console.auth.accounts import AccountService, Login, User


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = subparsers.add_parser("login", help="登录：在本机为此数据库建立会话（之后的写入命令以该账号执行）")
    p.add_argument("--db", default=argparse.SUPPRESS, help="数据库 URL（默认：用户数据目录）")
    p.add_argument("--user", default=None, help="登录名（默认询问）")
    p.add_argument("--hours", type=float, default=12, help="会话时长（小时，默认 12，最长 24）")
    p.add_argument("--password-stdin", action="store_true", help="从标准输入读取密码（一行）")
    p.set_defaults(func=_login)
    p = subparsers.add_parser("logout", help="注销本机在此数据库上的会话")
    p.add_argument("--db", default=argparse.SUPPRESS, help="数据库 URL（默认：用户数据目录）")
    p.set_defaults(func=_logout)
    p = subparsers.add_parser("whoami", help="显示本机在此数据库上的会话：账号、角色、到期时间")
    p.add_argument("--db", default=argparse.SUPPRESS, help="数据库 URL（默认：用户数据目录）")
    p.set_defaults(func=_whoami)

    user = subparsers.add_parser(
        "user", help="用户账号（登录名、角色、工作组、密码、锁定、停用）",
        description="用户账号。密码从终端输入（不回显），或用 --password-stdin 从标准输入每行读一个：先新密码"
                    "（add、passwd），再 --by 管理员自己的密码；各操作的 --help 写明第几行是谁的密码。")
    sub = user.add_subparsers(dest="user_command", metavar="<操作>")
    sub.required = True

    def cmd(name: str, help_: str, func: Callable[[argparse.Namespace], int], admin: bool = True,
            new_password: str | None = None) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_, description=help_)
        p.add_argument("--db", default=argparse.SUPPRESS, help="数据库 URL（默认：用户数据目录）")
        if admin:
            p.add_argument("--by", help="执行操作的管理员登录名（询问其密码；默认用本机 login 的会话；"
                                        "创建第一个管理员时不需要）")
        lines = ([f"第 1 行：{new_password}"] if new_password else [])
        if admin:
            lines.append(f"第 {len(lines) + 1} 行：--by 管理员自己的密码（只在用 --by 时）")
        p.add_argument("--password-stdin", action="store_true",
                       help="从标准输入读取密码，每行一个：" + "；".join(lines) if lines else argparse.SUPPRESS)
        p.set_defaults(func=func)
        return p

    roles_help = "commander、deputy、duty_officer、group_staff、expert、controller、evaluator、observer、admin"
    unit_help = "工作组：数据库中预案的工作组，写名称或编号（如 危害控制组 或 hazard；user units 列出）"
    p = cmd("add", "新建账号", _add, new_password="新账号的密码")
    p.add_argument("username")
    p.add_argument("--role", required=True, help=f"主角色：{roles_help}")
    p.add_argument("--also", default="", help="另外担任的角色，逗号分隔（如 deputy,expert）")
    p.add_argument("--name", required=True, help="姓名")
    p.add_argument("--unit", help=unit_help)
    p = cmd("list", "列出账号（登录名、姓名、角色、工作组、状态）", _list, admin=False)
    p = cmd("units", "列出可选的工作组（数据库中预案的工作组）", _units, admin=False)
    p = cmd("passwd", "重设密码（管理员重设会换新签名密钥；本人修改保留原密钥）", _passwd,
            new_password="该账号的新密码")
    p.add_argument("username")
    p = cmd("role", "更改角色与工作组", _role)
    p.add_argument("username")
    p.add_argument("--role", required=True, help="主角色")
    p.add_argument("--also", default="", help="另外担任的角色，逗号分隔")
    p.add_argument("--unit", help=unit_help + "；不写则清除工作组")
    p = cmd("lock", "锁定账号：解锁前不能登录，登录时显示原因（与停用不同：停用是不再使用）", _lock)
    p.add_argument("username")
    p.add_argument("--reason", required=True, help="锁定原因（登录被拒时显示给本人）")
    p = cmd("unlock", "解锁账号（管理员的锁定，以及登录失败次数过多的锁定）", _unlock)
    p.add_argument("username")
    p = cmd("disable", "停用账号", _disable)
    p.add_argument("username")
    p = cmd("enable", "启用账号", _enable)
    p.add_argument("username")


def _service(args: argparse.Namespace) -> AccountService:
    from console.auth.accounts import AccountService
    from console.store.db import open_database

    return AccountService(open_database(getattr(args, "db", None)))


def _passwords(args: argparse.Namespace, prompts: list[str]) -> list[str]:
    if not prompts:
        return []
    if args.password_stdin:
        lines = sys.stdin.read().splitlines()
        if len(lines) < len(prompts):
            raise SystemExit(_fail(f"标准输入中应有 {len(prompts)} 行密码（{'、'.join(prompts)}）"))
        return lines[: len(prompts)]
    return [getpass.getpass(f"{p}：") for p in prompts]


def _fail(message: str) -> int:
    print(f"错误：{message}", file=sys.stderr)
    return 1


def _guard(action: Callable[[], int]) -> int:
    from console.errors import Refused

    try:
        return action()
    except Refused as exc:
        return _fail(str(exc))


Action = Callable[["AccountService", "User | Login | None", list[str]], str]


def _run(args: argparse.Namespace, action: Action, prompts: list[str]) -> int:
    def go() -> int:
        from console.auth.sessions import NO_LOGIN, NotAuthenticated, session_login

        svc = _service(args)
        need_admin = getattr(args, "by", None) is not None
        pw = _passwords(args, prompts + ([f"管理员 {args.by} 自己的密码"] if need_admin else []))
        by: User | Login | None = None
        if need_admin:
            by = svc.login(args.by, pw[-1])
        elif svc.has_users():
            try:
                _tf, who = session_login(svc)
            except NotAuthenticated as exc:
                if exc.reason != NO_LOGIN:
                    raise
                raise NotAuthenticated(NO_LOGIN.replace("--user 指定账号", "--by 指定管理员")) from None
            by = svc.get(who.username)
        print(action(svc, by, pw))
        return 0

    return _guard(go)


def _also(args: argparse.Namespace) -> tuple[str, ...]:
    return tuple(r.strip() for r in (args.also or "").split(",") if r.strip())


def _add(args: argparse.Namespace) -> int:
    def act(svc: AccountService, by: User | Login | None, pw: list[str]) -> str:
        u = svc.create(args.username, pw[0], role=args.role, display_name=args.name, unit=args.unit, by=by,
                       also=_also(args))
        return f"已创建账号 {u.username}（{u.display_name}，{u.roles_title}）"
    return _run(args, act, [f"新账号 {args.username} 的密码"])


def _passwd(args: argparse.Namespace) -> int:
    def act(svc: AccountService, by: User | Login | None, pw: list[str]) -> str:
        assert by is not None
        svc.reset_password(args.username, pw[0], by=by)
        return f"已重设 {args.username} 的密码"
    return _run(args, act, [f"{args.username} 的新密码"])


def _role(args: argparse.Namespace) -> int:
    def act(svc: AccountService, by: User | Login | None, pw: list[str]) -> str:
        assert by is not None
        svc.set_role(args.username, args.role, by=by, unit=args.unit, also=_also(args))
        return f"已将 {args.username} 的角色改为 {'、'.join((args.role, *_also(args)))}"
    return _run(args, act, [])


def _lock(args: argparse.Namespace) -> int:
    def act(svc: AccountService, by: User | Login | None, pw: list[str]) -> str:
        assert by is not None
        svc.lock(args.username, args.reason, by=by)
        return f"已锁定账号 {args.username}（{' '.join(args.reason.split())}）：解锁前不能登录"
    return _run(args, act, [])


def _unlock(args: argparse.Namespace) -> int:
    def act(svc: AccountService, by: User | Login | None, pw: list[str]) -> str:
        assert by is not None
        svc.unlock(args.username, by=by)
        return f"已解锁账号 {args.username}"
    return _run(args, act, [])


def _disable(args: argparse.Namespace) -> int:
    def act(svc: AccountService, by: User | Login | None, pw: list[str]) -> str:
        assert by is not None
        svc.set_active(args.username, False, by=by)
        return f"已停用账号 {args.username}"
    return _run(args, act, [])


def _enable(args: argparse.Namespace) -> int:
    def act(svc: AccountService, by: User | Login | None, pw: list[str]) -> str:
        assert by is not None
        svc.set_active(args.username, True, by=by)
        return f"已启用账号 {args.username}"
    return _run(args, act, [])


def _list(args: argparse.Namespace) -> int:
    def go() -> int:
        users = _service(args).list()
        for u in users:
            print(f"{u.username}\t{u.display_name}\t{u.roles_title}\t{u.unit or ''}\t{u.status}\t{u.lock_text}")
        if not users:
            print("（没有账号：用 user add 创建第一个管理员）")
        return 0

    return _guard(go)


def _units(args: argparse.Namespace) -> int:
    def go() -> int:
        units = _service(args).known_units()
        for u in units:
            print(f"{u.title}\t{u.key}")
        if not units:
            print("（数据库中还没有预案：导入预案后才能核对工作组）")
        return 0

    return _guard(go)


# -- CLI sessions ----------------------------------------------------------------------
def _when(us: int) -> str:
    from console.clock import CHINA_TZ
    from console.store.chain import from_us

    return f"{from_us(us).astimezone(CHINA_TZ):%Y-%m-%d %H:%M}"


def _login(args: argparse.Namespace) -> int:
    def go() -> int:
        from console.auth.sessions import write_token_file

        svc = _service(args)
        if not svc.has_users():
            return _fail("此数据库没有账号，无需登录（用 user add 创建第一个管理员）")
        name = args.user
        if not name:
            if args.password_stdin:
                return _fail("用 --password-stdin 时请用 --user 指定登录名")
            name = input("登录名：").strip()
        login = svc.login(name, _passwords(args, [f"{name} 的密码"])[0])
        grant = svc.open_session(login, args.hours)
        path = write_token_file(svc.db, grant)
        print(f"已登录 {login.username}（{login.display_name}，{login.user.roles_title}），"
              f"会话至 {_when(grant.expires_us)} 有效；会话文件 {path}")
        return 0

    return _guard(go)


def _logout(args: argparse.Namespace) -> int:
    def go() -> int:
        from console.auth.sessions import read_token_file, remove_token_file

        svc = _service(args)
        try:
            tf = read_token_file(svc.db)
        except Exception:  # a damaged file: remove it all the same
            tf = None
        closed = svc.close_session(tf.token) if tf is not None else False
        removed = remove_token_file(svc.db)
        print(f"已注销 {tf.username}" if tf is not None and (closed or removed) else "本机在此数据库上没有会话")
        return 0

    return _guard(go)


def _whoami(args: argparse.Namespace) -> int:
    def go() -> int:
        from console.auth.roles import role_title
        from console.auth.sessions import session_login

        svc = _service(args)
        if not svc.has_users():
            print("此数据库没有账号：命令以 --actor（默认本机用户名）记录操作人，未认证")
            return 0
        tf, who = session_login(svc)
        u = svc.get(who.username)
        name = u.display_name if u is not None else who.username
        print(f"{who.username}（{name}）")
        print(f"角色：{'、'.join(f'{role_title(r)}（{r}）' for r in who.roles)}（主角色 {role_title(who.role)}）")
        print(f"会话至 {_when(tf.expires_us)} 有效")
        return 0

    return _guard(go)


__all__ = ["register"]
