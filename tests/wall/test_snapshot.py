"""What the wall reads from the database: the active incidents, today's figures, the ticker."""

from __future__ import annotations

from datetime import timedelta

from console.incidents.rules import overdue_deadlines
from console.wall import figures as wall_figures
from console.wall.figures import Figure, FigureProvider
from console.wall.snapshot import countdown, day_start, read_snapshot
from tests.wall.conftest import NOW


def test_open_incidents_most_severe_first_with_their_next_deadline(wall_console):  # noqa: ANN001
    snap = read_snapshot(wall_console, NOW)
    open_ids = {s.id for s in wall_console.incidents.list(status="open")}
    assert {i.id for i in snap.incidents} == open_ids and len(open_ids) > 1
    ranks = [i.rank for i in snap.incidents]
    assert ranks == sorted(ranks)
    first = snap.incidents[0]
    assert first.level == "II" and first.level_name == "重大（II级）" and first.state_title == "应急处置"
    state = wall_console.incidents.state(first.id)
    assert first.overdue == len(overdue_deadlines(state, NOW)) > 0
    assert first.next_deadline is not None and first.next_deadline.due_at >= NOW  # the one still ahead
    assert first.area is not None and first.area["radius_m"] > 0  # its affected area for the map


def test_todays_figures(wall_console):  # noqa: ANN001
    snap = read_snapshot(wall_console, NOW)
    keys = [f.key for f in snap.figures]
    assert keys[:6] == ["received", "open", "open_tasks", "overdue", "reports", "stock_alerts"]
    summaries = wall_console.incidents.list()
    today = day_start(NOW)
    assert snap.figure("received").value == sum(1 for s in summaries if s.opened_at >= today)
    assert sum(snap.figure("received").series) == snap.figure("received").value
    assert snap.figure("open").value == len(snap.incidents) == sum(snap.figure("open").series)
    assert snap.figure("overdue").value == sum(i.overdue for i in snap.incidents)
    assert snap.figure("overdue").alarm
    assert snap.figure("open_tasks").value == sum(i.open_tasks for i in snap.incidents)


def test_a_registered_figure_is_shown_and_a_failing_one_says_why(wall_console):  # noqa: ANN001
    def broken(_data):  # noqa: ANN001, ANN202
        raise RuntimeError("没有这张表")

    wall_figures.register(FigureProvider("zz_closed", "已结案", 90, lambda d: Figure(
        "zz_closed", "已结案", sum(1 for s in d.summaries if s.status == "closed"), "起")))
    wall_figures.register(FigureProvider("zz_broken", "坏数据", 91, broken))
    try:
        snap = read_snapshot(wall_console, NOW)
        closed = snap.figure("zz_closed")
        assert closed is not None and closed.value == len(wall_console.incidents.list(status="closed"))
        broken_fig = snap.figure("zz_broken")
        assert broken_fig is not None and broken_fig.value is None and "没有这张表" in broken_fig.note
        assert [f.key for f in snap.figures][-2:] == ["zz_closed", "zz_broken"]
    finally:
        wall_figures._PROVIDERS.pop("zz_closed")  # noqa: SLF001 — the registry is module state
        wall_figures._PROVIDERS.pop("zz_broken")  # noqa: SLF001


def test_ticker_newest_first_in_the_timelines_words(wall_console):  # noqa: ANN001
    snap = read_snapshot(wall_console, NOW)
    assert snap.ticker
    times = [t.at for t in snap.ticker]
    assert times == sorted(times, reverse=True)
    assert all("_" not in t.text for t in snap.ticker)  # no raw event types
    assert any(t.text.startswith(("完成任务", "签收任务", "接报", "期限逾期", "派员")) for t in snap.ticker)


def test_a_new_event_is_in_the_next_snapshot(wall_console):  # noqa: ANN001
    before = read_snapshot(wall_console, NOW)
    wall_console.clock.advance(timedelta(minutes=1))
    iid = before.incidents[-1].id
    wall_console.incidents.command(iid, "note", {"text": "大屏核对：现场已封存"}, actor="王值班", role="duty_officer")
    r = wall_console.incidents.open("plans/food-municipal.yaml", title="某学校食堂学生呕吐（大屏测试）",
                                    actor="王值班", role="duty_officer", facts={"cases": 6}, place="城关镇")
    after = read_snapshot(wall_console, wall_console.clock.now())
    assert after.head_seq > before.head_seq
    assert after.ticker[0].text == "接报：某学校食堂学生呕吐（大屏测试）（发病（中毒）人数：6人）" or \
        after.ticker[0].incident_id == r.incident_id
    assert any(t.text == "值守记录：大屏核对：现场已封存" for t in after.ticker)
    assert after.incident(r.incident_id) is not None
    assert after.figure("received").value == before.figure("received").value + 1
    assert after.figure("open").value == before.figure("open").value + 1


def test_countdown_text():
    assert countdown(NOW + timedelta(hours=1, minutes=2, seconds=3), NOW) == ("01:02:03", False)
    assert countdown(NOW - timedelta(minutes=5), NOW) == ("已逾期 00:05:00", True)
    assert countdown(NOW + timedelta(hours=120), NOW)[0] == "120:00:00"
