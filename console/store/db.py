"""Opening the database: SQLite (embedded default) or PostgreSQL (shared by consoles).

SQLite settings are chosen for a log that must not lose an acknowledged event:
WAL + ``synchronous=FULL`` (a commit is on disk when it returns), ``BEGIN IMMEDIATE``
for write transactions (writers queue on the lock instead of failing half-way with
"database is locked" on upgrade from read to write) and a 10 s busy timeout.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import platformdirs
from sqlalchemy import Connection, Engine, create_engine, event, exc, make_url
from sqlalchemy.engine import URL
from sqlalchemy.pool import StaticPool

from console.errors import Refused
from console.store import migrate

APP_NAME = "fds-emergency-console"
DB_FILENAME = "console.sqlite3"
BUSY_TIMEOUT_S = 10


class DatabaseError(Refused):
    """The database cannot be used; the message (Chinese) tells the user what to do."""


class DatabaseBusy(DatabaseError):
    """Another writer held the lock longer than the busy timeout."""


class ConnectionLost(DatabaseError):
    """The connection broke in the middle of a statement or a commit (the server stopped, or a
    primary died and its standby is taking over): whether the commit happened is not known from
    this side (:meth:`console.store.eventlog.EventLog.append` finds out)."""


class DatabaseDenied(DatabaseError):
    """The PostgreSQL server refused the statement to this login (its privileges or the
    guard triggers of ``db grant``); the transaction wrote nothing."""


# SQLSTATE of "insufficient_privilege": the server's own refusals and the guard triggers' RAISE.
DENIED_SQLSTATE = "42501"


def sqlstate(error: exc.DBAPIError) -> str | None:
    """The SQLSTATE of a driver error (PostgreSQL), if any."""
    return getattr(error.orig, "sqlstate", None)


def default_database_url() -> str:
    """The embedded database in the user's data directory (created if missing)."""
    data_dir = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    data_dir.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{data_dir / DB_FILENAME}"


def normalise_url(url: str) -> str:
    """Accept plain ``postgresql://``/``postgres://`` URLs and bare file paths."""
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser().resolve()}"
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    if url.startswith("postgresql+psycopg://"):
        url = _multi_host_to_query(url)
    return url


_MULTI_HOST_RE = re.compile(r"^(?P<scheme>postgresql\+psycopg://)(?P<user>[^@/]*@)?(?P<hosts>[^/?@]*,[^/?@]*)"
                            r"(?P<rest>[/?].*)?$")


def _multi_host_to_query(url: str) -> str:
    """``postgresql://u@h1:p1,h2:p2/db?…`` (libpq's multi-host form: a primary and its standby)
    → ``…://u@/db?host=h1:p1&host=h2:p2&…``, the form SQLAlchemy parses and hands to psycopg as
    ``host=h1,h2 port=p1,p2`` (libpq tries them in order; ``target_session_attrs=read-write``
    skips a standby that is still read-only)."""
    m = _MULTI_HOST_RE.match(url)
    if m is None:
        return url
    hosts = [h.strip() for h in m["hosts"].split(",")]
    if any(not h for h in hosts):
        raise DatabaseError(f"数据库地址中的服务器列表有空项：{m['hosts']}（格式：主机1:端口1,主机2:端口2）")
    rest = m["rest"] or "/"
    path, _, query = rest.partition("?")
    params = "&".join([f"host={h}" for h in hosts] + ([query] if query else []))
    return f"{m['scheme']}{m['user'] or ''}{path or '/'}?{params}"


def server_addresses(url: str) -> list[str]:
    """The ``host:port`` of each server a PostgreSQL URL names, in the order they are tried."""
    parsed = make_url(normalise_url(url))
    hosts = parsed.query.get("host")
    if hosts:
        return [hosts] if isinstance(hosts, str) else list(hosts)
    return [f"{parsed.host or 'localhost'}:{parsed.port or 5432}"]


def libpq_uri(url: URL | str, *, password: bool = True) -> str:
    """A libpq URI (``postgresql://…``) for the command-line tools and psycopg; several hosts
    (``?host=h1:p1&host=h2:p2``) are written back as libpq's ``h1:p1,h2:p2``."""
    parsed = make_url(normalise_url(url) if isinstance(url, str) else url)
    # URL.set(password=None) keeps the password: build the URL anew
    parsed = URL.create("postgresql", parsed.username, parsed.password if password else None, parsed.host,
                        parsed.port, parsed.database, parsed.query)
    hosts = parsed.query.get("host")
    if not hosts or isinstance(hosts, str):
        return parsed.render_as_string(hide_password=False)
    bare = parsed.difference_update_query(["host"]).render_as_string(hide_password=False)
    scheme, _, rest = bare.partition("://")
    at = rest.find("@") + 1 if "@" in rest.split("/", 1)[0] else 0
    return f"{scheme}://{rest[:at]}{','.join(hosts)}{rest[at:]}"


def libpq_conninfo(db: Database) -> str:
    """The connection string psycopg/libpq takes for ``db`` (several hosts included, password kept)."""
    import psycopg.conninfo

    _args, kwargs = db.engine.dialect.create_connect_args(db.engine.url)
    kwargs.pop("context", None)
    return psycopg.conninfo.make_conninfo(**{k: str(v) for k, v in kwargs.items()})


def _describe(url: URL) -> str:
    """The URL without password, for messages."""
    return url.render_as_string(hide_password=True)


class Database:
    """An engine plus the connection habits the event log relies on."""

    def __init__(self, url: str) -> None:
        self.url = normalise_url(url)
        parsed = make_url(self.url)
        self.dialect = parsed.get_backend_name()
        if self.dialect not in ("sqlite", "postgresql"):
            raise DatabaseError(
                f"不支持的数据库类型「{self.dialect}」：请使用 SQLite 文件或 PostgreSQL（postgresql://…）"
            )
        self._display = (
            (parsed.database or "内存数据库") if self.dialect == "sqlite"
            else libpq_uri(parsed, password=False) if parsed.query.get("host") else _describe(parsed)
        )
        # The PostgreSQL login in the URL (empty: the operating system user's name).
        self.login = (parsed.username or "") if self.dialect == "postgresql" else ""
        if self.dialect == "sqlite":
            self.engine = _sqlite_engine(parsed)
        else:
            if parsed.drivername != "postgresql+psycopg":
                raise DatabaseError(
                    f"PostgreSQL 请使用 psycopg 驱动（postgresql+psycopg://），当前为 {parsed.drivername}"
                )
            self.engine = create_engine(
                parsed, pool_pre_ping=True, connect_args={"connect_timeout": 5}
            )

    def __repr__(self) -> str:
        return f"Database({self._display!r})"

    def server(self) -> str:
        """``host:port`` of the server a new connection reaches now (PostgreSQL; with several
        hosts, the one that accepted: after a fail-over, the promoted standby). SQLite: the file."""
        if self.dialect != "postgresql":
            return self._display
        try:
            with self.engine.connect() as conn:
                info = conn.connection.dbapi_connection.info  # type: ignore[union-attr]
                conn.rollback()
                return f"{info.host}:{info.port}"
        except exc.DBAPIError as e:
            raise self.translate(e) from e

    def __str__(self) -> str:
        """The file or server as a person should see it (never the password)."""
        return self._display

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        """A connection inside a write transaction: committed on success, rolled back on error."""
        try:
            with self.engine.begin() as conn:
                yield conn
        except exc.OperationalError as e:
            raise self.translate(e) from e
        except exc.DBAPIError as e:
            if sqlstate(e) == DENIED_SQLSTATE or e.connection_invalidated:
                raise self.translate(e) from e
            raise

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A connection inside a read transaction (SQLite: deferred BEGIN, never blocks writers)."""
        try:
            with self.engine.connect() as conn:
                conn = conn.execution_options(fds_begin="DEFERRED")
                with conn.begin():
                    yield conn
        except exc.OperationalError as e:
            raise self.translate(e) from e
        except exc.DBAPIError as e:
            if sqlstate(e) == DENIED_SQLSTATE or e.connection_invalidated:
                raise self.translate(e) from e
            raise

    def close(self) -> None:
        """Release pooled connections (and the SQLite file handles)."""
        self.engine.dispose()

    def translate(self, error: exc.DBAPIError) -> Exception:
        """Turn a driver error into a DatabaseError whose message says what to do."""
        text = str(error.orig) if error.orig is not None else str(error)
        lowered = text.lower()
        if sqlstate(error) == DENIED_SQLSTATE:
            first = _first_line(text)
            if first.isascii():  # the server's own "permission denied for table …"
                first = f"数据库拒绝：登录「{self.login}」没有此操作的权限（{first}），如需此权限请联系管理员"
            return DatabaseDenied(first)
        if self.dialect == "postgresql" and "password authentication failed" in lowered:
            return DatabaseError(
                f"无法登录 PostgreSQL 数据库 {self._display}：登录「{self.login}」的密码不正确，"
                "或该登录已被管理员停用（db grant --revoke）"
            )
        if self.dialect == "postgresql" and "is not permitted to log in" in lowered:
            return DatabaseError(
                f"无法登录 PostgreSQL 数据库 {self._display}：登录「{self.login}」已被管理员停用"
                "（db grant --revoke），请联系管理员"
            )
        if "database is locked" in lowered or "database is busy" in lowered:
            return DatabaseBusy(
                f"数据库 {self._display} 正被其他程序长时间占用（等待超过 {BUSY_TIMEOUT_S} 秒），请稍后重试；"
                "如持续出现，请检查是否有其他指挥台或工具在写入同一数据库文件"
            )
        if "file is not a database" in lowered or "file is encrypted" in lowered:
            return DatabaseError(
                f"文件 {self._display} 不是有效的数据库（可能已损坏或选错了文件），请选择正确的数据库文件或从备份恢复"
            )
        if "unable to open database file" in lowered:
            return DatabaseError(
                f"无法打开数据库文件 {self._display}：请检查路径是否存在以及是否有读写权限"
            )
        if self.dialect == "postgresql" and getattr(error, "connection_invalidated", False):
            return ConnectionLost(
                f"与 PostgreSQL 数据库 {self._display} 的连接中断（服务器停止或正在切换到备用服务器）"
                f"（原因：{_first_line(text)}）"
            )
        if self.dialect == "postgresql" and isinstance(error, exc.OperationalError):
            return DatabaseError(
                f"无法连接 PostgreSQL 数据库 {self._display}：请确认服务器已启动、地址端口正确、网络可达，"
                f"且数据库与用户存在（原因：{_first_line(text)}）"
            )
        return DatabaseError(f"数据库 {self._display} 出错：{_first_line(text)}")


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else "未知错误"


def _sqlite_engine(url: URL) -> Engine:
    database = url.database or ""
    memory = database in ("", ":memory:") or database.startswith("file::memory:")
    kwargs: dict[str, Any] = {
        "connect_args": {"timeout": BUSY_TIMEOUT_S, "check_same_thread": False}
    }
    if memory:
        kwargs["poolclass"] = StaticPool
    else:
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Take transaction control away from the sqlite3 module (SQLAlchemy recipe
        # "Serializable isolation / Savepoints / Transactional DDL"): we emit BEGIN ourselves.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        try:
            cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_S * 1000}")
            if not memory:
                cur.execute("PRAGMA journal_mode = WAL")
            cur.execute("PRAGMA synchronous = FULL")
            cur.execute("PRAGMA foreign_keys = ON")
        finally:
            cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        mode = conn.get_execution_options().get("fds_begin", "IMMEDIATE")
        conn.exec_driver_sql("BEGIN IMMEDIATE" if mode == "IMMEDIATE" else "BEGIN DEFERRED")

    return engine


_REVISION_RE = re.compile(r"^[0-9A-Za-z_]+$")


def open_database(url: str | None = None, *, upgrade: bool = True) -> Database:
    """Open (and by default migrate) the database at ``url`` or the default one.

    Raises :class:`DatabaseError` with a Chinese message when the file is not a
    database, the server is unreachable, or the schema is newer than this program.
    """
    db = Database(url or default_database_url())
    try:
        revision = migrate.current_revision(db.engine)
    except exc.DBAPIError as e:
        db.close()
        raise db.translate(e) from e
    if revision == migrate.HEAD_REVISION or not upgrade:
        return db
    if revision is not None and not _is_known_revision(revision):
        db.close()
        raise DatabaseError(
            f"数据库 {db._display} 的结构版本（{revision}）比本程序新或未知，请升级指挥台程序后再打开"
        )
    if revision is not None and db.dialect == "postgresql" and not _owns_schema(db):
        db.close()
        raise DatabaseError(
            f"数据库 {db._display} 的结构版本（{revision}）需要升级到 {migrate.HEAD_REVISION}，"
            f"只有数据库所有者能升级：请管理员用所有者的登录运行一次指挥台（升级后再运行 db grant），"
            f"然后再用登录「{db.login}」打开"
        )
    try:
        migrate.upgrade(db.engine)
    except exc.DBAPIError as e:
        db.close()
        raise db.translate(e) from e
    return db


def _owns_schema(db: Database) -> bool:
    """Whether this login owns the event log's tables (PostgreSQL): only the owner migrates."""
    try:
        with db.engine.connect() as conn:
            owner = conn.exec_driver_sql(
                "SELECT pg_has_role(current_user, c.relowner, 'USAGE') FROM pg_class c "
                "WHERE c.oid = to_regclass('alembic_version')"
            ).scalar()
            conn.rollback()
    except exc.DBAPIError as e:
        raise db.translate(e) from e
    return owner is None or bool(owner)


def _is_known_revision(revision: str) -> bool:
    if not _REVISION_RE.match(revision):
        return False
    return any(p.stem == revision for p in (migrate.MIGRATIONS_DIR / "versions").glob("*.py"))
