"""Scoring from the log, evaluator records, the after-action review and the DOCX/PDF report."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime, timedelta

import pytest
from docx import Document

from console.cli import main
from console.clock import ManualClock
from console.drills.evaluation import (
    DrillInputError,
    record_hotwash,
    record_improvement,
    record_rating,
)
from console.drills.report import write_report
from console.incidents.service import IncidentService
from console.review.service import RunReview
from console.store.db import open_database
from tests.drills.conftest import KINDERGARTEN, ROOT, SCHOOL, virtual_run


def _results(review):
    return {r.item.id: r for r in review.evaluation()}


def test_scoring_met_partly_not_met_with_measured_times(finished_school):
    r = RunReview(finished_school.db, finished_school.incident_id)
    res = _results(r)
    assert res["E01"].result == "partly" and res["E01"].measured == timedelta(minutes=40)  # 8 + 32 min
    assert res["E02"].result == "partly" and res["E02"].measured == timedelta(hours=1, minutes=25)
    assert res["E03"].result == "met"  # grading consultation before the level decision
    assert res["E04"].result == "met" and res["E04"].measured < timedelta(hours=2)
    assert res["E08"].result == "not_met" and res["E08"].done_at is None
    assert "用时40分钟" in res["E01"].explanation


def test_late_and_wrong_order_are_scored_from_the_log(tmp_path):
    """A human run: the level is decided before any consultation and 初报 comes after 3 h."""
    run = virtual_run(KINDERGARTEN, tmp_path, auto=False)
    run.start()
    svc = IncidentService(run.db, run.clock, mode="drill")
    iid = run.incident_id

    def at(minutes, type_, data, role="commander"):
        run.clock.sleep_until(run.t0 + timedelta(minutes=minutes))
        run.poll()
        svc.command(iid, type_, data, actor="甲", role=role)

    at(5, "fire", {"event": "dispatch"}, "duty_officer")
    run.sync()
    at(50, "complete_task", {"task": next(t["id"] for t in run.fold.state.tasks.values()
                                          if t.get("plan_id") == "onsite")})
    at(55, "decide_level", {"level": "III", "reason": "先行认定"})
    at(60, "consult_concluded", {"question": "grade", "outcome": "approve", "level": "III"}, "expert")
    at(190, "submit_report", {"kind": "initial"}, "duty_officer")
    run.poll()
    run.end()
    res = _results(RunReview(run.db, iid))
    # a tabletop is scored on its decisions, not the clock: arriving after 50 minutes is no fault here …
    assert res["E01"].result == "met" and "派员核实" in res["E01"].explanation
    # … but deciding the level before the experts, without reasoning or basis, is
    assert res["E03"].result == "partly" and "晚于" in res["E03"].explanation
    assert res["E04"].result == "not_met" and "未写明研判理由" in res["E04"].explanation
    assert res["E05"].result == "not_met" and "未写明理由和依据" in res["E05"].explanation
    assert res["E02"].result == "not_met" and "未报送初报" in res["E02"].explanation  # no report was written
    assert res["E07"].result == "pending"  # only the evaluator can judge it
    run.db.close()


def test_evaluator_records_are_kept_in_the_drill_log(finished_school):
    run = finished_school
    r = RunReview(run.db, run.incident_id)
    record_rating(r.service, r.incident_id, r.scenario, "E08", "not_met", "舆情回应缺位", actor="评估员乙")
    record_hotwash(r.service, r.incident_id, "接报流程顺畅，提级研判偏慢", actor="总指挥")
    ip = record_improvement(r.service, r.incident_id, actor="评估员乙", issue="舆情回应缺位", action="修订新闻发布流程",
                            owner="县委宣传部", due="2026-12-31", existing=r.fold.improvements)
    with pytest.raises(DrillInputError, match="评估项"):
        record_rating(r.service, r.incident_id, r.scenario, "E99", "met", actor="x")
    with pytest.raises(DrillInputError, match="完成期限"):
        record_improvement(r.service, r.incident_id, actor="x", issue="a", action="b", owner="c", due="明年")
    r = RunReview(run.db, run.incident_id)
    record_improvement(r.service, r.incident_id, actor="评估员乙", item_id=ip, status="done",
                       existing=r.fold.improvements)
    r = RunReview(run.db, run.incident_id)
    assert _results(r)["E08"].rating == "not_met" and _results(r)["E08"].note == "舆情回应缺位"
    assert r.fold.hotwash[0]["text"].startswith("接报流程顺畅")
    assert r.fold.improvements[ip]["status"] == "done" and r.fold.improvements[ip]["owner"] == "县委宣传部"


def test_situation_at_an_instant_is_read_from_the_log(finished_school):
    r = RunReview(finished_school.db, finished_school.incident_id)
    f = r.fold
    before = r.situation_at(f.first("event:escalate") - timedelta(seconds=1))
    after = r.situation_at(f.first("event:escalate"))
    assert before.state.level == "IV" and after.state.level == "III"
    assert before.state.leaf == "escalation_review" and after.state.leaf == "city_led"
    early = r.situation_at(r.start + timedelta(minutes=10))
    assert early.state.leaf == "verifying" and [d["inject"] for d in early.injects] == ["I01", "I02"]
    assert "初报" not in early.reports() and "初报" in r.situation_at(r.end).reports()
    assert r.situation_at(r.start - timedelta(minutes=1)).state is None
    step = (r.end - r.start) / 23
    for k in range(25):  # the review's in-memory fold agrees with the service's state_at everywhere
        at = r.start + step * k
        assert r.state_at(at) == r.service.state_at(r.incident_id, at)
    ms = {m.title: m for m in r.metrics()}
    assert ms["赶赴现场核实"].status == "missed" and ms["赶赴现场核实"].late_done
    assert ms["赶赴现场核实"].measured == timedelta(minutes=40) and ms["赶赴现场核实"].target == timedelta(minutes=30)


def _pdftext(path):
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_drill_report_docx_and_pdf_carry_watermark_and_content(finished_school, tmp_path):
    r = RunReview(finished_school.db, finished_school.incident_id)
    record_improvement(r.service, r.incident_id, actor="评估员", issue="舆情回应缺位", action="修订新闻发布流程",
                       owner="县委宣传部", due="2026-12-31")
    r = RunReview(finished_school.db, finished_school.incident_id)
    docx, pdf = tmp_path / "r.docx", tmp_path / "r.pdf"
    write_report(r, docx)
    write_report(r, pdf)
    d = Document(str(docx))
    body = "\n".join(p.text for p in d.paragraphs)
    assert "演练 DRILL" in d.sections[0].header.paragraphs[0].text
    assert "演练总结报告" in body and "【演练】" in body
    cells = {c.text for t in d.tables for row in t.rows for c in row.cells}
    assert {"部分达标", "未达标", "达标", "修订新闻发布流程", "县委宣传部", "赶赴现场核实"} <= cells
    assert len(d.inline_shapes) == 1  # the timeline plot
    text = _pdftext(pdf)
    assert text.count("演练 DRILL") >= 2  # on every page
    for words in ("关键指标", "评估结果", "改进计划", "修订新闻发布流程", "部分达标"):
        assert words in text, words


def test_real_incident_review_has_no_watermark(tmp_path):
    db = open_database(f"sqlite:///{tmp_path / 'real.sqlite3'}")
    clock = ManualClock(datetime(2026, 11, 20, 2, 0, tzinfo=UTC))
    svc = IncidentService(db, clock)
    iid = svc.open(ROOT / "plans" / "food-county.yaml", title="某饭店聚餐食物中毒", actor="值班员", role="duty_officer",
                   facts={"cases": 12, "setting": "restaurant"}).incident_id
    clock.advance(timedelta(minutes=10))
    svc.command(iid, "fire", {"event": "dispatch"}, actor="值班员", role="duty_officer")
    clock.advance(timedelta(minutes=50))
    svc.tick(iid)
    r = RunReview(db, iid)
    assert not r.is_drill and r.scenario is None
    assert {m.title: m.status for m in r.metrics()}["赶赴现场核实"] == "missed"
    write_report(r, tmp_path / "real.pdf")
    write_report(r, tmp_path / "real.docx")
    assert "演练" not in _pdftext(tmp_path / "real.pdf")
    assert "处置总结报告" in "\n".join(p.text for p in Document(str(tmp_path / "real.docx")).paragraphs)
    db.close()


def test_cli_run_and_review(tmp_path, capsys):
    drill = tmp_path / "d.sqlite3"
    out = tmp_path / "out.docx"
    rc = main(["--db", str(tmp_path / "ref.sqlite3"), "drill", "run", str(SCHOOL), "--speed", "600", "--virtual",
               "--auto-players", "--drill-db", str(drill), "--report", str(out)])
    assert rc == 0 and out.is_file()
    text = capsys.readouterr().out
    assert "E01 30分钟内到达现场核实：部分达标" in text
    assert main(["--db", str(drill), "drill", "rate", "E08", "--result", "not_met", "--note", "未回应"]) == 0
    assert main(["--db", str(drill), "drill", "hotwash", "总体有序"]) == 0
    assert main(["--db", str(drill), "drill", "improve", "--issue", "迟报", "--action", "培训", "--owner", "县食安办",
                 "--due", "2026-12-31"]) == 0
    capsys.readouterr()
    iid = RunReview(open_database(str(drill)), "D" + text.split("事件 D")[1].split("，")[0]).incident_id
    assert main(["--db", str(drill), "review", iid, "--at", "PT1H", "--report", str(tmp_path / "r.pdf")]) == 0
    shown = capsys.readouterr().out
    assert "【演练】" in shown and "态势" in shown and "关键指标" in shown
    assert "未回应" in _pdftext(tmp_path / "r.pdf")
    assert main(["--db", str(drill), "review", "NOPE"]) == 1
    assert main(["--db", str(drill), "drill", "rate", "E99", "--result", "met"]) == 1
    err = capsys.readouterr().err
    assert "没有编号为 NOPE 的事件" in err and "没有评估项 E99" in err and "Traceback" not in err
