"""Live sync: follow the event log as other consoles append to it.

A console keeps the ``seq`` of the last event it has seen and reads everything after it.
Notifications only say "look again": on PostgreSQL every append sends ``NOTIFY fds_events``
at commit (see :mod:`console.store.eventlog`), and a listening connection wakes up at once;
on SQLite (two windows on one machine) a cheap poll of the chain head does the same. Because
the events themselves are always read from the log by ``seq``, and ``seq`` order is commit
order, nothing is missed when a notification is lost or the server restarts, and nothing is
delivered twice.

Qt-free and asyncio-based: the window runs :meth:`ChangeFeed.run` on its qasync loop; the CLI
(``log follow``) and the tests run it with ``asyncio.run``. Database reads run in a worker
thread, so a slow or restarting server never freezes the caller's event loop.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from console.store.db import Database, DatabaseError, libpq_conninfo
from console.store.eventlog import NOTIFY_CHANNEL, EventLog, StoredEvent

log = logging.getLogger(__name__)

# Connection states reported to ``on_status`` (the status bar shows them).
CONNECTED = "connected"
RECONNECTING = "reconnecting"
STOPPED = "stopped"


@dataclass(frozen=True)
class Switchover:
    """The feed reconnected to another server than before (a standby promoted to primary after
    the primary failed) and read ``caught_up`` events it had not seen, from ``after_seq`` on."""

    old: str  # host:port
    new: str
    caught_up: int
    after_seq: int

    def line(self) -> str:
        return f"数据库已切换到备用服务器 {self.new}，已补齐 {self.caught_up} 条事件"


class ChangeFeed:
    """Delivers every event appended after ``after_seq``, once, in order."""

    def __init__(self, db: Database, *, after_seq: int = 0, poll_interval: float = 0.25,
                 heartbeat: float = 2.0, reconnect_max: float = 5.0,
                 on_status: Callable[[str, str], None] | None = None,
                 idle_poll_max: float | None = None,
                 on_switch: Callable[[Switchover], None] | None = None) -> None:
        self.db = db
        self.log = EventLog(db)
        self.last_seq = after_seq
        self.poll_interval = poll_interval
        self.heartbeat = heartbeat
        self.reconnect_max = reconnect_max
        self.on_status = on_status
        self.reconnects = 0
        self.on_switch = on_switch
        self.server: str | None = None  # host:port of the server the listening connection reached
        self.switches: list[Switchover] = []
        # SQLite: the poll backs off (×2 per quiet poll) up to ``idle_poll_max`` while nothing
        # changes, and :meth:`wake` (a file-change watch in the window) looks again at once
        self.idle_poll_max = max(idle_poll_max or poll_interval, poll_interval)
        self.polls = 0
        self._stop = asyncio.Event()
        self._wake = asyncio.Event()

    # -- reading -------------------------------------------------------------------
    def fetch_new(self) -> list[StoredEvent]:
        """Events after the last one delivered (blocking; safe to call from a thread)."""
        events = list(self.log.read(after_seq=self.last_seq))
        if events:
            self.last_seq = events[-1].seq
        return events

    def head_seq(self) -> int:
        return self.log.head()[0]

    async def _deliver(self, on_events: Callable[[list[StoredEvent]], Any]) -> int:
        events = await asyncio.to_thread(self.fetch_new)
        if events:
            result = on_events(events)
            if asyncio.iscoroutine(result):
                await result
        return len(events)

    # -- running -------------------------------------------------------------------
    def stop(self) -> None:
        self._stop.set()

    def wake(self) -> None:
        """Look again now (call on the feed's loop: ``loop.call_soon_threadsafe(feed.wake)``)."""
        self._wake.set()

    async def run(self, on_events: Callable[[list[StoredEvent]], Any]) -> None:
        """Deliver new events until :meth:`stop` is called; survives server restarts."""
        self._stop.clear()
        try:
            if self.db.dialect == "postgresql":
                await self._run_listen(on_events)
            else:
                await self._run_poll(on_events)
        finally:
            self._status(STOPPED, "已停止同步")

    async def _run_poll(self, on_events: Callable[[list[StoredEvent]], Any]) -> None:
        self._status(CONNECTED, "本机数据库：定时检查新事件")
        interval = self.poll_interval
        while not self._stop.is_set():
            self._wake.clear()
            self.polls += 1
            try:
                if await asyncio.to_thread(self.head_seq) > self.last_seq:
                    await self._deliver(on_events)
                    interval = self.poll_interval
                else:
                    interval = min(interval * 2, self.idle_poll_max)
            except DatabaseError as exc:  # e.g. the file is briefly locked: try again
                self._status(RECONNECTING, str(exc))
                interval = self.poll_interval
            await self._sleep(interval, wakeable=True)

    async def _run_listen(self, on_events: Callable[[list[StoredEvent]], Any]) -> None:
        import psycopg

        backoff = 0.1
        first = True
        while not self._stop.is_set():
            try:
                aconn = await psycopg.AsyncConnection.connect(
                    libpq_conninfo(self.db), autocommit=True, connect_timeout=3,
                    application_name="fds-console-sync")
                async with aconn:
                    await aconn.execute(f"LISTEN {NOTIFY_CHANNEL}")
                    if not first:
                        self.reconnects += 1
                    first = False
                    backoff = 0.1
                    self._status(CONNECTED, "已连接，实时接收其他席位的更新")
                    server = f"{aconn.info.host}:{aconn.info.port}"
                    before = self.last_seq
                    # Catch up after LISTEN: whatever committed before is read now,
                    # whatever commits after wakes us up.
                    caught_up = await self._deliver(on_events)
                    if self.server is not None and server != self.server:
                        self._switched(Switchover(self.server, server, caught_up, before))
                    self.server = server
                    while not self._stop.is_set():
                        async for _ in aconn.notifies(timeout=self.heartbeat, stop_after=1):
                            pass
                        await self._deliver(on_events)
                        # A heartbeat timeout also checks that the connection is alive.
                        await aconn.execute("SELECT 1")
            except (psycopg.OperationalError, psycopg.InterfaceError, DatabaseError, OSError) as exc:
                if self._stop.is_set():
                    break
                self._status(RECONNECTING, f"与数据库的连接中断，{backoff:.1f} 秒后重连（{_first_line(exc)}）")
                await self._sleep(backoff)
                backoff = min(backoff * 2, self.reconnect_max)

    async def _sleep(self, seconds: float, *, wakeable: bool = False) -> None:
        if wakeable:
            waits = {asyncio.ensure_future(self._stop.wait()), asyncio.ensure_future(self._wake.wait())}
            _, pending = await asyncio.wait(waits, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
            for task in pending:
                task.cancel()
            return
        try:
            await asyncio.wait_for(self._stop.wait(), timeout=seconds)
        except TimeoutError:
            pass

    def _switched(self, switch: Switchover) -> None:
        log.warning("sync: %s", switch.line())
        self.switches.append(switch)
        if self.on_switch is not None:
            self.on_switch(switch)

    def _status(self, state: str, text: str) -> None:
        log.info("sync %s: %s", state, text)
        if self.on_status is not None:
            self.on_status(state, text)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
