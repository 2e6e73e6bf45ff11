"""A console-like process for test_live_sync: Qt's loop is the asyncio loop (qasync), as in
main.py; the live-sync feed runs on it as a task. Prints what it saw; exit 0 when all is well."""

from __future__ import annotations

import asyncio
import sys
from datetime import UTC, datetime

import qasync
from PySide6.QtWidgets import QApplication

from console.store import EventLog, NewEvent, open_database
from ui.sync.live import LiveSync


def main(url: str) -> int:
    app = QApplication([])
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    db = open_database(url)
    got: list = []  # type: ignore[type-arg]

    async def scenario() -> int:
        sync = LiveSync(db, poll_interval=0.05)
        sync.events_arrived.connect(got.extend)
        sync.start()
        if sync._task is None or sync._thread is not None:
            return 2
        print("task", flush=True)
        log = EventLog(db)
        for i in range(5):  # another console's appends (a worker thread, as a second writer)
            ev = NewEvent("note", datetime.now(UTC), "丙", "duty_officer", {"data": {"text": str(i)}})
            await asyncio.to_thread(log.append, "inc-q", i, [ev])
        for _ in range(200):
            if len(got) >= 5:
                break
            await asyncio.sleep(0.05)
        task = sync._task
        await sync.aclose()
        print(" ".join(str(e.version) for e in got), flush=True)
        if task.done() and not task.cancelled():
            print("closed", flush=True)
            return 0
        return 3

    with loop:
        code = loop.run_until_complete(scenario())
    db.close()
    return code


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
