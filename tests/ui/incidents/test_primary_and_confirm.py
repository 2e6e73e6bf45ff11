"""Ctrl+Enter fires the plan's next step only, never a dismissal, de-escalation or termination;
those, and anything that closes the incident, ask first and say what will happen."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6.QtWebEngineWidgets")

from PySide6.QtGui import QAction  # noqa: E402

pytestmark = pytest.mark.gui


def _at(win, leaf: str) -> str:
    return next(s.id for s in win.service.list(status="open") if s.leaf == leaf)


def _asked(win, reply: bool) -> list[tuple[str, str]]:
    asked: list[tuple[str, str]] = []

    def confirm(title: str, text: str) -> bool:
        asked.append((title, text))
        return reply

    win.detail.confirm = confirm
    return asked


def test_ctrl_enter_after_verification_does_not_dismiss_the_incident(make_window, demo_db):
    win = make_window(demo_db, map_enabled=False)
    iid = _at(win, "verifying")
    win.select(iid)
    asked = _asked(win, True)
    fire = win.findChild(QAction, "actFire")
    win.incidents.setFocus()
    fire.trigger()  # 核实确认: the plan's next step
    assert win.service.state(iid).leaf == "assessing"
    # now only 排除 is allowed (启动响应 waits for a level): Ctrl+Enter must not pick it
    dismiss = next(b for b in win.detail.action_buttons if b.property("event") == "dismiss")
    assert dismiss.isEnabled() and not dismiss.isDefault()
    assert not any(b.isDefault() for b in win.detail.action_buttons)
    version = win.service.summary(iid).version
    fire.trigger()
    fire.trigger()
    assert win.service.summary(iid).version == version and not win.service.state(iid).closed
    assert asked == []  # and nothing was even offered


def test_dismissing_asks_first_naming_what_happens_and_cancel_writes_nothing(make_window, demo_db):
    win = make_window(demo_db, map_enabled=False)
    iid = _at(win, "verifying")
    win.select(iid)
    version = win.service.summary(iid).version
    asked = _asked(win, False)
    next(b for b in win.detail.action_buttons if b.property("event") == "dismiss").click()
    assert win.service.summary(iid).version == version  # declined: nothing written
    (title, text), = asked
    assert "排除" in title and "不再按本预案处置" in text and "结案后不能再更改" in text
    assert "已取消" in win.detail.message.text()
    asked = _asked(win, True)
    next(b for b in win.detail.action_buttons if b.property("event") == "dismiss").click()
    assert win.service.state(iid).closed and len(asked) == 1


def test_in_the_response_no_proposal_is_primary_and_de_escalation_asks(make_window, demo_db):
    win = make_window(demo_db, map_enabled=False)
    iid = _at(win, "disposal")
    win.select(iid)
    assert not any(b.isDefault() for b in win.detail.action_buttons)
    asked = _asked(win, False)
    assert win.detail.fire("propose_deescalation") is False
    assert asked and "「提请降低级别」" in asked[0][1]
    # a proposal says it is one: it does not claim the level will be lowered
    assert "这是提请，转入评估；响应本身尚未改变" in asked[0][1] and "将降低" not in asked[0][1]
    assert win.detail.fire("propose_escalation") is True  # not dangerous: no question
    assert len(asked) == 1


def test_decide_level_is_offered_only_to_the_roles_the_plan_lets_decide(make_window, demo_db):
    duty = make_window(demo_db, map_enabled=False, role="duty_officer")
    duty.select(_at(duty, "assessing"))
    assert not duty.detail.decide_button.isEnabled()
    assert duty.detail.decide_button.toolTip() == "只有指挥长可以认定级别"
    commander = make_window(demo_db, map_enabled=False, role="commander")
    commander.select(_at(commander, "assessing"))
    assert commander.detail.decide_button.isEnabled() and commander.detail.decide_button.toolTip() == ""


def test_the_menu_s_decide_level_says_who_may_instead_of_opening_the_form(make_window, demo_db):
    duty = make_window(demo_db, map_enabled=False, role="duty_officer")
    duty.select(_at(duty, "assessing"))
    told: list[str] = []
    duty.notify = told.append
    assert duty.open_level_dialog() is None and told == ["只有指挥长可以认定级别"]
