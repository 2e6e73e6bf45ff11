"""Evaluation by objective and capability, quality checks from the log, and the two filed documents."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from docx import Document

from console.cli import main
from console.drills.evaluation import (
    DrillInputError,
    assess,
    record_capability_rating,
    record_finding,
    record_rating,
    submitted_reports,
)
from console.drills.report import drill_document, write_drill_document
from console.review.service import RunReview
from tests.drills.conftest import KINDERGARTEN, virtual_run


def _assessment(run):
    r = RunReview(run.db, run.incident_id)
    return r, assess(r.scenario, r.fold, submitted_reports(r.db, r.incident_id))


def test_quality_checks_are_computed_from_the_drill_log(finished_school):
    _r, a = _assessment(finished_school)
    res = {x.item.id: x for x in a.results}
    # 初报: the simulated player filled every required field, the telephone only with a placeholder
    assert res["E09"].result == "partly" and "联系电话" in res["E09"].explanation
    assert res["E10"].result == "met" and "32人" in res["E10"].explanation  # the consultation's reasoning
    assert res["E11"].result == "met" and "专家核定" in res["E11"].explanation  # the level's basis
    assert res["E12"].result == "pending" and res["E12"].final_zh == "待评估员评定"


def test_results_roll_up_per_objective_with_named_evaluators(finished_school):
    run = finished_school
    r, a = _assessment(run)
    by = {o.id: o for o in a.objectives}
    assert by["O2"].capability == "分级研判与响应启动"
    assert [x.item.id for x in by["O2"].items] == ["E03", "E04", "E10", "E11", "E12"]
    assert by["O2"].computed == "P" and by["O2"].final == "P"  # E12 not yet rated: not counted
    assert by["O1"].computed == "S"  # on site and 初报 late but within the partly window, 初报 with a placeholder
    assert by["O4"].computed == "M"  # materials met, public opinion never answered
    record_capability_rating(r.service, r.incident_id, r.scenario, "O2", "S", "不同意见未记录", actor="评估员甲")
    record_capability_rating(r.service, r.incident_id, r.scenario, "O2", "M", "会商组织慢", actor="评估员乙")
    record_capability_rating(r.service, r.incident_id, r.scenario, "O2", "P", "复核后改评", actor="评估员甲")
    record_rating(r.service, r.incident_id, r.scenario, "E12", "not_met", "未记录流行病学专家意见", actor="评估员乙")
    record_finding(r.service, r.incident_id, r.scenario, "improvement", "专家不同意见未进入会商纪要",
                   "会商纪要模板无不同意见一栏", "O2", actor="评估员乙")
    _r, a = _assessment(run)
    o2 = {o.id: o for o in a.objectives}["O2"]
    assert {(c.evaluator, c.rating) for c in o2.ratings} == {("评估员甲", "P"), ("评估员乙", "M")}  # latest each
    assert o2.final == "M"  # the most severe of the evaluators' ratings
    assert o2.computed == "M"  # E12 now rated 未达标 by the evaluator: one item not met
    e12 = next(x for x in o2.items if x.item.id == "E12")
    assert e12.final == "not_met" and e12.rated_by == "评估员乙"
    imp = [f for f in a.findings if f.kind == "improvement" and f.evaluator]
    assert imp[0].cause == "会商纪要模板无不同意见一栏" and imp[0].objective == "O2"
    computed = [f for f in a.findings if f.kind == "improvement" and not f.evaluator]
    assert any("舆情" in f.text and "未见" in f.cause for f in computed)  # the cause is the log's reason
    assert set(a.evaluators) == {"评估员甲", "评估员乙"}


def test_bad_ratings_are_refused_and_nothing_is_saved(finished_school, capsys):
    run = finished_school
    r = RunReview(run.db, run.incident_id)
    before = len(r.service.events(r.incident_id)) if hasattr(r.service, "events") else len(r.events)
    with pytest.raises(DrillInputError, match="没有演练目标 O9"):
        record_capability_rating(r.service, r.incident_id, r.scenario, "O9", "P", "x", actor="评估员")
    with pytest.raises(DrillInputError, match="能力评定"):
        record_capability_rating(r.service, r.incident_id, r.scenario, "O1", "X", "x", actor="评估员")
    with pytest.raises(DrillInputError, match="观察记录"):
        record_capability_rating(r.service, r.incident_id, r.scenario, "O1", "P", "  ", actor="评估员")
    with pytest.raises(DrillInputError, match="没有演练目标 O9"):
        record_finding(r.service, r.incident_id, r.scenario, "lesson", "x", objective="O9", actor="评估员")
    with pytest.raises(DrillInputError, match="类别"):
        record_finding(r.service, r.incident_id, r.scenario, "gossip", "x", actor="评估员")
    db = str(run.db.url)
    assert main(["--db", db, "drill", "rate", "--objective", "O9", "--rating", "P", "--observation", "x"]) == 1
    err = capsys.readouterr().err
    assert "没有演练目标 O9" in err and "Traceback" not in err
    after = RunReview(run.db, run.incident_id)
    assert len(after.events) == len(r.events) == before
    assert not after.fold.objective_ratings and not after.fold.findings


def _ids(scenario) -> set[str]:
    plan = scenario.plan
    ids = set(plan.states) | set(plan.events) | set(plan.report_kinds) | set(plan.units) | set(plan.roles)
    ids |= set(plan.facts) | set(plan.approvals)
    for st in plan.states.values():
        for e in list(st.enter) + list(st.exit) + [e for tr in st.transitions for e in tr.effects]:
            if e.kind == "task" and e.params.get("id"):
                ids.add(e.params["id"])
    ids |= {scenario.id}
    return {i for i in ids if re.fullmatch(r"[a-z_]{4,}", i)}


def _no_ids(text: str, ids: set[str]) -> None:
    found = set(re.findall(r"[a-z_]{4,}", text)) & ids
    assert not found, found


EVALUATION_SECTIONS = ("演练执行情况", "目标实现情况", "预案的合理性与可操作性", "指挥协调与应急联动",
                       "参演人员处置能力",
                       "设备装备适用性", "存在问题与改进建议", "成本效益", "参演人员", "附件")
SUMMARY_SECTIONS = ("演练基本概要", "参演单位和参演人员", "演练执行情况", "目标实现情况", "发现的问题与原因",
                    "经验教训",
                    "改进工作的建议", "附件")


def test_the_two_documents_in_official_layout_without_ids(finished_school, tmp_path):
    run = finished_school
    r = RunReview(run.db, run.incident_id)
    record_capability_rating(r.service, r.incident_id, r.scenario, "O4", "M", "舆情回应缺位", actor="评估员丙")
    record_finding(r.service, r.incident_id, r.scenario, "cost", "动用快检试剂20份、车辆3台次，约1.2万元",
                   actor="评估员丙")
    record_finding(r.service, r.incident_id, r.scenario, "lesson", "提级研判需提前准备学校就餐名单", actor="评估员丙")
    r = RunReview(run.db, run.incident_id)
    ids = _ids(r.scenario)
    assert {"verifying", "onsite", "adjust_gov"} <= ids  # states, tasks and approvals: never shown by id
    kinds = (("evaluation", EVALUATION_SECTIONS, "评估报告"), ("summary", SUMMARY_SECTIONS, "总结报告"))
    for kind, heads, title in kinds:
        doc = drill_document(r, kind)
        text = doc.plain_text()
        _no_ids(text, ids)
        assert title in doc.title
        for h in heads:
            assert any(h in s.heading for s in doc.sections), (kind, h)
        docx = write_drill_document(r, kind, tmp_path / f"{kind}.docx")
        body = "\n".join(p.text for p in Document(str(docx)).paragraphs)
        _no_ids(body, ids)
        for h in heads:
            assert h in body, h
        assert "演练 DRILL" in Document(str(docx)).sections[0].header.paragraphs[0].text
        # deadlines not yet due at the end are 未到期; work done in time is 按时, never 已取消 or 未完成 for it
        assert "未到期" in body and "按时" in body and "已取消" not in body
        assert "评估员丙" in body and "1.2万元" in body
        pdf = write_drill_document(r, kind, tmp_path / f"{kind}.pdf")
        if shutil.which("pdftotext"):
            ptext = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
            flat = re.sub(r"\s+", "", ptext)
            for h in heads:
                assert h in flat, h
            _no_ids(ptext, ids)
    ev = drill_document(r, "evaluation").plain_text()
    assert "完成但存在重大问题（M）" in ev and "评估员丙评定" in ev and "观察记录：舆情回应缺位" in ev
    assert "赶赴现场核实：时限30分钟，超时（" in ev  # on site after 40 minutes, done late


def test_tabletop_documents_print_the_parts_and_the_answers(tmp_path):
    run = virtual_run(KINDERGARTEN, tmp_path)
    run.run_headless()
    r = RunReview(run.db, run.incident_id)
    text = drill_document(r, "summary").plain_text()
    for part in ("初始应对", "全面应对", "扩大应急", "应急终止"):
        assert f"部分 {part}" in text
    assert "参演人员答复" in text and "责成危害控制组对同一配送公司供货的3所幼儿园开展排查" in text
    assert "参考答案：" in text and "评估要点：" in text
    assert "30分钟内" not in text  # no clock items in a discussion drill
    _no_ids(text, _ids(r.scenario))
    run.db.close()


def test_cli_report_kinds(finished_school, tmp_path, capsys):
    db = str(finished_school.db.url)
    assert main(["--db", db, "drill", "rate", "--objective", "O1", "--rating", "S", "--observation", "初报偏慢",
                 "--actor", "评估员丁"]) == 0
    assert main(["--db", db, "drill", "finding", "--kind", "improvement", "--text", "初报偏慢", "--cause", "模板不熟",
                 "--actor", "评估员丁"]) == 0
    for kind in ("evaluation", "summary"):
        out = tmp_path / f"{kind}.docx"
        assert main(["--db", db, "drill", "report", "--kind", kind, str(out)]) == 0 and out.is_file()
    body = "\n".join(p.text for p in Document(str(tmp_path / "evaluation.docx")).paragraphs)
    assert "评估员丁评定：完成但存在一些问题（S）" in body and "原因：模板不熟" in body
    assert main(["--db", db, "drill", "report", "--kind", "summary", str(tmp_path / "x.txt")]) == 1
    assert "不支持的报告格式" in capsys.readouterr().err


def test_scenario_with_a_model_answer_on_an_unknown_state_is_refused_and_nothing_is_made(tmp_path, capsys):
    from tests.drills.conftest import ROOT

    text = KINDERGARTEN.read_text("utf-8").replace("plan: ../plans/food-municipal.yaml",
                                                   f"plan: {ROOT / 'plans' / 'food-municipal.yaml'}")
    bad = text.replace("负责人。, state: verifying}", "负责人。, state: nowhere}")
    assert bad != text
    path = tmp_path / "bad.yaml"
    path.write_text(bad, "utf-8")
    drill = tmp_path / "d.sqlite3"
    assert main(["drill", "run", str(path), "--virtual", "--no-seed", "--drill-db", str(drill)]) == 1
    err = capsys.readouterr().err
    line = bad[: bad.index("state: nowhere")].count("\n") + 1
    assert f"bad.yaml:{line}:" in err and "参考答案引用了预案中没有的状态 `nowhere`" in err and "Traceback" not in err
    assert not drill.exists()
