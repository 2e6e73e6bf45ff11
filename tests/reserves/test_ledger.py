"""The stock ledger on real databases: quantities derived, never negative, all or nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import exc, text

from console.reserves.ledger import DepotInfo, Ledger, LedgerError, Posting
from tests.reserves.conftest import TODAY


def test_receive_issue_and_balances_come_from_the_ledger(ledger: Ledger) -> None:
    ledger.receive("PY-SJ", "CY-001", "B2", 30, actor="王建国", expiry=date(2027, 6, 1))
    ledger.receive("PY-SJ", "2620101", "B1", 20, actor="王建国", expiry=date(2027, 1, 1))  # by 7-digit code
    moves = ledger.issue("PY-SJ", "CY-001", 25, actor="李四")
    # first-expiring lot first
    assert [(m.lot, m.qty) for m in moves] == [("B1", -20), ("B2", -5)]
    assert {b.lot: b.qty for b in ledger.balances()} == {"B2": 25}
    assert ledger.verify() == []
    assert sum(m.qty for m in ledger.movements(item="CY-001")) == 25
    assert all(m.actor for m in ledger.movements())


def test_issue_beyond_stock_is_refused_and_nothing_is_written(ledger: Ledger) -> None:
    ledger.receive("PY-SJ", "FH-001", "P1", 10, actor="王建国", expiry=date(2028, 1, 1))
    with pytest.raises(LedgerError, match="不足.*库存不能为负"):
        ledger.issue("PY-SJ", "FH-001", 11, actor="李四")
    with pytest.raises(LedgerError, match="库存不足：现有 10"):
        ledger.issue("PY-SJ", "FH-001", 11, actor="李四", lot="P1")
    assert ledger.balances()[0].qty == 10
    assert len(ledger.movements()) == 1


@pytest.mark.parametrize("qty", [0, -3, 2.5, "5", True])
def test_bad_quantities_are_refused(ledger: Ledger, qty: object) -> None:
    with pytest.raises(LedgerError, match="数量"):
        ledger.receive("PY-SJ", "FH-001", "P1", qty, actor="王建国", expiry=date(2028, 1, 1))  # type: ignore[arg-type]
    assert ledger.movements() == []


def test_unknown_item_depot_actor_and_incident_are_refused(ledger: Ledger) -> None:
    with pytest.raises(LedgerError, match="不在物资目录中"):
        ledger.receive("PY-SJ", "XX-999", "L", 1, actor="a")
    with pytest.raises(LedgerError, match="储备库「NOPE」不存在"):
        ledger.receive("NOPE", "FH-001", "L", 1, actor="a", expiry=date(2028, 1, 1))
    with pytest.raises(LedgerError, match="经办人"):
        ledger.receive("PY-SJ", "FH-001", "L", 1, actor=" ", expiry=date(2028, 1, 1))
    ledger.receive("PY-SJ", "FH-001", "L", 5, actor="a", expiry=date(2028, 1, 1))
    with pytest.raises(LedgerError, match="事件「20990101-001」不存在"):
        ledger.issue("PY-SJ", "FH-001", 1, actor="a", incident_id="20990101-001")
    assert len(ledger.movements()) == 1


def test_same_lot_with_another_expiry_is_refused(ledger: Ledger) -> None:
    ledger.receive("PY-SJ", "KJ-004", "K1", 5, actor="a", expiry=date(2027, 3, 1))
    with pytest.raises(LedgerError, match="同一批号的有效期必须相同"):
        ledger.receive("PY-SJ", "KJ-004", "K1", 5, actor="a", expiry=date(2027, 4, 1))
    ledger.receive("PY-SJ", "KJ-004", "K1", 5, actor="a", expiry=date(2027, 3, 1))  # more of the same lot
    assert ledger.balances()[0].qty == 10


def test_expiry_from_shelf_life_and_required_for_perishables(ledger: Ledger) -> None:
    with pytest.raises(LedgerError, match="有效期至或生产日期"):
        ledger.receive("PY-SJ", "KJ-004", "K1", 5, actor="a")
    m = ledger.receive("PY-SJ", "KJ-004", "K1", 5, actor="a", produced=date(2026, 1, 1))
    assert m.expiry == date(2026, 1, 1) + timedelta(days=365)
    ledger.receive("PY-SJ", "TX-001", "", 2, actor="a")  # equipment without shelf life, no lot


def test_expired_lots_cannot_be_issued_only_written_off(ledger: Ledger) -> None:
    ledger.receive("PY-SJ", "KJ-005", "OLD", 4, actor="a", expiry=TODAY - timedelta(days=1))
    ledger.receive("PY-SJ", "KJ-005", "NEW", 3, actor="a", expiry=TODAY + timedelta(days=200))
    with pytest.raises(LedgerError, match="可用库存 3"):
        ledger.issue("PY-SJ", "KJ-005", 5, actor="b")
    with pytest.raises(LedgerError, match="已于 .* 过期，不得出库调拨"):
        ledger.issue("PY-SJ", "KJ-005", 1, actor="b", lot="OLD")
    with pytest.raises(LedgerError, match="尚未过期"):
        ledger.expire("PY-SJ", "KJ-005", "NEW", actor="b")
    m = ledger.expire("PY-SJ", "KJ-005", "OLD", actor="b")
    assert (m.kind, m.qty) == ("expire", -4)
    assert {b.lot: b.qty for b in ledger.balances()} == {"NEW": 3}


def test_transfer_is_atomic(ledger: Ledger) -> None:
    ledger.receive("PY-SJ", "CY-005", "S1", 6, actor="a", expiry=date(2027, 1, 1))
    ledger.receive("PY-SJ", "CY-005", "S2", 6, actor="a", expiry=date(2027, 9, 1))
    moves = ledger.transfer("PY-SJ", "QF-XJ", "CY-005", 8, actor="调度员")
    assert [(m.depot, m.lot, m.kind, m.qty) for m in moves] == [
        ("PY-SJ", "S1", "transfer_out", -6), ("QF-XJ", "S1", "transfer_in", 6),
        ("PY-SJ", "S2", "transfer_out", -2), ("QF-XJ", "S2", "transfer_in", 2)]
    assert len({m.ref for m in moves}) == 1
    dest = {b.lot: (b.qty, b.expiry) for b in ledger.balances(depot="QF-XJ")}
    assert dest == {"S1": (6, date(2027, 1, 1)), "S2": (2, date(2027, 9, 1))}  # lots keep their expiry
    before = ledger.movements()
    with pytest.raises(LedgerError, match="不足"):
        ledger.transfer("PY-SJ", "QF-XJ", "CY-005", 5, actor="调度员")
    # a refused second leg leaves the first leg unwritten
    with pytest.raises(LedgerError, match="储备库「NOPE」不存在"):
        ledger.post([Posting("PY-SJ", "CY-005", "S2", -1, "transfer_out"),
                     Posting("NOPE", "CY-005", "S2", 1, "transfer_in")], actor="调度员")
    assert ledger.movements() == before
    assert ledger.verify() == []


def test_adjust_needs_a_reason_and_return_goes_back_to_its_lot(ledger: Ledger) -> None:
    ledger.receive("QF-XJ", "FC-001", "F1", 100, actor="a", expiry=None)
    with pytest.raises(LedgerError, match="原因"):
        ledger.adjust("QF-XJ", "FC-001", "F1", -3, actor="a", reason="")
    m = ledger.adjust("QF-XJ", "FC-001", "F1", -3, actor="a", reason="盘点实盘 97")
    assert m.reason == "盘点实盘 97"
    ledger.issue("QF-XJ", "FC-001", 50, actor="a")
    ledger.return_("QF-XJ", "FC-001", "F1", 10, actor="a")
    with pytest.raises(LedgerError, match="原批次"):
        ledger.return_("QF-XJ", "FC-001", "F9", 1, actor="a")
    assert ledger.balances()[0].qty == 57
    assert [m.kind for m in ledger.movements()] == ["receive", "adjust", "issue", "return"]


def test_movements_cannot_be_updated_or_deleted(ledger: Ledger) -> None:
    ledger.receive("PY-SJ", "FH-001", "P1", 10, actor="a", expiry=date(2028, 1, 1))
    for stmt in ("UPDATE reserve_movements SET qty = 1000", "DELETE FROM reserve_movements"):
        with pytest.raises(exc.DBAPIError, match="只允许追加"), ledger.db.connect() as conn:
            conn.execute(text(stmt))
    assert ledger.movements()[0].qty == 10


def test_database_refuses_a_negative_balance_even_behind_the_ledger(ledger: Ledger) -> None:
    ledger.receive("PY-SJ", "FH-001", "P1", 1, actor="a", expiry=date(2028, 1, 1))
    with pytest.raises(exc.IntegrityError), ledger.db.connect() as conn:
        conn.execute(text("UPDATE reserve_lots SET balance = -1"))
    # the ledger's own transactions say it in Chinese
    with pytest.raises(LedgerError, match="库存不能为负"), ledger.transaction() as conn:
        conn.execute(text("UPDATE reserve_lots SET balance = -1"))
    with pytest.raises(LedgerError, match="同时登记"), ledger.transaction() as conn:
        conn.execute(text("INSERT INTO reserve_lots (depot_id, item, lot, balance, created_us) "
                          "SELECT depot_id, item, lot, 0, 0 FROM reserve_lots"))
    assert ledger.balances()[0].qty == 1


def test_depot_outside_the_jurisdiction_is_refused(ledger: Ledger) -> None:
    with pytest.raises(LedgerError, match="不在本辖区内"):
        ledger.add_depot(DepotInfo("ZZ", "郑州某库", "县级储备库", 34.75, 113.62))
    with pytest.raises(LedgerError, match="级别"):
        ledger.add_depot(DepotInfo("ZZ", "某库", "省级", 35.76, 115.03))
    assert {d.region for d in ledger.depots()} == {"410902", "410922", "410926"}


def test_history_follows_the_ledger(ledger: Ledger, clock) -> None:
    ledger.receive("PY-SJ", "CY-001", "B1", 20, actor="a", expiry=date(2027, 1, 1))
    clock.advance(timedelta(hours=1))
    ledger.issue("PY-SJ", "CY-001", 5, actor="a")
    clock.advance(timedelta(hours=1))
    ledger.receive("QF-XJ", "CY-001", "B9", 7, actor="a", expiry=date(2027, 1, 1))
    assert [q for _, q in ledger.history("CY-001")] == [20, 15, 22]
    assert [q for _, q in ledger.history("CY-001", depot="PY-SJ")] == [20, 15]


def test_random_operations_keep_an_independent_model_and_the_ledger_equal(ledger: Ledger, clock) -> None:
    """300 random operations; refused ones change nothing, accepted ones exactly what they say."""
    import random

    rng = random.Random(7)
    depots = ["PY-SJ", "QF-XJ", "FX-XJ"]
    items = ["CY-001", "FH-001", "KJ-004"]
    expiries = {"A": TODAY + timedelta(days=3), "B": TODAY + timedelta(days=90), "C": TODAY + timedelta(days=400)}
    model: dict[tuple[str, str, str], int] = {}
    refused = 0
    for step in range(300):
        if step == 150:
            clock.advance(timedelta(days=10))  # lot "A" expires half-way
        d, it, lot = rng.choice(depots), rng.choice(items), rng.choice(list(expiries))
        q = rng.randint(1, 30)
        op = rng.choice(["receive", "receive", "issue", "issue", "transfer", "adjust", "expire"])
        try:
            if op == "receive":
                ledger.receive(d, it, lot, q, actor="a", expiry=expiries[lot])
                model[(d, it, lot)] = model.get((d, it, lot), 0) + q
            elif op == "issue":
                ledger.issue(d, it, q, actor="b", lot=lot)
                model[(d, it, lot)] = model.get((d, it, lot), 0) - q
            elif op == "transfer":
                d2 = rng.choice([x for x in depots if x != d])
                ledger.transfer(d, d2, it, q, actor="c", lot=lot)
                model[(d, it, lot)] -= q
                model[(d2, it, lot)] = model.get((d2, it, lot), 0) + q
            elif op == "adjust":
                delta = rng.choice([-1, 1]) * q
                ledger.adjust(d, it, lot, delta, actor="d", reason="盘点")
                model[(d, it, lot)] = model.get((d, it, lot), 0) + delta
            else:
                m = ledger.expire(d, it, lot, actor="e")
                model[(d, it, lot)] += m.qty
        except LedgerError:
            refused += 1
        assert all(v >= 0 for v in model.values())
    got = {(b.depot, b.item, b.lot): b.qty for b in ledger.balances(include_zero=True)}
    assert got == {k: v for k, v in model.items() if k in got} and all(
        v == 0 for k, v in model.items() if k not in got)
    assert ledger.verify() == []
    assert 30 < refused < 270  # both paths were exercised
