"""User accounts: argon2 password hashes, signing keys, login with lockout, administrative actions as events.

Every account change is an event in the ``admin`` stream of the hash-chained log (who did it,
when, what changed — never the password or its hash), written in the same transaction as the
``users`` row. Every account has an Ed25519 key pair: the public key is registered in the chain
(``admin.user_created`` and ``admin.key_registered`` carry it), the private key is stored
encrypted with the account's password. Logins and lockouts go to the ``auth`` stream; failed
logins are summarised per name and 15-minute window (``login_throttle``), so a password-guessing
run cannot flood the log.
"""

from __future__ import annotations

import builtins
import hashlib
import secrets
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import Connection, and_, case, delete, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from console.auth.models import login_throttle_table, sessions_table, users_table
from console.auth.roles import ROLE_TITLES, check_action, role_title
from console.auth.units import Unit, UnitSource, check_unit, pinned_plan_units
from console.clock import CHINA_TZ, UTC, Clock, SystemClock
from console.errors import Refused
from console.plan.engine import Rejected
from console.store.chain import from_us, to_us
from console.store.db import Database
from console.store.eventlog import EventLog, NewEvent, StaleAppend, StoredEvent
from console.store.signing import (
    BadKey,
    Certificate,
    Signer,
    certificate_text,
    lock_private_key,
    new_private_key,
    public_hex,
    sign,
    unlock_private_key,
)

MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)
THROTTLE_WINDOW = timedelta(minutes=15)
MIN_PASSWORD = 8
MAX_USERNAME = 64
MAX_PASSWORD = 256
MAX_SESSION_HOURS = 24
MAX_LOCK_REASON = 200
U = users_table.c
S = sessions_table.c
T = login_throttle_table.c
_HASHER = PasswordHasher()
BAD_LOGIN = "登录名或密码不正确"


@cache
def _dummy_hash(hasher: PasswordHasher) -> str:
    """Verifying against this keeps a login for an unknown name as slow as for a known one
    (made on first use: hashing at import would slow every start of the console)."""
    return hasher.hash("not-a-real-password")


class LoginFailed(Refused):
    """Login refused; ``reason`` is shown to the user as it is."""


@dataclass(frozen=True)
class User:
    username: str
    display_name: str
    role: str
    unit: str | None
    active: bool
    roles: tuple[str, ...] = ()  # every role the account holds, the primary role first
    public_key: str | None = None
    lock_reason: str | None = None  # locked by an administrator (until unlocked), with the reason
    locked_until_us: int | None = None  # locked after failed logins, until then (as last read)
    last_login_us: int | None = None

    def __post_init__(self) -> None:
        rest = tuple(r for r in self.roles if r != self.role)
        object.__setattr__(self, "roles", (self.role, *dict.fromkeys(rest)))

    @property
    def locked(self) -> bool:
        """Locked by an administrator, or after failed logins (a lock in force when read)."""
        return self.lock_reason is not None or self.locked_until_us is not None

    @property
    def usable(self) -> bool:
        """Active and not locked by an administrator: the account can log in (once a
        failed-login lock has run out)."""
        return self.active and self.lock_reason is None

    @property
    def status(self) -> str:
        """停用, 锁定 or 启用 (a disabled account is 停用 whatever its locks)."""
        return "停用" if not self.active else "锁定" if self.locked else "启用"

    @property
    def lock_text(self) -> str:
        """Why the account is locked, in Chinese ('' when it is not)."""
        parts = []
        if self.lock_reason is not None:
            parts.append(f"管理员锁定：{self.lock_reason}")
        if self.locked_until_us is not None:
            until = from_us(self.locked_until_us).astimezone(CHINA_TZ)
            parts.append(f"登录失败次数过多，锁定至 {until:%m-%d %H:%M}")
        return "；".join(parts)

    @property
    def role_title(self) -> str:
        return role_title(self.role)

    @property
    def roles_title(self) -> str:
        return "、".join(role_title(r) for r in self.roles)


@dataclass(frozen=True)
class Login:
    """A successful login: the account and its unlocked signing key."""

    user: User
    key: Ed25519PrivateKey = field(repr=False)

    @property
    def username(self) -> str:
        return self.user.username

    @property
    def display_name(self) -> str:
        return self.user.display_name

    @property
    def role(self) -> str:
        return self.user.role

    @property
    def roles(self) -> tuple[str, ...]:
        return self.user.roles

    @property
    def public_key(self) -> str:
        return public_hex(self.key)

    def signer(self) -> Signer:
        return Signer(self.user.username, self.key)


@dataclass(frozen=True)
class SessionGrant:
    """A CLI session just opened: what goes into the token file (the database keeps only the
    token's sha256 and the session's public key and certificate)."""

    token: str = field(repr=False)
    username: str
    expires_us: int
    key: Ed25519PrivateKey = field(repr=False)
    certificate: Certificate

    def signer(self) -> Signer:
        return Signer(self.username, self.key, self.certificate)


@dataclass(frozen=True)
class Session:
    """A valid CLI session as the database knows it."""

    user: User
    expires_us: int
    public_key: str
    certificate: Certificate

    @property
    def expires_at(self) -> datetime:
        return from_us(self.expires_us)


def split_roles(text: str | None) -> tuple[str, ...]:
    return tuple(r for r in (p.strip() for p in (text or "").split(",")) if r)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _user(row: Any, now_us: int | None = None) -> User:
    """The account of a ``users`` row; ``now_us`` given: with its failed-login lock if in force."""
    until = row.locked_until_us
    if now_us is None or until is None or until <= now_us:
        until = None
    return User(row.username, row.display_name, row.role, row.unit, bool(row.active),
                split_roles(row.roles), row.public_key, row.lock_reason, until, row.last_login_us)


@dataclass(frozen=True)
class _Failure:
    log: bool  # write an event for this failure
    since_last: int  # failures since the last event of this name, this one included
    locked_until_us: int | None  # this failure locked the name


class AccountService:
    def __init__(self, db: Database, clock: Clock | None = None, hasher: PasswordHasher | None = None, *,
                 units: UnitSource | None = None):
        """``units``: where the units (工作组) an account may belong to come from; by default
        the units named by the plans pinned in ``db`` (console.auth.units)."""
        self.db = db
        self.clock: Clock = clock or SystemClock()
        self.log = EventLog(db, self.clock)
        self.hasher = hasher or _HASHER
        self.units = units

    # -- reading ---------------------------------------------------------------------
    def list(self) -> list[User]:
        now_us = to_us(self.clock.now())
        with self.db.reading() as conn:
            return [_user(r, now_us) for r in conn.execute(select(users_table).order_by(U.username))]

    def get(self, username: str) -> User | None:
        with self.db.reading() as conn:
            row = conn.execute(select(users_table).where(U.username == username)).first()
        return _user(row, to_us(self.clock.now())) if row else None

    def known_units(self) -> tuple[Unit, ...]:
        """The units an account may be given: those the plans in the database name (empty
        while the database has no plan: then a unit is kept as given)."""
        return tuple(self.units()) if self.units is not None else pinned_plan_units(self.db)

    def check_unit(self, unit: str | None) -> str | None:
        """The unit as it will be stored (the plans' title for a title or an id), None for
        none, or Rejected naming the known units."""
        return check_unit(unit, self.known_units()) if (unit or "").strip() else None

    def has_users(self) -> bool:
        with self.db.reading() as conn:
            return conn.execute(select(U.username).limit(1)).first() is not None

    # -- administration (admin role; the first account may be created by anyone) -----
    def create(self, username: str, password: str, *, role: str, display_name: str, by: User | Login | None,
               unit: str | None = None, also: tuple[str, ...] = ()) -> User:
        admin = _as_user(by)
        if admin is None:
            if self.has_users():
                raise Rejected("role", "已有用户账号：新账号须由管理员创建")
            if role != "admin":
                raise Rejected("role", "第一个账号必须是管理员")
        else:
            admin = self._acting_admin(admin)
        username = (username or "").strip()
        if not username or len(username) > MAX_USERNAME or any(c.isspace() for c in username):
            raise Rejected("bad_username", f"登录名不能为空、不能含空格，且不超过 {MAX_USERNAME} 个字符")
        roles = self._check_roles(role, also)
        self._check_password(password)
        if not (display_name or "").strip():
            raise Rejected("bad_name", "请填写姓名")
        if self.get(username) is not None:
            raise Rejected("exists", f"登录名「{username}」已存在")
        unit = self.check_unit(unit)
        now = self.clock.now()
        pw_hash = self.hasher.hash(password)
        key = new_private_key()
        pub = public_hex(key)
        locked = lock_private_key(key, password)

        def write(conn: Connection, _evs: list[StoredEvent]) -> None:
            conn.execute(insert(users_table).values(
                username=username, display_name=display_name.strip(), role=role, unit=unit,
                roles=",".join(roles[1:]) or None, public_key=pub, private_key=locked,
                password_hash=pw_hash, active=True, failed_logins=0, locked_until_us=None,
                created_us=to_us(now), last_login_us=None))

        self._admin_events(admin, [
            ("admin.user_created", {"username": username, "display_name": display_name.strip(), "role": role,
                                    "roles": list(roles), "unit": unit, "public_key": pub}),
            ("admin.key_registered", {"username": username, "public_key": pub}),
        ], write)
        return User(username, display_name.strip(), role, unit, True, roles, pub)

    def set_role(self, username: str, role: str, *, by: User | Login, unit: str | None = None,
                 also: tuple[str, ...] = ()) -> None:
        admin = self._acting_admin(_as_user(by))
        roles = self._check_roles(role, also)
        old = self._require(username)
        if old.username == admin.username and "admin" not in roles:
            raise Rejected("self", "不能取消自己的管理员角色（请由另一位管理员操作）")
        if "admin" not in roles:
            self._check_admins_remain(old, "取消其管理员角色")
        unit = self.check_unit(unit)
        self._admin_events(admin, [("admin.role_changed", {
            "username": username, "from": old.role, "to": role, "from_roles": list(old.roles), "roles": list(roles),
            "unit": unit})],
            lambda conn, _e: conn.execute(update(users_table).where(U.username == username)
                                          .values(role=role, roles=",".join(roles[1:]) or None, unit=unit)))

    def reset_password(self, username: str, password: str, *, by: User | Login,
                       key: Ed25519PrivateKey | None = None) -> None:
        """A new password. A user changing their own password (``by`` is their :class:`Login`, or
        ``key`` their unlocked key) keeps their signing key, re-encrypted; an administrator's reset
        gives the account a new key (the old one cannot be unlocked without the old password),
        registered in the chain."""
        admin = _as_user(by)
        assert admin is not None
        if admin.username != username:
            admin = self._acting_admin(admin)
        self._require(username)
        self._check_password(password)
        if key is None and isinstance(by, Login) and by.username == username:
            key = by.key
        own = admin.username == username and key is not None
        new_key = key if own and key is not None else new_private_key()
        pub = public_hex(new_key)
        pw_hash = self.hasher.hash(password)
        locked = lock_private_key(new_key, password)
        events: list[tuple[str, dict[str, object]]] = [("admin.password_reset", {"username": username})]
        if not own:
            events.append(("admin.key_registered", {"username": username, "public_key": pub}))

        def write(conn: Connection, _e: list[StoredEvent]) -> None:
            conn.execute(update(users_table).where(U.username == username).values(
                password_hash=pw_hash, failed_logins=0, locked_until_us=None, public_key=pub, private_key=locked))
            if not own:  # the sessions certified by the old key end with it
                conn.execute(delete(sessions_table).where(S.username == username))

        self._admin_events(admin, events, write)

    def set_active(self, username: str, active: bool, *, by: User | Login) -> None:
        admin = self._acting_admin(_as_user(by))
        target = self._require(username)
        if username == admin.username and not active:
            raise Rejected("self", "不能停用自己的账号")
        if not active:
            self._check_admins_remain(target, "停用")

        def write(conn: Connection, _e: list[StoredEvent]) -> None:
            conn.execute(update(users_table).where(U.username == username)
                         .values(active=active, failed_logins=0, locked_until_us=None))
            if not active:
                conn.execute(delete(sessions_table).where(S.username == username))

        self._admin_events(admin, [("admin.user_enabled" if active else "admin.user_disabled",
                                    {"username": username})], write)

    def lock(self, username: str, reason: str, *, by: User | Login) -> None:
        """Lock the account until an administrator unlocks it (``admin.user_locked``, with the
        reason): its login is refused with the reason, its CLI sessions end. Not the
        administrator's own account, nor the last usable administrator."""
        admin = self._acting_admin(_as_user(by))
        reason = " ".join((reason or "").split())
        if not reason:
            raise Rejected("reason", "请填写锁定原因（登录被拒时显示给本人）")
        if len(reason) > MAX_LOCK_REASON:
            raise Rejected("reason", f"锁定原因不超过 {MAX_LOCK_REASON} 个字符")
        target = self._require(username)
        if username == admin.username:
            raise Rejected("self", "不能锁定自己的账号")
        if target.lock_reason is not None:
            raise Rejected("locked", f"账号「{username}」已被锁定（{target.lock_reason}）：如需改原因，请先解锁")
        self._check_admins_remain(target, "锁定")

        def write(conn: Connection, _e: list[StoredEvent]) -> None:
            conn.execute(update(users_table).where(U.username == username).values(lock_reason=reason))
            conn.execute(delete(sessions_table).where(S.username == username))

        self._admin_events(admin, [("admin.user_locked", {"username": username, "reason": reason})], write)

    def unlock(self, username: str, *, by: User | Login) -> None:
        """Lift an administrator's lock and a failed-login lock (the failure count starts
        afresh) — ``admin.user_unlocked``, naming which locks were lifted."""
        admin = self._acting_admin(_as_user(by))
        target = self._require(username)
        with self.db.reading() as conn:
            throttle = conn.execute(select(login_throttle_table).where(T.name == username)).first()
        now_us = to_us(self.clock.now())
        failures_lock = target.locked_until_us is not None or _throttle_lock(throttle, now_us) is not None
        if target.lock_reason is None and not failures_lock:
            raise Rejected("not_locked", f"账号「{username}」没有被锁定")

        def write(conn: Connection, _e: list[StoredEvent]) -> None:
            conn.execute(update(users_table).where(U.username == username)
                         .values(lock_reason=None, failed_logins=0, locked_until_us=None))
            conn.execute(delete(login_throttle_table).where(T.name == username))

        self._admin_events(admin, [("admin.user_unlocked", {
            "username": username, "lock_reason": target.lock_reason, "failures_lock": failures_lock})], write)

    # -- login -------------------------------------------------------------------------
    def login(self, username: str, password: str) -> Login:
        """The account with its unlocked key, or LoginFailed.

        One message for an unknown name and a wrong password; five failures lock the name
        for 15 minutes whether or not it exists. The failure counter is updated atomically
        (parallel guesses cannot slip past the lock), and failures are summarised per name
        and window in ``login_throttle`` instead of one event each.
        """
        name = (username or "").strip()
        password = password or ""
        if len(name) > MAX_USERNAME or len(password) > MAX_PASSWORD:
            raise LoginFailed(f"登录名不超过 {MAX_USERNAME} 个字符、密码不超过 {MAX_PASSWORD} 个字符")
        if not name or not password:
            raise LoginFailed("请输入登录名和密码")
        now = self.clock.now()
        now_us = to_us(now)
        with self.db.reading() as conn:
            row = conn.execute(select(users_table).where(U.username == name)).first()
            throttle = conn.execute(select(login_throttle_table).where(T.name == name)).first()
        if row is not None:
            locked_until = row.locked_until_us if row.locked_until_us is not None and row.locked_until_us > now_us \
                else None
        else:
            locked_until = _throttle_lock(throttle, now_us)
        if locked_until is not None:
            self._failed(name, row, now_us, counts=False)
            raise LoginFailed(_locked_message(locked_until))
        ok = False
        try:
            ok = self.hasher.verify(row.password_hash if row is not None else _dummy_hash(self.hasher), password) \
                and row is not None
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            ok = False
        if not ok:
            locked_until = self._failed(name, row, now_us, counts=True)
            if locked_until is not None:
                raise LoginFailed(_locked_message(locked_until))
            raise LoginFailed(BAD_LOGIN)
        assert row is not None
        if not row.active:
            self._auth_event("auth.login_failed", row.username, row.role, {"username": row.username,
                                                                          "why": "disabled"})
            raise LoginFailed("该账号已停用，请联系管理员")
        if row.lock_reason is not None:
            self._auth_event("auth.login_failed", row.username, row.role, {"username": row.username,
                                                                          "why": "locked_by_admin"})
            raise LoginFailed(_admin_locked_message(row.lock_reason))
        key: Ed25519PrivateKey | None = None
        if row.private_key:
            try:
                key = unlock_private_key(row.private_key, password)
            except BadKey:
                key = None  # damaged: the account gets a new key, registered below
        values: dict[str, object] = {"failed_logins": 0, "locked_until_us": None, "last_login_us": now_us}
        events: list[tuple[str, dict[str, object]]] = [("auth.login", {"username": row.username})]
        pub = row.public_key
        if key is None:  # an account from before keys: its key is made now
            key = new_private_key()
            pub = public_hex(key)
            values.update(public_key=pub, private_key=lock_private_key(key, password))
            events.append(("admin.key_registered", {"username": row.username, "public_key": pub}))

        if throttle is not None and throttle.failures > throttle.logged:
            events[0][1]["failures_since_last"] = throttle.failures - throttle.logged  # not yet in the log

        def write(conn: Connection, _e: list[StoredEvent]) -> None:
            conn.execute(update(users_table).where(U.username == row.username).values(**values))
            conn.execute(delete(login_throttle_table).where(T.name == row.username))

        self._append("auth", [events[0]], row.username, row.role, write)
        if len(events) > 1:
            self._append("admin", events[1:], row.username, row.role, None)
        user = _user(row)
        return Login(replace(user, public_key=pub), key)

    def _failed(self, name: str, row: Any, now_us: int, *, counts: bool) -> int | None:
        """Count a failed login for ``name`` (one transaction, the counters locked); write an event
        when it is the first of a window or it locks the name. The lock's end, if this locked it."""

        def step(conn: Connection) -> _Failure:
            known_lock: int | None = None
            if row is not None and counts:
                # one statement: parallel guesses each see their own count (a lock that has
                # expired starts the count afresh); only the guess that reaches the limit locks
                expired = and_(U.locked_until_us.is_not(None), U.locked_until_us <= now_us)
                failures = conn.execute(
                    update(users_table).where(U.username == row.username)
                    .values(failed_logins=case((expired, 1), else_=U.failed_logins + 1),
                            locked_until_us=case((expired, None), else_=U.locked_until_us))
                    .returning(U.failed_logins)).scalar_one()
                if failures == MAX_FAILURES:
                    known_lock = now_us + to_us_delta(LOCKOUT)
                    conn.execute(update(users_table).where(U.username == row.username)
                                 .values(locked_until_us=known_lock))
            return self._throttle(conn, name, now_us, known=row is not None, known_lock=known_lock,
                                  counts=counts)

        with self.db.connect() as conn:
            f = step(conn)
        if f.log:
            type_ = "auth.locked" if f.locked_until_us is not None else "auth.login_failed"
            self._auth_event(type_, name, row.role if row is not None else "unknown",
                             {"username": name, "failures_since_last": f.since_last})
        return f.locked_until_us

    @staticmethod
    def _throttle(conn: Connection, name: str, now_us: int, *, known: bool, known_lock: int | None,
                  counts: bool) -> _Failure:
        ins = (pg_insert if conn.dialect.name == "postgresql" else sqlite_insert)(login_throttle_table)
        conn.execute(ins.values(name=name, window_us=now_us, failures=0, logged=0)
                     .on_conflict_do_nothing(index_elements=["name"]))
        q = select(login_throttle_table).where(T.name == name)
        if conn.dialect.name == "postgresql":
            q = q.with_for_update()
        t = conn.execute(q).one()
        window = to_us_delta(THROTTLE_WINDOW)
        if t.failures == 0 or now_us >= t.window_us + window:
            carry, failures, logged, window_us, log = t.failures - t.logged, 1, 0, now_us, True
        else:
            carry, failures, logged, window_us, log = 0, t.failures + 1, t.logged, t.window_us, False
        lock = known_lock
        if not known and counts and failures == MAX_FAILURES:
            lock = now_us + to_us_delta(LOCKOUT)
        if lock is not None:
            log, window_us = True, now_us  # the lock lasts from now; later tries only count
        since_last = carry + failures - logged
        if log:
            logged = failures
        conn.execute(update(login_throttle_table).where(T.name == name)
                     .values(window_us=window_us, failures=failures, logged=logged))
        return _Failure(log, since_last, lock)

    # -- CLI sessions ------------------------------------------------------------------
    def open_session(self, login: Login, hours: float = 12) -> SessionGrant:
        """A session for ``login`` of ``hours`` (at most 24): a fresh token and a session key
        certified by the account key."""
        if not 0 < hours <= MAX_SESSION_HOURS:
            raise Rejected("hours", f"会话时长应在 0 到 {MAX_SESSION_HOURS} 小时之间")
        now = self.clock.now()
        expires_us = to_us(now + timedelta(hours=hours))
        token = secrets.token_urlsafe(32)
        skey = new_private_key()
        spub = public_hex(skey)
        signature = sign(login.key, certificate_text(login.username, spub, expires_us))
        cert = Certificate(login.public_key, expires_us, signature)

        def write(conn: Connection, _e: list[StoredEvent]) -> None:
            conn.execute(insert(sessions_table).values(
                token_hash=token_hash(token), username=login.username, created_us=to_us(now),
                expires_us=expires_us, public_key=spub, certificate=signature))

        self._append("auth", [("auth.session_opened", {"username": login.username, "session_public_key": spub,
                                                       "expires_us": expires_us})],
                     login.username, login.role, write)
        return SessionGrant(token, login.username, expires_us, skey, cert)

    def session(self, token: str) -> Session:
        """The session of ``token``, or LoginFailed (expired, logged out, account disabled)."""
        now_us = to_us(self.clock.now())
        with self.db.reading() as conn:
            s = conn.execute(select(sessions_table).where(S.token_hash == token_hash(token))).first()
            row = conn.execute(select(users_table).where(U.username == s.username)).first() if s else None
        if s is None or row is None:
            raise LoginFailed("会话已失效（已注销或被删除），请重新 login")
        if s.expires_us <= now_us:
            raise LoginFailed("会话已过期，请重新 login")
        if not row.active:
            raise LoginFailed("该账号已停用，请联系管理员")
        if row.lock_reason is not None:
            raise LoginFailed(_admin_locked_message(row.lock_reason))
        return Session(_user(row), s.expires_us, s.public_key,
                       Certificate(row.public_key or "", s.expires_us, s.certificate))

    def close_session(self, token: str) -> bool:
        """Delete the session of ``token``; False when there was none."""
        with self.db.connect() as conn:
            s = conn.execute(select(S.username).where(S.token_hash == token_hash(token))).first()
            if s is None:
                return False
            conn.execute(delete(sessions_table).where(S.token_hash == token_hash(token)))
        return True

    # -- internals ---------------------------------------------------------------------
    def _require(self, username: str) -> User:
        u = self.get(username)
        if u is None:
            raise Rejected("no_user", f"没有用户「{username}」")
        return u

    def _acting_admin(self, by: User | None) -> User:
        """The administrator acting, as the database has it now: an account disabled or locked
        since it logged in (another console, another administrator) can no longer manage."""
        if by is None:
            raise Rejected("role", "需要管理员账号")
        now = self.get(by.username)
        if now is None:
            raise Rejected("no_user", f"没有用户「{by.username}」")
        if not now.active:
            raise Rejected("self", f"您的账号「{now.username}」已停用，不能管理账号")
        if now.lock_reason is not None:
            raise Rejected("self", f"您的账号「{now.username}」已被锁定，不能管理账号")
        _check_manage(now)
        return now

    def _check_admins_remain(self, target: User, what: str) -> None:
        """Refuse to take away the last usable (active, not locked by an administrator)
        administrator: nobody could manage the accounts afterwards."""
        if "admin" not in target.roles or not target.usable:
            return
        others = [u for u in self.list() if u.username != target.username and "admin" in u.roles and u.usable]
        if not others:
            raise Rejected("last_admin", f"「{target.username}」是最后一个可用的管理员账号，不能{what}"
                                         "（请先另建一个管理员账号）")

    @staticmethod
    def _check_roles(role: str, also: tuple[str, ...]) -> tuple[str, ...]:
        roles = tuple(dict.fromkeys((role, *also)))
        for r in roles:
            if r not in ROLE_TITLES:
                raise Rejected("bad_role", f"未知的角色「{r}」（可用：{'、'.join(ROLE_TITLES)}）")
        return roles

    @staticmethod
    def _check_password(password: str) -> None:
        if len(password or "") < MIN_PASSWORD:
            raise Rejected("weak_password", f"密码至少 {MIN_PASSWORD} 位")
        if len(password) > MAX_PASSWORD:
            raise Rejected("weak_password", f"密码不超过 {MAX_PASSWORD} 个字符")

    def _admin_events(self, by: User | None, events: builtins.list[tuple[str, dict[str, object]]], write: Any) -> None:
        actor = by.username if by else "（首次设置）"
        role = "admin" if by is None or "admin" in by.roles else by.role
        self._append("admin", events, actor, role, write)

    def _auth_event(self, type_: str, actor: str, role: str, data: dict[str, object]) -> None:
        self._append("auth", [(type_, data)], actor or "（空）", role, None)

    def _append(self, stream: str, events: builtins.list[tuple[str, dict[str, object]]], actor: str, role: str,
                write: Any) -> None:
        at = self.clock.now().astimezone(UTC)
        new = [NewEvent(t, at, actor, role, {"data": d}) for t, d in events]
        for _ in range(50):
            version = self.log.stream_version(stream)
            try:
                self.log.append(stream, version, new, in_transaction=write)
                return
            except StaleAppend:
                continue  # another console logged something on this stream meanwhile
        raise RuntimeError("无法写入账号事件（并发冲突过多）")


def _check_manage(by: User) -> None:
    """Account administration needs the administrator role among the account's roles."""
    if "admin" not in by.roles:
        check_action(by.role, "users.manage")


def _as_user(by: User | Login | None) -> User | None:
    return by.user if isinstance(by, Login) else by


def to_us_delta(d: timedelta) -> int:
    return int(d.total_seconds() * 1_000_000)


def _throttle_lock(t: Any, now_us: int) -> int | None:
    if t is None or t.failures < MAX_FAILURES:
        return None
    until = int(t.window_us) + to_us_delta(LOCKOUT)
    return until if until > now_us else None


def _admin_locked_message(reason: str) -> str:
    return f"该账号已被管理员锁定：{reason}。请联系管理员解锁"


def _locked_message(until_us: int) -> str:
    until = from_us(until_us).astimezone(CHINA_TZ)
    return f"登录失败次数过多，该登录名已锁定至 {until:%H:%M}，请稍后再试或联系管理员"


def first_authenticated_seq(db: Database) -> int | None:
    """The seq of the first ``admin.user_created`` event: every event before it was written while
    the database had no accounts (unauthenticated). None: the database has never had accounts."""
    for e in EventLog(db).read("admin"):
        if e.type == "admin.user_created":
            return e.seq
    return None


__all__ = [
    "BAD_LOGIN", "LOCKOUT", "MAX_FAILURES", "MAX_LOCK_REASON", "MAX_PASSWORD", "MAX_SESSION_HOURS", "MAX_USERNAME",
    "AccountService", "Login", "LoginFailed", "Session", "SessionGrant", "Unit", "User", "first_authenticated_seq",
    "split_roles", "token_hash",
]
