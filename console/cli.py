"""The headless face of the console: ``python -m console …`` (also installed as ``fds-console``).

Each feature registers its own subcommands (``register(subparsers)``) so that the
plan, the store, incidents, reserves and drills stay in their own modules.
"""

from __future__ import annotations

import argparse
import importlib
import sys

# Modules that add subcommands; a module missing from a partial install is skipped.
COMMAND_MODULES = (
    "console.plan.cli",
    "console.store.cli",
    "console.incidents.cli",
    "console.reserves.cli",
    "console.records_cli",
    "console.auth.cli",
    "console.drills.cli",
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
            stream.reconfigure(encoding="utf-8")  # type: ignore[attr-defined]
        except (AttributeError, ValueError):
            pass
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


class CommandError(Exception):
    """A user-facing failure of a CLI command: printed as one line, no traceback."""

    def __init__(self, message: str, exit_code: int = 1):
        super().__init__(message)
        self.exit_code = exit_code
