"""The append-only, hash-chained event log: the source of truth of the console.

Appends are serialised on the single ``chain_head`` row (SQLite: ``BEGIN IMMEDIATE``;
PostgreSQL: ``SELECT … FOR UPDATE``), so ``seq`` is gap-free, commit order equals seq
order, and each event's ``prev_hash`` is the hash of the event before it.
Optimistic concurrency per stream: the caller says which version it based its
decision on; if someone else appended meanwhile, nothing is written (StaleAppend).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

import orjson
from sqlalchemy import (
    ColumnElement,
    Connection,
    bindparam,
    case,
    func,
    literal,
    or_,
    select,
    update,
)

from console.changes import ChangeHub, ChangeSet, Topic
from console.clock import CHINA_TZ, Clock, SystemClock
from console.errors import Refused
from console.store.chain import GENESIS_HASH, canonical_json, event_hash, from_us, to_us
from console.store.db import ConnectionLost, Database, DatabaseDenied, DatabaseError
from console.store.models import chain_head_table, events_table, plans_table, snapshots_table

MODES = ("real", "drill")
READ_CHUNK = 5000

E = events_table.c
EVENT_COLUMNS = (
    E.seq, E.stream, E.version, E.type, E.occurred_us, E.recorded_us,
    E.actor, E.role, E.mode, E.payload, E.prev_hash, E.hash,
)  # fmt: skip
_COLUMN_BY_NAME = {c.name: c for c in EVENT_COLUMNS}


# Built once: statement construction is a visible share of a single durable append.
_LOCK_HEAD = (
    select(chain_head_table.c.seq, chain_head_table.c.hash)
    .where(chain_head_table.c.id == 1)
    .with_for_update()
)
_LAST_OF_STREAM = (
    select(E.version, E.actor, E.recorded_us)
    .where(E.stream == bindparam("stream"))
    .order_by(E.version.desc())
    .limit(1)
)
_MOVE_HEAD = (
    update(chain_head_table)
    .where(chain_head_table.c.id == 1)
    .values(seq=bindparam("new_seq"), hash=bindparam("new_hash"))
)


NOTIFY_CHANNEL = "fds_events"
_NOTIFY_SQL = f"SELECT pg_notify('{NOTIFY_CHANNEL}', %s)"


COMMIT_ATTEMPTS = 3
RECONNECT_WAIT_S = 15.0
RECONNECT_POLL_S = 0.2


class CommitInDoubt(DatabaseError):
    """The connection broke at commit and no server answered in time to say whether the events were
    written; the message tells the user to look before sending the command again."""


class InvalidEvent(ValueError):
    """An event cannot be stored as given (caller bug); nothing was written."""


class StaleAppend(Refused):
    """The stream moved on since the caller read it; nothing was written."""

    def __init__(
        self,
        stream: str,
        expected: int,
        actual: int,
        last_actor: str | None,
        last_recorded_at: datetime | None,
    ) -> None:
        self.stream = stream
        self.expected = expected
        self.actual = actual
        self.last_actor = last_actor
        self.last_recorded_at = last_recorded_at
        if last_actor is None or last_recorded_at is None:
            message = f"事件流 {stream} 尚无事件（当前版本 {actual}，提交基于版本 {expected}），请刷新后重试"
        else:
            when = last_recorded_at.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M:%S")
            message = (
                f"事件流 {stream} 已被 {last_actor} 于 {when} 更新"
                f"（当前版本 {actual}，提交基于版本 {expected}），请刷新后重试"
            )
        super().__init__(message)


@dataclass(frozen=True)
class NewEvent:
    """An event the caller wants to record; seq, version and hashes are assigned on append."""

    type: str
    occurred_at: datetime
    actor: str
    role: str
    payload: dict[str, Any]
    mode: str = "real"


@dataclass(frozen=True)
class StoredEvent:
    """An event as recorded in the log."""

    seq: int
    stream: str
    version: int
    type: str
    occurred_at: datetime
    recorded_at: datetime
    actor: str
    role: str
    mode: str
    payload: dict[str, Any]
    prev_hash: str
    hash: str


@dataclass(frozen=True)
class Snapshot:
    """A stream's state as of ``version`` (whose event occurred at ``occurred_at``)."""

    stream: str
    version: int
    occurred_at: datetime
    state: dict[str, Any]


@dataclass(frozen=True)
class EventClass:
    """Which events belong to a class (for :meth:`EventLog.classify_stream`): those whose type is
    one of ``types`` or starts with one of ``prefixes``, or whose payload text contains one of
    ``payload_contains``."""

    types: tuple[str, ...] = ()
    prefixes: tuple[str, ...] = ()
    payload_contains: tuple[str, ...] = ()


@dataclass(frozen=True)
class VerifyReport:
    """Result of walking the chain; ``problem`` is altered | missing | reordered | head."""

    ok: bool
    checked: int
    first_bad_seq: int | None
    problem: str | None
    message: str
    head_seq: int = 0
    head_hash: str = field(default=GENESIS_HASH)


def _payload_json(payload: Any, what: str) -> str:
    if not isinstance(payload, dict):
        raise InvalidEvent(f"{what}必须是字典（dict），收到的是 {type(payload).__name__}")
    try:
        return canonical_json(payload)
    except (TypeError, ValueError) as e:
        raise InvalidEvent(
            f"{what}无法保存为 JSON：{e}。请只使用字符串键，以及字符串、数字（不含 NaN/∞）、布尔、None、列表和字典"
        ) from e


def decode_payloads(texts: Sequence[str]) -> list[Any]:
    """The payloads of a chunk of rows (their JSON texts) decoded at once.

    One orjson call over the joined texts is far cheaper than one call per event; where orjson
    is stricter than the writer (a lone surrogate in a string), the chunk is decoded row by row.
    """
    try:
        return orjson.loads("[" + ",".join(texts) + "]")  # type: ignore[no-any-return]
    except orjson.JSONDecodeError:
        return [json.loads(t) for t in texts]


def _to_stored(row: tuple[Any, ...]) -> StoredEvent:
    (
        seq,
        stream,
        version,
        type_,
        occurred_us,
        recorded_us,
        actor,
        role,
        mode,
        payload,
        prev,
        digest,
    ) = row
    return StoredEvent(
        seq, stream, version, type_, from_us(occurred_us), from_us(recorded_us),
        actor, role, mode, json.loads(payload), prev, digest,
    )  # fmt: skip


def _chain_rows(rows: list[tuple[Any, ...]], stream: str, version: int,
                prepared: Sequence[tuple[NewEvent, int, str]], seq: int, prev: str,
                recorded_us: int) -> tuple[int, str]:
    """Append the table rows of ``prepared`` (one stream, after ``version``) to ``rows``, each
    hashed onto the chain after (``seq``, ``prev``); returns the new chain head."""
    for ev, occurred_us, payload_json in prepared:
        seq += 1
        version += 1
        digest = event_hash(
            seq=seq, stream=stream, version=version, type=ev.type,
            occurred_us=occurred_us, recorded_us=recorded_us, actor=ev.actor,
            role=ev.role, mode=ev.mode, payload_json=payload_json, prev_hash=prev,
        )  # fmt: skip
        rows.append((seq, stream, version, ev.type, occurred_us, recorded_us,
                     ev.actor, ev.role, ev.mode, payload_json, prev, digest))  # fmt: skip
        prev = digest
    return seq, prev


class EventLog:
    """Append, read and verify the event log; also snapshots and pinned plan texts."""

    def __init__(self, db: Database, clock: Clock | None = None, *, changes: ChangeHub | None = None) -> None:
        self.db = db
        self.clock: Clock = clock if clock is not None else SystemClock()
        # every committed append is announced here (the window redraws from it)
        self.changes = changes if changes is not None else ChangeHub()
        # how long an append whose connection broke at commit waits for a server (fail-over)
        self.reconnect_wait = RECONNECT_WAIT_S
        # appends whose connection broke mid-transaction, by outcome: committed | not_committed
        self.in_doubt: dict[str, int] = {"committed": 0, "not_committed": 0}

    # ----------------------------------------------------------------- append
    def append(
        self,
        stream: str,
        expected_version: int,
        events: Sequence[NewEvent],
        *,
        in_transaction: Callable[[Connection, list[StoredEvent]], None] | None = None,
        touched: set[Topic] | None = None,
    ) -> list[StoredEvent]:
        """Append ``events`` to ``stream`` atomically, if it is still at ``expected_version``.

        ``in_transaction`` runs inside the same transaction (projections); if it
        raises, the events are not written either. After the commit the change is announced
        on :attr:`changes`, with the topics of the events and any in ``touched`` (which
        ``in_transaction`` may fill: a record written beside the event).
        """
        if not isinstance(stream, str) or not stream.strip():
            raise InvalidEvent("事件流名称不能为空")
        if (
            isinstance(expected_version, bool)
            or not isinstance(expected_version, int)
            or expected_version < 0
        ):
            raise InvalidEvent(
                f"expected_version 必须是非负整数（新事件流用 0），收到 {expected_version!r}"
            )
        if not events:
            return []
        prepared = [self._prepare(i, ev) for i, ev in enumerate(events, start=1)]
        for _attempt in range(COMMIT_ATTEMPTS):
            recorded_us = to_us(self.clock.now())
            sent: list[tuple[int, str]] = []  # (seq, hash) of the first event, once the INSERT is built
            try:
                stored = self._append_once(stream, expected_version, prepared, recorded_us, in_transaction,
                                           sent)
                break
            except ConnectionLost as lost:
                # The server went away mid-transaction (a primary died; its standby is being
                # promoted). The commit may or may not have happened: ask whichever server answers
                # now whether our first event — its seq and hash, which no other append can have —
                # is in the log. Committed: done, once. Not committed: nothing of it exists, so the
                # append is tried again (the expected version still guards the stream).
                outcome = self._resolve(sent[0] if sent else None, len(prepared), lost)
                self.in_doubt["committed" if outcome is not None else "not_committed"] += 1
                if outcome is not None:
                    stored = outcome
                    break
        else:
            raise CommitInDoubt(
                f"事件流 {stream} 的提交多次因数据库连接中断而失败，本次操作未被记录，请在数据库恢复后重试"
            )
        changes = ChangeSet.from_events(stored)
        if touched:
            changes = changes | ChangeSet.of(*touched, incidents=[stream])
        self.changes.publish(changes)
        return stored

    def _append_once(self, stream: str, expected_version: int, prepared: list[tuple[NewEvent, int, str]],
                     recorded_us: int,
                     in_transaction: Callable[[Connection, list[StoredEvent]], None] | None,
                     sent: list[tuple[int, str]]) -> list[StoredEvent]:
        """One transaction of :meth:`append`; ``sent`` gets (seq, hash) of the first event before
        the INSERT goes to the server."""
        with self.db.connect() as conn:
            head = conn.execute(_LOCK_HEAD).one()
            last = conn.execute(_LAST_OF_STREAM, {"stream": stream}).first()
            actual = last.version if last is not None else 0
            if actual != expected_version:
                raise StaleAppend(
                    stream,
                    expected_version,
                    actual,
                    last.actor if last is not None else None,
                    from_us(last.recorded_us) if last is not None else None,
                )
            rows: list[tuple[Any, ...]] = []
            seq, prev = _chain_rows(rows, stream, expected_version, prepared, head.seq, head.hash, recorded_us)
            sent.append((rows[0][0], rows[0][11]))
            # Plain DBAPI executemany: one prepared INSERT, no per-row SQLAlchemy
            # parameter processing (the batched-append throughput depends on it).
            conn.exec_driver_sql(_insert_sql(conn), rows)
            conn.execute(_MOVE_HEAD, {"new_seq": seq, "new_hash": prev})
            if conn.dialect.name == "postgresql":
                # Delivered at commit, in commit order: other consoles wake up and read
                # everything after the last seq they saw (console.sync.feed).
                conn.exec_driver_sql(_NOTIFY_SQL, (f"{seq} {stream}",))
            recorded_at = from_us(recorded_us)
            stored = [
                StoredEvent(
                    r[0],
                    stream,
                    r[2],
                    r[3],
                    from_us(r[4]),
                    recorded_at,
                    r[6],
                    r[7],
                    r[8],
                    json.loads(r[9]),
                    r[10],
                    r[11],
                )  # fmt: skip
                for r in rows
            ]
            if in_transaction is not None:
                in_transaction(conn, stored)
        return stored

    def _resolve(self, first: tuple[int, str] | None, count: int,
                 lost: ConnectionLost) -> list[StoredEvent] | None:
        """After a connection lost mid-append: the events as stored if the commit happened, None if
        it did not. Waits up to :attr:`reconnect_wait` seconds for a server that accepts writes;
        raises :class:`CommitInDoubt` when none answers in that time."""
        end = time.monotonic() + self.reconnect_wait
        while True:
            try:
                if first is None:  # lost before the INSERT was sent: nothing can have been written
                    self.head()
                    return None
                seq, digest = first
                with self.db.connect() as conn:  # a write transaction: reaches the read-write server
                    # waits for a transaction of ours still running on a live server to end either way
                    conn.execute(_LOCK_HEAD).one()
                    found = conn.execute(select(E.seq).where(E.seq == seq, E.hash == digest)).first()
                if found is None:
                    return None
                # the events of one append commit together: all of them are there
                return list(self.read(after_seq=seq - 1, limit=count))
            except DatabaseDenied:
                raise
            except DatabaseError as exc:
                if time.monotonic() >= end:
                    raise CommitInDoubt(
                        f"提交时与数据库的连接中断，{self.reconnect_wait:.0f} 秒内未能重新连接，无法确认本次操作"
                        f"是否已记录。请在数据库恢复后刷新查看：已记录的不必重发，重发时系统按版本拒绝重复提交。"
                        f"（{lost.reason}；{exc.reason}）"
                    ) from exc
                time.sleep(RECONNECT_POLL_S)
    def append_streams(
        self,
        batches: Sequence[tuple[str, int, Sequence[NewEvent]]],
        *,
        in_transaction: Callable[[Connection, dict[str, list[StoredEvent]]], None] | None = None,
        touched: set[Topic] | None = None,
    ) -> dict[str, list[StoredEvent]]:
        """Append to several streams in ONE transaction: each ``(stream, expected_version, events)``
        in the order given, one after the other on the chain. All are written or none: a stream
        that moved on raises :class:`StaleAppend` and nothing is written; so does an
        ``in_transaction(conn, stored_by_stream)`` that raises (linked incidents, 并入, 移交)."""
        streams = [b[0] for b in batches]
        if len(set(streams)) != len(streams) or any(not isinstance(x, str) or not x.strip() for x in streams):
            raise InvalidEvent("一次写入的事件流必须各不相同且不为空")
        prepared = [(stream, expected, [self._prepare(i, ev) for i, ev in enumerate(evs, start=1)])
                    for stream, expected, evs in batches if evs]
        recorded_us = to_us(self.clock.now())
        out: dict[str, list[StoredEvent]] = {}
        with self.db.connect() as conn:
            head = conn.execute(_LOCK_HEAD).one()
            seq, prev = head.seq, head.hash
            rows: list[tuple[Any, ...]] = []
            for stream, expected, evs in prepared:
                last = conn.execute(_LAST_OF_STREAM, {"stream": stream}).first()
                actual = last.version if last is not None else 0
                if actual != expected:
                    raise StaleAppend(stream, expected, actual, last.actor if last is not None else None,
                                      from_us(last.recorded_us) if last is not None else None)
                seq, prev = _chain_rows(rows, stream, expected, evs, seq, prev, recorded_us)
            if not rows:
                return {}
            conn.exec_driver_sql(_insert_sql(conn), rows)
            conn.execute(_MOVE_HEAD, {"new_seq": seq, "new_hash": prev})
            recorded_at = from_us(recorded_us)
            for r in rows:
                out.setdefault(r[1], []).append(StoredEvent(
                    r[0], r[1], r[2], r[3], from_us(r[4]), recorded_at, r[6], r[7], r[8], json.loads(r[9]),
                    r[10], r[11]))
            if conn.dialect.name == "postgresql":
                for stream, stored in out.items():
                    conn.exec_driver_sql(_NOTIFY_SQL, (f"{stored[-1].seq} {stream}",))
            if in_transaction is not None:
                in_transaction(conn, out)
        every = [e for stored in out.values() for e in stored]
        changes = ChangeSet.from_events(every)
        if touched:
            changes = changes | ChangeSet.of(*touched, incidents=list(out))
        self.changes.publish(changes)
        return out

    @staticmethod
    def _prepare(index: int, ev: NewEvent) -> tuple[NewEvent, int, str]:
        what = f"第 {index} 个事件（{getattr(ev, 'type', '?')}）的"
        if not isinstance(ev, NewEvent):
            raise InvalidEvent(f"第 {index} 个事件必须是 NewEvent，收到 {type(ev).__name__}")
        for name in ("type", "actor", "role"):
            value = getattr(ev, name)
            if not isinstance(value, str) or not value:
                raise InvalidEvent(f"{what}{name} 必须是非空字符串")
        if ev.mode not in MODES:
            raise InvalidEvent(
                f"{what}mode 必须是 'real'（实战）或 'drill'（演练），收到 {ev.mode!r}"
            )
        if not isinstance(ev.occurred_at, datetime):
            raise InvalidEvent(f"{what}occurred_at 必须是 datetime")
        try:
            occurred_us = to_us(ev.occurred_at)
        except ValueError as e:
            raise InvalidEvent(f"{what}occurred_at {e}") from e
        return ev, occurred_us, _payload_json(ev.payload, f"{what}payload ")

    # ------------------------------------------------------------------- read
    def stream_version(self, stream: str) -> int:
        """Current version of ``stream`` (0 when it has no events)."""
        with self.db.reading() as conn:
            return int(
                conn.execute(
                    select(func.coalesce(func.max(E.version), 0)).where(E.stream == stream)
                ).scalar_one()
            )

    def head(self) -> tuple[int, str]:
        """(seq, hash) of the last event; (0, GENESIS_HASH) for an empty log."""
        with self.db.reading() as conn:
            row = conn.execute(select(chain_head_table.c.seq, chain_head_table.c.hash)).one()
            return int(row.seq), str(row.hash)

    def streams(self) -> list[str]:
        """All stream names, sorted."""
        with self.db.reading() as conn:
            return list(conn.execute(select(E.stream).distinct().order_by(E.stream)).scalars())

    def read(
        self,
        stream: str | None = None,
        *,
        after_seq: int = 0,
        until: datetime | None = None,
        after_version: int = 0,
        limit: int | None = None,
    ) -> Iterator[StoredEvent]:
        """Events in seq order, fetched in chunks of short read transactions.

        Keyset paging (not one long cursor) means a slow consumer such as the UI never
        holds a database transaction open; events appended while iterating may appear
        at the end, never in the middle. ``until`` keeps events with occurred_at <= until.
        """
        until_us = to_us(until) if until is not None else None
        remaining = limit
        # Within a stream, version order is seq order (append guarantees it, verify checks
        # it), so the (stream, version) unique index serves both the filter and the order.
        key = E.version if stream is not None else E.seq
        cursor = after_version if stream is not None else after_seq
        while remaining is None or remaining > 0:
            size = READ_CHUNK if remaining is None else min(READ_CHUNK, remaining)
            q = select(*EVENT_COLUMNS).where(key > cursor)
            if stream is not None:
                q = q.where(E.stream == stream)
            if stream is not None and after_seq:
                q = q.where(E.seq > after_seq)
            if until_us is not None:
                q = q.where(E.occurred_us <= until_us)
            q = q.order_by(key).limit(size)
            with self.db.reading() as conn:
                rows = conn.execute(q).all()
            for row in rows:
                yield _to_stored(row)
            if len(rows) < size:
                return
            cursor = rows[-1][2] if stream is not None else rows[-1][0]
            if remaining is not None:
                remaining -= len(rows)

    def stream_rows(
        self,
        stream: str,
        columns: Sequence[str],
        *,
        after_version: int = 0,
        until: datetime | None = None,
        chunk: int = READ_CHUNK,
    ) -> Iterator[Sequence[tuple[Any, ...]]]:
        """Just ``columns`` of ``stream``'s events after ``after_version``, in version order.

        The lean read for a long stream (a replay, a timeline): chunks of at most ``chunk`` rows,
        the driver's own tuples from one read transaction — times as integer microseconds
        (:func:`console.store.chain.from_us`), the payload as its JSON text (:func:`decode_payloads`)
        — with no StoredEvent, hash or row object built. Column names as in :data:`EVENT_COLUMNS`.

        ``until`` (needs ``occurred_us`` among the columns) ends the read at the first event that
        occurred after it: for streams whose events never go back in time, like an incident's
        (the engine refuses it), instead of filtering the whole rest of the stream in SQL.
        """
        try:
            cols = [_COLUMN_BY_NAME[c] for c in columns]
        except KeyError as e:
            raise ValueError(f"the event log has no column {e.args[0]!r}") from None
        until_us = to_us(until) if until is not None else None
        at = list(columns).index("occurred_us") if until_us is not None else -1
        q = select(*cols).where(E.stream == stream, E.version > after_version).order_by(E.version)
        with self.db.reading() as conn:
            # The DB-API cursor's plain tuples: skipping SQLAlchemy's Row objects halves the read.
            cursor = conn.execute(q).cursor
            while rows := cast(list[tuple[Any, ...]], cursor.fetchmany(chunk)):
                if until_us is not None and rows[-1][at] > until_us:
                    rows = [r for r in rows if r[at] <= until_us]
                    if rows:
                        yield rows
                    cursor.close()
                    return
                yield rows

    def classify_stream(
        self, stream: str, classes: Sequence[tuple[int, EventClass]], *, default: int = 0
    ) -> list[tuple[int, int, int]]:
        """``(class, occurred_us, recorded_us)`` of every event of ``stream``, in version order.

        ``class`` is the number paired with the first of ``classes`` the event belongs to
        (``default`` for none). The database sorts the events into classes and returns three
        integers per event: where a long stream's events fall, with no payload decoded.
        """
        t = E.type
        whens = []
        for number, c in classes:
            tests: list[ColumnElement[bool]] = [t.in_(sorted(c.types))] if c.types else []
            tests += [t.startswith(p, autoescape=True) for p in c.prefixes]
            tests += [E.payload.contains(s, autoescape=True) for s in c.payload_contains]
            if tests:
                whens.append((or_(*tests), number))
        kind = case(*whens, else_=literal(default)) if whens else literal(default)
        q = select(kind, E.occurred_us, E.recorded_us).where(E.stream == stream).order_by(E.version)
        with self.db.reading() as conn:
            # the driver's own rows (plain tuples): SQLAlchemy's Row wrapping costs more than the query
            return cast(list[tuple[int, int, int]], conn.execute(q).cursor.fetchall())

    def stream_mode(self, stream: str) -> str | None:
        """The mode (``real`` or ``drill``) of the stream's first event; None for no events."""
        with self.db.reading() as conn:
            return conn.execute(select(E.mode).where(E.stream == stream, E.version == 1)).scalar()

    # ----------------------------------------------------------------- verify
    def verify(self) -> VerifyReport:
        """Walk the whole chain in seq order and report the first problem found."""
        from console.store.verify import verify_chain

        return verify_chain(self.db)

    # -------------------------------------------------------------- snapshots
    def save_snapshot(
        self, stream: str, version: int, occurred_at: datetime, state: dict[str, Any]
    ) -> None:
        """Store (or replace) the state of ``stream`` as of ``version``; a cache, rebuildable."""
        state_json = _payload_json(state, "快照状态 ")
        values = {
            "stream": stream,
            "version": version,
            "occurred_us": to_us(occurred_at),
            "state": state_json,
        }
        with self.db.connect() as conn:
            stmt = _upsert(
                conn,
                snapshots_table,
                values,
                ["stream", "version"],
                update=["occurred_us", "state"],
            )
            conn.execute(stmt)

    def latest_snapshot(self, stream: str, *, at: datetime | None = None) -> Snapshot | None:
        """The newest snapshot of ``stream`` whose occurred_at <= ``at`` (any, when at is None)."""
        S = snapshots_table.c
        q = select(S.stream, S.version, S.occurred_us, S.state).where(S.stream == stream)
        if at is not None:
            q = q.where(S.occurred_us <= to_us(at))
        q = q.order_by(S.version.desc()).limit(1)
        with self.db.reading() as conn:
            row = conn.execute(q).first()
        if row is None:
            return None
        return Snapshot(row.stream, row.version, from_us(row.occurred_us), json.loads(row.state))

    # ------------------------------------------------------------ plan texts
    def save_plan_source(
        self, hash: str, plan_id: str, version: str | int, title: str, source: str
    ) -> None:
        """Pin a plan text by its content hash; saving the same hash again changes nothing."""
        values = {
            "hash": hash,
            "plan_id": plan_id,
            "version": str(version),
            "title": title,
            "source": source,
            "first_seen_us": to_us(self.clock.now()),
        }
        with self.db.connect() as conn:
            conn.execute(_upsert(conn, plans_table, values, ["hash"], update=None))

    def plan_source(self, hash: str) -> str | None:
        """The pinned text of the plan with this content hash."""
        with self.db.reading() as conn:
            return conn.execute(
                select(plans_table.c.source).where(plans_table.c.hash == hash)
            ).scalar()


_INSERT_COLUMNS = [c.name for c in EVENT_COLUMNS]


def _insert_sql(conn: Connection) -> str:
    """INSERT INTO events in the driver's own parameter style (qmark or format)."""
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    return f"INSERT INTO events ({', '.join(_INSERT_COLUMNS)}) VALUES ({', '.join([mark] * len(_INSERT_COLUMNS))})"


def _upsert(
    conn: Connection, table: Any, values: dict[str, Any], keys: list[str], update: list[str] | None
) -> Any:
    """INSERT … ON CONFLICT (DO NOTHING | DO UPDATE) for either backend."""
    from sqlalchemy.dialects import postgresql, sqlite

    dialect_insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
    stmt = dialect_insert(table).values(values)
    if update:
        return stmt.on_conflict_do_update(
            index_elements=keys, set_={k: stmt.excluded[k] for k in update}
        )
    return stmt.on_conflict_do_nothing(index_elements=keys)
