"""Tasks in the window: 完成 asks first, naming the task (Enter cancels); a mistaken 完成 is
withdrawn with 撤销 and a reason (the log and the timeline keep both); a unit's 签收 is
recorded with who and when, and a task nobody acknowledged within 10 minutes is flagged."""

from __future__ import annotations

from datetime import timedelta

import pytest

pytest.importorskip("PySide6.QtWebEngineWidgets")

from PySide6.QtCore import Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton  # noqa: E402

from console.clock import CHINA_TZ  # noqa: E402
from console.timeline.model import load_timeline  # noqa: E402

pytestmark = pytest.mark.gui


def _shown(win, leaf: str) -> str:
    iid = next(s.id for s in win.service.list(status="open") if s.leaf == leaf)
    win.select(iid)
    return iid


def _task(win, iid: str, words: str) -> dict:
    return next(t for t in win.service.state(iid).tasks.values() if words in t["title"])


def _buttons(win) -> dict[str, QPushButton]:
    """The task list's buttons as drawn now (by object name: complete_T3, reopen_T3, ack_T3)."""
    tree = win.detail.tasks
    out = {}
    for i in range(tree.topLevelItemCount()):
        head = tree.topLevelItem(i)
        for j in range(head.childCount()):
            cell = tree.itemWidget(head.child(j), 3)
            for b in cell.findChildren(QPushButton) if cell is not None else []:
                out[b.objectName()] = b
    return out


def _button(win, name: str) -> QPushButton:
    b = _buttons(win).get(name)
    assert b is not None, name
    return b


def test_done_asks_first_naming_the_task_and_enter_cancels(make_window, demo_db, qtbot):
    win = make_window(demo_db, map_enabled=False)
    iid = _shown(win, "verifying")
    onsite = _task(win, iid, "赶赴现场核实")
    version = win.service.summary(iid).version
    seen: list[str] = []

    def press_enter() -> None:  # the real question box: Enter must choose 取消
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, press_enter)
            return
        seen.append(box.text())
        qtbot.keyClick(box, Qt.Key.Key_Return)

    QTimer.singleShot(0, press_enter)
    _button(win, f"complete_{onsite['id']}").click()
    assert seen and "赶赴现场核实" in seen[0]
    assert win.service.summary(iid).version == version  # nothing written
    assert _task(win, iid, "赶赴现场核实")["status"] == "open"
    assert "未记录完成" in win.detail.message.text()

    asked: list[tuple[str, str]] = []
    win.detail.confirm = lambda title, text: asked.append((title, text)) or True
    _button(win, f"complete_{onsite['id']}").click()
    (title, text), = asked
    assert "完成任务" in title and "「赶赴现场核实」" in text
    assert _task(win, iid, "赶赴现场核实")["status"] == "done"


def test_a_mistaken_done_is_withdrawn_with_a_reason_and_both_stay_on_record(make_window, demo_db):
    win = make_window(demo_db, map_enabled=False)
    iid = _shown(win, "verifying")
    task = _task(win, iid, "保护现场")  # due within the hour: open, not missed
    win.detail.confirm = lambda title, text: True
    _button(win, f"complete_{task['id']}").click()
    assert win.service.state(iid).deadlines[task["id"]]["status"] == "met"

    reasons = iter([None, "误点完成，事发单位尚未封存"])  # first cancelled: nothing written
    win.detail.ask_text = lambda title, label, text="": next(reasons)
    version = win.service.summary(iid).version
    _button(win, f"reopen_{task['id']}").click()
    assert win.service.summary(iid).version == version
    _button(win, f"reopen_{task['id']}").click()
    state = win.service.state(iid)
    assert state.tasks[task["id"]]["status"] == "open"
    assert state.tasks[task["id"]]["reopen_reason"] == "误点完成，事发单位尚未封存"
    assert state.deadlines[task["id"]]["status"] == "open"  # not yet due: open again
    assert "已撤销完成" in win.detail.message.text()
    assert f"complete_{task['id']}" in _buttons(win) and f"reopen_{task['id']}" not in _buttons(win)
    types = [e.type for e in win.service.timeline(iid)]
    assert types[-2:] == ["complete_task", "reopen_task"]  # the log keeps both
    titles = [i.title for i in load_timeline(win.service, iid).lane_items("tasks")]
    assert "完成：保护现场、封存可疑食品及原料" in titles
    assert "撤销完成：保护现场、封存可疑食品及原料（理由：误点完成，事发单位尚未封存）" in titles


def test_acknowledgement_shows_who_and_when_and_late_ones_are_flagged(make_window, demo_db):
    win = make_window(demo_db, map_enabled=False)
    iid = _shown(win, "received")  # 接报 9 minutes ago: its tasks are not yet 10 minutes old
    # one task at 接报 (接报登记); the unit's own 2-hour report (national §4.2.2) is the 初报 chain's first hop
    [reg] = [t for t in win.service.state(iid).tasks.values() if t["title"].startswith("接报登记")]
    assert [t for t in win.service.state(iid).tasks.values() if t["unit"] == "operator"] == []
    assert any(d["kind"] == "report_hop" for d in win.service.state(iid).deadlines.values())
    assert win.detail.tasks.ack_flags() == {reg["id"]: "waiting"}
    win.service.clock.advance(timedelta(minutes=2))
    win.detail.update_countdowns()
    assert win.detail.tasks.ack_flags() == {reg["id"]: "late"}
    item = win.detail.tasks.topLevelItem(0).child(0)
    assert item.text(2) == "超时未签收" and item.toolTip(2) == "超过10分钟未签收"

    asked: list[str] = []
    win.detail.ask_text = lambda title, label, text="": asked.append(text) or "综合协调组李娜"
    _button(win, f"ack_{reg['id']}").click()
    assert asked == ["综合协调组"]  # the unit is offered as who acknowledged
    t = win.service.state(iid).tasks[reg["id"]]
    assert t["acked_by"] == "综合协调组李娜" and t["ack_recorded_by"] == win.detail.actor
    item = win.detail.tasks.topLevelItem(0).child(0)
    assert item.text(2) == "已签收 " + win.service.clock.now().astimezone(CHINA_TZ).strftime("%H:%M")
    assert item.toolTip(2).endswith("综合协调组李娜")  # who, in the tooltip
    assert win.detail.tasks.ack_flags() == {}  # acknowledged: no longer flagged
    assert f"ack_{reg['id']}" not in _buttons(win) and f"complete_{reg['id']}" in _buttons(win)
