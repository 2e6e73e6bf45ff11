"""The ledger's stock rules, each pinned by a case that breaks if the rule breaks.

First-expiring-first-out (FEFO) only looks at the named depot and item, skips empty
and expired lots (a lot expiring *today* is still usable), and orders by expiry — not
by lot code or arrival. A transfer takes its lot from the source depot even when the
same lot code is held elsewhere. Movements keep their transfer reference and reason.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import exc, insert, text

from console.clock import CHINA_TZ
from console.reserves.ledger import (
    DepotInfo,
    Ledger,
    LedgerError,
    Movement,
    Posting,
    depot_names,
    integrity_message,
    summarise,
)
from console.reserves.models import lots_table
from tests.reserves.conftest import DEPOTS, TODAY

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
    moves = ledger.transfer("PY-SJ", "FX-XJ", "CY-005", 1, actor="调度员", lot="L1", reason="指定批次")
    assert _lots(moves) == [("PY-SJ", "L1", "transfer_out", -1), ("FX-XJ", "L1", "transfer_in", 1)]
    assert moves[0].ref == moves[1].ref and (moves[0].ref or "").startswith("TR-")
    assert [m.reason for m in moves] == ["指定批次", "指定批次"]
    got = {(b.depot, b.lot): (b.qty, b.expiry, b.produced) for b in ledger.balances()}
    assert got == {("PY-SJ", "L1"): (5, E3, date(2025, 12, 1)),
                   ("QF-XJ", "L1"): (6, E1, date(2025, 2, 1)),
                   ("FX-XJ", "L1"): (5, E3, date(2025, 12, 1))}  # the source lot's dates, not 清丰's
    # into 清丰, whose L1 has another expiry: refused, nothing written
    before = ledger.movements()
    with pytest.raises(LedgerError,
                       match="清丰县应急物资储备库：无菌棉拭子（CY-005） 批号 L1 已登记有效期至 2027-02-01，"
                                          "与本次 2027-12-01 不一致"):
        ledger.transfer("PY-SJ", "QF-XJ", "CY-005", 1, actor="调度员")
    assert ledger.movements() == before
    assert ledger.verify() == []


def test_transfer_takes_the_dates_of_its_own_item_when_a_lot_code_is_shared(ledger: Ledger) -> None:
    # two items at one depot under one lot code (received: the other item first)
    ledger.receive("PY-SJ", "FH-001", "2026A", 9, actor="a", expiry=E1, produced=date(2025, 1, 1))
    ledger.receive("PY-SJ", "CY-005", "2026A", 9, actor="a", expiry=E3, produced=date(2025, 12, 1))
    ledger.transfer("PY-SJ", "FX-XJ", "CY-005", 3, actor="调度员")
    ledger.transfer("PY-SJ", "QF-XJ", "CY-005", 2, actor="调度员", lot="2026A")
    got = {(b.depot, b.item): (b.qty, b.expiry, b.produced) for b in ledger.balances()}
    assert got == {("PY-SJ", "FH-001"): (9, E1, date(2025, 1, 1)), ("PY-SJ", "CY-005"): (4, E3, date(2025, 12, 1)),
                   ("FX-XJ", "CY-005"): (3, E3, date(2025, 12, 1)), ("QF-XJ", "CY-005"): (2, E3, date(2025, 12, 1))}


def test_transfer_of_a_lot_the_source_does_not_hold_is_refused(ledger: Ledger) -> None:
    ledger.receive("QF-XJ", "CY-005", "ONLY-QF", 6, actor="a", expiry=E1)
    ledger.receive("PY-SJ", "CY-005", "P", 6, actor="a", expiry=E1)
    with pytest.raises(LedgerError,
                       match=r"^濮阳市应急物资储备中心：无菌棉拭子（CY-005） 批号 ONLY-QF 不存在，无法调出$"):
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
    ledger.receive("PY-SJ", "FC-001", "K2", 8, actor="a")  # another item, same lot code, never expires
    ledger.receive("PY-SJ", "KJ-004", "K1", 3, actor="a", expiry=TODAY + timedelta(days=1))
    ledger.receive("PY-SJ", "KJ-004", "K2", 4, actor="a", expiry=TODAY + timedelta(days=1))
    clock.advance(timedelta(days=2))
    ledger.expire("PY-SJ", "KJ-004", "K1", actor="b")
    ledger.expire("PY-SJ", "KJ-004", "K2", actor="b", reason="受潮报废")
    assert [(m.lot, m.kind, m.qty, m.reason) for m in ledger.movements() if m.kind == "expire"] == [
        ("K1", "expire", -3, "超过有效期报废"), ("K2", "expire", -4, "受潮报废")]
    assert [m.kind_name for m in ledger.movements(item="KJ-004")] == ["入库", "入库", "过期报废", "过期报废"]
    with pytest.raises(LedgerError, match="^农药残留速测卡（KJ-004） 批号 K1 已无库存，无需报废$"):
        ledger.expire("PY-SJ", "KJ-004", "K1", actor="b")
    with pytest.raises(LedgerError, match="^批号 K9 不在该储备库，无法报废$"):
        ledger.expire("PY-SJ", "KJ-004", "K9", actor="b")
    ledger.receive("PY-SJ", "FC-001", "F", 3, actor="a")
    with pytest.raises(LedgerError, match="^封条（FC-001） 批号 F 尚未过期（有效期至 无），不能登记过期报废$"):
        ledger.expire("PY-SJ", "FC-001", "F", actor="b")
    with pytest.raises(LedgerError, match="^批号 K2 不在该储备库，无法报废$"):
        ledger.expire("QF-XJ", "KJ-004", "K2", actor="b")  # the lot is held at 濮阳, not 清丰
    with pytest.raises(LedgerError, match="^批号 （无批号） 不在该储备库，无法报废$"):
        ledger.expire("PY-SJ", "KJ-004", "", actor="b")
    assert ledger.verify() == []


# ------------------------------------------------------------------ what posting writes is what is read


def test_every_field_of_a_movement_is_written_and_read_back(ledger: Ledger, db, clock) -> None:
    from console.incidents import IncidentService
    from tests.reserves.conftest import MUNICIPAL

    iid = IncidentService(db, clock).open(MUNICIPAL, title="清丰县学校食堂疑似食物中毒", actor="值班员",
                                          role="duty_officer", lat=35.886, lon=115.107).incident_id
    earlier = datetime(2026, 11, 20, 9, 15, tzinfo=CHINA_TZ)
    made: list[Movement] = []
    made.append(ledger.receive("QF-XJ", "2620101", " B1 ", 12, actor=" 李红 ", expiry=E1, produced=date(2025, 2, 1),
                               incident_id=iid, reason="紧急采购", at=earlier))
    clock.advance(timedelta(minutes=7))
    made += ledger.issue("QF-XJ", "CY-001", 3, actor="李四", incident_id=iid, request_id="REQ-7", reason="现场采样")
    made += ledger.consume("QF-XJ", "CY-001", 2, actor="李四", lot="B1", incident_id=iid, reason="检测消耗")
    made.append(ledger.return_("QF-XJ", "CY-001", "B1", 1, actor="李四", incident_id=iid, reason="归还"))
    with ledger.transaction() as conn:  # posting inside the caller's transaction
        made += ledger.post([Posting("QF-XJ", "CY-001", "B1", -1, "adjust", reason="盘亏")], actor=" 王五 ",
                            incident_id=iid, request_id="REQ-8", at=earlier + timedelta(days=1), conn=conn)
    made += ledger.transfer("QF-XJ", "PY-SJ", "CY-001", 2, actor=" 调度员 ", incident_id=iid)
    assert ledger.movements() == made
    now = clock.now()
    assert [(m.kind, m.qty, m.occurred_at, m.actor, m.incident_id, m.request_id, m.reason) for m in made] == [
        ("receive", 12, earlier, "李红", iid, None, "紧急采购"),
        ("issue", -3, now, "李四", iid, "REQ-7", "现场采样"),
        ("consume", -2, now, "李四", iid, None, "检测消耗"),
        ("return", 1, now, "李四", iid, None, "归还"),
        ("adjust", -1, earlier + timedelta(days=1), "王五", iid, "REQ-8", "盘亏"),
        ("transfer_out", -2, now, "调度员", iid, None, None),
        ("transfer_in", 2, now, "调度员", iid, None, None),
    ]
    assert {(m.depot, m.item, m.lot, m.expiry) for m in made} == {
        ("QF-XJ", "CY-001", "B1", E1), ("PY-SJ", "CY-001", "B1", E1)}
    seqs = [m.seq for m in made]
    assert seqs == sorted(seqs) and len(set(seqs)) == 7
    lots = {(b.depot, b.lot): b.lot_id for b in ledger.balances()}
    assert [m.lot_id for m in made] == [lots[("QF-XJ", "B1")]] * 5 + [lots[("QF-XJ", "B1")], lots[("PY-SJ", "B1")]]
    # selections
    assert [m.kind for m in ledger.movements(incident_id=iid)] == [
        "receive", "issue", "consume", "return", "adjust", "transfer_out", "transfer_in"]
    assert [m.seq for m in ledger.movements(request_id="REQ-7")] == [made[1].seq]
    assert [m.kind for m in ledger.movements(depot="PY-SJ")] == ["transfer_in"]
    assert ledger.movements(item="FH-001") == [] and len(ledger.movements(item="2620101")) == 7
    assert ledger.movements(limit=2) == made[:2]
    assert ledger.movements(depot="QF-XJ", incident_id=iid, limit=3) == made[:3]
    assert summarise(made + made[:2]) == {"receive": 24, "issue": -6, "consume": -2, "return": 1, "adjust": -1,
                                          "transfer_out": -2, "transfer_in": 2}
    assert summarise([]) == {}
    assert ledger.ledger_balances() == {lots[("QF-XJ", "B1")]: 5, lots[("PY-SJ", "B1")]: 2}
    # postings made on the caller's connection fall with the caller's transaction
    with pytest.raises(LedgerError, match="储备库「NOPE」不存在"), ledger.transaction() as conn:
        ledger.post([Posting("QF-XJ", "CY-001", "B1", -1, "issue")], actor="王五", conn=conn)
        ledger.post([Posting("NOPE", "CY-001", "B1", 1, "transfer_in")], actor="王五", conn=conn)
    assert ledger.movements() == made


def test_history_merges_movements_of_one_moment(ledger: Ledger, clock) -> None:
    t0 = clock.now()
    ledger.receive("PY-SJ", "FH-001", "H1", 10, actor="a", expiry=E1)
    ledger.receive("PY-SJ", "FH-001", "H2", 10, actor="a", expiry=E2)
    clock.advance(timedelta(hours=1))
    ledger.issue("PY-SJ", "FH-001", 15, actor="b")  # two movements, one moment
    clock.advance(timedelta(hours=1))
    ledger.receive("FX-XJ", "FH-001", "H3", 4, actor="a", expiry=E2)
    ledger.receive("FX-XJ", "CY-001", "C1", 99, actor="a", expiry=E2)  # another item: not in its history
    assert ledger.history("FH-001") == [(t0, 20), (t0 + timedelta(hours=1), 5), (t0 + timedelta(hours=2), 9)]
    assert ledger.history("FH-001", depot="FX-XJ") == [(t0 + timedelta(hours=2), 4)]


# ------------------------------------------------------------------ reading stock


def test_balances_are_selected_and_ordered_by_depot_item_expiry_lot(ledger: Ledger) -> None:
    ledger.receive("QF-XJ", "FH-001", "F2", 1, actor="a", expiry=E2)
    ledger.receive("PY-SJ", "FH-001", "F0", 2, actor="a", expiry=E3)
    ledger.receive("PY-SJ", "CY-001", "C1", 3, actor="a", expiry=E3, produced=date(2025, 12, 1))
    ledger.receive("PY-SJ", "FH-001", "F3", 4, actor="a", expiry=E1)
    ledger.receive("PY-SJ", "FH-001", "F1", 5, actor="a", expiry=E1)
    ledger.issue("QF-XJ", "FH-001", 1, actor="b")
    every = ledger.balances(include_zero=True)
    assert [(b.depot, b.item, b.lot, b.qty, b.expiry) for b in every] == [
        ("PY-SJ", "CY-001", "C1", 3, E3), ("PY-SJ", "FH-001", "F1", 5, E1), ("PY-SJ", "FH-001", "F3", 4, E1),
        ("PY-SJ", "FH-001", "F0", 2, E3), ("QF-XJ", "FH-001", "F2", 0, E2)]
    assert every[0].produced == date(2025, 12, 1) and every[1].produced is None
    assert ledger.balances() == every[:4]
    assert ledger.balances(depot="QF-XJ") == []
    assert [b.lot for b in ledger.balances(item="2640101")] == ["F1", "F3", "F0"]
    assert [b.lot for b in ledger.balances(depot="PY-SJ", item="CY-001")] == ["C1"]
    assert len({b.lot_id for b in every}) == 5


def test_stock_by_depot_counts_a_lot_on_its_expiry_day(ledger: Ledger) -> None:
    ledger.receive("PY-SJ", "KJ-004", "K1", 3, actor="a", expiry=E1)
    ledger.receive("PY-SJ", "KJ-004", "K2", 4, actor="a", expiry=E2)
    ledger.receive("FX-XJ", "FC-001", "", 5, actor="a")  # no lot code, no expiry
    assert ledger.stock_by_depot() == {"PY-SJ": {"KJ-004": 7}, "FX-XJ": {"FC-001": 5}}
    assert ledger.stock_by_depot(as_of=E1) == {"PY-SJ": {"KJ-004": 7}, "FX-XJ": {"FC-001": 5}}
    assert ledger.stock_by_depot(as_of=E1 + timedelta(days=1)) == {"PY-SJ": {"KJ-004": 4}, "FX-XJ": {"FC-001": 5}}
    assert ledger.stock_by_depot(as_of=E3) == {"FX-XJ": {"FC-001": 5}}


def test_verify_names_each_lot_whose_balance_left_its_movements(ledger: Ledger) -> None:
    ledger.receive("PY-SJ", "CY-001", "B1", 10, actor="a", expiry=E1)
    ledger.receive("PY-SJ", "CY-001", "B2", 10, actor="a", expiry=E2)
    assert ledger.verify() == []
    with ledger.db.connect() as conn:  # behind the ledger's back
        conn.execute(text("UPDATE reserve_lots SET balance = 7 WHERE lot = 'B1'"))
        conn.execute(text("UPDATE reserve_lots SET balance = 0 WHERE lot = 'B2'"))
        conn.execute(insert(lots_table).values(depot_id="FX-XJ", item="FH-001", lot="GHOST", balance=3, created_us=0))
        conn.execute(insert(lots_table).values(depot_id="FX-XJ", item="FH-001", lot="NEW", balance=0, created_us=0))
    assert ledger.verify() == ["FX-XJ FH-001 批号 GHOST：账面 3，流水合计 0",
                               "PY-SJ CY-001 批号 B1：账面 7，流水合计 10",
                               "PY-SJ CY-001 批号 B2：账面 0，流水合计 10"]


# ------------------------------------------------------------------ refusals, in the user's words


def test_refusals_name_the_lot_the_quantity_and_the_rule(ledger: Ledger) -> None:
    ledger.receive("PY-SJ", "FH-001", "P1", 10, actor="a", expiry=E1)
    with pytest.raises(LedgerError,
                       match="^濮阳市应急物资储备中心：一次性防护服（FH-001） 批号 P1 库存不足：现有 10 套，"
                                          "出库调拨 11 套，库存不能为负，本次操作未执行$"):
        ledger.issue("PY-SJ", "FH-001", 11, actor="b", lot="P1")
    assert ledger.issue("PY-SJ", "FH-001", 10, actor="b", lot="P1")[0].qty == -10  # to exactly zero is fine
    with pytest.raises(LedgerError,
                       match="^范县应急物资储备库：一次性防护服（FH-001） 批号 （无批号） 不存在，无法消耗$"):
        ledger.consume("FX-XJ", "FH-001", 1, actor="b", lot="")
    with pytest.raises(LedgerError,
                       match="^濮阳市应急物资储备中心：一次性防护服（FH-001） 批号 （无批号） 不存在，无法调出$"):
        ledger.transfer("PY-SJ", "FX-XJ", "FH-001", 1, actor="b", lot="")
    with pytest.raises(LedgerError, match="^未填写经办人：每笔出入库都必须记录经办人$"):
        ledger.issue("PY-SJ", "FH-001", 1, actor="  ")
    with pytest.raises(LedgerError, match="^未填写经办人：每笔出入库都必须记录经办人$"):
        ledger.post([Posting("PY-SJ", "FH-001", "P1", 1, "adjust", reason="盘盈")],
                    actor=None)  # type: ignore[arg-type]
    for bad in (0, -1, True):
        with pytest.raises(LedgerError, match="数量"):
            ledger.transfer("PY-SJ", "FX-XJ", "FH-001", bad, actor="b")
        with pytest.raises(LedgerError, match="数量"):
            ledger.issue("PY-SJ", "FH-001", bad, actor="b")
        with pytest.raises(LedgerError, match="数量"):
            ledger.return_("PY-SJ", "FH-001", "P1", bad, actor="b")
    assert len(ledger.movements()) == 2


def test_undated_lot_and_dated_receipt_do_not_mix(ledger: Ledger) -> None:
    ledger.receive("PY-SJ", "FC-001", "F1", 5, actor="a")
    with pytest.raises(LedgerError,
                       match="^濮阳市应急物资储备中心：封条（FC-001） 批号 F1 已登记有效期至 （无），"
                                          "与本次 2027-02-01 不一致："
                                          "同一批号的有效期必须相同，请核对批号或另编批号$"):
        ledger.receive("PY-SJ", "FC-001", "F1", 5, actor="a", expiry=E1)
    assert ledger.receive("PY-SJ", "FC-001", "F1", 5, actor="a").qty == 5  # more of it, still undated
    # a lot's own expiry is checked against the receipt: same expiry is fine
    ledger.receive("PY-SJ", "KJ-004", "K1", 1, actor="a", expiry=E1, produced=E1)  # made and expiring same day
    with pytest.raises(LedgerError, match="^有效期至 2027-02-01 早于生产日期 2027-02-02：请核对日期$"):
        ledger.receive("PY-SJ", "KJ-004", "K2", 1, actor="a", expiry=E1, produced=E1 + timedelta(days=1))
    m = ledger.receive("PY-SJ", "KJ-004", "K3", 1, actor="a", produced=date(2026, 3, 1))
    assert m.expiry == date(2027, 3, 1) and ledger.balances(depot="PY-SJ", item="KJ-004")[-1].produced == date(2026, 3,
                                                                                                               1)
    m = ledger.receive("PY-SJ", "FC-001", "F2", 1, actor="a", produced=date(2026, 3, 1))  # no shelf life
    assert m.expiry is None
    assert [b.qty for b in ledger.balances(item="FC-001")] == [10, 1]


def test_expired_lots_are_refused_by_name_for_every_outgoing_kind_but_may_be_adjusted(ledger: Ledger) -> None:
    ledger.receive("PY-SJ", "KJ-005", "OLD", 4, actor="a", expiry=TODAY - timedelta(days=1))
    ledger.receive("PY-SJ", "KJ-005", "TODAY", 4, actor="a", expiry=TODAY)
    for call, name in [(lambda: ledger.issue("PY-SJ", "KJ-005", 1, actor="b", lot="OLD"), "出库调拨"),
                       (lambda: ledger.consume("PY-SJ", "KJ-005", 1, actor="b", lot="OLD"), "消耗"),
                       (lambda: ledger.transfer("PY-SJ", "QF-XJ", "KJ-005", 1, actor="b", lot="OLD"), "调出")]:
        with pytest.raises(LedgerError,
                           match="^濮阳市应急物资储备中心：亚硝酸盐快速检测试剂盒（KJ-005） "
                                              "批号 OLD 已于 2026-11-21 过期，"
                                              f"不得{name}：请登记过期报废$"):
            call()
    # on its last day a lot may still go out by name, and is not yet written off
    assert ledger.issue("PY-SJ", "KJ-005", 1, actor="b", lot="TODAY")[0].qty == -1
    assert _lots(ledger.transfer("PY-SJ", "QF-XJ", "KJ-005", 1, actor="b", lot="TODAY"))[1] == (
        "QF-XJ", "TODAY", "transfer_in", 1)
    with pytest.raises(LedgerError, match="尚未过期（有效期至 2026-11-22）"):
        ledger.expire("PY-SJ", "KJ-005", "TODAY", actor="b")
    # a count correction and a return still reach an expired lot
    assert ledger.adjust("PY-SJ", "KJ-005", "OLD", -1, actor="b", reason="盘亏").qty == -1
    assert ledger.return_("PY-SJ", "KJ-005", "OLD", 1, actor="b").kind == "return"
    ledger.adjust("PY-SJ", "KJ-005", "OLD", -3, actor="b", reason="盘亏")
    ledger.receive("PY-SJ", "KJ-006", "ONE", 1, actor="a", expiry=TODAY - timedelta(days=3))
    assert ledger.expire("PY-SJ", "KJ-006", "ONE", actor="b").qty == -1
    assert {(b.lot, b.qty) for b in ledger.balances(depot="PY-SJ", include_zero=True)} == {
        ("OLD", 1), ("TODAY", 2), ("ONE", 0)}


def test_returns_go_back_to_the_lot_at_that_depot_and_item(ledger: Ledger) -> None:
    ledger.receive("PY-SJ", "FH-001", "R1", 5, actor="a", expiry=E1)
    ledger.receive("QF-XJ", "CY-001", "R2", 5, actor="a", expiry=E1)
    ledger.issue("PY-SJ", "FH-001", 3, actor="b")
    with pytest.raises(LedgerError, match="^批号 R1 不在该储备库：归还须记入原批次$"):
        ledger.return_("QF-XJ", "FH-001", "R1", 1, actor="b")  # the lot is at 濮阳
    with pytest.raises(LedgerError, match="^批号 R2 不在该储备库：归还须记入原批次$"):
        ledger.return_("QF-XJ", "FH-001", "R2", 1, actor="b")  # R2 at 清丰 is another item
    with pytest.raises(LedgerError, match="^批号 （无批号） 不在该储备库：归还须记入原批次$"):
        ledger.return_("PY-SJ", "FH-001", "", 1, actor="b")
    with pytest.raises(LedgerError, match="^未填写经办人"):
        ledger.return_("PY-SJ", "FH-001", "R1", 1, actor="")
    m = ledger.return_("PY-SJ", "2640101", "R1", 2, actor=" b ")
    assert (m.depot, m.item, m.lot, m.kind, m.qty, m.actor, m.expiry) == ("PY-SJ", "FH-001", "R1", "return", 2, "b", E1)
    assert _stock(ledger) == {("PY-SJ", "FH-001", "R1"): 4, ("QF-XJ", "CY-001", "R2"): 5}


def test_adjustments_need_a_reason_and_a_nonzero_whole_number(ledger: Ledger) -> None:
    ledger.receive("FX-XJ", "FC-001", "A1", 10, actor="a")
    for reason in ("", "   ", None):
        with pytest.raises(LedgerError, match="^盘点调整必须填写原因（如：盘点实盘数量与账面不符）$"):
            ledger.adjust("FX-XJ", "FC-001", "A1", 1, actor="a", reason=reason)  # type: ignore[arg-type]
    for delta in (0, True, 1.5):
        with pytest.raises(LedgerError, match=f"^调整数量「{delta}」无效：应为非零整数（正数为盘盈，负数为盘亏）$"):
            ledger.adjust("FX-XJ", "FC-001", "A1", delta, actor="a", reason="盘点")  # type: ignore[arg-type]
    with pytest.raises(LedgerError, match="库存不足"):
        ledger.adjust("FX-XJ", "FC-001", "A1", -11, actor="a", reason="盘亏")
    up = ledger.adjust("FX-XJ", "2660101", "A1", 1, actor="a", reason="盘盈")
    down = ledger.adjust("FX-XJ", "FC-001", "A1", -11, actor="a", reason="盘亏")
    assert [(m.item, m.kind, m.qty, m.reason) for m in (up, down)] == [
        ("FC-001", "adjust", 1, "盘盈"), ("FC-001", "adjust", -11, "盘亏")]
    assert ledger.balances(include_zero=True)[0].qty == 0


# ------------------------------------------------------------------ depots and minimums


def test_depots_are_registered_updated_and_read_back_whole(ledger: Ledger) -> None:
    assert ledger.depots() == sorted(
        [DepotInfo(d.id, d.name, d.tier, d.lat, d.lon, r, d.custodian, d.phone, d.source)
         for d, r in zip(DEPOTS, ["410902", "410922", "410926"], strict=True)], key=lambda d: d.id)
    assert depot_names(ledger) == {d.id: d.name for d in DEPOTS}
    moved = DepotInfo("QF-XJ", "清丰县储备库（新址）", "县级储备库", 35.90, 115.12, "410922", "张三", "0393-7222002",
                      "企业代储")
    town = DepotInfo("NL-XZ", "南乐县城关镇储备点", "乡镇储备点", 36.0700, 115.2100, "410923", "刘洋", "", "")
    with ledger.transaction() as conn:
        ledger.add_depot(moved, conn=conn)
        ledger.add_depot(town, conn=conn)
    got = {d.id: d for d in ledger.depots()}
    assert got["QF-XJ"] == moved and got["NL-XZ"] == town and len(got) == 4
    with pytest.raises(LedgerError, match="^储备库编号和名称不能为空$"):
        ledger.add_depot(DepotInfo(" ", "某库", "县级储备库", 35.76, 115.03))
    with pytest.raises(LedgerError, match="^储备库编号和名称不能为空$"):
        ledger.add_depot(DepotInfo("X1", "", "县级储备库", 35.76, 115.03))
    with pytest.raises(LedgerError, match="^储备方式「自储」无效：应为 政府储备、协议储备、企业代储 之一$"):
        ledger.add_depot(DepotInfo("X1", "某库", "县级储备库", 35.76, 115.03, source="自储"))
    with pytest.raises(LedgerError, match="^储备库级别「省级」无效：应为 市级储备中心、县级储备库、乡镇储备点 之一$"):
        ledger.add_depot(DepotInfo("X1", "某库", "省级", 35.76, 115.03))
    assert len(ledger.depots()) == 4
    # a ledger without a jurisdiction takes no depot at all: 请先设置辖区
    free = Ledger(ledger.db, ledger.clock)
    with pytest.raises(LedgerError, match="^请先设置辖区"):
        free.add_depot(DepotInfo("ZZ-SJ", "郑州某库", "市级储备中心", 34.7500, 113.6200, "410102"))
    zz = Ledger(ledger.db, ledger.clock, jurisdiction="410100")
    zz.add_depot(DepotInfo("ZZ-SJ", "郑州某库", "市级储备中心", 34.7500, 113.6200, "410102"))
    assert {d.id: d.region for d in zz.depots()}["ZZ-SJ"] == "410102"
    assert not ledger.inside(34.75, 113.62) and ledger.inside(35.762, 115.029)


def test_minimums_per_depot_override_and_refusals(ledger: Ledger) -> None:
    assert ledger.minimums() == {}
    ledger.set_minimum("PY-SJ", "2620101", 30)
    ledger.set_minimum("QF-XJ", "CY-001", 5)
    ledger.set_minimum("PY-SJ", "FH-001", 60)
    ledger.set_minimum("PY-SJ", "CY-001", 40)  # replaces, does not add, leaves FH-001 alone
    ledger.set_minimum("FX-XJ", "FH-001", 0)
    assert ledger.minimums() == {("PY-SJ", "CY-001"): 40, ("QF-XJ", "CY-001"): 5, ("PY-SJ", "FH-001"): 60,
                                 ("FX-XJ", "FH-001"): 0}
    for bad in (-1, True, 2.5):
        with pytest.raises(LedgerError, match=f"^最低储备量「{bad}」无效：应为非负整数$"):
            ledger.set_minimum("PY-SJ", "CY-001", bad)  # type: ignore[arg-type]
    with pytest.raises(LedgerError, match="^储备库「NOPE」不存在：请先登记或导入该储备库$"):
        ledger.set_minimum("NOPE", "CY-001", 1)
    with pytest.raises(LedgerError, match="^物资编码「XX-1」不在物资目录中"):
        ledger.set_minimum("PY-SJ", "XX-1", 1)
    assert ledger.minimums()[("PY-SJ", "CY-001")] == 40


# ------------------------------------------------------------------ constraint refusals


def test_constraint_refusals_from_the_database_are_said_in_chinese(ledger: Ledger) -> None:
    ledger.receive("PY-SJ", "FH-001", "P1", 1, actor="a", expiry=E1)
    with pytest.raises(LedgerError, match="^引用的储备库或批次不存在（可能刚被删除或编号有误），本次操作未执行$"), \
            ledger.transaction() as conn:
        conn.execute(insert(lots_table).values(depot_id="NOPE", item="FH-001", lot="X", balance=0, created_us=0))
    with pytest.raises(LedgerError, match="^数据不符合台账规则，本次操作未执行（.*name.*）$") as refused, \
            ledger.transaction() as conn:
        conn.execute(text("INSERT INTO reserve_depots (id, tier, lat, lon, created_us) "
                          "VALUES ('X', '县级储备库', 35.7, 115.0, 0)"))
    assert "\n" not in str(refused.value)
    assert len(ledger.depots()) == 3


class _DriverError(Exception):
    pass


@pytest.mark.parametrize(("driver_text", "said"), [
    ("CHECK constraint failed: balance_not_negative",
     "库存不能为负：该批次已被其他操作领用，本次操作未执行，请刷新后重试"),
    ("NOT NULL constraint failed: reserve_lots.balance",
     "库存不能为负：该批次已被其他操作领用，本次操作未执行，请刷新后重试"),
    ('new row violates check constraint "qty_not_zero"',
     "库存不能为负：该批次已被其他操作领用，本次操作未执行，请刷新后重试"),
    ("UNIQUE constraint failed: reserve_lots.depot_id",
     "同一储备库、物资、批号（或同一申请）已被其他操作同时登记，本次操作未执行，请刷新后重试"),
    ('duplicate key value violates "reserve_lots_pkey"',
     "同一储备库、物资、批号（或同一申请）已被其他操作同时登记，本次操作未执行，请刷新后重试"),
    ("FOREIGN KEY constraint failed", "引用的储备库或批次不存在（可能刚被删除或编号有误），本次操作未执行"),
    ('  null value in column "name"\nDETAIL: failing row',
     '数据不符合台账规则，本次操作未执行（null value in column "name"）'),
])
def test_integrity_messages(driver_text: str, said: str) -> None:
    assert integrity_message(exc.IntegrityError("INSERT …", {}, _DriverError(driver_text))) == said
