"""Propagation between consoles: one console appends, another's model is refreshed.

Two processes on a PostgreSQL database (and, for comparison, on a SQLite file with the
change poll). The writer runs the real incident service and records when each command's
append was acknowledged; the follower runs the real ChangeFeed and, for every event that
arrives, refreshes its model of the incident (reads the projection through the service),
then records the time. Latency = refreshed − acknowledged, same machine clock.
Target (issue #7): p95 ≤ 150 ms over PostgreSQL.

Run: ``python -m bench sync`` (needs PostgreSQL at 127.0.0.1:5432; skipped otherwise).
"""

from __future__ import annotations

import asyncio
import json
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
N = 300
GAP_S = 0.02
PG_ADMIN = "host=127.0.0.1 port=5432 user=root dbname=test connect_timeout=3"


def follower(url: str, n: int) -> None:
    """Print one JSON line per event: seq and when this console's model was refreshed."""
    from console.incidents import IncidentService
    from console.store.db import open_database
    from console.sync.feed import ChangeFeed

    db = open_database(url)
    svc = IncidentService(db)
    feed = ChangeFeed(db, after_seq=0, heartbeat=1.0, poll_interval=0.02)
    seen = 0

    def refresh(events: list[Any]) -> None:
        nonlocal seen
        for stream in {e.stream for e in events}:
            svc.summary(stream)  # the model a panel shows
        t = time.time()
        for e in events:
            print(json.dumps({"seq": e.seq, "t": t}), flush=True)
        seen += len(events)
        if seen >= n:
            feed.stop()

    print(json.dumps({"ready": True}), flush=True)
    asyncio.run(feed.run(refresh))


def _measure(url: str) -> list[float]:
    from console.incidents import IncidentService
    from console.store.db import open_database

    db = open_database(url)
    svc = IncidentService(db)
    iid = svc.open(ROOT / "plans" / "food-municipal.yaml", title="同步测试事件", actor="值班员甲",
                   role="duty_officer", facts={"cases": 3}).incident_id
    proc = subprocess.Popen([sys.executable, "-m", "bench.bench_sync", "follower", url, str(N + 1)], cwd=ROOT,
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    json.loads(proc.stdout.readline())  # ready
    time.sleep(1.0)
    acked: dict[int, float] = {}
    for i in range(N):
        r = svc.command(iid, "note", {"text": f"值守记录 {i}"}, actor="值班员甲", role="duty_officer")
        acked[r.events[-1].seq] = time.time()
        time.sleep(GAP_S)
    refreshed: dict[int, float] = {}
    for line in proc.stdout:
        d = json.loads(line)
        refreshed[d["seq"]] = d["t"]
    proc.wait(timeout=30)
    db.close()
    return [(refreshed[s] - t) * 1000 for s, t in acked.items() if s in refreshed]


def _pct(values: list[float], p: float) -> float:
    v = sorted(values)
    return v[min(len(v) - 1, int(round(p / 100 * (len(v) - 1))))]


def run() -> list[dict[str, Any]]:
    import psycopg

    rows: list[dict[str, Any]] = []
    try:
        with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
            name = f"fds_bench_sync_{uuid.uuid4().hex[:8]}"
            admin.execute(f"CREATE DATABASE {name}")
    except psycopg.Error as exc:
        return [{"name": f"sync: PostgreSQL not reachable ({exc.__class__.__name__}); skipped", "value": 0,
                 "unit": "", "target": "", "met": None}]
    try:
        lat = _measure(f"postgresql://root@127.0.0.1:5432/{name}")
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    p95 = _pct(lat, 95)
    rows += [
        {"name": f"sync PostgreSQL: append → other console's model refreshed, p95 ({len(lat)}/{N})",
         "value": p95, "unit": "ms", "target": "≤ 150 ms", "met": p95 <= 150 and len(lat) == N},
        {"name": "sync PostgreSQL: median", "value": statistics.median(lat), "unit": "ms", "target": None, "met": None},
        {"name": "sync PostgreSQL: max", "value": max(lat), "unit": "ms", "target": None, "met": None},
    ]
    with tempfile.TemporaryDirectory() as d:
        lat = _measure(f"sqlite:///{d}/sync.sqlite3")
    rows += [
        {"name": f"sync SQLite (20 ms change poll): p95 ({len(lat)}/{N})", "value": _pct(lat, 95), "unit": "ms",
         "target": None, "met": None},
        {"name": "sync SQLite: median", "value": statistics.median(lat), "unit": "ms", "target": None, "met": None},
    ]
    return rows


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "follower":
        follower(sys.argv[2], int(sys.argv[3]))
    else:
        print(datetime.now(UTC).isoformat())
        for row in run():
            print(row)
