"""Live sync in the window: other consoles' events arrive as a Qt signal.

Runs :class:`console.sync.feed.ChangeFeed` on the qasync event loop when the application
runs one (``main.py`` does), or else on a private asyncio loop in a background thread (as in
the offscreen tests, where pytest-qt drives the Qt loop). Either way ``events_arrived`` is
emitted on the GUI thread with the new StoredEvents, and ``status_changed`` carries the
connection state for the status bar (已同步 / 重新连接中…).
"""

from __future__ import annotations

import asyncio
import threading
from typing import Any

from PySide6.QtCore import QObject, Signal

from console.store.db import Database
from console.store.eventlog import EventLog
from console.sync.feed import ChangeFeed


class LiveSync(QObject):
    events_arrived = Signal(list)
    status_changed = Signal(str, str)

    def __init__(self, db: Database, parent: QObject | None = None, *, after_seq: int | None = None,
                 poll_interval: float = 0.25) -> None:
        super().__init__(parent)
        start = EventLog(db).head()[0] if after_seq is None else after_seq
        self.feed = ChangeFeed(db, after_seq=start, poll_interval=poll_interval,
                               on_status=lambda s, t: self.status_changed.emit(s, t))
        self._task: asyncio.Task[Any] | None = None
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    @property
    def last_seq(self) -> int:
        return self.feed.last_seq

    def start(self) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        if loop is not None:  # qasync: the Qt loop is the asyncio loop
            self._loop = loop
            self._task = loop.create_task(self.feed.run(self._emit))
            return
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._run_thread, name="fds-live-sync", daemon=True)
        self._thread.start()

    def _run_thread(self) -> None:
        assert self._loop is not None
        self._loop.run_until_complete(self.feed.run(self._emit))
        self._loop.close()

    def _emit(self, events: list[Any]) -> None:
        self.events_arrived.emit(events)  # queued to the GUI thread when called from the worker

    async def aclose(self) -> None:
        """Stop and wait until the feed has finished (from a coroutine on the same loop)."""
        task = self._task
        self.stop()
        if task is not None and not task.done():
            try:
                await asyncio.wait_for(task, timeout=5)
            except (TimeoutError, asyncio.CancelledError):
                task.cancel()

    def stop(self) -> None:
        if self._loop is None:
            return
        if self._thread is not None:
            self._loop.call_soon_threadsafe(self.feed.stop)
            self._thread.join(timeout=10)
            self._thread = None
        else:
            self.feed.stop()
            self._task = None
        self._loop = None


def start_live_sync(win: Any, db: Database) -> LiveSync:
    """Follow other consoles' appends in ``win``: their events go to the window's change bus and
    the connection state to a label in the status bar (同步：正常 / 重新连接中… / 已停止)."""
    from PySide6.QtWidgets import QLabel

    sync = LiveSync(db, win)
    label = QLabel()
    label.setObjectName("syncStatus")
    win.statusBar().addPermanentWidget(label)

    def status(state: str, text: str) -> None:
        shown = {"connected": win.tr("同步：正常"), "reconnecting": win.tr("同步：重新连接中…"),
                 "stopped": win.tr("同步：已停止")}.get(state, state)
        label.setText(shown)
        label.setToolTip(text)
        label.setStyleSheet("color:#c0392b;" if state == "reconnecting" else "")
        outage = getattr(win, "outage", None)
        if outage is not None:  # the same outage the window's own reads see: one banner
            if state == "reconnecting":
                outage.failed(text or shown)
            elif state == "connected":
                outage.recovered()

    sync.status_changed.connect(status)
    sync.events_arrived.connect(win.bus.remote)  # other consoles' events: the same change bus
    sync.start()
    win.destroyed.connect(lambda *_: sync.stop())
    return sync
