"""Tables of the experts feature (created by migration 0003_records).

Times are integer microseconds UTC, like the rest of the store.
"""

from __future__ import annotations

from typing import cast

from sqlalchemy import BigInteger, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column

from console.store.models import Base


class Expert(Base):
    """One member of the expert pool (专家库)."""

    __tablename__ = "experts"

    code: Mapped[str] = mapped_column(String(20), primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    specialties: Mapped[str] = mapped_column(Text)  # JSON list of specialty names
    organisation: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(50), default="")
    phone: Mapped[str] = mapped_column(String(30))
    availability: Mapped[str] = mapped_column(String(20))  # available | away | unavailable
    region: Mapped[str] = mapped_column(String(50), default="")
    note: Mapped[str] = mapped_column(String(500), default="")
    updated_us: Mapped[int] = mapped_column(BigInteger)


experts_table = cast(Table, Expert.__table__)
