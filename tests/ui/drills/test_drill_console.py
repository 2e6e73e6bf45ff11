"""A drill started from the real console's menu, played in the players' console to its report:
the drill console keeps its menus and 演练 banner, players read the injects in their inbox, the
controller fits the screen, asks before 结束演练, opens the review and exports the report."""

from __future__ import annotations

from docx import Document
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QDockWidget, QFileDialog, QMenuBar

from console.clock import CHINA_TZ
from console.drills.scenario import load_scenario
from tests.drills.conftest import KINDERGARTEN, SCHOOL, virtual_run
from ui.drills.controller import ControllerWindow
from ui.drills.menu import menu_bar
from ui.drills.picker import ScenarioPicker
from ui.wiring import assemble


def _menus(win) -> list[str]:
    return [a.text() for a in menu_bar(win).actions()]


def _close(*windows) -> None:
    for w in windows:
        if w is not None:
            w.close()
            w.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def test_the_drill_started_from_the_menu_is_played_from_its_inbox_to_its_report(make_window, demo_db, qtbot,
                                                                                tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))  # the drill database goes here
    win = make_window(demo_db, map_enabled=False)
    a = assemble(win, win.console, live=False)
    real_menus = _menus(win)
    assert "演练与复盘" in real_menus and "文件(&F)" in real_menus
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kw: (str(KINDERGARTEN), ""))
    # the trainer answers the scenario picker with 其他文件… (the file dialog above)
    monkeypatch.setattr(ScenarioPicker, "exec", lambda self: (self.other_btn.click(), self.result())[1])
    win.findChild(QAction, "startDrill").trigger()
    assert len(a.windows) == 1, win.notices
    s = a.windows[0]
    try:
        players = s.console
        assert players.isVisible() and s.controller.isVisible()
        # the drill console keeps the console's menus and the red banner under them
        assert _menus(players)[:4] == ["文件(&F)", "事件(&E)", "视图(&V)", "帮助(&H)"]
        assert players.drill_banner.isVisible() and isinstance(menu_bar(players), QMenuBar)
        drill_actions = [a.objectName() for m in menu_bar(players).actions() if m.menu()
                         for a in m.menu().actions()]
        assert "reviewIncident" in drill_actions and "startDrill" not in drill_actions  # no drill in a drill
        docks = {d.objectName(): d for d in players.findChildren(QDockWidget)}
        assert "drillInbox" in docks and s.inbox is not None
        # the trainer's settings (language, map, layout), the panels tabbed as in the console
        assert players.settings is win.settings and not players.keeps_layout
        tabbed = {d.objectName() for d in players.tabifiedDockWidgets(players.detail_dock)}
        assert {"reports", "consultations", "reserves", "duty", "drillInbox"} <= tabbed
        assert s.inbox.table.rowCount() == 0 and docks["drillInbox"].windowTitle() == "演练消息"
        # the first inject arrives at T+0: the players read its text
        s.controller.start_btn.click()
        # (a loaded machine is slow to start the drill clock: wait up to 20 s)
        qtbot.waitUntil(lambda: s.inbox.table.rowCount() >= 1, timeout=20000)
        first = load_scenario(KINDERGARTEN).injects[0]
        row = s.inbox.table.rowCount() - 1  # newest first: the first inject is last
        assert s.inbox.table.item(row, 3).text() == first.title
        received = s.inbox.messages[row].received_at
        assert s.inbox.table.item(row, 0).text() == received.astimezone(CHINA_TZ).strftime("%H:%M")  # 北京时间
        assert "未读" in docks["drillInbox"].windowTitle()
        players.refresh()  # the role's title comes from the drill incident's plan
        assert players.user_label.text() == "用户：值班员"  # not 「值班员（值班员）」
        assert s.inbox.unread() >= 1
        s.inbox.table.selectRow(row)
        assert first.text.strip()[:20] in s.inbox.text.toPlainText()
        assert s.inbox.table.item(row, 0).font().bold() is False
        # the trainer ends the drill (after confirming), reviews it and exports its report
        s.controller.confirm = lambda title, text: True
        s.controller.end_btn.click()
        assert s.run.ended
        review = s.controller.open_review()
        assert review is not None and review.isVisible() and "【演练】" in review.windowTitle()
        out = s.controller.export_report(tmp_path / "drill-report.docx")
        assert out is not None and out.exists() and "已导出" in s.controller.message.text()
        text = "\n".join(p.text for p in Document(str(out)).paragraphs)
        assert "演练" in text and s.run.scenario.title in text
        assert s.controller.export_report(tmp_path / "r.txt") is None and "不支持" in s.controller.message.text()
        _close(review)
    finally:
        s.close()
        _close(s.controller, s.console)
    assert win.settings.layout()[0] is None  # the players' console saved nothing over the console's layout


def test_the_controller_fits_the_screen_whatever_the_title(qtbot, tmp_path):
    run = virtual_run(SCHOOL, tmp_path, auto=False)
    w = ControllerWindow(run)
    qtbot.addWidget(w)
    room = QGuiApplication.primaryScreen().availableGeometry()
    assert w.width() <= room.width() and w.height() <= room.height()
    w.start_btn.click()
    w.info.setText("【演练】" + "很长的演练名称" * 60)  # what refresh() would print for a long title
    w.refresh()
    assert w.minimumSizeHint().width() < 1100  # the title never pushes 结束演练 off the window
    w.show()
    assert w.end_btn.geometry().right() <= w.centralWidget().width()
    assert w.review_btn.isEnabled() and w.report_btn.isEnabled()
    w.confirm = lambda title, text: False
    w.end_btn.click()
    assert not run.ended and w.end_btn.isEnabled()
    w.close()
    run.db.close()
