"""``log`` subcommands for the headless CLI (``fds-console log verify``).

console/cli.py calls :func:`register` with its subparsers; each command is stored as
``args.func`` and returns the process exit code. Runnable alone for testing:
``python -m console.store.cli log verify --db URL``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from console.store.checkpoints import (
    CheckpointRecord,
    CheckpointRefused,
    Checkpoints,
    checkpoint_file_text,
    load_checkpoint_file,
)
from console.store.db import DatabaseError, open_database
from console.store.eventlog import EventLog
from console.store.migrate import current_revision
from console.store.verify import ExpectedHead, verify_chain


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``log verify|export|follow`` and ``db copy`` to an argparse subparsers object."""
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
    verify.add_argument("--file", help="校验导出的日志文件（离线，不连接数据库）")
    verify.add_argument("--expect-head", action="append", default=[], metavar="SEQ:HASH",
                        help="另行记下的链头（SEQ:HASH，或至少 12 位的哈希前缀）：证明此后没有改写或截断")
    verify.add_argument("--checkpoint", action="append", default=[], metavar="FILE",
                        help="另行保存的签名检查点文件（log checkpoint --out 所写）")
    verify.set_defaults(func=cmd_verify)

    checkpoint = log_sub.add_parser("checkpoint", help="显示最近的签名检查点（链头、签署人、密钥指纹、时间）")
    checkpoint.add_argument("--db", default=argparse.SUPPRESS, help="数据库 URL（默认：用户数据目录）")
    checkpoint.add_argument("--out", help="把检查点写入文件（JSON），供日后 log verify --checkpoint 核对")
    checkpoint.set_defaults(func=cmd_checkpoint)

    export = log_sub.add_parser("export", help="导出整个事件日志（含链头与预案原文），供审查人员离线校验")
    export.add_argument("--db", default=argparse.SUPPRESS, help="数据库 URL（默认：用户数据目录）")
    export.add_argument("-o", "--out", required=True, help="导出文件（JSON Lines）")
    export.set_defaults(func=cmd_export)

    follow = log_sub.add_parser("follow", help="实时显示其他席位追加的事件（PostgreSQL 通知 / SQLite 轮询）")
    follow.add_argument("--db", default=argparse.SUPPRESS, help="数据库 URL（默认：用户数据目录）")
    follow.add_argument("--after", type=int, default=None, help="从该序号之后开始（默认：当前链头）")
    follow.add_argument("--count", type=int, default=None, help="收到这么多事件后退出（测试用）")
    follow.set_defaults(func=cmd_follow)

    db = subparsers.add_parser("db", help="数据库（迁移到 PostgreSQL 等）")
    db_sub = db.add_subparsers(dest="db_command", metavar="<操作>")
    db_sub.required = True
    copy = db_sub.add_parser("copy", help="把一个数据库（如内置 SQLite）完整迁移到另一个空数据库（如 PostgreSQL）")
    copy.add_argument("--from", dest="source", default=None, help="源数据库 URL（默认：--db 或用户数据目录）")
    copy.add_argument("--to", dest="target", required=True, help="目标数据库 URL，例如 postgresql://user@host/db")
    copy.set_defaults(func=cmd_copy)
    register_grant(db_sub)
    register_backup(db_sub)


def _anchors(args: argparse.Namespace) -> tuple[list[ExpectedHead], list[CheckpointRecord]]:
    """``--expect-head`` and ``--checkpoint`` of ``log verify`` (raises CheckpointRefused)."""
    expected = []
    for text in getattr(args, "expect_head", None) or []:
        try:
            expected.append(ExpectedHead.parse(text))
        except ValueError as e:
            raise CheckpointRefused(str(e)) from None
    return expected, [load_checkpoint_file(f) for f in getattr(args, "checkpoint", None) or []]


def cmd_verify(args: argparse.Namespace) -> int:
    """Print the verification report; exit 0 only when the chain is intact."""
    try:
        expected, anchors = _anchors(args)
    except CheckpointRefused as e:
        print(f"错误：{e}", file=sys.stderr)
        return 2
    if getattr(args, "file", None):
        from console.store.audit import ExportError, verify_export

        try:
            report, header = verify_export(args.file, expected=expected, anchors=anchors)
        except ExportError as e:
            print(f"错误：{e}", file=sys.stderr)
            return 2
        print(f"导出文件：{args.file}（导出时间 {header.get('exported_at')}，来源 {header.get('source')}）")
        print(report.message)
        return 0 if report.ok else 1
    try:
        db = _open(args)
    except DatabaseError as e:
        print(f"错误：{e}", file=sys.stderr)
        return 2
    try:
        report = verify_chain(db, expected=expected, anchors=anchors)
        from console.cli import unauthenticated_events

        unauthenticated = unauthenticated_events(db)
    except DatabaseError as e:
        print(f"错误：{e}", file=sys.stderr)
        return 2
    finally:
        db.close()
    print(report.message)
    if unauthenticated:
        print(f"其中 {unauthenticated} 个事件写入时数据库尚无账号（未认证）")
    return 0 if report.ok else 1




def _open(args: argparse.Namespace, url: str | None = None):  # type: ignore[no-untyped-def]
    db = open_database(url if url is not None else getattr(args, "db", None), upgrade=False)
    if current_revision(db.engine) is None:
        db.close()
        raise DatabaseError("该数据库尚未初始化（没有事件日志表），请确认选择了正确的数据库")
    return db


def cmd_checkpoint(args: argparse.Namespace) -> int:
    """Print the latest signed checkpoint (and write it to ``--out``); 1 when there is none."""
    try:
        db = _open(args)
    except DatabaseError as e:
        print(f"错误：{e}", file=sys.stderr)
        return 2
    try:
        cp = Checkpoints(db).latest()
    except DatabaseError as e:
        print(f"错误：{e}", file=sys.stderr)
        return 2
    finally:
        db.close()
    if cp is None:
        print("错误：该数据库还没有签名检查点（尚无人登录签署；请改为记下 log verify 显示的链头）", file=sys.stderr)
        return 1
    print(f"检查点：第 {cp.seq} 号事件")
    print(f"哈希：{cp.hash}")
    print(f"签署人：{cp.signer}（{'会话密钥，经账户密钥认证' if cp.certificate else '账户密钥'}）")
    print(f"密钥指纹：{cp.key_fingerprint}")
    print(f"时间：{cp.time_text()}（{cp.reason}）")
    print(f"核对：python -m console log verify --expect-head {cp.seq}:{cp.hash}")
    if args.out:
        try:
            Path(args.out).write_text(checkpoint_file_text(cp), "utf-8")
        except OSError as e:
            print(f"错误：无法写入 {args.out}：{e.strerror or e}", file=sys.stderr)
            return 2
        print(f"已写入 {args.out}（日后核对：python -m console log verify --checkpoint {args.out}）")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from console.clock import SystemClock
    from console.store.audit import export_log

    try:
        db = _open(args)
    except DatabaseError as e:
        print(f"错误：{e}", file=sys.stderr)
        return 2
    try:
        summary = export_log(db, args.out, now=SystemClock().now())
    except OSError as e:
        print(f"错误：无法写入 {args.out}：{e.strerror or e}", file=sys.stderr)
        return 2
    except DatabaseError as e:
        print(f"错误：{e}", file=sys.stderr)
        return 2
    finally:
        db.close()
    print(f"已导出 {summary.events} 个事件、{summary.plans} 份预案、{summary.checkpoints} 个签名检查点"
          f"到 {summary.path}")
    print(f"链头 seq={summary.head_seq} 哈希 {summary.head_hash}")
    print(f"离线校验：python -m console log verify --file {summary.path}")
    return 0


def cmd_follow(args: argparse.Namespace) -> int:
    import asyncio

    from console.sync.feed import ChangeFeed

    try:
        db = _open(args)
    except DatabaseError as e:
        print(f"错误：{e}", file=sys.stderr)
        return 2
    after = args.after if args.after is not None else EventLog(db).head()[0]
    feed = ChangeFeed(db, after_seq=after,
                      on_status=lambda state, text: print(f"[{state}] {text}", file=sys.stderr, flush=True))
    seen = 0

    def show(events) -> None:  # type: ignore[no-untyped-def]
        nonlocal seen
        for e in events:
            print(f"{e.seq}\t{e.stream}\t{e.version}\t{e.type}\t{e.actor}\t{e.recorded_at.isoformat()}", flush=True)
            seen += 1
            if args.count is not None and seen >= args.count:
                feed.stop()
                return

    try:
        asyncio.run(feed.run(show))
    except KeyboardInterrupt:
        pass
    finally:
        db.close()
    return 0


def cmd_copy(args: argparse.Namespace) -> int:
    from console.store.transfer import TransferError, copy_database

    try:
        src = _open(args, args.source if args.source is not None else getattr(args, "db", None))
        dst = open_database(args.target)  # creates the schema (migrations) if empty
    except DatabaseError as e:
        print(f"错误：{e}", file=sys.stderr)
        return 2
    try:
        summary = copy_database(src, dst)
    except (TransferError, DatabaseError) as e:
        print(f"错误：迁移未完成，目标数据库未改动：{e}", file=sys.stderr)
        return 1
    finally:
        src.close()
        dst.close()
    for name, n in summary.tables.items():
        print(f"{name}\t{n} 行")
    print(f"迁移完成，事件链校验通过：链头 seq={summary.head_seq} 哈希 {summary.head_hash[:16]}…")
    return 0


def register_grant(db_sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """``db grant``: PostgreSQL logins per account and the server's guards (console.store.pgroles)."""
    g = db_sub.add_parser(
        "grant",
        help="（PostgreSQL，所有者运行）为每个账号建立数据库登录、授权并安装服务器端守卫触发器",
    )
    g.add_argument("--db", default=argparse.SUPPRESS, help="数据库 URL（须用所有者/管理员的登录）")
    what = g.add_mutually_exclusive_group()
    what.add_argument("--user", default=None, metavar="账号", help="设置或更改该账号数据库登录的密码（并允许登录）")
    what.add_argument("--revoke", default=None, metavar="账号", help="取消该账号的数据库登录")
    g.add_argument("--password-stdin", action="store_true", help="从标准输入读取密码（一行），不提示")
    g.add_argument("--prefix", default="fds", help="角色组前缀（默认 fds：fds_console、fds_observer、fds_admin）")
    g.set_defaults(func=cmd_grant)


def cmd_grant(args: argparse.Namespace) -> int:
    import getpass

    from console.store import pgroles

    try:
        groups = pgroles.Groups(args.prefix)
        password = None
        if args.user is not None:
            if args.password_stdin:
                password = sys.stdin.readline().rstrip("\r\n")
            else:
                password = getpass.getpass(f"账号「{args.user}」的数据库密码：")
                if getpass.getpass("再输入一次：") != password:
                    print("错误：两次输入的密码不一致，未更改", file=sys.stderr)
                    return 2
        db = open_database(getattr(args, "db", None))
    except DatabaseError as e:
        print(f"错误：{e}", file=sys.stderr)
        return 2
    try:
        report = pgroles.grant(db, groups)
        if args.user is not None and password is not None:
            pgroles.set_password(db, args.user, password, groups)
        ended = pgroles.revoke(db, args.revoke, groups) if args.revoke is not None else 0
    except DatabaseError as e:
        print(f"错误：{e}", file=sys.stderr)
        return 2
    finally:
        db.close()
    print(f"模式 {report.schema}：角色组 {'、'.join(groups.all)} 已授权，守卫触发器已安装")
    for title, names in (("可写", report.writers), ("只读（观察员）", report.observers),
                         ("账号管理", report.admins), ("已停用，取消登录", report.disabled)):
        if names:
            print(f"{title}：{'、'.join(names)}")
    for name in report.created:
        print(f"新建数据库登录「{name}」（尚无密码）：python -m console db grant --user {name}")
    if report.read_only_tables:
        print(f"以下表未列入可写清单，所有登录只读：{'、'.join(report.read_only_tables)}")
    if args.user is not None:
        print(f"已设置「{args.user}」的数据库密码（SCRAM-SHA-256）")
    if args.revoke is not None:
        note = "无权结束其已打开的连接，它们断开后生效" if ended < 0 else f"结束了 {ended} 个已打开的连接"
        print(f"已取消「{args.revoke}」的数据库登录（{note}）")
    for name, why in report.skipped:
        print(f"未建立登录「{name}」：{why}", file=sys.stderr)
    return 1 if report.skipped else 0


def register_backup(db_sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """``db backup`` / ``db restore`` (console.store.backup)."""
    from console.cli import actor_args

    b = db_sub.add_parser("backup", help="在线备份数据库（SQLite 备份接口 / PostgreSQL pg_dump），校验后记入事件日志")
    b.add_argument("--db", default=argparse.SUPPRESS, help="数据库 URL（默认：用户数据目录）")
    b.add_argument("--out", default=None, metavar="FILE",
                   help="备份文件（默认：当前目录下 fds-backup-YYYYMMDD-HHMM.sqlite3 或 .dump）")
    actor_args(b, "admin")
    b.set_defaults(func=cmd_backup)
    r = db_sub.add_parser("restore", help="把备份恢复为新的数据库（不覆盖现有数据库），并校验事件链")
    r.add_argument("file", help="备份文件（db backup 所写）")
    r.add_argument("--to", dest="target", required=True,
                   help="新的数据库：SQLite 文件路径（须不存在或为空），或空的 PostgreSQL 数据库 URL")
    r.set_defaults(func=cmd_restore)


def cmd_backup(args: argparse.Namespace) -> int:
    from console.cli import CommandError, principal_of
    from console.clock import SystemClock
    from console.store.backup import BackupRefused, backup, default_backup_name

    clock = SystemClock()
    try:
        db = _open(args)
    except DatabaseError as e:
        print(f"错误：{e}", file=sys.stderr)
        return 1
    try:
        who = principal_of(args, db)
        role = "admin" if "admin" in who.roles or who.role == "admin" else who.role
        out = args.out or default_backup_name(db, clock.now())
        record = backup(db, out, actor=who.username, role=role, clock=clock)
    except (BackupRefused, DatabaseError, CommandError) as e:
        print(f"错误：备份未完成：{e}", file=sys.stderr)
        return 1
    finally:
        db.close()
    how = "SQLite 在线备份" if record.kind == "sqlite" else "pg_dump 自定义格式"
    print(f"已写入备份：{record.path}（{_size(record.size)}，{how}）")
    print(f"链头 seq={record.head_seq} 哈希 {record.head_hash}")
    print("事件链校验通过" if record.kind == "sqlite" else "备份文件可读（pg_restore --list 通过）；恢复时将校验事件链")
    print("本次备份已记入事件日志（admin.backup_taken，位于备份所含链头之后）")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from console.clock import SystemClock
    from console.store.backup import BackupRefused, restore

    try:
        record = restore(args.file, args.target, clock=SystemClock())
    except (BackupRefused, DatabaseError) as e:
        print(f"错误：恢复未完成：{e}", file=sys.stderr)
        return 1
    print(f"已从 {record.source} 恢复到 {record.target}")
    print(f"事件链校验通过：已校验 {record.checked} 个事件，链头 seq={record.head_seq} 哈希 {record.head_hash}")
    print(f"使用前请关闭所有指挥台，再让它们打开 {record.target}"
          + ("；PostgreSQL 请再运行 db grant 设置登录与权限" if record.kind == "pg_dump" else ""))
    return 0


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{max(1, n // 1024)} KB"


def main(argv: Sequence[str] | None = None) -> int:
    """Standalone entry point (the product's CLI is console/cli.py)."""
    parser = argparse.ArgumentParser(prog="python -m console.store.cli", description="事件日志工具")
    parser.add_argument("--db", default=None, help="数据库 URL 或 SQLite 文件路径")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    raise SystemExit(main())
