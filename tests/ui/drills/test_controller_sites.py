"""The trainer's window across sites (分会场, 发布人, a filter by site) and the players' refused attempts."""

from __future__ import annotations

from datetime import timedelta

import pytest

from console.app import DRILL, Console
from console.drills.clock import MAX_HEADLESS_SPEED, DrillClock
from console.drills.runner import DrillRun
from console.drills.scenario import load_scenario
from console.drills.store import create_drill_database
from console.plan.engine import Rejected
from tests.drills.conftest import ROOT, T0
from ui.drills.controller import ControllerWindow

CROSS_COUNTY = ROOT / "scenarios" / "cross-county-outbreak.yaml"


def _col(table, col):
    return [table.item(r, col).text() for r in range(table.rowCount())]


def _shown(table):
    return [table.item(r, 0).text() for r in range(table.rowCount()) if not table.isRowHidden(r)]


@pytest.fixture
def drill(tmp_path):
    db = create_drill_database(tmp_path / "drill.sqlite3")
    clock = DrillClock(T0, 60, max_speed=MAX_HEADLESS_SPEED, virtual=True)
    app = Console(db, clock, mode=DRILL)
    run = DrillRun(load_scenario(CROSS_COUNTY), db, clock, auto_players=False, incidents=app.incidents)
    yield app, run
    db.close()


def test_sites_and_who_released_each_inject_with_a_filter_by_site(qtbot, drill):
    app, run = drill
    w = ControllerWindow(run, trainer="王总导调")
    qtbot.addWidget(w)
    w.show()
    heads = [w.injects.horizontalHeaderItem(c).text() for c in range(w.injects.columnCount())]
    assert heads[6:] == ["分会场", "发布人"] and heads[4] == "状态"
    sites = dict(zip(_col(w.injects, 0), _col(w.injects, 6), strict=True))
    assert sites["I01"] == sites["I02"] == sites["I11"] == "清丰县分会场"
    assert sites["I03"] == "南乐县分会场" and sites["I08"] == sites["I09"] == "濮阳县分会场"
    assert sites["I04"] == "—"  # run from the command centre, in no segment
    assert set(_col(w.injects, 7)) == {"—"}  # nothing released yet
    # the filter offers the three county sites (and the injects in no segment)
    options = [w.site_filter.itemText(i) for i in range(w.site_filter.count())]
    assert options == ["全部分会场", "清丰县分会场", "南乐县分会场", "濮阳县分会场", "未分段"]
    assert w.site_filter.isVisibleTo(w)
    w.site_filter.setCurrentIndex(w.site_filter.findData("南乐县分会场"))
    assert _shown(w.injects) == ["I03"]
    w.site_filter.setCurrentIndex(w.site_filter.findData("濮阳县分会场"))
    assert _shown(w.injects) == ["I08", "I09"]
    # released: I01 by its site's controller on schedule, I08 by hand by the trainer at the console
    w.start_btn.click()
    qtbot.waitUntil(lambda: run.injects["I01"].released_at is not None, timeout=3000)
    row = _col(w.injects, 0).index("I08")
    w.injects.selectRow(row)
    w.release_btn.click()
    w.refresh()
    who = dict(zip(_col(w.injects, 0), _col(w.injects, 7), strict=True))
    assert who["I01"] == "刘导调" and who["I08"] == "王总导调" and who["I03"] == "—"
    # a row the filter hides is not released by 立即发出
    w.injects.selectRow(_col(w.injects, 0).index("I03"))
    assert w.injects.isRowHidden(_col(w.injects, 0).index("I03"))
    w.release_btn.click()
    assert run.injects["I03"].released_at is None and "请先选择" in w.message.text()
    w.site_filter.setCurrentIndex(0)
    assert len(_shown(w.injects)) == len(run.scenario.injects)
    w.close()


def test_the_trainer_sees_the_players_refused_attempts(qtbot, drill):
    app, run = drill
    w = ControllerWindow(run)
    qtbot.addWidget(w)
    w.show()
    assert w.refused.rowCount() == 0 and w.refused_box.title() == "被拒绝的操作"
    w.start_btn.click()
    run.clock.sleep_until(run.t0 + timedelta(minutes=5))
    # a working-group member at the players' console tries to decide the level
    with pytest.raises(Rejected) as refused:
        app.incidents.command(run.incident_id, "decide_level", {"level": "II", "reason": "病例多"},
                              actor="李值班", role="group_staff")
    qtbot.waitUntil(lambda: w.refused.rowCount() == 1, timeout=3000)
    assert w.refused_box.title() == "被拒绝的操作（1）"
    row = [w.refused.item(0, c).text() for c in range(4)]
    assert row[1] == "李值班（工作组人员）" and row[2].startswith("认定级别为") and row[3] == refused.value.reason
    w.close()
