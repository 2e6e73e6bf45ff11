"""Reporting chains (报告链，逐级报送), deadline anchors, ``within: immediate`` and ``on_change``
reports (plan format 2): the engine on a copy of the municipal food plan with a chain
(fixtures/food-chains.yaml), the located errors of the loader, and a table of anchors."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from console.plan import PlanError, load_plan_text
from console.plan.chain_engine import chains_of
from console.plan.checklist import checklist_text
from console.plan.diff import diff_texts
from console.plan.engine import Event, IncidentState, Rejected, due_events, open_incident, replay, step
from console.plan.model import Plan

FIX = Path(__file__).parent / "fixtures"
CHAINS = (FIX / "food-chains.yaml").read_text("utf-8")
# The municipal plan as released in 2026.1 (format 2 without chains): the shipped one now uses chains
# (issue #17), so the tests that start from a plan without them read the pinned release.
MUNICIPAL = (Path(__file__).resolve().parent / "fixtures" / "released-2026.1"
             / "food-municipal.yaml").read_text("utf-8")
T0 = datetime(2026, 11, 22, 9, 0, tzinfo=timezone(timedelta(hours=8)))


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def ev(type_: str, minutes: float, role: str = "commander", **data: object) -> Event:
    return Event(type_, at(minutes), "值班员张伟", role, dict(data))


class Run:
    def __init__(self, text: str = CHAINS, **facts: object):
        self.plan: Plan = load_plan_text(text, "<chains>", catalogue=None)
        self.events = [ev("open", 0, "duty_officer", facts={"cases": 8, **facts})]
        self.state, self.effects = open_incident(self.plan, self.events[0])

    def do(self, type_: str, minutes: float, role: str = "commander", **data: object) -> IncidentState:
        e = ev(type_, minutes, role, **data)
        self.state, self.effects = step(self.plan, self.state, e)
        self.events.append(e)
        return self.state

    def record_due(self, minutes: float) -> list[str]:
        out = []
        for e in due_events(self.state, at(minutes)):
            self.state, _ = step(self.plan, self.state, e)
            self.events.append(e)
            out.append(e.data["deadline"])
        return out

    def dl(self, did: str) -> dict[str, object]:
        return dict(self.state.deadlines[did])

    def deferred_ids(self) -> list[str]:
        return [x["id"] for x in self.state.deferred]

    def task(self, title: str) -> str:
        return next(t["id"] for t in self.state.tasks.values() if t["title"] == title)


# -- the chain ----------------------------------------------------------------------

def test_a_chain_gives_each_hop_its_deadline_and_defers_the_hops_after_it() -> None:
    r = Run(discovered_at="2026-11-22T08:30:00+08:00")
    unit = r.dl("R1.unit")
    assert unit["kind"] == "report_hop" and unit["report"] == "R1" and unit["hop"] == "unit"
    assert unit["to"] == "县级市场监管部门" and unit["channel"] == "phone" and unit["by"] == "事发单位"
    # measured from the fact 发现时间 (08:30), not from receipt (09:00)
    assert unit["anchor_at"] == at(-30) and unit["due_at"] == at(90)
    assert r.deferred_ids() == ["R1.county", "R1.city_phone", "R1.city_written"]
    assert r.state.deferred[0]["waits_for"] == "「事发单位→县级市场监管部门」报送"
    r.do("forward_report", 20, report="R1", hop="unit", channel="phone")
    assert r.dl("R1.unit")["status"] == "met" and r.dl("R1.unit")["forwarded_at"] == at(20)
    county = r.dl("R1.county")
    assert county["anchor_at"] == at(20) and county["due_at"] == at(140)  # ungraded: default PT2H
    assert r.deferred_ids() == ["R1.city_phone", "R1.city_written"]
    r.do("forward_report", 60, report="R1", hop="county", doc_no="清市监〔2026〕3号")
    assert r.deferred_ids() == []
    phone, written = r.dl("R1.city_phone"), r.dl("R1.city_written")
    assert phone["immediate"] is True and phone["due_at"] == at(60)
    assert written["due_at"] == at(180)
    assert [h["hop"] for h in chains_of(r.state)["R1"]] == ["unit", "county", "city_phone", "city_written"]


def test_a_hop_reported_late_is_recorded_late_and_its_miss_stays() -> None:
    r = Run(discovered_at="2026-11-22T08:30:00+08:00")
    assert "R1.unit" in r.record_due(100)
    assert r.dl("R1.unit")["status"] == "missed"
    r.do("forward_report", 110, report="R1", hop="unit")
    d = r.dl("R1.unit")
    assert d["status"] == "missed" and d["forwarded_at"] == at(110)
    assert r.effects[0]["on_time"] is False
    assert "R1.county" in r.state.deadlines  # the next hop starts from the late report
    with pytest.raises(Rejected, match="已于 .* 报送，不能重复登记"):
        r.do("forward_report", 111, report="R1", hop="unit")


def test_a_hop_whose_anchor_has_not_happened_is_refused_by_name() -> None:
    r = Run()
    with pytest.raises(Rejected, match="自「事发单位→县级市场监管部门」报送后起算") as exc:
        r.do("forward_report", 5, report="R1", hop="county")
    assert exc.value.code == "hop_waiting"
    with pytest.raises(Rejected, match="没有报送环节"):
        r.do("forward_report", 5, report="R1", hop="nowhere")
    with pytest.raises(Rejected, match="未知的报送渠道"):
        r.do("forward_report", 5, report="R1", hop="unit", channel="pigeon")


def test_immediate_is_never_missed_by_the_clock_and_sorts_first() -> None:
    r = Run(discovered_at="2026-11-22T08:30:00+08:00")
    t_now = r.task("立即报告带班领导")
    assert r.state.open_deadlines()[0]["id"] == t_now and r.dl(t_now)["immediate"] is True
    missed = r.record_due(24 * 60)
    assert t_now not in missed and r.dl(t_now)["status"] == "open"
    r.do("complete_task", 24 * 60 + 1, task=t_now)
    assert r.dl(t_now)["status"] == "met"


def test_an_unset_fact_anchor_says_so_and_the_deadline_is_retimed_when_it_is_set() -> None:
    r = Run()
    d = r.dl("R1.unit")
    assert d["anchor_at"] == at(0) and d["anchor_note"] == "「发现时间」未填写，暂自接报时起算"
    r.do("facts", 10, facts={"discovered_at": "2026-11-22T08:00:00+08:00"})
    d = r.dl("R1.unit")
    assert d["anchor_at"] == at(-60) and d["due_at"] == at(60) and "anchor_note" not in d
    assert any(e["kind"] == "deadline_retimed" for e in r.effects)
    r.do("facts", 12, facts={"discovered_at": None})  # cleared: back to receipt, said again
    assert r.dl("R1.unit")["due_at"] == at(120) and "anchor_note" in r.dl("R1.unit")


def _to_verifying(r: Run) -> None:
    r.do("fire", 5, "duty_officer", event="dispatch")


def test_report_and_task_anchors_wait_then_start() -> None:
    r = Run()
    _to_verifying(r)
    hops = [x["id"] for x in r.state.deferred if x["what"] == "report_hop"]
    verified = next(x for x in r.state.deferred if x["title"] == "核报")
    sampling = next(x for x in r.state.deferred if x["title"] == "现场采样")
    assert verified["waits_for"] == "「初报」首次报送" and sampling["waits_for"] == "任务「赶赴现场核实」完成"
    assert r.state.tasks[sampling["id"]]["due_at"] is None  # the task exists, its time limit waits
    r.do("submit_report", 30, kind="initial", report_id="X-initial-1-v1")
    assert r.dl(verified["id"])["anchor_at"] == at(30) and r.dl(verified["id"])["due_at"] == at(30 + 720)
    # the submission went to the chain's open hop (the draft's recipients), which starts the next one
    assert r.dl("R1.unit")["status"] == "met" and r.dl("R1.unit")["forwarded_at"] == at(30)
    assert r.dl("R1.county")["status"] == "open" and r.dl("R1.county")["anchor_at"] == at(30)
    r.do("submit_report", 40, kind="initial", report_id="X-initial-1-v2")  # only the first submission counts
    assert r.dl(verified["id"])["anchor_at"] == at(30)
    assert r.dl("R1.county").get("forwarded_at") is None  # a corrected version is not the next hop's report
    assert r.effects[-1]["deadline"] is None
    onsite = next(t["id"] for t in r.state.tasks.values() if t["plan_id"] == "onsite")
    r.do("complete_task", 50, task=onsite)
    assert r.dl(sampling["id"])["due_at"] == at(110) and r.state.tasks[sampling["id"]]["due_at"] == at(110)
    assert [x["id"] for x in r.state.deferred] == hops[1:]  # only the chain's later hops still wait


def _respond(r: Run, minutes: float = 20) -> None:
    _to_verifying(r)
    r.do("fire", minutes, "duty_officer", event="verified")
    r.do("consult_concluded", minutes + 1, question="grade", outcome="approve", level="IV")
    r.do("decide_level", minutes + 2, level="IV", reason="经专家核定")
    r.do("fire", minutes + 3, event="respond")


def test_on_change_reports_are_due_on_each_change_but_one_at_a_time() -> None:
    r = Run()
    _respond(r)
    watch = next(x for x in r.state.deferred if x["what"] == "on_change")
    assert watch["waits_for"] == "「发病（中毒）人数」、「死亡人数」、级别变化时"
    before = {d["id"] for d in r.state.deadlines.values()}
    r.do("facts", 40, facts={"suspect_food": "凉拌菜"})  # not watched
    assert {d["id"] for d in r.state.deadlines.values()} == before
    r.do("facts", 50, facts={"cases": 12})
    new = [d for d in r.state.deadlines.values() if d.get("watch") == watch["id"]]
    assert len(new) == 1 and new[0]["due_at"] == at(50 + 120) and new[0]["title"] == "病例变化续报"
    r.do("facts", 55, facts={"cases": 15})  # one already open: no second one
    assert len([d for d in r.state.deadlines.values() if d.get("watch") == watch["id"]]) == 1
    r.do("submit_report", 60, kind="progress")
    r.do("submit_report", 61, kind="progress")  # the daily 续报 and the change report both met
    r.do("decide_level", 70, level="III", reason="病例增加，经专家核定")  # the level changed
    assert len([d for d in r.state.deadlines.values() if d.get("watch") == watch["id"]]) == 2


def test_exit_anchor_and_watchers_end_with_their_state() -> None:
    r = Run()
    _respond(r)
    r.do("fire", 60, event="propose_termination")
    r.do("consult_concluded", 61, question="terminate", outcome="approve")
    r.do("facts", 62, facts={"hazard_controlled": True, "stable_hours": 24})
    r.do("fire", 63, event="terminate")
    assert not any(x["what"] == "on_change" for x in r.state.deferred)  # responding left
    final = next(d for d in r.state.deadlines.values() if d.get("report_kind") == "final")
    assert final["anchor"] == "exit:responding" and final["anchor_at"] == at(63)


def test_replay_gives_the_same_state() -> None:
    r = Run()
    r.do("facts", 3, facts={"discovered_at": "2026-11-22T08:10:00+08:00"})
    r.do("forward_report", 4, report="R1", hop="unit")
    _respond(r)
    r.do("forward_report", 30, report="R1", hop="county")
    r.do("facts", 40, facts={"cases": 20})
    again = replay(r.plan, r.events)
    assert again.to_json() == r.state.to_json()
    assert IncidentState.from_json(r.state.to_json()).to_json() == r.state.to_json()


def test_a_format2_plan_without_chains_never_writes_the_new_keys() -> None:
    p = load_plan_text(MUNICIPAL, "<m>", catalogue=None)
    s, _ = open_incident(p, ev("open", 0, "duty_officer", facts={"cases": 8}))
    s, _ = step(p, s, ev("fire", 5, "duty_officer", event="dispatch"))
    js = s.to_json()
    assert "deferred" not in js
    assert not any(k in d for d in js["deadlines"].values() for k in ("immediate", "anchor", "report", "hop"))


# -- the anchors, as a table ------------------------------------------------------

def _with_task_anchor(anchor: str, extra_enter: str = "") -> str:
    """The municipal plan with one task in 接报 measured from ``anchor``."""
    return MUNICIPAL.replace(
        "          - task: {unit: coordination, title: 接报登记并报告带班领导, within: PT15M}\n",
        "          - task: {unit: coordination, title: 接报登记并报告带班领导, within: PT15M}\n"
        f"          - task: {{unit: coordination, title: 锚点任务, within: PT1H, from: \"{anchor}\"}}\n"
        + extra_enter, 1)


# anchor, events after opening (minutes, type, data), expected anchor (minutes) or None (still waiting)
ANCHORS = [
    ("entry", [], 0),
    ("received", [], 0),
    ("report:initial", [], None),
    ("report:initial", [(30, "submit_report", {"kind": "initial"})], 30),
    ("exit:received", [], None),
    ("exit:received", [(25, "fire", {"event": "dispatch"})], 25),
    ("task:onsite", [(25, "fire", {"event": "dispatch"})], None),
    ("task:onsite", [(25, "fire", {"event": "dispatch"}), (45, "complete_task", {"plan_id": "onsite"})], 45),
]


@pytest.mark.parametrize(("anchor", "events", "expected"), ANCHORS,
                         ids=[f"{a}-{len(e)}" for a, e, _ in ANCHORS])
def test_anchor_table(anchor: str, events: list[tuple[int, str, dict[str, str]]], expected: int | None) -> None:
    r = Run(_with_task_anchor(anchor))
    tid = r.task("锚点任务")
    for minutes, type_, data in events:
        if "plan_id" in data:
            data = {"task": next(t["id"] for t in r.state.tasks.values() if t["plan_id"] == data["plan_id"])}
        r.do(type_, minutes, "duty_officer" if type_ == "fire" else "commander", **data)
    if expected is None:
        assert tid not in r.state.deadlines and tid in r.deferred_ids()
        assert r.state.tasks[tid]["due_at"] is None
    else:
        assert r.dl(tid)["anchor_at"] == at(expected) and r.dl(tid)["due_at"] == at(expected + 60)
        assert tid not in r.deferred_ids()


# -- loader errors ---------------------------------------------------------------------

HOP = '{id: unit, by: 事发单位, to: 县级市场监管部门, channel: phone, within: PT2H, from: "fact:discovered_at",'
ERRORS = [
    ("hop without within", HOP, "{id: unit, by: 事发单位, to: 县级市场监管部门, channel: phone,",
     "报送环节 `unit` 没有时限"),
    ("duplicate hop", "{id: county, by: 县级市场监管部门", "{id: unit, by: 县级市场监管部门", "重复的报送环节 `unit`"),
    ("later hop", 'from: "hop:unit"}', 'from: "hop:city_written"}', "是本环节或其后的环节"),
    ("unknown hop", 'from: "hop:unit"}', 'from: "hop:nowhere"}', "不在本报告链中"),
    ("hop outside a chain", 'from: "report:initial"}', 'from: "hop:unit"}', "只能用在报告链"),
    ("fact not datetime", '"fact:discovered_at"', '"fact:cases"', "不是 datetime"),
    ("fact undeclared", '"fact:discovered_at"', '"fact:found_at"', "未声明的事实 `found_at`"),
    ("report unknown", '"report:initial"', '"report:interim"', "未知的报告类型 `interim`"),
    ("task unknown", '"task:onsite"', '"task:offsite"', "未知的任务 id `offsite`"),
    ("exit unknown", '"exit:responding"', '"exit:nowhere"', "未知的状态 `nowhere`"),
    ("exit final", '"exit:responding"', '"exit:closed"', "终止状态 `closed`"),
    ("on_miss immediate", "立即报告带班领导, within: immediate}",
     "立即报告带班领导, within: immediate, on_miss: {alert: 迟了}}", "不会自动逾期，不能写 on_miss"),
    ("on_change facts", "on_change: {facts: [cases, deaths]", "on_change: {facts: [cases, injured]",
     "未声明的事实 `injured`"),
    ("immediate every", "title: 续报, within: P1D, every: P1D}", "title: 续报, within: immediate, every: P1D}",
     "不能定期（every）"),
    ("immediate typo", "within: immediate}", "within: immediatly}", "或 immediate"),
]


@pytest.mark.parametrize(("name", "old", "new", "message"), ERRORS, ids=[e[0] for e in ERRORS])
def test_loader_errors_are_located(name: str, old: str, new: str, message: str) -> None:
    assert CHAINS.count(old) >= 1, old
    text = CHAINS.replace(old, new, 1)
    with pytest.raises(PlanError) as exc:
        load_plan_text(text, "<chains>", catalogue=None)
    hits = [d for d in exc.value.errors if message in d.message]
    assert hits, [str(d) for d in exc.value.errors]
    line = text.split("\n")[hits[0].line - 1]
    token = new.split(":")[0].strip("{ ") if name != "hop without within" else "- {id: unit"
    assert token.split()[0].strip('"') in line or name in ("duplicate hop", "hop without within") \
        or "- " in line, (str(hits[0]), line)


@pytest.mark.parametrize("key", ["chain", "on_change", "immediate", "report:", "task:", "exit:"])
def test_format_1_refuses_the_additions_naming_the_upgrade(key: str) -> None:
    text = CHAINS.replace("format: emergency-plan/2", "format: emergency-plan/1")
    with pytest.raises(PlanError) as exc:
        load_plan_text(text, "<v1>", catalogue=None)
    msgs = [d.message for d in exc.value.errors if "需要 format: emergency-plan/2" in d.message]
    assert any(m.startswith(key) or f" {key}" in m or m.startswith(f"within: {key}")
               or m.startswith(f"from: {key}") for m in msgs), msgs
    assert all("python -m console plan upgrade" in m for m in msgs)


def test_hop_error_points_at_the_hop() -> None:
    text = CHAINS.replace('within: immediate, from: "hop:county"}', 'within: immediate, from: "hop:city_written"}')
    with pytest.raises(PlanError) as exc:
        load_plan_text(text, "<chains>", catalogue=None)
    (d,) = [d for d in exc.value.errors if "city_written" in d.message]
    line = text.split("\n")[d.line - 1]
    assert line[d.col - 1:].startswith('"hop:city_written"') or line[d.col - 1:].startswith("hop:city_written")


# -- checklist and diff ----------------------------------------------------------------

def test_checklist_lists_the_hops() -> None:
    text = checklist_text(load_plan_text(CHAINS, "<chains>", catalogue=None))
    assert "① 事发单位→县级市场监管部门（自「发现时间」起2小时内，电话） 〔国家预案4.2.2〕" in text
    assert "③ 市市场监管局→市人民政府（「县级市场监管部门→市市场监管局」报送后立即，电话）" in text
    assert "立即报告带班领导（立即）" in text
    assert "病例变化续报" in text and "「发病（中毒）人数」、「死亡人数」、级别变化时" in text


def test_diff_names_hop_changes() -> None:
    new = CHAINS.replace("to: 市人民政府, channel: document, within: PT2H,",
                         "to: 市人民政府, channel: document, within: PT1H,")
    new = new.replace("- {id: city_phone,",
                      "- {id: city_fax, by: 市市场监管局, to: 市人民政府, channel: fax, within: PT1H,"
                      ' from: "hop:county"}\n            - {id: city_phone,')
    d = diff_texts(CHAINS, new, "old", "new")
    lines = d.text()
    assert "初报 市市场监管局→市人民政府（公文） 时限 2小时 → 1小时" in lines
    assert "增加" in lines and "市市场监管局→市人民政府（传真）" in lines
    assert not diff_texts(CHAINS, CHAINS, "a", "b").changes


def test_graph_shows_the_chain_on_its_state() -> None:
    from console.plan.graph import to_dot

    dot = to_dot(load_plan_text(CHAINS, "<chains>", catalogue=None))
    assert "事件处置\\n初报逐级报送：县级市场监管部门→市市场监管局→市人民政府" in dot
    assert "逐级报送" not in to_dot(load_plan_text(MUNICIPAL, "<m>", catalogue=None))
