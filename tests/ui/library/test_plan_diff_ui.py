"""比较版本… in the plan library: two library versions (or one and a file) → the changes by area,
exportable as text; a broken file shows its located errors and no comparison."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel

from console.app import Console
from console.clock import ManualClock
from console.store import open_database
from tests.library.conftest import MUNICIPAL, line_col, variant
from tests.ui.conftest import NOW
from ui.library import PlanLibraryWidget
from ui.library.diff import PlanDiffDialog

ADMIN = {"actor": "系统管理员", "role": "admin"}


@pytest.fixture
def db(tmp_path):
    database = open_database(f"sqlite:///{tmp_path / 'centre.sqlite3'}")
    yield database
    database.close()


def test_compare_two_library_versions_lists_the_changes_by_area_and_exports(qtbot, db, tmp_path):
    clock = ManualClock(NOW)
    console = Console(db, clock)
    # (事件调查组: the shipped plan's 危害控制组 is led by the stage since format 2, issue #17)
    new = variant(tmp_path, MUNICIPAL, "new.yaml", ('version: "2026.1"', 'version: "2026.2"'),
                  ("when: {fact: cases, ge: 30}", "when: {fact: cases, ge: 50}"),
                  ("investigation: {title: 事件调查组, lead: 市市场监管局",
                   "investigation: {title: 事件调查组, lead: 市卫生健康委"))
    old_e = console.library.add_file(MUNICIPAL, **ADMIN)
    console.incidents.open(console.library.plan(old_e.content_hash), title="华龙区某小学食堂学生腹痛",
                           actor="值班员甲", role="duty_officer", facts={"cases": 20}, place="华龙区")
    clock.advance(timedelta(minutes=5))
    new_e = console.library.add_file(new, **ADMIN)
    w = PlanLibraryWidget(console)
    qtbot.addWidget(w)
    assert not w.compare_button.isEnabled()
    # select both rows (the newest is listed first): the one added earlier is the old version
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for r in range(2):  # Ctrl+click on both rows
        w.table.selectionModel().select(w.table.model().index(r, 0), flags)
    assert len(w.selected_entries()) == 2 and w.compare_button.isEnabled()
    assert not w.retire_button.isEnabled()  # 停用 is for one version at a time
    dlg = w.compare_selected()
    assert isinstance(dlg, PlanDiffDialog)
    try:
        assert dlg.diff.old.content_hash == old_e.content_hash and dlg.diff.new.content_hash == new_e.content_hash
        assert dlg.summary.text() == "共 3 处变化"
        assert not dlg.note.isHidden() and "已用旧版的 1 起事件仍按旧版处置" in dlg.note.text()
        assert dlg.rows() == [("基本信息（1）", ["版本 2026.1 → 2026.2"]),
                              ("级别与分级（1）", ["Ⅳ级（A-IV-2）：发病（中毒）人数 ≥ 30 → ≥ 50"]),
                              ("责任单位（1）", ["事件调查组 牵头：市市场监管局 → 市卫生健康委"])]
        line = line_col(new, "when: {fact: cases, ge: 50}")[0]  # other rules have 50 too (issue #17)
        level_row = dlg.tree.topLevelItem(1).child(0)
        assert level_row.text(0) == "修改" and level_row.text(2) == f"第 {line} 行"
        out = tmp_path / "比较.txt"
        assert dlg.export(out)
        text = out.read_text(encoding="utf-8")
        assert "【级别与分级】（1）" in text and "事件调查组 牵头：市市场监管局 → 市卫生健康委" in text
        assert "已导出" in dlg.message.text()
    finally:
        dlg.close()


def test_compare_a_version_with_a_file_and_a_broken_file(qtbot, db, tmp_path):
    console = Console(db, ManualClock(NOW))
    e = console.library.add_file(MUNICIPAL, **ADMIN)
    w = PlanLibraryWidget(console)
    qtbot.addWidget(w)
    w.select(e.content_hash)
    # the same text as a file: identical
    w.ask_other = lambda entry: MUNICIPAL  # type: ignore[method-assign]
    dlg = w.compare_selected()
    assert dlg is not None
    try:
        assert dlg.diff.identical and dlg.tree.topLevelItemCount() == 0
        assert dlg.summary.text() == "两个版本含义相同：没有变化"
    finally:
        dlg.close()
    # a broken file: located errors, no dialog
    bad = variant(tmp_path, MUNICIPAL, "bad.yaml", ("to: verifying", "to: nowhere"))
    w.ask_other = lambda entry: Path(bad)  # type: ignore[method-assign]
    assert w.compare_selected() is None
    line, col = line_col(bad, "nowhere")
    assert not w.errors.isHidden() and f"bad.yaml:{line}:{col}: 未知的目标状态 `nowhere`" in w.errors.toPlainText()
    assert "无法比较" in w.message.text()
    # cancelled: nothing happens
    w.ask_other = lambda entry: None  # type: ignore[method-assign]
    assert w.compare_selected() is None
