"""The scenario's organisation block (形式/内容/目的, roster, early-stop criteria, segments),
the releasing controller of each inject, and 意外终止 recorded in the drill log."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from console.cli import main
from console.drills.runner import DrillStateError, early_stop_of
from console.drills.scenario import ScenarioError, load_scenario, load_scenario_text
from console.review.service import RunReview
from console.store.db import open_database
from tests.drills.conftest import KINDERGARTEN, SCHOOL, virtual_run


def test_the_canteen_drill_is_functional_comprehensive_and_older_scenarios_still_load() -> None:
    s = load_scenario(SCHOOL)
    org = s.organisation
    assert org is not None and (org.form, org.content, org.purpose) == ("functional", "comprehensive", "test")
    assert s.type_title == "功能演练（综合·检验性）"
    assert [r.name for r in org.people("总指挥")] == ["林建国"] and len(org.people("导调")) == 2
    assert org.stop_criteria[0].startswith("发生真实的食品安全事故")
    assert org.segment_of("I03").site == "事发学校" and org.segment_of("I03").controller == "郑现场"
    old = load_scenario(KINDERGARTEN)
    assert old.organisation is None and old.type_title == "桌面演练"


def _with(org: str) -> str:
    text = SCHOOL.read_text("utf-8")
    start = text.index("organisation:")
    end = text.index("objectives:")
    return text[:start] + org + text[end:]


def _errors(text: str) -> list[str]:
    with pytest.raises(ScenarioError) as e:
        load_scenario_text(text, "canteen.yaml", base=SCHOOL.parent)
    return [str(d) for d in e.value.diagnostics]


def test_unknown_values_are_located_errors() -> None:
    errs = _errors(_with("organisation:\n  form: 功能\n  content: 混合\n  purpose: 检验性\n"
                         "  roster:\n    - {name: 张三, role: 司令}\n"))
    text = "\n".join(errs)
    assert "canteen.yaml:" in text and "混合" in text and "司令" in text
    line = _with("").count("\n", 0, _with("").index("objectives:"))  # where the block starts
    assert any(e.startswith(f"canteen.yaml:{line + 3}:") for e in errs), errs  # content: on its own line
    errs = _errors(_with("organisation:\n  form: 桌面\n  segments:\n    - {site: 学校, injects: [I03, I99]}\n"
                         "    - {site: 中心, injects: [I03]}\n"))
    text = "\n".join(errs)
    assert "与 `type: functional`" in text and "不存在的注入 `I99`" in text and "只能属于一个分段" in text
    errs = _errors(_with("organisation:\n  roster:\n    - {name: 王导调, role: 导调}\n"
                         "  segments:\n    - {site: 学校, controller: 李四, injects: [I03]}\n"))
    assert any("分段导调「李四」不在人员名单中" in e for e in errs)


def test_each_inject_records_its_site_and_releasing_controller(tmp_path: Path) -> None:
    run = virtual_run(SCHOOL, tmp_path)
    run.start()
    run.clock.sleep_until(run.t0 + timedelta(minutes=5))
    run.poll()
    run.release_now("I03", controller="郑现场")
    run.release_now("I12")  # in no segment: the controller running the drill
    assert run.fold.injects["I01"]["controller"] == "王导调"
    assert run.fold.injects["I01"]["site"] == "县市场监管局应急指挥中心"
    assert (run.fold.injects["I03"]["controller"], run.fold.injects["I03"]["site"]) == ("郑现场", "事发学校")
    assert run.fold.injects["I12"]["controller"] == run.controller and "site" not in run.fold.injects["I12"]
    run.db.close()


def test_an_early_stop_is_recorded_with_reason_and_who(tmp_path: Path) -> None:
    run = virtual_run(SCHOOL, tmp_path)
    run.start()
    run.clock.sleep_until(run.t0 + timedelta(minutes=10))
    run.poll()
    with pytest.raises(DrillStateError, match="原因"):
        run.stop_early(" ", by="林建国")
    with pytest.raises(DrillStateError, match="决定终止"):
        run.stop_early("发生真实事故", by="")
    run.stop_early("辖区发生真实食物中毒，参演人员转入实战", by="林建国")
    assert run.ended
    stop = early_stop_of(run.fold.drill)
    assert stop is not None and stop["by"] == "林建国" and stop["reason"].startswith("辖区发生真实")
    end = [d for d in run.fold.drill if d["action"] == "end"][-1]
    assert end["reason"].startswith("意外终止：") and end["unreleased"]
    with pytest.raises(DrillStateError):
        run.stop_early("again", by="林建国")
    run.db.close()


def test_drill_stop_on_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run = virtual_run(SCHOOL, tmp_path)
    run.start()
    run.clock.sleep_until(run.t0 + timedelta(minutes=10))
    run.poll()
    iid = run.incident_id
    run.db.close()
    url = f"sqlite:///{tmp_path / 'drill.sqlite3'}"
    assert main(["--db", url, "drill", "stop", "--reason", "真实事故", "--by", "林建国", "--actor", "王导调"]) == 0
    assert "已记录意外终止（林建国：真实事故）" in capsys.readouterr().out
    assert main(["--db", url, "drill", "stop", "--reason", "再次", "--actor", "王导调"]) == 1
    assert "已于" in capsys.readouterr().err
    db = open_database(url)
    try:
        stop = early_stop_of(RunReview(db, iid).fold.drill)  # type: ignore[arg-type]
        assert stop is not None and stop["by"] == "林建国" and stop["reason"] == "真实事故"
    finally:
        db.close()
