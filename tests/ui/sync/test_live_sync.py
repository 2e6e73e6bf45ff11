"""The window's live sync: another console's append arrives as a Qt signal on the GUI thread."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from console.store import EventLog, NewEvent, open_database
from ui.sync.live import LiveSync

REPO = Path(__file__).resolve().parents[3]


def test_events_from_another_process_arrive_in_order(qtbot, db, db_url) -> None:  # type: ignore[no-untyped-def]
    log = EventLog(db)
    log.append("inc-1", 0, [NewEvent("note", datetime.now(UTC), "甲", "duty_officer", {"data": {"text": "早先"}})])
    sync = LiveSync(db, poll_interval=0.05)
    got: list = []  # type: ignore[type-arg]
    sync.events_arrived.connect(got.extend)
    statuses: list[str] = []
    sync.status_changed.connect(lambda s, t: statuses.append(s))
    sync.start()
    try:
        qtbot.waitUntil(lambda: "connected" in statuses, timeout=10000)
        script = ("import sys; from datetime import UTC, datetime; from console.store import EventLog, NewEvent, "
                  "open_database\nlog = EventLog(open_database(sys.argv[1]))\nfor i in range(20):\n"
                  "    log.append('inc-2', i, [NewEvent('note', datetime.now(UTC), '乙', 'duty_officer', "
                  "{'data': {'text': str(i)}})])\n")
        r = subprocess.run([sys.executable, "-c", script, db_url], cwd=REPO, capture_output=True, text=True,
                           timeout=60)
        assert r.returncode == 0, r.stderr
        qtbot.waitUntil(lambda: len(got) >= 20, timeout=15000)
        qtbot.wait(300)
    finally:
        sync.stop()
    assert [e.seq for e in got] == list(range(2, 22))  # the earlier event is not re-delivered
    assert {e.actor for e in got} == {"乙"}


def test_stop_is_clean_and_idempotent(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    database = open_database(f"sqlite:///{tmp_path / 's.sqlite3'}")
    sync = LiveSync(database, poll_interval=0.05)
    sync.start()
    sync.stop()
    sync.stop()
    database.close()
    assert sync._thread is None


def test_on_the_qasync_loop_as_main_py_runs_it(db, db_url) -> None:  # type: ignore[no-untyped-def]
    """main.py runs Qt's loop as the asyncio loop: the feed is a task there, and aclose()
    ends it cleanly before the console exits. Run in its own process, as the console runs."""
    r = subprocess.run([sys.executable, "-m", "tests.ui.sync._qasync_console", db_url], cwd=REPO,
                       capture_output=True, text=True, timeout=120,
                       env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["task", "1", "2", "3", "4", "5", "closed"], r.stdout
