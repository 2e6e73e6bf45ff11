"""The contacts panel (pytest-qt, real SQLite and PostgreSQL): a notification recorded from a
task through the 通知 dialog shows in the list, a plan notice is flagged 未通知 until someone is
reached, and the directory is searched as one types."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from ui.contacts import ContactsPanel

pytestmark = pytest.mark.gui

UNITS = [
    {"code": "PY-U04", "kind": "成员单位", "name": "濮阳市卫生健康委员会", "office_phone": "0393-0000131",
     "fax": "0393-0000132", "duties": "组织救治伤病员", "plan_units": "medical"},
    {"code": "PY-U07", "kind": "成员单位", "name": "濮阳市公安局", "office_phone": "0393-0000161",
     "plan_units": "stability"},
    {"code": "PY-L01", "kind": "带班领导", "name": "王某", "organisation": "濮阳市市场监督管理局",
     "position": "今日带班领导", "mobile": "13900001001"},
]


@pytest.fixture
def panel(qtbot, console, incident):  # noqa: ANN001, ANN201
    for u in UNITS:
        console.contacts.add(u, actor="管理员")
    p = ContactsPanel(console, actor="值班员甲", role="duty_officer")
    qtbot.addWidget(p)
    p.set_incident(incident)
    return p


def test_notify_from_a_task_records_it_and_shows_it(qtbot, panel, console, incidents, incident) -> None:  # noqa: ANN001
    task = next(t for t in incidents.state(incident).tasks.values() if t["unit"] == "medical")
    row = panel.row_of("task", task["id"])
    assert task["title"] in panel.source_table.item(row, 1).text()
    assert panel.source_table.item(row, 2).text() == "市卫生健康委"
    assert panel.source_table.item(row, 0).text() == "未通知"
    panel.source_table.selectRow(row)
    dialog = panel.open_notify()
    qtbot.addWidget(dialog)
    assert dialog.isVisible() and task["title"] in dialog.what.text()
    # the task's unit is suggested first, with its number for a phone call
    assert dialog.contact_code() == "PY-U04" and dialog.number.text() == "0393-0000131"
    prepared = dialog.message_text.toPlainText()
    assert "华龙区某小学食堂午餐后学生腹痛腹泻" in prepared and "地点：华龙区" in prepared
    assert task["title"] in prepared and task["id"] not in prepared
    dialog.copy_button.click()
    assert QGuiApplication.clipboard().text() == prepared and dialog.error.text() == "通知内容已复制"
    # 已回复 needs the reply: refused inline, the dialog stays open, nothing written
    dialog.set_choice(dialog.result, "replied")
    assert not dialog.submit()
    assert "「回复内容」结果为「已回复」时必须填写回复内容" in dialog.error.text() and dialog.isVisible()
    assert console.notifications.list() == []
    dialog.reply.setPlainText("已派出救护车两辆")
    with qtbot.waitSignal(panel.sig_changed):
        assert dialog.submit()
    assert not dialog.isVisible()
    (n,) = console.notifications.list(incident)
    assert (n.source, n.source_ref, n.contact_code, n.actor, n.result) == (
        "task", task["id"], "PY-U04", "值班员甲", "replied")
    assert panel.log_table.rowCount() == 1
    assert [panel.log_table.item(0, c).text() for c in (1, 2, 3, 4, 5)] == [
        "濮阳市卫生健康委员会", "已回复", "电话", "0393-0000131", "已派出救护车两辆"]
    assert task["title"] in panel.log_table.item(0, 6).text()
    assert panel.source_table.item(panel.row_of("task", task["id"]), 0).text() == "已通知（1 次）"
    assert "已记录通知" in panel.message.text()


def test_a_plan_notice_is_flagged_until_someone_is_reached(qtbot, panel, console, incident) -> None:  # noqa: ANN001
    row = panel.row_of("notice", "N1")
    assert "预案通知（电话）" in panel.source_table.item(row, 1).text()
    assert panel.source_table.item(row, 0).text() == "未通知"
    assert panel.pending_label.text() == "预案要求的通知尚有 1 项未通知"
    assert panel.select_source("notice", "N1")
    dialog = panel.open_notify()
    qtbot.addWidget(dialog)
    assert dialog.contact_code() == "PY-U04"  # the notice names 市卫生健康委: the 医疗救治组's lead
    qtbot.keyClick(dialog.search, Qt.Key.Key_Return)  # Enter while searching never records
    assert dialog.isVisible() and console.notifications.list() == []
    dialog.search.setText("公安")  # search as one types
    assert [dialog.matches.item(i).data(256) for i in range(dialog.matches.count())] == ["PY-U07"]
    dialog.search.setText("卫生健康")
    assert dialog.choose("PY-U04")
    dialog.set_choice(dialog.result, "no_answer")
    assert dialog.submit()
    assert panel.source_table.item(row, 0).text() == "未通知（1 次未接通）" and panel.pending_label.text()
    console.notifications.record(incident, contact="PY-U04", method="电话", result="已接通", source="notice",
                                 ref="N1", actor="值班员乙")  # from another seat: the bus redraws the panel
    panel.bus.flush()
    assert panel.source_table.item(row, 0).text() == "已通知（1 次）" and panel.pending_label.text() == ""
    assert panel.log_table.rowCount() == 2


def test_the_directory_is_searched_as_one_types(qtbot, panel, experts, tmp_path) -> None:  # noqa: ANN001
    panel.tabs.setCurrentIndex(1)
    assert panel.directory_table.rowCount() == len(UNITS) + 6  # the expert pool is listed too
    panel.search.setText("带班")
    assert panel.directory_table.rowCount() == 1 and panel.directory_table.item(0, 1).text() == "王某"
    panel.search.setText("流行病学")
    assert {panel.directory_table.item(r, 1).text() for r in range(panel.directory_table.rowCount())} == {
        "李红", "陈静"}
    out = tmp_path / "通讯录.xlsx"
    assert panel.export_file(out) and "已导出 3 条联系人" in panel.message.text()
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a workbook")
    assert not panel.import_file(bad) and "不是有效的 Excel" in panel.message.text()


def test_add_change_and_remove_an_entry(qtbot, panel, console, monkeypatch) -> None:  # noqa: ANN001
    from PySide6.QtWidgets import QMessageBox

    panel.tabs.setCurrentIndex(1)
    dialog = panel.open_contact(None)
    qtbot.addWidget(dialog)
    dialog.set_value("code", "PY-P09")
    dialog.set_value("kind", "person")
    dialog.set_value("name", "钱某")
    dialog.set_value("mobile", "139-abc")
    assert not dialog.submit() and dialog.isVisible()
    assert dialog.field_error("mobile") == "「139-abc」不是有效的号码" and dialog.field_error("name") == ""
    dialog.set_value("mobile", "13900001019")
    with qtbot.waitSignal(dialog.accepted):
        assert dialog.submit()
    panel.bus.flush()
    panel.search.setText("钱某")
    assert panel.directory_table.rowCount() == 1 and panel.directory_table.item(0, 5).text() == "13900001019"
    panel.directory_table.selectRow(0)
    edit = panel.open_contact(panel.selected_contact())
    qtbot.addWidget(edit)
    assert edit.value("name") == "钱某" and edit.edits["code"].isReadOnly()
    edit.set_value("position", "今日带班领导")
    assert edit.submit()
    assert console.contacts.get("PY-P09").position == "今日带班领导"
    monkeypatch.setattr(QMessageBox, "exec", lambda self: QMessageBox.StandardButton.Cancel)
    assert not panel.remove_selected() and console.contacts.get("PY-P09")
    monkeypatch.setattr(QMessageBox, "exec", lambda self: QMessageBox.StandardButton.Yes)
    assert panel.remove_selected() and "已删除" in panel.message.text()
    panel.bus.flush()
    assert panel.directory_table.rowCount() == 0
    assert console.contacts.verify() == []


def test_an_observer_only_looks(qtbot, console, incident) -> None:  # noqa: ANN001
    p = ContactsPanel(console, actor="观察员甲", role="observer")
    qtbot.addWidget(p)
    p.set_incident(incident)
    assert p.source_table.rowCount() > 0
    assert not any(b.isEnabled() for b in (p.notify_button, p.add_button, p.edit_button, p.remove_button,
                                           p.import_button))
    assert p.export_button.isEnabled()
