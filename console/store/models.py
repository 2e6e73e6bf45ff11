"""SQLAlchemy 2 typed models for every table of the store.

Times are integer microseconds since the Unix epoch (UTC): exact, sortable and the
same on SQLite and PostgreSQL. Conversion to ``datetime`` happens at the edges
(:mod:`console.store.chain`). Bulk paths use the ``__table__`` objects with Core
statements; the ORM classes are there for typed reads by other services.
"""

from __future__ import annotations

from typing import cast

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Float,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# On SQLite only "INTEGER PRIMARY KEY" is the rowid alias (clustered, no extra index).
SeqType = BigInteger().with_variant(Integer(), "sqlite")

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Plan(Base):
    """A pinned plan text: incidents refer to it by content hash, never by file."""

    __tablename__ = "plans"

    hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    plan_id: Mapped[str] = mapped_column(String(200), index=True)
    version: Mapped[str] = mapped_column(String(50))
    title: Mapped[str] = mapped_column(String(500))
    source: Mapped[str] = mapped_column(Text)
    first_seen_us: Mapped[int] = mapped_column(BigInteger)


class Event(Base):
    """One immutable event; ``seq`` is global, ``version`` is per stream."""

    __tablename__ = "events"
    __table_args__ = (
        UniqueConstraint("stream", "version"),
        Index("ix_events_stream_occurred_us", "stream", "occurred_us"),
        CheckConstraint("mode IN ('real', 'drill')", name="mode"),
        CheckConstraint("version >= 1", name="version"),
    )

    seq: Mapped[int] = mapped_column(SeqType, primary_key=True, autoincrement=False)
    stream: Mapped[str] = mapped_column(String(200))
    version: Mapped[int] = mapped_column(Integer)
    type: Mapped[str] = mapped_column(String(100))
    occurred_us: Mapped[int] = mapped_column(BigInteger)
    recorded_us: Mapped[int] = mapped_column(BigInteger)
    actor: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(100))
    mode: Mapped[str] = mapped_column(String(10))
    payload: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    # The PostgreSQL login that wrote it (stamped by the server; not hashed). NULL on SQLite.
    db_user: Mapped[str | None] = mapped_column(String(100), nullable=True)


class ChainHead(Base):
    """The single row every append locks: the serialisation point of the log."""

    __tablename__ = "chain_head"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(BigInteger)
    hash: Mapped[str] = mapped_column(String(64))


class Snapshot(Base):
    """A cached state of a stream at a version, so replay need not start at 1."""

    __tablename__ = "snapshots"
    __table_args__ = (Index("ix_snapshots_stream_occurred_us", "stream", "occurred_us"),)

    stream: Mapped[str] = mapped_column(String(200), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    occurred_us: Mapped[int] = mapped_column(BigInteger)
    state: Mapped[str] = mapped_column(Text)


class Incident(Base):
    """Current-state projection of an incident (written by the incident service)."""

    __tablename__ = "incidents"
    __table_args__ = (CheckConstraint("mode IN ('real', 'drill')", name="mode"),)

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    title: Mapped[str] = mapped_column(String(500))
    plan_hash: Mapped[str] = mapped_column(String(64), index=True)
    plan_id: Mapped[str] = mapped_column(String(200))
    mode: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(50), index=True)
    level: Mapped[str | None] = mapped_column(String(20), nullable=True)
    state: Mapped[str] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer)
    opened_us: Mapped[int] = mapped_column(BigInteger)
    updated_us: Mapped[int] = mapped_column(BigInteger, index=True)
    lat: Mapped[float | None] = mapped_column(Float, nullable=True)
    lon: Mapped[float | None] = mapped_column(Float, nullable=True)
    place: Mapped[str | None] = mapped_column(String(500), nullable=True)
    # The last event folded into this row: commands and replay check the row against the log.
    last_seq: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    last_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)


class Checkpoint(Base):
    """A signed statement that the chain head was (seq, hash) when ``signer`` signed it."""

    __tablename__ = "checkpoints"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    seq: Mapped[int] = mapped_column(BigInteger, index=True)
    hash: Mapped[str] = mapped_column(String(64))
    signed_us: Mapped[int] = mapped_column(BigInteger)
    signer: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(String(200))
    public_key: Mapped[str] = mapped_column(String(64))  # Ed25519, hex: the account's or a session's
    certificate: Mapped[str | None] = mapped_column(Text, nullable=True)  # a session key's certificate
    signature: Mapped[str] = mapped_column(String(128))


# Core handles for bulk statements (typed as Table so Core's signatures accept them).
plans_table = cast(Table, Plan.__table__)
events_table = cast(Table, Event.__table__)
chain_head_table = cast(Table, ChainHead.__table__)
snapshots_table = cast(Table, Snapshot.__table__)
incidents_table = cast(Table, Incident.__table__)
checkpoints_table = cast(Table, Checkpoint.__table__)


class PlanLibraryEntry(Base):
    """One plan version in the centre's plan library (预案库), by the content hash of its text
    (pinned in ``plans``). Written with a ``library.*`` event by console/library (migration
    0010_plan_library, which also lists the plans already pinned by incidents as ``pinned``)."""

    __tablename__ = "plan_library"

    content_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    plan_id: Mapped[str] = mapped_column(String(200), index=True)
    version: Mapped[str] = mapped_column(String(50))
    title: Mapped[str] = mapped_column(String(500))
    jurisdiction: Mapped[str] = mapped_column(String(12), index=True)  # 行政区划代码
    jurisdiction_name: Mapped[str] = mapped_column(String(200))
    domain: Mapped[str] = mapped_column(String(20))  # food | drug | device | cosmetic | vaccine
    level: Mapped[str | None] = mapped_column(String(20), nullable=True)  # province | city | county
    status: Mapped[str] = mapped_column(String(10))  # in_use (在用) | retired (已停用)
    origin: Mapped[str] = mapped_column(String(10))  # file | text | pinned (来自既有事件)
    added_us: Mapped[int] = mapped_column(BigInteger)
    added_by: Mapped[str] = mapped_column(String(100))
    file_name: Mapped[str] = mapped_column(String(500))
    retired_us: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    retired_by: Mapped[str] = mapped_column(String(100))
    retired_reason: Mapped[str] = mapped_column(String(500))


plan_library_table = cast(Table, PlanLibraryEntry.__table__)
