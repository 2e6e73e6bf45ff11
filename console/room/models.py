"""Tables of the room (created by migration 0008_room).

- ``room_seats``: one row per running console (a seat): who sits there, in which role, which
  incident it shows and what it edits, and its last heartbeat. Ephemeral, not in the chain.
- ``room_instructions`` / ``room_receipts``: instructions (批示/指令) and, per recipient, the
  acknowledgement (签收) and the feedback (反馈). Every row is written with its ``room`` event.
- ``room_assignments``: an incident, a plan task or a report draft assigned to an account.
- ``room_alarm_acks``: the one acknowledgement (确认) of an alarm, for every seat.

Times are integer microseconds UTC, like the rest of the store.
"""

from __future__ import annotations

from typing import cast

from sqlalchemy import BigInteger, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column

from console.store.models import Base


class SeatRow(Base):
    """A seat (a running console): presence, heartbeats, what it views and edits."""

    __tablename__ = "room_seats"

    seat_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    username: Mapped[str] = mapped_column(String(100), index=True)
    display_name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(40))
    unit: Mapped[str | None] = mapped_column(String(100), nullable=True)
    host: Mapped[str] = mapped_column(String(100))
    started_us: Mapped[int] = mapped_column(BigInteger)
    heartbeat_us: Mapped[int] = mapped_column(BigInteger)
    viewing: Mapped[str | None] = mapped_column(String(64), nullable=True)  # an incident id
    editing_kind: Mapped[str | None] = mapped_column(String(40), nullable=True)  # facts | report | …
    editing_id: Mapped[str | None] = mapped_column(String(100), nullable=True)
    state: Mapped[str] = mapped_column(String(20))  # online | left


class InstructionRow(Base):
    """An instruction (批示/指令) to a seat, an account, a unit or everyone."""

    __tablename__ = "room_instructions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    incident_id: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    kind: Mapped[str] = mapped_column(String(20))  # 批示 | 指令
    sender: Mapped[str] = mapped_column(String(100))
    sender_role: Mapped[str] = mapped_column(String(40))
    target_kind: Mapped[str] = mapped_column(String(20))  # account | unit | all
    target: Mapped[str] = mapped_column(String(100))  # the account, the unit, or "" for everyone
    text: Mapped[str] = mapped_column(Text)
    sent_us: Mapped[int] = mapped_column(BigInteger)
    escalate_s: Mapped[int] = mapped_column(Integer)
    event_version: Mapped[int] = mapped_column(Integer)  # its ``room.instruction`` event


class ReceiptRow(Base):
    """A recipient's acknowledgement (签收) and feedback (反馈) of an instruction."""

    __tablename__ = "room_receipts"

    instruction_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(100), primary_key=True)
    acked_us: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    ack_version: Mapped[int | None] = mapped_column(Integer, nullable=True)
    feedback: Mapped[str | None] = mapped_column(Text, nullable=True)
    feedback_us: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    feedback_version: Mapped[int | None] = mapped_column(Integer, nullable=True)


class AssignmentRow(Base):
    """An incident, a plan task or a report draft assigned to a named account."""

    __tablename__ = "room_assignments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    incident_id: Mapped[str] = mapped_column(String(64), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # incident | task | report
    ref: Mapped[str] = mapped_column(String(100))  # the incident id, task id or report id
    assignee: Mapped[str] = mapped_column(String(100), index=True)
    assigned_by: Mapped[str] = mapped_column(String(100))
    assigned_us: Mapped[int] = mapped_column(BigInteger)
    note: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(20))  # open | done | replaced
    closed_us: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    event_version: Mapped[int] = mapped_column(Integer)
    closed_version: Mapped[int | None] = mapped_column(Integer, nullable=True)


class AlarmAckRow(Base):
    """The acknowledgement (确认) of one alarm: quiets it on every seat."""

    __tablename__ = "room_alarm_acks"

    alarm_key: Mapped[str] = mapped_column(String(200), primary_key=True)
    incident_id: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(Text)
    acked_by: Mapped[str] = mapped_column(String(100))
    acked_us: Mapped[int] = mapped_column(BigInteger)
    event_version: Mapped[int] = mapped_column(Integer)


seats_table = cast(Table, SeatRow.__table__)
instructions_table = cast(Table, InstructionRow.__table__)
receipts_table = cast(Table, ReceiptRow.__table__)
assignments_table = cast(Table, AssignmentRow.__table__)
alarm_acks_table = cast(Table, AlarmAckRow.__table__)
ROOM_TABLES = ("room_seats", "room_instructions", "room_receipts", "room_assignments", "room_alarm_acks")
