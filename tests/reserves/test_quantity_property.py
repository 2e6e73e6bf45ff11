"""Any quantity a person or a file can type: a whole number of units within the ceilings is
received, anything else is refused with a reason, and a refusal writes nothing (no movement,
no lot, no event)."""

from __future__ import annotations

import itertools
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from console.errors import Refused
from console.reserves.limits import MAX_LOT_QTY
from console.reserves.models import lots_table, movements_table
from console.store.models import events_table

EXPIRY = date(2027, 6, 30)
LOTS = itertools.count(1)  # a new lot for every example: the database outlives one example

QUANTITIES = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.integers(min_value=1, max_value=MAX_LOT_QTY),
    st.sampled_from([0, 1, MAX_LOT_QTY, MAX_LOT_QTY + 1, 2**63 - 1, 10**23]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.text(max_size=5),
)


def _counts(ledger) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    with ledger.db.reading() as conn:
        return tuple(conn.execute(select(func.count()).select_from(t)).scalar_one()  # type: ignore[return-value]
                     for t in (movements_table, lots_table, events_table))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(qty=QUANTITIES)
def test_a_receipt_is_a_whole_number_within_the_ceiling_or_refused_writing_nothing(ledger, qty) -> None:  # type: ignore[no-untyped-def]
    ok = type(qty) is int and 1 <= qty <= MAX_LOT_QTY
    before = _counts(ledger)
    lot = f"H{next(LOTS)}"
    try:
        ledger.receive("PY-SJ", "FH-001", lot, qty, actor="王值班", expiry=EXPIRY)
    except Refused as exc:
        assert not ok, f"{qty!r} refused: {exc}"
        assert str(exc)  # a reason for the person
        assert _counts(ledger) == before
        return
    assert ok, f"{qty!r} was accepted"
    movements, lots, events = _counts(ledger)
    assert movements == before[0] + 1 and events == before[2] + 1
