"""Reliability: SIGKILL a writer at random moments; acknowledged events must survive intact.

A writer subprocess appends one event per call to a SQLite file and prints each event
only after append() (COMMIT) returned. After every kill the parent checks that every
acknowledged event is present with identical content, that there is no torn event
(integrity_check, row count = chain head, verify() ok), and the next run continues
appending to the same, growing file. SIGKILL tests process crashes; power loss is
what ``synchronous=FULL`` is for and cannot be simulated here.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select, text

from console.store import EventLog, NewEvent, open_database
from console.store.eventlog import EVENT_COLUMNS
from console.store.models import events_table

REPO = Path(__file__).resolve().parents[2]
RUNS = 50


def _run_writer_and_kill(url: str, seed: int, rng: random.Random) -> list[dict]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.store._writer", "crash", url, str(seed)],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    lines: list[bytes] = []
    first = threading.Event()

    def pump() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.append(line)
            first.set()

    reader = threading.Thread(target=pump, daemon=True)
    reader.start()
    if not first.wait(timeout=30):
        proc.kill()
        pytest.fail(f"writer never acknowledged an event: {proc.stderr.read().decode()}")  # type: ignore[union-attr]
    time.sleep(rng.uniform(0, 0.12))
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    reader.join(timeout=10)
    assert proc.returncode == -signal.SIGKILL
    # A line cut off by the kill (no newline) was never acknowledged.
    return [json.loads(line) for line in lines if line.endswith(b"\n")]


@pytest.mark.slow
def test_sigkill_never_loses_or_tears_an_acknowledged_event(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'crash.sqlite3'}"
    open_database(url).close()
    rng = random.Random(20240601)
    acknowledged: dict[int, dict] = {}
    started = time.monotonic()
    for run in range(RUNS):
        acked = _run_writer_and_kill(url, run, rng)
        assert acked, f"run {run}: nothing acknowledged"
        for record in acked:
            acknowledged[record["seq"]] = record

        db = open_database(url)
        try:
            with db.reading() as conn:
                assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
                wanted = select(*EVENT_COLUMNS).where(
                    events_table.c.seq.in_([r["seq"] for r in acked])
                )
                rows = {r.seq: r for r in conn.execute(wanted)}
                count = conn.execute(text("SELECT count(*) FROM events")).scalar()
            for record in acked:
                row = rows.get(record["seq"])
                assert row is not None, f"run {run}: acknowledged event {record['seq']} lost"
                stored = dict(row._mapping)
                stored["payload"] = json.loads(stored["payload"])
                assert stored == record, (
                    f"run {run}: event {record['seq']} differs from what was acknowledged"
                )
            log = EventLog(db)
            head_seq, _ = log.head()
            assert count == head_seq >= max(acknowledged)
            report = log.verify()
            assert report.ok, f"run {run}: {report.message}"
        finally:
            db.close()
    # Everything acknowledged in any earlier run is still there, byte for byte.
    db = open_database(url)
    try:
        log = EventLog(db)
        by_seq = {e.seq: e for e in log.read()}
        for seq, record in acknowledged.items():
            assert by_seq[seq].hash == record["hash"] and by_seq[seq].payload == record["payload"]
        version = log.stream_version("incident-a")
        more = NewEvent("crash.test", datetime.now(UTC), "parent", "tester", {"after": "crashes"})
        (after,) = log.append("incident-a", version, [more])
        assert after.seq == len(by_seq) + 1 and log.verify().ok
    finally:
        db.close()
    print(
        f"\n{RUNS} kills, {len(acknowledged)} acknowledged events checked, {time.monotonic() - started:.1f} s"
    )
