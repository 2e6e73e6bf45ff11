"""A dismissed incident in the window: its open tasks are greyed 不再需要 (the reason in the
tooltip), with no 完成 or 签收 button and no countdown; its deadlines no longer count down."""

from __future__ import annotations

from datetime import timedelta

import pytest

from console.clock import ManualClock
from tests.records_fixtures import MUNICIPAL
from tests.ui.conftest import NOW
from ui.incidents.panels import DeadlineList, TaskTree

pytestmark = pytest.mark.gui


def test_a_dismissed_incident_shows_its_tasks_not_needed_without_buttons(tmp_path, qtbot) -> None:  # noqa: ANN001
    from PySide6.QtWidgets import QPushButton

    from console.app import Console
    from console.store.db import open_database

    db = open_database(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    clock = ManualClock(NOW)
    console = Console(db, clock)
    svc = console.incidents
    iid = svc.open(MUNICIPAL, title="某超市冷冻水饺疑似致病", actor="值班员甲", role="duty_officer",
                   facts={"cases": 3}, place="华龙区").incident_id
    clock.advance(timedelta(minutes=5))
    svc.command(iid, "fire", {"event": "dispatch"}, actor="值班员甲", role="duty_officer")
    plan, state = svc.plan_for(iid), svc.state(iid)
    tree = TaskTree()
    qtbot.addWidget(tree)
    tree.fill(plan, state, clock.now())
    assert tree.findChildren(QPushButton, "complete_T1") or tree.findChildren(QPushButton)
    clock.advance(timedelta(minutes=5))
    svc.command(iid, "fire", {"event": "dismiss", "reason": "系家庭自制食品所致"}, actor="张指挥",
                role="commander")
    state = svc.state(iid)
    tree.fill(plan, state, clock.now() + timedelta(days=2))
    buttons = [b for b in tree.findChildren(QPushButton) if b.objectName().startswith(("complete_", "ack_"))
               and b.isVisibleTo(tree)]
    assert buttons == []
    rows = [tree.topLevelItem(i).child(j) for i in range(tree.topLevelItemCount())
            for j in range(tree.topLevelItem(i).childCount())]
    assert rows and all(r.text(1) == "不再需要" for r in rows)
    assert all("事件已排除：系家庭自制食品所致" in r.toolTip(0) for r in rows)
    assert tree.ack_flags() == {}
    deadlines = DeadlineList()
    qtbot.addWidget(deadlines)
    deadlines.fill(state, clock.now() + timedelta(days=2))
    assert deadlines.topLevelItemCount() == 0  # nothing counts down on a closed incident
    db.close()
