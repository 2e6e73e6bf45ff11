"""帮助 → 错误日志…: an uncaught exception in a slot is written to the error log and listed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication

from console.health.errorlog import read_errors, uninstall
from ui.health.dialog import ErrorLogDialog, install_error_log
from ui.widgets.outage import install_error_hook

pytestmark = pytest.mark.gui


def refresh_the_duty_board() -> None:  # a slot with a bug
    raise RuntimeError("值班看板刷新失败：测试用的错误")


@pytest.mark.qt_no_exception_capture
def test_an_uncaught_exception_in_a_slot_is_logged_and_the_dialog_lists_it(make_window, demo_db, qtbot, tmp_path):
    win = make_window(demo_db, map_enabled=False)
    restore = install_error_hook(win.outage)
    handler = install_error_log(win, tmp_path / "data" / "errors.log")
    try:
        QTimer.singleShot(0, refresh_the_duty_board)
        qtbot.waitUntil(lambda: any("值班看板刷新失败" in r.message for r in read_errors(handler.path)),
                        timeout=5000)
        record = next(r for r in read_errors(handler.path) if r.level == "ERROR")
        assert record.where.endswith(":refresh_the_duty_board")
        assert "RuntimeError" in record.traceback and "refresh_the_duty_board" in record.traceback
        assert "程序内部错误（已记录）" in win.statusBar().currentMessage()  # what the user saw, also logged
        assert any(r.where == "状态栏" and r.level == "WARNING" for r in read_errors(handler.path))

        action = next(a for m in win.menuBar().actions() if m.menu() for a in m.menu().actions()
                      if a.objectName() == "actErrorLog")
        assert action.text() == "错误日志…" and action.parent() is win
        action.trigger()
        dlg = win.findChild(ErrorLogDialog)
        assert dlg is not None and dlg.isVisible()
        messages = [dlg.table.item(r, 3).text() for r in range(dlg.table.rowCount())]
        assert any("值班看板刷新失败" in m for m in messages)
        row = next(i for i, r in enumerate(dlg.records) if r.level == "ERROR")
        assert dlg.table.item(row, 1).text() == "错误"
        dlg.table.selectRow(row)
        assert "refresh_the_duty_board" in dlg.details.toPlainText()
        assert str(handler.path) in dlg.where.text()
        copied = dlg.copy_selected()
        assert "值班看板刷新失败" in copied and QGuiApplication.clipboard().text() == copied
        dlg.close()
    finally:
        restore()
        uninstall(handler)


def test_an_empty_log_says_so(qtbot, tmp_path):
    dlg = ErrorLogDialog(tmp_path / "errors.log")
    qtbot.addWidget(dlg)
    assert dlg.table.rowCount() == 0 and "尚未发生错误" in dlg.details.toPlainText()
    assert not dlg.copy_button.isEnabled()


def test_a_failed_background_command_is_logged_but_a_refusal_is_not(make_window, demo_db, tmp_path):
    from console.errors import Refused
    from console.health.errorlog import install

    win = make_window(demo_db, map_enabled=False)
    handler = install(tmp_path / "errors.log")
    seen: list[Exception] = []
    try:
        def broken() -> None:
            raise KeyError("plan_id")

        def refused() -> None:
            raise Refused("当前状态不允许此操作")

        win.runner.run("刷新物资台账", broken, failure=seen.append)
        win.runner.run("派员核实", refused, failure=seen.append)
        assert win.runner.wait(10_000)
        assert [type(e) for e in seen] == [KeyError, Refused]  # each caller still gets its outcome
        records = read_errors(handler.path)
        assert [(r.where, r.level) for r in records] == [("后台命令：刷新物资台账", "ERROR")]
        assert "KeyError" in records[0].traceback and "broken" in records[0].traceback
    finally:
        uninstall(handler)
