"""整改台账 from the 演练与复盘 menu: filters, status, verification by a named person, a plan link,
the annual plan's progress; the controller's 意外终止… and 导入整改项到台账."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtGui import QAction

from console.clock import ManualClock
from console.drills.evaluation import record_improvement
from console.drills.runner import early_stop_of
from console.improvements.register import ImprovementRegister
from console.library.library import PlanLibrary
from tests.drills.conftest import SCHOOL, virtual_run
from tests.improvements.conftest import COUNTY, NOW
from ui.drills.controller import ControllerWindow
from ui.improvements.dialog import ImprovementsDialog
from ui.wiring import assemble


def _close(*windows) -> None:
    for w in windows:
        w.close()
        w.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _rows(table) -> list[str]:
    return [table.item(r, 0).text() for r in range(table.rowCount())]


def test_the_register_from_the_menu(make_window, demo_db, qtbot) -> None:
    win = make_window(demo_db, map_enabled=False)
    a = assemble(win, win.console, live=False)
    win.findChild(QAction, "improvementRegister").trigger()
    dialog = next(w for w in a.windows if isinstance(w, ImprovementsDialog))
    try:
        assert dialog.isVisible() and dialog.table.rowCount() == 0
        assert dialog.tabs.tabText(0) == "整改台账" and dialog.tabs.tabText(1) == "年度演练计划"
    finally:
        _close(dialog)


def test_filters_status_verification_and_a_plan_link(qtbot, tmp_path) -> None:
    from console.store.db import open_database

    db = open_database(f"sqlite:///{tmp_path / 'real.sqlite3'}")
    try:
        entry = PlanLibrary(db, ManualClock(NOW)).add_file(COUNTY, actor="管理员", role="admin")
        reg = ImprovementRegister(db, ManualClock(NOW))
        late = reg.add(issue="初报迟报", action="培训", owner="县市场监管局", due="2026-12-01", actor="x",
                       role="duty_officer")
        reg.add(issue="舆情回应缺位", action="修订新闻发布流程", owner="县委宣传部", due="2027-03-01", actor="x",
                role="duty_officer")
        reg.add_plan_entry(year=2026, title="桌面推演", plan_id=entry.plan_id, units=["县食安办"], planned="2026-06",
                           form="桌面", content="单项", purpose="检验性", actor="x", role="duty_officer")
        d = ImprovementsDialog(db, actor="张三", role="duty_officer", clock=ManualClock(NOW))
        qtbot.addWidget(d)
        assert _rows(d.table) == ["ZG0001", "ZG0002"]
        assert "（逾期）" in d.table.item(0, 1).text() and "（逾期）" not in d.table.item(1, 1).text()
        d.set_filter("overdue")
        assert _rows(d.table) == [late.number]
        # 验证 before it is done: refused, said in the dialog
        assert not d.verify(late.number, "李四")
        assert "只有「已完成待验证」" in d.message.text()
        assert d.change_status(late.number, "awaiting")
        assert _rows(d.table) == []  # no longer overdue
        d.set_filter("awaiting")
        assert _rows(d.table) == [late.number]
        assert d.verify(late.number, "李四", "已培训")
        d.set_filter("all")
        assert d.table.item(0, 7).text().startswith("李四 ")
        assert d.link("ZG0002", content_hash=entry.content_hash)
        assert entry.plan_id in d.table.item(1, 8).text()
        assert [r.item.number for r in reg.for_plan(entry.plan_id)] == ["ZG0002"]
        assert d.tabs.tabText(1) == "年度演练计划"
        d.year.setValue(2026)
        assert d.plan_table.rowCount() == 1 and d.progress.text() == "2026 年度演练计划：已完成 0 / 1 项"
        assert d.plan_table.item(0, 3).text() == "桌面·单项·检验性"
    finally:
        db.close()


def test_the_controller_stops_early_and_imports_the_items(qtbot, tmp_path) -> None:
    from console.store.db import open_database

    real = open_database(f"sqlite:///{tmp_path / 'real.sqlite3'}")
    PlanLibrary(real, ManualClock(NOW)).add_file(COUNTY, actor="管理员", role="admin")
    run = virtual_run(SCHOOL, tmp_path)
    w = ControllerWindow(run, trainer="王导调")
    qtbot.addWidget(w)
    w.reference = real
    asked: list[str] = []
    w.confirm = lambda title, text: asked.append(text) or True  # type: ignore[method-assign]
    w.ask_text = lambda title, label, text="": (asked.append(label), text or "真实事故")[1]  # type: ignore
    try:
        w.start_btn.click()
        run.clock.sleep_until(run.t0 + timedelta(minutes=10))
        run.poll()
        w.refresh()
        assert w.stop_btn.isEnabled() and not w.import_btn.isEnabled()
        assert w.stop_early()
        assert any("脚本列出的终止条件" in x for x in asked)  # the scenario's criteria are shown
        assert any("确定意外终止演练" in x for x in asked)
        stop = early_stop_of(run.fold.drill)
        assert stop is not None and stop["by"] == "林建国" and stop["reason"] == "真实事故"  # the 总指挥 offered
        assert run.ended and w.import_btn.isEnabled()
        record_improvement(run.service, run.incident_id, actor="黄评估", issue="初报迟报", action="值班员培训",
                           owner="县市场监管局", due="2027-01-31")
        res = w.import_improvements()
        assert res is not None and len(res.added) == 1 and "已导入整改台账 1 项" in w.message.text()
        assert ImprovementRegister(real).items()[0].source_title.startswith("连江县某中学食堂")
        w.import_improvements()
        assert "已在台账中 1 项" in w.message.text()
    finally:
        run.db.close()
        real.close()


def test_an_overdue_item_is_shown_in_the_duty_officers_alarm_list(qtbot, tmp_path) -> None:
    from console.app import Console
    from console.store.db import open_database
    from ui.bus import bus_for
    from ui.room.panel import RoomPanel

    url = f"sqlite:///{tmp_path / 'room.sqlite3'}"
    clock = ManualClock(NOW)
    a_db, b_db = open_database(url), open_database(url)
    a, b = Console(a_db, clock), Console(b_db, clock)
    panel = RoomPanel(b, actor="值班员甲", role="duty_officer", join=True)
    qtbot.addWidget(panel)
    try:
        panel.refresh_alarms()
        assert panel.alarm_table.rowCount() == 0
        head = b.log.head()[0]
        a.improvements.add(issue="初报迟报", action="值班员培训", owner="县市场监管局", due="2026-12-01",
                           actor="张三", role="duty_officer")
        bus_for(b).remote(list(a.log.read(after_seq=head)))  # what live sync does
        qtbot.waitUntil(lambda: panel.alarm_table.rowCount() == 1)
        texts = [panel.alarm_table.item(0, c).text() for c in range(panel.alarm_table.columnCount())]
        assert any("整改逾期：ZG0001 初报迟报" in t for t in texts), texts
    finally:
        panel.leave()
        a_db.close()
        b_db.close()
