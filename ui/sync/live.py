"""Live sync in the window: other consoles' events arrive as a Qt signal.

Runs :class:`console.sync.feed.ChangeFeed` on the qasync event loop when the application
runs one (``main.py`` does), or else on a private asyncio loop in a background thread (as in
the offscreen tests, where pytest-qt drives the Qt loop). Either way ``events_arrived`` is
emitted on the GUI thread with the new StoredEvents, and ``status_changed`` carries the
connection state for the status bar (已同步 / 重新连接中…).

On a SQLite file there is no NOTIFY: a :class:`QFileSystemWatcher` on the database file, its
``-wal`` and their folder wakes the feed when another process commits, and the feed's own
poll backs off to :data:`IDLE_POLL_S` while nothing changes (a safety net for file systems
that do not report changes). An idle console does not wake four times a second.
"""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QFileSystemWatcher, QObject, Signal

from console.store.db import Database
from console.store.eventlog import EventLog
from console.sync.feed import ChangeFeed, Switchover

IDLE_POLL_S = 5.0
"""SQLite: the longest pause between two looks at the chain head while nothing changes."""


def sqlite_path(db: Database) -> Path | None:
    """The database file of a SQLite database (None for PostgreSQL or an in-memory one)."""
    if db.dialect != "sqlite":
        return None
    name = db.engine.url.database
    if not name or name == ":memory:" or name.startswith("file:"):
        return None
    return Path(name).resolve()


class LiveSync(QObject):
    events_arrived = Signal(list)
    status_changed = Signal(str, str)
    server_switched = Signal(object)  # a Switchover: the feed now reads from another server (fail-over)

    def __init__(self, db: Database, parent: QObject | None = None, *, after_seq: int | None = None,
                 poll_interval: float = 0.25, idle_poll: float = IDLE_POLL_S) -> None:
        super().__init__(parent)
        start = EventLog(db).head()[0] if after_seq is None else after_seq
        self.feed = ChangeFeed(db, after_seq=start, poll_interval=poll_interval, idle_poll_max=idle_poll,
                               on_status=lambda s, t: self.status_changed.emit(s, t),
                               on_switch=self.server_switched.emit)
        self._task: asyncio.Task[Any] | None = None
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self.wakes = 0  # how often the file watch woke the feed (for tests and the idle bench)
        self.watcher: QFileSystemWatcher | None = None
        path = sqlite_path(db)
        if path is not None:
            self._files = [str(path), f"{path}-wal"]
            self.watcher = QFileSystemWatcher(self)
            self.watcher.fileChanged.connect(self._file_changed)
            self.watcher.directoryChanged.connect(self._dir_changed)
            self.watcher.addPath(str(path.parent))
            self._watch_files()

    def _watch_files(self) -> None:
        """(Re)watch the database and its -wal: a checkpoint may remove and recreate the -wal."""
        assert self.watcher is not None
        watched = set(self.watcher.files())
        for f in self._files:
            if f not in watched and Path(f).exists():
                self.watcher.addPath(f)

    def _file_changed(self, _path: str) -> None:
        self._watch_files()
        self.poke()

    def _dir_changed(self, _path: str) -> None:
        self._watch_files()  # a -wal created: watch it (its first commit wakes the feed)
        self.poke()

    def poke(self) -> None:
        """Have the feed look at the chain head now (from the GUI thread)."""
        loop = self._loop
        if loop is None or loop.is_closed():
            return
        self.wakes += 1
        loop.call_soon_threadsafe(self.feed.wake)

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
    sync.server_switched.connect(lambda switch: show_switchover(win, label, switch))
    sync.events_arrived.connect(win.bus.remote)  # other consoles' events: the same change bus
    sync.start()
    win.destroyed.connect(lambda *_: sync.stop())
    return sync


def show_switchover(win: Any, label: Any, switch: Switchover) -> str:
    """The status bar after a fail-over: which server the console now uses and how many events it
    caught up (the database promoted its standby; the console did not)."""
    text = str(win.tr("数据库已切换到备用服务器 {server}，已补齐 {n} 条事件")).format(
        server=switch.new, n=switch.caught_up)
    win.notify(text, ms=120000)
    label.setToolTip(text)
    return text
