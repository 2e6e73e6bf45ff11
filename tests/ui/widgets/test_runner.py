"""The window's commands run off the GUI thread: a slow command leaves the event loop running,
typed text stays where it was typed, a second command waits in the queue behind the first, and
both results are applied in order; the busy indicator appears only for a command over 200 ms."""

from __future__ import annotations

import threading

import pytest

pytest.importorskip("PySide6.QtWebEngineWidgets")

from PySide6.QtCore import Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QLineEdit  # noqa: E402

pytestmark = pytest.mark.gui


def _gate(service):
    """Hold every command of ``service`` until the returned event is set (and count the threads)."""
    gate = threading.Event()
    threads: list[str] = []
    original = service.command

    def slow(*args, **kwargs):
        threads.append(threading.current_thread().name)
        assert gate.wait(30), "the test never released the command"
        return original(*args, **kwargs)

    service.command = slow
    return gate, threads


def _ticking(qtbot):
    ticks = [0]
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.__setitem__(0, ticks[0] + 1))
    timer.start(10)
    return timer, ticks


def test_a_slow_command_keeps_the_window_live_and_a_second_one_queues(make_window, demo_db, qtbot,
                                                                      background_commands):
    win = make_window(demo_db, map_enabled=False)
    qtbot.waitUntil(win.runner.idle, timeout=10000)  # the deadline tick at start, on the queue too
    iid = next(s.id for s in win.service.list(status="open") if s.leaf == "verifying")
    win.select(iid)
    detail = win.detail
    version = win.service.summary(iid).version
    gate, threads = _gate(win.service)
    timer, ticks = _ticking(qtbot)
    try:
        form = detail.facts_form
        form.set_text("cases", "12")
        assert detail.save_facts() is True  # queued: the call returns at once
        assert win.runner.pending == 1
        # the event loop runs while the command waits on the worker thread
        qtbot.waitUntil(lambda: ticks[0] >= 5, timeout=5000)
        assert win.service.summary(iid).version == version  # nothing written yet
        # the busy indicator: shown once the command has taken longer than 200 ms
        qtbot.waitUntil(lambda: win.busy.isVisible(), timeout=5000)
        assert win.busy.text().startswith("正在保存事实")
        assert QApplication.overrideCursor() is not None
        assert QApplication.overrideCursor().shape() == Qt.CursorShape.BusyCursor
        # the duty officer goes on: a plan step is queued behind the save, not dropped
        detail.tabs.setCurrentIndex(0)
        verified = next(b for b in detail.action_buttons if b.property("event") == "verified")
        qtbot.mouseClick(verified, Qt.MouseButton.LeftButton)
        assert win.runner.pending == 2
        assert "另有 1 项排队" in win.runner.busy_text()
        # and types into another fact while both wait: the text lands there and stays
        detail.tabs.setCurrentIndex(1)
        hospital = form.fields["hospitalized"]
        assert isinstance(hospital, QLineEdit)
        hospital.setFocus()
        qtbot.keyClicks(hospital, "3")
        gate.set()
        qtbot.waitUntil(win.runner.idle, timeout=10000)
    finally:
        gate.set()
        timer.stop()
    state = win.service.state(iid)
    assert state.facts["cases"] == 12 and "hospitalized" not in state.facts
    assert state.leaf == "assessing"  # the queued 核实确认 ran after the save, not refused as stale
    assert all(t.startswith("console-command") for t in threads) and len(threads) == 2
    # the form shows the saved fact and keeps the unsaved typing, in its own field
    assert form is detail.facts_form
    assert form.fields["cases"].text() == "12"
    assert hospital.text() == "3" and "hospitalized" in form.dirty
    # every field the officer can type into shows the saved value, the typing, or nothing; a fact the engine
    # sets (末例患者出现时间, stamped when 发病人数 changes: a hidden row) holds the stamp it recorded
    facts = win.service.plan_for(iid).facts
    typed = {n: w.text() for n, w in form.fields.items() if isinstance(w, QLineEdit) and facts[n].input}
    assert all(t in ("", "12", "3") for t in typed.values()), typed
    stamped = {n: w.text() for n, w in form.fields.items() if not facts[n].input}
    assert stamped == {n: str(state.facts[n]) for n in stamped} and all(stamped.values()), stamped
    assert form.fields["deaths"].text() == ""
    assert detail.facts_notice.isHidden()  # its own save is not "changed at another seat"
    assert "已执行：核实确认" in detail.message.text()
    assert not win.busy.isVisible() and QApplication.overrideCursor() is None


def test_a_quick_command_shows_no_busy_indicator(make_window, demo_db, qtbot, background_commands):
    win = make_window(demo_db, map_enabled=False)
    qtbot.waitUntil(win.runner.idle, timeout=10000)  # the deadline tick at start, on the queue too
    iid = next(s.id for s in win.service.list(status="open") if s.leaf == "assessing")
    win.select(iid)
    shown: list[str] = []
    win.runner.sig_busy.connect(shown.append)
    gate, _threads = _gate(win.service)
    gate.set()  # not held: the command takes a few milliseconds
    win.detail.facts_form.set_text("cases", "7")
    win.detail.save_facts()
    qtbot.waitUntil(win.runner.idle, timeout=10000)
    assert win.service.state(iid).facts["cases"] == 7
    assert [t for t in shown if t] == [] and not win.busy.isVisible()


def test_a_refusal_from_the_worker_is_shown_not_raised(make_window, demo_db, qtbot, background_commands):
    win = make_window(demo_db, map_enabled=False)
    qtbot.waitUntil(win.runner.idle, timeout=10000)  # the deadline tick at start, on the queue too
    iid = next(s.id for s in win.service.list(status="open") if s.leaf == "assessing")
    win.select(iid)
    version = win.service.summary(iid).version
    win.detail.run("facts", {"facts": {"cases": 2_000_000}})
    qtbot.waitUntil(win.runner.idle, timeout=10000)
    assert win.service.summary(iid).version == version
    assert "不能大于 1,000,000" in win.detail.message.text()


def test_each_view_redraws_in_its_own_turn_of_the_event_loop(make_window, demo_db, qtbot, background_commands):
    import time

    from PySide6.QtCore import QCoreApplication, QEvent

    win = make_window(demo_db, map_enabled=False)
    qtbot.waitUntil(win.runner.idle, timeout=10000)
    assert win.bus.one_view_per_turn
    iid = next(s.id for s in win.service.list(status="open") if s.leaf == "assessing")
    win.select(iid)
    calls: list[str] = []
    win.bus.sig_changed.connect(lambda c: calls.append("first"))
    win.bus.sig_changed.connect(lambda c: calls.append("second"))
    version = win.service.summary(iid).version
    svc = win.service
    win.runner.run("保存事实", lambda: svc.command(iid, "facts", {"facts": {"cases": 9}}, actor="甲",
                                                  role="duty_officer"))
    deadline = time.monotonic() + 10
    while win.service.summary(iid).version == version and time.monotonic() < deadline:
        time.sleep(0.01)  # the worker commits; no event processed meanwhile
    QCoreApplication.sendPostedEvents(win.bus, QEvent.Type.MetaCall)  # the change set arrives
    views = win.bus.pending
    assert views >= 4 and calls == []  # list, detail, and the two above: each waits for its turn
    qtbot.waitUntil(lambda: win.bus.pending == 0, timeout=5000)
    assert calls == ["first", "second"]
    assert "9" in [w.text() for w in win.detail.facts_form.fields.values() if hasattr(w, "text")]
    qtbot.waitUntil(win.runner.idle, timeout=10000)


def test_flush_delivers_every_view_at_once(make_window, demo_db, qtbot, background_commands):
    win = make_window(demo_db, map_enabled=False)
    qtbot.waitUntil(win.runner.idle, timeout=10000)
    iid = next(s.id for s in win.service.list(status="open") if s.leaf == "assessing")
    win.select(iid)
    calls: list[str] = []
    win.bus.sig_changed.connect(lambda c: calls.append("view"))
    svc = win.service
    done: list[bool] = []
    win.runner.run("保存事实", lambda: svc.command(iid, "facts", {"facts": {"cases": 6}}, actor="甲",
                                                  role="duty_officer"), success=lambda r: done.append(True))
    qtbot.waitUntil(lambda: bool(done), timeout=10000)
    win.bus.flush()
    assert win.bus.pending == 0 and calls == ["view"]
    assert win.detail.state.facts["cases"] == 6
