"""The plan library in the window: the 接报 form offers only the library's plans of this
jurisdiction (the default by domain, never another county's), says so when there are none; the
预案库 dialog adds a file (a broken one shows its located errors and adds nothing), retires and
restores, and shows the text."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QAction

from console.app import Console
from console.clock import ManualClock
from console.store import open_database
from tests.library.conftest import COUNTY, DRUG, MUNICIPAL, ZHENGZHOU, line_col, variant
from tests.ui.conftest import NOW
from ui.library import PlanLibraryDialog, PlanLibraryWidget

ADMIN = {"actor": "系统管理员", "role": "admin"}


@pytest.fixture
def db(tmp_path):
    database = open_database(f"sqlite:///{tmp_path / 'centre.sqlite3'}")
    yield database
    database.close()


@pytest.fixture
def stocked(db):
    """A library with 濮阳's two city plans, 连江县's county plan and 郑州's sample."""
    library = Console(db, ManualClock(NOW)).library
    for f in (MUNICIPAL, DRUG, COUNTY, ZHENGZHOU):
        library.add_file(f, **ADMIN)
    return db


def _intake(win):
    win.findChild(QAction, "actNew").trigger()  # Ctrl+N
    dlg = win._dialog
    assert dlg is not None and dlg.isVisible()
    return dlg


def _offered(dlg) -> list[str]:
    return [dlg.plan.itemText(i) for i in range(dlg.plan.count())]


def test_intake_in_zhengzhou_offers_only_zhengzhous_plan(make_window, stocked):
    win = make_window(stocked, map_enabled=False, jurisdiction="410100")
    dlg = _intake(win)
    try:
        assert _offered(dlg) == ["郑州市食品安全突发事件应急预案（示例）"]
        assert dlg.current_plan().jurisdiction_code == "410100"
        assert dlg.no_plans.isHidden()
    finally:
        dlg.reject()


def test_intake_in_a_county_of_puyang_defaults_to_the_citys_food_plan_never_lianjiangs(make_window, stocked):
    win = make_window(stocked, map_enabled=False, jurisdiction="410922")  # 清丰县
    dlg = _intake(win)
    try:
        assert _offered(dlg) == ["濮阳市食品安全突发事件应急预案", "濮阳市药品医疗器械群体不良事件应急预案"]
        assert dlg.current_plan().id == "food-municipal"
    finally:
        dlg.reject()


def test_intake_with_an_empty_library_says_so_and_who_may_add(make_window, db):
    win = make_window(db, map_enabled=False, jurisdiction="410100")
    dlg = _intake(win)
    try:
        assert dlg.plan.count() == 0 and not dlg.plan.isEnabled()
        assert not dlg.no_plans.isHidden()
        text = dlg.no_plans.text()
        assert "郑州市" in text and "管理员" in text and "预案库" in text
        assert not dlg.buttons.button(dlg.buttons.StandardButton.Ok).isEnabled()
        assert not dlg.draft_button.isEnabled()
    finally:
        dlg.reject()
    # a plan added: the next 接报 offers it
    win.console.library.add_file(ZHENGZHOU, **ADMIN)
    win.bus.flush()
    dlg = _intake(win)
    try:
        assert _offered(dlg) == ["郑州市食品安全突发事件应急预案（示例）"]
    finally:
        dlg.reject()


def test_the_library_dialog_from_the_file_menu_adds_retires_and_restores(make_window, db, qtbot, tmp_path):
    win = make_window(db, map_enabled=False, jurisdiction="410100")
    win.findChild(QAction, "actPlanLibrary").trigger()
    dlg = win._dialog
    assert isinstance(dlg, PlanLibraryDialog) and dlg.isVisible()
    w = dlg.widget
    try:
        assert not w.empty.isHidden() and "预案库为空" in w.empty.text()
        # a broken file: the located errors, nothing added
        bad = variant(tmp_path, ZHENGZHOU, "bad.yaml", ('code: "410100"', 'code: "999999"'))
        head = win.console.log.head()
        assert w.add_file(bad) is None
        line, col = line_col(bad, '"999999"')
        assert not w.errors.isHidden()
        assert f"bad.yaml:{line}:{col}: 行政区划代码「999999」不存在" in w.errors.toPlainText()
        assert "未加入预案库" in w.message.text()
        assert w.table.rowCount() == 0 and win.console.log.head() == head
        # the sample: listed with its jurisdiction's name, offered at 接报
        e = w.add_file(ZHENGZHOU)
        assert e is not None and w.errors.isHidden()
        assert w.table.rowCount() == 1
        row = [w.table.item(0, c).text() for c in range(w.table.columnCount())]
        assert row[:5] == ["郑州市食品安全突发事件应急预案（示例）", "郑州市（410100）", "食品", "2026.1", "在用"]
        assert row[5] == win.user  # who added it: the person at this window
        assert [p.id for p in win.plans()] == ["food-municipal-zhengzhou"]
        # 停用: no longer offered; 恢复: offered again
        w.select(e.content_hash)
        assert w.retire_selected("测试停用")
        assert w.table.item(0, 4).text() == "已停用" and w.table.item(0, 9).text() == "测试停用"
        assert win.plans() == []
        assert w.restore_selected("")
        assert [p.id for p in win.plans()] == ["food-municipal-zhengzhou"]
        # 查看原文
        text_dlg = w.view_text()
        assert text_dlg is not None
        view = text_dlg.findChild(type(w.errors), "libraryTextView")
        assert view.toPlainText() == ZHENGZHOU.read_text(encoding="utf-8")
        text_dlg.close()
        assert win.console.library.verify() == []
    finally:
        dlg.close()


def test_a_duty_officer_on_a_database_with_accounts_only_looks(qapp, qtbot, stocked):
    console = Console(stocked, ManualClock(NOW))
    admin = console.accounts.create("admin", "Admin-pass-1", role="admin", display_name="管理员", by=None)
    assert admin is not None
    w = PlanLibraryWidget(console, "zhang", "duty_officer")
    qtbot.addWidget(w)
    assert w.table.rowCount() == 4
    assert not w.add_button.isEnabled() and "管理员" in w.add_button.toolTip()
    w.table.selectRow(0)
    assert not w.retire_button.isEnabled() and w.text_button.isEnabled()
