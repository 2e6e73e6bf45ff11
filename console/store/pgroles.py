"""PostgreSQL logins per console account, and the server-side guards of the event log.

On a shared PostgreSQL database every person connects with a login of their own, so the
server, not only the window, knows who writes. :func:`grant` (``python -m console db grant``),
run over the owner's (administrator's) connection, makes — idempotently, in one transaction:

- three group roles (``<prefix>_console``: writers, ``<prefix>_observer``: watchers,
  ``<prefix>_admin``: account administration), granted exactly the privileges in
  :data:`WRITER_TABLES`, :data:`COUNTER_COLUMNS` and :data:`ADMIN_TABLES` on the current schema
  (SELECT on every table for all; no UPDATE, DELETE or TRUNCATE on ``events`` or
  ``checkpoints`` for anyone but the owner, and the owner is stopped by triggers);
- one LOGIN role per console account, named exactly as the account (:func:`login_name`),
  member of the observer group when all its roles are ``observer``, else of the writer group
  (and of the admin group when it holds ``admin``); an account that is disabled loses its login;
- the triggers (:data:`GUARD_FUNCTIONS`): an event written by a member of these groups is
  stamped with ``db_user = session_user`` and refused unless its ``actor`` is that login (the
  exceptions are :data:`SYSTEM_EVENT_TYPES` and :data:`ATTEMPT_EVENT_TYPES`); observers may write
  only their own login events (:data:`OBSERVER_EVENT_TYPES`); events and checkpoints are never
  updated, deleted or truncated; the chain head only moves forward, onto an event that exists;
  the account rows' roles and passwords are changed only by the admin group (a password or key
  also by the account itself).

A superuser can still disable triggers or rewrite tables: the server cannot protect the log
from its own superuser (the hash chain and the signed checkpoints show such a change).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from psycopg import sql
from sqlalchemy import Connection, select, text
from sqlalchemy.exc import DBAPIError

from console.store.db import Database, DatabaseError
from console.store.models import events_table

DEFAULT_PREFIX = "fds"
# PostgreSQL keeps role names to NAMEDATALEN - 1 bytes (UTF-8).
MAX_ROLE_BYTES = 63
RESERVED_ROLE_NAMES = frozenset({"public", "none", "current_user", "current_role", "session_user", "user",
                                 "all", "default"})

IUD = ("INSERT", "UPDATE", "DELETE")
# Table → what the writer group may do besides SELECT. Tables not named here are read-only.
WRITER_TABLES: dict[str, tuple[str, ...]] = {
    "events": ("INSERT",),              # append only; the triggers check the actor
    "chain_head": ("UPDATE",),          # moved forward by every append
    "checkpoints": ("INSERT",),         # signed statements: append only
    "plans": ("INSERT",),               # pinned plan texts: never changed
    "reserve_movements": ("INSERT",),   # the stock ledger: append only
    "attachments": ("INSERT",),         # attached files with their sha256: never changed
    "snapshots": IUD,
    "incidents": IUD,
    "reports": IUD,
    "consultations": IUD,
    "consultation_invites": IUD,
    "consultation_opinions": IUD,
    "duty_log": IUD,
    "experts": IUD,
    "contacts": IUD,
    "notifications": IUD,
    "reserve_depots": IUD,
    "reserve_lots": IUD,
    "reserve_minimums": IUD,
    "reserve_requests": IUD,
    "sessions": IUD,
    "login_throttle": IUD,
    "room_seats": IUD,                  # presence (heartbeats)
    "room_instructions": IUD,
    "room_receipts": IUD,
    "room_assignments": IUD,
    "room_alarm_acks": ("INSERT",),     # one acknowledgement per alarm, never changed
    "plan_library": ("INSERT", "UPDATE"),  # the plan library: added, retired, restored; never deleted
    "improvement_items": ("INSERT", "UPDATE"),  # the improvement register (整改台账); never deleted
    "drill_plan_entries": ("INSERT", "UPDATE"),  # the annual drill plan (年度演练计划); never deleted
    "reference_townships": IUD,         # reference data (console.reference), each change an event
    "reference_entities": IUD,
    "reference_specialty_synonyms": IUD,
}
# What logging in needs: the observer group gets only these (besides SELECT).
OBSERVER_TABLES: dict[str, tuple[str, ...]] = {
    "events": ("INSERT",),
    "chain_head": ("UPDATE",),
    "sessions": IUD,
    "login_throttle": IUD,
    "room_seats": IUD,  # an observer's seat is shown in the room too
}
# Columns of ``users`` both groups may update (login counters; a password or key only on the
# account's own row — the users guard trigger checks that).
COUNTER_COLUMNS = ("failed_logins", "locked_until_us", "last_login_us")
OWN_ROW_COLUMNS = ("password_hash", "public_key", "private_key")
ADMIN_TABLES: dict[str, tuple[str, ...]] = {"users": ("INSERT", "UPDATE"),
                                            "site": ("INSERT", "UPDATE")}  # the jurisdiction (console/site)
NEVER_CHANGED = ("events", "checkpoints")

# Events a writer may record with an actor other than its login:
SYSTEM_ACTOR = "system"
SYSTEM_EVENT_TYPES = ("deadline_missed",)  # the deadline tick (actor and role "system")
ATTEMPT_EVENT_TYPES = ("auth.login_failed", "auth.locked")  # a failed login names who was tried
OBSERVER_EVENT_PREFIX = "auth."
OBSERVER_EVENT_TYPES = ("admin.key_registered",)  # plus every ``auth.*``: logging in

GUARD_FUNCTIONS = ("fds_events_insert_guard", "fds_chain_head_guard", "fds_append_only", "fds_users_guard")


class GrantRefused(DatabaseError):
    """``db grant`` cannot do what was asked; nothing was changed."""


@dataclass(frozen=True)
class Groups:
    """The group roles' names (cluster-wide: one prefix per set of consoles)."""

    prefix: str = DEFAULT_PREFIX

    def __post_init__(self) -> None:
        if not re.fullmatch(r"[a-z][a-z0-9_]{0,40}", self.prefix):
            raise GrantRefused(f"角色前缀「{self.prefix}」无效：只能用小写字母、数字和下划线，以字母开头")

    @property
    def console(self) -> str:
        return f"{self.prefix}_console"

    @property
    def observer(self) -> str:
        return f"{self.prefix}_observer"

    @property
    def admin(self) -> str:
        return f"{self.prefix}_admin"

    @property
    def all(self) -> tuple[str, str, str]:
        return (self.console, self.observer, self.admin)


@dataclass
class GrantReport:
    """What :func:`grant` did."""

    schema: str
    created: list[str] = field(default_factory=list)     # new logins (no password yet)
    writers: list[str] = field(default_factory=list)
    observers: list[str] = field(default_factory=list)
    admins: list[str] = field(default_factory=list)
    disabled: list[str] = field(default_factory=list)    # accounts disabled: login removed
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (account, why)
    read_only_tables: list[str] = field(default_factory=list)     # tables no group may write


def login_name(username: str, groups: Groups = Groups()) -> str:
    """The PostgreSQL role of a console account: the username itself (quoted in SQL).

    Refuses (GrantRefused, saying why) a name PostgreSQL cannot hold or reserves.
    """
    if not username or username != username.strip() or any(c.isspace() for c in username):
        raise GrantRefused(f"登录名「{username}」为空或含空白字符，无法对应数据库登录")
    if any(unicodedata.category(c).startswith("C") for c in username):
        raise GrantRefused(f"登录名「{username!r}」含控制字符，无法对应数据库登录")
    if len(username.encode("utf-8")) > MAX_ROLE_BYTES:
        raise GrantRefused(
            f"登录名「{username}」按 UTF-8 超过 {MAX_ROLE_BYTES} 字节（PostgreSQL 角色名上限），"
            "无法对应数据库登录：请为此人新建一个较短的登录名"
        )
    lowered = username.lower()
    if lowered.startswith("pg_") or lowered in RESERVED_ROLE_NAMES:
        raise GrantRefused(f"登录名「{username}」是 PostgreSQL 的保留名称，无法对应数据库登录：请换一个登录名")
    if username in groups.all:
        raise GrantRefused(f"登录名「{username}」与指挥台的数据库角色组同名，无法对应数据库登录：请换一个登录名")
    return username


@dataclass(frozen=True)
class _Account:
    username: str
    roles: frozenset[str]
    active: bool


def _accounts(conn: Connection) -> list[_Account]:
    # an account locked by an administrator (users.lock_reason) loses its login like a disabled one
    rows = conn.execute(text("SELECT username, role, roles, active AND lock_reason IS NULL FROM users "
                             "ORDER BY username")).all()
    out = []
    for username, role, roles, active in rows:
        more = {r.strip() for r in (roles or "").split(",") if r.strip()}
        out.append(_Account(username, frozenset({role, *more}), bool(active)))
    return out


def _q(conn: Connection, composed: sql.Composable) -> None:
    raw = conn.connection.driver_connection
    conn.exec_driver_sql(composed.as_string(raw).replace("%", "%%"))


def _role_exists(conn: Connection, name: str) -> bool:
    return bool(conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name}).first())


def _member_of(conn: Connection, name: str) -> set[str]:
    """The roles ``name`` is directly a member of."""
    return set(conn.execute(text(
        "SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
        "JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = :n"), {"n": name}).scalars())


def _managed(conn: Connection, name: str, groups: Groups) -> bool:
    """A role this tool made (a direct member of one of the groups), never a superuser."""
    row = conn.execute(text("SELECT rolsuper FROM pg_roles WHERE rolname = :n"), {"n": name}).first()
    return row is not None and not row[0] and bool(_member_of(conn, name) & set(groups.all))


def _check_owner(db: Database, conn: Connection) -> str:
    """The current schema; refuses unless this connection owns the event log."""
    if db.dialect != "postgresql":
        raise GrantRefused("db grant 只适用于 PostgreSQL：SQLite 文件没有数据库登录，由文件的读写权限保护")
    schema = conn.execute(text("SELECT current_schema()")).scalar()
    owner = conn.execute(text(
        "SELECT pg_has_role(current_user, c.relowner, 'USAGE') FROM pg_class c "
        "WHERE c.oid = to_regclass('events')")).scalar()
    if schema is None or owner is None:
        raise GrantRefused("该数据库尚未初始化（没有事件日志表）：请先用所有者的登录运行一次指挥台，完成建表")
    if not owner:
        user = conn.execute(text("SELECT current_user")).scalar()
        raise GrantRefused(
            f"db grant 须由数据库所有者（管理员）的登录运行：当前登录「{user}」不是事件日志表的所有者"
        )
    return str(schema)


def grant(db: Database, groups: Groups = Groups()) -> GrantReport:
    """Make the groups, one login per account, the privileges and the triggers (idempotent)."""
    with db.connect() as conn:
        schema = _check_owner(db, conn)
        report = GrantReport(schema)
        _ensure_groups(conn, groups)
        report.read_only_tables = _grant_tables(conn, schema, groups)
        install_guards(conn, schema, groups)
        for account in _accounts(conn):
            _ensure_login(conn, account, groups, report)
    return report


def _ensure_groups(conn: Connection, groups: Groups) -> None:
    database = sql.Identifier(str(conn.execute(text("SELECT current_database()")).scalar()))
    for name in groups.all:
        if not _role_exists(conn, name):
            _q(conn, sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(name)))
        # Only the database's owner may: otherwise PUBLIC's CONNECT (the default) serves.
        _best_effort(conn, sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(database, sql.Identifier(name)))


def _best_effort(conn: Connection, composed: sql.Composable) -> bool:
    """Run a statement the owner of the event log may lack the right to (a shared schema or
    database owned by someone else); False when the server refused it."""
    try:
        with conn.begin_nested():
            _q(conn, composed)
    except DBAPIError:
        return False
    return True


def _grant_tables(conn: Connection, schema: str, groups: Groups) -> list[str]:
    """Exactly the privileges of the module's tables (revoked first, so a second run is the same)."""
    tables = set(conn.execute(text(
        "SELECT tablename FROM pg_tables WHERE schemaname = :s"), {"s": schema}).scalars())
    s = sql.Identifier(schema)
    members = sql.SQL(", ").join(sql.Identifier(g) for g in groups.all)
    _best_effort(conn, sql.SQL("REVOKE CREATE ON SCHEMA {} FROM PUBLIC").format(s))
    _best_effort(conn, sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(s, members))
    _q(conn, sql.SQL("REVOKE ALL ON ALL TABLES IN SCHEMA {} FROM {}").format(s, members))
    _q(conn, sql.SQL("REVOKE ALL ON ALL SEQUENCES IN SCHEMA {} FROM {}").format(s, members))
    for name in NEVER_CHANGED:
        if name in tables:
            _q(conn, sql.SQL("REVOKE UPDATE, DELETE, TRUNCATE ON {} FROM PUBLIC, {}").format(
                sql.Identifier(schema, name), members))
    reader = sql.SQL(", ").join(sql.Identifier(g) for g in (groups.console, groups.observer))
    _q(conn, sql.SQL("GRANT SELECT ON ALL TABLES IN SCHEMA {} TO {}").format(s, reader))

    def give(privileges: dict[str, tuple[str, ...]], group: str) -> list[str]:
        inserting = []
        for name, what in sorted(privileges.items()):
            if name not in tables:
                continue
            _q(conn, sql.SQL("GRANT {} ON {} TO {}").format(
                sql.SQL(", ").join(sql.SQL(w) for w in what), sql.Identifier(schema, name), sql.Identifier(group)))
            if "INSERT" in what:
                inserting.append(name)
        return inserting

    inserting = give(WRITER_TABLES, groups.console) + give(OBSERVER_TABLES, groups.observer)
    give(ADMIN_TABLES, groups.admin)
    if "users" in tables:
        cols = sql.SQL(", ").join(sql.Identifier(c) for c in COUNTER_COLUMNS + OWN_ROW_COLUMNS)
        _q(conn, sql.SQL("GRANT UPDATE ({}) ON {} TO {}").format(cols, sql.Identifier(schema, "users"), reader))
    # Sequences behind the tables a group inserts into (checkpoints.id …): USAGE, nothing more.
    for seq in conn.execute(text(
            "SELECT DISTINCT s.relname FROM pg_class s JOIN pg_depend d ON d.objid = s.oid "
            "AND d.deptype IN ('a', 'i') JOIN pg_class t ON t.oid = d.refobjid "
            "JOIN pg_namespace n ON n.oid = t.relnamespace "
            "WHERE s.relkind = 'S' AND n.nspname = :s AND t.relname = ANY(:t)"),
            {"s": schema, "t": sorted(set(inserting) | set(ADMIN_TABLES))}).scalars():
        _q(conn, sql.SQL("GRANT USAGE ON SEQUENCE {} TO {}").format(sql.Identifier(schema, seq), members))
    writable = set(WRITER_TABLES) | set(OBSERVER_TABLES) | set(ADMIN_TABLES)
    return sorted(t for t in tables - writable if t != "alembic_version")


def _ensure_login(conn: Connection, account: _Account, groups: Groups, report: GrantReport) -> None:
    try:
        name = login_name(account.username, groups)
    except GrantRefused as e:
        report.skipped.append((account.username, e.reason))
        return
    if _role_exists(conn, name):
        if not _managed(conn, name, groups):
            report.skipped.append((account.username, (
                f"数据库中已有同名登录「{name}」，且不是 db grant 建立的（可能是管理员或其他程序的登录）："
                "为安全起见不改动，请为此人换一个登录名")))
            return
    elif account.active:
        _q(conn, sql.SQL("CREATE ROLE {} LOGIN INHERIT").format(sql.Identifier(name)))
        report.created.append(name)
    else:
        return  # a disabled account without a login: nothing to make
    observer = account.roles <= {"observer"}
    wanted = {groups.observer} if observer else {groups.console}
    if "admin" in account.roles:
        wanted.add(groups.admin)
    current = _member_of(conn, name) & set(groups.all)
    for g in sorted(wanted - current):
        _q(conn, sql.SQL("GRANT {} TO {}").format(sql.Identifier(g), sql.Identifier(name)))
    for g in sorted(current - wanted):
        _q(conn, sql.SQL("REVOKE {} FROM {}").format(sql.Identifier(g), sql.Identifier(name)))
    (report.observers if observer else report.writers).append(name)
    if groups.admin in wanted:
        report.admins.append(name)
    if not account.active:
        _q(conn, sql.SQL("ALTER ROLE {} NOLOGIN PASSWORD NULL").format(sql.Identifier(name)))
        report.disabled.append(name)


def set_password(db: Database, username: str, password: str, groups: Groups = Groups()) -> None:
    """Set (or change) the login's password, SCRAM-SHA-256, and let it log in again."""
    if len(password) < 8:
        raise GrantRefused("数据库密码至少 8 位")
    with db.connect() as conn:
        _check_owner(db, conn)
        name = _managed_login(conn, username, groups)
        active = conn.execute(text("SELECT active FROM users WHERE username = :u"), {"u": username}).scalar()
        if not active:
            raise GrantRefused(f"账号「{username}」已停用：请先在指挥台启用该账号")
        conn.exec_driver_sql("SET LOCAL password_encryption = 'scram-sha-256'")
        raw: Any = conn.connection.driver_connection
        # The verifier is computed here: the password itself never reaches the server (or its log).
        verifier = raw.pgconn.encrypt_password(password.encode(), name.encode(), b"scram-sha-256").decode()
        _q(conn, sql.SQL("ALTER ROLE {} LOGIN PASSWORD {}").format(sql.Identifier(name), sql.Literal(verifier)))


def revoke(db: Database, username: str, groups: Groups = Groups()) -> int:
    """Remove the login (NOLOGIN, no password); returns how many of its open connections were ended."""
    with db.connect() as conn:
        _check_owner(db, conn)
        name = _managed_login(conn, username, groups)
        _q(conn, sql.SQL("ALTER ROLE {} NOLOGIN PASSWORD NULL").format(sql.Identifier(name)))
        ended = 0
        try:
            with conn.begin_nested():
                ended = int(conn.execute(text(
                    "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity "
                    "WHERE usename = :n AND pid <> pg_backend_pid()"), {"n": name}).scalar_one())
        except DBAPIError:  # no right to end them: they end when they disconnect
            ended = -1
    return ended


def _managed_login(conn: Connection, username: str, groups: Groups) -> str:
    if conn.execute(text("SELECT 1 FROM users WHERE username = :u"), {"u": username}).first() is None:
        raise GrantRefused(f"没有指挥台账号「{username}」：请先建立账号，再运行 db grant")
    name = login_name(username, groups)
    if not _role_exists(conn, name):
        raise GrantRefused(f"账号「{username}」还没有数据库登录：请先运行 db grant（不带参数）")
    if not _managed(conn, name, groups):
        raise GrantRefused(f"数据库登录「{name}」不是 db grant 建立的：为安全起见不改动")
    return name


# ------------------------------------------------------------------------- triggers

def _literals(values: Iterable[str]) -> str:
    return ", ".join("'" + v.replace("'", "''") + "'" for v in values)


def guard_sql(schema: str, groups: Groups) -> list[str]:
    """The functions and triggers, as SQL statements (each idempotent)."""
    path = f'pg_catalog, "{schema.replace(chr(34), chr(34) * 2)}", pg_temp'
    writer = _literals((groups.console, groups.admin))
    observer = _literals((groups.observer,))
    member = (
        "EXISTS (SELECT 1 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
        "JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = session_user AND g.rolname IN ({}))"
    )
    denied = "USING ERRCODE = 'insufficient_privilege'"
    return [
        f"""CREATE OR REPLACE FUNCTION fds_events_insert_guard() RETURNS trigger LANGUAGE plpgsql
SET search_path = {path} AS $fn$
DECLARE
  login text := session_user;
  is_writer boolean := {member.format(writer)};
  is_observer boolean := {member.format(observer)};
BEGIN
  IF NOT (is_writer OR is_observer) THEN
    RETURN NEW;  -- the owner (migrations, db copy): not a console login
  END IF;
  NEW.db_user := login;
  IF NEW.actor = '{SYSTEM_ACTOR}' AND NEW.role = '{SYSTEM_ACTOR}'
     AND NEW.type IN ({_literals(SYSTEM_EVENT_TYPES)}) AND is_writer THEN
    RETURN NEW;  -- a deadline that passed, recorded by whichever console saw it
  END IF;
  IF NEW.stream = 'auth' AND NEW.type IN ({_literals(ATTEMPT_EVENT_TYPES)}) THEN
    RETURN NEW;  -- a failed login names the account that was tried; db_user says where
  END IF;
  IF NEW.actor IS DISTINCT FROM login THEN
    RAISE EXCEPTION '数据库拒绝：登录「%」只能以本人的账号记录事件，此事件的操作人却是「%」', login, NEW.actor
      {denied};
  END IF;
  IF NOT EXISTS (SELECT 1 FROM users WHERE username = login AND active) THEN
    RAISE EXCEPTION '数据库拒绝：账号「%」不存在或已停用', login {denied};
  END IF;
  IF NOT EXISTS (SELECT 1 FROM users WHERE username = login AND (role = NEW.role OR NEW.role IN (
                   SELECT btrim(r) FROM unnest(string_to_array(coalesce(roles, ''), ',')) AS r))) THEN
    RAISE EXCEPTION '数据库拒绝：账号「%」没有角色「%」，不能以此角色记录事件', login, NEW.role {denied};
  END IF;
  IF NOT is_writer AND NOT (NEW.type LIKE '{OBSERVER_EVENT_PREFIX}%'
                            OR NEW.type IN ({_literals(OBSERVER_EVENT_TYPES)})) THEN
    RAISE EXCEPTION '数据库拒绝：观察员「%」只能查看，不能记录事件（%）', login, NEW.type {denied};
  END IF;
  RETURN NEW;
END $fn$""",
        """CREATE OR REPLACE FUNCTION fds_chain_head_guard() RETURNS trigger LANGUAGE plpgsql
SET search_path = """ + path + """ AS $fn$
BEGIN
  IF NEW.seq < OLD.seq OR (NEW.seq = OLD.seq AND NEW.hash IS DISTINCT FROM OLD.hash) THEN
    RAISE EXCEPTION '数据库拒绝：链头不能后退（当前 seq=%，试图改为 seq=%）', OLD.seq, NEW.seq """ + denied + """;
  END IF;
  IF NEW.seq > 0 AND NOT EXISTS (SELECT 1 FROM events WHERE seq = NEW.seq AND hash = NEW.hash) THEN
    RAISE EXCEPTION '数据库拒绝：链头只能指向已记录的事件（seq=% 不存在或哈希不符）', NEW.seq """ + denied + """;
  END IF;
  RETURN NEW;
END $fn$""",
        """CREATE OR REPLACE FUNCTION fds_append_only() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION '数据库拒绝：% 只能追加，不能修改、删除或清空（所有者也不能）', TG_TABLE_NAME """ + denied + """;
END $fn$""",
        f"""CREATE OR REPLACE FUNCTION fds_users_guard() RETURNS trigger LANGUAGE plpgsql
SET search_path = {path} AS $fn$
BEGIN
  IF NOT {member.format(writer + ", " + observer)} OR {member.format(_literals((groups.admin,)))} THEN
    RETURN NEW;
  END IF;
  IF NEW.username IS DISTINCT FROM OLD.username OR NEW.role IS DISTINCT FROM OLD.role
     OR NEW.roles IS DISTINCT FROM OLD.roles OR NEW.active IS DISTINCT FROM OLD.active
     OR NEW.display_name IS DISTINCT FROM OLD.display_name OR NEW.unit IS DISTINCT FROM OLD.unit
     OR NEW.created_us IS DISTINCT FROM OLD.created_us OR NEW.lock_reason IS DISTINCT FROM OLD.lock_reason THEN
    RAISE EXCEPTION '数据库拒绝：只有管理员能更改账号「%」的角色、状态或资料', OLD.username {denied};
  END IF;
  IF OLD.username <> session_user AND (NEW.password_hash IS DISTINCT FROM OLD.password_hash
     OR NEW.public_key IS DISTINCT FROM OLD.public_key OR NEW.private_key IS DISTINCT FROM OLD.private_key) THEN
    RAISE EXCEPTION '数据库拒绝：只有本人或管理员能更改账号「%」的密码或密钥', OLD.username {denied};
  END IF;
  RETURN NEW;
END $fn$""",
        "DROP TRIGGER IF EXISTS fds_events_insert_guard ON events",
        "CREATE TRIGGER fds_events_insert_guard BEFORE INSERT ON events "
        "FOR EACH ROW EXECUTE FUNCTION fds_events_insert_guard()",
        "DROP TRIGGER IF EXISTS fds_chain_head_guard ON chain_head",
        "CREATE TRIGGER fds_chain_head_guard BEFORE UPDATE ON chain_head "
        "FOR EACH ROW EXECUTE FUNCTION fds_chain_head_guard()",
        "DROP TRIGGER IF EXISTS fds_users_guard ON users",
        "CREATE TRIGGER fds_users_guard BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION fds_users_guard()",
        *[stmt for table in NEVER_CHANGED for stmt in (
            f"DROP TRIGGER IF EXISTS fds_{table}_no_update_delete ON {table}",
            f"CREATE TRIGGER fds_{table}_no_update_delete BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION fds_append_only()",
            f"DROP TRIGGER IF EXISTS fds_{table}_no_truncate ON {table}",
            f"CREATE TRIGGER fds_{table}_no_truncate BEFORE TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION fds_append_only()",
        )],
    ]


def install_guards(conn: Connection, schema: str, groups: Groups = Groups()) -> None:
    """Create or replace the guard functions and triggers on the current schema."""
    for statement in guard_sql(schema, groups):
        conn.exec_driver_sql(statement.replace("%", "%%"))


def stamped_login(db: Database, seq: int) -> str | None:
    """The PostgreSQL login that wrote event ``seq`` (None: the owner, or SQLite)."""
    with db.reading() as conn:
        return conn.execute(select(events_table.c.db_user).where(events_table.c.seq == seq)).scalar()


__all__ = [
    "ATTEMPT_EVENT_TYPES", "SYSTEM_EVENT_TYPES", "WRITER_TABLES", "GrantRefused", "GrantReport", "Groups",
    "grant", "install_guards", "login_name", "revoke", "set_password", "stamped_login",
]
