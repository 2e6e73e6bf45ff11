"""Backups of the database and restoring one, with the restored log verified before use.

SQLite: sqlite3's online backup API copies a consistent snapshot of the live file (WAL
included) while consoles keep working, into ``<out>.part``; the copy is made self-contained
(``journal_mode=DELETE``), its event chain is verified, and only then is it renamed to ``<out>``:
a failure leaves nothing half-written. PostgreSQL: ``pg_dump -Fc`` (the PostgreSQL client tools
must be installed), checked by ``pg_restore --list``.

Each backup is then recorded as an event of the centre's ``admin`` stream
(``admin.backup_taken``: file, size, chain head) — after the copy was verified, so the backup
itself ends one event before its own record.

Restoring writes into a NEW database (a new SQLite file, or an empty PostgreSQL database):
never over the live one. The restored database is opened (migrated when older) and its chain
verified; a chain that does not verify is refused, naming the first bad event, and the new
SQLite file is removed.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from sqlalchemy import make_url, text

from console.clock import Clock
from console.errors import Refused
from console.store.db import Database, DatabaseError, libpq_uri, open_database
from console.store.eventlog import EventLog, NewEvent, StaleAppend
from console.store.verify import verify_chain

STREAM = "admin"
EVENT = "admin.backup_taken"
MANAGE_ROLE = "admin"
SQLITE = "sqlite"
PG_DUMP = "pg_dump"
PG_TOOLS_MISSING = ("未找到 PostgreSQL 客户端工具（{tool}）：请在本机安装 PostgreSQL 客户端工具"
                    "（如 Debian/Ubuntu 的 postgresql-client，版本不低于服务器），并确保其在 PATH 中")


class BackupRefused(Refused):
    """A backup or restore was refused or failed; nothing was left half-written."""


@dataclass(frozen=True)
class BackupRecord:
    """One backup: the file written, its size, the chain head it holds, when and by whom."""

    path: str
    size: int
    head_seq: int
    head_hash: str
    taken_at: datetime
    kind: str  # "sqlite" | "pg_dump"
    actor: str = ""


@dataclass(frozen=True)
class RestoreRecord:
    """A restored database: where, from which file, and its verified chain."""

    target: str  # the database as a person should see it (no password)
    source: str
    kind: str
    checked: int
    head_seq: int
    head_hash: str
    restored_at: datetime
    message: str


def default_backup_name(db: Database, now: datetime) -> str:
    """``fds-backup-YYYYMMDD-HHMM.sqlite3`` (SQLite) or ``.dump`` (PostgreSQL), local time of ``now``."""
    from console.clock import CHINA_TZ

    stamp = now.astimezone(CHINA_TZ).strftime("%Y%m%d-%H%M")
    return f"fds-backup-{stamp}.{'sqlite3' if db.dialect == 'sqlite' else 'dump'}"


# ------------------------------------------------------------------------------------ backup
def backup(db: Database, out_path: str | os.PathLike[str], *, actor: str, role: str, clock: Clock,
           log: EventLog | None = None) -> BackupRecord:
    """Write a verified backup of ``db`` to ``out_path`` and record it in the chain.

    ``log`` (default: a new EventLog on ``db``) is the log the ``admin.backup_taken`` event goes
    to — pass the console's so its windows hear of it. Raises :class:`BackupRefused`.
    """
    if role != MANAGE_ROLE:
        raise BackupRefused("只有系统管理员（admin 角色）可以备份数据库")
    if not actor:
        raise BackupRefused("备份须有操作人")
    out = Path(out_path).expanduser().absolute()
    if out.exists():
        raise BackupRefused(f"文件 {out} 已存在：备份不覆盖已有文件，请换一个文件名")
    if not out.parent.is_dir():
        raise BackupRefused(f"目录 {out.parent} 不存在，请先建立该目录或另选位置")
    if db.dialect == "sqlite":
        head, kind = _backup_sqlite(db, out), SQLITE
    else:
        head, kind = _backup_pg(db, out), PG_DUMP
    taken_at = clock.now()
    record = BackupRecord(str(out), out.stat().st_size, head[0], head[1], taken_at, kind, actor)
    try:
        _record(log if log is not None else EventLog(db, clock), record, role)
    except (Refused, OSError) as e:
        out.unlink(missing_ok=True)
        raise BackupRefused(f"备份已校验，但无法记入事件日志，备份文件已删除：{e}") from e
    return record


def _part(out: Path) -> Path:
    return out.with_name(out.name + ".part")


def _remove_sqlite(path: Path) -> None:
    for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        p.unlink(missing_ok=True)


def _sqlite_file(db: Database) -> str | None:
    return make_url(db.url).database


def _backup_sqlite(db: Database, out: Path) -> tuple[int, str]:
    part = _part(out)
    if _sqlite_file(db) in (None, "", ":memory:"):
        raise BackupRefused("内存数据库无法备份：请使用数据库文件")
    try:
        raw = db.engine.raw_connection()
        try:
            source: Any = raw.driver_connection
            target = sqlite3.connect(part)
            try:
                source.backup(target)  # one consistent snapshot, taken while others write
                target.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
            finally:
                target.close()
        finally:
            raw.close()
    except (OSError, sqlite3.Error) as e:
        _remove_sqlite(part)
        raise BackupRefused(f"无法写入备份文件 {out}：{_reason(e)}。"
                            "请检查目录是否存在、是否有写权限、磁盘空间是否足够") from e
    try:
        report = _verify_file(part)
    except Refused as e:
        _remove_sqlite(part)
        raise BackupRefused(f"备份副本无法打开，已删除：{e}") from e
    if not report.ok:
        _remove_sqlite(part)
        raise BackupRefused(f"备份副本的事件链校验未通过，已删除：{report.message}")
    try:
        part.replace(out)
    except OSError as e:
        _remove_sqlite(part)
        raise BackupRefused(f"无法写入备份文件 {out}：{_reason(e)}") from e
    return report.head_seq, report.head_hash


def _verify_file(path: Path) -> Any:
    copy = open_database(f"sqlite:///{path}", upgrade=False)
    try:
        return verify_chain(copy)
    finally:
        copy.close()


def _reason(e: BaseException) -> str:
    return (getattr(e, "strerror", None) or str(e)).strip() or type(e).__name__


def _pg_target(db_url: str) -> tuple[str, dict[str, str], str | None]:
    """(libpq URL without password, environment with PGPASSWORD, the search_path schema if any)."""
    url = make_url(db_url)
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    options = url.query.get("options")
    schema = None
    for opt in (options if isinstance(options, tuple) else (options,) if options else ()):
        opt = unquote(opt)
        for part in opt.split():
            if part.startswith("-csearch_path="):
                schema = part.split("=", 1)[1].split(",")[0].strip() or None
    libpq = libpq_uri(url, password=False)
    return libpq, env, schema


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupRefused(PG_TOOLS_MISSING.format(tool=name))
    return found


def _run(args: list[str], env: dict[str, str], what: str) -> None:
    try:
        done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=3600, check=False)
    except (OSError, subprocess.TimeoutExpired) as e:
        raise BackupRefused(f"{what}失败：{_reason(e)}") from e
    if done.returncode != 0:
        lines = [ln for ln in done.stderr.strip().splitlines() if ln.strip()]
        detail = lines[0] if lines else f"退出码 {done.returncode}"
        raise BackupRefused(f"{what}失败：{detail}")


def _backup_pg(db: Database, out: Path) -> tuple[int, str]:
    pg_dump, pg_restore = _tool("pg_dump"), _tool("pg_restore")
    libpq, env, schema = _pg_target(db.url)
    # pg_dump's snapshot begins after this read: the dump holds at least this head.
    head = EventLog(db).head()
    part = _part(out)
    args = [pg_dump, "-Fc", "--no-owner", "-f", str(part), "--dbname", libpq]
    if schema:
        args[1:1] = ["-n", schema]
    try:
        _run(args, env, "pg_dump 备份")
        _run([pg_restore, "--list", str(part)], env, "检查备份文件（pg_restore --list）")
        part.replace(out)
    except (Refused, OSError) as e:
        part.unlink(missing_ok=True)
        if isinstance(e, Refused):
            raise
        raise BackupRefused(f"无法写入备份文件 {out}：{_reason(e)}") from e
    return head


def _record(log: EventLog, record: BackupRecord, role: str) -> None:
    data = {"path": record.path, "size": record.size, "head_seq": record.head_seq,
            "head_hash": record.head_hash, "kind": record.kind,
            "taken_at": record.taken_at.astimezone(UTC).isoformat()}
    event = NewEvent(EVENT, record.taken_at, record.actor, role, {"data": data})
    for _ in range(50):
        try:
            log.append(STREAM, log.stream_version(STREAM), [event])
            return
        except StaleAppend:
            continue  # another console wrote on the admin stream meanwhile
    raise BackupRefused("无法记录备份事件（并发冲突过多），请重试")


def taken_backups(log: EventLog) -> list[BackupRecord]:
    """The backups recorded in the chain (``admin.backup_taken``), newest first."""
    out = []
    for e in log.read(STREAM):
        if e.type != EVENT:
            continue
        d = e.payload.get("data") or {}
        out.append(BackupRecord(str(d.get("path", "")), int(d.get("size", 0)), int(d.get("head_seq", 0)),
                                str(d.get("head_hash", "")), e.occurred_at, str(d.get("kind", "")), e.actor))
    out.reverse()
    return out


# ----------------------------------------------------------------------------------- restore
def restore(backup_path: str | os.PathLike[str], target_url: str, *, clock: Clock) -> RestoreRecord:
    """Restore ``backup_path`` into the new database ``target_url`` and verify its chain.

    A SQLite backup (a ``.sqlite3`` file) goes into a new SQLite file (refused when the target
    exists and is not empty); a ``pg_dump`` file into an empty PostgreSQL database. Raises
    :class:`BackupRefused` (the first bad event named when the chain does not verify).
    """
    src = Path(backup_path).expanduser()
    if not src.is_file():
        raise BackupRefused(f"备份文件 {src} 不存在")
    with src.open("rb") as f:
        magic = f.read(16)
    target = Database(target_url)  # checks the kind of URL; opened properly below
    target.close()
    if magic.startswith(b"SQLite format 3"):
        if target.dialect != "sqlite":
            raise BackupRefused("SQLite 备份只能恢复为新的 SQLite 文件（迁移到 PostgreSQL 请先恢复，再用 db copy）")
        return _restore_sqlite(src, target, clock)
    if magic.startswith(b"PGDMP"):
        if target.dialect != "postgresql":
            raise BackupRefused("pg_dump 备份只能恢复到空的 PostgreSQL 数据库（postgresql://…）")
        return _restore_pg(src, target, clock)
    raise BackupRefused(f"文件 {src} 不是本系统的备份（既不是 SQLite 数据库，也不是 pg_dump -Fc 文件）")


def _restore_sqlite(src: Path, target: Database, clock: Clock) -> RestoreRecord:
    name = _sqlite_file(target)
    if name in (None, "", ":memory:"):
        raise BackupRefused("请给出恢复目标的文件路径（新文件）")
    dst = Path(str(name))
    if dst.exists() and dst.stat().st_size > 0:
        raise BackupRefused(f"目标文件 {dst} 已存在且不是空的：恢复只写入新文件，绝不覆盖现有数据库")
    if not dst.parent.is_dir():
        raise BackupRefused(f"目录 {dst.parent} 不存在，请先建立该目录或另选位置")
    try:
        source = sqlite3.connect(f"file:{src}?mode=ro", uri=True)
        try:
            copy = sqlite3.connect(dst)
            try:
                source.backup(copy)
            finally:
                copy.close()
        finally:
            source.close()
    except (OSError, sqlite3.Error) as e:
        _remove_sqlite(dst)
        raise BackupRefused(f"无法从 {src} 恢复到 {dst}：{_reason(e)}") from e
    try:
        db = open_database(f"sqlite:///{dst}")  # migrated when the backup is older
        try:
            report = verify_chain(db)
        finally:
            db.close()
    except Refused as e:
        _remove_sqlite(dst)
        raise BackupRefused(f"恢复的数据库无法使用，已删除 {dst}：{e}") from e
    if not report.ok:
        _remove_sqlite(dst)
        raise BackupRefused(f"备份中的事件链校验未通过（第 {report.first_bad_seq} 号事件），"
                            f"已删除 {dst}：{report.message}")
    return RestoreRecord(str(dst), str(src), SQLITE, report.checked, report.head_seq, report.head_hash,
                         clock.now(), report.message)


def _restore_pg(src: Path, target: Database, clock: Clock) -> RestoreRecord:
    pg_restore = _tool("pg_restore")
    probe = Database(target.url)
    try:
        with probe.engine.connect() as conn:
            used = conn.execute(text("SELECT to_regclass('events') IS NOT NULL "
                                     "OR to_regclass('alembic_version') IS NOT NULL")).scalar()
    except Exception as e:  # noqa: BLE001 — any driver error: the server said why
        from sqlalchemy import exc

        if isinstance(e, exc.DBAPIError):
            raise BackupRefused(str(probe.translate(e))) from e
        raise
    finally:
        probe.close()
    if used:
        raise BackupRefused(f"目标数据库 {target} 不是空的：恢复只写入空数据库，绝不覆盖现有数据")
    libpq, env, _schema = _pg_target(target.url)
    _run([pg_restore, "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
          "-d", libpq, str(src)], env, "pg_restore 恢复")
    try:
        db = open_database(target.url)
        try:
            report = verify_chain(db)
        finally:
            db.close()
    except DatabaseError as e:
        raise BackupRefused(f"恢复的数据库无法使用（请删除目标数据库 {target} 后重试）：{e}") from e
    if not report.ok:
        raise BackupRefused(f"备份中的事件链校验未通过（第 {report.first_bad_seq} 号事件），"
                            f"目标数据库 {target} 不可使用，请删除：{report.message}")
    return RestoreRecord(str(target), str(src), PG_DUMP, report.checked, report.head_seq, report.head_hash,
                         clock.now(), report.message)


__all__ = ["EVENT", "STREAM", "BackupRecord", "BackupRefused", "RestoreRecord", "backup", "default_backup_name",
           "restore", "taken_backups"]
