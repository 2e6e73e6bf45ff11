"""Moving a database (typically the embedded SQLite file) into PostgreSQL with nothing lost.

Every table the migrations created is copied row for row in one transaction on the target,
in foreign-key order; the chain head is carried over, PostgreSQL sequences are moved past the
copied ids, and then the copy is checked: the same row count in every table and the event
chain verifying to the same head. The target must be empty (a fresh database or schema):
merging two logs would break both chains, so it is refused rather than attempted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Boolean, MetaData, Table, func, insert, select, text

from console.errors import Refused
from console.store.db import Database
from console.store.eventlog import EventLog
from console.store.migrate import current_revision

BATCH = 5000
_SKIP = {"alembic_version"}


class TransferError(Refused):
    """The copy was refused or failed; the target is unchanged. The message says why."""


@dataclass(frozen=True)
class TransferSummary:
    tables: dict[str, int]
    head_seq: int
    head_hash: str


def copy_database(src: Database, dst: Database,
                  progress: Callable[[str, int], None] | None = None) -> TransferSummary:
    """Copy everything from ``src`` into the empty database ``dst`` (same schema revision)."""
    rev_src, rev_dst = current_revision(src.engine), current_revision(dst.engine)
    if rev_src != rev_dst:
        raise TransferError(f"两个数据库的结构版本不同（源：{rev_src}，目标：{rev_dst}），请先升级较旧的一方")
    if EventLog(dst).head()[0] != 0:
        raise TransferError("目标数据库中已有事件：只能迁移到空数据库（合并两份日志会破坏哈希链）")
    src_meta = MetaData()
    src_meta.reflect(src.engine)
    dst_meta = MetaData()
    dst_meta.reflect(dst.engine)
    missing = sorted(set(src_meta.tables) - set(dst_meta.tables) - _SKIP)
    if missing:
        raise TransferError(f"目标数据库缺少这些表：{'、'.join(missing)}")
    counts: dict[str, int] = {}
    with src.reading() as rconn, dst.connect() as wconn:
        for table in src_meta.sorted_tables:
            if table.name in _SKIP:
                continue
            target = dst_meta.tables[table.name]
            if table.name == "chain_head":
                wconn.execute(target.delete())  # the migration's genesis row; replaced below
            elif wconn.execute(select(func.count()).select_from(target)).scalar_one():
                raise TransferError(f"目标数据库的表 {table.name} 不是空的：只能迁移到空数据库")
            names = [c.name for c in table.columns if c.name in target.columns]
            # SQLite keeps booleans as 0/1; PostgreSQL wants true booleans.
            flags = [isinstance(target.c[c].type, Boolean) for c in names]
            n = 0
            result = rconn.execute(select(*[table.c[c] for c in names]))
            while batch := result.fetchmany(BATCH):
                wconn.execute(insert(target), [
                    {c: (bool(v) if f and v is not None else v) for c, v, f in zip(names, row, flags, strict=True)}
                    for row in batch])
                n += len(batch)
                if progress is not None:
                    progress(table.name, n)
            counts[table.name] = n
            if wconn.dialect.name == "postgresql":
                _advance_sequences(wconn, target)
    # Checked after commit, through the target's own connections.
    with dst.reading() as conn:
        for name, n in counts.items():
            got = conn.execute(select(func.count()).select_from(dst_meta.tables[name])).scalar_one()
            if got != n:
                raise TransferError(f"迁移后表 {name} 的行数不符（应为 {n}，实为 {got}）")
    report = EventLog(dst).verify()
    head = EventLog(src).head()
    if not report.ok or (report.head_seq, report.head_hash) != head:
        raise TransferError(f"迁移后的事件链校验未通过：{report.message}")
    return TransferSummary(counts, head[0], head[1])


def _advance_sequences(conn, table: Table) -> None:  # type: ignore[no-untyped-def]
    """Move serial/identity sequences past the copied ids so new rows do not collide."""
    for col in table.primary_key.columns:
        seq = conn.execute(text("SELECT pg_get_serial_sequence(:t, :c)"),
                           {"t": table.name, "c": col.name}).scalar()
        if seq:
            conn.execute(text(f"SELECT setval(:s, COALESCE((SELECT MAX({col.name}) FROM {table.name}), 0) + 1, false)"),
                         {"s": seq})
