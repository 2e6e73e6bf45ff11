"""A request with several items, end to end on a real SQLite file: numbering, lines with units,
allocation over every line, one approval and one delivery for the request, meeting the plan's
deadline; the same number in the timeline and the CLI; requests of an earlier release still read."""

from __future__ import annotations

import gzip
import re
import shutil
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

from console.app import Console
from console.clock import CHINA_TZ, ManualClock
from console.reserves.demo import seed_reserves
from console.reserves.requests import request_number_pattern
from console.store import open_database
from console.store.verify import verify_chain
from console.timeline.wording import describe
from tests.reserves.conftest import DEPOTS, MUNICIPAL, ROOT, T0

RELEASE = ROOT / "tests" / "store" / "releases" / "release-0005.sqlite3.gz"


def _responding(console: Console) -> str:
    svc, clock = console.incidents, console.clock
    r = svc.open(MUNICIPAL, title="范县集市散装白酒疑似甲醇中毒", actor="值班员", role="duty_officer",
                 facts={"cases": 5, "deaths": 1}, lat=35.86, lon=115.49, place="范县城关镇")
    for type_, data, role in [
        ("fire", {"event": "dispatch"}, "duty_officer"), ("fire", {"event": "verified"}, "duty_officer"),
        ("consult_concluded", {"question": "grade", "outcome": "approve", "level": "III"}, "commander"),
        ("decide_level", {"level": "III", "reason": "出现死亡病例", "basis": "专家核定"}, "commander"),
        ("fire", {"event": "respond"}, "commander"),
    ]:
        clock.advance(timedelta(minutes=5))
        svc.command(r.incident_id, type_, data, actor="指挥长", role=role)
    return r.incident_id


def test_a_request_with_several_items_end_to_end(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    db = open_database(f"sqlite:///{path}")
    clock = ManualClock(T0)
    seed_reserves(db, "puyang", T0)
    console = Console(db, clock)
    iid = _responding(console)
    reqs = console.requests
    [plan_req] = reqs.list(incident_id=iid)  # the plan's request, numbered like every other
    mine = reqs.create([("XS-002", 6), ("FH-001", 20), ("KJ-006", 2), ("FH-001", 5)], title="现场追加物资",
                       actor="现场指挥", incident_id=iid)
    day = T0.astimezone(CHINA_TZ).strftime("%Y%m%d")
    assert (plan_req.id, mine.id) == (f"WZ-{day}-001", f"WZ-{day}-002")
    assert all(re.fullmatch(request_number_pattern(), r.id) for r in (plan_req, mine))
    assert [ln.text for ln in reqs.lines(mine)] == ["含氯消毒液 6 桶", "一次性防护服 25 套", "甲醇快速检测试剂盒 2 盒"]
    assert len(plan_req.items) == 7

    # allocation over all the lines of the request
    p = reqs.propose(mine.id)
    shipped: dict[str, int] = {}
    for ln in p.lines:
        shipped[ln.item] = shipped.get(ln.item, 0) + ln.qty
        assert ln.unit and ln.name and ln.minutes is not None and ln.minutes > 0
    assert shipped == {"XS-002": 6, "FH-001": 25, "KJ-006": 2} and not p.shortfalls
    assert re.search(r"共 \d+ 行，来自 \d+ 个储备库，最晚约 \d+ 分钟送达", p.summary())

    # one approval dispatches every line; the incident's log names the request and the units
    version = console.incidents.summary(iid).version
    p = reqs.approve(mine.id, actor="值班员张三", role="duty_officer", lines=list(p.lines))
    moves = console.ledger.movements(incident_id=iid)
    assert {m.item: 0 for m in moves} == {"XS-002": 0, "FH-001": 0, "KJ-006": 0}
    for item, q in shipped.items():
        assert sum(-m.qty for m in moves if m.item == item and m.request_id == mine.id) == q
    last = console.incidents.timeline(iid)[-1]
    assert last.type == "log.materials_dispatched" and last.version == version + 1
    plan = console.incidents.plan_for(iid)
    said = describe(plan, last.type, last.payload["data"])
    assert said.startswith(f"应急物资调拨 {mine.id}：现场追加物资")
    assert "含氯消毒液 6 桶" in said and "一次性防护服 25 套" in said and "甲醇快速检测试剂盒 2 盒" in said

    # every sending depot's route, labelled with the number, the depot and each item with unit
    routes = [r for r in reqs.routes(incident_id=iid) if r["request"] == mine.id]
    assert {r["depot"] for r in routes} == set(p.depots)
    for r in routes:
        assert len(r["path"]) >= 2 and r["eta_min"] > 0
        assert r["label"] == f"{mine.id} {r['depot']} → 范县城关镇"
        for ln in (x for x in p.lines if (x.depot_name or x.depot) == r["depot"]):
            assert f"{ln.name} {ln.qty} {ln.unit}" in r["detail"]

    # the plan's request: approved in full and delivered within the plan's deadline
    reqs.approve(plan_req.id, actor="值班员张三", role="duty_officer")
    due = console.incidents.state(iid).deadlines[plan_req.plan_ref]["due_at"]
    assert clock.now() < due - timedelta(minutes=1)
    clock.set(due - timedelta(minutes=1))
    reqs.deliver(plan_req.id, actor="值班员张三")
    state = console.incidents.state(iid)
    assert [m["status"] for m in state.materials] == ["delivered"]
    assert state.deadlines[plan_req.plan_ref]["status"] == "met"
    assert reqs.status_text(reqs.get(plan_req.id)).startswith("已送达 ")
    delivered = console.incidents.timeline(iid)[-1]
    assert describe(plan, delivered.type, delivered.payload["data"]) == f"应急物资送达 {plan_req.id}"
    reqs.deliver(mine.id, actor="值班员张三")
    assert reqs.status_text(reqs.get(mine.id)).startswith("已送达 ")
    assert verify_chain(db).ok and console.ledger.verify_chain().ok
    db.close()

    # the CLI prints the same numbers, with units
    out = subprocess.run([sys.executable, "-m", "console", "--db", str(path), "reserves", "request", "--list",
                          "--incident", iid], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert [ln.split()[0] for ln in lines] == [plan_req.id, mine.id]
    assert "含氯消毒液 6 桶、一次性防护服 25 套、甲醇快速检测试剂盒 2 盒" in lines[1]


def test_requests_of_an_earlier_release_still_read_approve_and_verify(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    with gzip.open(RELEASE, "rb") as fin, path.open("wb") as fout:
        shutil.copyfileobj(fin, fout)
    db = open_database(f"sqlite:///{path}")
    clock = ManualClock(datetime(2026, 12, 4, 18, 0, tzinfo=CHINA_TZ))
    console = Console(db, clock, jurisdiction="410900")
    reqs = console.requests
    old = reqs.get("20261204-001-M15")  # numbered by the earlier release, stored without units
    assert [ln.text for ln in reqs.lines(old)][-1] == "封条 100 张"
    assert reqs.status_text(old) == "待审批"
    for d in DEPOTS:  # that release's demo had no depots yet
        console.ledger.add_depot(d)
    for item, qty in old.items:
        console.ledger.receive("PY-SJ", item, "L1", qty, actor="保管员", expiry=date(2028, 1, 1))
    p = reqs.approve(old.id, actor="值班员张三", role="duty_officer")
    assert p.lines and all(ln.unit for ln in p.lines)
    new = reqs.create([("XS-002", 1)], title="追加", actor="值班员张三", incident_id=old.incident_id)
    assert new.id == "WZ-20261204-001"  # the new scheme from now on; old numbers kept
    reqs.deliver(old.id, actor="值班员张三")
    assert reqs.status_text(reqs.get(old.id)).startswith("已送达 ")
    assert verify_chain(db).ok and console.ledger.verify_chain().ok
    db.close()
