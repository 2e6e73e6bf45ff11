"""关联事件 in the incident view: the dialog lists the open incidents, both incidents show the link,
并入 closes this one, the hand-over shows 移交至 / 移交自 — real widgets on a real SQLite file."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from console.app import Console
from console.clock import ManualClock
from console.store.db import open_database
from ui.incidents.linked import LinkDialog
from ui.incidents.panels import IncidentDetail

FIX = Path(__file__).resolve().parents[2] / "plan" / "fixtures"
FOOD = FIX / "linked-food.yaml"
HEALTH = FIX / "public-health.yaml"
NOW = datetime(2026, 11, 22, 2, 0, tzinfo=UTC)


@pytest.fixture
def console(tmp_path):
    db = open_database(f"sqlite:///{tmp_path / 'linked.sqlite3'}")
    app = Console(db, ManualClock(NOW))
    yield app
    db.close()


def _open(console, title: str, cases: int) -> str:
    return console.incidents.open(FOOD, title=title, actor="王值班", role="duty_officer",
                                  facts={"cases": cases}).incident_id


def _rows(detail) -> list[list[str]]:
    tree = detail.linked_box.list
    return [[tree.topLevelItem(i).text(c) for c in range(2)] for i in range(tree.topLevelItemCount())]


def test_link_from_the_dialog_shows_in_both_incidents_then_merge(qtbot, console):
    a = _open(console, "第一小学腹泻", 12)
    b = _open(console, "第二小学腹泻", 20)
    detail = IncidentDetail(console, "commander", "李指挥")
    qtbot.addWidget(detail)
    detail.show_incident(a)
    box = detail.linked_box
    assert box.link_button.text() == "关联事件…" and box.link_button.isEnabled()
    assert not box.unlink_button.isEnabled() and box.list.isHidden()
    seen: dict[str, object] = {}

    def drive() -> None:
        dlg = QApplication.activeModalWidget()
        if not isinstance(dlg, LinkDialog):
            QTimer.singleShot(20, drive)
            return
        seen["choices"] = [dlg.choice.itemData(i) for i in range(dlg.choice.count())]
        ok = dlg.buttons.button(QDialogButtonBox.StandardButton.Ok)
        seen["ok_without_reason"] = ok.isEnabled()
        dlg.reason.setText("同一供餐单位配送")
        ok.click()

    QTimer.singleShot(0, drive)
    assert box.ask_link()
    assert seen["choices"] == [b] and seen["ok_without_reason"] is False  # never itself
    assert console.incidents.state(a).linked[b]["reason"] == "同一供餐单位配送"
    assert _rows(detail) == [["关联", f"{b} 第二小学腹泻"]]
    assert detail.message.text() == f"已关联事件 {b}"
    assert "较大" in detail.suggestion_label.text()  # 12 + 20 within 24 h: the cluster rule
    detail.show_incident(b)
    assert _rows(detail) == [["关联", f"{a} 第一小学腹泻"]]
    assert box.unlink_button.isEnabled()
    # 并入 from a: a is closed, both show the merge
    detail.show_incident(a)
    assert box.merge_into(b, "同一起事件")
    assert console.incidents.state(a).closed
    assert _rows(detail) == [["并入至", f"{b} 第二小学腹泻"]]
    assert not box.link_button.isEnabled() and not box.merge_button.isEnabled()
    detail.show_incident(b)
    assert _rows(detail) == [["已并入本事件", f"{a} 第一小学腹泻（已结案）"]]
    # a refused command says why in the message bar
    detail.show_incident(a)
    assert not box.link_with(b, "再关联")
    assert detail.message.text().startswith("已拒绝：") and "已结案" in detail.message.text()


def test_the_handover_is_shown_in_both_incidents(qtbot, console):
    console.library.add_file(HEALTH, actor="管理员", role="admin")  # the receiving plan, in use
    a = _open(console, "某村聚餐后多人发热腹泻", 14)
    console.incidents.command(a, "fire", {"event": "hand_over"}, actor="李指挥", role="commander")
    detail = IncidentDetail(console, "commander", "李指挥")
    qtbot.addWidget(detail)
    detail.show_incident(a)
    (new,) = console.incidents.state(a).linked
    assert detail.linked_box.handover.text() == f"移交至：{new} 某村聚餐后多人发热腹泻"
    assert detail.linked_box.handover.isVisibleTo(detail)
    assert _rows(detail) == [["移交至", f"{new} 某村聚餐后多人发热腹泻"]]
    # double-click a row: the linked incident is shown
    item = detail.linked_box.list.topLevelItem(0)
    detail.linked_box.list.itemDoubleClicked.emit(item, 0)
    assert detail.incident_id == new
    assert detail.linked_box.handover.text() == f"移交自：{a} 某村聚餐后多人发热腹泻"
    assert console.incidents.summary(new).plan_id == "public-health-test"
