"""Live sync: every appended event reaches the other consoles once, in order — across
processes, after the listening connection is killed, and across a real server restart."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest

from console.store import EventLog, NewEvent, open_database
from console.sync.feed import CONNECTED, RECONNECTING, ChangeFeed
from tests.store._private_pg import PrivateServer
from tests.store.conftest import pg_reachable

REPO = Path(__file__).resolve().parents[2]


class FeedThread:
    """A ChangeFeed running on its own event loop, as another console would run it."""

    def __init__(self, db, after: int = 0) -> None:  # type: ignore[no-untyped-def]
        self.statuses: list[str] = []
        self.feed = ChangeFeed(db, after_seq=after, heartbeat=0.5, poll_interval=0.05, reconnect_max=0.5,
                               on_status=lambda state, text: self.statuses.append(state))
        self.got: list = []  # type: ignore[type-arg]
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self._main, daemon=True)
        self.thread.start()

    def _main(self) -> None:
        self.loop.run_until_complete(self.feed.run(self.got.extend))

    def wait_for(self, n: int, timeout: float = 30) -> None:
        end = time.monotonic() + timeout
        while len(self.got) < n and time.monotonic() < end:
            time.sleep(0.02)
        assert len(self.got) >= n, f"received {len(self.got)} of {n} events"

    def wait_status(self, state: str, timeout: float = 30) -> None:
        end = time.monotonic() + timeout
        while state not in self.statuses and time.monotonic() < end:
            time.sleep(0.02)
        assert state in self.statuses, self.statuses

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.feed.stop)
        self.thread.join(timeout=15)
        assert not self.thread.is_alive()


def _append(log: EventLog, n: int, stream: str = "inc-1", start: int = 0) -> None:
    version = log.stream_version(stream)
    for i in range(start, start + n):
        (e,) = log.append(stream, version, [NewEvent("note", datetime.now(UTC), "王值班", "duty_officer",
                                                     {"data": {"text": f"记录 {i}"}})])
        version = e.version


def _assert_once_in_order(events, n: int) -> None:  # type: ignore[no-untyped-def]
    seqs = [e.seq for e in events]
    assert seqs == list(range(seqs[0], seqs[0] + n)), "an event was missed, duplicated or reordered"
    assert len(seqs) == n


def test_feed_delivers_every_event_once_in_order(db) -> None:  # type: ignore[no-untyped-def]
    log = EventLog(db)
    _append(log, 3)  # already there before the console starts following: not delivered
    follower = FeedThread(db, after=log.head()[0])
    try:
        follower.wait_status(CONNECTED)
        for _ in range(5):
            _append(log, 20, stream="inc-2")
            time.sleep(0.05)
        follower.wait_for(100)
        time.sleep(0.3)  # nothing extra arrives afterwards
    finally:
        follower.stop()
    _assert_once_in_order(follower.got, 100)
    assert follower.got[0].seq == 4


def test_a_console_in_another_process_sees_the_appends(db, db_url) -> None:  # type: ignore[no-untyped-def]
    proc = subprocess.Popen([sys.executable, "-m", "console", "--db", db_url, "log", "follow", "--after", "0",
                             "--count", "60"], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        log = EventLog(db)
        time.sleep(1.0)
        _append(log, 30)
        _append(log, 30, stream="inc-2")
        out, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == 0, err
    lines = [line.split("\t") for line in out.strip().splitlines()]
    assert [int(x[0]) for x in lines] == list(range(1, 61))
    assert [x[1] for x in lines] == ["inc-1"] * 30 + ["inc-2"] * 30


@pytest.mark.postgres
def test_listener_killed_by_the_server_reconnects_and_catches_up(pg_database) -> None:  # type: ignore[no-untyped-def]
    from tests.store.conftest import fresh_pg_schema, pg_url

    db = open_database(pg_url(pg_database, fresh_pg_schema(pg_database)))
    log = EventLog(db)
    follower = FeedThread(db)
    try:
        follower.wait_status(CONNECTED)
        _append(log, 10)
        follower.wait_for(10)
        with psycopg.connect(f"host=127.0.0.1 user=root dbname={pg_database}", autocommit=True) as admin:
            killed = admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE application_name = 'fds-console-sync' AND datname = %s", (pg_database,)).fetchall()
        assert killed, "the listening connection was not found"
        _append(log, 25, start=10)  # appended while the follower is reconnecting
        follower.wait_for(35)
        time.sleep(0.3)
    finally:
        follower.stop()
        db.close()
    _assert_once_in_order(follower.got, 35)
    assert RECONNECTING in follower.statuses and follower.feed.reconnects >= 1


@pytest.fixture
def private_server():  # type: ignore[no-untyped-def]
    try:
        server = PrivateServer()
    except (RuntimeError, OSError) as exc:
        pytest.skip(f"cannot start a private PostgreSQL server to restart: {exc}")
    yield server
    server.close()


@pytest.mark.postgres
def test_server_restart_mid_stream_nothing_missed_nothing_duplicated(private_server) -> None:  # type: ignore[no-untyped-def]
    if not pg_reachable():
        pytest.skip("PostgreSQL tests are skipped on this machine")
    db = open_database(private_server.url)
    log = EventLog(db)
    follower = FeedThread(db)
    try:
        follower.wait_status(CONNECTED)
        _append(log, 15)
        follower.wait_for(15)
        private_server.stop()
        follower.wait_status(RECONNECTING)
        private_server.start()
        db.engine.dispose()  # the writer's pooled connections died with the server too
        _append(log, 15, start=15)
        follower.wait_for(30)
        time.sleep(0.3)
    finally:
        follower.stop()
        db.close()
    _assert_once_in_order(follower.got, 30)
    assert follower.feed.reconnects >= 1
    assert log.verify().ok
