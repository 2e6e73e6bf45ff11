"""Storage benchmarks on a SQLite file (durable settings, as shipped).

Run: ``python -m bench.bench_store``. ``run()`` returns rows for bench/__main__.py.
Figures depend on the disk's fsync latency; the targets are for a local SSD.
"""

from __future__ import annotations

import sqlite3
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from console.store import EventLog, NewEvent, open_database

T0 = datetime(2024, 6, 1, tzinfo=UTC)
N = 100_000


def _event(i: int) -> NewEvent:
    payload = {
        "i": i,
        "fact": "学校食堂午餐后出现呕吐腹泻",
        "cases": i % 37,
        "place": {"lat": 35.76, "lon": 115.03},
    }
    return NewEvent("fact.added", T0 + timedelta(seconds=i), "张伟", "commander", payload)


def _row(name: str, value: float, unit: str, target: str, met: bool | None) -> dict[str, Any]:
    return {"name": name, "value": round(value, 3), "unit": unit, "target": target, "met": met}


def run() -> list[dict[str, Any]]:
    """Measure and return one row per figure."""
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="bench-store-") as tmp:
        db = open_database(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}")
        try:
            log = EventLog(db)

            # 1. Durable single-event append (each one a COMMIT with fsync).
            timings = []
            for i in range(300):
                start = time.perf_counter()
                log.append("single", i, [_event(i)])
                timings.append(time.perf_counter() - start)
            median_ms = statistics.median(timings) * 1000
            rows.append(
                _row("single append, durable (median)", median_ms, "ms", "<= 2 ms", median_ms <= 2)
            )
            p95 = sorted(timings)[int(len(timings) * 0.95)] * 1000
            rows.append(_row("single append, durable (p95)", p95, "ms", "-", None))
            floor = bare_commit_ms(Path(tmp) / "floor.sqlite3")
            rows.append(_row("bare SQLite durable commit (disk floor)", floor, "ms", "-", None))

            # 2. Batched append: 100,000 events of one stream in batches of 1,000,
            #    with a snapshot every 1,000 events (used by figure 5).
            batches = [[_event(b * 1000 + k) for k in range(1000)] for b in range(N // 1000)]
            start = time.perf_counter()
            for b, batch in enumerate(batches):
                stored = log.append("big", b * 1000, batch)
                last = stored[-1]
                log.save_snapshot(
                    "big", last.version, last.occurred_at, {"cases": last.version, "status": "open"}
                )
            elapsed = time.perf_counter() - start
            rate = N / elapsed
            rows.append(
                _row(
                    "batched append (1,000/batch, incl. snapshots)",
                    rate,
                    "events/s",
                    ">= 20,000",
                    rate >= 20_000,
                )
            )

            # 3. Read one stream of 100,000 events back.
            start = time.perf_counter()
            count = sum(1 for _ in log.read("big"))
            assert count == N
            rows.append(
                _row(
                    "read 100,000 events of one stream", time.perf_counter() - start, "s", "-", None
                )
            )

            # 4. Verify the whole chain (100,300 events).
            start = time.perf_counter()
            report = log.verify()
            assert report.ok, report.message
            rows.append(
                _row(
                    f"verify {report.checked:,} events", time.perf_counter() - start, "s", "-", None
                )
            )

            # 5. State at a time: latest snapshot <= t, then the tail up to t.
            probes = [T0 + timedelta(seconds=s + 0.5) for s in range(1_234, N, 9_871)]
            timings = []
            for at in probes:
                start = time.perf_counter()
                snap = log.latest_snapshot("big", at=at)
                tail = list(log.read("big", after_version=snap.version if snap else 0, until=at))
                timings.append(time.perf_counter() - start)
                assert len(tail) < 1000
            ms = statistics.median(timings) * 1000
            rows.append(_row("snapshot + tail up to a time (median)", ms, "ms", "-", None))
        finally:
            db.close()
    return rows


def bare_commit_ms(path: Path) -> float:
    """Median of a one-row WAL+FULL commit with the raw driver: what the disk allows."""
    con = sqlite3.connect(path, isolation_level=None)
    try:
        con.execute("PRAGMA journal_mode = WAL")
        con.execute("PRAGMA synchronous = FULL")
        con.execute("CREATE TABLE t (x INTEGER)")
        timings = []
        for i in range(300):
            start = time.perf_counter()
            con.execute("BEGIN IMMEDIATE")
            con.execute("INSERT INTO t VALUES (?)", (i,))
            con.execute("COMMIT")
            timings.append(time.perf_counter() - start)
        return statistics.median(timings) * 1000
    finally:
        con.close()


def print_table(rows: list[dict[str, Any]]) -> None:
    width = max(len(r["name"]) for r in rows)
    print(f"{'benchmark':<{width}}  {'value':>12}  {'unit':<9} {'target':<11} met")
    for r in rows:
        met = "-" if r["met"] is None else ("yes" if r["met"] else "NO")
        print(f"{r['name']:<{width}}  {r['value']:>12,.3f}  {r['unit']:<9} {r['target']:<11} {met}")


if __name__ == "__main__":
    print_table(run())
