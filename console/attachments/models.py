"""The attachments table (created by migration 0007_attachments).

A file attached to an incident, one of its reports or one of its tasks: the bytes themselves,
their SHA-256 (also written into the incident's log by the ``log.attachment_added`` event),
size and the type recognised from the content. Times are integer microseconds UTC.
"""

from __future__ import annotations

from typing import cast

from sqlalchemy import BigInteger, Index, Integer, LargeBinary, String, Table
from sqlalchemy.orm import Mapped, mapped_column

from console.store.models import Base


class Attachment(Base):
    __tablename__ = "attachments"
    __table_args__ = (Index("ix_attachments_incident_id_owner_kind_owner_id", "incident_id", "owner_kind",
                            "owner_id"),)

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    incident_id: Mapped[str] = mapped_column(String(64))
    owner_kind: Mapped[str] = mapped_column(String(20))  # incident | report | task
    owner_id: Mapped[str] = mapped_column(String(120))
    filename: Mapped[str] = mapped_column(String(200))
    media_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    note: Mapped[str | None] = mapped_column(String(200), nullable=True)
    added_us: Mapped[int] = mapped_column(BigInteger)
    added_by: Mapped[str] = mapped_column(String(100))
    event_version: Mapped[int] = mapped_column(Integer)


attachments_table = cast(Table, Attachment.__table__)
