"""Exporting the event log for a reviewer, and verifying an export offline.

The export is JSON Lines, UTF-8: a header line (naming the chain head, and how many signed
checkpoints and which pinned plans follow), then the signed checkpoints, then one line per event
with the exact stored columns (the canonical payload text, both times in microseconds, the
previous hash and the hash), then the pinned plan texts. A reviewer with the command line and no access to
the database checks it with ``python -m console log verify --file EXPORT``: every hash is
recomputed, every link and version checked, and the last hash must equal the chain head
written in the header — which the reviewer can also compare with the head read off the live
system (``log verify`` prints it) or a printed record of it (``--expect-head``). Every signed
checkpoint is checked as on the database (:mod:`console.store.verify`), and every plan an
incident was opened under must be among the pinned texts. Exports written before checkpoints
existed (no checkpoint lines, no plan list in the header) still verify.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import select

from console.errors import Refused
from console.store.chain import from_us, to_us
from console.store.checkpoints import CheckpointRecord, read_checkpoints
from console.store.db import Database
from console.store.eventlog import EVENT_COLUMNS, VerifyReport
from console.store.models import chain_head_table, events_table, plans_table
from console.store.verify import ExpectedHead, check_rows

FORMAT = "fds-event-log/1"
_COLUMNS = tuple(c.name for c in EVENT_COLUMNS)  # the stored columns, in the order verify checks them
_INT_COLUMNS = frozenset({"seq", "version", "occurred_us", "recorded_us"})  # the others are text
_US_RANGE = (to_us(datetime(1, 1, 2, tzinfo=UTC)), to_us(datetime(9999, 12, 30, tzinfo=UTC)))
MAX_LINE_BYTES = 16 * 1024 * 1024  # one line of an export (an event with its payload)


class ExportError(Refused, ValueError):
    """The export file cannot be read as an event-log export; the message says where."""


@dataclass(frozen=True)
class ExportSummary:
    path: Path
    events: int
    plans: int
    head_seq: int
    head_hash: str
    checkpoints: int = 0


def export_log(db: Database, path: str | Path, *, now: datetime, source: str | None = None) -> ExportSummary:
    """Write the whole log, as of one read snapshot, to ``path`` (written to a temporary
    file first and renamed, so a failed export never leaves a partial file behind)."""
    path = Path(path)
    tmp = path.with_name(path.name + ".part")
    E = events_table.c
    count = 0
    with db.engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
        else:
            conn = conn.execution_options(fds_begin="DEFERRED")
        with conn.begin(), tmp.open("w", encoding="utf-8", newline="\n") as out:
            head = conn.execute(select(chain_head_table.c.seq, chain_head_table.c.hash)).one()
            plans = conn.execute(select(plans_table.c.hash, plans_table.c.plan_id, plans_table.c.version,
                                        plans_table.c.title, plans_table.c.source)).all()
            checkpoints = read_checkpoints(conn)
            header = {"format": FORMAT, "exported_at": now.isoformat(), "exported_us": to_us(now),
                      "source": source or repr(db), "head": {"seq": head.seq, "hash": head.hash},
                      "events": head.seq, "plans": len(plans), "plan_hashes": sorted(p.hash for p in plans),
                      "checkpoints": len(checkpoints)}
            out.write(json.dumps(header, ensure_ascii=False) + "\n")
            for c in checkpoints:
                out.write(json.dumps({"checkpoint": c.to_dict()}, ensure_ascii=False) + "\n")
            rows = conn.execution_options(yield_per=2000).execute(select(*EVENT_COLUMNS).order_by(E.seq))
            for r in rows:
                out.write(json.dumps({"event": dict(zip(_COLUMNS, r, strict=True))}, ensure_ascii=False) + "\n")
                count += 1
            for p in plans:
                out.write(json.dumps({"plan": {"hash": p.hash, "id": p.plan_id, "version": p.version,
                                               "title": p.title, "source": p.source}}, ensure_ascii=False) + "\n")
    tmp.replace(path)
    return ExportSummary(path, count, len(plans), head.seq, head.hash, len(checkpoints))


def verify_export(
    path: str | Path,
    *,
    expected: Sequence[ExpectedHead] = (),
    anchors: Sequence[CheckpointRecord] = (),
) -> tuple[VerifyReport, dict[str, Any]]:
    """Verify an export file offline, with its checkpoints, ``anchors`` (checkpoint files) and
    ``expected`` heads. Returns the report and the file's header.

    Raises ExportError when the file is not an export (wrong format, broken line), naming
    the line; a readable file whose chain is broken gives a failing report instead.
    """
    path = Path(path)
    try:
        fh = path.open("rb")
    except OSError as exc:
        raise ExportError(f"无法打开导出文件 {path}：{exc.strerror or exc}") from None
    with fh:
        lines = _text_lines(fh, path)
        first = next(lines, None)
        if first is None:
            raise ExportError(f"{path}:1: 文件是空的，不是事件日志导出文件")
        try:
            header = json.loads(first[1])
        except (ValueError, RecursionError):  # not JSON, too deep, a 5000-digit number
            raise ExportError(f"{path}:1: 不是事件日志导出文件（第 1 行不是 JSON 文件头）") from None
        if not isinstance(header, dict) or header.get("format") != FORMAT:
            raise ExportError(f"{path}:1: 不是事件日志导出文件（格式应为 {FORMAT}）")
        head = header.get("head") or {}
        if not (isinstance(head, dict) and _is_int(head.get("seq", -1)) and isinstance(head.get("hash", ""), str)):
            raise ExportError(f"{path}:1: 文件头的链头记录（head）无效：应含整数 seq 和文本 hash")
        bad_plans: list[str] = []
        pinned: set[str] = set()
        opened_under: dict[str, int] = {}  # plan hash -> the first open event naming it

        def parse(lineno: int, line: str) -> Any:
            try:
                item = json.loads(line)
            except (ValueError, RecursionError):  # not JSON, too deep, a 5000-digit number
                raise ExportError(f"{path}:{lineno}: 该行不是有效的 JSON（文件可能被截断或改动）") from None
            if not isinstance(item, dict):
                raise ExportError(f"{path}:{lineno}: 该行不是 JSON 对象（文件可能被截断或改动）")
            return item

        # the checkpoints come first, so the chain walk knows which hashes to note
        checkpoints: list[CheckpointRecord] = []
        pending: tuple[int, Any] | None = None
        for lineno, line in lines:
            item = parse(lineno, line)
            if "checkpoint" not in item:
                pending = (lineno, item)
                break
            try:
                checkpoints.append(CheckpointRecord.from_dict(item["checkpoint"]))
            except (ValueError, KeyError, TypeError) as exc:
                raise ExportError(f"{path}:{lineno}: 检查点记录无效：{exc}") from None

        def items() -> Iterator[tuple[int, Any]]:
            if pending is not None:
                yield pending
            for lineno, line in lines:
                yield lineno, parse(lineno, line)

        def rows() -> Iterator[tuple[Any, ...]]:
            for lineno, item in items():
                if "event" in item:
                    row = _event_row(item["event"], path, lineno)
                    if row[3] == "open":
                        plan_hash = _plan_hash_of(row[9])
                        if plan_hash is not None:
                            opened_under.setdefault(plan_hash, row[0])
                    yield row
                elif "plan" in item:
                    p = item["plan"]
                    if not isinstance(p, dict):
                        raise ExportError(f"{path}:{lineno}: 预案记录应为 JSON 对象")
                    pinned.add(str(p.get("hash")))
                    if hashlib.sha256(str(p.get("source", "")).encode("utf-8")).hexdigest() != p.get("hash"):
                        bad_plans.append(f"{p.get('id')}（第 {lineno} 行）")
                elif "checkpoint" in item:
                    raise ExportError(f"{path}:{lineno}: 检查点记录应在所有事件之前（文件被重新排列过）")

        report = check_rows(rows(), int(head.get("seq", -1)), str(head.get("hash", "")),
                            checkpoints=checkpoints, anchors=anchors, expected=expected)
    if not report.ok:
        return report, header
    problems: list[tuple[str, str]] = []
    if bad_plans:
        problems.append(("plan", f"预案原文与其内容哈希不符：{'、'.join(bad_plans)}。预案文本被改动过。"))
    named = set(header.get("plan_hashes") or ()) | set(opened_under)
    missing = sorted(named - pinned, key=lambda h: opened_under.get(h, 0))
    if missing:
        which = "、".join(f"{h[:16]}…" + (f"（第 {opened_under[h]} 号事件据此接报）" if h in opened_under else "")
                         for h in missing)
        problems.append(("plan_missing", f"导出文件缺少预案原文：{which}。预案文本被删除了。"))
    elif isinstance(header.get("plans"), int) and len(pinned) < header["plans"]:
        problems.append(("plan_missing", f"文件头记有 {header['plans']} 份预案原文，文件中只有 {len(pinned)} 份："
                                         "预案文本被删除了。"))
    if isinstance(header.get("checkpoints"), int) and len(checkpoints) != header["checkpoints"]:
        problems.append(("checkpoint_missing", f"文件头记有 {header['checkpoints']} 个签名检查点，文件中有 "
                                               f"{len(checkpoints)} 个：检查点被删除或添加过。"))
    if problems:
        report = VerifyReport(False, report.checked, None, problems[0][0], "".join(m for _, m in problems),
                              report.head_seq, report.head_hash)
    return report, header


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _text_lines(fh: BinaryIO, path: Path) -> Iterator[tuple[int, str]]:
    """The file's lines as text, numbered from 1; a binary, non-UTF-8 or overlong line is an ExportError."""
    lineno = 0
    while True:
        raw = fh.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        lineno += 1
        if len(raw) > MAX_LINE_BYTES:
            raise ExportError(f"{path}:{lineno}: 该行超过 {MAX_LINE_BYTES // (1024 * 1024)} MB，"
                              "不是事件日志导出文件（或文件已损坏）")
        if b"\x00" in raw:
            raise ExportError(f"{path}:{lineno}: 含有二进制内容，不是事件日志导出文件（应为 UTF-8 文本的 JSON Lines）")
        try:
            yield lineno, raw.decode("utf-8")
        except UnicodeDecodeError:
            raise ExportError(f"{path}:{lineno}: 不是 UTF-8 文本，不是事件日志导出文件（或文件已损坏）") from None


def _event_row(e: Any, path: Path, lineno: int) -> tuple[Any, ...]:
    """One event record as the stored columns, each of its stored type (else an ExportError)."""
    if not isinstance(e, dict):
        raise ExportError(f"{path}:{lineno}: 事件记录应为 JSON 对象")
    missing = [c for c in _COLUMNS if c not in e]
    if missing:
        raise ExportError(f"{path}:{lineno}: 事件记录缺少字段 {'、'.join(missing)}")
    for c in _COLUMNS:
        v = e[c]
        if c in _INT_COLUMNS:
            ok = _is_int(v) and (not c.endswith("_us") or _US_RANGE[0] <= v <= _US_RANGE[1])
        else:
            ok = isinstance(v, str)
        if not ok:
            kind = "整数" if c in _INT_COLUMNS else "文本"
            raise ExportError(f"{path}:{lineno}: 事件记录的字段 {c} 应为{kind}，文件中为 {json.dumps(v)[:40]}")
    return tuple(e[c] for c in _COLUMNS)


def _plan_hash_of(payload_json: Any) -> str | None:
    """The plan hash an ``open`` event names (``data.plan.hash``), if any."""
    try:
        h = json.loads(payload_json)["data"]["plan"]["hash"]
    except (ValueError, KeyError, TypeError):
        return None
    return h if isinstance(h, str) else None


def exported_at(header: dict[str, Any]) -> datetime | None:
    us = header.get("exported_us")
    return from_us(us) if isinstance(us, int) else None
