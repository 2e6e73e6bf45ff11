"""Tables of the consultations feature (created by migration 0003_records).

Times are integer microseconds UTC, like the rest of the store.
"""

from __future__ import annotations

from typing import cast

from sqlalchemy import BigInteger, ForeignKey, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column

from console.store.models import Base


class Consultation(Base):
    """An expert consultation (专家会商) on one question of one incident."""

    __tablename__ = "consultations"

    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    incident_id: Mapped[str] = mapped_column(String(64), index=True)
    question: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    specialties: Mapped[str] = mapped_column(Text)  # JSON list
    quorum: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20))  # open | concluded
    opened_us: Mapped[int] = mapped_column(BigInteger)
    opened_by: Mapped[str] = mapped_column(String(100))
    chair: Mapped[str | None] = mapped_column(String(20), nullable=True)
    outcome: Mapped[str | None] = mapped_column(String(20), nullable=True)
    level: Mapped[str | None] = mapped_column(String(20), nullable=True)
    summary: Mapped[str | None] = mapped_column(Text, nullable=True)
    concluded_us: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    concluded_by: Mapped[str | None] = mapped_column(String(100), nullable=True)
    event_version: Mapped[int | None] = mapped_column(Integer, nullable=True)


class ConsultationInvite(Base):
    __tablename__ = "consultation_invites"

    consultation_id: Mapped[str] = mapped_column(
        String(100), ForeignKey("consultations.id"), primary_key=True)
    expert_code: Mapped[str] = mapped_column(String(20), primary_key=True)
    invited_us: Mapped[int] = mapped_column(BigInteger)
    invited_by: Mapped[str] = mapped_column(String(100))


class ConsultationOpinion(Base):
    """One expert's opinion: what they recommend, at which level, and any dissent (保留意见)."""

    __tablename__ = "consultation_opinions"

    consultation_id: Mapped[str] = mapped_column(
        String(100), ForeignKey("consultations.id"), primary_key=True)
    expert_code: Mapped[str] = mapped_column(String(20), primary_key=True)
    recommend: Mapped[str] = mapped_column(String(20))  # approve | reject
    level: Mapped[str | None] = mapped_column(String(20), nullable=True)
    text: Mapped[str] = mapped_column(Text)
    dissent: Mapped[str | None] = mapped_column(Text, nullable=True)
    at_us: Mapped[int] = mapped_column(BigInteger)
    recorded_by: Mapped[str] = mapped_column(String(100))


consultations_table = cast(Table, Consultation.__table__)
invites_table = cast(Table, ConsultationInvite.__table__)
opinions_table = cast(Table, ConsultationOpinion.__table__)
