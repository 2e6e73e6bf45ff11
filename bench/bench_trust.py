"""Signed checkpoints: what they cost on the write path and in verification (SQLite file, durable).

Run: ``python -m bench trust``. ``run()`` returns rows for bench/__main__.py.

- durable single-event append, plain and with a checkpoint signed after every ``EVERY`` events
  (the checkpoint's own durable commit is counted in the append that triggers it);
- signing one checkpoint (read the head, Ed25519 signature, durable insert), and the signature alone;
- verifying 100,000 events with a checkpoint every 1,000 events (every signature and key checked),
  and the same log with its checkpoints removed.
"""

from __future__ import annotations

import sqlite3
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from bench.bench_store import bare_commit_ms
from console.store import EventLog, NewEvent, open_database
from console.store.checkpoints import Checkpoints
from console.store.models import checkpoints_table
from console.store.signing import Signer, checkpoint_text, new_private_key
from console.store.verify import verify_chain

T0 = datetime(2024, 6, 1, tzinfo=UTC)
N = 100_000
EVERY = 10
APPENDS = 400


def _event(i: int) -> NewEvent:
    payload = {"i": i, "fact": "学校食堂午餐后出现呕吐腹泻", "cases": i % 37, "place": {"lat": 35.76, "lon": 115.03}}
    return NewEvent("fact.added", T0 + timedelta(seconds=i), "张伟", "commander", payload)


def _row(name: str, value: float, unit: str, target: str, met: bool | None) -> dict[str, Any]:
    return {"name": name, "value": round(value, 3), "unit": unit, "target": target, "met": met}


def _appends(log: EventLog, stream: str, cps: Checkpoints | None, signer: Signer) -> list[float]:
    timings = []
    for i in range(APPENDS):
        start = time.perf_counter()
        log.append(stream, i, [_event(i)])
        if cps is not None and (i + 1) % EVERY == 0:
            cps.sign(signer, "事件状态变更")
        timings.append(time.perf_counter() - start)
    return timings


def run() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    signer = Signer("zhang", new_private_key())
    with tempfile.TemporaryDirectory(prefix="bench-trust-") as tmp:
        db = open_database(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}")
        try:
            log = EventLog(db)
            log.append("admin", 0, [NewEvent("admin.key_registered", T0, "admin", "admin",
                                             {"data": {"username": "zhang", "public_key": signer.public_key}})])
            cps = Checkpoints(db)

            # 1. durable append, without and with a checkpoint every EVERY events
            plain = _appends(log, "plain", None, signer)
            signed = _appends(log, "signed", cps, signer)
            for label, t in (("without checkpoints", plain), (f"with a checkpoint every {EVERY} events", signed)):
                med = statistics.median(t) * 1000
                rows.append(_row(f"durable append {label} (median)", med, "ms", "<= 2 ms", med <= 2))
                rows.append(_row(f"durable append {label} (mean)", statistics.mean(t) * 1000, "ms", "-", None))
                rows.append(_row(f"durable append {label} (p95)", sorted(t)[int(len(t) * 0.95)] * 1000, "ms",
                                 "-", None))

            rows.append(_row("bare SQLite durable commit (the disk's floor, for comparison)",
                             bare_commit_ms(Path(tmp) / "floor.sqlite3"), "ms", "-", None))

            # 2. one checkpoint
            timings = []
            for _ in range(300):
                start = time.perf_counter()
                cps.sign(signer, "导出文件")
                timings.append(time.perf_counter() - start)
            med = statistics.median(timings) * 1000
            rows.append(_row("sign one checkpoint, durable (median)", med, "ms", "<= 1 ms", med <= 1))
            text = checkpoint_text(1, "0" * 64, 0, "zhang", "x")
            start = time.perf_counter()
            for _ in range(1000):
                signer.sign(text)
            rows.append(_row("Ed25519 signature alone", (time.perf_counter() - start), "ms", "-", None))

            # 3. verify 100,000 events with signatures, and without
            with db.connect() as conn:
                conn.execute(checkpoints_table.delete())
            for b in range(N // 1000):
                log.append("big", b * 1000, [_event(b * 1000 + k) for k in range(1000)])
                cps.sign(signer, "事件状态变更")
            raw = sqlite3.connect(Path(tmp) / "bench.sqlite3", isolation_level=None)
            raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the appends' WAL into the file, for both runs
            raw.close()
            saved = [c.to_dict() for c in cps.list()]
            with_cp: list[float] = []
            without: list[float] = []
            checked = 0
            for _ in range(5):  # alternate, so that the machine's load falls on both alike
                start = time.perf_counter()
                report = verify_chain(db)
                with_cp.append(time.perf_counter() - start)
                assert report.ok and "100 个签名检查点" in report.message, report.message
                checked = report.checked
                with db.connect() as conn:
                    conn.execute(checkpoints_table.delete())
                start = time.perf_counter()
                assert verify_chain(db).ok
                without.append(time.perf_counter() - start)
                with db.connect() as conn:
                    conn.execute(insert(checkpoints_table), saved)
            best = min(with_cp)
            rows.append(_row(f"verify {checked:,} events + {len(saved)} signed checkpoints (best of 5)",
                             best, "s", "<= 1.5 s", best <= 1.5))
            rows.append(_row(f"verify {checked:,} events, no checkpoints (best of 5)", min(without), "s", "-", None))
        finally:
            db.close()
    return rows


if __name__ == "__main__":
    for r in run():
        print(r)
