"""The five shipped drill scenarios: each checks, plays headless to the end and files both documents;
the domain outcomes each one is written to exercise; the realism rules they share."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from docx import Document

from console.cli import main
from console.drills.evaluation import assess, submitted_reports
from console.drills.report import write_drill_document
from console.drills.scenario import ScenarioError, load_scenario
from console.plan.engine import Event, Rejected, step
from console.review.service import RunReview
from tests.drills.conftest import KINDERGARTEN, ROOT, SCHOOL, virtual_run

DRUG = ROOT / "scenarios" / "drug-adverse-cluster.yaml"
CROSS = ROOT / "scenarios" / "cross-county-outbreak.yaml"
OPINION = ROOT / "scenarios" / "opinion-tabletop.yaml"
ALL = (KINDERGARTEN, SCHOOL, DRUG, CROSS, OPINION)


def _plan_ids(scenario) -> set[str]:
    """The plan's and scenario's internal ids that must never reach a filed document."""
    plan = scenario.plan
    ids = set(plan.states) | set(plan.events) | set(plan.report_kinds) | set(plan.units) | set(plan.facts)
    for st in plan.states.values():
        for e in list(st.enter) + list(st.exit) + [e for tr in st.transitions for e in tr.effects]:
            if e.kind == "task" and e.params.get("id"):
                ids.add(e.params["id"])
    ids |= {scenario.id}
    return {i for i in ids if re.fullmatch(r"[a-z_-]{4,}", i)}


def _documents(run, tmp_path) -> dict[str, str]:
    r = RunReview(run.db, run.incident_id)
    out = {}
    for kind in ("evaluation", "summary"):
        path = write_drill_document(r, kind, tmp_path / f"{run.scenario.id}-{kind}.docx")
        d = Document(str(path))
        out[kind] = "\n".join([p.text for p in d.paragraphs]
                              + [c.text for t in d.tables for row in t.rows for c in row.cells])
    return out


def _events(run, type_: str) -> list:
    return [e for e in run.service.timeline(run.incident_id) if e.type == type_]


def _finished(path, tmp_path, **kw):
    run = virtual_run(path, tmp_path, **kw)
    run.run_headless(**({"on_step": kw.pop("on_step")} if "on_step" in kw else {}))
    return run


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.stem)
def test_every_shipped_scenario_checks_plays_to_the_end_and_files_both_documents(path, tmp_path, capsys):
    assert main(["drill", "check", str(path)]) == 0
    assert "通过" in capsys.readouterr().out
    run = virtual_run(path, tmp_path)
    run.run_headless()
    try:
        assert not run.failures, run.failures  # every auto-played action was accepted by the plan
        assert all(st.released_at is not None for st in run.injects.values())
        ids = _plan_ids(run.scenario)
        assert "verifying" in ids or "investigating" in ids
        for kind, text in _documents(run, tmp_path).items():
            assert run.scenario.title in text, kind
            assert not set(re.findall(r"[a-z_-]{4,}", text)) & ids, kind
    finally:
        run.db.close()


def test_drug_cluster_escalates_after_the_death_recalls_and_records_the_dissent(tmp_path):
    run = _finished(DRUG, tmp_path)
    try:
        s = run.fold.state
        assert s.level == "II" and s.facts["deaths"] == 1 and s.facts["same_batch"] is True
        fired = [e.payload["data"]["event"] for e in _events(run, "fire")]
        assert fired.index("respond") < fired.index("propose_escalation") < fired.index("escalate")
        death = run.injects["I11"].released_at
        escalated = next(e.occurred_at for e in _events(run, "fire") if e.payload["data"]["event"] == "escalate")
        assert escalated > death
        # the recall is a task of the 上市许可持有人, done after the sterility failure (D+3, time-compressed)
        recall = [t for t in s.tasks.values() if "召回" in t["title"] and t.get("unit") == "manufacturer"]
        assert recall and recall[0]["status"] == "done"
        assert "时间压缩" in run.scenario.inject("I15").text and "无菌检查" in run.scenario.inject("I15").text
        grade = next(e for e in _events(run, "consult_concluded") if e.payload["data"]["question"] == "grade")
        assert grade.payload["data"]["dissent"] and "临床医学专家" in grade.payload["data"]["dissent"][0]
        docs = _documents(run, tmp_path)
        assert "不同意见（1 位专家）：临床医学专家" in docs["evaluation"]
    finally:
        run.db.close()


def test_cross_county_outbreak_runs_in_three_county_segments_and_escalates_to_II(tmp_path):
    run = _finished(CROSS, tmp_path)
    try:
        s = run.fold.state
        assert s.level == "II" and s.facts["spread"] == "multi_city"
        levels = [e.payload["data"]["level"] for e in _events(run, "decide_level")]
        assert levels == ["III"]  # decided Ⅲ, then raised one step to Ⅱ by the escalation
        injects = {e.payload["data"]["inject"]: e.payload["data"] for e in _events(run, "log.inject")}
        sites = {d.get("site") for d in injects.values()} - {None}
        assert sites == {"清丰县分会场", "南乐县分会场", "濮阳县分会场"}
        assert injects["I03"]["controller"] == "马导调" and injects["I03"]["channel"] == "video"
        # 公安 is injected and rules out deliberate poisoning, at the producer's county site
        police = injects["I09"]
        assert "排除投毒" in police["text"] and police["site"] == "濮阳县分会场" and police["controller"] == "郭导调"
        r = RunReview(run.db, run.incident_id)
        a = assess(r.scenario, r.fold, submitted_reports(r.db, r.incident_id))
        results = {x.item.id: x.result for x in a.results}
        assert results["E06"] == "met" and results["E03"] == "met"  # escalation and its report in time
        # the evaluation report says at which site, and by which controller, each segment's inject went out
        ev = _documents(run, tmp_path)["evaluation"]
        assert "公安排除人为投毒（视频）（濮阳县分会场（市公安局）→指挥长，视频会议，濮阳县分会场·郭导调发出）" in ev
    finally:
        run.db.close()


def test_opinion_tabletop_refuses_termination_until_the_stability_window_then_files_the_summary(tmp_path):
    refused: list[str] = []

    def try_to_terminate() -> None:
        s = run.fold.state
        if s is None or s.leaf != "termination_review" or s.facts.get("cases") != 36 or refused:
            return
        # the new case during the review: 报请终止 is refused by the time windows (the plan's guard)
        with pytest.raises(Rejected) as exc:
            run.service.command(run.incident_id, "fire", {"event": "request_termination"},
                                actor="指挥长甲", role="commander")
        refused.append(exc.value.reason)
        # with an approving review, the patients treated and stable for 24 h, the last case (stamped by the
        # engine at the new case's report) still refuses it: 24 h without a new case, and 72 h (沙门氏菌)
        now, plan = run.clock.now(), run.plan
        assert s.facts["last_case_at"] is not None and s.facts.get("stable_since") is None  # cleared by I12
        approved, _ = step(plan, s, Event("consult_concluded", now, "专家甲", "expert",
                                          {"question": "terminate", "outcome": "approve"}))
        stable, _ = step(plan, approved, Event("facts", now, "指挥长甲", "commander",
                                               {"facts": {"patients_treated": True,
                                                          "stable_since": (now - timedelta(hours=30)).isoformat()}}))
        with pytest.raises(Rejected, match="末例患者出现时间"):
            step(plan, stable, Event("fire", now, "指挥长甲", "commander", {"event": "request_termination"}))
        later = now + timedelta(hours=71)
        with pytest.raises(Rejected, match="末例患者出现时间"):
            step(plan, stable, Event("fire", later, "指挥长甲", "commander", {"event": "request_termination"}))
        asked, _ = step(plan, stable, Event("fire", later + timedelta(hours=2), "指挥长甲", "commander",
                                            {"event": "request_termination"}))
        assert asked.approvals["terminate_gov"]["status"] == "requested"

    run = virtual_run(OPINION, tmp_path)
    run.run_headless(on_step=try_to_terminate)
    try:
        assert len(refused) == 1 and "原患者病情稳定起始时间" in refused[0]
        s = run.fold.state
        assert s.leaf == "aftermath" and s.facts["cases"] == 36
        concl = [d for e in _events(run, "consult_concluded") if (d := e.payload["data"])["question"] == "terminate"]
        assert [c["outcome"] for c in concl] == ["reject", "approve"]
        assert concl[0]["dissent"] and "临床医学专家" in concl[0]["dissent"][0]  # one expert dissents
        fired = [(e.occurred_at, e.payload["data"]["event"]) for e in _events(run, "fire")]
        names = [ev for _, ev in fired]
        assert names.count("propose_termination") == 2 and "continue_response" in names
        # 报请终止 only once both windows were open (时间压缩 moved the drill clock), then the 县人民政府's
        # 批复 with its 文号, then 终止响应
        requested = next(at for at, ev in fired if ev == "request_termination")
        last_case = next(e.occurred_at for e in _events(run, "facts") if e.payload["data"]["facts"].get("cases") == 36)
        assert requested - last_case >= timedelta(hours=72)
        (granted,) = _events(run, "approval_decided")
        assert granted.payload["data"]["doc_no"] == "连政函〔2026〕56号" and granted.payload["data"]["granted"] is True
        terminated = next(at for at, ev in fired if ev == "terminate")
        assert requested < granted.occurred_at < terminated
        final = [r for r in submitted_reports(run.db, run.incident_id) if r.kind == "final"]
        assert final and final[0].submitted_at - terminated < timedelta(days=10)
        docs = _documents(run, tmp_path)
        assert "临床医学专家：新病例症状轻" in docs["summary"] + docs["evaluation"]
        assert "30分钟内" not in docs["summary"]  # a discussion drill is not scored on the clock
    finally:
        run.db.close()


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.stem)
def test_realistic_timings(path):
    """Lab results come as fast as their methods (a PCR or culture result only under an announced time
    compression), public opinion starts in the first hour and escalates, experts join by video, and 公安
    is injected in every food drill that lists it."""
    sc = load_scenario(path)
    for inj in sc.injects:
        for clause in re.split(r"[。；]", inj.text):
            if re.search(r"PCR|培养|无菌检查", clause) and re.search(r"阳性|见菌生长|(?<!未)检出", clause) \
                    and "如" not in clause:  # a positive result, not a method's description
                assert "时间压缩" in inj.text, inj.id
    media = [i for i in sc.injects if i.channel == "media"]
    assert len(media) >= 2  # escalating, not one step
    first = [i for i in media if i.at is not None]
    assert first and min(i.at for i in first).total_seconds() <= 3600
    assert any(i.channel == "video" for i in sc.injects)
    if any("公安" in p for p in sc.participants):
        assert any("公安" in i.sender for i in sc.injects)


def test_the_drill_menu_directory_holds_the_five_scenarios():
    """开始演练… opens a file dialog on scenarios/ (ui/drills/menu.py): every script there loads."""
    found = sorted(p.name for p in (ROOT / "scenarios").glob("*.yaml"))
    assert found == sorted(p.name for p in ALL)
    assert len({load_scenario(p).id for p in ALL}) == 5


def test_inject_schedules_read_in_the_plans_words():
    """The trainer window's 计划 column and the review report say when a triggered inject goes out in the
    plan's words, not its ids."""
    sc = load_scenario(CROSS)
    assert sc.schedule_of(sc.inject("I02")) == "进入状态「核实」后0:15"
    assert sc.schedule_of(sc.inject("I05")) == "完成任务「赶赴现场核实」后0:10"
    assert sc.schedule_of(sc.inject("I14")) == "级别为重大（II级）后0:10"
    assert sc.schedule_of(sc.inject("I03")) == "T+0:35"
    for path in ALL:
        s = load_scenario(path)
        ids = _plan_ids(s)
        for inj in s.injects:
            assert not set(re.findall(r"[a-z_-]{4,}", s.schedule_of(inj))) & ids, (path.stem, inj.id)


def test_a_dissent_that_is_not_a_list_of_lines_is_refused_where_it_stands(tmp_path):
    text = DRUG.read_text("utf-8")
    line = next(n for n, x in enumerate(text.split("\n"), 1) if x.startswith("            dissent: [临床医学专家："))
    bad = tmp_path / "scenarios" / "bad.yaml"
    bad.parent.mkdir()
    bad.write_text(text.replace("dissent: [临床医学专家：", "dissent: 3 #", 1).replace("../plans/", f"{ROOT}/plans/"),
                   "utf-8")
    with pytest.raises(ScenarioError) as exc:
        load_scenario(bad)
    (d,) = exc.value.diagnostics
    assert (d.line, d.file) == (line, str(bad)) and re.search(r"[\u4e00-\u9fff]", d.message), d
