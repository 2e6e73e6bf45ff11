"""A centre's own registers in the window: a non-demo window (``ui.wiring.build_window`` with
what ``main.py`` reads from the database) draws the imported entities and searches them and the
townships in the 接报 place search; the 基础数据 dialog imports with row errors shown."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from console.app import Console
from console.clock import ManualClock
from console.reserves.files import import_depots_file
from console.store import open_database
from ui.reference.setup import import_entities, import_minimums, import_townships, window_data
from ui.settings import ConsoleSettings
from ui.wiring import build_window

pytestmark = pytest.mark.gui
SAMPLES = Path(__file__).resolve().parents[3] / "resources" / "samples" / "zhengzhou"
NOW = datetime(2026, 12, 4, 2, 0, tzinfo=UTC)


@pytest.fixture
def zhengzhou(tmp_path: Path):  # noqa: ANN201
    db = open_database(f"sqlite:///{tmp_path / 'zz.sqlite3'}")
    console = Console(db, ManualClock(NOW), jurisdiction="410100")
    yield console
    db.close()


def test_the_first_run_helpers_say_what_they_imported_in_one_line(zhengzhou: Console) -> None:
    assert import_townships(zhengzhou, SAMPLES / "townships.csv", "管理员", "admin") == \
        "已导入乡镇 58 行：新增 58，更新 0，无变化 0"
    assert import_entities(zhengzhou, SAMPLES / "entities.csv", "管理员", "admin") == \
        "已导入监管对象 50 行：新增 50，更新 0，无变化 0"
    import_depots_file(zhengzhou.ledger, SAMPLES / "depots.csv")
    assert import_minimums(zhengzhou, SAMPLES / "minimums.csv", "管理员", "admin") == \
        "已导入最低储备量 7 行：变更 7，无变化 0"


def test_a_non_demo_window_shows_the_imported_entities(qtbot, zhengzhou: Console, tmp_path: Path) -> None:  # noqa: ANN001
    assert window_data(zhengzhou.reference) == (None, [])  # an empty database: no entity layer, as before
    import_townships(zhengzhou, SAMPLES / "townships.csv", "管理员", "admin")
    import_entities(zhengzhou, SAMPLES / "entities.csv", "管理员", "admin")
    entities, towns = window_data(zhengzhou.reference)  # what main.py passes on a non-demo start
    assert entities is not None and len(towns) == 58
    win = build_window(zhengzhou, settings=ConsoleSettings(tmp_path / "c.ini"), entities=entities,
                       townships=towns, live=False, dock_now=False)
    qtbot.addWidget(win)
    win.show()
    win.load_map_data()
    state = win.map.wait_painted(timeout_ms=30000)
    assert state is not None and state["entities"] == 50 and state["errors"] == []
    index = win.intake.wait_for_index()
    found = {p.kind for p in index.places if "经八路" in p.text or "（示例）" in p.text}
    assert found == {"township", "entity"}
    first = zhengzhou.reference.entities()[0]
    hit = next(p for p in index.places if p.kind == "entity" and first.name in p.text)
    assert (hit.lat, hit.lon) == (first.lat, first.lon)


def test_the_reference_dialog_lists_counts_and_shows_row_errors(qtbot, zhengzhou: Console, tmp_path: Path) -> None:  # noqa: ANN001
    from ui.reference.dialog import ReferenceDialog

    dlg = ReferenceDialog(zhengzhou, actor="管理员", role="admin")
    qtbot.addWidget(dlg)
    assert dlg.counts()["entities"] == "0 个"
    bad = tmp_path / "bad.csv"
    bad.write_text("乡镇名称,区县代码,纬度,经度\n经八路街道,410105,35.76,115.03\n", encoding="utf-8")
    assert not dlg.import_file("townships", bad)
    assert "第 2 行「纬度/经度」：坐标 (35.76, 115.03) 不在本辖区（410100）内" in dlg.problems.toPlainText()
    assert "未导入任何数据" in dlg.result.text()
    assert dlg.import_file("townships", SAMPLES / "townships.csv")
    assert dlg.result.text() == "已导入乡镇 58 行：新增 58，更新 0，无变化 0" and dlg.problems.toPlainText() == ""
    assert dlg.table.item(0, 1).text() == "58 个"
    assert dlg.export_file("townships", tmp_path / "out.xlsx") and (tmp_path / "out.xlsx").is_file()


def test_a_deactivated_depot_is_greyed_in_the_depot_list(qtbot, zhengzhou: Console) -> None:  # noqa: ANN001
    from ui.reserves import ReservesPanel

    import_depots_file(zhengzhou.ledger, SAMPLES / "depots.csv")
    zhengzhou.reference.set_depot_active("ZY-XJ", False, reason="场地改造", actor="管理员")
    panel = ReservesPanel(zhengzhou)
    qtbot.addWidget(panel)
    names = {panel.depot_table.item(r, 0).text(): r for r in range(panel.depot_table.rowCount())}
    row = names["中原区应急物资储备库（已停用）"]
    assert panel.depot_table.item(row, 0).foreground().color().name() == "#95a5a6"
    assert "已停用：场地改造" in panel.depot_table.item(row, 0).toolTip()
    assert panel.depot_table.item(row, 3).text() == "—"
    active = names["郑州市应急物资储备中心"]
    assert panel.depot_table.item(active, 0).foreground().color().name() != "#95a5a6"


def test_the_file_menu_opens_the_reference_dialog(qtbot, zhengzhou: Console, tmp_path: Path) -> None:  # noqa: ANN001
    from PySide6.QtGui import QAction

    from ui.reference.dialog import ReferenceDialog

    win = build_window(zhengzhou, settings=ConsoleSettings(tmp_path / "c.ini"), map_enabled=False, live=False,
                       user="管理员", role="admin")
    qtbot.addWidget(win)
    action = win.findChild(QAction, "actReference")
    assert action is not None and action.text() == "基础数据…"
    action.trigger()
    dlg = win.findChild(ReferenceDialog)
    assert dlg is not None and dlg.isVisible() and (dlg.actor, dlg.role) == ("管理员", "admin")
    assert dlg.place.text() == "辖区：410100"
    dlg.close()


def test_the_first_run_assistant_offers_the_reference_imports_with_the_samples(zhengzhou: Console) -> None:
    from ui.setup.steps import steps_for

    steps = {s.key: s for s in steps_for("data")}
    assert list(steps)[-3:] == ["townships", "entities", "minimums"]
    assert steps["townships"].sample == SAMPLES / "townships.csv"
    said = steps["townships"].run(zhengzhou, SAMPLES / "townships.csv", "管理员", "admin")
    assert said.startswith("已导入乡镇 58 行")
    said = steps["entities"].run(zhengzhou, SAMPLES / "entities.csv", "管理员", "admin")
    assert said.startswith("已导入监管对象 50 行")
