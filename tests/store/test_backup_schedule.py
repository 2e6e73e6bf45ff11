"""Scheduled backups: the due time as a pure function of the schedule, the last backup and now;
rotation keeps the newest N scheduled files and nothing else is touched; a scheduled run writes
a verified backup recorded in the chain."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest

from console.clock import CHINA_TZ, ManualClock
from console.store import EventLog, NewEvent, open_database
from console.store.backup import taken_backups
from console.store.backup_schedule import (
    DAILY,
    HOURLY,
    OFF,
    BackupSchedule,
    ScheduleError,
    is_due,
    last_backup_time,
    next_backup_at,
    rotate,
    run_scheduled,
)

T = datetime(2026, 12, 5, 1, 0, tzinfo=CHINA_TZ)  # 01:00 China time


def cn(h: int, m: int = 0, day: int = 5) -> datetime:
    return datetime(2026, 12, day, h, m, tzinfo=CHINA_TZ)


def test_off_is_never_due() -> None:
    s = BackupSchedule(OFF)
    assert next_backup_at(s, T, None) is None
    assert not is_due(s, T + timedelta(days=30), None)


def test_daily_at_hhmm_china_time() -> None:
    s = BackupSchedule(DAILY, time(2, 30), directory="/b")
    assert next_backup_at(s, cn(1), None) == cn(2, 30)  # not yet today
    assert not is_due(s, cn(2, 29), None)
    assert is_due(s, cn(2, 30), None)
    assert next_backup_at(s, cn(3), None) == cn(2, 30, day=6)  # missed today, no backup yet: tomorrow
    # taken at 02:30 today: the next is tomorrow 02:30, not again today
    assert next_backup_at(s, cn(2, 31), cn(2, 30)) == cn(2, 30, day=6)
    assert not is_due(s, cn(23, 59), cn(2, 30))
    # a console closed for three days catches up once at start
    assert is_due(s, cn(9, day=8), cn(2, 30))
    assert next_backup_at(s, cn(9, day=8), cn(2, 30)) == cn(2, 30, day=6)
    # a last backup at 01:00 (by hand): today's 02:30 is still due
    assert next_backup_at(s, cn(1, 5), cn(1)) == cn(2, 30)
    # UTC instants are compared as instants: 18:30 UTC = 02:30 China time next day
    assert next_backup_at(s, datetime(2026, 12, 4, 18, 0, tzinfo=UTC), None) == cn(2, 30)


def test_every_n_hours() -> None:
    s = BackupSchedule(HOURLY, every_hours=6, directory="/b")
    assert next_backup_at(s, T, None) == T  # no backup yet: at once
    assert next_backup_at(s, T, T - timedelta(hours=1)) == T + timedelta(hours=5)
    assert not is_due(s, T, T - timedelta(hours=5, minutes=59))
    assert is_due(s, T, T - timedelta(hours=6))


@pytest.mark.parametrize(("args", "words"), [
    (("weekly", "02:00", "24", "/b", "7"), "定时备份方式"),
    (("daily", "25:00", "24", "/b", "7"), "HH:MM"),
    (("daily", "2点", "24", "/b", "7"), "HH:MM"),
    (("hours", "02:00", "0", "/b", "7"), "备份间隔"),
    (("hours", "02:00", "x", "/b", "7"), "备份间隔"),
    (("daily", "02:00", "24", "/b", "0"), "保留份数"),
    (("daily", "02:00", "24", "", "7"), "备份目录"),
])
def test_bad_settings_are_refused_naming_the_field(args: tuple[str, ...], words: str) -> None:
    with pytest.raises(ScheduleError) as e:
        BackupSchedule.parse(*args)
    assert words in e.value.reason


def test_parse_good_settings() -> None:
    s = BackupSchedule.parse("daily", "2:05", "24", " /srv/backup ", "3")
    assert (s.mode, s.daily_at, s.directory, s.keep) == (DAILY, time(2, 5), "/srv/backup", 3)
    assert BackupSchedule.parse("off", "02:00", "24", "", "7").mode == OFF


def test_rotation_keeps_the_newest_n_scheduled_files_only(tmp_path: Path) -> None:
    names = [f"fds-backup-202612{d:02d}-0230.sqlite3" for d in range(1, 6)] + ["fds-backup-20261205-0230-1.sqlite3"]
    for n in names:
        (tmp_path / n).write_bytes(b"x")
    (tmp_path / "notes.txt").write_text("keep me")
    (tmp_path / "fds-backup-by-hand.sqlite3").write_bytes(b"y")
    removed = rotate(tmp_path, 2)
    assert sorted(p.name for p in removed) == sorted(names[:4])
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == sorted([names[4], names[5], "notes.txt", "fds-backup-by-hand.sqlite3"])
    assert rotate(tmp_path, 2) == []


def test_scheduled_run_writes_a_recorded_backup_and_rotates(tmp_path: Path) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'centre.sqlite3'}")
    clock = ManualClock(cn(2, 30))
    log = EventLog(db, clock)
    log.append("inc", 0, [NewEvent("note", clock.now(), "甲", "duty_officer", {"data": {}})])
    out = tmp_path / "backups"
    out.mkdir()
    s = BackupSchedule(DAILY, time(2, 30), directory=str(out), keep=2)
    assert last_backup_time(log) is None
    results = []
    for day in range(3):
        clock.set(cn(2, 30, day=5 + day))
        assert is_due(s, clock.now(), last_backup_time(log))
        results.append(run_scheduled(db, s, actor="定时备份", clock=clock, log=log))
        assert not is_due(s, clock.now(), last_backup_time(log))
    assert all(r.ok for r in results), [r.line() for r in results]
    assert results[2].removed == (results[0].record.path,)  # type: ignore[union-attr]
    assert sorted(p.name for p in out.iterdir()) == ["fds-backup-20261206-0230.sqlite3",
                                                      "fds-backup-20261207-0230.sqlite3"]
    assert len(taken_backups(log)) == 3 and last_backup_time(log) == cn(2, 30, day=7)
    assert "定时备份完成" in results[2].line() and "删除了 1 份旧备份" in results[2].line()


def test_scheduled_run_into_a_missing_directory_fails_with_the_reason(tmp_path: Path) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'centre.sqlite3'}")
    clock = ManualClock(cn(2, 30))
    r = run_scheduled(db, BackupSchedule(DAILY, directory=str(tmp_path / "nope")), actor="定时备份", clock=clock)
    assert not r.ok and "不存在" in r.error and "定时备份失败" in r.line()
