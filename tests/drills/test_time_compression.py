"""Plan format 2 in drills: time compression (inject ``skip``), datetime facts given as ``now``, and
the expected action ``approve`` (登记上级批复), on a small termination plan (tests/drills/fixtures)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from console.clock import CHINA_TZ
from console.drills.clock import MAX_HEADLESS_SPEED, DrillClock, DrillClockError
from console.drills.evaluation import assess
from console.drills.runner import DrillRun
from console.drills.scenario import ScenarioError, load_scenario_text, resolve_facts
from console.drills.store import create_drill_database
from console.plan.engine import Rejected
from console.timeline.wording import describe
from tests.drills.conftest import T0, virtual_run

FIXTURES = Path(__file__).parent / "fixtures"
SCENARIO = FIXTURES / "termination-skip.yaml"
SKIP_FROM = T0 + timedelta(hours=2)  # I03 goes out at T+2:00 …
SKIP_TO = SKIP_FROM + timedelta(days=3)  # … and the drill clock reads D+3 after it


def _local(t: datetime) -> str:
    return t.astimezone(CHINA_TZ).isoformat(timespec="seconds")


def _step_until(run: DrillRun, t: datetime) -> None:
    """Play the drill up to drill time ``t`` (virtual clock), releasing and auto-playing on the way."""
    while (nxt := run.next_due()) is not None and nxt <= t:
        run.clock.sleep_until(nxt)
        run.poll()
    run.clock.sleep_until(t)
    run.poll()


# -- the drill clock -----------------------------------------------------------------------------

def test_advance_jumps_a_running_a_paused_and_a_virtual_clock():
    wall = [100.0]
    clock = DrillClock(T0, 10, wall=lambda: wall[0])
    clock.start()
    wall[0] += 6  # 6 wall seconds at ×10: one drill minute
    assert clock.advance(timedelta(days=2)) == T0 + timedelta(days=2, minutes=1)
    wall[0] += 6  # it keeps running at its speed after the jump
    assert clock.now() == T0 + timedelta(days=2, minutes=2) and clock.running
    clock.pause()
    clock.advance(timedelta(hours=6))
    assert clock.now() == T0 + timedelta(days=2, hours=6, minutes=2) and not clock.running
    virtual = DrillClock(T0, 60, max_speed=MAX_HEADLESS_SPEED, virtual=True)
    virtual.start()
    virtual.advance(timedelta(hours=1))
    virtual.sleep_until(T0 + timedelta(minutes=30))  # the past: no jump back
    assert virtual.now() == T0 + timedelta(hours=1)


@pytest.mark.parametrize("delta", [timedelta(0), timedelta(hours=-1)])
def test_advance_refuses_a_zero_or_negative_span(delta):
    clock = DrillClock(T0, 1)
    clock.start()
    with pytest.raises(DrillClockError, match="时间压缩只能向前跳过一段大于零的时长"):
        clock.advance(delta)
    assert clock.now() >= T0
    clock.stop()
    with pytest.raises(DrillClockError, match="演练已结束"):
        clock.advance(timedelta(hours=1))


def test_now_facts_resolve_to_the_drill_time_for_datetime_facts_only():
    sc = load_scenario_text(SCENARIO.read_bytes(), "s.yaml", base=FIXTURES)
    at = datetime(2026, 11, 25, 8, 15, tzinfo=UTC)
    out = resolve_facts({"stable_since": "now", "cases": 3, "max_incubation": "PT72H"}, sc.plan, at)
    assert out == {"stable_since": "2026-11-25T16:15:00+08:00", "cases": 3, "max_incubation": "PT72H"}


# -- a headless run ------------------------------------------------------------------------------

@pytest.fixture
def run(tmp_path):
    r = virtual_run(SCENARIO, tmp_path)
    yield r
    r.db.close()


def test_skip_now_and_approve_drive_a_termination(run):
    run.start()
    _step_until(run, T0 + timedelta(minutes=90))
    # before the skip: responding, the facts set to the drill time, but the 24-hour window not open yet
    s = run.fold.state
    assert s.leaf == "responding"
    assert s.facts["stable_since"] == _local(T0 + timedelta(hours=1))  # I02's `now`
    assert s.facts["last_case_at"] == _local(T0 + timedelta(hours=1, minutes=5))  # X02's `now`, 5 min later
    with pytest.raises(Rejected, match="距病情稳定时间已满 24 小时"):
        run.service.command(run.incident_id, "fire", {"event": "request_end"}, actor="指挥长甲", role="commander")
    assert run.fold.state.leaf == "responding"

    run.run_headless()
    f, s = run.fold, run.fold.state
    # the clock jumped three days as I03 went out; the log and the trainer's view say so
    (skip,) = [d for d in f.drill if d["action"] == "skip"]
    assert skip["inject"] == "I03" and skip["text"] == "时间压缩：跳过 3 天" and skip["seconds"] == 3 * 86400
    assert skip["at"] == SKIP_TO and skip["from"] == SKIP_FROM.isoformat() and skip["to"] == SKIP_TO.isoformat()
    assert run.skips == [(SKIP_FROM, SKIP_TO)]
    i03 = run.injects["I03"]
    assert i03.released_at == SKIP_TO and i03.note == "时间压缩：跳过 3 天" and run.injects["I02"].note == ""
    assert f.injects["I03"]["skip"] == "时间压缩：跳过 3 天"
    assert run.scenario.schedule_of(i03.inject) == "T+2:00（时间压缩：跳过 3 天）"
    # I04 (T+5:00) fell inside the skipped span: it went out at once, on schedule, not lost
    assert run.injects["I04"].released_at == SKIP_TO and run.injects["I04"].released_by == "schedule"
    assert run.injects["I04"].latency_s == 0.0
    # the window guard opened only after the skip: request_end refused at T+1:30, fired at D+3
    assert [x.what for x in f.refused] == ["提请终止响应"] and f.refused[0].at < SKIP_FROM
    assert f.first("event:request_end") == SKIP_TO + timedelta(minutes=10)
    # the approval was requested on entering 报请终止 and recorded with its 文号
    rec = s.approvals["terminate_gov"]
    assert rec["status"] == "granted" and rec["doc_no"] == "X政函〔2026〕12号" and rec["decided_by"] == "市人民政府"
    assert rec["requested_at"] == SKIP_TO + timedelta(minutes=10)
    assert rec["decided_at"] == SKIP_TO + timedelta(minutes=50)  # I05 30 min after, X05 10 min after that
    assert f.first("approval:terminate_gov") == rec["decided_at"]
    # I06 was triggered by the approval; termination was reached
    assert run.injects["I06"].released_at == rec["decided_at"] and run.injects["I06"].released_by == "trigger"
    assert s.leaf == "terminated" and s.closed and not run.failures
    # every expected action done in time, the approval's with its 文号 in words
    pend = {p.expectation.id: p for p in run.pending()}
    assert {k: p.status for k, p in pend.items()} == dict.fromkeys(["X01", "X02", "X03", "X05", "X06"], "done")
    assert pend["X05"].done_at == rec["decided_at"]
    a = assess(run.scenario, f)
    assert {r.item.id: r.result for r in a.results} == {"E1": "met", "E2": "met", "E3": "met"}
    assert a.responses["X05"].on_time and "X政函〔2026〕12号" in a.responses["X05"].text
    assert "市人民政府批准" in a.responses["X05"].text
    # the timeline says time was compressed
    texts = [describe(run.plan, e.type, e.payload["data"]) for e in run.service.timeline(run.incident_id)]
    assert "演练导调：时间压缩：跳过 3 天" in texts


def test_an_expected_action_released_before_the_skip_is_judged_on_drill_time(tmp_path):
    """X02 goes out at T+1:00 with 30 minutes to do it; its auto-player comes only after the skip:
    done three days later by the drill clock, so late."""
    text = SCENARIO.read_text("utf-8").replace("within: PT30M,\n         auto_after: PT5M}",
                                               "within: PT30M,\n         auto_after: PT90M}")
    path = tmp_path / "late.yaml"
    path.write_text(text.replace("plan: termination-plan.yaml", f"plan: {FIXTURES / 'termination-plan.yaml'}"),
                    "utf-8")
    db = create_drill_database(tmp_path / "late.sqlite3")
    clock = DrillClock(T0, 60, max_speed=MAX_HEADLESS_SPEED, virtual=True)
    from console.drills.scenario import load_scenario

    r = DrillRun(load_scenario(path), db, clock, auto_players=True)
    r.run_headless()
    x02 = next(p for p in r.pending() if p.expectation.id == "X02")
    assert x02.due_at == T0 + timedelta(hours=1, minutes=30)
    assert x02.done_at == SKIP_TO and x02.status == "late"
    # its `now` is the drill time after the skip, so the incubation window restarts from D+3
    assert r.fold.state.facts["last_case_at"] == _local(SKIP_TO)
    db.close()


# -- located errors ------------------------------------------------------------------------------

def _errors(text: str) -> list[str]:
    with pytest.raises(ScenarioError) as ei:
        load_scenario_text(text, "s.yaml", base=FIXTURES)
    return [str(d) for d in ei.value.diagnostics]


@pytest.mark.parametrize("old,new,needle,words", [
    ("skip: P3D", "skip: PT0M", "skip: PT0M", "`skip`（时间压缩）应为大于零的时长"),
    ("skip: P3D", "skip: P0D", "P0D", "`skip`（时间压缩）应为大于零的时长"),
    ("skip: P3D", "skip: P1Y", "P1Y", "`skip`（时间压缩）"),
    ("facts: {stable_since: now, last_case_at: now}", "facts: {cases: now, last_case_at: now}", "cases: now",
     "只有时间型事实（type: datetime）可以写 `now`"),
    ("action: {facts: {last_case_at: now}}", "action: {facts: {max_incubation: now}}", "max_incubation: now",
     "「最长潜伏期」（max_incubation）是 duration 型"),
    ("facts: {cases: 40, max_incubation: PT72H}", "facts: {cases: 40, max_incubation: PT72H, stage: now}",
     "stage: now", "预案没有声明事实"),
    ("approve: {approval: terminate_gov,", "approve: {approval: terminate_city,", "terminate_city",
     "预案中没有审批事项 `terminate_city`（可用：terminate_gov）"),
    ('granted: true, doc_no: "X政函〔2026〕12号", by', "granted: true, by", "granted: true, by",
     "批准须登记批准文号 `doc_no`"),
    ('granted: true, doc_no: "X政函〔2026〕12号", by', "granted: false, by", "granted: false",
     "不予批准须写明理由 `reason`"),
    ("role: commander\n        within: PT1H", "role: deputy\n        within: PT1H", "role: deputy",
     "角色「副指挥长」无权登记「终止应急响应报市人民政府批准」的批复"),
    ("measure: {approval: terminate_gov}, from", "measure: {approval: terminate_x}, from", "terminate_x",
     "评估项引用了预案中没有的审批事项（报请批准） `terminate_x`"),
    ("when: {approval: terminate_gov}", "when: {approval: nope}", "nope", "触发条件引用了预案中没有的审批事项"),
])
def test_mistakes_are_located(old, new, needle, words):
    text = SCENARIO.read_text("utf-8")
    assert old in text, old
    text = text.replace(old, new, 1)
    errs = _errors(text)
    line = text[: text.index(needle)].count("\n") + 1
    assert any(e.startswith(f"s.yaml:{line}:") and words in e for e in errs), errs


def test_approve_needs_its_approval_id_and_granted_in_the_schema():
    text = SCENARIO.read_text("utf-8").replace("approve: {approval: terminate_gov, granted: true,",
                                               "approve: {approval: terminate_gov,")
    errs = _errors(text)
    assert any("granted" in e for e in errs), errs


def _docx_text(path: Path) -> str:
    from docx import Document

    d = Document(str(path))
    return "\n".join([p.text for p in d.paragraphs] + [c.text for t in d.tables for row in t.rows for c in row.cells])


def test_the_review_and_the_reports_say_time_was_compressed_and_name_the_doc_no(run, tmp_path):
    from console.drills.report import write_drill_document, write_report
    from console.review.service import RunReview

    run.run_headless()
    review = RunReview(run.db, run.incident_id)
    assert review.scenario is not None and review.scenario.inject("I03").skip == timedelta(days=3)
    assert {r.item.id: r.result for r in review.evaluation()} == {"E1": "met", "E2": "met", "E3": "met"}
    text = _docx_text(write_report(review, tmp_path / "r.docx"))
    assert "T+2:00（时间压缩：跳过 3 天）" in text  # the inject's schedule
    text = _docx_text(write_drill_document(review, "evaluation", tmp_path / "e.docx"))
    assert "（其中时间压缩跳过 3 天）" in text
    assert "，时间压缩：跳过 3 天）" in text  # on I03's line
    assert "X政函〔2026〕12号" in text  # the approval, with its 文号, among the decisions


def test_a_refused_approval_is_recorded_and_concerns_the_approval_items(run):
    """A player who records the government's answer before the plan asked for it is refused; the
    attempt is kept and shown against the items that measure that approval."""
    from console.drills.refusals import concerned_items

    run.start()
    _step_until(run, T0 + timedelta(minutes=20))
    with pytest.raises(Rejected, match="尚未报请"):
        run.service.command(run.incident_id, "approval_decided",
                            {"approval": "terminate_gov", "granted": True, "doc_no": "X政函〔2026〕9号"},
                            actor="指挥长甲", role="commander")
    run.sync()
    (x,) = run.fold.refused
    assert x.what == "登记上级批复「终止应急响应报市人民政府批准」"
    assert [it.id for it in concerned_items(run.scenario, x)] == ["E1", "E2", "E3"]  # E3: X05 is that approval
    assert run.fold.first("approval:terminate_gov") is None


def test_a_hand_released_skip_on_a_running_clock_lets_passed_offsets_out_at_once(tmp_path):
    """The controller releases I03 early by hand on a real (non-virtual) clock: the clock jumps three
    days, I02 (T+1:00) and I04 (T+5:00) go out on the next poll, and their lateness does not count
    the skipped span."""
    from console.drills.scenario import load_scenario

    wall = [0.0]
    clock = DrillClock(T0, 60, max_speed=MAX_HEADLESS_SPEED, wall=lambda: wall[0], sleep=lambda s: None)
    db = create_drill_database(tmp_path / "hand.sqlite3")
    r = DrillRun(load_scenario(SCENARIO), db, clock, auto_players=False)
    r.start()
    r.poll()
    wall[0] += 30  # 30 wall seconds at ×60: T+0:30
    r.release_now("I03")
    jumped = T0 + timedelta(days=3, minutes=30)
    assert r.injects["I03"].released_at == jumped and r.injects["I03"].released_by == "hand"
    assert [d["action"] for d in r.fold.drill] == ["start", "skip"]
    wall[0] += 1  # one wall second later: one drill minute
    r.poll()
    for iid in ("I02", "I04"):
        st = r.injects[iid]
        assert st.released_at == jumped + timedelta(minutes=1) and st.released_by == "schedule"
        assert st.latency_s == pytest.approx(1.0)  # the wall second since the jump, not three days
    assert r.fold.state.facts["stable_since"] == _local(jumped + timedelta(minutes=1))
    r.end()
    db.close()
