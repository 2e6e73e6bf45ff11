"""The headless face of the console: ``python -m console …`` (also installed as ``fds-console``).

Each feature registers its own subcommands (``register(subparsers)``) so that the
plan, the store, incidents, reserves and drills stay in their own modules.
"""

from __future__ import annotations

import argparse
import getpass
import importlib
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from console.clock import CHINA_TZ

if TYPE_CHECKING:
    from console.app import Console
    from console.auth.sessions import Principal
    from console.store.db import Database

T = TypeVar("T")

# Modules that add subcommands; a module missing from a partial install is skipped.
COMMAND_MODULES = (
    "console.plan.cli",
    "console.store.cli",
    "console.incidents.cli",
    "console.reserves.cli",
    "console.experts.cli",
    "console.reports.cli",
    "console.attachments.cli",
    "console.consultations.cli",
    "console.duty.cli",
    "console.contacts.cli",
    "console.room.cli",
    "console.auth.cli",
    "console.drills.cli",
    "console.site.cli",
    "console.improvements.cli",
    "console.reference.cli",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m console",
        description="食品药品安全应急指挥台（命令行）",
    )
    parser.add_argument("--db", default=None, help="数据库 URL（默认：用户数据目录中的 SQLite 文件）")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            mod = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name and (name == exc.name or name.startswith(exc.name + ".")):
                continue
            raise
        mod.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):  # Chinese output on any terminal
        try:
            stream.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
        except (AttributeError, ValueError):
            pass
    from console.store.db import DatabaseError

    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130
    except CommandError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return exc.exit_code
    except DatabaseError as exc:  # e.g. the PostgreSQL server refused this login a write
        print(f"错误：{exc}", file=sys.stderr)
        return 1


class CommandError(Exception):
    """A user-facing failure of a CLI command: printed as one line, no traceback."""

    def __init__(self, message: str, exit_code: int = 1):
        super().__init__(message)
        self.exit_code = exit_code


# -- shared by the feature commands --------------------------------------------------------

def fail(msg: str) -> CommandError:
    """A one-line failure for the user (raise it)."""
    return CommandError(msg)


def parse_time(text: str) -> datetime:
    """An ISO-8601 time; without a zone it is China time."""
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        raise fail(f"无法识别的时间「{text}」，请用 ISO-8601，如 2026-11-22T14:15+08:00") from None
    return when if when.tzinfo else when.replace(tzinfo=CHINA_TZ)


def open_console(args: argparse.Namespace, *, mode: str = "real") -> Console:
    """The application on ``--db`` (default: the embedded database), at ``--at`` when given."""
    from console.app import Console
    from console.clock import ManualClock, SystemClock
    from console.store.db import DatabaseError, open_database

    try:
        db = open_database(getattr(args, "db", None))
    except DatabaseError as exc:
        raise fail(str(exc)) from None
    at = getattr(args, "at", None)
    clock = ManualClock(parse_time_not_ahead(at)) if at else SystemClock()
    return Console(db, clock, mode=mode, jurisdiction=getattr(args, "jurisdiction", None))


def parse_time_not_ahead(text: str) -> datetime:
    """``--at``: an ISO time no later than now plus the clock skew, and not before 2000.

    A future time would carry every later record of the incident to that time (and every
    deadline after it would be missed), so it is refused before anything is opened.
    """
    from datetime import UTC

    from console.plan.bounds import CLOCK_SKEW, EARLIEST

    when = parse_time(text)
    now = datetime.now(UTC)
    if when > now + CLOCK_SKEW:
        limit = int(CLOCK_SKEW.total_seconds() // 60)
        raise fail(f"--at {text} 晚于现在（允许的时钟误差为 {limit} 分钟）：操作时间不能在将来")
    if when < EARLIEST:
        raise fail(f"--at {text} 早于 {EARLIEST.astimezone(CHINA_TZ):%Y-%m-%d}：请检查时间")
    return when


def auth_args(p: argparse.ArgumentParser, role: str | None = None) -> None:
    """``--user`` and ``--password-stdin`` for a command that writes (see :func:`principal_of`)."""
    p.add_argument("--user", default=None, help="以此账号操作（询问密码；默认用 login 建立的会话）")
    p.add_argument("--password-stdin", action="store_true", help="从标准输入读取 --user 的密码（一行）")
    if role is not None:
        p.set_defaults(default_role=role)


def actor_args(p: argparse.ArgumentParser, role: str = "duty_officer") -> None:
    """``--actor``, ``--role``, ``--at``, ``--user`` and ``--password-stdin`` for a command that writes."""
    p.add_argument("--actor", default=None, help="操作人（有账号的数据库：只能是登录的账号，可省略）")
    p.add_argument("--role", default=None, help=f"角色 id（默认：账号的主角色；无账号的数据库为 {role}）")
    p.add_argument("--at", default=None, help="操作时间 ISO-8601（用于补录或脚本；默认现在）")
    auth_args(p, role)


def principal_of(args: argparse.Namespace, target: Console | Database) -> Principal:
    """Who performs this write: on a database with accounts the session of ``python -m console
    login`` (or ``--user`` with a password), in ``--role`` if the account holds it; without accounts
    the free ``--actor`` as before. On a :class:`Console` it also sets ``console.signer``."""
    from console.auth.sessions import authenticate
    from console.errors import Refused
    from console.store.db import Database

    db = target if isinstance(target, Database) else target.db
    user = getattr(args, "user", None)

    def password() -> str:
        if getattr(args, "password_stdin", False):
            return sys.stdin.readline().rstrip("\r\n")
        return getpass.getpass(f"{user} 的密码：")

    try:
        p = authenticate(db, user=user, password=password, role=getattr(args, "role", None),
                         actor=getattr(args, "actor", None),
                         default_role=getattr(args, "default_role", None) or "duty_officer", free_actor=_os_user)
    except Refused as exc:
        raise fail(str(exc)) from None
    if not isinstance(target, Database):
        target.signer = p.signer
    return p


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 — no login name on this system
        return "值班员"


def unauthenticated_events(db: Database) -> int:
    """How many events were written before the database's first account (none when it never had one:
    then all are)."""
    from console.auth.accounts import first_authenticated_seq
    from console.store.eventlog import EventLog

    first = first_authenticated_seq(db)
    return (first - 1) if first is not None else EventLog(db).head()[0]


def field_pairs(pairs: list[str]) -> dict[str, str]:
    """``name=value`` pairs (``\\n`` in a value is a line break)."""
    out = {}
    for pair in pairs:
        if "=" not in pair:
            raise fail(f"字段「{pair}」应写成 名称=值，如 reporter=张三")
        k, v = pair.split("=", 1)
        out[k.strip()] = v.replace("\\n", "\n")
    return out


def refusing(fn: Callable[[], T]) -> T:
    """Run ``fn``; a refusal becomes a one-line message, never a traceback."""
    from console.errors import RecordError
    from console.store.db import DatabaseError

    try:
        return fn()
    except (RecordError, DatabaseError) as exc:
        raise fail(str(exc)) from None
    except LookupError as exc:
        raise fail(str(exc).strip("'\"")) from None


def report_check(what: str, problems: list[str]) -> int:
    """Print a table-against-chain check (``duty verify``, ``experts verify``): 0 when it agrees."""
    for line in problems:
        print(line)
    print(f"{what}与哈希链一致" if not problems else f"{what}与哈希链不一致：{len(problems)} 处")
    return 1 if problems else 0


def short_time(dt: datetime | None) -> str:
    return dt.astimezone(CHINA_TZ).strftime("%m-%d %H:%M") if dt else "—"


def export_document(doc: Any, out: Path, console: Console | None = None) -> None:
    """Write ``doc`` as DOCX or PDF, stamped with the log checkpoint of ``console`` (when given)."""
    from console.documents.anchor import stamp
    from console.documents.docx_export import write_docx
    from console.documents.pdf_export import write_pdf

    suffix = out.suffix.lower()
    if suffix in (".docx", ".pdf") and console is not None:
        refusing(lambda: stamp(doc, console.db, console.clock, console.signer))
    if suffix == ".docx":
        write_docx(doc, out)
    elif suffix == ".pdf":
        write_pdf(doc, out)
    else:
        raise fail(f"不支持的导出格式「{out.suffix}」：请用 .docx 或 .pdf")
    print(f"已导出 {out}")
