"""``EventLog.append_streams``: several streams in one transaction — all written, chained one after
another, or none (real SQLite file and real PostgreSQL)."""

from __future__ import annotations

import pytest

from console.store import EventLog
from console.store.eventlog import InvalidEvent, StaleAppend
from tests.store.test_eventlog import ev


def test_streams_are_written_together_and_the_chain_verifies(log: EventLog) -> None:
    log.append("A", 0, [ev("open")])
    out = log.append_streams([("A", 1, [ev("link_incident"), ev("merged_into")]), ("B", 0, [ev("open")])])
    assert [e.seq for e in out["A"]] == [2, 3] and [e.seq for e in out["B"]] == [4]
    assert [e.version for e in out["A"]] == [2, 3] and out["B"][0].version == 1
    assert out["B"][0].prev_hash == out["A"][-1].hash
    assert [e.stream for e in log.read()] == ["A", "A", "A", "B"]
    assert log.verify().ok


def test_one_stale_stream_writes_nothing(log: EventLog) -> None:
    log.append("A", 0, [ev("open")])
    log.append("B", 0, [ev("open"), ev("facts")])
    with pytest.raises(StaleAppend) as e:
        log.append_streams([("A", 1, [ev("link_incident")]), ("B", 1, [ev("link_incident")])])
    assert e.value.stream == "B" and e.value.actual == 2
    assert len(list(log.read())) == 3 and log.verify().ok


def test_a_failure_in_the_transaction_writes_nothing(log: EventLog) -> None:
    def boom(_conn, stored) -> None:  # noqa: ANN001
        assert set(stored) == {"A", "B"}
        raise RuntimeError("projection failed")

    with pytest.raises(RuntimeError):
        log.append_streams([("A", 0, [ev("open")]), ("B", 0, [ev("open")])], in_transaction=boom)
    assert list(log.read()) == [] and log.head()[0] == 0


def test_the_same_stream_twice_is_refused(log: EventLog) -> None:
    with pytest.raises(InvalidEvent):
        log.append_streams([("A", 0, [ev("open")]), ("A", 0, [ev("facts")])])
