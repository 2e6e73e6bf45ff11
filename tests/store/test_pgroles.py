"""The database enforces who writes: PostgreSQL logins made by ``db grant`` on a real server.

A fresh database for the module; the accounts, their logins and the group roles carry a suffix
unique to this run (roles are cluster-wide) and are dropped afterwards.
"""

from __future__ import annotations

import io
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import psycopg
import pytest
from psycopg import sql
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from console.app import Console
from console.auth.accounts import AccountService, LoginFailed
from console.cli import main as console_main
from console.clock import ManualClock
from console.store import pgroles
from console.store.db import Database, DatabaseDenied, DatabaseError, open_database
from console.store.eventlog import EventLog, NewEvent
from console.store.migrate import HEAD_REVISION
from console.store.models import events_table
from tests.records_fixtures import MUNICIPAL
from tests.store._private_pg import PrivateServer
from tests.store.conftest import PG_HOST, PG_PORT, PG_SKIP, pg_database, pg_reachable, pg_url  # noqa: F401

T0 = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
PASSWORD = "console-pw-1"


@dataclass
class Server:
    dbname: str
    groups: pgroles.Groups
    admin: str
    writer: str
    observer: str
    leaver: str
    owner: Database

    def url(self, login: str, password: str = PASSWORD) -> str:
        return f"postgresql://{login}:{password}@{PG_HOST}:{PG_PORT}/{self.dbname}"

    @property
    def owner_url(self) -> str:
        return pg_url(self.dbname)

    def count(self, table: str = "events") -> int:
        with self.owner.reading() as conn:
            return int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def _drop_roles(dbname: str, names: list[str]) -> None:
    dsn = f"host={PG_HOST} port={PG_PORT} user=root dbname={dbname}"
    with psycopg.connect(dsn, autocommit=True) as c:
        c.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = ANY(%s)", (names,))
        existing = [r[0] for r in c.execute("SELECT rolname FROM pg_roles WHERE rolname = ANY(%s)", (names,))]
        if existing:
            idents = sql.SQL(", ").join(sql.Identifier(n) for n in existing)
            c.execute(sql.SQL("DROP OWNED BY {}").format(idents))
            c.execute(sql.SQL("DROP ROLE {}").format(idents))


@pytest.fixture(scope="module")
def server(pg_database: str) -> Iterator[Server]:  # noqa: F811
    suffix = uuid.uuid4().hex[:8]
    groups = pgroles.Groups(f"t{suffix}")
    s = Server(pg_database, groups, f"adm_{suffix}", f"zhang_{suffix}", f"obs_{suffix}", f"gone_{suffix}",
               open_database(pg_url(pg_database)))
    try:
        accounts = AccountService(s.owner, ManualClock(T0))
        admin = accounts.create(s.admin, PASSWORD, role="admin", display_name="管理员", by=None)
        accounts.create(s.writer, PASSWORD, role="duty_officer", display_name="张值班", by=admin)
        accounts.create(s.observer, PASSWORD, role="observer", display_name="观察员甲", by=admin)
        accounts.create(s.leaver, PASSWORD, role="duty_officer", display_name="调离者", by=admin)
        report = pgroles.grant(s.owner, groups)
        assert sorted(report.created) == sorted([s.admin, s.writer, s.observer, s.leaver])
        for name in (s.admin, s.writer, s.observer, s.leaver):
            pgroles.set_password(s.owner, name, PASSWORD, groups)
        yield s
    finally:
        s.owner.close()
        _drop_roles(pg_database, [s.admin, s.writer, s.observer, s.leaver, *groups.all])


@pytest.fixture
def as_writer(server: Server) -> Iterator[Database]:
    db = open_database(server.url(server.writer))
    yield db
    db.close()


@pytest.fixture
def as_observer(server: Server) -> Iterator[Database]:
    db = open_database(server.url(server.observer))
    yield db
    db.close()


def _event(actor: str, role: str = "duty_officer", type_: str = "note") -> NewEvent:
    return NewEvent(type_, T0, actor, role, {"data": {"text": "测试"}})


def _append(db: Database, stream: str, ev: NewEvent) -> int:
    log = EventLog(db, ManualClock(T0))
    return log.append(stream, log.stream_version(stream), [ev])[0].seq


def _db_user(server: Server, seq: int) -> str | None:
    with server.owner.reading() as conn:
        return conn.execute(select(events_table.c.db_user).where(events_table.c.seq == seq)).scalar()


# --------------------------------------------------------------------------- the mapping

def test_login_names_that_cannot_map_are_refused_with_the_reason() -> None:
    assert pgroles.login_name("zhangsan") == "zhangsan"
    assert pgroles.login_name("张三丰") == "张三丰"
    assert pgroles.login_name("值" * 21) == "值" * 21  # 63 bytes
    for name, words in (("值" * 22, "63 字节"), ("pg_admin", "保留"), ("public", "保留"),
                        ("fds_console", "角色组"), ("a\x00b", "控制字符"), ("", "空")):
        with pytest.raises(pgroles.GrantRefused, match=words):
            pgroles.login_name(name)


def test_grant_on_sqlite_says_it_is_for_postgresql(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    assert console_main(["--db", url, "db", "grant"]) == 2
    assert "只适用于 PostgreSQL" in capsys.readouterr().err


# --------------------------------------------------------------------------- what the server refuses

def test_an_observer_cannot_append_an_event(server: Server, as_observer: Database) -> None:
    before, head = server.count(), EventLog(server.owner).head()
    with pytest.raises(DatabaseDenied, match="观察员"):
        _append(as_observer, "20261122-901", _event(server.observer, "observer", "open"))
    with pytest.raises(DatabaseDenied, match="没有此操作的权限"), as_observer.connect() as conn:
        conn.execute(text("DELETE FROM incidents"))
    assert server.count() == before
    assert EventLog(server.owner).head() == head


def test_the_writers_event_is_stamped_with_its_login(server: Server, as_writer: Database) -> None:
    seq = _append(as_writer, "duty", _event(server.writer))
    assert _db_user(server, seq) == server.writer
    owners = _append(server.owner, "duty", _event("（所有者）"))
    assert _db_user(server, owners) is None  # the owner is not a console login: not stamped, not checked


def test_an_event_whose_actor_is_not_the_login_is_refused(server: Server, as_writer: Database) -> None:
    before = server.count()
    with pytest.raises(DatabaseDenied, match=f"登录「{server.writer}」只能以本人的账号记录事件"):
        _append(as_writer, "duty", _event(server.admin, "admin"))
    with pytest.raises(DatabaseDenied):
        _append(as_writer, "duty", _event("system", "system", "note"))  # "system" only for the tick
    assert server.count() == before


def test_an_event_in_a_role_the_account_does_not_hold_is_refused(server: Server, as_writer: Database) -> None:
    before = server.count()
    with pytest.raises(DatabaseDenied, match="没有角色「commander」"):
        _append(as_writer, "duty", _event(server.writer, "commander"))  # a duty officer claiming 指挥长
    assert server.count() == before
    _append(as_writer, "duty", _event(server.writer, "duty_officer"))  # the role it holds
    assert server.count() == before + 1


def test_the_deadline_tick_is_the_one_system_event_a_writer_may_record(server: Server, as_writer: Database) -> None:
    seq = _append(as_writer, "20261122-902", NewEvent("deadline_missed", T0, "system", "system",
                                                       {"data": {"deadline": "x"}}))
    assert _db_user(server, seq) == server.writer  # and it says which login recorded it


def test_a_writer_cannot_update_delete_or_truncate_events(server: Server, as_writer: Database) -> None:
    _append(as_writer, "duty", _event(server.writer))
    before = server.count()
    for statement in ("UPDATE events SET actor = 'x'", "DELETE FROM events", "TRUNCATE events",
                      "DELETE FROM checkpoints", "UPDATE users SET role = 'admin'"):
        with pytest.raises(DatabaseDenied), as_writer.connect() as conn:
            conn.execute(text(statement))
    assert server.count() == before
    with server.owner.reading() as conn:
        assert conn.execute(select(func.count()).select_from(events_table)
                            .where(events_table.c.actor == "x")).scalar_one() == 0


def test_a_writer_cannot_make_itself_admin_or_change_another_password(server: Server, as_writer: Database) -> None:
    with pytest.raises(DatabaseDenied, match="permission denied for table users"), as_writer.connect() as conn:
        conn.execute(text("UPDATE users SET role = 'admin' WHERE username = :u"), {"u": server.writer})
    with pytest.raises(DatabaseDenied, match="只有本人或管理员"), as_writer.connect() as conn:
        conn.execute(text("UPDATE users SET password_hash = 'x' WHERE username = :u"), {"u": server.admin})
    with as_writer.connect() as conn:  # its own login counter is fine
        conn.execute(text("UPDATE users SET failed_logins = 0 WHERE username = :u"), {"u": server.writer})


def test_the_head_cannot_move_backwards_not_even_for_the_owner(server: Server, as_writer: Database) -> None:
    _append(as_writer, "duty", _event(server.writer))
    head = EventLog(server.owner).head()
    for db in (as_writer, server.owner):
        with pytest.raises(DatabaseDenied, match="链头不能后退"), db.connect() as conn:
            conn.execute(text("UPDATE chain_head SET seq = seq - 1"))
    with pytest.raises(DatabaseDenied, match="已记录的事件"), as_writer.connect() as conn:
        conn.execute(text("UPDATE chain_head SET seq = seq + 5"))
    with pytest.raises(DBAPIError, match="只允许追加"), server.owner.connect() as conn:
        conn.execute(text("DELETE FROM events"))  # the owner is stopped by the triggers too
    assert EventLog(server.owner).head() == head


# --------------------------------------------------------------------------- logging in

def test_at_a_login_only_its_own_account_can_log_in(server: Server, as_writer: Database) -> None:
    accounts = AccountService(as_writer, ManualClock(T0))
    assert accounts.login(server.writer, PASSWORD) is not None
    with pytest.raises(DatabaseDenied, match=server.writer):
        accounts.login(server.admin, PASSWORD)  # right password, wrong person at this login
    with pytest.raises(LoginFailed):
        accounts.login("nobody-at-all", "wrong-password")  # a failed attempt is still recorded


def test_an_observer_can_log_in(server: Server, as_observer: Database) -> None:
    before = server.count()
    AccountService(as_observer, ManualClock(T0)).login(server.observer, PASSWORD)
    with server.owner.reading() as conn:
        rows = conn.execute(select(events_table.c.type, events_table.c.db_user)
                            .where(events_table.c.seq > 0).order_by(events_table.c.seq.desc()).limit(1)).all()
    assert server.count() > before
    assert rows[0].type == "auth.login" and rows[0].db_user == server.observer


# --------------------------------------------------------------------------- the console end to end

def test_a_console_on_the_writers_login_opens_an_incident(server: Server, as_writer: Database) -> None:
    clock = ManualClock(T0)
    console = Console(as_writer, clock)
    r = console.incidents.open(MUNICIPAL, title="华龙区某小学食堂午餐后学生腹痛腹泻", actor=server.writer,
                               role="duty_officer", facts={"cases": 46, "setting": "school"}, place="华龙区")
    clock.advance(timedelta(minutes=10))
    console.incidents.command(r.incident_id, "fire", {"event": "dispatch"}, actor=server.writer,
                              role="duty_officer")
    assert EventLog(server.owner).stream_version(r.incident_id) == 2
    with server.owner.reading() as conn:
        users = set(conn.execute(select(events_table.c.db_user)
                                 .where(events_table.c.stream == r.incident_id)).scalars())
    assert users == {server.writer}
    assert EventLog(server.owner).verify().ok
    with pytest.raises(DatabaseDenied):  # someone else's name typed at this login
        console.incidents.command(r.incident_id, "note", {"text": "代签"}, actor=server.admin, role="duty_officer")


def test_a_refused_cli_command_prints_one_chinese_line(server: Server, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # The console accepts the writer's password, but the connection is the observer's login:
    # the server itself refuses to record the writer's login on it.
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    code = console_main(["--db", server.url(server.observer), "incident", "open", "--plan", str(MUNICIPAL),
                         "--title", "观察员试图接报", "--user", server.writer, "--password-stdin"])
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("错误：数据库拒绝") and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_a_console_login_finding_the_schema_outdated_asks_for_the_owner(server: Server) -> None:
    with server.owner.connect() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0004_accounts'"))
    try:
        with pytest.raises(DatabaseError, match="只有数据库所有者能升级"):
            open_database(server.url(server.writer))
    finally:
        with server.owner.connect() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = :head"), {"head": HEAD_REVISION})


# --------------------------------------------------------------------------- the CLI

def _privileges(server: Server) -> list[tuple[str, ...]]:
    with server.owner.reading() as conn:
        grants = conn.execute(text(
            "SELECT grantee, table_name, privilege_type FROM information_schema.role_table_grants "
            "WHERE table_schema = 'public' AND grantee <> current_user ORDER BY 1, 2, 3")).all()
        columns = conn.execute(text(
            "SELECT grantee, table_name, column_name, privilege_type FROM information_schema.column_privileges "
            "WHERE table_schema = 'public' AND grantee <> current_user ORDER BY 1, 2, 3, 4")).all()
        triggers = conn.execute(text(
            "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1")).all()
        members = conn.execute(text(
            "SELECT u.rolname, g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
            "JOIN pg_roles u ON u.oid = m.member WHERE g.rolname LIKE :p ORDER BY 1, 2"),
            {"p": server.groups.prefix + "\\_%"}).all()
    return [tuple(r) for r in [*grants, *columns, *triggers, *members]]


def test_db_grant_twice_changes_nothing(server: Server, capsys) -> None:  # type: ignore[no-untyped-def]
    argv = ["--db", server.owner_url, "db", "grant", "--prefix", server.groups.prefix]
    assert console_main(argv) == 0
    first = _privileges(server)
    assert console_main(argv) == 0
    out = capsys.readouterr().out
    assert "新建数据库登录" not in out and server.writer in out
    assert _privileges(server) == first
    assert (server.writer, server.groups.console) in first and (server.observer, server.groups.observer) in first
    assert sum(1 for r in first if r[:1] == ("fds_events_insert_guard",)) == 1


def test_db_grant_revokes_a_login_and_a_later_run_does_not_give_it_back(server: Server, capsys) -> None:  # type: ignore[no-untyped-def]
    base = ["--db", server.owner_url, "db", "grant", "--prefix", server.groups.prefix]
    open_database(server.url(server.leaver)).close()
    assert console_main([*base, "--revoke", server.leaver]) == 0
    assert f"已取消「{server.leaver}」的数据库登录" in capsys.readouterr().out
    with pytest.raises(DatabaseError, match="已被管理员停用"):
        open_database(server.url(server.leaver))
    assert console_main(base) == 0  # a later full run leaves it without a login
    with pytest.raises(DatabaseError, match="已被管理员停用"):
        open_database(server.url(server.leaver))
    assert console_main([*base, "--revoke", "no-such-account"]) == 2
    assert "没有指挥台账号" in capsys.readouterr().err


def test_db_grant_refuses_a_role_it_did_not_make(server: Server, capsys) -> None:  # type: ignore[no-untyped-def]
    with server.owner.connect() as conn:  # an account named like the server's own superuser
        conn.execute(text("INSERT INTO users (username, display_name, role, password_hash, active, failed_logins,"
                          " created_us) VALUES ('root', '冒名', 'admin', 'x', true, 0, 0)"))
    try:
        assert console_main(["--db", server.owner_url, "db", "grant", "--prefix", server.groups.prefix]) == 1
        assert "未建立登录「root」" in capsys.readouterr().err
        with server.owner.reading() as conn:
            assert not conn.execute(text("SELECT pg_has_role('root', :g, 'MEMBER') AND NOT rolsuper "
                                         "FROM pg_roles WHERE rolname = 'root'"),
                                    {"g": server.groups.console}).scalar()
    finally:
        with server.owner.connect() as conn:
            conn.execute(text("DELETE FROM users WHERE username = 'root'"))


# --------------------------------------------------------------------------- passwords (scram-sha-256)

@pytest.fixture(scope="module")
def scram_server() -> Iterator[PrivateServer]:
    """A private server whose pg_hba.conf asks every login but root for a SCRAM password."""
    try:
        srv = PrivateServer()
    except (RuntimeError, OSError) as exc:
        pytest.skip(f"cannot start a private PostgreSQL server with password logins: {exc}")
    try:
        (srv.data / "pg_hba.conf").write_text(
            "local all all trust\nhost all root 127.0.0.1/32 trust\nhost all all 127.0.0.1/32 scram-sha-256\n")
        srv.stop()
        srv.start()
        yield srv
    finally:
        srv.close()


@pytest.mark.postgres
def test_db_grant_password_is_what_the_server_asks_for(scram_server: PrivateServer, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    if not pg_reachable():
        pytest.skip(PG_SKIP)
    owner = open_database(scram_server.url)
    try:
        AccountService(owner, ManualClock(T0)).create("li", PASSWORD, role="admin", display_name="李", by=None)
        base = ["--db", scram_server.url, "db", "grant"]
        assert console_main(base) == 0
        url = scram_server.url.replace("root@", "li:{}@")
        with pytest.raises(DatabaseError, match="密码不正确"):
            open_database(url.format("no-password-yet"))
        monkeypatch.setattr("sys.stdin", io.StringIO("server-pw-2\n"))
        assert console_main([*base, "--user", "li", "--password-stdin"]) == 0
        with owner.reading() as conn:
            assert conn.execute(text("SELECT rolpassword LIKE 'SCRAM-SHA-256$%' FROM pg_authid "
                                     "WHERE rolname = 'li'")).scalar()
        li = open_database(url.format("server-pw-2"))
        try:
            seq = _append(li, "duty", _event("li", "admin"))
            with owner.reading() as conn:
                assert conn.execute(select(events_table.c.db_user).where(events_table.c.seq == seq)).scalar() == "li"
        finally:
            li.close()
        with pytest.raises(DatabaseError, match="密码不正确"):
            open_database(url.format("server-pw-x"))
    finally:
        owner.close()
