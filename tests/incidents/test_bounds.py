"""Bounds on every incident input, checked before anything is written (SQLite and PostgreSQL).

Each hostile input is refused with a Chinese reason naming the field and the limit, as a
:class:`console.errors.Refused` (and the engine's ``Rejected`` the windows catch), and the
event count and the projection rows are exactly as before.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from console.app import Console
from console.errors import (
    OutsideJurisdiction,
    PositionOutOfBounds,
    Refused,
    TextTooLong,
    TimeOutOfBounds,
    ValueOutOfBounds,
)
from console.plan.engine import Rejected
from console.store.models import events_table, incidents_table
from tests.incidents.conftest import MUNICIPAL, T0

M = timedelta(minutes=1)
PUYANG = "410900"
INSIDE = (35.76, 115.03)  # 华龙区, inside 濮阳市


def written(db) -> tuple[int, list[tuple]]:
    """What the database holds: the event count and every projection row."""
    with db.reading() as conn:
        n = conn.execute(select(func.count()).select_from(events_table)).scalar_one()
        rows = [tuple(r) for r in conn.execute(select(incidents_table).order_by(incidents_table.c.id))]
    return n, rows


@pytest.fixture
def app(db, clock) -> Console:
    return Console(db, clock, jurisdiction=PUYANG)


@pytest.fixture
def iid(app) -> str:
    return app.incidents.open(MUNICIPAL, title="某小学食堂疑似食物中毒", actor="王值班", role="duty_officer",
                              facts={"cases": 12, "setting": "school"}, lat=INSIDE[0], lon=INSIDE[1],
                              place="华龙区").incident_id


def refused(db, kind: type[Refused], fn, *needles: str) -> Refused:
    """``fn`` is refused as ``kind`` (and as the engine's Rejected), its reason names every
    needle, and nothing was written."""
    before = written(db)
    with pytest.raises(kind) as ei:
        fn()
    assert isinstance(ei.value, Rejected) and isinstance(ei.value, Refused)
    for needle in needles:
        assert needle in ei.value.reason, (needle, ei.value.reason)
    assert written(db) == before
    return ei.value


def cmd(app, iid, type_, data, **kw):
    return lambda: app.incidents.command(iid, type_, data, actor="王值班", role=kw.pop("role", "duty_officer"),
                                         **kw)


# -- facts ---------------------------------------------------------------------------
def test_numeric_fact_without_max_has_a_default_limit(app, db, iid):
    # 住院人数 (hospitalized) has min 0 and no max in the plan: 2^64 once poisoned the log for good
    e = refused(db, ValueOutOfBounds, cmd(app, iid, "facts", {"facts": {"hospitalized": 2 ** 64}}),
                "住院人数", "不能大于 1,000,000")
    assert e.field == "住院人数"
    refused(db, ValueOutOfBounds, cmd(app, iid, "facts", {"facts": {"hospitalized": -1}}), "住院人数", "不能小于 0")
    refused(db, ValueOutOfBounds, cmd(app, iid, "facts", {"facts": {"cases": 1_000_001}}),
            "发病（中毒）人数", "不能大于 1,000,000")  # the plan's own max
    refused(db, Rejected, cmd(app, iid, "facts", {"facts": {"hospitalized": math.nan}}), "住院人数", "整数")
    refused(db, Rejected, cmd(app, iid, "facts", {"facts": {"hospitalized": "many"}}), "住院人数", "整数")
    # the limit itself is accepted (with as many cases: 住院人数 never exceeds them), and the log replays
    app.incidents.command(iid, "facts", {"facts": {"cases": 1_000_000, "hospitalized": 1_000_000}},
                          actor="王值班", role="duty_officer")
    assert app.incidents.check_projection(iid) == []
    assert app.incidents.state(iid).facts["hospitalized"] == 1_000_000


def test_fact_at_open_is_bounded_too(app, db):
    refused(db, ValueOutOfBounds, lambda: app.incidents.open(
        MUNICIPAL, title="测试", actor="王值班", role="duty_officer", facts={"cases": 3, "hospitalized": 10 ** 19}),
        "住院人数", "不能大于 1,000,000")


# -- times ---------------------------------------------------------------------------
def test_event_time_in_the_future_is_refused(app, db, iid):
    far = datetime(9999, 12, 31, 23, 0, tzinfo=UTC)
    refused(db, TimeOutOfBounds, cmd(app, iid, "fire", {"event": "dispatch"}, at=far), "发生时间", "5 分钟")
    refused(db, TimeOutOfBounds, cmd(app, iid, "note", {"text": "x"}, at=T0 + 6 * M), "发生时间", "不能记录将来")
    refused(db, TimeOutOfBounds, cmd(app, iid, "note", {"text": "x"}, at=datetime(2026, 11, 22, 16, 0)), "时区")
    r = app.incidents.command(iid, "note", {"text": "时钟略快"}, actor="王值班", role="duty_officer", at=T0 + 4 * M)
    assert r.events[-1].occurred_at == T0 + 4 * M
    # every later deadline is still kept (none was recorded as missed by a far-future time)
    assert not [d for d in app.incidents.state(iid).deadlines.values() if d["status"] == "missed"]


def test_backfill_needs_the_flag_and_is_recorded(app, db, clock, iid):
    clock.advance(3 * 60 * M)
    at = T0 + 20 * M
    e = refused(db, TimeOutOfBounds, cmd(app, iid, "fire", {"event": "dispatch"}, at=at), "补录")
    assert e.backfill
    r = app.incidents.command(iid, "fire", {"event": "dispatch"}, actor="王值班", role="duty_officer",
                              at=at, backfilled=True)
    [ev] = [x for x in r.events if x.type == "fire"]
    assert ev.occurred_at == at and ev.payload.get("backfilled") is True
    assert ev.recorded_at == clock.now()  # written now, about then
    # never earlier than the incident's last event, flag or not
    refused(db, TimeOutOfBounds, cmd(app, iid, "note", {"text": "x"}, at=at - M, backfilled=True), "不能倒流")
    # a time within the skew is not a back-fill: no flag, no mark
    r = app.incidents.command(iid, "note", {"text": "y"}, actor="王值班", role="duty_officer",
                              at=clock.now() - 2 * M)
    assert "backfilled" not in r.events[-1].payload


def test_received_time_bounds(app, db):
    def open_at(at):
        return lambda: app.incidents.open(MUNICIPAL, title="测试", actor="王值班", role="duty_officer",
                                          facts={"cases": 3}, received_at=at)

    refused(db, TimeOutOfBounds, open_at(T0 + 10 * M), "接报时间", "将来")
    refused(db, TimeOutOfBounds, open_at(datetime(9999, 12, 31, tzinfo=UTC)), "接报时间")
    refused(db, TimeOutOfBounds, open_at(datetime(1999, 12, 31, tzinfo=UTC)), "接报时间", "2000")
    r = open_at(T0 - 48 * 60 * M)()  # a 接报 two days ago is entered as it was
    assert r.state.received_at == T0 - 48 * 60 * M


# -- positions -----------------------------------------------------------------------
@pytest.mark.parametrize(("lat", "lon", "needle"), [
    (math.nan, 115.0, "纬度"), (35.7, math.inf, "经度"), (200.0, 115.0, "-90 到 90"), (35.7, -181.0, "-180 到 180"),
    (35.7, None, "同时填写"), ("35.7", 115.0, "纬度"),
])
def test_bad_coordinates_are_refused(app, db, lat, lon, needle):
    refused(db, PositionOutOfBounds, lambda: app.incidents.open(
        MUNICIPAL, title="测试", actor="王值班", role="duty_officer", facts={"cases": 3}, lat=lat, lon=lon), needle)


def test_outside_the_jurisdiction_needs_confirmation(app, db):
    beijing = (39.9, 116.4)

    def open_(**kw):
        return app.incidents.open(MUNICIPAL, title="辖区外", actor="王值班", role="duty_officer", facts={"cases": 3},
                                  lat=beijing[0], lon=beijing[1], **kw)

    refused(db, OutsideJurisdiction, open_, "辖区范围之外", "39.90000")
    r = open_(outside_ok=True)
    assert app.incidents.summary(r.incident_id).lat == beijing[0]


# -- texts ---------------------------------------------------------------------------
def test_text_limits_name_the_field(app, db, iid):
    def open_(**kw):
        return lambda: app.incidents.open(MUNICIPAL, actor="王值班", role="duty_officer", facts={"cases": 3}, **kw)

    refused(db, TextTooLong, open_(title="标" * 201), "事件名称", "上限 200 字")
    refused(db, TextTooLong, open_(title="测试", place="地" * 201), "地点", "上限 200 字")
    refused(db, TextTooLong, cmd(app, iid, "note", {"text": "记" * 4001}), "记录内容", "上限 4,000 字")
    refused(db, TextTooLong, cmd(app, iid, "decide_level", {"level": "III", "reason": "理" * 4001},
                                 role="commander"), "理由", "4,000")
    refused(db, ValueOutOfBounds, cmd(app, iid, "log.area", {"area": {"lat": 35.7, "lon": 115.0,
                                                                      "radius_m": math.nan}}), "半径（米）", "有限")
    app.incidents.command(iid, "note", {"text": "记" * 4000}, actor="王值班", role="duty_officer")


# -- properties ------------------------------------------------------------------------
SETTINGS = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
NUMBERS = st.one_of(st.integers(min_value=-(2 ** 70), max_value=2 ** 70), st.integers(-5, 1_000_005),
                    st.floats(allow_nan=True, allow_infinity=True), st.booleans(), st.text(max_size=3), st.none())


def expect(db, valid: bool, fn) -> None:
    """Valid input is accepted; anything else is refused (Refused only) and writes nothing."""
    before = written(db)
    try:
        fn()
    except Refused:
        assert not valid, "a valid input was refused"
        assert written(db) == before
        return
    assert valid, "an invalid input was accepted"


@pytest.fixture
def released_iid(app) -> str:
    """An incident under the municipal plan as released in 2026.1, whose `stable_hours` has no bounds of
    its own (the shipped format-2 plan measures stability by time windows instead, issue #17)."""
    released = Path(__file__).resolve().parents[1] / "plan" / "fixtures" / "released-2026.1" / "food-municipal.yaml"
    return app.incidents.open(released, title="某小学食堂疑似食物中毒", actor="王值班", role="duty_officer",
                              facts={"cases": 12, "setting": "school"}, lat=INSIDE[0], lon=INSIDE[1],
                              place="华龙区").incident_id


@SETTINGS
@given(value=NUMBERS)
def test_property_facts(app, db, released_iid, value):
    valid = value is None or (type(value) is int and 0 <= value <= 1_000_000)
    expect(db, valid, cmd(app, released_iid, "facts", {"facts": {"stable_hours": value}}))  # default ceiling


@SETTINGS
@given(minutes=st.one_of(st.integers(-600, 600), st.floats(-1e7, 1e7)), backfilled=st.booleans())
def test_property_times(app, db, iid, minutes, backfilled):
    svc = app.incidents
    now, last = app.clock.now(), svc.state(iid).now
    try:
        at = now + timedelta(minutes=minutes)
    except OverflowError:
        return
    valid = (last <= at <= now + 5 * M and datetime(2000, 1, 1, tzinfo=UTC) <= at
             and (backfilled or at >= now - 5 * M))
    expect(db, valid, cmd(app, iid, "note", {"text": "时间"}, at=at, backfilled=backfilled))
    app.clock.advance(M)


COORD = st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.floats(-200, 200), st.none())


@SETTINGS
@given(lat=COORD, lon=COORD, outside_ok=st.booleans())
def test_property_coordinates(app, db, lat, lon, outside_ok):
    box = (114.874458, 35.337443, 116.100242, 36.212761)  # 濮阳市 (west, south, east, north)
    if lat is None or lon is None:
        valid = lat is None and lon is None
    else:
        valid = (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180
                 and (outside_ok or (box[1] <= lat <= box[3] and box[0] <= lon <= box[2])))
    expect(db, valid, lambda: app.incidents.open(MUNICIPAL, title="坐标", actor="王值班", role="duty_officer",
                                                 facts={"cases": 3}, lat=lat, lon=lon, outside_ok=outside_ok))


def test_numbers_in_command_data_are_bounded_to_what_every_reader_keeps_exact() -> None:
    from console.incidents.bounds import DATA_NUMBER_MAX, ValueRefused, check_data

    check_data({"stock": {"lines": [{"at_us": 1_795_335_900_000_000, "qty": 5}]}})  # µs times fit
    for bad in (2**64, DATA_NUMBER_MAX + 1, float("nan"), float("inf")):
        with pytest.raises(ValueRefused):
            check_data({"stock": {"lines": [{"qty": bad}]}})
