"""The ledger's stock rules, each pinned by a case that breaks if the rule breaks.

First-expiring-first-out (FEFO) only looks at the named depot and item, skips empty
and expired lots (a lot expiring *today* is still usable), and orders by expiry — not
by lot code or arrival. A transfer takes its lot from the source depot even when the
same lot code is held elsewhere. Movements keep their transfer reference and reason.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from console.clock import CHINA_TZ
from console.reserves.ledger import Ledger, LedgerError, Movement
from tests.reserves.conftest import TODAY

E1 = date(2027, 2, 1)
E2 = date(2027, 7, 1)
E3 = date(2027, 12, 1)


def _lots(moves: list[Movement]) -> list[tuple[str, str, str, int]]:
    return [(m.depot, m.lot, m.kind, m.qty) for m in moves]


def _stock(ledger: Ledger, **kw: str) -> dict[tuple[str, str, str], int]:
    return {(b.depot, b.item, b.lot): b.qty for b in ledger.balances(**kw)}


# ------------------------------------------------------------------ FEFO: which lots


def test_fefo_takes_only_from_the_named_depot(ledger: Ledger) -> None:
    # 清丰 holds the first-expiring lot of the item, but the issue is from the city centre
    ledger.receive("QF-XJ", "CY-001", "Q1", 8, actor="李红", expiry=date(2027, 1, 1))
    ledger.receive("PY-SJ", "CY-001", "P1", 10, actor="王建国", expiry=date(2027, 3, 1))
    ledger.receive("PY-SJ", "CY-001", "P2", 10, actor="王建国", expiry=date(2027, 5, 1))
    moves = ledger.issue("PY-SJ", "CY-001", 15, actor="李四")
    assert _lots(moves) == [("PY-SJ", "P1", "issue", -10), ("PY-SJ", "P2", "issue", -5)]
    # what 清丰 holds does not count towards the city centre's stock
    with pytest.raises(LedgerError, match=r"^濮阳市应急物资储备中心：无菌采样袋（CY-001） 可用库存 5 包，不足 6 包"):
        ledger.issue("PY-SJ", "CY-001", 6, actor="李四")
    assert _stock(ledger) == {("PY-SJ", "CY-001", "P2"): 5, ("QF-XJ", "CY-001", "Q1"): 8}
    # and the other way round: 清丰 issues its own lot only
    assert _lots(ledger.issue("QF-XJ", "CY-001", 8, actor="李红")) == [("QF-XJ", "Q1", "issue", -8)]
    assert _stock(ledger) == {("PY-SJ", "CY-001", "P2"): 5}


def test_fefo_takes_only_the_requested_item(ledger: Ledger) -> None:
    # another item in the same depot, same lot code, expiring first and plentiful
    ledger.receive("PY-SJ", "FH-001", "B1", 50, actor="a", expiry=date(2027, 1, 1))
    ledger.receive("PY-SJ", "CY-001", "B1", 4, actor="a", expiry=date(2027, 6, 1))
    ledger.receive("PY-SJ", "CY-001", "B2", 10, actor="a", expiry=date(2027, 8, 1))
    moves = ledger.issue("PY-SJ", "CY-001", 6, actor="b")
    assert [(m.item, m.lot, m.qty) for m in moves] == [("CY-001", "B1", -4), ("CY-001", "B2", -2)]
    with pytest.raises(LedgerError, match="可用库存 8 包，不足 9 包"):
        ledger.issue("PY-SJ", "CY-001", 9, actor="b")
    assert _stock(ledger) == {("PY-SJ", "FH-001", "B1"): 50, ("PY-SJ", "CY-001", "B2"): 8}


def test_zero_balance_lots_are_never_chosen(ledger: Ledger) -> None:
    ledger.receive("PY-SJ", "KJ-004", "EMPTY", 5, actor="a", expiry=date(2027, 1, 1))
    ledger.receive("PY-SJ", "KJ-004", "FULL", 5, actor="a", expiry=date(2027, 6, 1))
    ledger.issue("PY-SJ", "KJ-004", 5, actor="b", lot="EMPTY")  # first-expiring lot now at 0
    assert [(b.lot, b.qty) for b in ledger.balances(include_zero=True)] == [("EMPTY", 0), ("FULL", 5)]
    assert [b.lot for b in ledger.balances()] == ["FULL"]
    moves = ledger.issue("PY-SJ", "KJ-004", 3, actor="b")
    assert _lots(moves) == [("PY-SJ", "FULL", "issue", -3)]
    moves = ledger.transfer("PY-SJ", "QF-XJ", "KJ-004", 2, actor="调度员")
    assert _lots(moves) == [("PY-SJ", "FULL", "transfer_out", -2), ("QF-XJ", "FULL", "transfer_in", 2)]
    with pytest.raises(LedgerError, match="可用库存 0 盒，不足 1 盒"):
        ledger.issue("PY-SJ", "KJ-004", 1, actor="b")
    assert all(m.qty != 0 for m in ledger.movements())
    assert ledger.verify() == []


def test_a_lot_expiring_today_is_still_issued_and_first(ledger: Ledger) -> None:
    ledger.receive("PY-SJ", "KJ-005", "GONE", 9, actor="a", expiry=TODAY - timedelta(days=1))
    ledger.receive("PY-SJ", "KJ-005", "LATER", 5, actor="a", expiry=TODAY + timedelta(days=30))
    ledger.receive("PY-SJ", "KJ-005", "TODAY", 3, actor="a", expiry=TODAY)
    moves = ledger.issue("PY-SJ", "KJ-005", 4, actor="b")
    assert _lots(moves) == [("PY-SJ", "TODAY", "issue", -3), ("PY-SJ", "LATER", "issue", -1)]
    # yesterday's lot is not usable stock, whatever its size
    with pytest.raises(LedgerError, match="可用库存 4 盒，不足 5 盒（过期批次不计）"):
        ledger.issue("PY-SJ", "KJ-005", 5, actor="b")
    assert ledger.stock_by_depot() == {"PY-SJ": {"KJ-005": 4}}


def test_today_expiring_lot_alone_covers_an_issue_and_a_transfer(ledger: Ledger) -> None:
    ledger.receive("FX-XJ", "KJ-006", "T0", 6, actor="赵强", expiry=TODAY)
    assert _lots(ledger.issue("FX-XJ", "KJ-006", 2, actor="赵强")) == [("FX-XJ", "T0", "issue", -2)]
    moves = ledger.transfer("FX-XJ", "PY-SJ", "KJ-006", 4, actor="调度员")
    assert _lots(moves) == [("FX-XJ", "T0", "transfer_out", -4), ("PY-SJ", "T0", "transfer_in", 4)]
    assert [(b.depot, b.qty, b.expiry) for b in ledger.balances()] == [("PY-SJ", 4, TODAY)]


def test_the_business_day_is_the_chinese_calendar_day(ledger: Ledger, clock) -> None:
    # 00:30 in 濮阳 is still the previous day in UTC: the lot expired yesterday (China time)
    clock.set(datetime(2026, 11, 23, 0, 30, tzinfo=CHINA_TZ))
    assert ledger.today() == date(2026, 11, 23)
    ledger.receive("PY-SJ", "KJ-007", "Y", 2, actor="a", expiry=date(2026, 11, 22))
    with pytest.raises(LedgerError, match="不足 1 盒（过期批次不计）"):
        ledger.issue("PY-SJ", "KJ-007", 1, actor="b")
    with pytest.raises(LedgerError, match="已于 2026-11-22 过期，不得消耗"):
        ledger.consume("PY-SJ", "KJ-007", 1, actor="b", lot="Y")
    assert ledger.expire("PY-SJ", "KJ-007", "Y", actor="b").qty == -2
    assert ledger.stock_by_depot(as_of=date(2026, 11, 22)) == {}


# ------------------------------------------------------------------ FEFO: in which order


def test_issue_and_transfer_follow_expiry_not_lot_code_or_arrival(ledger: Ledger) -> None:
    # received in code order A, B, C; they expire in the order B, C, A
    ledger.receive("PY-SJ", "CY-005", "A", 5, actor="a", expiry=E3)
    ledger.receive("PY-SJ", "CY-005", "B", 5, actor="a", expiry=E1)
    ledger.receive("PY-SJ", "CY-005", "C", 5, actor="a", expiry=E2)
    assert _lots(ledger.issue("PY-SJ", "CY-005", 7, actor="b")) == [
        ("PY-SJ", "B", "issue", -5), ("PY-SJ", "C", "issue", -2)]
    assert _lots(ledger.transfer("PY-SJ", "FX-XJ", "CY-005", 5, actor="调度员")) == [
        ("PY-SJ", "C", "transfer_out", -3), ("FX-XJ", "C", "transfer_in", 3),
        ("PY-SJ", "A", "transfer_out", -2), ("FX-XJ", "A", "transfer_in", 2)]
    assert {b.lot: (b.qty, b.expiry) for b in ledger.balances(depot="FX-XJ")} == {"C": (3, E2), "A": (2, E3)}
    assert _lots(ledger.consume("PY-SJ", "CY-005", 3, actor="b")) == [("PY-SJ", "A", "consume", -3)]


def test_same_expiry_goes_by_lot_code_and_undated_lots_come_last(ledger: Ledger) -> None:
    ledger.receive("QF-XJ", "CY-002", "Y2", 2, actor="a", expiry=E1)
    ledger.receive("QF-XJ", "CY-002", "Y1", 2, actor="a", expiry=E1)
    assert [m.lot for m in ledger.issue("QF-XJ", "CY-002", 3, actor="b")] == ["Y1", "Y2"]
    # an item without shelf life: a lot without expiry is used after every dated lot
    ledger.receive("QF-XJ", "FC-001", "A-NODATE", 10, actor="a")
    ledger.receive("QF-XJ", "FC-001", "Z-DATED", 10, actor="a", expiry=E3)
    ledger.receive("QF-XJ", "FC-001", "M-DATED", 10, actor="a", expiry=E2)
    assert [(m.lot, m.qty) for m in ledger.issue("QF-XJ", "FC-001", 25, actor="b")] == [
        ("M-DATED", -10), ("Z-DATED", -10), ("A-NODATE", -5)]
    # balances list a depot's dated lots in expiry order too (where undated ones go differs by backend)
    assert [b.lot for b in ledger.balances(depot="QF-XJ", item="FC-001", include_zero=True) if b.expiry] == [
        "M-DATED", "Z-DATED"]


# ------------------------------------------------------------------ transfers


def test_transfer_takes_the_lot_from_the_source_depot_when_the_code_is_held_twice(ledger: Ledger) -> None:
    # the same lot code at two depots, with different dates (received at 清丰 first)
    ledger.receive("QF-XJ", "CY-005", "L1", 6, actor="a", expiry=E1, produced=date(2025, 2, 1))
    ledger.receive("PY-SJ", "CY-005", "L1", 10, actor="a", expiry=E3, produced=date(2025, 12, 1))
    moves = ledger.transfer("PY-SJ", "FX-XJ", "CY-005", 4, actor="调度员")
    assert _lots(moves) == [("PY-SJ", "L1", "transfer_out", -4), ("FX-XJ", "L1", "transfer_in", 4)]
    assert moves[1].expiry == E3
    moves = ledger.transfer("PY-SJ", "FX-XJ", "CY-005", 1, actor="调度员", lot="L1")
    assert _lots(moves) == [("PY-SJ", "L1", "transfer_out", -1), ("FX-XJ", "L1", "transfer_in", 1)]
    got = {(b.depot, b.lot): (b.qty, b.expiry, b.produced) for b in ledger.balances()}
    assert got == {("PY-SJ", "L1"): (5, E3, date(2025, 12, 1)),
                   ("QF-XJ", "L1"): (6, E1, date(2025, 2, 1)),
                   ("FX-XJ", "L1"): (5, E3, date(2025, 12, 1))}  # the source lot's dates, not 清丰's
    # into 清丰, whose L1 has another expiry: refused, nothing written
    before = ledger.movements()
    with pytest.raises(LedgerError, match="清丰县应急物资储备库：无菌棉拭子（CY-005） 批号 L1 已登记有效期至 2027-02-01，"
                                          "与本次 2027-12-01 不一致"):
        ledger.transfer("PY-SJ", "QF-XJ", "CY-005", 1, actor="调度员")
    assert ledger.movements() == before
    assert ledger.verify() == []


def test_transfer_of_a_lot_the_source_does_not_hold_is_refused(ledger: Ledger) -> None:
    ledger.receive("QF-XJ", "CY-005", "ONLY-QF", 6, actor="a", expiry=E1)
    ledger.receive("PY-SJ", "CY-005", "P", 6, actor="a", expiry=E1)
    with pytest.raises(LedgerError, match=r"^濮阳市应急物资储备中心：无菌棉拭子（CY-005） 批号 ONLY-QF 不存在，无法调出$"):
        ledger.transfer("PY-SJ", "FX-XJ", "CY-005", 1, actor="调度员", lot="ONLY-QF")
    with pytest.raises(LedgerError, match="^调出与调入储备库相同：请选择不同的储备库$"):
        ledger.transfer("PY-SJ", "PY-SJ", "CY-005", 1, actor="调度员")
    with pytest.raises(LedgerError, match="储备库「NOPE」不存在"):
        ledger.transfer("PY-SJ", "NOPE", "CY-005", 1, actor="调度员")
    with pytest.raises(LedgerError, match="经办人"):
        ledger.transfer("PY-SJ", "FX-XJ", "CY-005", 1, actor="")
    assert len(ledger.movements()) == 2


# ------------------------------------------------------------------ movements read back


def test_movements_read_back_with_their_ref_and_reason(ledger: Ledger) -> None:
    ledger.receive("PY-SJ", "CY-001", "B1", 20, actor="王建国", expiry=E1, reason="年度采购")
    ledger.issue("PY-SJ", "CY-001", 2, actor="李四", reason="现场采样")
    tr = ledger.transfer("PY-SJ", "FX-XJ", "CY-001", 5, actor="调度员", reason="支援范县")
    ledger.consume("FX-XJ", "CY-001", 1, actor="赵强", reason="演练消耗")
    ledger.return_("FX-XJ", "CY-001", "B1", 1, actor="赵强", reason="未开封归还")
    ledger.adjust("PY-SJ", "CY-001", "B1", -1, actor="王建国", reason="  盘点实盘 12  ")
    ref = tr[0].ref
    assert ref is not None and ref.startswith("TR-") and len(ref) == 15 and int(ref[3:], 16) >= 0
    assert [(m.kind, m.depot, m.qty, m.ref, m.reason) for m in ledger.movements()] == [
        ("receive", "PY-SJ", 20, None, "年度采购"),
        ("issue", "PY-SJ", -2, None, "现场采样"),
        ("transfer_out", "PY-SJ", -5, ref, "支援范县"),
        ("transfer_in", "FX-XJ", 5, ref, "支援范县"),
        ("consume", "FX-XJ", -1, None, "演练消耗"),
        ("return", "FX-XJ", 1, None, "未开封归还"),
        ("adjust", "PY-SJ", -1, None, "盘点实盘 12"),
    ]
    # a second transfer has its own reference
    tr2 = ledger.transfer("PY-SJ", "QF-XJ", "CY-001", 1, actor="调度员")
    assert tr2[0].ref == tr2[1].ref != ref and tr2[0].reason is None
    assert [m.ref for m in ledger.movements(depot="QF-XJ")] == [tr2[0].ref]
    # what posting returned is what the ledger reads back, field by field
    assert ledger.movements()[2:4] == tr


def test_expiry_write_off_keeps_its_reason(ledger: Ledger, clock) -> None:
    ledger.receive("PY-SJ", "KJ-004", "K1", 3, actor="a", expiry=TODAY + timedelta(days=1))
    ledger.receive("PY-SJ", "KJ-004", "K2", 4, actor="a", expiry=TODAY + timedelta(days=1))
    clock.advance(timedelta(days=2))
    ledger.expire("PY-SJ", "KJ-004", "K1", actor="b")
    ledger.expire("PY-SJ", "KJ-004", "K2", actor="b", reason="受潮报废")
    assert [(m.lot, m.kind, m.qty, m.reason) for m in ledger.movements() if m.kind == "expire"] == [
        ("K1", "expire", -3, "超过有效期报废"), ("K2", "expire", -4, "受潮报废")]
    assert [m.kind_name for m in ledger.movements()] == ["入库", "入库", "过期报废", "过期报废"]
    with pytest.raises(LedgerError, match="^农药残留速测卡（KJ-004） 批号 K1 已无库存，无需报废$"):
        ledger.expire("PY-SJ", "KJ-004", "K1", actor="b")
    with pytest.raises(LedgerError, match="^批号 K9 不在该储备库，无法报废$"):
        ledger.expire("PY-SJ", "KJ-004", "K9", actor="b")
    ledger.receive("PY-SJ", "FC-001", "F", 3, actor="a")
    with pytest.raises(LedgerError, match="^封条（FC-001） 批号 F 尚未过期（有效期至 无），不能登记过期报废$"):
        ledger.expire("PY-SJ", "FC-001", "F", actor="b")
    with pytest.raises(LedgerError, match="^批号 K2 不在该储备库，无法报废$"):
        ledger.expire("QF-XJ", "KJ-004", "K2", actor="b")  # the lot is held at 濮阳, not 清丰
    assert ledger.verify() == []

