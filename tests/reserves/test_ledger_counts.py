"""A stock count posted from a file (``Ledger.import_count``): what each counted row becomes
(a receipt, an adjustment by the difference, nothing), what the ``stock.imported`` event
records, which rows are refused and why, and how the count is planned again when the stock
moves under it.

Real SQLite file and real PostgreSQL (the ``ledger`` fixture). The only stand-ins: the pause
between retries is recorded instead of slept, and one test lowers the total ceiling to put a
depot over it (as after a stricter ceiling, with the stock already taken in).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import exc, func, select

import console.reserves.ledger as ledger_mod
from console.reserves import trail
from console.reserves.importing import ImportRejected, StockRecord
from console.reserves.ledger import Ledger, LedgerError, Posting, _back_off
from console.reserves.models import lots_table, movements_table
from console.store.chain import to_us
from console.store.eventlog import StoredEvent
from console.store.models import events_table
from tests.reserves.conftest import T0

E1 = date(2027, 2, 1)
E2 = date(2027, 7, 1)
PRODUCED = date(2025, 7, 1)
NOW_US = to_us(T0)


def _rec(depot: str, item: str, lot: str, qty: int, expiry: date | None = None, *, row: int,
         produced: date | None = None) -> StockRecord:
    code = {"FH-001": "2640101", "CY-001": "2620101", "FC-001": "2660101"}[item]
    return StockRecord(depot, item, code, lot, qty, expiry, produced, row)


def _events(ledger: Ledger) -> list[StoredEvent]:
    return list(ledger.log.read(trail.STREAM))


def _counts(ledger: Ledger) -> tuple[int, ...]:
    """(events, lots, movements) in the database."""
    with ledger.db.reading() as conn:
        return tuple(int(conn.execute(select(func.count()).select_from(t)).scalar_one())
                     for t in (events_table, lots_table, movements_table))


def _lots(ledger: Ledger) -> dict[tuple[str, str, str], int]:
    return {(b.depot, b.item, b.lot): b.qty for b in ledger.balances(include_zero=True)}


def _stock(ledger: Ledger) -> None:
    ledger.receive("PY-SJ", "FH-001", "P1", 10, actor="a", expiry=E1)
    ledger.receive("PY-SJ", "FH-001", "P2", 5, actor="a", expiry=E1)
    ledger.receive("QF-XJ", "CY-001", "C1", 8, actor="a", expiry=E2)


# ------------------------------------------------------------------ what a counted row becomes


def test_a_count_receives_new_lots_adjusts_known_ones_and_leaves_the_rest(ledger: Ledger) -> None:
    _stock(ledger)
    records = [
        _rec("PY-SJ", "FH-001", "P1", 12, E1, row=2),  # 盘盈 +2
        _rec("PY-SJ", "FH-001", "P2", 5, E1, row=3),  # as booked
        _rec("QF-XJ", "CY-001", "C1", 3, E2, row=4),  # 盘亏 -5
        _rec("FX-XJ", "FC-001", "", 7, row=5),  # a new lot without 批号 or 有效期
        _rec("FX-XJ", "FH-001", "N1", 4, E2, row=6, produced=PRODUCED),  # a new lot with both dates
        _rec("PY-SJ", "CY-001", "Z1", 0, E2, row=7),  # counted empty, never booked: nothing to do
        _rec("PY-SJ", "CY-001", "Z2", 0, E2, row=8),
    ]
    result = ledger.import_count(records, actor="保管员甲", source="count.csv")
    assert result == {"rows": 7, "received": 2, "adjusted": 2, "unchanged": 3}
    assert _lots(ledger) == {("PY-SJ", "FH-001", "P1"): 12, ("PY-SJ", "FH-001", "P2"): 5,
                             ("QF-XJ", "CY-001", "C1"): 3, ("FX-XJ", "FC-001", ""): 7,
                             ("FX-XJ", "FH-001", "N1"): 4}  # no lot for a row counted 0
    new = {b.lot: b for b in ledger.balances(depot="FX-XJ")}
    assert (new["N1"].expiry, new["N1"].produced) == (E2, PRODUCED)
    assert (new[""].expiry, new[""].produced) == (None, None)
    moves = ledger.movements()[3:]  # after the three receipts of _stock
    assert [(m.depot, m.item, m.lot, m.kind, m.qty, m.actor, m.reason, m.ref, m.occurred_at) for m in moves] == [
        ("FX-XJ", "FC-001", "", "receive", 7, "保管员甲", "导入库存 count.csv", None, T0),
        ("FX-XJ", "FH-001", "N1", "receive", 4, "保管员甲", "导入库存 count.csv", None, T0),
        ("PY-SJ", "FH-001", "P1", "adjust", 2, "保管员甲", "盘点导入 count.csv 第 2 行：实盘 12", None, T0),
        ("QF-XJ", "CY-001", "C1", "adjust", -5, "保管员甲", "盘点导入 count.csv 第 4 行：实盘 3", None, T0),
    ]
    assert ledger.verify() == []


def test_the_count_event_records_the_summary_and_every_movement(ledger: Ledger) -> None:
    _stock(ledger)
    ledger.import_count([
        _rec("PY-SJ", "FH-001", "P1", 12, E1, row=2),
        _rec("PY-SJ", "FH-001", "P2", 5, E1, row=3),
        _rec("FX-XJ", "FH-001", "N1", 4, E2, row=4, produced=PRODUCED),
        _rec("FX-XJ", "FC-001", "", 7, row=5),
        _rec("PY-SJ", "CY-001", "Z1", 0, E2, row=6),
    ], actor="保管员甲", source="count.csv")
    ev = _events(ledger)[-1]
    assert (ev.type, ev.actor, ev.role, ev.mode, ev.version) == (
        "stock.imported", "保管员甲", "duty_officer", "real", 4)
    payload = dict(ev.payload)
    assert payload.pop("digest")
    assert payload == {
        "source": "count.csv", "rows": 5, "received": 2, "adjusted": 1, "unchanged": 2, "movements": 3,
        "lines": [
            ["FX-XJ", "FH-001", "N1", "receive", 4, "保管员甲", NOW_US, None, None, None, "导入库存 count.csv",
             "2027-07-01", "2025-07-01"],
            ["FX-XJ", "FC-001", "", "receive", 7, "保管员甲", NOW_US, None, None, None, "导入库存 count.csv",
             None, None],
            ["PY-SJ", "FH-001", "P1", "adjust", 2, "保管员甲", NOW_US, None, None, None,
             "盘点导入 count.csv 第 2 行：实盘 12", None, None],
        ]}
    check = ledger.verify_chain()
    assert check.ok and (check.events, check.movements) == (4, 6)


def test_the_count_event_carries_the_role_and_the_consoles_mode(db, clock, ledger: Ledger) -> None:
    ledger.import_count([_rec("PY-SJ", "FC-001", "", 3, row=2)], actor="a", source="a.csv", role="storekeeper")
    ledger.import_count([_rec("PY-SJ", "FC-001", "", 4, row=2)], actor="a", source="b.csv", role="")
    drill = Ledger(db, clock, jurisdiction="410900", mode="drill")
    drill.import_count([_rec("PY-SJ", "FC-001", "", 5, row=2)], actor="a", source="c.csv", role="commander")
    assert [(e.role, e.mode, e.payload["source"]) for e in _events(ledger)] == [
        ("storekeeper", "real", "a.csv"), ("duty_officer", "real", "b.csv"), ("commander", "drill", "c.csv")]


def test_unchanged_counts_every_row_that_moves_nothing(ledger: Ledger) -> None:
    _stock(ledger)
    result = ledger.import_count([
        _rec("PY-SJ", "CY-001", "Z1", 0, E2, row=2),
        _rec("PY-SJ", "CY-001", "Z2", 0, E2, row=3),
        _rec("PY-SJ", "CY-001", "Z3", 0, E2, row=4),
        _rec("PY-SJ", "FH-001", "P1", 10, E1, row=5),
        _rec("PY-SJ", "FH-001", "P2", 5, E1, row=6),
    ], actor="a", source="same.csv")
    assert result == {"rows": 5, "received": 0, "adjusted": 0, "unchanged": 5}
    assert _events(ledger)[-1].payload["unchanged"] == 5
    assert len(_lots(ledger)) == 3 and len(ledger.movements()) == 3


# ------------------------------------------------------------------ refused rows


def test_a_lot_whose_expiry_differs_is_refused_and_every_such_row_is_named(ledger: Ledger) -> None:
    _stock(ledger)
    ledger.receive("PY-SJ", "FC-001", "", 6, actor="a")  # no 批号, no 有效期
    before = _counts(ledger)
    with pytest.raises(ImportRejected) as rejected:
        ledger.import_count([
            _rec("PY-SJ", "FH-001", "P1", 10, E2, row=2),
            _rec("PY-SJ", "FC-001", "", 6, E2, row=3),
            _rec("QF-XJ", "CY-001", "C1", 8, None, row=4),
            _rec("PY-SJ", "FH-001", "P2", 9, E1, row=5),  # fine on its own
        ], actor="a", source="count.csv")
    same = "不一致：同一批号的有效期必须相同，请核对"
    assert [(p.row, p.column, p.message) for p in rejected.value.problems] == [
        (2, "有效期至", f"批号 P1 已登记有效期至 2027-02-01，与文件中的 2027-07-01 {same}"),
        (3, "有效期至", f"批号 （无批号） 已登记有效期至 （无），与文件中的 2027-07-01 {same}"),
        (4, "有效期至", f"批号 C1 已登记有效期至 2027-07-01，与文件中的 （空） {same}"),
    ]
    assert rejected.value.source == "count.csv"
    assert str(rejected.value).startswith("文件 count.csv 有 3 处问题，未导入任何数据")
    assert _counts(ledger) == before


def test_the_total_ceiling_refuses_only_rows_that_raise_a_lot(ledger: Ledger, monkeypatch) -> None:
    _stock(ledger)  # 濮阳 holds 15 防护服 (P1 10, P2 5)
    monkeypatch.setattr(ledger_mod, "MAX_TOTAL_QTY", 12)  # a stricter ceiling, the stock already in
    before = _counts(ledger)
    with pytest.raises(ImportRejected) as rejected:
        ledger.import_count([
            _rec("PY-SJ", "FH-001", "P1", 11, E1, row=2),  # raises a lot: refused
            _rec("PY-SJ", "FH-001", "NEW", 1, E1, row=3),  # a new lot: refused too
            _rec("PY-SJ", "FH-001", "P2", 5, E1, row=4),  # as booked: never refused
        ], actor="a", source="over.csv")
    said = "储备库 PY-SJ 的 一次性防护服（FH-001） 合计库存将达 16，不能大于 12"
    assert [(p.row, p.column, p.message) for p in rejected.value.problems] == [(2, "数量", said), (3, "数量", said)]
    assert rejected.value.source == "over.csv"
    assert _counts(ledger) == before
    # a count that confirms or lowers the lots is taken, though the depot stays over the ceiling
    result = ledger.import_count([_rec("PY-SJ", "FH-001", "P1", 10, E1, row=2),
                                  _rec("PY-SJ", "FH-001", "P2", 4, E1, row=3)], actor="a", source="down.csv")
    assert result == {"rows": 2, "received": 0, "adjusted": 1, "unchanged": 1}
    assert _lots(ledger)[("PY-SJ", "FH-001", "P2")] == 4


@pytest.mark.parametrize(("records", "said"), [
    # the same new lot twice: the second insert breaks the lot's uniqueness
    ([_rec("PY-SJ", "FC-001", "D", 1, row=2), _rec("PY-SJ", "FC-001", "D", 2, row=3)],
     "同一储备库、物资、批号（或同一申请）已被其他操作同时登记，本次操作未执行，请刷新后重试"),
    # a depot nobody registered
    ([_rec("NOPE", "FC-001", "D", 1, row=2)], "引用的储备库或批次不存在（可能刚被删除或编号有误），本次操作未执行"),
])
def test_a_constraint_the_database_refuses_writes_nothing_and_says_why(
        ledger: Ledger, records: list[StockRecord], said: str) -> None:
    _stock(ledger)
    before = _counts(ledger)
    with pytest.raises(LedgerError) as refused:
        ledger.import_count(records, actor="a", source="bad.csv")
    assert str(refused.value) == said
    assert _counts(ledger) == before
    assert ledger.verify_chain().ok


# ------------------------------------------------------------------ the stock moving under a count


def _moving_under_the_count(ledger: Ledger, monkeypatch, times: int | None) -> tuple[list[int], list[Any]]:
    """Between planning the count and writing it, an incident's write (in its own stream, not the
    stock stream) returns 1 to P1 — on the first ``times`` plans (every plan when None).
    Returns the attempts passed to the back-off and the plans made."""
    pauses: list[int] = []
    plans: list[Any] = []
    monkeypatch.setattr(ledger_mod, "_back_off", pauses.append)
    planned: Callable[..., Any] = ledger._count_plan

    def plan_then_move(*args: Any) -> Any:
        out = planned(*args)
        plans.append(out)
        if times is None or len(plans) <= times:
            with ledger.db.connect() as conn:
                ledger.post([Posting("PY-SJ", "FH-001", "P1", 1, "return")], actor="审批人", conn=conn)
        return out

    monkeypatch.setattr(ledger, "_count_plan", plan_then_move)
    return pauses, plans


def test_a_count_is_planned_again_when_the_stock_moved_meanwhile(ledger: Ledger, monkeypatch) -> None:
    _stock(ledger)
    pauses, plans = _moving_under_the_count(ledger, monkeypatch, times=1)
    result = ledger.import_count([_rec("PY-SJ", "FH-001", "P1", 10, E1, row=2)], actor="保管员甲", source="c.csv")
    # planned against 10 (nothing to do), written against 11: the difference is adjusted
    assert len(plans) == 2 and pauses == [0]
    assert result == {"rows": 1, "received": 0, "adjusted": 1, "unchanged": 0}
    assert _lots(ledger)[("PY-SJ", "FH-001", "P1")] == 10
    assert [(m.kind, m.qty, m.reason) for m in ledger.movements()[3:]] == [
        ("return", 1, None), ("adjust", -1, "盘点导入 c.csv 第 2 行：实盘 10")]
    ev = _events(ledger)[-1]
    assert (ev.type, ev.payload["adjusted"], ev.payload["unchanged"], ev.payload["lines"][0][4]) == (
        "stock.imported", 1, 0, -1)
    assert ledger.verify() == []


def test_a_count_gives_up_after_twenty_plans_and_writes_nothing(ledger: Ledger, monkeypatch) -> None:
    _stock(ledger)
    events = len(_events(ledger))
    pauses, plans = _moving_under_the_count(ledger, monkeypatch, times=None)
    with pytest.raises(LedgerError) as refused:
        ledger.import_count([_rec("PY-SJ", "FH-001", "P1", 10, E1, row=2),
                             _rec("FX-XJ", "FC-001", "", 3, row=3)], actor="a", source="c.csv")
    assert str(refused.value) == "储备台账正被其他指挥台频繁更新，本次导入未执行，请稍后重试"
    assert len(plans) == 20 and pauses == list(range(20))
    assert len(_events(ledger)) == events  # no stock.imported event
    assert _lots(ledger)[("PY-SJ", "FH-001", "P1")] == 10 + 20  # only the incidents' returns
    assert ("FX-XJ", "FC-001", "") not in _lots(ledger)


def test_while_a_count_is_written_no_other_writer_can_move_a_lot(ledger: Ledger, monkeypatch) -> None:
    _stock(ledger)
    p2 = next(b.lot_id for b in ledger.balances() if b.lot == "P2")
    probes: list[str] = []
    calls: list[int] = []
    all_lots = ledger_mod._all_lots

    def all_lots_then_probe(conn: Any) -> Any:
        out = all_lots(conn)
        calls.append(1)
        if len(calls) == 2:  # inside the count's write transaction, just before it writes
            probes.append(_try_to_move(ledger, p2))
        return out

    monkeypatch.setattr(ledger_mod, "_all_lots", all_lots_then_probe)
    ledger.import_count([_rec("PY-SJ", "FH-001", "P1", 12, E1, row=2)], actor="a", source="c.csv")
    assert probes == ["blocked"]
    assert _lots(ledger)[("PY-SJ", "FH-001", "P2")] == 5


def _try_to_move(ledger: Ledger, lot_id: int) -> str:
    """From another connection, try to change a lot the count does not touch; give up fast."""
    if ledger.db.dialect == "sqlite":
        other = sqlite3.connect(ledger.db.engine.url.database, timeout=0.3)
        try:
            other.execute("UPDATE reserve_lots SET balance = balance WHERE id = ?", (lot_id,))
            other.rollback()
            return "moved"
        except sqlite3.OperationalError as e:
            return "blocked" if "locked" in str(e) else str(e)
        finally:
            other.close()
    with ledger.db.engine.connect() as other:
        try:
            other.exec_driver_sql("SET LOCAL lock_timeout = '300ms'")
            other.exec_driver_sql(f"UPDATE reserve_lots SET balance = balance WHERE id = {int(lot_id)}")
            return "moved"
        except exc.OperationalError as e:
            return "blocked" if "lock timeout" in str(e) else str(e)
        finally:
            other.rollback()


# ------------------------------------------------------------------ the pause between plans


def test_the_pause_before_planning_again_grows_2ms_per_attempt_up_to_20ms(monkeypatch) -> None:
    drawn: list[tuple[float, float]] = []
    slept: list[float] = []

    def uniform(low: float, high: float) -> float:
        drawn.append((low, high))
        return high

    monkeypatch.setattr(ledger_mod, "random", SimpleNamespace(uniform=uniform))
    monkeypatch.setattr(ledger_mod, "time", SimpleNamespace(sleep=slept.append))
    for attempt in range(14):
        _back_off(attempt)
    highs = [0.002, 0.004, 0.006, 0.008, 0.010, 0.012, 0.014, 0.016, 0.018, 0.020, 0.020, 0.020, 0.020, 0.020]
    assert [low for low, _ in drawn] == [0] * 14
    assert [high for _, high in drawn] == pytest.approx(highs)
    assert slept == pytest.approx(highs)


# ------------------------------------------------------------------ the other single-lot writes


def test_return_adjust_expire_and_consume_record_the_callers_role(ledger: Ledger) -> None:
    ledger.receive("PY-SJ", "FH-001", "P1", 10, actor="a", expiry=E1)
    ledger.receive("PY-SJ", "FH-001", "OLD", 3, actor="a", expiry=date(2026, 11, 1))
    ledger.consume("PY-SJ", "FH-001", 2, actor="b", lot="P1", role="commander")
    ledger.return_("PY-SJ", "FH-001", "P1", 1, actor="b", role="commander")
    ledger.adjust("PY-SJ", "FH-001", "P1", -1, actor="b", reason="盘亏", role="commander")
    ledger.expire("PY-SJ", "FH-001", "OLD", actor="b", role="commander")
    ledger.return_("PY-SJ", "FH-001", "P1", 1, actor="b")
    assert [(e.type, e.role) for e in _events(ledger)[2:]] == [
        ("stock.consumed", "commander"), ("stock.returned", "commander"), ("stock.counted", "commander"),
        ("stock.expired", "commander"), ("stock.returned", "duty_officer")]


def test_a_refused_return_quantity_names_the_depot_and_the_item(ledger: Ledger) -> None:
    ledger.receive("PY-SJ", "FH-001", "P1", 10, actor="a", expiry=E1)
    with pytest.raises(LedgerError) as refused:
        ledger.return_("PY-SJ", "FH-001", "P1", 0, actor="b")
    assert str(refused.value) == "濮阳市应急物资储备中心：一次性防护服（FH-001） 的归还数量必须大于 0（收到 0）"


def test_an_adjustment_of_exactly_one_full_lot_is_allowed(ledger: Ledger) -> None:
    max_lot = ledger_mod.MAX_LOT_QTY
    ledger.receive("PY-SJ", "FH-001", "P1", max_lot, actor="a", expiry=E1)
    assert ledger.adjust("PY-SJ", "FH-001", "P1", -max_lot, actor="b", reason="盘亏：整批丢失").qty == -max_lot
    assert ledger.adjust("PY-SJ", "FH-001", "P1", max_lot, actor="b", reason="盘盈：找回").qty == max_lot
    assert _lots(ledger) == {("PY-SJ", "FH-001", "P1"): max_lot}
    with pytest.raises(LedgerError, match="「-1,000,000,001」过大：不能大于 1,000,000,000$"):
        ledger.adjust("PY-SJ", "FH-001", "P1", -max_lot - 1, actor="b", reason="盘亏")
