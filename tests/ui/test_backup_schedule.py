"""定时备份 in the window: set in 文件 › 设置…, run by the window's timer on the console's clock,
the last result in the administration window's 备份 tab, a failure in the error log."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QTime
from PySide6.QtWidgets import QDialogButtonBox

from console.clock import CHINA_TZ, ManualClock
from console.health.errorlog import read_errors
from console.store import open_database
from console.store.backup import taken_backups
from ui.admin.backup import BackupTab
from ui.admin.schedule import BackupScheduler, last_result


def test_settings_dialog_refuses_a_schedule_without_folder_then_saves(qtbot, make_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    win = make_window(open_database(f"sqlite:///{tmp_path / 'c.sqlite3'}"))
    dlg = win.open_settings()
    box = dlg.backup_schedule
    assert not box.directory.isEnabled() and not box.at.isEnabled()  # off by default
    box.mode.setCurrentIndex(box.mode.findData("daily"))
    assert box.at.isEnabled() and box.directory.isEnabled() and not box.hours.isEnabled()
    box.at.setTime(QTime(3, 15))
    dlg.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert "备份目录" in box.error.text() and dlg.isVisible()
    box.directory.setText(str(tmp_path))
    box.keep.setValue(3)
    dlg.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert box.error.text() == ""
    s = win.settings
    assert [s.get(k) for k in ("backup/mode", "backup/at", "backup/dir", "backup/keep")] == [
        "daily", "03:15", str(tmp_path), "3"]


def test_timer_runs_the_schedule_on_the_console_clock_and_the_tab_shows_it(  # type: ignore[no-untyped-def]
        qtbot, make_window, tmp_path: Path) -> None:
    import logging

    from console.health import errorlog

    handler = errorlog.install(tmp_path / "errors.log")
    try:
        _run_schedule(qtbot, make_window, tmp_path)
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()
    assert any("定时备份失败" in e.message for e in read_errors(tmp_path / "errors.log"))


def _run_schedule(qtbot, make_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    clock = ManualClock(datetime(2026, 12, 5, 2, 0, tzinfo=CHINA_TZ))
    win = make_window(open_database(f"sqlite:///{tmp_path / 'c.sqlite3'}"), clock=clock)
    out = tmp_path / "backups"
    out.mkdir()
    for key, value in (("backup/mode", "daily"), ("backup/at", "02:30"), ("backup/dir", str(out)),
                       ("backup/keep", "2")):
        win.settings.set(key, value)
    scheduler = BackupScheduler(win, interval_ms=3_600_000)
    assert scheduler.check() is None  # 02:00: not yet
    clock.set(datetime(2026, 12, 5, 2, 30, tzinfo=CHINA_TZ))
    result = scheduler.check()
    assert result is not None and result.ok
    assert [p.name for p in out.iterdir()] == ["fds-backup-20261205-0230.sqlite3"]
    assert scheduler.check() is None  # done for today
    assert len(taken_backups(win.console.log)) == 1
    tab = BackupTab(win.console, "admin")
    qtbot.addWidget(tab)
    assert "定时备份完成" in tab.scheduled.text() and "fds-backup-20261205-0230" in tab.scheduled.text()
    # the folder disappears: the next run fails, the tab and the error log say why
    (out / "fds-backup-20261205-0230.sqlite3").unlink()
    out.rmdir()
    clock.set(datetime(2026, 12, 6, 2, 30, tzinfo=CHINA_TZ))
    failed = scheduler.check()
    assert failed is not None and not failed.ok and last_result(win.console) is failed
    tab.refresh()
    assert "定时备份失败" in tab.scheduled.text() and "不存在" in tab.scheduled.text()
