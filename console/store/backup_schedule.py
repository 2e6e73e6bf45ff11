"""Scheduled backups: when the next one is due, taking it, and keeping only the newest N.

Pure where it can be: :func:`next_backup_at` is a function of the schedule, the time of the last
backup (from the chain's ``admin.backup_taken`` events) and ``now`` — the caller's clock, never
the wall clock (the window's timer drives it; tests pass any instant). :func:`run_scheduled`
takes the backup with :func:`console.store.backup.backup` (verified, recorded in the chain) into
the schedule's directory and then :func:`rotate`\\s it, removing the oldest scheduled files beyond
``keep`` — only files this schedule names (``fds-backup-YYYYMMDD-HHMM…``), never anything else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from pathlib import Path

from console.clock import CHINA_TZ, Clock
from console.errors import Refused
from console.store.backup import BackupRecord, backup, default_backup_name, taken_backups
from console.store.db import Database
from console.store.eventlog import EventLog

OFF = "off"
DAILY = "daily"
HOURLY = "hours"
MODES = (OFF, DAILY, HOURLY)
MAX_KEEP = 1000
MAX_HOURS = 24 * 7

_HHMM = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
_SCHEDULED_NAME = re.compile(r"^fds-backup-\d{8}-\d{4}(?:-\d+)?\.(?:sqlite3|dump)$")


class ScheduleError(Refused):
    """A backup schedule that cannot be used (the message names the field, in Chinese)."""


@dataclass(frozen=True)
class BackupSchedule:
    """定时备份: off, daily at ``daily_at`` (China time), or every ``every_hours`` hours; into
    ``directory``, keeping the newest ``keep`` scheduled files."""

    mode: str = OFF
    daily_at: time = time(2, 0)
    every_hours: int = 24
    directory: str = ""
    keep: int = 7

    @classmethod
    def parse(cls, mode: str, daily_at: str, every_hours: str, directory: str, keep: str) -> BackupSchedule:
        """From the settings' texts; raises :class:`ScheduleError` naming the bad field."""
        mode = (mode or OFF).strip()
        if mode not in MODES:
            raise ScheduleError(f"定时备份方式「{mode}」无效：应为 off（关闭）、daily（每天）或 hours（每隔 N 小时）")
        m = _HHMM.match((daily_at or "").strip())
        if m is None:
            raise ScheduleError(f"每天备份的时间「{daily_at}」无效：应为 HH:MM（如 02:30）")
        try:
            hours = int((every_hours or "").strip())
        except ValueError:
            raise ScheduleError(f"备份间隔「{every_hours}」无效：应为 1 到 {MAX_HOURS} 的整数（小时）") from None
        if not 1 <= hours <= MAX_HOURS:
            raise ScheduleError(f"备份间隔 {hours} 小时无效：应为 1 到 {MAX_HOURS} 小时")
        try:
            n = int((keep or "").strip())
        except ValueError:
            raise ScheduleError(f"保留份数「{keep}」无效：应为 1 到 {MAX_KEEP} 的整数") from None
        if not 1 <= n <= MAX_KEEP:
            raise ScheduleError(f"保留份数 {n} 无效：应为 1 到 {MAX_KEEP}")
        directory = (directory or "").strip()
        if mode != OFF and not directory:
            raise ScheduleError("定时备份须指定备份目录")
        return cls(mode, time(int(m[1]), int(m[2])), hours, directory, n)

    def describe(self) -> str:
        if self.mode == DAILY:
            return f"每天 {self.daily_at:%H:%M} 备份到 {self.directory}，保留最近 {self.keep} 份"
        if self.mode == HOURLY:
            return f"每 {self.every_hours} 小时备份到 {self.directory}，保留最近 {self.keep} 份"
        return "定时备份：关闭"


def next_backup_at(schedule: BackupSchedule, now: datetime, last: datetime | None) -> datetime | None:
    """When the next scheduled backup is due (None: the schedule is off).

    Daily: the first HH:MM (China time) after the last backup; with none yet, today's HH:MM if it
    has not passed, else tomorrow's. Every N hours: N hours after the last backup; with none yet,
    ``now``. A time at or before ``now`` means due now (a console that was closed at the hour
    catches up once, not once per missed slot)."""
    if schedule.mode == OFF:
        return None
    if schedule.mode == HOURLY:
        return now if last is None else last + timedelta(hours=schedule.every_hours)
    ref = (last if last is not None else now).astimezone(CHINA_TZ)
    slot = datetime.combine(ref.date(), schedule.daily_at, tzinfo=CHINA_TZ)
    if last is not None and slot <= ref:
        slot += timedelta(days=1)
    if last is None and slot < ref:
        slot += timedelta(days=1)
    return slot


def is_due(schedule: BackupSchedule, now: datetime, last: datetime | None) -> bool:
    due = next_backup_at(schedule, now, last)
    return due is not None and due <= now


def last_backup_time(log: EventLog) -> datetime | None:
    """When the newest backup recorded in the chain was taken (any: scheduled or by hand)."""
    records = taken_backups(log)
    return max((r.taken_at for r in records), default=None)


def rotate(directory: str | Path, keep: int) -> list[Path]:
    """Remove the oldest scheduled backup files in ``directory`` beyond the newest ``keep``;
    returns what was removed. Only ``fds-backup-YYYYMMDD-HHMM.{sqlite3,dump}`` files are counted
    or touched (their names sort by time)."""
    if keep < 1:
        raise ScheduleError("保留份数至少为 1")
    folder = Path(directory)
    files = sorted(p for p in folder.iterdir() if p.is_file() and _SCHEDULED_NAME.match(p.name))
    removed = files[: max(0, len(files) - keep)]
    for p in removed:
        p.unlink()
    return removed


@dataclass(frozen=True)
class ScheduledResult:
    """What one scheduled run did: the backup written (or None) and the files rotated out, or the
    Chinese reason it failed."""

    at: datetime
    record: BackupRecord | None
    removed: tuple[str, ...] = ()
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.record is not None and not self.error

    def line(self) -> str:
        when = self.at.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M")
        if self.record is None:
            return f"{when} 定时备份失败：{self.error}"
        text = f"{when} 定时备份完成：{self.record.path}（链头 seq={self.record.head_seq}）"
        if self.removed:
            text += f"，按保留份数删除了 {len(self.removed)} 份旧备份"
        if self.error:
            text += f"；{self.error}"
        return text


def run_scheduled(db: Database, schedule: BackupSchedule, *, actor: str, clock: Clock,
                  log: EventLog | None = None) -> ScheduledResult:
    """Take one scheduled backup into the schedule's directory and rotate; never raises for a
    refusal (the result says why)."""
    now = clock.now()
    folder = Path(schedule.directory).expanduser()
    try:
        if not folder.is_dir():
            raise ScheduleError(f"备份目录 {folder} 不存在，请先建立该目录或在设置中另选")
        name = default_backup_name(db, now)
        out = folder / name
        stem, ext = name.rsplit(".", 1)
        n = 1
        while out.exists():  # two runs in one minute: a suffix, never an overwrite
            out = folder / f"{stem}-{n}.{ext}"
            n += 1
        record = backup(db, out, actor=actor, role="admin", clock=clock, log=log)
    except Refused as exc:
        return ScheduledResult(now, None, (), exc.reason)
    try:
        removed = rotate(folder, schedule.keep)
    except OSError as exc:
        return ScheduledResult(now, record, (), f"旧备份未能删除：{exc.strerror or exc}")
    return ScheduledResult(now, record, tuple(str(p) for p in removed))
