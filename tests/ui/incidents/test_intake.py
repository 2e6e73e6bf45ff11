"""接报 in the window: the call's fields (stored in the open event, shown in the detail, used by
the 初报), place search as one types, picking the point on the real map while the dialog stays,
inline errors that name their field and clear when fixed, and 接报并起草初报 end to end."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6.QtWebEngineWidgets")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QAction  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QComboBox  # noqa: E402

from tests.ui.conftest import eval_js  # noqa: E402

pytestmark = pytest.mark.gui
TOWNS = [{"code": "410922001", "county": "410922", "name": "城关镇", "lat": 35.905, "lon": 115.08},
         {"code": "410923001", "county": "410923", "name": "城关镇", "lat": 36.07, "lon": 115.20}]


def _type(widget, text):
    """Type Chinese text as key presses (QTest.keyClicks takes ASCII only)."""
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))


def _new(win):
    win.findChild(QAction, "actNew").trigger()  # Ctrl+N
    dlg = win._dialog
    assert dlg is not None and dlg.isVisible()
    return dlg


def _setting(dlg, value):
    combo = dlg.facts.fields["setting"]
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(combo.findData(value))


def _fill_call(dlg):
    dlg.place.setText("清丰县城关镇")
    dlg.caller.setText("李园长")
    dlg.phone.setText("13839312345")
    dlg.caller_unit.setText("城关镇阳光幼儿园")
    dlg.occurred.setText("17:50")  # the test clock is 18:00 China time
    dlg.channel.setCurrentIndex(dlg.channel.findData("school"))
    dlg.facts.set_text("cases", "8")
    _setting(dlg, "kindergarten")


def test_call_fields_are_logged_shown_and_the_title_is_proposed(make_window, demo_db):
    win = make_window(demo_db, map_enabled=False)
    dlg = _new(win)
    # Tab follows the call: 地点 → 报告人 → 来电号码 → 发生时间 → 发病人数 → 发生场所 → 报告单位
    order = [dlg.place, dlg.caller, dlg.phone, dlg.occurred, dlg.facts.fields["cases"], dlg.facts.fields["setting"],
             dlg.caller_unit]
    for a, b in zip(order, order[1:], strict=False):
        assert a.nextInFocusChain() is b, (a.objectName(), a.nextInFocusChain().objectName())
    _fill_call(dlg)
    assert dlg.title_edit.placeholderText() == "留空则用：清丰县城关镇幼儿园8人发病"
    dlg.buttons.accepted.emit()  # 接报
    assert not dlg.isVisible()
    iid = win.selected_id
    s = win.service.summary(iid)
    assert s.title == "清丰县城关镇幼儿园8人发病" and s.place == "清丰县城关镇"
    opened = win.service.timeline(iid)[0]
    assert opened.payload["data"]["call"] == {
        "occurred_at": "2026-11-22T17:50:00+08:00", "caller": "李园长", "caller_unit": "城关镇阳光幼儿园",
        "phone": "13839312345", "channel": "school"}
    shown = win.detail.state_label.text()
    assert "发生时间：11-22 17:50" in shown or "发生时间：17:50" in shown, shown
    assert "报告人：李园长　城关镇阳光幼儿园　13839312345（学校报告）" in shown
    # and the 初报 drafted later in the reports service carries them
    f = win.console.reports.draft(iid, "initial", actor="值班员").fields
    assert f["occurred_at"] == "2026-11-22T17:50+08:00" and f["reporter"] == "李园长（城关镇阳光幼儿园）"
    assert f["phone"] == "13839312345"


def test_inline_errors_name_their_field_and_clear_when_fixed(make_window, demo_db):
    win = make_window(demo_db, map_enabled=False)
    dlg = _new(win)
    n = len(win.service.list())
    dlg.occurred.setText("25:99")
    dlg.phone.setText("138-abc")
    dlg.buttons.accepted.emit()
    errors = dlg.field_errors()
    assert "地点" in errors["place"] and "事件名称" in errors["title"] and "发生时间" in errors["occurred"]
    assert "来电号码" in errors["phone"] and "发病（中毒）人数" in errors["cases"]
    assert dlg.isVisible() and len(win.service.list()) == n  # nothing written
    dlg.place.setText("清丰县城关镇")
    assert "place" not in dlg.field_errors() and "title" in dlg.field_errors()
    dlg.facts.set_text("cases", "8")  # place and people: the title can be proposed
    assert "cases" not in dlg.field_errors() and "title" not in dlg.field_errors()
    dlg.occurred.setText("17:50")
    dlg.phone.setText("13839312345")
    assert dlg.field_errors() == {}
    dlg.occurred.setText("18:30")  # after the 接报 time
    dlg.buttons.accepted.emit()
    assert "晚于接报时间" in dlg.field_errors()["occurred"] and len(win.service.list()) == n
    dlg.occurred.setText("")
    dlg.buttons.accepted.emit()
    assert not dlg.isVisible() and len(win.service.list()) == n + 1


def test_place_search_completes_as_one_types(make_window, demo_db, qtbot):
    from console.demo import entities

    win = make_window(demo_db, map_enabled=False, townships=TOWNS, entities=lambda: entities("puyang")[:500])
    win.intake.wait_for_index()  # built on a worker thread once the entities are read
    dlg = _new(win)
    dlg.place.setFocus()
    _type(dlg.place, "清丰城关")
    popup = dlg.completer.popup()
    qtbot.waitUntil(popup.isVisible, timeout=3000)
    shown = [dlg.completer_model.item(i).text() for i in range(dlg.completer_model.rowCount())]
    assert shown[0] == "清丰县城关镇　乡镇（街道）", shown
    assert any("监管对象" in s for s in shown)  # entities of the demo are searched too
    QTest.keyClick(popup, Qt.Key.Key_Return)  # Enter takes the best match (and does not 接报)
    assert dlg.isVisible() and dlg.place.text() == "清丰县城关镇"
    assert (dlg.lat, dlg.lon) == (35.905, 115.08) and "35.90500" in dlg.position.text()
    # a place already received is found as an address
    dlg.reject()
    dlg = _new(win)  # a place received in this window is searchable at once
    dlg.place.setText("范县濮城镇第二小学")
    dlg.title_edit.setText("范县某校学生腹泻")
    dlg.facts.set_text("cases", "3")
    dlg.buttons.accepted.emit()
    r = win.service.summary(win.selected_id)
    dlg = _new(win)
    dlg.place.setFocus()
    _type(dlg.place, "濮城二小")
    qtbot.waitUntil(dlg.completer.popup().isVisible, timeout=3000)
    assert dlg.matches[0].text == "范县濮城镇第二小学" and dlg.matches[0].kind == "address"
    assert r.place == "范县濮城镇第二小学"
    dlg.reject()


def test_intake_and_draft_the_initial_report_end_to_end(make_window, demo_db, qtbot):
    win = make_window(demo_db, map_enabled=False)
    dlg = _new(win)
    _fill_call(dlg)
    dlg.symptoms.setText("呕吐")
    dlg.draft_button.click()  # 接报并起草初报
    iid = win.selected_id
    rep = win.intake.report_dialog
    assert rep is not None and rep.isVisible()
    assert win.service.summary(iid).title == "清丰县城关镇幼儿园8人呕吐"
    rec = rep.record
    assert rec.status == "draft" and rec.kind == "initial"
    f = rec.fields
    assert f["occurred_at"] == "2026-11-22T17:50+08:00" and f["reporter"] == "李园长（城关镇阳光幼儿园）"
    assert f["phone"] == "13839312345" and f["location_detail"] == "清丰县城关镇" and f["cases"] == 8
    assert f["symptoms"] == "呕吐"
    # the required narrative fields are on screen to review (no scrolling), pre-filled
    for key in ("brief_course", "measures_taken", "control_status"):
        w = rep.editors[key]
        assert w.isVisible() and w.toPlainText(), key
        assert w.mapTo(rep, w.rect().bottomLeft()).y() <= rep.height()
    assert rep.findChild(type(rep.message), "summary_reporter").text() == "李园长（城关镇阳光幼儿园）"
    # a required field emptied: 报送 names it inline, and the error clears when it is filled again
    asked = []
    rep.confirm = lambda title, text: asked.append(text) or True
    rep.editors["control_status"].setPlainText("")
    assert rep.submit() is False and "控制情况" in rep.field_errors()["control_status"] and not asked
    rep.editors["control_status"].setPlainText("已封存留样食品，患儿均在县医院观察")
    assert rep.field_errors() == {}
    assert rep.submit() is True
    # recipients: the 初报 chain's open hop (format 2, issue #17), the unit's
    assert "县（区）市场监管局、卫生健康委" in asked[0] and "事件简要经过" in asked[0] and "不能再修改" in asked[0]
    assert rep.message.isVisible() and "初报已报送" in rep.message.text()
    stored = win.console.reports.get(rec.id)
    assert stored.status == "submitted" and stored.fields["control_status"].startswith("已封存")
    assert [e.type for e in win.service.timeline(iid)][-3:] == ["log.report_reviewed", "log.report_signed",
                                                                 "submit_report"]
    assert stored.signed_by == win.user and "签发人" in asked[0]  # the commander at the desk signs
    rep.later_button.click()  # 关闭
    assert not rep.isVisible() and "已报送" in win.statusBar().currentMessage()


def test_a_refused_submission_is_shown_and_cancel_keeps_the_draft(make_window, demo_db):
    win = make_window(demo_db, map_enabled=False)
    dlg = _new(win)
    _fill_call(dlg)
    dlg.draft_button.click()
    rep = win.intake.report_dialog
    rep.confirm = lambda title, text: False  # 取消
    assert rep.submit() is False and rep.record.status == "draft"
    rep.editors["brief_course"].setPlainText("17:50 幼儿午餐后呕吐")
    rep.later_button.click()  # 保存草稿，稍后报送
    assert win.console.reports.get(rep.record.id).fields["brief_course"] == "17:50 幼儿午餐后呕吐"
    assert "草稿已保存" in win.statusBar().currentMessage()


def test_a_duty_officer_reviews_and_a_signer_signs_before_it_goes(make_window, demo_db):
    win = make_window(demo_db, map_enabled=False, role="duty_officer")
    dlg = _new(win)
    _fill_call(dlg)
    dlg.draft_button.click()
    rep = win.intake.report_dialog
    asked = []
    rep.confirm = lambda title, text: asked.append(text) or True
    rep.editors["control_status"].setPlainText("已封存留样食品")
    assert rep.submit() is False  # reviewed, not submitted: a duty officer cannot sign
    assert "不能签发" in asked[0] and "待签发" in rep.message.text() and not rep.submit_button.isEnabled()
    assert win.console.reports.get(rep.record.id).status == "reviewed"


def test_pick_the_point_on_the_map_while_the_dialog_stays(make_window, demo_db, qtbot):
    win = make_window(demo_db, townships=TOWNS)
    win.load_map_data()
    qtbot.waitUntil(lambda: win.map.is_ready, timeout=30000)
    assert win.map.wait_painted(timeout_ms=30000) is not None
    dlg = _new(win)
    dlg.caller.setText("李园长")
    assert dlg.pick_button.isEnabled()
    dlg.pick_button.click()  # 在地图上选点
    assert dlg.isVisible() and win.intake.picking
    win.map.wait_painted()
    with qtbot.waitSignal(win.map.sig_point_picked, timeout=5000):
        win.map.run_js("FDSMap.map.fire('click', {latlng: L.latLng(35.906, 115.081)})")
    assert dlg.isVisible() and (dlg.lat, dlg.lon) == pytest.approx((35.906, 115.081))
    assert dlg.place.text() == "清丰县城关镇" and dlg.caller.text() == "李园长"  # nothing typed is lost
    # the next click is an ordinary click again
    assert eval_js(qtbot, win.map, "FDSMap.picking") is None and not win.intake.picking
    dlg.facts.set_text("cases", "8")
    dlg.buttons.accepted.emit()
    s = win.service.summary(win.selected_id)
    assert (s.lat, s.lon) == pytest.approx((35.906, 115.081)) and s.place == "清丰县城关镇"
    # a dialog closed while waiting for the click leaves the map as it was
    dlg = _new(win)
    dlg.pick_button.click()
    win.map.wait_painted()
    assert eval_js(qtbot, win.map, "!!FDSMap.picking") is True
    dlg.reject()
    win.map.wait_painted()
    assert eval_js(qtbot, win.map, "FDSMap.picking") is None and not win.intake.picking
