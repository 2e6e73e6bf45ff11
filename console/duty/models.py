"""Tables of the duty feature (created by migration 0003_records).

Times are integer microseconds UTC, like the rest of the store.
"""

from __future__ import annotations

from typing import cast

from sqlalchemy import BigInteger, Index, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column

from console.store.models import Base


class DutyEntry(Base):
    """A duty-log entry (应急值守): a note or a shift handover, for an incident or the centre."""

    __tablename__ = "duty_log"
    __table_args__ = (Index("ix_duty_log_at_us", "at_us"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    incident_id: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    kind: Mapped[str] = mapped_column(String(20))  # note | handover
    at_us: Mapped[int] = mapped_column(BigInteger)
    recorded_us: Mapped[int] = mapped_column(BigInteger)
    actor: Mapped[str] = mapped_column(String(100))
    shift: Mapped[str] = mapped_column(String(50), default="")
    text: Mapped[str] = mapped_column(Text)
    from_person: Mapped[str | None] = mapped_column(String(50), nullable=True)
    to_person: Mapped[str | None] = mapped_column(String(50), nullable=True)
    pending: Mapped[str | None] = mapped_column(Text, nullable=True)
    event_version: Mapped[int | None] = mapped_column(Integer, nullable=True)


duty_table = cast(Table, DutyEntry.__table__)
