"""Tables of the contacts feature (created by migration 0006_contacts).

Times are integer microseconds UTC, like the rest of the store.
"""

from __future__ import annotations

from typing import cast

from sqlalchemy import BigInteger, Index, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column

from console.store.models import Base


class Contact(Base):
    """One entry of the directory (通讯录): a unit, a 带班领导 or other person, or a member unit."""

    __tablename__ = "contacts"

    code: Mapped[str] = mapped_column(String(20), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # unit | leader | member | person
    name: Mapped[str] = mapped_column(String(100))
    organisation: Mapped[str] = mapped_column(String(100), default="")
    position: Mapped[str] = mapped_column(String(100), default="")  # 职务 / 值班角色
    office_phone: Mapped[str] = mapped_column(String(30), default="")
    mobile: Mapped[str] = mapped_column(String(30), default="")
    fax: Mapped[str] = mapped_column(String(30), default="")
    duties: Mapped[str] = mapped_column(Text, default="")  # the unit's responsibilities (职责)
    plan_units: Mapped[str] = mapped_column(String(200), default="")  # plan unit ids, comma-separated
    region: Mapped[str] = mapped_column(String(50), default="")
    note: Mapped[str] = mapped_column(String(500), default="")
    updated_us: Mapped[int] = mapped_column(BigInteger)


class Notification(Base):
    """One call or message to a contact about an incident (通知记录)."""

    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_at_us", "at_us"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    incident_id: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    source: Mapped[str] = mapped_column(String(20))  # task | notice | report | other
    source_ref: Mapped[str] = mapped_column(String(120), default="")
    contact_code: Mapped[str] = mapped_column(String(40))  # a contact's code, or expert:<code>
    contact_name: Mapped[str] = mapped_column(String(100))
    organisation: Mapped[str] = mapped_column(String(100), default="")
    number: Mapped[str] = mapped_column(String(30), default="")
    method: Mapped[str] = mapped_column(String(20))  # phone | sms | fax | in_person
    result: Mapped[str] = mapped_column(String(20))  # connected | no_answer | informed | replied
    reply: Mapped[str] = mapped_column(Text, default="")
    message: Mapped[str] = mapped_column(Text, default="")
    at_us: Mapped[int] = mapped_column(BigInteger)
    recorded_us: Mapped[int] = mapped_column(BigInteger)
    actor: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(50))
    event_version: Mapped[int | None] = mapped_column(Integer, nullable=True)


contacts_table = cast(Table, Contact.__table__)
notifications_table = cast(Table, Notification.__table__)
