"""What the hash chain holds of every stock movement, and the check of the tables against it.

Each write to the stock ledger appends one event (stream :data:`STREAM`, or — for a request
approved for an incident — the incident's ``log.materials_dispatched``, under ``data.stock``) in the same
transaction as its movement rows. The event carries the movements as :class:`Line`\\ s: inline
when there are few, else (a file import of 100,000 rows) their count and digests — one sha256
per :data:`CHUNK` lines over their canonical JSON, and the digest of those digests — so an
import stays one small event and a reviewer can still recompute it from the table.

:func:`check` walks the events and the ``reserve_movements`` table side by side (both are in
commit order: every movement is written under the chain's head lock) and names the first
movement that differs from what the chain says; then every lot's balance against the sum of
its movements. A quantity edited in the database is caught either way.
"""

from __future__ import annotations

import hashlib
from collections.abc import Generator, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from console.reserves.models import lots_table, movements_table
from console.store.chain import canonical_json
from console.store.db import Database
from console.store.eventlog import EventLog, StoredEvent

L = lots_table.c
M = movements_table.c

STREAM = "reserves"
EVENT_TYPES = {
    "receive": "stock.received", "issue": "stock.issued", "consume": "stock.consumed",
    "return": "stock.returned", "adjust": "stock.counted", "expire": "stock.expired",
    "transfer": "stock.transferred", "import": "stock.imported",
}  # fmt: skip
DISPATCH_TYPE = "log.materials_dispatched"  # a request approved for an incident: in its log
INLINE = 200  # up to this many movements are written out in the event itself
CHUNK = 100  # lines per digest otherwise

__all__ = ["CHUNK", "EVENT_TYPES", "INLINE", "STREAM", "ChainCheck", "Line", "check", "payload"]


@dataclass(frozen=True, slots=True)
class Line:
    """One movement as the chain holds it. ``expiry``/``produced`` (ISO dates) are the lot's
    dates when this movement created the lot, else None."""

    depot: str
    item: str
    lot: str
    kind: str
    qty: int
    actor: str
    occurred_us: int
    incident_id: str | None = None
    request_id: str | None = None
    ref: str | None = None
    reason: str | None = None
    expiry: str | None = None
    produced: str | None = None

    def cells(self) -> list[Any]:
        return [self.depot, self.item, self.lot, self.kind, self.qty, self.actor, self.occurred_us,
                self.incident_id, self.request_id, self.ref, self.reason, self.expiry, self.produced]

    @classmethod
    def of(cls, cells: Sequence[Any]) -> Line:
        return cls(*cells)

    def describe(self) -> str:
        return (f"{self.depot} {self.item} 批号 {self.lot or '（无批号）'} {self.kind} {self.qty}"
                f"（经办人 {self.actor}）")


def _chunk_digests(cells: Sequence[list[Any]]) -> list[str]:
    return [hashlib.sha256(canonical_json(list(cells[i:i + CHUNK])).encode()).hexdigest()
            for i in range(0, len(cells), CHUNK)]


def _digest_of(chunks: Sequence[str]) -> str:
    return hashlib.sha256("\n".join(chunks).encode()).hexdigest()


def payload(lines: Sequence[Line], summary: dict[str, Any] | None = None) -> dict[str, Any]:
    """The event payload for these movements: ``summary`` plus ``movements`` (the count),
    ``digest`` and either ``lines`` (at most :data:`INLINE`) or ``chunks``."""
    cells = [ln.cells() for ln in lines]
    chunks = _chunk_digests(cells)
    out: dict[str, Any] = dict(summary or {})
    out.update({"movements": len(cells), "digest": _digest_of(chunks)})
    if len(cells) <= INLINE:
        out["lines"] = cells
    else:
        out.update({"chunk": CHUNK, "chunks": chunks})
    return out


@dataclass(frozen=True)
class ChainCheck:
    """The stock tables against the chain: ``problems`` empty when they agree; the first one
    names the first movement (流水号) or lot that differs."""

    events: int
    movements: int
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def _events(log: EventLog, db: Database) -> list[StoredEvent]:
    """The events that carry movements, in chain order."""
    out = [e for e in log.read(STREAM) if "movements" in e.payload]
    with db.reading() as conn:
        incidents = [r[0] for r in conn.execute(
            select(M.incident_id).where(M.request_id.is_not(None), M.incident_id.is_not(None)).distinct())]
    for incident in incidents:
        out += [e for e in log.read(incident)
                if e.type == DISPATCH_TYPE and "stock" in e.payload.get("data", {})]
    return sorted(out, key=lambda e: e.seq)


def _table_lines(db: Database) -> Generator[tuple[int, Line], None, None]:
    """(流水号, line) of every movement in the table, in order."""
    first = select(M.lot_id, func.min(M.seq).label("first")).group_by(M.lot_id).subquery()
    q = (select(M.seq, L.depot_id, L.item, L.lot, M.kind, M.qty, M.actor, M.occurred_us, M.incident_id,
                M.request_id, M.ref, M.reason, L.expiry, L.produced, first.c.first)
         .join(lots_table, L.id == M.lot_id).join(first, first.c.lot_id == M.lot_id).order_by(M.seq))
    with db.reading() as conn:
        for r in conn.execute(q):
            created = r.seq == r.first
            yield r.seq, Line(r.depot_id, r.item, r.lot, r.kind, int(r.qty), r.actor, int(r.occurred_us),
                              r.incident_id, r.request_id, r.ref, r.reason,
                              r.expiry if created else None, r.produced if created else None)


def _compare(event: StoredEvent, data: dict[str, Any], rows: Sequence[tuple[int, Line]]) -> str | None:
    """The first movement of ``rows`` that is not what ``event`` recorded (None: all agree)."""
    where = f"事件 #{event.seq}（{event.type}，{event.actor}）"
    count = int(data["movements"])
    if len(rows) < count:
        seqs = f"（台账中只剩 {len(rows)} 条）"
        return f"{where}记有 {count} 条流水，台账中缺少其中 {count - len(rows)} 条{seqs}：流水可能被删除"
    if "lines" in data:
        for (seq, have), cells in zip(rows, data["lines"], strict=True):
            want = Line.of(cells)
            if have != want:
                return f"流水号 {seq}：台账为「{have.describe()}」，{where}记为「{want.describe()}」" + (
                    "" if (have.expiry, have.produced) == (want.expiry, want.produced) else
                    f"；批次日期台账为 {have.expiry}/{have.produced}，事件为 {want.expiry}/{want.produced}")
        return None
    mine = _chunk_digests([ln.cells() for _, ln in rows])
    for k, (a, b) in enumerate(zip(mine, data["chunks"], strict=True)):
        if a != b:
            lo, hi = rows[k * CHUNK][0], rows[min(len(rows), (k + 1) * CHUNK) - 1][0]
            return f"流水号 {lo}–{hi} 之间有流水与{where}的摘要不符（第 {k + 1} 组，每组 {CHUNK} 条）：流水被改动"
    if _digest_of(mine) != data["digest"]:
        return f"{where}的摘要与台账流水不符"
    return None


def check(log: EventLog, db: Database, lot_problems: Iterable[str] = ()) -> ChainCheck:
    """Every movement row against the chain (the first difference), then ``lot_problems``
    (lots whose balance left their movements, from :meth:`Ledger.verify`)."""
    events = _events(log, db)
    table = _table_lines(db)
    problems: list[str] = []
    checked = 0
    for ev in events:
        data = ev.payload if ev.stream == STREAM else ev.payload["data"]["stock"]
        rows = []
        for _ in range(int(data["movements"])):
            row = next(table, None)
            if row is None:
                break
            rows.append(row)
        problem = _compare(ev, data, rows)
        checked += len(rows)
        if problem is not None:
            problems.append(problem)
            break
    else:
        extra = next(table, None)
        if extra is not None:
            seq, ln = extra
            problems.append(f"流水号 {seq}（{ln.describe()}）在链上没有对应事件：流水被直接写入数据库")
    table.close()
    problems += list(lot_problems)
    return ChainCheck(len(events), checked, tuple(problems))
