"""``log`` subcommands for the headless CLI (``fds-console log verify``).

console/cli.py calls :func:`register` with its subparsers; each command is stored as
``args.func`` and returns the process exit code. Runnable alone for testing:
``python -m console.store.cli log verify --db URL``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from console.store.db import DatabaseError, open_database
from console.store.eventlog import EventLog
from console.store.migrate import current_revision


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``log verify`` to an argparse subparsers object."""
    log = subparsers.add_parser("log", help="事件日志（校验哈希链等）")
    log_sub = log.add_subparsers(dest="log_command", metavar="<操作>")
    log_sub.required = True
    verify = log_sub.add_parser(
        "verify", help="校验整个事件日志的哈希链，发现篡改、缺失、乱序或截断"
    )
    # SUPPRESS: never overwrite a --db already parsed by the top-level parser.
    verify.add_argument(
        "--db",
        default=argparse.SUPPRESS,
        help="数据库 URL 或 SQLite 文件路径（默认：用户数据目录）",
    )
    verify.set_defaults(func=cmd_verify)


def cmd_verify(args: argparse.Namespace) -> int:
    """Print the verification report; exit 0 only when the chain is intact."""
    try:
        db = open_database(getattr(args, "db", None), upgrade=False)
    except DatabaseError as e:
        print(f"错误：{e}", file=sys.stderr)
        return 2
    try:
        if current_revision(db.engine) is None:
            print(
                "错误：该数据库尚未初始化（没有事件日志表），请确认选择了正确的数据库",
                file=sys.stderr,
            )
            return 2
        report = EventLog(db).verify()
    except DatabaseError as e:
        print(f"错误：{e}", file=sys.stderr)
        return 2
    finally:
        db.close()
    print(report.message)
    return 0 if report.ok else 1


def main(argv: Sequence[str] | None = None) -> int:
    """Standalone entry point (the product's CLI is console/cli.py)."""
    parser = argparse.ArgumentParser(prog="python -m console.store.cli", description="事件日志工具")
    parser.add_argument("--db", default=None, help="数据库 URL 或 SQLite 文件路径")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    raise SystemExit(main())
