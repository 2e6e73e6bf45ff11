"""The reserves panel offscreen, on a real SQLite file seeded with the 濮阳 demo reserves."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt

from console.app import Console
from console.clock import ManualClock
from console.incidents import IncidentService
from console.reserves.demo import seed_reserves
from console.reserves.ledger import Ledger
from console.store import open_database
from tests.reserves.conftest import MUNICIPAL, T0
from ui.reserves import ReservesPanel


@pytest.fixture
def setup(tmp_path):
    db = open_database(f"sqlite:///{tmp_path / 'p.sqlite3'}")
    clock = ManualClock(T0)
    seed_reserves(db, "puyang", T0)
    console = Console(db, clock)  # plan effects (materials requests) are carried out by its handlers
    svc = console.incidents
    r = svc.open(MUNICIPAL, title="范县集市散装白酒疑似甲醇中毒", actor="值班员", role="duty_officer",
                 facts={"cases": 5, "deaths": 1}, lat=35.86, lon=115.49, place="范县城关镇")
    for type_, data, role in [
        ("fire", {"event": "dispatch"}, "duty_officer"), ("fire", {"event": "verified"}, "duty_officer"),
        ("consult_concluded", {"question": "grade", "outcome": "approve", "level": "III"}, "commander"),
        ("decide_level", {"level": "III", "reason": "出现死亡病例", "basis": "专家核定"}, "commander"),
        ("fire", {"event": "respond"}, "commander"),
    ]:
        clock.advance(timedelta(minutes=5))
        svc.command(r.incident_id, type_, data, actor="指挥长", role=role)
    yield console, r.incident_id
    db.close()


def test_panel_shows_stock_alerts_readiness_and_history(qtbot, setup) -> None:
    console, _ = setup
    db = console.db
    depots: list[list] = []
    panel = ReservesPanel(console)
    qtbot.addWidget(panel)
    panel.depots_changed.connect(depots.append)
    panel.refresh()
    assert panel.depot_table.rowCount() == 19
    assert depots and len(depots[-1]) == 19 and {"id", "lat", "lon", "stock", "items"} <= set(depots[-1][0])
    panel.depot_table.selectRow(0)
    assert panel.lot_table.rowCount() > 0
    texts = [panel.alert_list.item(i).text() for i in range(panel.alert_list.count())]
    assert any(t.startswith("[过期]") for t in texts) and any(t.startswith("[临期]") for t in texts)
    assert any(t.startswith("[低于最低储备]") for t in texts)
    n_30 = panel.alert_list.count()
    panel.days.setValue(5)
    assert panel.alert_list.count() < n_30
    # readiness bars: one per depot and per category, values from the ledger
    assert len(panel.readiness_by_depot) == 19 and len(panel.readiness_by_category) == 10
    assert list(panel.depot_bars.opts["width"]) == [v for _, v in panel.readiness_by_depot]
    assert min(v for _, v in panel.readiness_by_depot) < 1.0
    # stock history of FH-001 at the city centre: import, drill use, top-up, transfers
    panel.history_item.setCurrentIndex(panel.history_item.findData("FH-001"))
    panel.history_depot.setCurrentIndex(panel.history_depot.findData("PY-SJ"))
    qs = [q for _, q in panel.history_points]
    assert len(qs) >= 4 and qs[-1] == sum(b.qty for b in Ledger(db).balances(depot="PY-SJ", item="FH-001"))
    xs, _ = panel.history_curve.getData()
    assert len(xs) == len(qs) + 1
    assert panel.history_plot.getAxis("left").labelText == "库存数量（套）"  # the item's unit
    # every figure with its unit: item types counted in 种, lots with the item's unit
    assert panel.depot_table.item(0, 2).text().endswith(" 种")
    panel.depot_table.selectRow(0)
    assert all(panel.lot_table.item(r, 2).text().split(" ")[1] for r in range(panel.lot_table.rowCount()))


def test_panel_request_approve_with_edit_draws_routes(qtbot, setup) -> None:
    console, iid = setup
    db, clock = console.db, console.clock
    panel = ReservesPanel(console, actor="值班员张三")
    qtbot.addWidget(panel)
    asked: list[str] = []
    panel.confirm = lambda title, text: asked.append(text) or True
    panel.set_incident(iid)
    assert panel.request_table.rowCount() == 1  # the plan's level-III request, picked up once
    assert panel.request_table.item(0, 1).text() == "待审批"
    panel.request_table.selectRow(0)
    panel.propose_button.click()
    assert panel.proposal_table.rowCount() > 0, panel.message.text()
    # the officer halves the first line
    first = panel.proposal.lines[0]
    cell = panel.proposal_table.item(0, 2)
    cell.setText(str(first.qty // 2))
    with qtbot.waitSignal(panel.routes_changed) as sig:
        panel.approve_button.click()
    assert "已批准" in panel.message.text(), panel.message.text()
    [question] = asked  # named the request, its items with quantities and units, and the depots
    assert panel.request_table.item(0, 0).text() in question and first.depot_name in question
    assert f"{first.name} {first.qty // 2} {first.unit}" in question
    routes = sig.args[0]
    assert routes and all(len(r["path"]) >= 2 and r["eta_min"] > 0 for r in routes)
    moves = Ledger(db).movements(incident_id=iid)
    assert moves and {m.actor for m in moves} == {"值班员张三"}
    shipped = sum(-m.qty for m in moves if m.item == first.item and m.depot == first.depot)
    assert shipped == first.qty // 2
    assert panel.request_table.item(0, 1).text() == "已批准"
    assert not panel.approve_button.isEnabled()
    # the approved plan is shown read-only
    assert panel.proposal_table.rowCount() == len(panel.proposal.lines)
    assert not panel.proposal_table.item(0, 2).flags() & Qt.ItemFlag.ItemIsEditable
    # the materials arrive: recorded once, the plan's deadline met
    assert panel.deliver_button.isEnabled()
    panel.deliver_button.click()
    assert "送达" in panel.message.text(), panel.message.text()
    state = IncidentService(db, clock).state(iid)
    assert [m["status"] for m in state.materials] == ["delivered"]
    assert panel.request_table.item(0, 1).text().startswith("已送达 ")  # not 已批准 any more
    panel.refresh()  # and the same after F5
    assert panel.request_table.item(0, 1).text().startswith("已送达 ")
    panel.request_table.selectRow(0)
    panel.deliver_button.click()
    assert "不能重复登记" in panel.message.text()


def test_panel_reject_needs_a_reason_and_errors_are_shown(qtbot, setup) -> None:
    console, iid = setup
    db, clock = console.db, console.clock
    panel = ReservesPanel(console)
    qtbot.addWidget(panel)
    panel.set_incident(iid)
    assert not panel.approve_button.isEnabled()  # nothing selected
    panel.approve()
    assert panel.message.text() == "请先选择一条物资申请"
    panel.request_table.selectRow(0)
    panel.reject_button.click()
    assert "必须填写原因" in panel.message.text()
    panel.reason_edit.setText("县级已自行调拨")
    panel.reject_button.click()
    assert panel.request_table.item(0, 1).text() == "已驳回"
    assert IncidentService(db, clock).timeline(iid)[-1].type == "log.materials_rejected"


def test_panel_new_request_with_several_items_picked_by_typing(qtbot, setup) -> None:
    console, iid = setup
    db = console.db
    panel = ReservesPanel(console, actor="现场指挥")
    qtbot.addWidget(panel)
    panel.new_button.click()
    assert "请先在事件列表中选择事件" in panel.message.text()
    panel.set_incident(iid)
    panel.new_button.click()
    assert "申请中没有物资" in panel.message.text()
    # the picker filters as one types: by name, by short id, by category
    qtbot.keyClicks(panel.item_search, "xs-00")  # typed key by key
    assert panel.item_matches.count() == 6 and panel.picked_item() == "XS-001"
    panel.item_search.setText("口罩")
    shown = [panel.item_matches.item(i).data(Qt.ItemDataRole.UserRole) for i in range(panel.item_matches.count())]
    assert shown == ["FH-003", "FH-004"]
    panel.item_search.setText("消杀")  # the category's name
    assert panel.item_matches.count() == len(console.ledger.catalogue.in_category("XS"))
    panel.item_search.setText("含氯消毒液")
    assert panel.picked_item() == "XS-002" and panel.unit_label.text() == "桶"
    panel.new_qty.setValue(6)
    panel.add_line_button.click()
    panel.item_search.setText("FH-001")
    panel.new_qty.setValue(20)
    panel.add_line_button.click()
    panel.item_search.setText("FH-001")
    panel.new_qty.setValue(5)
    panel.add_line_button.click()  # the same item again adds up
    assert panel.line_table.rowCount() == 2
    assert [panel.line_table.item(1, c).text() for c in range(3)] == ["一次性防护服", "25", "套"]
    panel.new_title.setText("现场追加消杀和防护物资")
    panel.new_button.click()
    assert "已提交物资申请 WZ-" in panel.message.text(), panel.message.text()
    assert "含氯消毒液 6 桶、一次性防护服 25 套" in panel.message.text()
    assert panel.request_table.rowCount() == 2 and panel.line_table.rowCount() == 0
    from console.reserves.requests import Requests

    mine = [r for r in Requests(Ledger(db)).list(incident_id=iid) if r.created_by == "现场指挥"]
    assert [(r.items, r.place, r.title) for r in mine] == [
        ([("XS-002", 6), ("FH-001", 25)], "范县城关镇", "现场追加消杀和防护物资")]


def sideways(panel, tabs) -> list[str]:  # noqa: ANN001
    """Every page of ``tabs`` shown in turn: what would scroll sideways (or is cut off) at the panel's width."""
    from PySide6.QtWidgets import QAbstractScrollArea, QTableWidget

    out = []
    if tabs.tabBar().sizeHint().width() > panel.width():
        out.append("tab bar")
    for i in range(tabs.count()):
        tabs.setCurrentIndex(i)
        panel.repaint()
        for w in panel.findChildren(QAbstractScrollArea):
            if not w.isVisible():
                continue
            if w.horizontalScrollBar().isVisible() or w.horizontalScrollBar().maximum() > 0:
                out.append(f"{tabs.tabText(i)}: {type(w).__name__} scrolls")
            if isinstance(w, QTableWidget) and w.horizontalHeader().length() > w.viewport().width() + 1:
                out.append(f"{tabs.tabText(i)}: table wider than its view")
    return out


def in_dock(qtbot, panel, width: int = 420, height: int = 560):  # noqa: ANN001, ANN201
    """The panel as the window docks it at 1280×800: in a resizing scroll area about 420 × 560 px."""
    from PySide6.QtWidgets import QScrollArea

    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setWidget(panel)
    area.resize(width, height)
    qtbot.addWidget(area)
    area.show()
    return area


def test_panel_fits_a_420_px_dock(qtbot, setup) -> None:
    """At 1280×800 the 物资 dock is about 420 × 560 px: nothing scrolls, the rest is in tooltips."""
    console, iid = setup
    panel = ReservesPanel(console)
    area = in_dock(qtbot, panel)
    panel.set_incident(iid)
    assert panel.minimumSizeHint().width() <= 420
    panel.depot_table.selectRow(0)
    panel.request_table.selectRow(0)
    panel.propose_button.click()
    assert panel.proposal_table.rowCount() > 0
    assert sideways(panel, panel.tabs) == []
    # a long plan or many shortfalls scroll inside their own views, never the whole dock
    qtbot.waitUntil(lambda: area.verticalScrollBar().maximum() == 0 and area.horizontalScrollBar().maximum() == 0)
    tip = panel.request_table.item(0, 2).toolTip()
    assert panel.request_table.item(0, 0).text() in tip and "范县城关镇" in tip and " 套" in tip
    assert "保管人" in panel.depot_table.item(0, 0).toolTip()


def answer_with_enter(qtbot) -> list[str]:  # noqa: ANN001
    """Press Enter on the next modal message box; returns [its text] once it was answered."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    seen: list[str] = []

    def press() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append(box.text())
            qtbot.keyClick(box, Qt.Key.Key_Return)
        else:
            QTimer.singleShot(10, press)

    QTimer.singleShot(0, press)
    return seen


def test_approve_asks_first_and_enter_cancels(qtbot, setup) -> None:
    console, iid = setup
    panel = ReservesPanel(console)
    qtbot.addWidget(panel)
    panel.set_incident(iid)
    panel.request_table.selectRow(0)
    rid = panel.selected_request()
    seen = answer_with_enter(qtbot)
    panel.approve_button.click()  # no plan generated yet: the system's plan is shown and asked about
    assert len(seen) == 1 and rid in seen[0] and "启动响应调用应急物资" in seen[0]
    assert "范县应急物资储备库：" in seen[0] and " 套" in seen[0] and "不能撤销" in seen[0]
    assert panel.message.text() == "已取消，未出库"
    assert console.requests.get(rid).status == "pending"
    assert console.ledger.movements(incident_id=iid) == []
