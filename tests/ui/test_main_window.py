"""The main window on a real demo database, offscreen, with the real map page."""

from __future__ import annotations

from datetime import timedelta

import pytest

pytest.importorskip("PySide6.QtWebEngineWidgets")

from PySide6.QtCore import QPoint, Qt  # noqa: E402
from PySide6.QtGui import QAction  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QDockWidget, QLabel, QPushButton, QWidget  # noqa: E402

from tests.ui.conftest import eval_js  # noqa: E402

pytestmark = pytest.mark.gui


def _ready(qtbot, win):
    win.load_map_data()
    qtbot.waitUntil(lambda: win.map.is_ready, timeout=30000)
    assert win.map.wait_painted(timeout_ms=30000) is not None


def _open(win, leaf=None, level=None):
    return next(s for s in win.service.list(status="open")
                if (leaf is None or s.leaf == leaf) and (level is None or s.level == level))


def test_window_opens_with_its_panels_menus_and_status_bar(make_window, demo_db, qtbot):
    win = make_window(demo_db)
    docks = {d.objectName(): d for d in win.findChildren(QDockWidget)}
    assert {"incidents", "incident"} <= set(docks)
    assert win.dockWidgetArea(docks["incidents"]) == Qt.DockWidgetArea.LeftDockWidgetArea
    n_open = len(win.service.list(status="open"))
    assert 0 < n_open < 22 and win.incidents.rowCount() == n_open  # 进行中 by default
    win.incidents.set_filter("all")
    assert win.incidents.rowCount() == 22
    win.incidents.set_filter("open")
    assert win.map_view is win.map and win.map is not None
    view_actions = [a.text() for a in win.view_menu.actions()]
    assert "事件列表" in view_actions and "事件处置" in view_actions
    status = " ".join(w.text() for w in win.statusBar().findChildren(QLabel))
    for word in ("实战", "用户：值班员", "数据库：demo.sqlite3", "2026-11-22 18:00:00", "处置中 10 起"):
        assert word in status, status
    shortcuts = {a.objectName(): a.shortcut().toString() for a in win.findChildren(QAction) if a.objectName()}
    assert shortcuts["actNew"] == "Ctrl+N" and shortcuts["actRefresh"] == "F5"
    assert shortcuts["actDecide"] == "Ctrl+D" and shortcuts["actFire"] == "Ctrl+Return"
    assert shortcuts["actFocusList"] == "Ctrl+L"
    _ready(qtbot, win)
    assert win.map.blocked_requests == []
    state = win.map.wait_painted()
    assert state["entities"] == 0  # no entities passed in this test
    assert len(state["incidents"]) == 10  # open incidents with a position
    assert state["areas"]  # the demo's recorded affected areas are drawn


def test_list_selection_highlights_on_the_real_map_and_map_click_selects_in_list(make_window, demo_db, qtbot):
    win = make_window(demo_db)
    _ready(qtbot, win)
    seen = []
    win.incident_selected.connect(seen.append)
    target = _open(win, leaf="disposal", level="III")
    row = win.incidents.ids.index(target.id)
    win.incidents.table.selectRow(row)  # as a user's click in the list does
    assert win.detail.incident_id == target.id and seen == [target.id]
    state = win.map.wait_painted()
    assert state["selected"] == target.id
    cls = eval_js(qtbot, win.map, f"FDSMap.incidents[{target.id!r}].marker.getElement()"
                                  ".querySelector('.fds-inc').className")
    assert "fds-selected" in cls

    # now a real mouse click on another incident's marker, on the page
    other = _open(win, leaf="verifying")
    win.map.fit_bounds((other.lon - 0.05, other.lat - 0.05, other.lon + 0.05, other.lat + 0.05))
    win.map.run_js("FDSMap.map.eachLayer(function (l) { if (l.closeTooltip) { l.closeTooltip(); } })")
    win.map.wait_painted()
    x, y = eval_js(qtbot, win.map, f"(function(){{var p = FDSMap.map.latLngToContainerPoint("
                                   f"FDSMap.incidents[{other.id!r}].marker.getLatLng()); return [p.x, p.y];}})()")
    target_widget = win.map.web_view.focusProxy() or win.map.web_view
    with qtbot.waitSignal(win.incident_selected, timeout=10000) as blocker:
        QTest.mouseClick(target_widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         QPoint(int(x), int(y)))
    assert blocker.args == [other.id]
    assert win.incidents.current_id() == other.id
    assert win.detail.incident_id == other.id
    assert win.map.wait_painted()["selected"] == other.id


def test_firing_an_action_from_the_panel_changes_the_incident(make_window, demo_db, qtbot):
    win = make_window(demo_db)
    target = _open(win, leaf="verifying")
    win.select(target.id)
    verify = next(b for b in win.detail.action_buttons if b.text() == "核实确认")
    assert verify.isDefault()  # the primary action (Ctrl+Enter)
    verify.click()
    assert win.service.state(target.id).leaf == "assessing"
    assert "评估与分级" in win.detail.state_label.text()
    # a refused one shows the engine's reason in the panel, no exception
    respond = next(b for b in win.detail.action_buttons if b.property("event") == "respond")
    assert not respond.isEnabled() and "条件尚未满足" in respond.toolTip()
    assert win.detail.run("fire", {"event": "respond"}) is False
    assert "已拒绝" in win.detail.message.text()


def test_fire_primary_shortcut_action(make_window, demo_db, qtbot):
    win = make_window(demo_db, map_enabled=False)
    target = _open(win, leaf="received")
    win.select(target.id)
    # typing in the facts form: Ctrl+Enter saves the facts, it does not fire an event
    win.findChild(QAction, "actFacts").trigger()
    field = win.detail.facts_form.fields["hospitalized"]
    field.setFocus()
    qtbot.waitUntil(field.hasFocus, timeout=2000)
    field.setText("3")
    win.findChild(QAction, "actFire").trigger()
    s = win.service.state(target.id)
    assert s.leaf == "received" and s.facts["hospitalized"] == 3
    win.incidents.setFocus()
    qtbot.waitUntil(lambda: not win.detail.facts_form.isAncestorOf(win.focusWidget()), timeout=2000)
    win.findChild(QAction, "actFire").trigger()
    assert win.service.state(target.id).leaf == "verifying"


def test_invalid_fact_shows_inline_error_and_saves_nothing(make_window, demo_db):
    win = make_window(demo_db)
    target = _open(win, leaf="assessing")
    win.select(target.id)
    version = win.service.summary(target.id).version
    form = win.detail.facts_form
    form.set_text("cases", "-3")
    form.set_text("hospitalized", "十二")
    assert win.detail.save_facts() is False
    errors = form.visible_errors()
    assert "不能小于 0" in errors["cases"] and "必须是整数" in errors["hospitalized"]
    assert win.service.summary(target.id).version == version  # nothing written
    assert "未保存" in win.detail.message.text()
    # corrected: saved, and the grading suggestion names the rule that matched
    form.set_text("cases", "120")
    form.set_text("hospitalized", "")
    form.fields["deaths"].setText("1")
    assert win.detail.save_facts() is True
    s = win.service.state(target.id)
    assert s.facts["cases"] == 120 and s.facts["deaths"] == 1
    assert s.suggestion["winner"] == "A-II-3"
    text = win.detail.suggestion_label.text()
    assert "一起食物中毒100人以上并出现死亡病例" in text and "重大（II级）" in text
    assert form.visible_errors() == {}


def test_level_decision_needs_a_reason(make_window, demo_db, qtbot):
    win = make_window(demo_db)
    target = _open(win, leaf="assessing")
    win.select(target.id)
    dlg = win.open_level_dialog()
    dlg.level.setCurrentIndex(dlg.level.findData("IV"))
    dlg.buttons.accepted.emit()  # OK without a reason
    assert dlg.isVisible() and dlg.reason_error.isVisible() and "理由" in dlg.reason_error.text()
    assert win.service.state(target.id).level is None
    dlg.reason.setPlainText("经专家会商，按一般事件处置")
    dlg.buttons.accepted.emit()
    assert not dlg.isVisible()
    s = win.service.state(target.id)
    assert s.level == "IV" and s.level_basis["reason"] == "经专家会商，按一般事件处置"
    assert "经专家会商，按一般事件处置" in win.detail.level_label.text()


def test_tasks_grouped_by_unit_complete_and_countdowns(make_window, demo_db, qtbot):
    from console.clock import ManualClock
    from tests.ui.conftest import NOW

    clock = ManualClock(NOW)
    win = make_window(demo_db, clock=clock)
    target = _open(win, leaf="received")  # opened 9 minutes ago: 接报登记 due in 15 min
    win.select(target.id)
    tree = win.detail.tasks
    units = [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]
    assert any(u.startswith("综合协调组") for u in units)
    assert win.detail.deadlines.kinds()[0] == "amber"  # under 15 minutes
    head = next(tree.topLevelItem(i) for i in range(tree.topLevelItemCount())
                if tree.topLevelItem(i).text(0).startswith("综合协调组"))
    task_id = head.child(0).data(0, Qt.ItemDataRole.UserRole)
    win.detail.confirm = lambda title, text: True  # 完成 asks first
    button = tree.itemWidget(head.child(0), 3).findChild(QPushButton, f"complete_{task_id}")
    button.click()
    assert win.service.state(target.id).tasks[task_id]["status"] == "done"
    # time passes: the 初报 deadline becomes overdue and turns red; the tick records it
    clock.advance(timedelta(hours=3))
    assert win.tick_now() >= 1
    assert target.id in win._overdue
    assert "red" in win.detail.deadlines.kinds()
    _ready(qtbot, win)
    assert eval_js(qtbot, win.map, f"FDSMap.incidents[{target.id!r}].data.overdue") is True
    cls = eval_js(qtbot, win.map, f"FDSMap.incidents[{target.id!r}].marker.getElement()"
                                  ".querySelector('.fds-inc').className")
    assert "fds-overdue" in cls  # the blinking marker


def test_right_click_opens_new_incident_and_outside_asks_confirmation(make_window, demo_db, qtbot):
    win = make_window(demo_db)
    _ready(qtbot, win)
    asked = []
    win.confirm = lambda title, text: asked.append(text) or False

    def right_click(lat, lon):
        win.map.run_js(f"FDSMap.map.fire('contextmenu', {{latlng: L.latLng({lat}, {lon})}})")

    with qtbot.waitSignal(win.map.sig_context_point, timeout=5000):
        right_click(36.5, 113.0)  # outside 濮阳市
    assert asked and "不在濮阳市辖区内" in asked[0]
    assert win._dialog is None  # declined: no dialog
    with qtbot.waitSignal(win.map.sig_context_point, timeout=5000):
        right_click(35.905, 115.08)  # 清丰县
    dlg = win._dialog
    assert dlg is not None and dlg.isVisible() and dlg.place.text() == "清丰县"  # no township points given
    dlg.buttons.accepted.emit()  # no title, no cases: inline errors, nothing opened
    assert dlg.isVisible() and dlg.title_error.isVisible()
    assert "必填" in dlg.facts.visible_errors()["cases"]
    n = len(win.service.list())
    dlg.title_edit.setText("清丰县某饭店多人就餐后腹痛")
    dlg.facts.set_text("cases", "6")
    dlg.buttons.accepted.emit()
    assert len(win.service.list()) == n + 1
    new = win.selected_id
    assert win.service.summary(new).title == "清丰县某饭店多人就餐后腹痛"
    assert win.map.wait_painted()["selected"] == new
    assert eval_js(qtbot, win.map, f"FDSMap.incidents[{new!r}].marker.getLatLng().lat") == pytest.approx(35.905)


def test_drawn_area_is_recorded_and_shown(make_window, demo_db, qtbot):
    win = make_window(demo_db)
    _ready(qtbot, win)
    target = _open(win, leaf="verifying")
    win.select(target.id)
    win.start_area_drawing()
    win.map.wait_painted()
    script = ("(function(){var m = FDSMap.map, c = m.getCenter();"
              "[[0,0],[0.02,0],[0.02,0.02]].forEach(function(d){"
              "m.fire('click', {latlng: L.latLng(c.lat + d[0], c.lng + d[1])});});"
              "FDSMap.finishDrawing();})()")
    with qtbot.waitSignal(win.map.sig_area_drawn, timeout=5000):
        win.map.run_js(script)
    events = [e for e in win.service.timeline(target.id) if e.type == "log.area"]
    assert events and events[-1].payload["data"]["area"]["type"] == "Polygon"
    assert target.id in win.map.wait_painted()["areas"]
    assert win.set_radius_area(target.id, 2.5)
    area = [e for e in win.service.timeline(target.id) if e.type == "log.area"][-1].payload["data"]["area"]
    assert area["radius_m"] == 2500


def test_add_dock_is_in_view_menu_and_layout_is_restored(make_window, demo_db, tmp_path, qtbot):
    path = tmp_path / "layout.ini"
    win = make_window(demo_db, settings_path=path, map_enabled=False)
    extra = QWidget()
    dock = win.add_dock("reserves", "应急物资", extra)
    assert dock.objectName() == "reserves" and dock.widget() is extra
    assert "应急物资" in [a.text() for a in win.view_menu.actions()]
    assert dock in win.tabifiedDockWidgets(win.detail_dock)  # tabbed with the detail panel, which stays in front
    qtbot.waitUntil(lambda: not win.detail_dock.visibleRegion().isEmpty(), timeout=3000)
    assert dock.visibleRegion().isEmpty()
    win.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, win.incident_dock)
    win.close()
    win2 = make_window(demo_db, settings_path=path, map_enabled=False)
    win2.add_dock("reserves", "应急物资", QWidget())
    assert win2.dockWidgetArea(win2.incident_dock) == Qt.DockWidgetArea.RightDockWidgetArea


def test_a_layout_saved_by_an_earlier_release_is_not_restored(make_window, demo_db, tmp_path, qtbot):
    """An earlier release saved its dock state unversioned (version 0), with other panels: this
    release starts from its default layout instead (the record panels tabbed, not stacked)."""
    from ui.settings import ConsoleSettings

    path = tmp_path / "old.ini"
    win = make_window(demo_db, settings_path=path, map_enabled=False)
    win.add_dock("reserves", "应急物资", QWidget())
    win.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, win.incident_dock)  # moved by the user
    old_state, old_geometry = win.saveState(), win.saveGeometry()
    win.close()
    ConsoleSettings(path).save_layout(old_state, old_geometry)  # as the earlier release saved it
    win2 = make_window(demo_db, settings_path=path, map_enabled=False)
    assert not win2.layout_restored
    dock = win2.add_dock("reserves", "应急物资", QWidget())
    assert win2.dockWidgetArea(win2.incident_dock) == Qt.DockWidgetArea.LeftDockWidgetArea
    assert dock in win2.tabifiedDockWidgets(win2.detail_dock)
    win2.close()  # saved now with this release's version: restored next time
    win3 = make_window(demo_db, settings_path=path, map_enabled=False)
    assert win3.layout_restored


def test_corrupt_settings_fall_back_to_defaults_with_a_notice(make_window, demo_db, tmp_path):
    path = tmp_path / "bad.ini"
    path.write_bytes(b"\xff\xfe[General\x00garbage\nlanguage\n")
    win = make_window(demo_db, settings_path=path, map_enabled=False)
    assert win.settings.language == "zh_CN" and win.settings.user == "值班员"
    assert win.notices and "已损坏" in win.notices[0] and "默认设置" in win.notices[0]
    assert "已损坏" in win.statusBar().currentMessage()
    assert (tmp_path / "bad.ini.corrupt").exists()
    assert win.incidents.rowCount() == len(win.service.list(status="open"))  # the console works


def test_map_that_fails_to_load_shows_a_banner_while_the_rest_works(make_window, demo_db, qtbot, monkeypatch):
    import ui.map.view as view_module

    def broken(**kwargs):
        raise OSError("磁盘上的地图资源无法读取")

    monkeypatch.setattr(view_module, "cached_page_html", broken)
    win = make_window(demo_db)
    qtbot.waitUntil(lambda: win.map.load_failed_reason is not None, timeout=5000)
    banner = win.map.findChild(QLabel, "mapLoadFailedBanner")
    assert banner.isVisible() and "磁盘上的地图资源无法读取" in banner.text()
    assert "地图不可用" in win.statusBar().currentMessage()
    target = _open(win, leaf="verifying")
    win.incidents.table.selectRow(win.incidents.ids.index(target.id))
    assert win.detail.incident_id == target.id
    assert win.detail.fire("verified")


def test_english_translation_shows_english_labels(make_window, demo_db, qapp, qtbot):
    from ui.i18n import install_translators

    assert install_translators(qapp, "en")
    try:
        win = make_window(demo_db)
        _ready(qtbot, win)
        legend = eval_js(qtbot, win.map, "document.querySelector('.fds-legend').textContent")
        assert "Legend" in legend and "Level III (large)" in legend and "Catering" in legend
        assert "图例" not in legend
        layers = eval_js(qtbot, win.map, "Array.from(document.querySelectorAll("
                                         "'.leaflet-control-layers-overlays label')).map(e => e.textContent.trim())")
        assert layers == ["Boundaries", "Townships", "Affected area", "Dispatch routes", "Regulated entities",
                          "Reserve depots", "Incidents"]
        titles = [d.windowTitle() for d in win.findChildren(QDockWidget)]
        assert "Incidents" in titles and "Incident handling" in titles
        menus = [a.text() for a in win.menuBar().actions()]
        assert "&File" in menus and "&View" in menus
        status = " ".join(w.text() for w in win.statusBar().findChildren(QLabel))
        assert "Live" in status and "User:" in status
        assert win.incidents.table.horizontalHeaderItem(1).text() == "Incident"
        assert win.windowTitle() == "Food & Drug Safety Emergency Command Console"
    finally:
        install_translators(qapp, "zh_CN")
    win2 = make_window(demo_db, map_enabled=False)
    assert [a.text() for a in win2.menuBar().actions()][0] == "文件(&F)"


def test_place_name_uses_the_nearest_township(make_window, demo_db):
    from console.demo import townships

    towns = townships("puyang")
    win = make_window(demo_db, map_enabled=False, townships=towns)
    t = next(t for t in towns if t["name"] == "马庄桥镇")
    assert win.place_name(t["lat"] + 0.001, t["lon"], "410922") == "清丰县马庄桥镇"


def test_drill_mode_shows_a_watermark(make_window, demo_db):
    win = make_window(demo_db, map_enabled=False, mode="drill")
    assert "演练" in win.windowTitle()
    assert win.drill_banner.isVisible() and "DRILL" in win.drill_banner.text()
    assert win.mode_label.text().strip() == "演练"


def test_a_command_updates_the_map_without_reload_keeping_zoom_and_pan(make_window, demo_db, qtbot):
    win = make_window(demo_db)
    _ready(qtbot, win)
    before = win.map.wait_painted()
    target = _open(win, leaf="disposal", level="IV")
    win.service.command(target.id, "decide_level", {"level": "III", "reason": "死亡病例出现，经会商提高"},
                        actor="指挥长", role="commander")
    win.refresh()
    after = win.map.wait_painted()
    cls = eval_js(qtbot, win.map, f"FDSMap.incidents[{target.id!r}].marker.getElement()"
                                  ".querySelector('.fds-inc').className")
    assert "fds-lvl-3" in cls
    assert win.map.page_load_count == 1
    assert after["zoom"] == before["zoom"]
    assert after["center"] == pytest.approx(before["center"], abs=1e-9)
    assert after["commandsApplied"] - before["commandsApplied"] <= 3  # only the changed marker was sent


def test_new_incident_without_a_position_and_the_tick_timer(make_window, demo_db):
    win = make_window(demo_db, map_enabled=False)
    assert win._tick_timer.isActive() and win._tick_timer.interval() == 30_000
    win.findChild(QAction, "actNew").trigger()  # Ctrl+N
    dlg = win._dialog
    assert dlg.isVisible() and dlg.lat is None
    assert dlg.plan.currentText() == "濮阳市食品安全突发事件应急预案"  # the jurisdiction's food plan first
    dlg.title_edit.setText("市民电话举报某超市销售过期奶粉")
    dlg.facts.set_text("cases", "0")
    dlg.buttons.accepted.emit()  # 地点 is required at 接报 as it is at 报送 of the 初报
    assert dlg.isVisible() and "地点" in dlg.field_errors()["place"]
    dlg.place.setText("华龙区某超市")
    dlg.buttons.accepted.emit()
    s = win.service.summary(win.selected_id)
    assert s.title == "市民电话举报某超市销售过期奶粉" and s.lat is None and s.leaf == "received"


def test_list_countdowns_and_overdue_clears_once_the_late_tasks_are_done(make_window, demo_db, qtbot):
    win = make_window(demo_db)
    kind = lambda iid: win.incidents.table.item(win.incidents.ids.index(iid), 3).data(Qt.ItemDataRole.UserRole)  # noqa: E731
    received = _open(win, leaf="received")
    assert kind(received.id) == "amber"  # 接报登记 due in 6 minutes
    target = _open(win, leaf="verifying")  # 赶赴现场核实 (30 min) and 接报登记 (15 min) missed
    assert target.id in win._overdue and kind(target.id) == "red"
    _ready(qtbot, win)
    cls = f"FDSMap.incidents[{target.id!r}].marker.getElement().querySelector('.fds-inc').className"
    assert "fds-overdue" in eval_js(qtbot, win.map, cls)
    win.select(target.id)
    win.detail.confirm = lambda title, text: True  # 完成 asks first
    for t in list(win.service.state(target.id).tasks.values()):
        if t["status"] == "open":
            assert win.detail.complete_task(t["id"])
    assert target.id not in win._overdue
    assert "red" not in win.detail.deadlines.kinds() and kind(target.id) == "green"
    win.map.wait_painted()
    assert "fds-overdue" not in eval_js(qtbot, win.map, cls)  # the marker stops blinking


def test_township_points_named_only_when_zoomed_in(make_window, demo_db, qtbot):
    from console.demo import townships

    win = make_window(demo_db, townships=townships("puyang"))
    _ready(qtbot, win)
    assert win.map.wait_painted()["places"] == 87
    hidden = "FDSMap.map.getContainer().classList.contains('fds-zoom-low')"
    assert eval_js(qtbot, win.map, hidden) is True  # city scale: no township names
    t = next(t for t in townships("puyang") if t["name"] == "马庄桥镇")
    win.map.fit_bounds((t["lon"] - 0.02, t["lat"] - 0.02, t["lon"] + 0.02, t["lat"] + 0.02))
    win.map.wait_painted()
    assert eval_js(qtbot, win.map, hidden) is False
    labels = eval_js(qtbot, win.map, "Array.from(document.querySelectorAll('.fds-place-label'))"
                                     ".map(e => e.textContent)")
    assert "马庄桥镇" in labels
