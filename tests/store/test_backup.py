"""``db backup`` / ``db restore``: a consistent online copy whose chain verifies, recorded as an
event; restoring only into a new database, refusing a tampered backup by its first bad event."""

from __future__ import annotations

import os
import shutil
import sqlite3
import uuid
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from console.clock import ManualClock
from console.incidents import IncidentService
from console.store import Database, EventLog, open_database
from console.store.backup import EVENT, BackupRefused, backup, restore, taken_backups
from console.store.cli import main
from console.store.verify import verify_chain
from tests.incidents.conftest import MUNICIPAL
from tests.store.conftest import PG_ADMIN_DSN, PG_SKIP, pg_reachable, pg_url

T = datetime(2026, 12, 4, 8, 0, tzinfo=UTC)


def _centre(path: Path) -> Database:
    """A database with a few incidents (about a dozen events over several streams)."""
    db = open_database(f"sqlite:///{path}")
    svc = IncidentService(db, ManualClock(T))
    for i in range(3):
        r = svc.open(MUNICIPAL, title=f"备份测试事件 {i}", actor="王值班", role="duty_officer",
                     facts={"cases": 10 + i}, lat=35.76, lon=115.03)
        svc.command(r.incident_id, "fire", {"event": "dispatch"}, actor="王值班", role="duty_officer")
    return db


@pytest.fixture
def centre(tmp_path: Path):  # type: ignore[no-untyped-def]
    db = _centre(tmp_path / "centre.sqlite3")
    yield db
    db.close()


def test_sqlite_backup_verifies_has_the_head_and_is_recorded(centre: Database, tmp_path: Path) -> None:
    head = EventLog(centre).head()
    out = tmp_path / "b.sqlite3"
    record = backup(centre, out, actor="admin", role="admin", clock=ManualClock(T))
    assert (record.path, record.kind, record.size) == (str(out), "sqlite", out.stat().st_size)
    assert (record.head_seq, record.head_hash) == head
    assert not Path(f"{out}.part").exists() and not Path(f"{out}-wal").exists()
    copy = open_database(f"sqlite:///{out}", upgrade=False)
    try:
        report = verify_chain(copy)
        assert report.ok and (report.head_seq, report.head_hash) == head
    finally:
        copy.close()
    # the backup is the next event of the live chain (the copy ends one event before it)
    last = list(EventLog(centre).read(after_seq=head[0]))
    assert [(e.stream, e.type, e.actor) for e in last] == [("admin", EVENT, "admin")]
    assert last[0].payload["data"]["head_seq"] == head[0] and last[0].payload["data"]["size"] == record.size
    assert verify_chain(centre).ok
    assert taken_backups(EventLog(centre)) == [record]


def test_backup_to_an_unwritable_place_is_refused_and_leaves_nothing(centre: Database, tmp_path: Path) -> None:
    head = EventLog(centre).head()
    with pytest.raises(BackupRefused, match="目录 .* 不存在"):
        backup(centre, tmp_path / "missing" / "b.sqlite3", actor="admin", role="admin", clock=ManualClock(T))
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if os.access(locked, os.W_OK):
            pytest.skip("running as a user who can write anywhere (root): no unwritable directory")
        with pytest.raises(BackupRefused, match="无法写入备份文件"):
            backup(centre, locked / "b.sqlite3", actor="admin", role="admin", clock=ManualClock(T))
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o700)
    assert EventLog(centre).head() == head  # nothing recorded either


def test_backup_into_a_device_that_refuses_writes(centre: Database) -> None:
    """Root can write any directory; /proc refuses everyone."""
    head = EventLog(centre).head()
    with pytest.raises(BackupRefused, match="无法写入备份文件"):
        backup(centre, "/proc/fds-backup.sqlite3", actor="admin", role="admin", clock=ManualClock(T))
    assert not Path("/proc/fds-backup.sqlite3.part").exists()
    assert EventLog(centre).head() == head


def test_backup_refuses_an_existing_file_and_a_non_administrator(centre: Database, tmp_path: Path) -> None:
    there = tmp_path / "there.sqlite3"
    there.write_bytes(b"keep me")
    with pytest.raises(BackupRefused, match="已存在"):
        backup(centre, there, actor="admin", role="admin", clock=ManualClock(T))
    assert there.read_bytes() == b"keep me"
    with pytest.raises(BackupRefused, match="系统管理员"):
        backup(centre, tmp_path / "x.sqlite3", actor="王值班", role="duty_officer", clock=ManualClock(T))
    assert not (tmp_path / "x.sqlite3").exists()


def test_restore_into_a_new_file_verifies_and_the_console_works_on_it(centre: Database, tmp_path: Path) -> None:
    record = backup(centre, tmp_path / "b.sqlite3", actor="admin", role="admin", clock=ManualClock(T))
    target = tmp_path / "restored" / "console.sqlite3"
    target.parent.mkdir()
    done = restore(record.path, str(target), clock=ManualClock(T))
    assert (done.kind, done.head_seq, done.head_hash) == ("sqlite", record.head_seq, record.head_hash)
    assert done.checked == record.head_seq
    db = open_database(f"sqlite:///{target}")
    try:
        svc = IncidentService(db, ManualClock(T))
        assert sorted(i.title for i in svc.list()) == [f"备份测试事件 {i}" for i in range(3)]
        svc.open(MUNICIPAL, title="恢复后接报", actor="王值班", role="duty_officer", facts={"cases": 1},
                 lat=35.76, lon=115.03)
        assert verify_chain(db).ok
    finally:
        db.close()


def test_restore_refuses_an_existing_non_empty_target(centre: Database, tmp_path: Path) -> None:
    record = backup(centre, tmp_path / "b.sqlite3", actor="admin", role="admin", clock=ManualClock(T))
    live = tmp_path / "centre.sqlite3"
    before = live.read_bytes()
    with pytest.raises(BackupRefused, match="已存在且不是空的"):
        restore(record.path, str(live), clock=ManualClock(T))
    assert live.read_bytes() == before


def test_a_tampered_backup_is_refused_naming_the_event(centre: Database, tmp_path: Path) -> None:
    record = backup(centre, tmp_path / "b.sqlite3", actor="admin", role="admin", clock=ManualClock(T))
    raw = sqlite3.connect(record.path)
    raw.execute("DROP TRIGGER IF EXISTS events_no_update")
    raw.execute("UPDATE events SET payload = replace(payload, '备份测试事件 1', '备份测试事件 9') "
                "WHERE payload LIKE '%备份测试事件 1%'")
    bad = raw.execute("SELECT min(seq) FROM events WHERE payload LIKE '%备份测试事件 9%'").fetchone()[0]
    raw.commit()
    raw.close()
    assert bad is not None
    target = tmp_path / "restored.sqlite3"
    with pytest.raises(BackupRefused, match=f"第 {bad} 号事件"):
        restore(record.path, str(target), clock=ManualClock(T))
    assert not target.exists()


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path: Path) -> None:
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"not a backup at all")
    with pytest.raises(BackupRefused, match="不是本系统的备份"):
        restore(junk, str(tmp_path / "r.sqlite3"), clock=ManualClock(T))
    with pytest.raises(BackupRefused, match="不存在"):
        restore(tmp_path / "nothing.sqlite3", str(tmp_path / "r.sqlite3"), clock=ManualClock(T))


def test_cli_backup_and_restore(centre: Database, tmp_path: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    url = f"sqlite:///{tmp_path / 'centre.sqlite3'}"
    head = EventLog(centre).head()
    assert main(["--db", url, "db", "backup", "--actor", "admin"]) == 0
    out = capsys.readouterr().out
    (name,) = [p.name for p in tmp_path.glob("fds-backup-*.sqlite3")]
    assert f"已写入备份：{tmp_path / name}" in out and f"链头 seq={head[0]} 哈希 {head[1]}" in out
    assert "事件链校验通过" in out
    assert main(["db", "restore", name, "--to", str(tmp_path / "r.sqlite3")]) == 0
    assert f"已校验 {head[0]} 个事件" in capsys.readouterr().out
    assert main(["db", "restore", name, "--to", str(tmp_path / "r.sqlite3")]) == 1
    assert "恢复未完成" in capsys.readouterr().err
    assert main(["--db", url, "db", "backup", "--out", "/proc/x.sqlite3"]) == 1
    assert "备份未完成：无法写入备份文件" in capsys.readouterr().err


# ------------------------------------------------------------------------------- PostgreSQL
def _pg_ready() -> str | None:
    if shutil.which("pg_dump") is None or shutil.which("pg_restore") is None:
        return "pg_dump/pg_restore (PostgreSQL client tools) not installed"
    if not pg_reachable():
        return PG_SKIP
    return None


@pytest.mark.postgres
def test_postgresql_backup_and_restore() -> None:
    why = _pg_ready()
    if why is not None:
        pytest.skip(why)
    names = [f"fds_backup_{uuid.uuid4().hex[:8]}" for _ in range(2)]
    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as admin:
        for n in names:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(n)))
    src_url, dst_url = pg_url(names[0]), pg_url(names[1])
    tmp = Path(os.environ.get("TMPDIR", "/tmp")) / f"{names[0]}.dump"
    try:
        db = open_database(src_url)
        try:
            svc = IncidentService(db, ManualClock(T))
            svc.open(MUNICIPAL, title="服务器备份", actor="王值班", role="duty_officer", facts={"cases": 3},
                     lat=35.76, lon=115.03)
            head = EventLog(db).head()
            record = backup(db, tmp, actor="admin", role="admin", clock=ManualClock(T))
            assert (record.kind, record.head_seq, record.head_hash) == ("pg_dump", *head)
            assert [e.type for e in EventLog(db).read(after_seq=head[0])] == [EVENT]
        finally:
            db.close()
        done = restore(tmp, dst_url, clock=ManualClock(T))
        assert (done.head_seq, done.head_hash) == head
        with pytest.raises(BackupRefused, match="不是空的"):
            restore(tmp, dst_url, clock=ManualClock(T))
    finally:
        tmp.unlink(missing_ok=True)
        with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as admin:
            for n in names:
                admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(n)))
