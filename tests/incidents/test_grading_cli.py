"""Plan format 2 §B through ``python -m console``: assessed facts (``facts --assess``), a decision
citing a 需认定 rule (``decide --rule``), and what ``show`` and ``timeline`` say of them."""

from __future__ import annotations

from tests.incidents.conftest import ROOT
from tests.incidents.test_cli import run

PLAN = ROOT / "tests" / "plan" / "fixtures" / "grading2.yaml"
IID = "20261122-001"


def test_assessed_facts_and_a_rule_cited_decision(tmp_path):
    db = f"sqlite:///{tmp_path / 'g.sqlite3'}"
    r = run(db, "incident", "open", "--plan", str(PLAN), "--title", "学校食堂聚集性腹泻", "--fact", "cases=40",
            "--fact", "sensitive=true", "--at", "2026-11-22T09:00+08:00", "--backfill")
    assert r.returncode == 0, r.stderr
    assert "较大（III级）" in r.stdout
    r = run(db, "incident", "facts", IID, "--assess", "cases=150", "--at", "2026-11-22T09:05+08:00", "--backfill")
    assert r.returncode == 0, r.stderr
    assert "建议级别：重大（II级）（规则 5.2.1）" in r.stdout
    r = run(db, "incident", "facts", IID, "--assess", "deaths=1", "--at", "2026-11-22T09:06+08:00", "--backfill")
    assert r.returncode == 1 and "不是可评估的事实" in r.stderr and "Traceback" not in r.stderr
    r = run(db, "incident", "facts", IID)
    assert r.returncode == 1 and "--assess" in r.stderr
    r = run(db, "incident", "decide", IID, "--level", "II", "--reason", "国务院认定", "--rule", "A-I-3",
            "--role", "commander", "--at", "2026-11-22T09:10+08:00", "--backfill")
    assert r.returncode == 1 and "不能据此认定为重大（II级）" in r.stderr
    r = run(db, "incident", "decide", IID, "--level", "I", "--reason", "国务院认定", "--rule", "A-I-3",
            "--role", "commander", "--at", "2026-11-22T09:10+08:00", "--backfill")
    assert r.returncode == 0, r.stderr
    show = run(db, "incident", "show", IID).stdout
    assert "（依据规则 A-I-3）" in show
    assert "领导机构：Ⅰ级：国务院领导，国家食安委启动，国务院食安办组织实施" in show
    assert "可相应提高响应级别（至多一级）：敏感时期" in show
    assert "需认定：A.II.2「省政府认定的其他重大事故」" in show
    assert "发病人数（经评估可能）：150" in show
    timeline = run(db, "incident", "timeline", IID).stdout
    assert '经评估可能 {"cases": 150}' in timeline and "（依据规则 A-I-3）" in timeline
    assert run(db, "replay", IID).returncode == 0
