"""On duty around the clock: the incident list pages a long history, overdue times read in days,
another process's append reaches the window by the file watch, and no fast timer runs idle."""

from __future__ import annotations

import re
import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer

from console.app import Console
from console.clock import ManualClock
from console.store.db import open_database
from tests.ui.conftest import NOW
from tests.ui.map.conftest import eval_js, make_map_view, map_view  # noqa: F401 — the map fixtures
from ui.incidents.panels import PAGE_ROWS
from ui.widgets.common import countdown

pytestmark = pytest.mark.gui

REPO = Path(__file__).resolve().parents[3]
PLAN = REPO / "plans" / "food-municipal.yaml"
N_OPEN, N_CLOSED = 230, 210


@pytest.fixture(scope="session")
def history_template(tmp_path_factory):
    """440 small incidents (230 open, 210 closed: 不属于食品安全事件), built once per session."""
    path = tmp_path_factory.mktemp("history") / "history.sqlite3"
    db = open_database(f"sqlite:///{path}")
    clock = ManualClock(NOW - timedelta(days=300))
    svc = Console(db, clock, jurisdiction="410900").incidents
    for i in range(N_OPEN + N_CLOSED):
        clock.set(NOW - timedelta(days=300) + timedelta(hours=12 * i))
        iid = svc.open(PLAN, title=f"历史事件 {i:03d}", actor="值班员", role="duty_officer",
                       facts={"cases": 3}).incident_id
        if i < N_CLOSED:  # the older ones closed
            svc.command(iid, "fire", {"event": "dismiss"}, actor="值班员", role="duty_officer")
    db.close()
    return path


@pytest.fixture
def history_db(history_template, tmp_path):
    path = tmp_path / "history.sqlite3"
    shutil.copy(history_template, path)
    db = open_database(f"sqlite:///{path}")
    yield db
    db.close()


def test_the_list_shows_what_is_open_and_pages_the_rest(make_window, history_db):
    win = make_window(history_db, map_enabled=False)
    lst = win.incidents
    assert lst.status_filter.currentData() == "open"
    assert lst.rowCount() == PAGE_ROWS == 200
    assert {win.service.summary(i).status for i in lst.ids} == {"open"}
    assert lst.page_label.text() == "第 1/2 页，共 230 起"
    assert not lst.prev_button.isEnabled() and lst.next_button.isEnabled()
    first_page = list(lst.ids)
    lst.next_button.click()
    assert lst.rowCount() == N_OPEN - PAGE_ROWS and not set(first_page) & set(lst.ids)
    assert lst.page_label.text() == "第 2/2 页，共 230 起" and not lst.next_button.isEnabled()
    lst.prev_button.click()
    assert lst.ids == first_page

    lst.set_filter("closed")  # 已结束: the closed ones, from the first page
    assert lst.page == 0 and lst.rowCount() == PAGE_ROWS
    assert {win.service.summary(i).status for i in lst.ids} == {"closed"}
    assert lst.page_label.text() == "第 1/2 页，共 210 起"
    lst.set_filter("all")
    assert lst.page_label.text() == "第 1/3 页，共 440 起"
    oldest = lst._matching[-1]  # noqa: SLF001 — the last of every page
    win.select(oldest)  # selected elsewhere (the timeline, a search): the list turns to its page
    assert lst.page == 2 and lst.current_id() == oldest


def test_long_overdue_times_read_in_days_and_hours(make_window, demo_db):
    assert countdown(NOW - timedelta(days=50, hours=8, minutes=25), NOW)[0] == "逾期 50天8小时"
    assert countdown(NOW - timedelta(hours=3, minutes=5), NOW)[0] == "逾期 3:05"  # under a day: h:mm
    assert countdown(NOW - timedelta(days=1), NOW)[0] == "逾期 1天0小时"
    win = make_window(demo_db, map_enabled=False)
    later = NOW + timedelta(days=50)
    win.incidents.update_countdowns(later)
    texts = [win.incidents.table.item(r, 3).text() for r in range(win.incidents.rowCount())]
    assert any(re.fullmatch(r"逾期 5\d天\d+小时", t) for t in texts), texts
    target = next(s for s in win.service.list(status="open") if win.service.state(s.id).deadlines)
    win.select(target.id)
    win.detail.deadlines.update_countdowns(later)
    rows = [win.detail.deadlines.topLevelItem(i) for i in range(win.detail.deadlines.topLevelItemCount())]
    # every deadline that has started reads its overdue time in days and hours; a format-2 hop not started yet
    # (待上一级报送后起算) has no time to read: it says 未起算 and what it waits for, below the counting rows
    timed = [r.text(0) for r in rows if r.text(0) != "未起算"]
    waiting = [r.text(1) for r in rows[len(timed):]]
    assert timed and all(re.fullmatch(r"逾期 \d+天\d+小时", t) for t in timed), [r.text(0) for r in rows]
    assert len(timed) == len(win.detail.deadlines.kinds())  # a countdown for each deadline with a due time
    assert all(r.text(0) == "未起算" for r in rows[len(timed):])
    assert all(re.search(r"（待「.+」.+后起算）$|报送）$", t) for t in waiting), waiting


def test_another_process_append_reaches_the_window_by_the_file_watch(qtbot, demo_db):
    from ui.sync.live import LiveSync

    sync = LiveSync(demo_db, poll_interval=60.0, idle_poll=60.0)  # the poll alone would take a minute
    got: list = []
    sync.events_arrived.connect(got.extend)
    assert sync.watcher is not None
    sync.start()
    try:
        qtbot.waitUntil(lambda: sync.feed.polls >= 1, timeout=10000)
        other = open_database(str(demo_db.engine.url))  # a second connection, as another console
        try:
            svc = Console(other, ManualClock(NOW)).incidents
            iid = svc.list(status="open")[0].id
            r = svc.command(iid, "note", {"text": "另一席位的值守记录"}, actor="值班员乙", role="duty_officer")
        finally:
            other.close()
        qtbot.waitUntil(lambda: any(e.seq == r.events[-1].seq for e in got), timeout=8000)
        assert sync.wakes >= 1 and sync.feed.polls <= 4  # woken by the watch, not by polling
    finally:
        sync.stop()


def test_no_fast_timer_runs_in_the_assembled_window_while_idle(make_window, demo_db, qtbot):
    from ui.wiring import assemble

    win = make_window(demo_db, map_enabled=False)
    a = assemble(win, win.console, live=True)
    try:
        qtbot.wait(300)
        fast = [(t.parent().metaObject().className(), t.interval()) for t in win.findChildren(QTimer)
                if t.isActive() and not t.isSingleShot() and t.interval() < 1000]
        assert not fast, fast
    finally:
        a.sync.stop()


def test_overdue_markers_blink_in_the_window_clock_beat_without_css_animation(make_window, demo_db, qtbot):
    win = make_window(demo_db)
    win.load_map_data()
    qtbot.waitUntil(lambda: win.map.is_ready, timeout=30000)
    assert win.map.wait_painted(timeout_ms=30000) is not None
    assert win.open_label.text().count("逾期")  # the demo has overdue incidents
    dimmed = "FDSMap.map.getPane('fdsIncidents').classList.contains('fds-blink-off')"
    seen = set()
    qtbot.waitUntil(lambda: seen.add(eval_js(qtbot, win.map, dimmed)) or seen == {True, False}, timeout=8000)
    assert eval_js(qtbot, win.map, "document.getAnimations().length") == 0  # no CSS animation, no page timer
    assert eval_js(qtbot, win.map, "document.querySelectorAll('.fds-inc.fds-overdue').length") > 0


def test_the_blink_op_sets_and_clears_the_dimmed_phase(qtbot, map_view):  # noqa: F811 — the fixture
    view = map_view
    dimmed = "FDSMap.map.getPane('fdsIncidents').classList.contains('fds-blink-off')"
    view.upsert_incident("E1", 35.76, 115.03, 2, "华龙区某学校食堂疑似食物中毒", overdue=True)
    assert eval_js(qtbot, view, dimmed) is False
    view.blink(True)
    assert eval_js(qtbot, view, dimmed) is True
    view.blink(False)
    assert eval_js(qtbot, view, dimmed) is False
    assert eval_js(qtbot, view, "document.getAnimations().length") == 0
