"""Qt's own dialogs speak Chinese in the Chinese window (Qt's catalogue and the texts it leaves
out), and the English window shows data-derived names (roles, report types, level-decision
bases) in English while the log keeps the Chinese words."""

from __future__ import annotations

import re

import pytest
from PySide6.QtWidgets import QAbstractButton, QDialogButtonBox, QFileDialog, QLabel, QMessageBox

from ui.i18n import install_translators

HAN = re.compile(r"[\u4e00-\u9fff]")
WORD = re.compile(r"[A-Za-z]{2,}")


@pytest.fixture
def chinese(qapp):
    install_translators(qapp, "zh_CN")
    yield


@pytest.fixture
def english(qapp):
    assert install_translators(qapp, "en")
    try:
        yield
    finally:
        install_translators(qapp, "zh_CN")


def test_button_boxes_and_message_boxes_say_queding_quxiao(chinese, qtbot):
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    assert [b.text() for b in box.buttons()] == ["确定", "取消"]
    msg = QMessageBox(QMessageBox.Icon.Question, "确认", "确定要报送吗？",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    qtbot.addWidget(msg)
    assert [b.text() for b in msg.buttons()] == ["是(&Y)", "否(&N)"]


def test_the_file_dialog_has_no_english_left(chinese, qtbot):
    dlg = QFileDialog(None, "导出初报")
    qtbot.addWidget(dlg)
    dlg.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dlg.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dlg.setNameFilters(["Word 文档 (*.docx)"])
    texts = [w.text() for w in dlg.findChildren(QLabel)] + [b.text() for b in dlg.findChildren(QAbstractButton)]
    texts = [t for t in texts if t]
    assert "查找范围(&L)：" in texts and "文件类型(&T)：" in texts
    assert [t for t in texts if WORD.search(t.replace("&", ""))] == []


def test_the_leftover_translator_leaves_every_other_text_alone(chinese):
    from PySide6.QtCore import QCoreApplication

    assert QCoreApplication.translate("QFileDialog", "File &name:") != "File &name:"  # Qt's own still answers
    assert QCoreApplication.translate("MainWindow", "事件处置") == "事件处置"


def test_english_window_names_roles_report_types_and_bases_in_english(english, make_window, demo_db):
    pytest.importorskip("PySide6.QtWebEngineWidgets")
    from console.auth.roles import ROLE_TITLES
    from console.reports.forms import PHASE_TITLES
    from ui.incidents.dialogs import LevelDialog
    from ui.widgets.names import level_basis_name, report_phase_name, role_name

    assert not any(HAN.search(role_name(r, t)) for r, t in ROLE_TITLES.items())
    assert not any(HAN.search(report_phase_name(p, t)) for p, t in PHASE_TITLES.items())
    win = make_window(demo_db, map_enabled=False, role="duty_officer", user="duty1")
    assert "Duty officer" in win.user_label.text() and not HAN.search(win.user_label.text())
    iid = next(s.id for s in win.service.list(status="open") if s.leaf == "assessing")
    win.select(iid)
    dlg = LevelDialog(win.detail.plan, win.detail.state, win)
    shown = [dlg.basis.itemText(i) for i in range(dlg.basis.count())]
    assert shown == ["Expert assessment", "Government decision", "Notice from a higher authority", "Other"]
    dlg.basis.setCurrentIndex(0)
    dlg.reason.setPlainText("expert panel")
    assert dlg.values()["basis"] == "专家核定"  # recorded as the log has always had it
    dlg.basis.setEditText("市委决定")  # typed: recorded as typed
    assert dlg.values()["basis"] == "市委决定"
    dlg.deleteLater()
    assert level_basis_name("政府认定") == "Government decision"


def test_chinese_window_keeps_the_datas_own_names(chinese):
    from ui.widgets.names import level_basis_name, report_phase_name, role_name

    assert role_name("commander", "指挥长") == "指挥长" and role_name("duty_officer") == "值班员"
    assert report_phase_name("initial") == "初报" and level_basis_name("政府认定") == "政府认定"
