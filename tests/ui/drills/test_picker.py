"""开始演练 from the menu: the scenario picker lists the shipped scenarios by their Chinese titles
(a broken one greyed, with its located error), and starts the one the trainer selects; the
trainer window gives the inject's title the room; 年度演练计划… opens the annual plan."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtGui import QAction, QColor

from console.drills.scenario import load_scenario
from console.paths import data_root, scenarios_dir
from tests.drills.conftest import KINDERGARTEN, virtual_run
from ui.drills.controller import ControllerWindow
from ui.drills.picker import GREY, ScenarioPicker
from ui.improvements.dialog import ImprovementsDialog
from ui.wiring import assemble

SHIPPED = sorted(scenarios_dir().glob("*.yaml"))


def _close(*windows) -> None:
    for w in windows:
        if w is not None:
            w.close()
            w.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def test_the_picker_lists_the_shipped_scenarios_by_their_chinese_titles(qtbot):
    assert len(SHIPPED) == 5
    picker = ScenarioPicker(scenarios_dir())
    qtbot.addWidget(picker)
    titles = [load_scenario(p).title for p in SHIPPED]
    assert sorted(picker.titles()) == sorted(titles)
    assert not any(t.endswith(".yaml") for t in picker.titles())
    assert not any(picker.is_greyed(r) for r in range(len(titles)))
    heads = [picker.table.horizontalHeaderItem(c).text() for c in range(picker.table.columnCount())]
    assert heads == ["演练名称", "形式", "内容", "目的", "预案", "注入", "计划时长"]
    # the detail pane of the selected one: its axes, plan, injects, duration and objectives
    sc = load_scenario(scenarios_dir() / "drug-adverse-cluster.yaml")
    assert picker.select_title(sc.title)
    row = picker.titles().index(sc.title)
    assert [picker.table.item(row, c).text() for c in (1, 2, 3, 5, 6)] == ["功能", "综合", "检验性",
                                                                           str(len(sc.injects)), "约 5:45"]
    assert picker.table.item(row, 4).text() == sc.plan.title
    detail = picker.detail.toPlainText()
    assert "形式：功能" in detail and "目的：检验性" in detail and sc.plan.title in detail
    assert all(text in detail for text in sc.objectives.values())
    assert picker.start_btn.isEnabled()
    picker.start_btn.click()
    assert picker.result() == ScenarioPicker.DialogCode.Accepted
    assert picker.chosen == scenarios_dir() / "drug-adverse-cluster.yaml"


def test_a_broken_scenario_is_listed_greyed_with_its_located_error(qtbot, tmp_path):
    good = (scenarios_dir() / "kindergarten-tabletop.yaml").read_text(encoding="utf-8")
    plans = data_root() / "plans"
    (tmp_path / "good.yaml").write_text(good.replace("plan: ../plans/", f"plan: {plans}/"), encoding="utf-8")
    (tmp_path / "broken.yaml").write_text("format: drill-scenario/1\nid: broken\ntitle: 坏掉的演练脚本\n"
                                          "type: nonsense\n", encoding="utf-8")
    picker = ScenarioPicker(tmp_path)
    qtbot.addWidget(picker)
    titles = picker.titles()
    assert len(titles) == 2
    bad = next(r for r, t in enumerate(titles) if "坏掉的演练脚本" in t)
    ok = 1 - bad
    assert picker.is_greyed(bad) and not picker.is_greyed(ok)
    assert picker.table.item(bad, 0).foreground().color() == QColor(GREY)
    assert "未通过检查" in titles[bad] and titles[ok] == load_scenario(KINDERGARTEN).title
    picker.table.selectRow(bad)
    detail = picker.detail.toPlainText()
    assert f"{tmp_path / 'broken.yaml'}:4:7" in detail and "nonsense" in detail  # located, not hidden
    assert not picker.start_btn.isEnabled()
    picker.start_btn.click()
    assert picker.chosen is None and picker.result() != ScenarioPicker.DialogCode.Accepted
    picker.table.selectRow(ok)
    assert picker.start_btn.isEnabled()


def test_the_trainer_picks_a_scenario_from_the_menu_and_the_drill_starts(make_window, demo_db, qtbot, tmp_path,
                                                                         monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))  # the drill database goes here
    win = make_window(demo_db, map_enabled=False)
    a = assemble(win, win.console, live=False)
    title = load_scenario(KINDERGARTEN).title
    seen: list[list[str]] = []

    def answer(picker: ScenarioPicker) -> int:  # the trainer clicks the title, then 开始
        seen.append(picker.titles())
        assert picker.select_title(title)
        picker.start_btn.click()
        return picker.result()

    monkeypatch.setattr(ScenarioPicker, "exec", answer)
    win.findChild(QAction, "startDrill").trigger()
    assert len(seen) == 1 and title in seen[0]
    assert len(a.windows) == 1, win.notices
    s = a.windows[0]
    try:
        assert s.run.scenario.title == title
        assert s.console.isVisible() and s.controller.isVisible()
    finally:
        s.close()
        _close(s.controller, s.console)


def test_cancelling_the_picker_starts_nothing(make_window, demo_db, qtbot, monkeypatch):
    win = make_window(demo_db, map_enabled=False)
    a = assemble(win, win.console, live=False)
    monkeypatch.setattr(ScenarioPicker, "exec", lambda self: (self.cancel_btn.click(), self.result())[1])
    win.findChild(QAction, "startDrill").trigger()
    assert a.windows == []


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_the_inject_title_is_the_widest_column_at_1280x800(qtbot, tmp_path, path):
    run = virtual_run(path, tmp_path, auto=False)
    w = ControllerWindow(run)
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    w.refresh()
    head = w.injects.horizontalHeader()
    widths = {c: head.sectionSize(c) for c in range(w.injects.columnCount()) if not w.injects.isColumnHidden(c)}
    assert max(widths, key=lambda c: widths[c]) == 2, widths
    assert w.injects.horizontalHeaderItem(2).text() == "注入"
    # the full text of an elided cell is in its tooltip; the title is on its own line above the buttons
    assert w.injects.item(0, 3).toolTip() == w.injects.item(0, 3).text()
    assert w.title_label.text().startswith("【演练】" + run.scenario.title)
    assert w.title_label.toolTip() == w.title_label.text()
    assert w.title_label.geometry().bottom() < w.start_btn.mapTo(w.centralWidget(), w.start_btn.rect().topLeft()).y()
    assert (w.injects.isColumnHidden(6)) == (not w.sites)  # 分会场 only for a drill across sites
    w.close()
    run.db.close()


def test_the_annual_drill_plan_from_the_menu(make_window, demo_db, qtbot):
    win = make_window(demo_db, map_enabled=False)
    a = assemble(win, win.console, live=False)
    act = win.findChild(QAction, "annualDrillPlan")
    assert act is not None and act.text() == "年度演练计划…"
    act.trigger()
    dialog = next(w for w in a.windows if isinstance(w, ImprovementsDialog))
    try:
        assert dialog.isVisible() and dialog.tabs.tabText(dialog.tabs.currentIndex()) == "年度演练计划"
        assert dialog.tabs.currentWidget().isAncestorOf(dialog.plan_table)
    finally:
        _close(dialog)
    win.findChild(QAction, "improvementRegister").trigger()  # 整改台账… still opens on the register
    dialog = [w for w in a.windows if isinstance(w, ImprovementsDialog)][-1]
    try:
        assert dialog.tabs.currentIndex() == 0
    finally:
        _close(dialog)
