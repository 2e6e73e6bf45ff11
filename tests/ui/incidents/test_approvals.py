"""Approvals and time windows in the incident's overview (plan format 2), real widgets on a real
SQLite file: the window counts 「已稳定 18 小时 / 需 24 小时」 beside the next steps, says which window
a refused step waits for, and records 批准 (文号) / 不批准 (理由) through the dialog."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from console.app import Console
from console.clock import CHINA_TZ, ManualClock
from console.store.db import open_database
from ui.incidents.approvals import ApprovalDialog
from ui.incidents.panels import IncidentDetail

PLAN = Path(__file__).resolve().parents[2] / "plan" / "fixtures" / "approvals.yaml"
T0 = datetime(2026, 11, 22, 9, 0, tzinfo=CHINA_TZ)
H = timedelta(hours=1)


@pytest.fixture
def setup(tmp_path, qtbot):  # noqa: ANN001
    db = open_database(f"sqlite:///{tmp_path / 'c.sqlite3'}")
    clock = ManualClock(T0)
    console = Console(db, clock)
    iid = console.incidents.open(PLAN, title="学校食堂聚集性腹泻", actor="王值班", role="duty_officer",
                                 facts={"cases": 4}).incident_id
    console.incidents.command(iid, "fire", {"event": "respond"}, actor="李指挥", role="commander")
    detail = IncidentDetail(console, "commander", "李指挥")
    qtbot.addWidget(detail)
    detail.show_incident(iid)
    yield detail, console, clock, iid
    db.close()


def _button(detail: IncidentDetail, event: str):  # noqa: ANN202
    return next(b for b in detail.action_buttons if b.property("event") == event)


def test_windows_count_and_open_the_next_step(setup) -> None:  # noqa: ANN001
    detail, console, clock, iid = setup
    box = detail.approvals
    assert not box.isHidden() and not box.rows  # windows, no approval yet
    clock.advance(18 * H)
    detail.update_countdowns()
    line = box.findChild(type(box.window_labels[0]), "window_request_end")
    assert line.text() == "提请终止响应：最后发病时间 已过 18 小时 / 需 24 小时（未满足）"
    request_end = _button(detail, "request_end")
    assert not request_end.isEnabled()
    assert "时间窗口未满足：最后发病时间 已过 18 小时 / 需 24 小时" in request_end.toolTip()
    # fired anyway (a shortcut): the message names the window, nothing is written
    version = console.incidents.summary(iid).version
    assert detail.fire("request_end") is False
    assert "时间窗口未满足：最后发病时间 已过 18 小时 / 需 24 小时" in detail.message.text()
    assert console.incidents.summary(iid).version == version
    # a new case restarts the window; six hours later it is still not met
    console.incidents.command(iid, "facts", {"facts": {"cases": 5}}, actor="王值班", role="duty_officer")
    detail.refresh()
    clock.advance(23 * H)
    detail.update_countdowns()
    assert "已过 23 小时 / 需 24 小时（未满足）" in box.window_labels[0].text()
    clock.advance(H)
    detail.update_countdowns()  # the window opens with no event at all: the button follows
    assert box.window_labels[0].text().endswith("（已满足）")
    assert _button(detail, "request_end").isEnabled()
    assert detail.fire("request_end")
    assert console.incidents.state(iid).leaf == "ending"


def test_approve_and_refuse_through_the_dialog(setup, qtbot) -> None:  # noqa: ANN001
    detail, console, clock, iid = setup
    clock.advance(25 * H)
    detail.refresh()
    assert detail.fire("request_end")
    box = detail.approvals
    status = box.rows["terminate_gov"]["status"]
    assert status.text() == "待市人民政府批复（11-23 10:00 报请，时限 11-23 22:00）　12:00:00"  # 12 hours to answer
    assert not _button(detail, "terminate").isEnabled()

    # the dialog: OK only once the reason (不批准) or the document number (批准) is there
    dlg = ApprovalDialog("终止应急响应报同级人民政府批准", "市人民政府", False)
    qtbot.addWidget(dlg)
    ok = dlg.buttons.button(dlg.buttons.StandardButton.Ok)
    assert not ok.isEnabled()
    dlg.reason.setText("仍有疑似病例待排除")
    assert ok.isEnabled()
    assert dlg.values() == {"granted": False, "by": "市人民政府", "reason": "仍有疑似病例待排除"}

    detail.ask_approval = lambda title, body, granted: (  # type: ignore[method-assign]
        {"granted": False, "by": body, "reason": "仍有疑似病例待排除"})
    box.rows["terminate_gov"]["refuse"].click()
    rec = console.incidents.state(iid).approvals["terminate_gov"]
    assert rec["status"] == "refused" and rec["reason"] == "仍有疑似病例待排除"
    assert "已登记：市人民政府不批准「终止应急响应报同级人民政府批准」" in detail.message.text()
    assert box.rows["terminate_gov"]["status"].text().startswith("市人民政府不予批准（理由：仍有疑似病例待排除")
    assert "grant" not in box.rows["terminate_gov"]  # decided: no buttons until it is asked again

    assert detail.fire("request_end")  # round 2
    detail.ask_approval = lambda title, body, granted: (  # type: ignore[method-assign]
        {"granted": True, "by": body, "doc_no": "濮政文〔2026〕12号"})
    box.rows["terminate_gov"]["grant"].click()
    assert console.incidents.state(iid).approvals["terminate_gov"]["doc_no"] == "濮政文〔2026〕12号"
    assert _button(detail, "terminate").isEnabled()


def test_only_the_roles_that_record_answers_get_buttons(setup, qtbot) -> None:  # noqa: ANN001
    detail, console, clock, iid = setup
    clock.advance(25 * H)
    console.incidents.command(iid, "fire", {"event": "request_end"}, actor="李指挥", role="commander")
    deputy = IncidentDetail(console, "deputy", "副指挥")
    qtbot.addWidget(deputy)
    deputy.show_incident(iid)
    grant = deputy.approvals.rows["terminate_gov"]["grant"]
    assert not grant.isEnabled() and grant.toolTip() == "只有指挥长、值班员可以登记批复"


def test_a_window_another_condition_makes_unnecessary_is_grey_and_not_waited_for(tmp_path, qtbot):  # noqa: ANN001
    """The shipped municipal plan: a poisoning that is not infectious waits for no longest incubation."""
    plan = Path(__file__).resolve().parents[3] / "plans" / "food-municipal.yaml"
    db = open_database(f"sqlite:///{tmp_path / 'm.sqlite3'}")
    try:
        clock = ManualClock(T0)
        console = Console(db, clock)
        svc = console.incidents
        iid = svc.open(plan, title="单位食堂午餐后腹泻", actor="王值班", role="duty_officer",
                       facts={"cases": 40, "setting": "canteen"}).incident_id
        for ev in ("dispatch", "verified"):
            svc.command(iid, "fire", {"event": ev}, actor="王值班", role="duty_officer")
        svc.command(iid, "consult_concluded", {"question": "grade", "outcome": "approve", "level": "IV"},
                    actor="李指挥", role="commander")
        svc.command(iid, "decide_level", {"level": "IV", "reason": "专家核定", "basis": "专家核定"},
                    actor="李指挥", role="commander")
        svc.command(iid, "fire", {"event": "respond"}, actor="李指挥", role="commander")
        svc.command(iid, "fire", {"event": "propose_termination"}, actor="李指挥", role="commander")
        svc.command(iid, "facts", {"facts": {"infectious": False, "stable_since": (T0 - 30 * H).isoformat()}},
                    actor="王值班", role="duty_officer")
        detail = IncidentDetail(console, "commander", "李指挥")
        qtbot.addWidget(detail)
        detail.show_incident(iid)
        box = detail.approvals
        texts = {lbl.text(): lbl.styleSheet() for lbl in box.window_labels}
        waived = [t for t in texts if "最长潜伏期" in t]
        assert waived and all(t.endswith("（无需等待：另一条件已满足）") and "#7f8c8d" in texts[t] for t in waived)
        assert "最长潜伏期" not in (box.unmet_text("request_termination") or "")
    finally:
        db.close()
