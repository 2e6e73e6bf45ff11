"""Every role × command of the shipped plans, checked against the permissions, through the
real incident service: what the role layer and the plan allow is exactly what gets written."""

from __future__ import annotations

from pathlib import Path

import pytest

from console.auth.roles import ROLE_TITLES, check_action, may_command
from console.clock import ManualClock
from console.incidents import IncidentService
from console.plan.engine import Rejected, available_events
from console.plan.loader import load_plan
from tests.incidents.conftest import T0

ROOT = Path(__file__).resolve().parents[2]
PLANS = sorted((ROOT / "plans").glob("*.yaml"))
OPENERS = {"commander", "deputy", "duty_officer"}


@pytest.mark.parametrize("path", PLANS, ids=[p.stem for p in PLANS])
def test_every_role_and_plan_event_pair(path, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from console.store import open_database

    plan = load_plan(path)
    db = open_database(f"sqlite:///{tmp_path / 'p.sqlite3'}")
    svc = IncidentService(db, ManualClock(T0))
    facts = {f: 1 for f, d in plan.facts.items() if d.type == "int" and d.required}
    for role in ROLE_TITLES:
        if role in OPENERS:
            svc.open(path, title=f"{ROLE_TITLES[role]}接报", actor=role, role=role, facts=facts)
        else:
            with pytest.raises(Rejected):
                svc.open(path, title="不应接报", actor=role, role=role, facts=facts)
    iid = svc.list()[0].id
    state = svc.state(iid)
    checked = 0
    for role in ROLE_TITLES:
        offered = {a["event"]: a for a in available_events(plan, state, role)}
        for event in plan.events:
            expected = may_command(role, "fire") and event in offered and offered[event]["allowed"]
            before = svc.summary(iid).version
            try:
                # a fresh incident per allowed pair, so one firing does not change the next
                target = svc.open(path, title="权限检查", actor="值班员", role="duty_officer",
                                  facts=facts).incident_id \
                    if expected else iid
                svc.command(target, "fire", {"event": event}, actor=role, role=role)
                fired = True
            except Rejected:
                fired = False
            assert fired == expected, (role, event)
            if not expected:
                assert svc.summary(iid).version == before  # a refusal writes nothing
            checked += 1
    assert checked == len(ROLE_TITLES) * len(plan.events)
    db.close()


@pytest.mark.parametrize("role", sorted(ROLE_TITLES))
def test_observer_and_admin_never_change_an_incident(role, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from console.store import open_database

    db = open_database(f"sqlite:///{tmp_path / 'o.sqlite3'}")
    svc = IncidentService(db, ManualClock(T0))
    iid = svc.open(ROOT / "plans" / "food-municipal.yaml", title="观察测试", actor="值班员", role="duty_officer",
                   facts={}).incident_id
    for type_, data in [("note", {"text": "记录"}), ("facts", {"facts": {"cases": 3}}),
                        ("log.inject", {"text": "注入"})]:
        try:
            svc.command(iid, type_, data, actor=role, role=role)
            ok = True
        except Rejected as exc:
            ok = False
            assert "角色" in exc.reason or "观察员" in exc.reason, exc.reason
        assert ok == may_command(role, type_)
        if role in ("observer", "admin"):
            assert not ok
    db.close()


def test_actions_by_role() -> None:
    check_action("commander", "reserves.dispatch")
    check_action("duty_officer", "reserves.dispatch")
    with pytest.raises(Rejected, match="无权审批应急物资调拨"):
        check_action("group_staff", "reserves.dispatch")
    with pytest.raises(Rejected, match="需要：管理员"):
        check_action("commander", "users.manage")
    for action in ("reserves.manage", "reserves.dispatch", "reports.submit", "plans.edit", "users.manage"):
        with pytest.raises(Rejected):
            check_action("observer", action)
