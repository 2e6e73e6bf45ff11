"""Four processes appending at once: nothing lost, nothing duplicated, chain intact."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from console.store import EventLog, open_database

REPO = Path(__file__).resolve().parents[2]
PER_WRITER = 60


def test_four_writers_same_and_own_streams(db_url: str) -> None:
    # The database is not created beforehand: the four first opens race on migration too.
    writers = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.store._writer",
                "bulk",
                db_url,
                f"w{k}",
                str(PER_WRITER),
                "shared",
                f"own-{k}",
            ],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        for k in range(4)
    ]
    summaries = []
    for proc in writers:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        summaries.append(json.loads(out))
    assert all(s["appended"] == PER_WRITER for s in summaries)

    db = open_database(db_url)
    try:
        log = EventLog(db)
        events = list(log.read())
        assert [e.seq for e in events] == list(range(1, 4 * PER_WRITER + 1))
        written = Counter((e.payload["writer"], e.payload["i"]) for e in events)
        assert set(written.values()) == {1}, "an event was duplicated"
        assert set(written) == {(f"w{k}", i) for k in range(4) for i in range(PER_WRITER)}, (
            "an event was lost"
        )
        shared = [e.version for e in events if e.stream == "shared"]
        assert shared == list(range(1, 2 * PER_WRITER + 1))
        report = log.verify()
        assert report.ok, report.message
    finally:
        db.close()
    if sum(s["retries"] for s in summaries) == 0:
        pytest.xfail("no stale append happened; the race was not exercised this time")


@pytest.mark.postgres
def test_eight_writers_two_thousand_events_each_on_postgresql(pg_database: str) -> None:
    from tests.store.conftest import fresh_pg_schema, pg_url

    url = pg_url(pg_database, fresh_pg_schema(pg_database))
    open_database(url).close()  # schema first: this test is about the appends
    n, writers_n = 2000, 8
    writers = [
        # Each writer mostly on its own incident, every 8th event on a shared one: all of them
        # still contend for the one chain head, and on the shared stream for its version.
        subprocess.Popen([sys.executable, "-m", "tests.store._writer", "steady", url, f"w{k}", str(n),
                          *[f"own-{k}"] * 7, "shared"],
                         cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for k in range(writers_n)
    ]
    for proc in writers:
        out, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err
    db = open_database(url)
    try:
        log = EventLog(db)
        events = list(log.read())
        assert [e.seq for e in events] == list(range(1, writers_n * n + 1))
        written = Counter((e.payload["writer"], e.payload["i"]) for e in events)
        assert set(written.values()) == {1}, "an event was duplicated"
        assert len(written) == writers_n * n, "an event was lost"
        for stream in ["shared", *(f"own-{k}" for k in range(writers_n))]:
            versions = [e.version for e in events if e.stream == stream]
            assert versions == list(range(1, len(versions) + 1)), stream
        assert log.verify().ok
    finally:
        db.close()
