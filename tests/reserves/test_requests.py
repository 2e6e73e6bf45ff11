"""Requests (from a plan effect and from people) → proposal → approve / edit / reject."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from console.incidents import IncidentService
from console.reserves.ledger import Ledger, LedgerError
from console.reserves.readiness import depots_for_map, ledger_alerts, readiness
from console.reserves.requests import ProposalLine, Requests
from tests.reserves.conftest import MUNICIPAL, TODAY

# 范县 county town: nearer to 范县 store than to the city centre
SCENE = (35.8600, 115.4900)


def _responding(db, clock) -> tuple[IncidentService, str, list[dict]]:
    svc = IncidentService(db, clock)
    r = svc.open(MUNICIPAL, title="范县集市散装白酒疑似甲醇中毒", actor="值班员", role="duty_officer",
                 facts={"cases": 5, "deaths": 1}, lat=SCENE[0], lon=SCENE[1], place="范县城关镇")
    iid = r.incident_id
    effects: list[dict] = []
    for type_, data, role in [
        ("fire", {"event": "dispatch"}, "duty_officer"), ("fire", {"event": "verified"}, "duty_officer"),
        ("consult_concluded", {"question": "grade", "outcome": "approve", "level": "III"}, "commander"),
        ("decide_level", {"level": "III", "reason": "出现死亡病例", "basis": "专家核定"}, "commander"),
        ("fire", {"event": "respond"}, "commander"),
    ]:
        clock.advance(timedelta(minutes=5))
        effects += svc.command(iid, type_, data, actor="指挥长", role=role).effects
    return svc, iid, effects


def mat_ref(effects: list[dict]) -> str:
    return next(e["id"] for e in effects if e["kind"] == "materials")


def _stock(ledger: Ledger) -> None:
    far, near = "PY-SJ", "FX-XJ"
    ledger.receive(far, "FH-001", "P-A", 500, actor="a", expiry=date(2028, 1, 1))
    ledger.receive(near, "FH-001", "P-B", 40, actor="a", expiry=date(2027, 3, 1))
    ledger.receive(near, "FH-001", "P-C", 40, actor="a", expiry=date(2026, 12, 10))
    ledger.receive(far, "KJ-004", "K-1", 5, actor="a", expiry=TODAY + timedelta(days=100))


def test_plan_effect_becomes_a_request_once(db, clock, ledger: Ledger) -> None:
    svc, iid, effects = _responding(db, clock)
    reqs = Requests(ledger, svc)
    [mat] = [e for e in effects if e["kind"] == "materials"]
    made = reqs.from_effects(iid, effects)
    assert [r.id for r in made] == ["WZ-20261122-001"] and made[0].plan_ref == mat["id"]
    assert reqs.sync_incident(iid)[0].id == made[0].id  # same effect read from the state: no duplicate
    assert len(reqs.list()) == 1
    r = made[0]
    assert dict(r.items)["FH-001"] == 100  # level III quantity of the plan
    assert (r.lat, r.lon, r.place) == (SCENE[0], SCENE[1], "范县城关镇")
    assert r.status == "pending" and r.created_by == "预案自动生成"


def test_proposal_prefers_the_near_depot_and_states_shortfalls(db, clock, ledger: Ledger) -> None:
    svc, iid, effects = _responding(db, clock)
    _stock(ledger)
    reqs = Requests(ledger, svc)
    [r] = reqs.from_effects(iid, effects)
    p = reqs.propose(r.id)
    fh = [ln for ln in p.lines if ln.item == "FH-001"]
    assert [(ln.depot, ln.qty) for ln in fh] == [("FX-XJ", 80), ("PY-SJ", 20)]
    near = fh[0]
    assert near.lots == (("P-C", 40), ("P-B", 40))  # first-expiring first
    assert near.minutes < fh[1].minutes
    # KJ-004 wanted 20, only 5 anywhere: the shortfall is said plainly
    assert any("KJ-004" in s and "缺口 15 盒" in s for s in p.shortfalls)
    assert any("CY-001" in s and "缺口 5" in s for s in p.shortfalls)  # none in stock at all


def test_approval_issues_movements_with_the_incident_and_logs_an_event(db, clock, ledger: Ledger) -> None:
    svc, iid, effects = _responding(db, clock)
    _stock(ledger)
    reqs = Requests(ledger, svc)
    [r] = reqs.from_effects(iid, effects)
    version = svc.summary(iid).version
    p = reqs.approve(r.id, actor="值班员张三", role="duty_officer")
    moves = ledger.movements(incident_id=iid)
    assert sum(-m.qty for m in moves if m.item == "FH-001") == 100
    assert {m.actor for m in moves} == {"值班员张三"} and {m.request_id for m in moves} == {r.id}
    assert all(m.kind == "issue" for m in moves)
    last = svc.timeline(iid)[-1]
    assert last.type == "log.materials_dispatched" and last.version == version + 1
    assert last.payload["data"]["request"] == r.id and last.payload["data"]["plan_ref"] == mat_ref(effects)
    routes = reqs.routes(incident_id=iid)
    assert {rt["id"] for rt in routes} == {f"{r.id}:FX-XJ", f"{r.id}:PY-SJ"}
    assert all(len(rt["path"]) >= 2 and rt["eta_min"] > 0 for rt in routes)
    assert all("一次性防护服" in rt["detail"] and " 套" in rt["detail"] for rt in routes)
    assert routes == p.routes()
    assert reqs.get(r.id).status == "approved"
    with pytest.raises(LedgerError, match="已批准（值班员张三），不能再次审批"):
        reqs.approve(r.id, actor="另一人")
    assert ledger.verify() == []


def test_approval_that_cannot_be_issued_writes_nothing(db, clock, ledger: Ledger) -> None:
    svc, iid, effects = _responding(db, clock)
    _stock(ledger)
    reqs = Requests(ledger, svc)
    [r] = reqs.from_effects(iid, effects)
    p = reqs.propose(r.id)
    ledger.issue("FX-XJ", "FH-001", 70, actor="别处")  # stock moves after the proposal was made
    n_events = len(svc.timeline(iid))
    n_moves = len(ledger.movements())
    with pytest.raises(LedgerError, match="库存不足"):
        reqs.approve(r.id, actor="值班员", lines=p.lines)
    assert len(svc.timeline(iid)) == n_events and len(ledger.movements()) == n_moves
    assert reqs.get(r.id).status == "pending"


def test_edited_approval_and_rejection(db, clock, ledger: Ledger) -> None:
    _stock(ledger)
    reqs = Requests(ledger)
    r = reqs.create({"FH-001": 30}, title="学校食堂现场处置", actor="值班员", lat=SCENE[0], lon=SCENE[1], place="现场")
    with pytest.raises(LedgerError, match="超过申请数量"):
        reqs.approve(r.id, actor="值班员", lines=[ProposalLine("PY-SJ", "FH-001", 31)])
    with pytest.raises(LedgerError, match="不在本申请中"):
        reqs.approve(r.id, actor="值班员", lines=[ProposalLine("PY-SJ", "KJ-004", 1)])
    p = reqs.approve(r.id, actor="值班员", lines=[ProposalLine("PY-SJ", "FH-001", 25)])
    assert [(ln.depot, ln.qty) for ln in p.lines] == [("PY-SJ", 25)]
    assert p.lines[0].minutes and len(p.lines[0].path) >= 2
    assert any("缺口 5" in s for s in p.shortfalls)
    assert {b.lot: b.qty for b in ledger.balances(depot="PY-SJ", item="FH-001")} == {"P-A": 475}
    r2 = reqs.create([("KJ-004", 2)], title="补充", actor="值班员", lat=SCENE[0], lon=SCENE[1])
    with pytest.raises(LedgerError, match="原因"):
        reqs.reject(r2.id, actor="值班员", reason=" ")
    assert reqs.reject(r2.id, actor="值班员", reason="本地已有").status == "rejected"


def test_requests_refuse_bad_input(ledger: Ledger) -> None:
    reqs = Requests(ledger)
    with pytest.raises(LedgerError, match="不在物资目录中"):
        reqs.create({"XX-1": 1}, title="t", actor="a")
    with pytest.raises(LedgerError, match="申请数量必须大于 0"):
        reqs.create({"FH-001": -1}, title="t", actor="a")
    with pytest.raises(LedgerError, match="不在本辖区内"):
        reqs.create({"FH-001": 1}, title="t", actor="a", lat=34.75, lon=113.62)
    r = reqs.create({"FH-001": 1}, title="t", actor="a")
    with pytest.raises(LedgerError, match="没有送达地点坐标"):
        reqs.propose(r.id)


def test_alerts_readiness_and_map_rows(ledger: Ledger) -> None:
    ledger.receive("PY-SJ", "KJ-004", "OLD", 30, actor="a", expiry=TODAY - timedelta(days=2))
    ledger.receive("PY-SJ", "KJ-004", "SOON", 8, actor="a", expiry=TODAY + timedelta(days=10))
    ledger.receive("QF-XJ", "FH-001", "P", 500, actor="a", expiry=date(2029, 1, 1))
    ledger.set_minimum("QF-XJ", "CY-001", 10)
    alerts = ledger_alerts(ledger, within_days=30)
    kinds = {(a.kind.value, a.depot, a.item) for a in alerts}
    assert ("expired", "PY-SJ", "KJ-004") in kinds and ("expiring", "PY-SJ", "KJ-004") in kinds
    assert ("below_minimum", "PY-SJ", "KJ-004") in kinds  # 8 usable < 20
    assert ("below_minimum", "QF-XJ", "CY-001") in kinds  # configured minimum, none held
    assert all(a.message.startswith(("濮阳市", "清丰县")) for a in alerts)
    rd = readiness(ledger)
    by_depot = {d: v for d, _, v in rd.by_depot}
    assert by_depot["PY-SJ"] == pytest.approx(8 / 20) and by_depot["QF-XJ"] == pytest.approx(0.5)
    by_cat = {c: v for c, _, v in rd.by_category}
    assert by_cat["FH"] == 1.0 and by_cat["KJ"] == pytest.approx(0.4)
    rows = {d["id"]: d for d in depots_for_map(ledger)}
    assert rows["PY-SJ"]["stock"] == 8  # the expired lot is not counted
    fh = ledger.catalogue.get("FH-001")
    assert rows["QF-XJ"]["items"] == [{"name": fh.name, "qty": 500, "unit": fh.unit}]


def test_township_waypoints_shape_the_routes(ledger: Ledger) -> None:
    from console.reserves.demo import township_waypoints

    towns = township_waypoints("puyang")
    assert len(towns) > 50
    _stock(ledger)
    plain = Requests(ledger)
    r = plain.create({"FH-001": 100}, title="t", actor="a", lat=SCENE[0], lon=SCENE[1], place="现场")
    via = Requests(ledger, waypoints=towns).propose(r.id)
    direct = plain.propose(r.id)
    assert [(ln.depot, ln.qty) for ln in via.lines] == [(ln.depot, ln.qty) for ln in direct.lines]
    far = next(ln for ln in via.lines if ln.depot == "PY-SJ")
    town_points = {(w.lat, w.lon) for w in towns}
    assert any(p in town_points for p in far.path[1:-1])  # the city-centre route runs through townships


def test_a_loaded_road_network_is_used_for_routes(ledger: Ledger, tmp_path) -> None:
    import json

    # one slow road from the city centre east to the scene, with a bend through (35.80, 115.30)
    road = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"speed_kmh": 30},
         "geometry": {"type": "LineString",
                      "coordinates": [[115.0290, 35.7620], [115.30, 35.80], [SCENE[1], SCENE[0]]]}},
        {"type": "Feature", "properties": {"speed_kmh": 60},
         "geometry": {"type": "LineString", "coordinates": [[115.5050, 35.8520], [SCENE[1], SCENE[0]]]}},
    ]}
    f = tmp_path / "roads.geojson"
    f.write_text(json.dumps(road), encoding="utf-8")
    ledger.receive("PY-SJ", "FH-001", "P-A", 500, actor="a", expiry=date(2028, 1, 1))
    reqs = Requests(ledger, road_file=f)
    r = reqs.create({"FH-001": 10}, title="t", actor="a", lat=SCENE[0], lon=SCENE[1], place="现场")
    [line] = reqs.propose(r.id).lines
    assert line.depot == "PY-SJ" and (35.80, 115.30) in line.path  # along the road, through its bend
    plain = Requests(ledger).propose(r.id).lines[0]
    assert line.minutes > plain.minutes  # 30 km/h on the road vs the synthetic 40 km/h estimate


def test_keep_minimum_offers_only_stock_above_each_depots_minimum(ledger: Ledger) -> None:
    _stock(ledger)  # FX-XJ: 40 (P-C, Dec 2026) + 40 (P-B, Mar 2027) of FH-001, minimum 50
    reqs = Requests(ledger)
    r = reqs.create({"FH-001": 100}, title="t", actor="a", lat=SCENE[0], lon=SCENE[1], place="现场")
    p = reqs.propose(r.id, keep_minimum=True)
    fh = {ln.depot: ln for ln in p.lines}
    assert fh["FX-XJ"].qty == 30 and fh["FX-XJ"].lots == (("P-C", 30),)  # the freshest lot is held back
    assert fh["PY-SJ"].qty == 70
    ledger.set_minimum("PY-SJ", "FH-001", 480)  # per-depot minimum: only 20 above it
    p = reqs.propose(r.id, keep_minimum=True)
    assert sum(ln.qty for ln in p.lines) == 50
    assert any("缺口 50" in s for s in p.shortfalls) and "保留最低储备" in p.shortfalls[-1]
    reqs.approve(r.id, actor="值班员", keep_minimum=True)
    assert sum(b.qty for b in ledger.balances(depot="FX-XJ", item="FH-001")) == 50
    assert sum(b.qty for b in ledger.balances(depot="PY-SJ", item="FH-001")) == 480


def test_delivery_of_a_plan_request_meets_the_plans_deadline(db, clock, ledger: Ledger) -> None:
    svc, iid, effects = _responding(db, clock)
    _stock(ledger)
    reqs = Requests(ledger, svc)
    [r] = reqs.from_effects(iid, effects)
    with pytest.raises(LedgerError, match="只有已批准出库的申请才能登记送达"):
        reqs.deliver(r.id, actor="工作组李四", role="group_staff")
    reqs.approve(r.id, actor="值班员张三")
    assert reqs.delivered_at(r.id) is None
    clock.advance(timedelta(minutes=40))
    when = reqs.deliver(r.id, actor="工作组李四", role="group_staff", note="已送达现场")
    assert reqs.delivered_at(r.id) == when
    state = svc.state(iid)
    deadline = state.deadlines[mat_ref(effects)]
    assert deadline["status"] == "met"
    assert svc.timeline(iid)[-1].type == "materials_delivered"
    with pytest.raises(LedgerError, match="不能重复登记"):
        reqs.deliver(r.id, actor="工作组李四", role="group_staff")
    with pytest.raises(Exception, match="观察员"):
        r2 = reqs.create({"FH-001": 5}, title="追加", actor="值班员", incident_id=iid)
        reqs.approve(r2.id, actor="值班员")
        reqs.deliver(r2.id, actor="观察", role="observer")


def test_delivery_of_a_persons_request_is_a_timeline_entry(db, clock, ledger: Ledger) -> None:
    svc, iid, _ = _responding(db, clock)
    _stock(ledger)
    reqs = Requests(ledger, svc)
    r = reqs.create({"FH-001": 5}, title="现场追加", actor="值班员", incident_id=iid)
    reqs.approve(r.id, actor="值班员")
    when = reqs.deliver(r.id, actor="工作组李四", role="group_staff")
    last = svc.timeline(iid)[-1]
    assert last.type == "log.materials_delivered" and last.payload["data"]["request"] == r.id
    assert reqs.delivered_at(r.id) == when


def test_only_command_staff_approve_or_reject_a_dispatch(db, clock, ledger: Ledger) -> None:
    from console.plan.engine import Rejected

    svc, iid, effects = _responding(db, clock)
    _stock(ledger)
    reqs = Requests(ledger, svc)
    [r] = reqs.from_effects(iid, effects)
    n_moves = len(ledger.movements())
    for role in ("group_staff", "observer", "expert"):
        with pytest.raises(Rejected, match="无权审批应急物资调拨"):
            reqs.approve(r.id, actor="某人", role=role)
        with pytest.raises(Rejected, match="无权审批应急物资调拨"):
            reqs.reject(r.id, actor="某人", role=role, reason="不需要")
    assert len(ledger.movements()) == n_moves and reqs.get(r.id).status == "pending"
    reqs.approve(r.id, actor="李指挥", role="commander")
    assert reqs.get(r.id).status == "approved"
