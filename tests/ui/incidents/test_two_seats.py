"""Two seats on one incident: a command carries the version on screen, and unsaved facts
survive a change made at the other seat.

The other seat is a second :class:`Console` on the same database file; its events reach this
window the way live sync delivers them (``ChangeBus.remote``).
"""

from __future__ import annotations

from datetime import timedelta

import pytest

pytest.importorskip("PySide6.QtWebEngineWidgets")

from console.app import Console  # noqa: E402
from console.clock import ManualClock  # noqa: E402
from console.store.db import open_database  # noqa: E402
from ui.bus import bus_for  # noqa: E402

pytestmark = pytest.mark.gui


@pytest.fixture
def seats(make_window, demo_db):
    win = make_window(demo_db, map_enabled=False)
    other_db = open_database(str(demo_db.url))
    other = Console(other_db, ManualClock(win.service.clock.now()))
    yield win, other
    other_db.close()


def _deliver(win, other, incident_id: str, after_version: int) -> None:
    """What live sync does: the other seat's new events announced on this window's bus."""
    events = list(other.log.read(incident_id, after_version=after_version))
    bus_for(win.console).remote(events)


def _verifying(win) -> str:
    return next(s.id for s in win.service.list(status="open") if s.leaf == "verifying")


def test_a_click_on_a_state_changed_elsewhere_is_refused_naming_who_and_what(seats):
    win, other = seats
    iid = _verifying(win)
    win.select(iid)
    shown = win.detail.state.version
    confirm = next(b for b in win.detail.action_buttons if b.property("event") == "verified")
    # the other seat dismisses the incident 0.1 s before this seat's click arrives
    other.incidents.command(iid, "fire", {"event": "dismiss"}, actor="李四", role="commander")
    confirm.click()
    s = win.service.state(iid)
    # the click wrote nothing: only the other seat's 排除 and its end_tasks record (open tasks 不再需要)
    assert s.closed and win.service.summary(iid).version == shown + 2
    text = win.detail.message.text()
    assert text.startswith("未执行") and "李四" in text and "排除" in text
    assert "已结案" in win.detail.state_label.text()  # the view shows the new state
    assert not any(b.isEnabled() for b in win.detail.action_buttons)


def test_the_timers_missed_deadline_records_do_not_make_a_view_stale(seats):
    win, other = seats
    iid = _verifying(win)
    win.select(iid)
    shown = win.detail.state.version
    # the other seat's timer records missed deadlines, nothing a person decided
    other.clock.advance(timedelta(hours=6))
    win.service.clock.advance(timedelta(hours=6))
    assert other.incidents.tick(iid) is not None
    assert win.service.summary(iid).version > shown
    assert win.detail.fire("verified") is True
    assert win.service.state(iid).leaf == "assessing"


def test_unsaved_facts_are_kept_over_a_change_from_the_other_seat(seats, qtbot):
    win, other = seats
    iid = _verifying(win)
    win.select(iid)
    before = win.detail.state.version
    form = win.detail.facts_form
    form.set_text("cases", "57")  # typed, not saved yet
    other.incidents.command(iid, "facts", {"facts": {"hospitalized": 5}}, actor="李四", role="duty_officer")
    _deliver(win, other, iid, before)
    qtbot.waitUntil(lambda: win.detail.state.version == before + 1, timeout=3000)
    assert form.fields["cases"].text() == "57"  # the user's input is still there
    assert form.fields["hospitalized"].text() == "5"  # the untouched field took the new value
    notice = win.detail.facts_notice
    assert not notice.isHidden() and "李四" in notice.text() and "住院" in notice.text()
    assert not win.detail.discard_facts_button.isHidden()
    # saving keeps both: the user's edit and the other seat's value
    assert win.detail.save_facts() is True
    s = win.service.state(iid)
    assert s.facts["cases"] == 57 and s.facts["hospitalized"] == 5
    assert notice.isHidden() and form.dirty == set()


def test_discarding_takes_the_other_seats_values(seats, qtbot):
    win, other = seats
    iid = _verifying(win)
    win.select(iid)
    before = win.detail.state.version
    stored_cases = win.detail.state.facts.get("cases")
    form = win.detail.facts_form
    form.set_text("cases", "58")
    other.incidents.command(iid, "facts", {"facts": {"hospitalized": 4}}, actor="李四", role="duty_officer")
    _deliver(win, other, iid, before)
    qtbot.waitUntil(lambda: not win.detail.facts_notice.isHidden(), timeout=3000)
    win.detail.discard_facts_button.click()
    assert form.fields["cases"].text() == ("" if stored_cases is None else str(stored_cases))
    assert form.fields["hospitalized"].text() == "4" and form.dirty == set()
    assert win.detail.facts_notice.isHidden()


def test_a_change_elsewhere_refreshes_an_untouched_form_silently(seats, qtbot):
    win, other = seats
    iid = _verifying(win)
    win.select(iid)
    before = win.detail.state.version
    other.incidents.command(iid, "facts", {"facts": {"hospitalized": 6}}, actor="李四", role="duty_officer")
    _deliver(win, other, iid, before)
    qtbot.waitUntil(lambda: win.detail.facts_form.fields["hospitalized"].text() == "6", timeout=3000)
    assert win.detail.facts_notice.isHidden()

