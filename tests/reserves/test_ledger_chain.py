"""Every stock movement is in the hash chain, written in the same transaction as its rows,
and the tables can be checked against it; quantities stay within their ceilings.

Real SQLite file and real PostgreSQL (the ``ledger`` fixture), no mocks: a failure is made
by a database trigger, a tampered row by an UPDATE behind the ledger's back.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, func, select, text

from console.changes import ChangeSet, Topic
from console.reserves import trail
from console.reserves.files import import_stock_file
from console.reserves.importing import ImportRejected, StockRecord, write_stock
from console.reserves.ledger import Ledger, LedgerError, Posting
from console.reserves.limits import MAX_LOT_QTY, MAX_TOTAL_QTY
from console.reserves.models import lots_table, movements_table
from console.reserves.requests import Requests
from console.store.chain import canonical_json
from console.store.eventlog import StoredEvent
from console.store.models import events_table
from tests.reserves.conftest import TODAY
from tests.reserves.test_requests import _responding, _stock

E1 = date(2027, 2, 1)
E2 = date(2027, 7, 1)


def _events(ledger: Ledger) -> list[StoredEvent]:
    return list(ledger.log.read(trail.STREAM))


def _counts(ledger: Ledger) -> tuple[int, int, int]:
    """(events, lots, movements) in the database."""
    with ledger.db.reading() as conn:
        return tuple(int(conn.execute(select(func.count()).select_from(t)).scalar_one())  # type: ignore[return-value]
                     for t in (events_table, lots_table, movements_table))


def _sql(ledger: Ledger, *statements: str) -> None:
    with ledger.db.connect() as conn:
        for s in statements:
            conn.execute(text(s))


def _tamper(ledger: Ledger, statement: str) -> None:
    """Edit the tables behind the ledger's back, as someone with the database password could
    (the append-only guard on the movements is dropped first)."""
    if ledger.db.dialect == "sqlite":
        drop = [f"DROP TRIGGER IF EXISTS reserve_movements_no_{a}" for a in ("update", "delete")]
    else:
        drop = ["DROP TRIGGER IF EXISTS reserve_movements_no_update_delete ON reserve_movements"]
    _sql(ledger, *drop, statement)


def _first_seq(ledger: Ledger, **where: str) -> int:
    return next(m.seq for m in ledger.movements() if all(getattr(m, k) == v for k, v in where.items()))


# ------------------------------------------------------------------ each write, its event


def test_each_kind_of_write_appends_one_event_carrying_its_movements(ledger: Ledger, clock) -> None:
    seen: list[ChangeSet] = []
    ledger.changes.subscribe(seen.append)
    ledger.receive("PY-SJ", "FH-001", "P1", 100, actor="保管员甲", expiry=E2, produced=date(2025, 7, 1),
                   role="commander", reason="年度采购")
    ledger.receive("PY-SJ", "FH-001", "P2", 50, actor="保管员甲", expiry=E1)
    ledger.receive("PY-SJ", "FH-001", "OLD", 4, actor="保管员甲", expiry=TODAY + timedelta(days=1))
    ledger.issue("PY-SJ", "FH-001", 30, actor="值班员乙", lot="P2")
    ledger.consume("PY-SJ", "FH-001", 5, actor="值班员乙", lot="P1", reason="演练")
    ledger.return_("PY-SJ", "FH-001", "P1", 2, actor="值班员乙")
    ledger.adjust("PY-SJ", "FH-001", "P1", -3, actor="保管员甲", reason="盘亏")
    ledger.transfer("PY-SJ", "QF-XJ", "FH-001", 10, actor="保管员甲", lot="P1", reason="前置")
    clock.advance(timedelta(days=2))
    ledger.expire("PY-SJ", "FH-001", "OLD", actor="保管员甲")
    events = _events(ledger)
    assert [e.type for e in events] == [
        "stock.received", "stock.received", "stock.received", "stock.issued", "stock.consumed", "stock.returned",
        "stock.counted", "stock.transferred", "stock.expired"]
    assert [e.version for e in events] == list(range(1, 10))
    assert events[0].role == "commander" and {e.role for e in events[1:]} == {"duty_officer"}
    assert [e.actor for e in events[3:7]] == ["值班员乙"] * 3 + ["保管员甲"]
    # the events' lines are the movements, in order, field by field
    moves = ledger.movements()
    lines = [trail.Line.of(c) for e in events for c in e.payload["lines"]]
    assert [(ln.depot, ln.item, ln.lot, ln.kind, ln.qty, ln.actor, ln.reason, ln.ref) for ln in lines] == [
        (m.depot, m.item, m.lot, m.kind, m.qty, m.actor, m.reason, m.ref) for m in moves]
    assert [e.payload["movements"] for e in events] == [1, 1, 1, 1, 1, 1, 1, 2, 1]
    assert lines[0].expiry == "2027-07-01" and lines[0].produced == "2025-07-01"  # the lot's dates, once
    assert lines[5].expiry is None  # a return does not create its lot
    assert lines[8] == trail.Line("QF-XJ", "FH-001", "P1", "transfer_in", 10, "保管员甲", lines[7].occurred_us,
                                  ref=lines[7].ref, reason="前置", expiry="2027-07-01", produced="2025-07-01")
    assert all(ln.occurred_us == lines[0].occurred_us for ln in lines[:9])
    assert events[-1].payload["lines"][0][4] == -4  # the whole remaining balance written off
    # the event's announcement is the stock change: one per write, naming no incident
    assert len(seen) == 9 and all(c.touches(Topic.STOCK) and not c.incidents for c in seen)
    assert ledger.log.verify().ok
    check = ledger.verify_chain()
    assert check.ok and (check.events, check.movements) == (9, 10) and check.problems == ()


def test_the_event_carries_the_incident_and_a_digest_a_reviewer_can_recompute(ledger: Ledger) -> None:
    mv = ledger.receive("PY-SJ", "CY-001", "C1", 7, actor="a", expiry=E1)
    (ev,) = _events(ledger)
    cells = ev.payload["lines"]
    assert cells == [["PY-SJ", mv.item, "C1", "receive", 7, "a", ev.payload["lines"][0][6], None, None, None,
                      None, "2027-02-01", None]]
    chunk = hashlib.sha256(canonical_json(cells).encode()).hexdigest()
    assert ev.payload["digest"] == hashlib.sha256(chunk.encode()).hexdigest()
    assert "chunks" not in ev.payload


def test_a_refused_write_appends_no_event(ledger: Ledger) -> None:
    ledger.receive("PY-SJ", "FH-001", "P1", 10, actor="a", expiry=E1)
    before = _counts(ledger)
    for refused in (lambda: ledger.issue("PY-SJ", "FH-001", 11, actor="b", lot="P1"),
                    lambda: ledger.issue("PY-SJ", "FH-001", 11, actor="b"),
                    lambda: ledger.transfer("PY-SJ", "NOPE", "FH-001", 1, actor="b"),
                    lambda: ledger.return_("PY-SJ", "FH-001", "NOPE", 1, actor="b"),
                    lambda: ledger.issue("PY-SJ", "FH-001", 1, actor="b", incident_id="NO-SUCH-INCIDENT"),
                    lambda: ledger.receive("PY-SJ", "FH-001", "P1", 1, actor="b", expiry=E2)):
        with pytest.raises(LedgerError):
            refused()
        assert _counts(ledger) == before
    assert ledger.verify_chain().ok


def _refuse_inserts(ledger: Ledger, table: str) -> None:
    """A trigger that makes every insert into ``table`` fail (a failing write, for real)."""
    if ledger.db.dialect == "sqlite":
        _sql(ledger, f"CREATE TRIGGER refuse_{table} BEFORE INSERT ON {table} "
                     "BEGIN SELECT RAISE(ABORT, 'refused by test'); END")
    else:
        _sql(ledger, "CREATE FUNCTION refuse_insert() RETURNS trigger AS "
                     "$$ BEGIN RAISE EXCEPTION 'refused by test'; END $$ LANGUAGE plpgsql",
             f"CREATE TRIGGER refuse_{table} BEFORE INSERT ON {table} FOR EACH ROW EXECUTE FUNCTION refuse_insert()")


@pytest.mark.parametrize("table", ["reserve_movements", "events"])
def test_the_event_and_the_rows_commit_together_or_not_at_all(ledger: Ledger, table: str) -> None:
    ledger.receive("PY-SJ", "FH-001", "P1", 10, actor="a", expiry=E1)
    before = _counts(ledger)
    _refuse_inserts(ledger, table)
    with pytest.raises(Exception, match="refused by test"):
        ledger.receive("PY-SJ", "FH-001", "P2", 5, actor="a", expiry=E1)
    with pytest.raises(Exception, match="refused by test"):
        ledger.transfer("PY-SJ", "QF-XJ", "FH-001", 3, actor="a")
    assert _counts(ledger) == before
    assert ledger.log.stream_version(trail.STREAM) == 1
    assert [b.qty for b in ledger.balances()] == [10]


# ------------------------------------------------------------------ another console meanwhile


def test_a_write_planned_before_another_consoles_write_is_planned_again(ledger: Ledger, db, clock) -> None:
    if db.dialect == "postgresql":
        pytest.skip("PostgreSQL: stock writers take turns (Ledger.turn), so no write can overtake a plan; "
                    "the two-process test in test_ledger_concurrency.py runs them there")
    other = Ledger(db, clock)  # a second console on the same database
    ledger.receive("PY-SJ", "FH-001", "P1", 10, actor="a", expiry=E1)
    ledger.receive("PY-SJ", "FH-001", "P2", 10, actor="a", expiry=E2)
    plans: list[list[Posting]] = []

    def plan(conn: Connection) -> list[Posting]:
        plans.append(ledger.fefo(conn, "PY-SJ", "FH-001", 4, "issue"))
        if len(plans) == 1:  # the other console takes all of P1 once this one has planned
            other.issue("PY-SJ", "FH-001", 10, actor="乙", lot="P1")
        return plans[-1]

    moves = ledger.commit("stock.issued", "甲", "duty_officer", None, plan)
    assert [[p.lot for p in ps] for ps in plans] == [["P1"], ["P2"]]  # the first plan was stale
    assert [(m.lot, m.qty, m.actor) for m in moves] == [("P2", -4, "甲")]
    assert [e.actor for e in _events(ledger)] == ["a", "a", "乙", "甲"]
    assert ledger.verify_chain().ok


# ------------------------------------------------------------------ the tables against the chain


def _some_stock(ledger: Ledger) -> None:
    ledger.receive("PY-SJ", "FH-001", "P1", 100, actor="a", expiry=E2)
    ledger.receive("PY-SJ", "CY-001", "C1", 20, actor="a", expiry=E1)
    ledger.issue("PY-SJ", "FH-001", 30, actor="b", lot="P1")
    ledger.transfer("PY-SJ", "QF-XJ", "CY-001", 5, actor="b")


@pytest.mark.parametrize(("edit", "said"), [
    ("UPDATE reserve_movements SET qty = -3 WHERE seq = {issue}",
     "^流水号 {issue}：台账为「PY-SJ FH-001 批号 P1 issue -3（经办人 b）」，"
     "事件 #3（stock.issued，b）记为「PY-SJ FH-001 批号 P1 issue -30"),
    ("UPDATE reserve_movements SET actor = 'x' WHERE seq = {issue}", "^流水号 {issue}：台账为「.*经办人 x"),
    ("UPDATE reserve_lots SET expiry = '2030-01-01' WHERE lot = 'C1' AND depot_id = 'PY-SJ'",
     "^流水号 2：.*批次日期台账为 2030-01-01/None，事件为 2027-02-01/None"),
    ("DELETE FROM reserve_movements WHERE seq = {issue}", "^流水号 4：台账为「PY-SJ CY-001 批号 C1 transfer_out"),
    ("INSERT INTO reserve_movements (lot_id, kind, qty, occurred_us, recorded_us, actor) "
     "SELECT id, 'receive', 1, 0, 0, 'x' FROM reserve_lots WHERE lot = 'P1'",
     "^流水号 6（PY-SJ FH-001 批号 P1 receive 1（经办人 x））在链上没有对应事件"),
    ("UPDATE reserve_lots SET balance = 999 WHERE lot = 'P1'", "^PY-SJ FH-001 批号 P1：账面 999，流水合计 70$"),
])
def test_a_row_edited_behind_the_ledgers_back_is_named(ledger: Ledger, edit: str, said: str) -> None:
    _some_stock(ledger)
    assert ledger.verify_chain().ok
    issue = _first_seq(ledger, kind="issue")
    _tamper(ledger, edit.format(issue=issue))
    check = ledger.verify_chain()
    assert not check.ok
    assert re.match(said.format(issue=issue), check.problems[0]), check.problems
    assert ledger.log.verify().ok  # the chain itself is intact: it is the table that moved


def test_a_deleted_trailing_movement_is_missing_from_the_table(ledger: Ledger) -> None:
    _some_stock(ledger)
    last = ledger.movements()[-1].seq
    _tamper(ledger, f"DELETE FROM reserve_movements WHERE seq = {last}")
    problems = ledger.verify_chain().problems
    assert problems[0].startswith("事件 #4（stock.transferred，b）记有 2 条流水，台账中缺少其中 1 条")


# ------------------------------------------------------------------ a stock count from a file


def _count_file(tmp_path: Path, rows: list[StockRecord], name: str = "count.csv") -> Path:
    return write_stock(rows, tmp_path / name)


def test_a_large_import_is_one_event_with_digests_and_a_tampered_row_is_located(ledger: Ledger, tmp_path) -> None:
    n = trail.INLINE + 50
    rows = [StockRecord("FX-XJ", "CY-001", "2620101", f"L{k:04d}", k + 1, E1) for k in range(n)]
    assert import_stock_file(ledger, _count_file(tmp_path, rows), actor="保管员甲") == {
        "rows": n, "received": n, "adjusted": 0, "unchanged": 0}
    (ev,) = _events(ledger)
    assert ev.type == "stock.imported" and ev.actor == "保管员甲"
    assert {k: ev.payload[k] for k in ("source", "rows", "received", "adjusted", "unchanged", "movements")} == {
        "source": "count.csv", "rows": n, "received": n, "adjusted": 0, "unchanged": 0, "movements": n}
    assert "lines" not in ev.payload and len(ev.payload["chunks"]) == 3 and ev.payload["chunk"] == trail.CHUNK
    assert ledger.verify_chain().ok
    # a recount: two lots differ, one is new; the adjustments say the row they come from
    recount = [*rows[:2], StockRecord("FX-XJ", "CY-001", "2620101", "L0002", 1, E1, row=0),
               StockRecord("FX-XJ", "CY-001", "2620101", "NEW", 9, E2)]
    recount[1] = StockRecord("FX-XJ", "CY-001", "2620101", "L0001", 100, E1)
    import_stock_file(ledger, _count_file(tmp_path, recount, "recount.csv"), actor="保管员乙")
    ev2 = _events(ledger)[-1]
    assert [(c[2], c[3], c[4], c[10]) for c in ev2.payload["lines"]] == [
        ("NEW", "receive", 9, "导入库存 recount.csv"),
        ("L0001", "adjust", 98, "盘点导入 recount.csv 第 3 行：实盘 100"),
        ("L0002", "adjust", -2, "盘点导入 recount.csv 第 4 行：实盘 1")]
    assert ledger.verify_chain().ok
    target = ledger.movements()[150].seq
    _tamper(ledger, f"UPDATE reserve_movements SET qty = qty + 1 WHERE seq = {target}")
    problem = ledger.verify_chain().problems[0]
    assert problem.startswith("流水号 101–200 之间有流水与事件 #1（stock.imported，保管员甲）的摘要不符（第 2 组")


# ------------------------------------------------------------------ quantities


BAD = [10**23, 2**63 - 1, -1, 0, 1.5, float("nan"), True, "5"]


@pytest.mark.parametrize("bad", BAD, ids=repr)
def test_quantities_out_of_range_are_refused_before_anything_is_written(ledger: Ledger, bad: Any) -> None:
    ledger.receive("PY-SJ", "FH-001", "P1", 10, actor="a", expiry=E1)
    before = _counts(ledger)
    attempts: list[Callable[[], object]] = [
        lambda: ledger.receive("PY-SJ", "FH-001", "P9", bad, actor="a", expiry=E1),
        lambda: ledger.issue("PY-SJ", "FH-001", bad, actor="a"),
        lambda: ledger.consume("PY-SJ", "FH-001", bad, actor="a", lot="P1"),
        lambda: ledger.transfer("PY-SJ", "QF-XJ", "FH-001", bad, actor="a"),
        lambda: ledger.return_("PY-SJ", "FH-001", "P1", bad, actor="a"),
    ]
    if bad not in (0, True, -1):  # (an adjustment of -1 is a stock loss found at a count)
        attempts.append(lambda: ledger.adjust("PY-SJ", "FH-001", "P1", bad, actor="a", reason="盘点"))
    for attempt in attempts:
        with pytest.raises(LedgerError, match="数量"):
            attempt()
    assert _counts(ledger) == before


def test_a_too_large_quantity_is_refused_naming_the_depot_the_item_and_the_limit(ledger: Ledger) -> None:
    with pytest.raises(LedgerError, match="^濮阳市应急物资储备中心：一次性防护服（FH-001） 的入库数量"
                                          "「100,000,000,000,000,000,000,000」过大：不能大于 1,000,000,000$"):
        ledger.receive("PY-SJ", "FH-001", "P1", 10**23, actor="a", expiry=E1)
    with pytest.raises(LedgerError, match="^清丰县应急物资储备库：一次性防护服（FH-001） 的调拨数量"
                                          "「9,223,372,036,854,775,807」过大：不能大于 1,000,000,000$"):
        ledger.transfer("QF-XJ", "PY-SJ", "FH-001", 2**63 - 1, actor="a")
    with pytest.raises(LedgerError, match="^范县应急物资储备库：一次性防护服（FH-001） 的调整数量"
                                          "「-1,000,000,001」过大：不能大于 1,000,000,000$"):
        ledger.adjust("FX-XJ", "FH-001", "P1", -(10**9 + 1), actor="a", reason="盘点")
    with pytest.raises(LedgerError, match="^NOPE：一次性防护服（FH-001） 的出库调拨数量必须大于 0（收到 -1）$"):
        ledger.issue("NOPE", "FH-001", -1, actor="a")
    with pytest.raises(LedgerError, match="^数量「nan」不是整数"):
        Ledger.check_qty(float("nan"))
    assert Ledger.check_qty(MAX_LOT_QTY) == MAX_LOT_QTY


def test_a_lot_and_an_items_total_at_a_depot_have_ceilings(ledger: Ledger) -> None:
    ledger.receive("PY-SJ", "FH-001", "P1", MAX_LOT_QTY, actor="a", expiry=E1)
    before = _counts(ledger)
    with pytest.raises(LedgerError, match="^濮阳市应急物资储备中心：一次性防护服（FH-001） 批号 P1 库存将达 "
                                          "1,000,000,001 套：单批次不能大于 1,000,000,000，本次操作未执行$"):
        ledger.receive("PY-SJ", "FH-001", "P1", 1, actor="a", expiry=E1)
    with pytest.raises(LedgerError, match="单批次不能大于"):
        ledger.adjust("PY-SJ", "FH-001", "P1", 1, actor="a", reason="盘盈")
    assert _counts(ledger) == before
    # an item's total at one depot: 1,000 full lots is the most it may hold
    full = [StockRecord("FX-XJ", "FH-001", "2640101", f"F{k:04d}", MAX_LOT_QTY, E1, row=k + 2)
            for k in range(MAX_TOTAL_QTY // MAX_LOT_QTY)]
    assert ledger.import_count(full, actor="a", source="full.csv")["received"] == 1000
    assert ledger.stock_by_depot()["FX-XJ"]["FH-001"] == MAX_TOTAL_QTY
    with ledger.db.reading() as conn:  # the SQL sum stays exact
        assert conn.execute(select(func.sum(lots_table.c.balance))).scalar_one() == MAX_TOTAL_QTY + MAX_LOT_QTY
    before = _counts(ledger)
    with pytest.raises(LedgerError, match="^范县应急物资储备库：一次性防护服（FH-001） 合计库存将达 "
                                          "1,000,000,000,001 套，不能大于 1,000,000,000,000，本次操作未执行$"):
        ledger.receive("FX-XJ", "FH-001", "X", 1, actor="a", expiry=E1)
    with pytest.raises(LedgerError, match="合计库存将达"):
        ledger.transfer("PY-SJ", "FX-XJ", "FH-001", 1, actor="a")
    with pytest.raises(ImportRejected) as rejected:
        ledger.import_count([StockRecord("FX-XJ", "FH-001", "2640101", "F0000", MAX_LOT_QTY, E1, row=2),
                             StockRecord("FX-XJ", "FH-001", "2640101", "MORE", 5, E1, row=3)],
                            actor="a", source="more.csv")
    [problem] = rejected.value.problems
    assert (problem.row, problem.column) == (3, "数量")
    assert "储备库 FX-XJ 的 一次性防护服（FH-001） 合计库存将达 1,000,000,000,005，不能大于 1,000,000,000,000" \
        in problem.message
    assert _counts(ledger) == before
    assert ledger.verify_chain().ok


@pytest.mark.parametrize(("cell", "said"), [
    ("100000000000000000000000", "数量 100,000,000,000,000,000,000,000 过大：单批数量不能大于 1,000,000,000"),
    ("9223372036854775807", "数量 9,223,372,036,854,775,807 过大：单批数量不能大于 1,000,000,000"),
    ("1000000001", "数量 1,000,000,001 过大"),
    ("-1", "数量 -1 为负数"),
    ("1.5", "数量 1.5 不是整数"),
    ("NaN", "数量 NaN 不是整数"),
])
def test_the_importer_refuses_quantities_out_of_range_by_row_and_column(ledger: Ledger, tmp_path,
                                                                        cell: str, said: str) -> None:
    path = tmp_path / "stock.csv"
    path.write_text("储备库编号,物资编码,批号,数量,有效期至\n"
                    "PY-SJ,2620101,OK,5,2027-02-01\n"
                    f"PY-SJ,2620101,BAD,{cell},2027-02-01\n", encoding="utf-8")
    before = _counts(ledger)
    with pytest.raises(ImportRejected) as rejected:
        import_stock_file(ledger, path, actor="a")
    [problem] = rejected.value.problems
    assert (problem.row, problem.column) == (3, "数量") and said in problem.message
    assert _counts(ledger) == before
    ok = tmp_path / "ok.csv"
    ok.write_text("储备库编号,物资编码,批号,数量,有效期至\nPY-SJ,2620101,MAX,1000000000,2027-02-01\n",
                  encoding="utf-8")
    assert import_stock_file(ledger, ok, actor="a")["received"] == 1


# ------------------------------------------------------------------ requests and approvals


def test_requests_refuse_quantities_out_of_range(ledger: Ledger) -> None:
    reqs = Requests(ledger)
    for bad in (10**23, 2**63 - 1, -1, 1.5, float("nan")):
        with pytest.raises(LedgerError, match="申请数量"):
            reqs.create({"FH-001": bad}, title="t", actor="a")
    with pytest.raises(LedgerError, match="^一次性防护服（FH-001） 的申请数量合计「1,200,000,000」过大"):
        reqs.create([("FH-001", 600_000_000), ("2640101", 600_000_000)], title="t", actor="a")
    assert reqs.list() == []


def test_an_approval_without_an_incident_is_a_stock_event_with_its_decision(ledger: Ledger) -> None:
    _stock(ledger)
    reqs = Requests(ledger)
    r = reqs.create({"FH-001": 30}, title="培训", actor="申请人", lat=35.85, lon=115.49)
    seen: list[ChangeSet] = []
    ledger.changes.subscribe(seen.append)
    reqs.approve(r.id, actor="指挥长", role="commander")
    ev = _events(ledger)[-1]
    assert (ev.type, ev.actor, ev.role, ev.payload["request"]) == ("stock.issued", "指挥长", "commander", r.id)
    assert {c[8] for c in ev.payload["lines"]} == {r.id} and sum(c[4] for c in ev.payload["lines"]) == -30
    assert seen[-1].touches(Topic.STOCK) and seen[-1].touches(Topic.REQUESTS)
    assert reqs.get(r.id).status == "approved"
    assert ledger.verify_chain().ok
    before = _counts(ledger)
    with pytest.raises(LedgerError, match="不能再次审批"):
        reqs.approve(r.id, actor="指挥长", role="commander")
    assert _counts(ledger) == before


def test_an_approval_for_an_incident_carries_its_movements_in_the_incident_event(db, clock,
                                                                                 ledger: Ledger) -> None:
    svc, iid, effects = _responding(db, clock)
    _stock(ledger)
    reqs = Requests(ledger, svc)
    [r] = reqs.from_effects(iid, effects)
    version = ledger.log.stream_version(trail.STREAM)
    reqs.approve(r.id, actor="指挥长", role="commander")
    assert ledger.log.stream_version(trail.STREAM) == version  # not in the reserves stream …
    [ev] = [e for e in svc.timeline(iid) if e.type == "log.materials_dispatched"]
    stock = ev.payload["data"]["stock"]  # … but in the incident's own event
    issued = ledger.movements(request_id=r.id)
    assert stock["movements"] == len(issued) > 0
    assert [(c[2], c[4], c[7], c[8]) for c in stock["lines"]] == [(m.lot, m.qty, iid, r.id) for m in issued]
    check = ledger.verify_chain()
    assert check.ok and check.movements == len(ledger.movements())
    _tamper(ledger, f"UPDATE reserve_movements SET qty = qty + 1 WHERE seq = {issued[0].seq}")
    assert ledger.verify_chain().problems[0].startswith(f"流水号 {issued[0].seq}：")


def test_a_write_gives_up_with_a_reason_when_other_consoles_never_stop(ledger: Ledger, db, clock) -> None:
    if db.dialect == "postgresql":
        pytest.skip("PostgreSQL: stock writers take turns (Ledger.turn), so no write can overtake a plan; "
                    "the two-process test in test_ledger_concurrency.py runs them there")
    other = Ledger(db, clock)
    ledger.receive("PY-SJ", "FH-001", "P1", 100, actor="a", expiry=E1)

    def plan(conn: Connection) -> list[Posting]:
        postings = ledger.fefo(conn, "PY-SJ", "FH-001", 1, "issue")
        other.issue("PY-SJ", "FH-001", 1, actor="乙")  # every time, before this one can write
        return postings

    with pytest.raises(LedgerError, match="^储备台账正被其他指挥台频繁更新，本次操作未执行，请稍后重试$"):
        ledger.commit("stock.issued", "甲", "", None, plan)
    assert [e.actor for e in _events(ledger)] == ["a"] + ["乙"] * 20
    ledger.commit("stock.issued", "甲", "", None, lambda conn: ledger.fefo(conn, "PY-SJ", "FH-001", 1, "issue"))
    assert _events(ledger)[-1].role == "duty_officer"  # no role given: the keeper's


def test_reserves_verify_on_the_command_line(tmp_path, capsys) -> None:  # noqa: ANN001
    from console.cli import main
    from console.store.db import open_database
    from tests.reserves.conftest import DEPOTS

    url = str(tmp_path / "c.sqlite3")
    db = open_database(url)
    lg = Ledger(db, jurisdiction="410900")
    lg.add_depot(DEPOTS[0])
    lg.receive("PY-SJ", "FH-001", "P1", 10, actor="a", expiry=E1)
    assert main(["--db", url, "reserves", "verify"]) == 0
    assert "库存台账与哈希链一致：1 个事件，1 笔流水" in capsys.readouterr().out
    _tamper(lg, "UPDATE reserve_movements SET qty = 1000")
    db.close()
    assert main(["--db", url, "reserves", "verify"]) == 1
    out = capsys.readouterr().out
    assert "不一致" in out and "流水号 1：台账为「PY-SJ FH-001 批号 P1 receive 1000（经办人 a）」" in out
    assert "PY-SJ FH-001 批号 P1：账面 10，流水合计 1000" in out
