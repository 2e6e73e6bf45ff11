"""The ``users`` table (migration 0004_accounts). Times are integer µs UTC like the rest."""

from __future__ import annotations

from typing import cast

from sqlalchemy import BigInteger, Boolean, Integer, String, Table
from sqlalchemy.orm import Mapped, mapped_column

from console.store.models import Base


class UserRow(Base):
    __tablename__ = "users"

    username: Mapped[str] = mapped_column(String(64), primary_key=True)
    display_name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(40))
    unit: Mapped[str | None] = mapped_column(String(100), nullable=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean)
    failed_logins: Mapped[int] = mapped_column(Integer)
    locked_until_us: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    created_us: Mapped[int] = mapped_column(BigInteger)
    last_login_us: Mapped[int | None] = mapped_column(BigInteger, nullable=True)


users_table = cast(Table, UserRow.__table__)
