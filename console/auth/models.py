"""The ``users``, ``sessions`` and ``login_throttle`` tables (migrations 0004_accounts, 0005_trust, 0012_admin).

Times are integer µs UTC like the rest.
"""

from __future__ import annotations

from typing import cast

from sqlalchemy import BigInteger, Boolean, Integer, String, Table, Text
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
    roles: Mapped[str | None] = mapped_column(String(200), nullable=True)  # further roles, comma-separated
    public_key: Mapped[str | None] = mapped_column(String(64), nullable=True)  # Ed25519, hex
    private_key: Mapped[str | None] = mapped_column(Text, nullable=True)  # PKCS#8 PEM, password-encrypted
    # set by an administrator's lock (0012_admin): no login until an administrator unlocks
    lock_reason: Mapped[str | None] = mapped_column(String(200), nullable=True)


class SessionRow(Base):
    """A CLI login: the token's sha256, and a session signing key certified by the account key."""

    __tablename__ = "sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    username: Mapped[str] = mapped_column(String(64), index=True)
    created_us: Mapped[int] = mapped_column(BigInteger)
    expires_us: Mapped[int] = mapped_column(BigInteger)
    public_key: Mapped[str] = mapped_column(String(64))
    certificate: Mapped[str] = mapped_column(String(128))


class LoginThrottleRow(Base):
    """Failed logins for one name in the current window (summarised, not one event each)."""

    __tablename__ = "login_throttle"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    window_us: Mapped[int] = mapped_column(BigInteger)
    failures: Mapped[int] = mapped_column(Integer)
    logged: Mapped[int] = mapped_column(Integer)


users_table = cast(Table, UserRow.__table__)
sessions_table = cast(Table, SessionRow.__table__)
login_throttle_table = cast(Table, LoginThrottleRow.__table__)
