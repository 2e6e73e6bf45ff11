"""Walking the chain: recompute every hash and check every link, seq and version.

Runs in one read snapshot (SQLite WAL read transaction; PostgreSQL REPEATABLE READ)
so that the chain head and the events are seen as of the same instant even while
other consoles keep appending.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import select

from console.store.chain import GENESIS_HASH, event_hash
from console.store.db import Database
from console.store.eventlog import EVENT_COLUMNS, VerifyReport
from console.store.models import chain_head_table, events_table

_ADVICE = "事件日志已不可信：请停止录入，保留现场，并联系系统管理员从备份恢复或调查篡改来源。"


def verify_chain(db: Database) -> VerifyReport:
    """Report the first problem in seq order (altered, missing, reordered, head) or ok."""
    E = events_table.c
    with db.engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
        else:
            conn = conn.execution_options(fds_begin="DEFERRED")
        with conn.begin():
            head = conn.execute(select(chain_head_table.c.seq, chain_head_table.c.hash)).one()
            rows = conn.execution_options(yield_per=2000).execute(
                select(*EVENT_COLUMNS).order_by(E.seq)
            )
            return check_rows(rows, head.seq, head.hash)


def check_rows(rows: Iterable[Sequence[Any]], head_seq: int, head_hash: str) -> VerifyReport:
    """Check rows (the 12 event columns, in seq order) against a chain head.

    Shared by ``log verify`` on a database and on an exported log file.
    """
    expected_seq = 1
    prev_hash = GENESIS_HASH
    versions: dict[str, int] = {}
    checked = 0
    for r in rows:
        problem = _check_row(r, expected_seq, prev_hash, versions)
        if problem is not None:
            if hasattr(rows, "close"):
                rows.close()
            kind, bad_seq, detail = problem
            return VerifyReport(False, checked, bad_seq, kind, f"{detail}{_ADVICE}", head_seq, head_hash)
        checked += 1
        versions[r[1]] = r[2]
        expected_seq = r[0] + 1
        prev_hash = r[11]
    last_seq = expected_seq - 1
    if head_seq != last_seq or head_hash != prev_hash:
        bad = min(head_seq, last_seq) + 1 if head_seq != last_seq else head_seq
        detail = (
            f"链头记录（seq={head_seq}）与最后一个事件（seq={last_seq}）不符："
            "日志末尾的事件可能被截断删除，或链头被改写。"
        )
        return VerifyReport(False, checked, bad, "head", f"{detail}{_ADVICE}", head_seq, head_hash)
    message = f"事件链完整：已校验 {checked} 个事件，链头 seq={head_seq}，哈希 {head_hash[:16]}…"
    return VerifyReport(True, checked, None, None, message, head_seq, head_hash)


def _check_row(
    row: Sequence[Any],
    expected_seq: int,
    prev_hash: str,
    versions: dict[str, int],
) -> tuple[str, int, str] | None:
    """The first problem with one row given what came before it, or None."""
    (
        seq,
        stream,
        version,
        type_,
        occurred_us,
        recorded_us,
        actor,
        role,
        mode,
        payload,
        prev,
        digest,
    ) = row
    if seq != expected_seq:
        return (
            "missing",
            expected_seq,
            f"第 {expected_seq} 号事件缺失（序号不连续，下一条为第 {seq} 号）。",
        )
    if prev != prev_hash:
        return (
            "reordered",
            seq,
            f"第 {seq} 号事件与前一事件的链接断裂（prev_hash 与第 {seq - 1} 号事件的哈希不符）："
            "事件可能被调换顺序、插入，或前一事件被改写后重新计算了哈希。",
        )
    recomputed = event_hash(
        seq=seq, stream=stream, version=version, type=type_, occurred_us=occurred_us,
        recorded_us=recorded_us, actor=actor, role=role, mode=mode, payload_json=payload, prev_hash=prev,
    )  # fmt: skip
    if recomputed != digest:
        return ("altered", seq, f"第 {seq} 号事件的内容被改动：重新计算的哈希与记录的哈希不符。")
    expected_version = versions.get(stream, 0) + 1
    if version != expected_version:
        return (
            "reordered",
            seq,
            f"第 {seq} 号事件在事件流 {stream} 中的版本为 {version}，应为 {expected_version}：流内顺序被打乱。",
        )
    return None
