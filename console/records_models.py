"""Tables of the records package (created by migration 0003_records).

Times are integer microseconds UTC, like the rest of the store. JSON-valued columns hold
canonical JSON text (``console.store.chain.canonical_json``).
"""

from __future__ import annotations

from typing import cast

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String, Table, Text, UniqueConstraint
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
    status: Mapped[str] = mapped_column(String(20))  # draft | submitted
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


experts_table = cast(Table, Expert.__table__)
reports_table = cast(Table, Report.__table__)
consultations_table = cast(Table, Consultation.__table__)
invites_table = cast(Table, ConsultationInvite.__table__)
opinions_table = cast(Table, ConsultationOpinion.__table__)
duty_table = cast(Table, DutyEntry.__table__)
