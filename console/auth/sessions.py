"""Who is acting: CLI session token files, and the principal a write is recorded under.

``python -m console login`` opens a session (:meth:`AccountService.open_session`) and keeps it
in a token file in the user's configuration directory, one file per database, readable by
the user alone (0600). A command that writes resolves its :class:`Principal` with
:func:`authenticate`: on a database with accounts from the session or a password, on one
without (the demo, a fresh database) from the free ``--actor`` as before.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url

from console.auth.accounts import AccountService, Login, LoginFailed, SessionGrant
from console.auth.roles import role_title
from console.clock import SystemClock
from console.errors import Refused
from console.store.db import Database
from console.store.signing import BadKey, Certificate, Signer, private_from_hex, raw_private_hex

APP_DIR = "fds-emergency-console"
NO_LOGIN = "此数据库已启用账号：请先 python -m console login，或用 --user 指定账号"


class NotAuthenticated(Refused):
    """A write refused because nobody (or the wrong account or role) is logged in."""


@dataclass(frozen=True)
class TokenFile:
    """What ``login`` keeps on this computer for one database."""

    token: str
    username: str
    database: str
    expires_us: int
    session_key: str  # raw Ed25519 private key, hex
    certificate: Certificate

    def signer(self) -> Signer:
        return Signer(self.username, private_from_hex(self.session_key), self.certificate)


@dataclass(frozen=True)
class Principal:
    """The account (or, without accounts, the free name) a write is recorded under."""

    username: str
    role: str
    roles: tuple[str, ...]
    authenticated: bool
    signer: Signer | None = None
    expires_us: int | None = None


def database_label(db: Database) -> str:
    return make_url(db.url).render_as_string(hide_password=True)


def session_dir() -> Path:
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_DIR)) / "sessions"


def session_path(db: Database) -> Path:
    """The token file of ``db`` (one per database, named by a digest of its URL)."""
    digest = hashlib.sha256(database_label(db).encode("utf-8")).hexdigest()[:16]
    return session_dir() / f"{digest}.json"


def write_token_file(db: Database, grant: SessionGrant) -> Path:
    path = session_path(db)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with contextlib.suppress(FileNotFoundError):
        path.unlink()  # created afresh, so the mode below holds whatever was there
    text = json.dumps({
        "token": grant.token, "username": grant.username, "database": database_label(db),
        "expires_us": grant.expires_us, "session_key": raw_private_hex(grant.key),
        "certificate": json.loads(grant.certificate.to_json()),
    }, ensure_ascii=False, indent=1)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def read_token_file(db: Database) -> TokenFile | None:
    path = session_path(db)
    try:
        d = json.loads(path.read_text(encoding="utf-8"))
        c = d["certificate"]
        return TokenFile(str(d["token"]), str(d["username"]), str(d["database"]), int(d["expires_us"]),
                         str(d["session_key"]),
                         Certificate(str(c["account_public_key"]), int(c["expires_us"]), str(c["signature"])))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):
        raise NotAuthenticated(f"会话文件 {path} 已损坏，请重新 login") from None


def remove_token_file(db: Database) -> bool:
    try:
        session_path(db).unlink()
    except FileNotFoundError:
        return False
    return True


def session_login(accounts: AccountService) -> tuple[TokenFile, Principal]:
    """The principal of this computer's session on the database, or NotAuthenticated."""
    tf = read_token_file(accounts.db)
    if tf is None:
        raise NotAuthenticated(NO_LOGIN)
    try:
        s = accounts.session(tf.token)
        signer = tf.signer()
    except LoginFailed as exc:
        raise NotAuthenticated(exc.reason) from None
    except BadKey as exc:
        raise NotAuthenticated(f"{exc}，请重新 login") from None
    if s.user.username != tf.username or s.certificate.signature != tf.certificate.signature:
        raise NotAuthenticated(f"会话文件 {session_path(accounts.db)} 与数据库中的会话不符，请重新 login")
    return tf, Principal(s.user.username, s.user.role, s.user.roles, True, signer, s.expires_us)


def authenticate(db: Database, *, user: str | None, password: Callable[[], str], role: str | None,
                 actor: str | None, default_role: str, free_actor: Callable[[], str]) -> Principal:
    """Who performs a write on ``db``.

    With accounts: the account ``user`` (its ``password()`` asked for now), else this computer's
    session; ``role`` must be one of the account's roles (default: its primary role) and
    ``actor``, if given, must be the account. Without accounts: ``actor`` (or ``free_actor()``)
    in ``role`` (or ``default_role``), unauthenticated, as before accounts existed.
    """
    accounts = AccountService(db, SystemClock())  # sessions expire by the wall clock, never by --at
    if not accounts.has_users():
        if user:
            raise NotAuthenticated("此数据库没有账号，不能用 --user 登录（用 user add 创建第一个管理员）")
        return Principal(actor or free_actor(), role or default_role, (role or default_role,), False)
    if user:
        try:
            login: Login = accounts.login(user, password())
        except LoginFailed as exc:
            raise NotAuthenticated(exc.reason) from None
        p = Principal(login.username, login.role, login.roles, True, login.signer())
    else:
        _tf, p = session_login(accounts)
    if actor and actor != p.username:
        raise NotAuthenticated(f"当前登录的账号是「{p.username}」，不能以「{actor}」的名义操作（去掉 --actor）")
    chosen = role or p.role
    if chosen not in p.roles:
        raise NotAuthenticated(f"账号「{p.username}」没有角色「{role_title(chosen)}」（{chosen}）"
                               f"（可用：{'、'.join(f'{role_title(r)}（{r}）' for r in p.roles)}）")
    return Principal(p.username, chosen, p.roles, True, p.signer, p.expires_us)


__all__ = [
    "APP_DIR", "NO_LOGIN", "NotAuthenticated", "Principal", "TokenFile", "authenticate", "database_label",
    "read_token_file", "remove_token_file", "session_dir", "session_login", "session_path", "write_token_file",
]
