"""The review answers the question it exists for: was the 15-minute 接报登记 and the 30-minute
arrival met, and when? Both are ticked off after the incident moved on (派员核实, 核实确认);
the review and its PDF say 按时 or 超时 with the time, never 已取消. Closing the incident
records what was still to do as 结案时未完成 with the moment it closed."""

from __future__ import annotations

import shutil
import subprocess
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from console.clock import CHINA_TZ, ManualClock
from console.drills.report import write_report
from console.incidents import IncidentService
from console.review.service import RunReview
from console.store import open_database

ROOT = Path(__file__).resolve().parents[2]
T0 = datetime(2026, 11, 22, 16, 0, tzinfo=CHINA_TZ)


@pytest.fixture
def reviewed(tmp_path: Path) -> RunReview:
    db = open_database(f"sqlite:///{tmp_path / 'review.sqlite3'}")
    clock = ManualClock(T0)
    svc = IncidentService(db, clock)
    iid = svc.open(ROOT / "plans" / "food-municipal.yaml", title="某饭店聚餐后多人呕吐", actor="值班员",
                   role="duty_officer", facts={"cases": 12, "setting": "restaurant"}).incident_id

    def at(minutes: int, type_: str, data: dict[str, object], role: str = "duty_officer") -> None:
        clock.set(T0 + timedelta(minutes=minutes))
        svc.command(iid, type_, data, actor="值班员", role=role)

    def task(test: str) -> str:
        return next(t["id"] for t in svc.state(iid).tasks.values() if test in t["title"])

    at(9, "fire", {"event": "dispatch"})
    at(12, "complete_task", {"task": task("接报登记")})  # after leaving 接报: still counts
    at(27, "fire", {"event": "verified"})
    at(29, "complete_task", {"task": task("赶赴现场核实")})  # after leaving 核实: still counts
    clock.set(T0 + timedelta(minutes=75))
    svc.tick(iid)  # 保护现场 (1 h from 16:09) is recorded missed at 17:09
    at(80, "complete_task", {"task": task("保护现场")})
    at(90, "fire", {"event": "dismiss"})
    r = RunReview(db, iid)
    yield r
    db.close()


def test_the_review_says_met_with_the_time_where_it_said_cancelled(reviewed: RunReview) -> None:
    ms = {m.title: m for m in reviewed.metrics()}
    reg, onsite = ms["接报登记并报告带班领导"], ms["赶赴现场核实"]
    assert (reg.status, reg.measured, reg.status_zh) == ("met", timedelta(minutes=12), "按时（16:12 完成）")
    assert (onsite.status, onsite.measured, onsite.status_zh) == ("met", timedelta(minutes=29), "按时（16:29 完成）")
    scene = ms["保护现场、封存可疑食品及原料"]
    assert scene.status == "missed" and scene.status_zh == "超时（17:20 补办）"
    assert scene.measured == timedelta(minutes=71)
    # the 初报's first hop (format 2 chain, issue #17): due 18:00, the incident dismissed at 17:30 without it
    initial = ms["初报（逐级报告） 事发单位→县（区）市场监管局、卫生健康委（公文）"]
    assert (initial.status, initial.status_zh) == ("unfinished", "结案时未完成（17:30 结案）")
    # only the grading consultation ends with the dismissal: a consultation belongs to its state
    assert {t: m.status_zh for t, m in ms.items() if m.status == "cancelled"} == {"事件分级研判": "已取消（17:30）"}
    # a task still open at the dismissal is 不再需要, with the reason (plan format 2) — 采集样本 (the unit's
    # report is a chain hop now, above)
    ended = {t: m.status_zh for t, m in ms.items() if m.status == "not_needed"}
    assert set(ended) == {"采集样本并送检"}, ended
    assert all(z.startswith("不再需要（事件已排除：") for z in ended.values()), ended
    # one fewer than before issue #17: the unit's report is the chain's first hop, counted once above
    assert ("预案时限", "共7项：按时2项，超时2项，结案时未完成1项，不再需要1项") in reviewed.headline()


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) 未安装")
def test_the_review_pdf_prints_the_results_with_their_times(reviewed: RunReview, tmp_path: Path) -> None:
    pdf = write_report(reviewed, tmp_path / "review.pdf")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    flat = "".join(text.split())
    # 结案时未完成 is the chain hop's row (issue #17), whose long title wraps beside its status cell
    for words in ("按时（16:12完成）", "按时（16:29完成）", "超时（17:20补办）", "结案时未完成",
                  "不再需要（事件已排除："):
        assert words in flat, words
    assert flat.count("已取消") == 1  # the grading consultation (see above), nothing else
