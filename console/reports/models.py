"""Tables of the reports feature (created by migration 0003_records; the approval columns by 0007_attachments).

Times are integer microseconds UTC, like the rest of the store.
"""

from __future__ import annotations

from typing import cast

from sqlalchemy import BigInteger, Index, Integer, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from console.store.models import Base


class Report(Base):
    """One version of one information report. A correction is a new row (version + 1)."""

    __tablename__ = "reports"
    __table_args__ = (
        UniqueConstraint("report_no", "version"),
        Index("ix_reports_incident_id_kind", "incident_id", "kind"),
    )

    id: Mapped[str] = mapped_column(String(120), primary_key=True)
    report_no: Mapped[str] = mapped_column(String(100))
    incident_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(40))
    seq_no: Mapped[int] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20))  # draft | reviewed | signed | submitted
    content: Mapped[str] = mapped_column(Text)  # JSON: {fields: {...}, ...}
    content_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    supersedes: Mapped[str | None] = mapped_column(String(120), nullable=True)
    deadline_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    created_us: Mapped[int] = mapped_column(BigInteger)
    created_by: Mapped[str] = mapped_column(String(100))
    updated_us: Mapped[int] = mapped_column(BigInteger)
    submitted_us: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    submitted_by: Mapped[str | None] = mapped_column(String(100), nullable=True)
    event_version: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # the approval step (拟稿 → 审核 → 签发): who reviewed and who signed, and when
    reviewed_us: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    reviewed_by: Mapped[str | None] = mapped_column(String(100), nullable=True)
    signed_us: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    signed_by: Mapped[str | None] = mapped_column(String(100), nullable=True)


reports_table = cast(Table, Report.__table__)
