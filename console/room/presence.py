"""Presence (在席): who sits at which seat, in which role, viewing which incident and editing what.

Each running console is a *seat*: a row of ``room_seats`` written when it starts and touched by a
heartbeat every :data:`HEARTBEAT` seconds. A seat with no heartbeat for :data:`TIMEOUT` is
shown as gone (离线). Presence is ephemeral: it is not in the hash chain (a heartbeat every ten
seconds from ten seats would swamp the log). On PostgreSQL every presence write also sends
``NOTIFY fds_presence`` so the other seats redraw at once (:class:`PresenceListener`); on SQLite
they look again every :data:`POLL` seconds.
"""

from __future__ import annotations

import builtins
import logging
import socket
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, delete, insert, select, text, update

from console.auth.roles import role_title
from console.clock import Clock, SystemClock
from console.errors import RecordError
from console.room.models import seats_table
from console.room.stream import append
from console.store.chain import from_us, to_us
from console.store.db import Database, DatabaseError
from console.store.eventlog import EventLog, StaleAppend, StoredEvent

S = seats_table.c
CHANNEL = "fds_presence"
HEARTBEAT = 10.0  # seconds between a seat's heartbeats
TIMEOUT = timedelta(seconds=30)  # no heartbeat for this long: gone (离线)
POLL = 2.0  # seconds: how often a seat looks again when no notification can wake it
FORGET = timedelta(days=1)  # seats gone this long are removed when another seat joins
EDITING_TITLES = {"facts": "事实表单", "report": "报告", "consultation": "会商", "duty": "值守记录",
                  "instruction": "指令"}

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Seat:
    seat_id: str
    username: str
    display_name: str
    role: str
    unit: str | None
    host: str
    started_at: datetime
    heartbeat_at: datetime
    viewing: str | None
    editing_kind: str | None
    editing_id: str | None
    state: str  # online | left (as written; see :meth:`online`)

    def online(self, now: datetime) -> bool:
        return self.state == "online" and now - self.heartbeat_at <= TIMEOUT

    @property
    def role_title(self) -> str:
        return role_title(self.role)

    @property
    def editing(self) -> str:
        if not self.editing_kind:
            return ""
        title = EDITING_TITLES.get(self.editing_kind, self.editing_kind)
        return f"{title} {self.editing_id}" if self.editing_id else title

    def line(self) -> str:
        """「张指挥（指挥长）· 查看 20261204-002 · 编辑 报告 R-1」"""
        parts = [f"{self.display_name or self.username}（{self.role_title}）"]
        if self.viewing:
            parts.append(f"查看 {self.viewing}")
        if self.editing_kind:
            parts.append(f"编辑 {self.editing}")
        return " · ".join(parts)


def _seat(r: Any) -> Seat:
    return Seat(r.seat_id, r.username, r.display_name, r.role, r.unit, r.host, from_us(r.started_us),
                from_us(r.heartbeat_us), r.viewing, r.editing_kind, r.editing_id, r.state)


class PresenceService:
    """The room's seats on one database (reading, and joining as a new seat).

    With ``log``, a seat taking its place and leaving are ``room.seat_joined`` /
    ``room.seat_left`` events of the ``room`` stream (seat id, role, host), written with the
    seat's row; heartbeats, and what a seat views or edits, stay out of the chain."""

    def __init__(self, db: Database, clock: Clock | None = None, log: EventLog | None = None, *,
                 mode: str = "real") -> None:
        self.db = db
        self.clock: Clock = clock or SystemClock()
        self.log = log
        self.mode = mode

    def seats(self, *, include_gone: bool = False) -> builtins.list[Seat]:
        """The seats, online first (gone ones only with ``include_gone``)."""
        with self.db.reading() as conn:
            rows = [_seat(r) for r in conn.execute(select(seats_table).order_by(S.started_us, S.seat_id))]
        now = self.clock.now()
        if not include_gone:
            rows = [s for s in rows if s.online(now)]
        return sorted(rows, key=lambda s: (not s.online(now), s.started_at, s.seat_id))

    def online(self) -> builtins.list[Seat]:
        return self.seats()

    def join(self, username: str, role: str, *, display_name: str = "", unit: str | None = None,
             host: str | None = None, seat_id: str | None = None) -> SeatPresence:
        """Take a seat (a window starting): its row, then the heartbeats of the returned handle."""
        now = self.clock.now()
        seat_id = seat_id or uuid.uuid4().hex[:12]
        row = {"seat_id": seat_id, "username": username, "display_name": display_name or username, "role": role,
               "unit": unit, "host": (host or socket.gethostname())[:100], "started_us": to_us(now),
               "heartbeat_us": to_us(now), "viewing": None, "editing_kind": None, "editing_id": None,
               "state": "online"}
        def write(conn: Connection, _evs: builtins.list[StoredEvent] | None = None) -> None:
            conn.execute(delete(seats_table).where(S.heartbeat_us < to_us(now - FORGET)))
            conn.execute(delete(seats_table).where(S.seat_id == seat_id))
            conn.execute(insert(seats_table).values(**row))
            notify(conn)

        if not self._logged("room.seat_joined", now, username, role, row, "进入席位", write):
            with self.db.connect() as conn:
                write(conn)
        return SeatPresence(self, seat_id)

    def _logged(self, type_: str, at: datetime, username: str, role: str, row: dict[str, Any], words: str,
                write: Callable[[Connection, builtins.list[StoredEvent]], None]) -> bool:
        """Write the seat's row with its ``room.seat_*`` event; False when there is no log here or
        the event cannot be written (an observer's login may write its seat but no event): the
        caller then writes the row alone, so a seat is never refused its place."""
        if self.log is None:
            return False
        host = row.get("host") or ""
        payload = {"seat": row["seat_id"], "role": role, "host": host, "unit": row.get("unit"),
                   "line": f"{words}（{host}）" if host else words}
        try:
            append(self.log, type_, at, username, role, payload, self.mode, write)
        except (RecordError, DatabaseError, StaleAppend) as exc:
            log.info("seat event not written: %s", exc)
            return False
        return True


def notify(conn: Connection) -> None:
    """Wake the other seats (PostgreSQL; delivered at commit). SQLite seats poll."""
    if conn.dialect.name == "postgresql":
        conn.execute(text(f"SELECT pg_notify('{CHANNEL}', '')"))


class SeatPresence:
    """This console's own seat: heartbeats, what it views and edits, leaving.

    The window calls :meth:`viewing` when the selection changes and :meth:`editing` when a form
    or report is opened for editing (``editing(None)`` when it is closed). A write that fails
    (the database is away) is dropped: the next heartbeat says it again.
    """

    def __init__(self, service: PresenceService, seat_id: str) -> None:
        self.service = service
        self.seat_id = seat_id
        self.left = False
        self._viewing: str | None = None
        self._editing: tuple[str | None, str | None] = (None, None)

    def _write(self, **values: Any) -> bool:
        values["heartbeat_us"] = to_us(self.service.clock.now())
        try:
            with self.service.db.connect() as conn:
                n = conn.execute(update(seats_table).where(S.seat_id == self.seat_id).values(**values)).rowcount
                notify(conn)
            return bool(n)
        except DatabaseError as exc:
            log.info("presence not written: %s", exc)
            return False

    def heartbeat(self) -> bool:
        """Say this seat is still here (also brings back what it views and edits)."""
        return self._write(state="online", viewing=self._viewing, editing_kind=self._editing[0],
                           editing_id=self._editing[1])

    def viewing(self, incident_id: str | None) -> bool:
        if incident_id == self._viewing:
            return True
        self._viewing = incident_id
        return self._write(viewing=incident_id)

    def editing(self, kind: str | None, ref: str | None = None) -> bool:
        if (kind, ref) == self._editing:
            return True
        self._editing = (kind, ref if kind else None)
        return self._write(editing_kind=kind, editing_id=ref if kind else None)

    def leave(self) -> bool:
        """Leave the seat: its row says ``left`` and (once) a ``room.seat_left`` event says so in the chain."""
        if self.left:
            return self._write(state="left", viewing=None, editing_kind=None, editing_id=None)
        self.left = True
        service = self.service
        try:
            with service.db.reading() as conn:
                r = conn.execute(select(seats_table).where(S.seat_id == self.seat_id)).first()
        except DatabaseError:
            r = None
        if r is not None and r.state == "online":
            now = service.clock.now()
            values = {"state": "left", "viewing": None, "editing_kind": None, "editing_id": None,
                      "heartbeat_us": to_us(now)}

            def write(conn: Connection, _evs: builtins.list[StoredEvent]) -> None:
                conn.execute(update(seats_table).where(S.seat_id == self.seat_id).values(**values))
                notify(conn)

            row = {"seat_id": self.seat_id, "host": r.host, "unit": r.unit}
            if service._logged("room.seat_left", now, r.username, r.role, row, "离开席位", write):
                return True
        return self._write(state="left", viewing=None, editing_kind=None, editing_id=None)


class PresenceListener:
    """Wakes ``on_notify`` whenever another seat writes its presence (PostgreSQL LISTEN on
    ``fds_presence``), in the calling thread, until :meth:`stop`. Reconnects after an outage."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._stop = threading.Event()

    def stop(self) -> None:
        self._stop.set()

    def run(self, on_notify: Callable[[], None], *, timeout: float = 1.0) -> None:
        import psycopg

        while not self._stop.is_set():
            try:
                with psycopg.connect(_conninfo(self.db), autocommit=True, connect_timeout=3,
                                     application_name="fds-console-presence") as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    while not self._stop.is_set():
                        woke = False
                        for _ in conn.notifies(timeout=timeout, stop_after=1):
                            woke = True
                        if woke and not self._stop.is_set():
                            try:
                                on_notify()
                            except Exception as exc:  # noqa: BLE001 — the receiver is gone (its window closed)
                                log.info("presence listener stops: %s", exc)
                                self._stop.set()
            except (psycopg.Error, OSError) as exc:
                log.info("presence listener: %s", exc)
                self._stop.wait(2.0)


def _conninfo(db: Database) -> str:
    """A libpq URI for psycopg from the SQLAlchemy URL (keeps options such as search_path)."""
    from console.store.db import libpq_uri

    return libpq_uri(db.engine.url)
