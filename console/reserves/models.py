"""Tables of the reserves ledger (revision 0002_reserves writes the same schema by hand).

* ``reserve_depots`` — 储备库/储备点: where, which tier, who keeps it, how it is held.
* ``reserve_lots`` — one batch of one item at one depot. ``balance`` is the running
  sum of that lot's movements, kept in the same transaction as every movement: it is the
  row that concurrent writers lock, and its ``CHECK (balance >= 0)`` is the last line of
  defence against negative stock on both backends. ``Ledger.verify()`` proves it equals
  the sum of the ledger.
* ``reserve_movements`` — the ledger itself, append-only (triggers refuse UPDATE/DELETE).
* ``reserve_minimums`` — per-depot minimum stock (overrides the catalogue default).
* ``reserve_requests`` — material requests (from a plan effect or a person) and their
  proposal/decision; a workflow record, the decisions are also incident events.

Times are integer µs UTC like the rest of the store; dates (expiry) are ISO strings
``YYYY-MM-DD`` so that they sort and compare identically on SQLite and PostgreSQL.
"""

from __future__ import annotations

from typing import cast

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    UniqueConstraint,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column

from console.store.models import Base, SeqType

TIERS = ("市级储备中心", "县级储备库", "乡镇储备点")
SOURCES = ("政府储备", "协议储备", "企业代储")
MOVEMENT_KINDS = (
    "receive", "issue", "transfer_out", "transfer_in", "consume", "return", "adjust", "expire",
)
#: Chinese names used in every message and export.
KIND_NAMES = {
    "receive": "入库", "issue": "出库调拨", "transfer_out": "调出", "transfer_in": "调入",
    "consume": "消耗", "return": "归还", "adjust": "盘点调整", "expire": "过期报废",
}
REQUEST_STATUSES = ("pending", "approved", "rejected")


class ReserveDepot(Base):
    __tablename__ = "reserve_depots"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    tier: Mapped[str] = mapped_column(String(20))
    region: Mapped[str | None] = mapped_column(String(12), nullable=True)
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    custodian: Mapped[str] = mapped_column(String(100), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    source: Mapped[str] = mapped_column(String(20), default="")
    created_us: Mapped[int] = mapped_column(BigInteger)
    # deactivated (not deleted) by a ``reference.depot_deactivated`` event: keeps its history,
    # left out of allocation and stock-takes (migration 0011_reference)
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    status_reason: Mapped[str] = mapped_column(String(500), default="", server_default="")


class ReserveLot(Base):
    __tablename__ = "reserve_lots"
    __table_args__ = (
        UniqueConstraint("depot_id", "item", "lot"),
        CheckConstraint("balance >= 0", name="balance_not_negative"),
        Index("ix_reserve_lots_item_expiry", "item", "expiry"),
    )

    id: Mapped[int] = mapped_column(SeqType, primary_key=True, autoincrement=True)
    depot_id: Mapped[str] = mapped_column(ForeignKey("reserve_depots.id"))
    item: Mapped[str] = mapped_column(String(10))
    lot: Mapped[str] = mapped_column(String(60))
    expiry: Mapped[str | None] = mapped_column(String(10), nullable=True)
    produced: Mapped[str | None] = mapped_column(String(10), nullable=True)
    balance: Mapped[int] = mapped_column(BigInteger)
    created_us: Mapped[int] = mapped_column(BigInteger)


class ReserveMovement(Base):
    __tablename__ = "reserve_movements"
    __table_args__ = (
        CheckConstraint("qty <> 0", name="qty_not_zero"),
        CheckConstraint(
            "kind IN ('receive', 'issue', 'transfer_out', 'transfer_in', 'consume', 'return', "
            "'adjust', 'expire')",
            name="kind",
        ),
        Index("ix_reserve_movements_lot_id_seq", "lot_id", "seq"),
        Index("ix_reserve_movements_incident_id", "incident_id"),
    )

    seq: Mapped[int] = mapped_column(SeqType, primary_key=True, autoincrement=True)
    lot_id: Mapped[int] = mapped_column(ForeignKey("reserve_lots.id"))
    kind: Mapped[str] = mapped_column(String(20))
    qty: Mapped[int] = mapped_column(BigInteger)  # signed change of the lot's balance
    occurred_us: Mapped[int] = mapped_column(BigInteger)
    recorded_us: Mapped[int] = mapped_column(BigInteger)
    actor: Mapped[str] = mapped_column(String(100))
    incident_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    request_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    ref: Mapped[str | None] = mapped_column(String(64), nullable=True)  # groups a transfer's two legs
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)


class ReserveMinimum(Base):
    __tablename__ = "reserve_minimums"

    depot_id: Mapped[str] = mapped_column(ForeignKey("reserve_depots.id"), primary_key=True)
    item: Mapped[str] = mapped_column(String(10), primary_key=True)
    min_qty: Mapped[int] = mapped_column(BigInteger)


class ReserveRequest(Base):
    __tablename__ = "reserve_requests"
    __table_args__ = (
        UniqueConstraint("incident_id", "plan_ref"),
        CheckConstraint("status IN ('pending', 'approved', 'rejected')", name="status"),
        Index("ix_reserve_requests_status", "status"),
    )

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    incident_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    plan_ref: Mapped[str | None] = mapped_column(String(20), nullable=True)  # engine's M1, M2 …
    title: Mapped[str] = mapped_column(String(200))
    items: Mapped[str] = mapped_column(Text)  # JSON [{item, qty}]
    place: Mapped[str] = mapped_column(String(200), default="")
    lat: Mapped[float | None] = mapped_column(Float, nullable=True)
    lon: Mapped[float | None] = mapped_column(Float, nullable=True)
    status: Mapped[str] = mapped_column(String(10))
    created_us: Mapped[int] = mapped_column(BigInteger)
    created_by: Mapped[str] = mapped_column(String(100))
    proposal: Mapped[str | None] = mapped_column(Text, nullable=True)  # JSON, the edited plan
    decided_us: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    decided_by: Mapped[str | None] = mapped_column(String(100), nullable=True)
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)


depots_table = cast(Table, ReserveDepot.__table__)
lots_table = cast(Table, ReserveLot.__table__)
movements_table = cast(Table, ReserveMovement.__table__)
minimums_table = cast(Table, ReserveMinimum.__table__)
requests_table = cast(Table, ReserveRequest.__table__)
