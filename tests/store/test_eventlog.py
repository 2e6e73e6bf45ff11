"""The event log on both backends: round trip, stale appends, tamper detection, snapshots."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import exc, select, text

from console.clock import ManualClock
from console.store import EventLog, InvalidEvent, NewEvent, StaleAppend
from console.store.chain import GENESIS_HASH
from console.store.models import incidents_table
from tests.store.conftest import T0, tamper


def ev(
    kind: str = "fact.added", minutes: int = 0, actor: str = "张伟", **payload: object
) -> NewEvent:
    return NewEvent(kind, T0 + timedelta(minutes=minutes), actor, "commander", dict(payload))


def test_append_read_round_trip(log: EventLog, clock: ManualClock) -> None:
    first = log.append(
        "incident-1", 0, [ev("incident.opened", 0, title="学校食堂疑似食物中毒", n=3)]
    )
    clock.advance(timedelta(seconds=5))
    more = log.append(
        "incident-1", 1, [ev(minutes=1, cases=[1, 2.5, None], ok=True), ev(minutes=2, note="嘔吐")]
    )
    other = log.append(
        "incident-2", 0, [NewEvent("incident.opened", T0, "李娜", "duty", {}, mode="drill")]
    )

    assert [e.seq for e in first + more + other] == [1, 2, 3, 4]
    assert [e.version for e in first + more] == [1, 2, 3]
    assert first[0].prev_hash == GENESIS_HASH
    assert more[0].prev_hash == first[0].hash and other[0].prev_hash == more[1].hash
    assert more[0].recorded_at == T0 + timedelta(seconds=5)
    assert more[0].payload == {"cases": [1, 2.5, None], "ok": True}

    assert list(log.read()) == first + more + other
    assert list(log.read("incident-1")) == first + more
    assert list(log.read("incident-1", after_version=1)) == more
    assert list(log.read(after_seq=2)) == more[1:] + other
    assert list(log.read("incident-1", until=T0 + timedelta(minutes=1))) == first + more[:1]
    assert list(log.read(limit=2)) == first + more[:1]
    assert log.stream_version("incident-1") == 3 and log.stream_version("nope") == 0
    assert log.head() == (4, other[0].hash)
    assert log.streams() == ["incident-1", "incident-2"]
    assert other[0].mode == "drill"
    assert log.verify().ok


def test_times_are_utc_and_exact(log: EventLog) -> None:
    beijing = timezone(timedelta(hours=8))
    when = datetime(2024, 6, 1, 16, 0, 0, 123456, tzinfo=beijing)
    (stored,) = log.append("s", 0, [NewEvent("t", when, "a", "r", {})])
    (read,) = log.read("s")
    assert read.occurred_at == when and read.occurred_at.utcoffset() == timedelta(0)


def test_hash_matches_documented_definition(log: EventLog) -> None:
    """docs/storage.md's definition, re-implemented independently of console.store.chain."""
    (e,) = log.append("s", 0, [ev(z=1, a="中文", nested={"b": [1, {"c": 2}]})])
    iso = lambda d: d.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")  # noqa: E731
    body = [e.seq, e.stream, e.version, e.type, iso(e.occurred_at), iso(e.recorded_at),
            e.actor, e.role, e.mode, e.payload, e.prev_hash]  # fmt: skip
    canonical = json.dumps(
        body, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
    )
    assert hashlib.sha256(canonical.encode("utf-8")).hexdigest() == e.hash


def test_stale_append_is_rejected_and_writes_nothing(log: EventLog, clock: ManualClock) -> None:
    log.append("incident-1", 0, [ev(actor="张伟")])
    clock.advance(timedelta(minutes=3))
    log.append("incident-1", 1, [ev(actor="王芳")])
    head = log.head()
    with pytest.raises(StaleAppend) as info:
        log.append("incident-1", 1, [ev(actor="李娜"), ev(actor="李娜")])
    err = info.value
    assert (err.stream, err.expected, err.actual, err.last_actor) == ("incident-1", 1, 2, "王芳")
    assert err.last_recorded_at == T0 + timedelta(minutes=3)
    # 08:03 UTC is 16:03 in Beijing.
    assert (
        str(err)
        == "事件流 incident-1 已被 王芳 于 2024-06-01 16:03:00 更新（当前版本 2，提交基于版本 1），请刷新后重试"
    )
    assert log.head() == head and log.stream_version("incident-1") == 2
    with pytest.raises(StaleAppend, match="当前版本 0"):
        log.append("brand-new", 5, [ev()])
    assert log.verify().ok


def test_invalid_events_are_refused(log: EventLog) -> None:
    with pytest.raises(InvalidEvent, match="时区"):
        log.append("s", 0, [NewEvent("t", datetime(2024, 1, 1), "a", "r", {})])
    with pytest.raises(InvalidEvent, match="JSON"):
        log.append("s", 0, [ev(when=datetime.now(UTC))])
    with pytest.raises(InvalidEvent, match="NaN"):
        log.append("s", 0, [ev(x=float("nan"))])
    with pytest.raises(InvalidEvent, match="drill"):
        log.append("s", 0, [NewEvent("t", T0, "a", "r", {}, mode="test")])
    assert log.head() == (0, GENESIS_HASH) and log.append("s", 0, []) == []


def test_in_transaction_failure_rolls_back_everything(log: EventLog) -> None:
    log.append("incident-1", 0, [ev()])

    def project(conn, stored):  # type: ignore[no-untyped-def]
        conn.execute(
            incidents_table.insert().values(
                id="incident-1", title="t", plan_hash="h" * 64, plan_id="p", mode="real",
                status="open", state="{}", version=stored[-1].version, opened_us=0, updated_us=0,
            )
        )  # fmt: skip
        raise RuntimeError("projection failed")

    with pytest.raises(RuntimeError, match="projection failed"):
        log.append("incident-1", 1, [ev(), ev()], in_transaction=project)
    assert log.head()[0] == 1 and log.stream_version("incident-1") == 1
    with log.db.reading() as conn:
        assert conn.execute(select(incidents_table.c.id)).all() == []

    seen = []
    log.append("incident-1", 1, [ev()], in_transaction=lambda conn, stored: seen.extend(stored))
    assert [e.version for e in seen] == [2] and log.verify().ok


def test_events_are_append_only_in_the_database(log: EventLog) -> None:
    log.append("s", 0, [ev()])
    for statement in ("UPDATE events SET actor = 'x'", "DELETE FROM events"):
        with pytest.raises(exc.DBAPIError) as info:
            with log.db.connect() as conn:
                conn.execute(text(statement))
        assert "只允许追加" in str(info.value)
    assert log.verify().ok


@pytest.fixture
def chain(log: EventLog) -> EventLog:
    """Ten events across two streams, verified intact."""
    for i in range(5):
        log.append("a", i, [ev(i=i)])
        log.append("b", i, [ev(i=i)])
    assert log.verify().ok and log.verify().checked == 10
    return log


def test_verify_catches_altered_payload(chain: EventLog) -> None:
    tamper(chain.db, ["UPDATE events SET payload = '{\"i\":99}' WHERE seq = 4"])
    report = chain.verify()
    assert (report.ok, report.problem, report.first_bad_seq, report.checked) == (
        False,
        "altered",
        4,
        3,
    )
    assert "第 4 号事件" in report.message and "改动" in report.message


def test_verify_catches_altered_and_rehashed_event(chain: EventLog) -> None:
    """Rewriting a row and its hash still breaks the link to the next event."""
    (e4,) = [e for e in chain.read() if e.seq == 4]
    tamper(chain.db, ["UPDATE events SET hash = '" + "f" * 64 + "' WHERE seq = 4"])
    report = chain.verify()
    assert report.problem == "altered" and report.first_bad_seq == 4
    assert e4.hash != "f" * 64


def test_verify_catches_missing_event(chain: EventLog) -> None:
    tamper(chain.db, ["DELETE FROM events WHERE seq = 6"])
    report = chain.verify()
    assert (report.ok, report.problem, report.first_bad_seq) == (False, "missing", 6)
    assert "缺失" in report.message


def test_verify_catches_swapped_rows(chain: EventLog) -> None:
    tamper(
        chain.db,
        [
            "UPDATE events SET seq = -1 WHERE seq = 3",
            "UPDATE events SET seq = 3 WHERE seq = 4",
            "UPDATE events SET seq = 4 WHERE seq = -1",
        ],
    )
    report = chain.verify()
    assert (report.ok, report.problem, report.first_bad_seq) == (False, "reordered", 3)


def test_verify_catches_truncated_tail(chain: EventLog) -> None:
    tamper(chain.db, ["DELETE FROM events WHERE seq >= 9"])
    report = chain.verify()
    assert (report.ok, report.problem, report.first_bad_seq, report.checked) == (
        False,
        "head",
        9,
        8,
    )
    assert "截断" in report.message


def test_verify_catches_rewound_chain_head(chain: EventLog) -> None:
    tamper(
        chain.db, ["UPDATE chain_head SET seq = 7, hash = (SELECT hash FROM events WHERE seq = 7)"]
    )
    report = chain.verify()
    assert (report.ok, report.problem, report.first_bad_seq) == (False, "head", 8)


def test_snapshots_at_time(log: EventLog) -> None:
    assert log.latest_snapshot("a") is None
    log.save_snapshot("a", 10, T0 + timedelta(hours=1), {"status": "open", "n": 10})
    log.save_snapshot("a", 20, T0 + timedelta(hours=2), {"status": "graded", "n": 20})
    log.save_snapshot("b", 5, T0, {"other": True})
    assert log.latest_snapshot("a").version == 20  # type: ignore[union-attr]
    snap = log.latest_snapshot("a", at=T0 + timedelta(hours=1, minutes=59))
    assert snap is not None and (snap.version, snap.state) == (10, {"status": "open", "n": 10})
    assert snap.occurred_at == T0 + timedelta(hours=1)
    assert log.latest_snapshot("a", at=T0 + timedelta(hours=2)).version == 20  # type: ignore[union-attr]
    assert log.latest_snapshot("a", at=T0) is None
    log.save_snapshot("a", 10, T0 + timedelta(hours=1), {"status": "open", "n": 11})  # replace
    assert log.latest_snapshot("a", at=T0 + timedelta(hours=1)).state["n"] == 11  # type: ignore[union-attr]


def test_plan_sources_are_pinned_idempotently(log: EventLog) -> None:
    assert log.plan_source("h" * 64) is None
    log.save_plan_source("h" * 64, "food-poisoning", 3, "食物中毒应急预案", "name: 预案\n")
    log.save_plan_source("h" * 64, "food-poisoning", 3, "食物中毒应急预案", "name: 预案\n")
    assert log.plan_source("h" * 64) == "name: 预案\n"


def test_large_batch_and_chunked_read(log: EventLog) -> None:
    events = [ev(minutes=i % 60, i=i) for i in range(12_345)]
    stored = log.append("big", 0, events)
    assert stored[-1].seq == 12_345
    got = list(log.read("big"))
    assert [e.version for e in got] == list(range(1, 12_346))
    assert sum(1 for _ in log.read(after_seq=10_000)) == 2_345
    assert log.verify().checked == 12_345


def test_lean_stream_reads(log: EventLog) -> None:
    """stream_rows / classify_stream / stream_mode: what the replay, the timeline and its sketch read."""
    from console.store.chain import from_us
    from console.store.eventlog import EventClass, decode_payloads

    evs = [ev("open", 0, title="x"), ev("note", 1, text="a"), ev("log.inject", 2, inject="I1"),
           ev("facts", 3, inject="I1"), ev("submit_report", 4), ev("log.report_corrected", 5)]
    log.append("s", 0, evs)
    log.append("other", 0, [NewEvent("open", T0, "李娜", "duty", {}, mode="drill")])

    chunks = list(log.stream_rows("s", ("type", "occurred_us", "version", "payload"), chunk=4))
    assert [len(c) for c in chunks] == [4, 2]
    rows = [r for c in chunks for r in c]
    assert [r[0] for r in rows] == [e.type for e in evs] and [r[2] for r in rows] == [1, 2, 3, 4, 5, 6]
    assert [from_us(r[1]) for r in rows] == [e.occurred_at for e in evs]
    assert decode_payloads([r[3] for r in rows]) == [e.payload for e in evs]
    after = [r for c in log.stream_rows("s", ("version",), after_version=4) for r in c]
    assert after == [(5,), (6,)]
    until = [r for c in log.stream_rows("s", ("version", "occurred_us"), after_version=1,
                                        until=T0 + timedelta(minutes=3), chunk=2) for r in c]
    assert [r[0] for r in until] == [2, 3, 4]
    assert list(log.stream_rows("nope", ("type",))) == []
    with pytest.raises(ValueError, match="no column"):
        list(log.stream_rows("s", ("typo",)))

    classes = [(6, EventClass(types=("log.drill",), prefixes=("log.inject",), payload_contains=('"inject"',))),
               (1, EventClass(types=("submit_report",), prefixes=("log.report",))),
               (5, EventClass(types=("note",)))]
    got = log.classify_stream("s", classes, default=0)
    assert [c for c, _, _ in got] == [0, 5, 6, 6, 1, 1]
    assert [from_us(o) for _, o, _ in got] == [e.occurred_at for e in evs]
    assert log.classify_stream("s", [], default=3) == [(3, o, r) for _, o, r in got]
    # a prefix is a prefix, not a LIKE pattern
    assert [c for c, _, _ in log.classify_stream("s", [(1, EventClass(prefixes=("log_",)))])] == [0] * 6
    assert log.stream_mode("s") == "real" and log.stream_mode("other") == "drill" and log.stream_mode("x") is None
    # orjson refuses a lone surrogate that the json module wrote; the chunk is then decoded row by row
    assert decode_payloads(['{"n": 1}', '{"s": "\\ud800"}']) == [{"n": 1}, {"s": "\ud800"}]
    assert decode_payloads([]) == []
