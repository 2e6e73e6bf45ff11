"""Any JSON payload survives the log unchanged and keeps the chain verifiable."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from console.store import EventLog, NewEvent, open_database

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**62), 2**62) | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)  # fmt: skip
payloads = st.dictionaries(st.text(max_size=8), json_values, max_size=5)
times = st.datetimes(
    min_value=datetime(1971, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(payload=payloads, when=times, actor=st.text(min_size=1, max_size=10))
def test_payload_round_trip(tmp_path_factory, payload, when, actor) -> None:  # type: ignore[no-untyped-def]
    db = open_database(f"sqlite:///{tmp_path_factory.mktemp('p') / 'p.sqlite3'}")
    try:
        log = EventLog(db)
        (stored,) = log.append("s", 0, [NewEvent("t", when, actor, "r", payload)])
        (read,) = log.read()
        assert read == stored and read.payload == payload and read.occurred_at == when
        iso = lambda d: d.strftime("%Y-%m-%dT%H:%M:%S.%fZ")  # noqa: E731
        body = [
            1,
            "s",
            1,
            "t",
            iso(when),
            iso(read.recorded_at),
            actor,
            "r",
            "real",
            payload,
            "0" * 64,
        ]
        canonical = json.dumps(
            body, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
        )
        assert hashlib.sha256(canonical.encode("utf-8")).hexdigest() == read.hash
        assert log.verify().ok
    finally:
        db.close()
