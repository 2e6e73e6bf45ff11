"""The change bus in the window: a command redraws only what its change set touched, and
another console's events reach the same views through the same bus."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import event

from console.changes import REMOTE, Topic
from console.clock import ManualClock
from tests.ui.conftest import NOW
from ui.wiring import assemble

pytestmark = pytest.mark.gui


class Spy:
    """Counts calls of the window's redraw methods and the SQL statements sent while a command runs."""

    def __init__(self, win, db, monkeypatch) -> None:  # noqa: ANN001
        self.calls: Counter[str] = Counter()
        self.selects = 0
        for name, obj, attr in [("list", win.incidents, "fill"), ("detail", win.detail, "refresh"),
                                ("marker", win.map, "upsert_incident"), ("area", win.map, "set_affected_area")]:
            original = getattr(obj, attr)

            def counted(*a, _original=original, _name=name, **k):  # noqa: ANN002, ANN003, ANN202
                self.calls[_name] += 1
                return _original(*a, **k)

            monkeypatch.setattr(obj, attr, counted)

        def count(conn, cursor, statement, *args):  # noqa: ANN001, ANN002, ANN202
            if statement.lstrip().upper().startswith("SELECT"):
                self.selects += 1

        event.listen(db.engine, "before_cursor_execute", count)
        self._off = lambda: event.remove(db.engine, "before_cursor_execute", count)

    def reset(self) -> None:
        self.calls.clear()
        self.selects = 0


@pytest.fixture
def window(make_window, demo_db, qtbot, monkeypatch):  # noqa: ANN001, ANN201
    win = make_window(demo_db, clock=ManualClock(NOW))
    target = next(s for s in win.service.list(status="open") if s.level and s.lat is not None)
    win.select(target.id)
    spy = Spy(win, demo_db, monkeypatch)
    yield win, target.id, spy
    spy._off()


def test_a_duty_note_does_not_redraw_the_map_the_list_or_the_plan_state(window, qtbot) -> None:  # noqa: ANN001
    win, iid, spy = window
    a = assemble(win, win.console, live=False)
    spy.reset()
    a.duty.set_incident(iid)
    spy.reset()
    a.duty.note_text.setPlainText("现场已封存剩余食品")
    a.duty.add_note()
    assert a.duty.entries.rowCount() >= 1 and "现场已封存剩余食品" in a.duty.entries.item(0, 5).text()
    assert spy.calls["list"] == spy.calls["detail"] == spy.calls["marker"] == spy.calls["area"] == 0


def test_a_plan_step_redraws_the_list_detail_and_marker_once(window, qtbot) -> None:  # noqa: ANN001
    win, iid, spy = window
    buttons = [b for b in win.detail.action_buttons if b.isEnabled()]
    assert buttons, "the selected incident offers a plan event"
    spy.reset()
    buttons[0].click()
    assert win.detail.message.isVisible() and "已执行" in win.detail.message.text()
    assert spy.calls["list"] == 1 and spy.calls["detail"] == 1 and spy.calls["area"] == 0
    assert spy.calls["marker"] <= 1  # only when what the marker shows (level, overdue…) changed
    # the command and the views together: a handful of reads, not a re-read of every incident
    assert spy.selects <= 12, spy.selects


def test_another_consoles_events_reach_the_views_through_the_same_bus(window, qtbot) -> None:  # noqa: ANN001
    win, iid, spy = window
    from console.app import Console

    other = Console(win.console.db, ManualClock(NOW))  # another seat on the same database
    result = other.incidents.command(iid, "note", {"text": "另一席位的记录"}, actor="李值班", role="duty_officer")
    got = []
    win.bus.sig_changed.connect(got.append)
    changes = win.bus.remote(result.events)
    assert changes.origin == REMOTE and changes.touches(Topic.DUTY, incident=iid) and got == [changes]
    # events this console wrote itself come back through the feed too: they are not announced twice
    mine = win.service.command(iid, "note", {"text": "本席位的记录"}, actor="王值班", role="duty_officer")
    win.bus.flush()
    got.clear()
    assert not win.bus.remote(mine.events) and got == []


def test_remote_state_change_redraws_the_selected_incident(window, qtbot) -> None:  # noqa: ANN001
    win, iid, spy = window
    from console.app import Console

    other = Console(win.console.db, ManualClock(NOW))
    allowed = [b.property("event") for b in win.detail.action_buttons if b.isEnabled()]
    result = other.incidents.command(iid, "fire", {"event": allowed[0]}, actor="李指挥", role="commander")
    spy.reset()
    win.bus.remote(result.events)
    assert spy.calls["detail"] == 1 and spy.calls["list"] == 1
    assert win.detail.state is not None and win.detail.state.version == result.version
