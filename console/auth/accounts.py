"""User accounts: argon2 password hashes, login with lockout, administrative actions as events.

Every account change is an event in the ``admin`` stream of the hash-chained log (who did it,
when, what changed — never the password or its hash), written in the same transaction as the
``users`` row. Logins, failed logins and lockouts go to the ``auth`` stream, so the log shows
who was at the console and every attempt to get in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import Connection, insert, select, update

from console.auth.models import users_table
from console.auth.roles import ROLE_TITLES, check_action, role_title
from console.clock import CHINA_TZ, UTC, Clock, SystemClock
from console.errors import Refused
from console.plan.engine import Rejected
from console.store.chain import from_us, to_us
from console.store.db import Database
from console.store.eventlog import EventLog, NewEvent, StaleAppend, StoredEvent

MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)
MIN_PASSWORD = 8
U = users_table.c
_HASHER = PasswordHasher()


@cache
def _dummy_hash() -> str:
    """Verifying against this keeps a login for an unknown name as slow as for a known one
    (made on first use: hashing at import would slow every start of the console)."""
    return _HASHER.hash("not-a-real-password")


class LoginFailed(Refused):
    """Login refused; ``reason`` is shown to the user as it is."""


@dataclass(frozen=True)
class User:
    username: str
    display_name: str
    role: str
    unit: str | None
    active: bool

    @property
    def role_title(self) -> str:
        return role_title(self.role)


def _user(row) -> User:  # type: ignore[no-untyped-def]
    return User(row.username, row.display_name, row.role, row.unit, bool(row.active))


class AccountService:
    def __init__(self, db: Database, clock: Clock | None = None, hasher: PasswordHasher | None = None):
        self.db = db
        self.clock: Clock = clock or SystemClock()
        self.log = EventLog(db, self.clock)
        self.hasher = hasher or _HASHER

    # -- reading ---------------------------------------------------------------------
    def list(self) -> list[User]:
        with self.db.reading() as conn:
            return [_user(r) for r in conn.execute(select(users_table).order_by(U.username))]

    def get(self, username: str) -> User | None:
        with self.db.reading() as conn:
            row = conn.execute(select(users_table).where(U.username == username)).first()
        return _user(row) if row else None

    def has_users(self) -> bool:
        with self.db.reading() as conn:
            return conn.execute(select(U.username).limit(1)).first() is not None

    # -- administration (admin role; the first account may be created by anyone) -----
    def create(self, username: str, password: str, *, role: str, display_name: str, by: User | None,
               unit: str | None = None) -> User:
        if by is None:
            if self.has_users():
                raise Rejected("role", "已有用户账号：新账号须由管理员创建")
            if role != "admin":
                raise Rejected("role", "第一个账号必须是管理员")
        else:
            check_action(by.role, "users.manage")
        username = (username or "").strip()
        if not username or len(username) > 64 or any(c.isspace() for c in username):
            raise Rejected("bad_username", "登录名不能为空、不能含空格，且不超过 64 个字符")
        self._check_role(role)
        self._check_password(password)
        if not (display_name or "").strip():
            raise Rejected("bad_name", "请填写姓名")
        if self.get(username) is not None:
            raise Rejected("exists", f"登录名「{username}」已存在")
        now = self.clock.now()
        pw_hash = self.hasher.hash(password)

        def write(conn: Connection, _evs: list[StoredEvent]) -> None:
            conn.execute(insert(users_table).values(
                username=username, display_name=display_name.strip(), role=role, unit=unit,
                password_hash=pw_hash, active=True, failed_logins=0, locked_until_us=None,
                created_us=to_us(now), last_login_us=None))

        self._admin_event("admin.user_created", by, {"username": username, "display_name": display_name.strip(),
                                                     "role": role, "unit": unit}, write)
        return User(username, display_name.strip(), role, unit, True)

    def set_role(self, username: str, role: str, *, by: User, unit: str | None = None) -> None:
        check_action(by.role, "users.manage")
        self._check_role(role)
        old = self._require(username)
        if old.username == by.username and role != "admin":
            raise Rejected("self", "不能取消自己的管理员角色（请由另一位管理员操作）")
        self._admin_event("admin.role_changed", by, {"username": username, "from": old.role, "to": role, "unit": unit},
                          lambda conn, _e: conn.execute(update(users_table).where(U.username == username)
                                                        .values(role=role, unit=unit)))

    def reset_password(self, username: str, password: str, *, by: User) -> None:
        if by.username != username:
            check_action(by.role, "users.manage")
        self._require(username)
        self._check_password(password)
        pw_hash = self.hasher.hash(password)
        self._admin_event("admin.password_reset", by, {"username": username},
                          lambda conn, _e: conn.execute(update(users_table).where(U.username == username).values(
                              password_hash=pw_hash, failed_logins=0, locked_until_us=None)))

    def set_active(self, username: str, active: bool, *, by: User) -> None:
        check_action(by.role, "users.manage")
        self._require(username)
        if username == by.username and not active:
            raise Rejected("self", "不能停用自己的账号")
        self._admin_event("admin.user_enabled" if active else "admin.user_disabled", by, {"username": username},
                          lambda conn, _e: conn.execute(update(users_table).where(U.username == username)
                                                        .values(active=active, failed_logins=0, locked_until_us=None)))

    # -- login -------------------------------------------------------------------------
    def login(self, username: str, password: str) -> User:
        """The user, or LoginFailed. Five wrong passwords lock the account for 15 minutes."""
        now = self.clock.now()
        with self.db.reading() as conn:
            row = conn.execute(select(users_table).where(U.username == (username or "").strip())).first()
        if row is None:
            try:
                self.hasher.verify(_dummy_hash(), password or "")
            except VerificationError:
                pass
            self._auth_event("auth.login_failed", username, "unknown", {"username": username})
            raise LoginFailed("登录名或密码不正确")
        if not row.active:
            self._auth_event("auth.login_failed", row.username, row.role, {"username": row.username,
                                                                          "why": "disabled"})
            raise LoginFailed("该账号已停用，请联系管理员")
        if row.locked_until_us is not None and from_us(row.locked_until_us) > now:
            until = from_us(row.locked_until_us).astimezone(CHINA_TZ)
            raise LoginFailed(f"密码连续输错 {MAX_FAILURES} 次，账号已锁定至 {until:%H:%M}，请稍后再试或联系管理员")
        try:
            self.hasher.verify(row.password_hash, password or "")
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            failures = row.failed_logins + 1
            locked = failures >= MAX_FAILURES
            values: dict[str, object] = {"failed_logins": 0 if locked else failures}
            if locked:
                values["locked_until_us"] = to_us(now + LOCKOUT)
            self._auth_event("auth.locked" if locked else "auth.login_failed", row.username, row.role,
                             {"username": row.username, "failures": failures},
                             lambda conn, _e: conn.execute(update(users_table)
                                                           .where(U.username == row.username).values(**values)))
            if locked:
                until = (now + LOCKOUT).astimezone(CHINA_TZ)
                raise LoginFailed(f"密码连续输错 {MAX_FAILURES} 次，账号已锁定至 {until:%H:%M}") from None
            left = MAX_FAILURES - failures
            raise LoginFailed(f"登录名或密码不正确（再错 {left} 次账号将锁定 {LOCKOUT.seconds // 60} 分钟）") from None
        self._auth_event("auth.login", row.username, row.role, {"username": row.username},
                         lambda conn, _e: conn.execute(update(users_table).where(U.username == row.username).values(
                             failed_logins=0, locked_until_us=None, last_login_us=to_us(now))))
        return _user(row)

    # -- internals ---------------------------------------------------------------------
    def _require(self, username: str) -> User:
        u = self.get(username)
        if u is None:
            raise Rejected("no_user", f"没有用户「{username}」")
        return u

    @staticmethod
    def _check_role(role: str) -> None:
        if role not in ROLE_TITLES:
            raise Rejected("bad_role", f"未知的角色「{role}」（可用：{'、'.join(ROLE_TITLES.values())}）")

    @staticmethod
    def _check_password(password: str) -> None:
        if len(password or "") < MIN_PASSWORD:
            raise Rejected("weak_password", f"密码至少 {MIN_PASSWORD} 位")

    def _admin_event(self, type_: str, by: User | None, data: dict[str, object], write) -> None:  # type: ignore[no-untyped-def]
        actor = by.username if by else "（首次设置）"
        role = by.role if by else "admin"
        self._append("admin", type_, actor, role, data, write)

    def _auth_event(self, type_: str, actor: str, role: str, data: dict[str, object], write=None) -> None:  # type: ignore[no-untyped-def]
        self._append("auth", type_, actor or "（空）", role, data, write)

    def _append(self, stream: str, type_: str, actor: str, role: str, data: dict[str, object], write) -> None:  # type: ignore[no-untyped-def]
        at = self.clock.now().astimezone(UTC)
        for _ in range(20):
            version = self.log.stream_version(stream)
            try:
                self.log.append(stream, version, [NewEvent(type_, at, actor, role, {"data": data})],
                                in_transaction=write)
                return
            except StaleAppend:
                continue  # another console logged something on this stream meanwhile
        raise RuntimeError("无法写入账号事件（并发冲突过多）")


__all__ = ["LOCKOUT", "MAX_FAILURES", "AccountService", "LoginFailed", "User"]
