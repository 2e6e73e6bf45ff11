"""The stock ledger: depots, lots, and movements from which every quantity is derived.

Why a ledger and not a stock table: "how many do we have" must be answerable *as of*
any moment and explainable line by line (who took what, for which incident). So the
truth is the append-only ``reserve_movements``; each lot's ``balance`` is the running
sum kept in the same transaction — the row concurrent writers contend for.

Never negative, under concurrency: every change is one guarded statement
``UPDATE reserve_lots SET balance = balance + :d WHERE id = :id AND balance + :d >= 0``
inside a write transaction (SQLite: ``BEGIN IMMEDIATE`` serialises writers; PostgreSQL:
the UPDATE locks the row and re-checks the guard against the committed balance of a
concurrent writer), plus ``CHECK (balance >= 0)`` as a backstop. A refused change
rolls back the whole transaction, so a transfer or an approved dispatch is all or
nothing. :meth:`Ledger.verify` proves balance = Σ movements.

In the hash chain: every write appends one event to the ``reserves`` stream (``stock.*``) in
the same transaction as its movements — planned in a read, then written exactly as the event
says; another console's write meanwhile moves the stream on and the write is planned again.
:meth:`Ledger.verify_chain` checks the tables against the chain (``console.reserves.trail``).
Quantities are whole numbers within ``console.reserves.limits``, checked before anything is
written.
"""

from __future__ import annotations

import random
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, and_, exc, func, insert, select, update

from console.changes import ChangeHub, ChangeSet, Topic
from console.clock import CHINA_TZ, Clock, SystemClock
from console.errors import Refused
from console.reserves import trail
from console.reserves.catalogue import Catalogue, Item, load_catalogue
from console.reserves.importing import ImportRejected, Problem, StockRecord
from console.reserves.limits import MAX_LOT_QTY, MAX_TOTAL_QTY
from console.reserves.models import (
    KIND_NAMES,
    SOURCES,
    TIERS,
    depots_table,
    lots_table,
    minimums_table,
    movements_table,
)
from console.store.chain import from_us, to_us
from console.store.db import Database
from console.store.eventlog import EventLog, NewEvent, StaleAppend, StoredEvent
from console.store.models import incidents_table

D = depots_table.c
L = lots_table.c
M = movements_table.c

__all__ = ["DEFAULT_ROLE", "DepotInfo", "Ledger", "LedgerError", "LotBalance", "Movement", "Posting"]

DEFAULT_ROLE = "duty_officer"  # who keeps the stock when the caller names no role
ATTEMPTS = 20  # plans of one write, when other consoles keep moving the stock stream on
TURN_LOCK = 0x7265736572766573  # PostgreSQL advisory lock key of the stock writers ("reserves")


class LedgerError(Refused):
    """A movement the ledger refuses; the message (Chinese) says why and what to do."""


@dataclass(frozen=True, slots=True)
class DepotInfo:
    id: str
    name: str
    tier: str
    lat: float
    lon: float
    region: str | None = None
    custodian: str = ""
    phone: str = ""
    source: str = ""
    active: bool = True  # False: deactivated (停用) by a reference.depot_deactivated event
    status_reason: str = ""


NO_JURISDICTION = "请先设置辖区（行政区划代码）：储备库的位置要对照辖区核对"


@dataclass(frozen=True, slots=True)
class LotBalance:
    """One lot and its balance (fits ``alerts.StockLine``)."""

    lot_id: int
    depot: str
    item: str
    lot: str
    qty: int
    expiry: date | None
    produced: date | None = None


@dataclass(frozen=True, slots=True)
class Movement:
    seq: int
    lot_id: int
    depot: str
    item: str
    lot: str
    kind: str
    qty: int
    occurred_at: datetime
    actor: str
    incident_id: str | None = None
    request_id: str | None = None
    ref: str | None = None
    reason: str | None = None
    expiry: date | None = None

    @property
    def kind_name(self) -> str:
        return KIND_NAMES.get(self.kind, self.kind)


@dataclass(frozen=True, slots=True)
class Posting:
    """One change to post: a signed quantity on a lot (created on receipt if new)."""

    depot: str
    item: str
    lot: str
    qty: int
    kind: str
    expiry: date | None = None
    produced: date | None = None
    reason: str | None = None
    ref: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def integrity_message(e: exc.IntegrityError) -> str:
    """What a constraint refusal means for the user (two consoles raced, or bad data)."""
    text = str(e.orig or e).lower()
    if "balance" in text or "check" in text:
        return "库存不能为负：该批次已被其他操作领用，本次操作未执行，请刷新后重试"
    if "unique" in text or "duplicate" in text:
        return "同一储备库、物资、批号（或同一申请）已被其他操作同时登记，本次操作未执行，请刷新后重试"
    if "foreign key" in text:
        return "引用的储备库或批次不存在（可能刚被删除或编号有误），本次操作未执行"
    return f"数据不符合台账规则，本次操作未执行（{str(e.orig or e).strip().splitlines()[0]}）"


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d is not None else None


def _date(s: str | None) -> date | None:
    return date.fromisoformat(s) if s else None


class Ledger:
    """Depots, lots and movements in one database (SQLite or PostgreSQL)."""

    def __init__(self, db: Database, clock: Clock | None = None, catalogue: Catalogue | None = None,
                 *, jurisdiction: str | None = None, changes: ChangeHub | None = None, mode: str = "real"):
        self.db = db
        self.clock: Clock = clock or SystemClock()
        self.catalogue = catalogue or load_catalogue()
        self.jurisdiction = jurisdiction
        self.changes = changes if changes is not None else ChangeHub()  # stock changes are announced here
        # the chain the movements are written into; its announcement is the stock change
        self.log = EventLog(db, self.clock, changes=self.changes)
        self.mode = mode

    # ------------------------------------------------------------------ helpers
    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """A write transaction whose constraint violations become Chinese refusals; once it
        commits, the stock change is announced."""
        try:
            with self.db.connect() as conn:
                yield conn
        except exc.IntegrityError as e:
            raise LedgerError(integrity_message(e)) from None
        self.changes.publish(ChangeSet.of(Topic.STOCK))

    def today(self) -> date:
        """The business date (China time): 有效期至 is a Chinese calendar day."""
        return self.clock.now().astimezone(CHINA_TZ).date()

    def item(self, ref: str) -> Item:
        it = self.catalogue.resolve(ref)
        if it is None:
            raise LedgerError(f"物资编码「{ref}」不在物资目录中：请使用 7 位编码（如 2620101）或短编号（如 CY-001）")
        return it

    def _depot_row(self, conn: Connection, depot: str) -> Any:
        row = conn.execute(select(depots_table).where(D.id == depot)).first()
        if row is None:
            raise LedgerError(f"储备库「{depot}」不存在：请先登记或导入该储备库")
        return row

    @staticmethod
    def check_actor(actor: str) -> str:
        """The person responsible for a movement, trimmed; LedgerError when there is none."""
        actor = (actor or "").strip()
        if not actor:
            raise LedgerError("未填写经办人：每笔出入库都必须记录经办人")
        return actor

    @staticmethod
    def check_qty(qty: object, what: str = "数量") -> int:
        """A positive whole quantity of at most :data:`MAX_LOT_QTY`; LedgerError naming ``what``
        otherwise (NaN, 1.5, True, 0, -1, 10**23 are all refused)."""
        if isinstance(qty, bool) or not isinstance(qty, int):
            raise LedgerError(f"{what}「{qty}」不是整数：请填写正整数")
        if qty <= 0:
            raise LedgerError(f"{what}必须大于 0（收到 {qty}）")
        if qty > MAX_LOT_QTY:
            raise LedgerError(f"{what}「{qty:,}」过大：不能大于 {MAX_LOT_QTY:,}")
        return qty

    def _what(self, depot: str, it: Item, what: str) -> str:
        """「储备库名：物资 的入库数量」 for a quantity's refusal (the id when the depot is unknown)."""
        with self.db.reading() as conn:
            name = conn.execute(select(D.name).where(D.id == depot)).scalar()
        return f"{name or depot}：{it.label} 的{what}"

    def _check_incident(self, conn: Connection, incident_id: str | None) -> None:
        if incident_id is None:
            return
        found = conn.execute(select(incidents_table.c.id).where(incidents_table.c.id == incident_id)).first()
        if found is None:
            raise LedgerError(f"事件「{incident_id}」不存在：出库关联的事件编号有误")

    # ------------------------------------------------------------------ depots
    def add_depot(self, depot: DepotInfo, *, conn: Connection | None = None) -> None:
        """Register or update a depot (master data; positions must lie in the jurisdiction)."""
        self._validate_depot(depot)
        if conn is None:
            with self.transaction() as c:
                self.upsert_depots(c, [depot])
        else:
            self.upsert_depots(conn, [depot])

    def _validate_depot(self, d: DepotInfo) -> None:
        if not d.id.strip() or not d.name.strip():
            raise LedgerError("储备库编号和名称不能为空")
        if d.tier not in TIERS:
            raise LedgerError(f"储备库级别「{d.tier}」无效：应为 {'、'.join(TIERS)} 之一")
        if d.source and d.source not in SOURCES:
            raise LedgerError(f"储备方式「{d.source}」无效：应为 {'、'.join(SOURCES)} 之一")
        if not self.jurisdiction:
            raise LedgerError(NO_JURISDICTION)
        if not self.inside(d.lat, d.lon):
            raise LedgerError(f"储备库「{d.name}」的坐标 ({d.lat}, {d.lon}) 不在本辖区内：请核对经纬度（GCJ-02）")

    def inside(self, lat: float, lon: float) -> bool:
        if self.jurisdiction is None:
            return True
        from console.geo.boundaries import contains

        return contains(self.jurisdiction, lat, lon)

    def _region(self, lat: float, lon: float) -> str | None:
        from console.geo.boundaries import county_at

        try:
            return county_at(lat, lon, within=self.jurisdiction)
        except Exception:  # noqa: BLE001 - boundaries unavailable: region stays unknown
            return None

    def upsert_depots(self, conn: Connection, depots: Sequence[DepotInfo]) -> None:
        """Insert or update depots in ``conn``'s transaction, as given: the caller has checked
        them (:meth:`add_depot` one by one, a file import all rows at once)."""
        now = to_us(self.clock.now())
        existing = {r.id for r in conn.execute(select(D.id))}
        new: list[dict[str, Any]] = []
        old: list[dict[str, Any]] = []
        for d in depots:
            row = {"id": d.id, "name": d.name, "tier": d.tier, "region": d.region or self._region(d.lat, d.lon),
                   "lat": d.lat, "lon": d.lon, "custodian": d.custodian, "phone": d.phone, "source": d.source}
            (old if d.id in existing else new).append(row)
        if new:
            conn.execute(insert(depots_table), [{**r, "created_us": now} for r in new])
        for r in old:
            conn.execute(update(depots_table).where(D.id == r["id"]).values(**r))

    def depots(self, *, active: bool | None = None) -> list[DepotInfo]:
        """Every depot (``active=True``: only those in use; False: only the deactivated)."""
        q = select(depots_table).order_by(D.id)
        if active is not None:
            q = q.where(D.active.is_(active))
        with self.db.reading() as conn:
            rows = conn.execute(q).all()
        return [DepotInfo(r.id, r.name, r.tier, r.lat, r.lon, r.region, r.custodian, r.phone, r.source,
                          bool(r.active), r.status_reason) for r in rows]

    def inactive_depots(self) -> set[str]:
        """Ids of the deactivated depots (left out of allocation, stock-takes and alerts)."""
        with self.db.reading() as conn:
            return {r[0] for r in conn.execute(select(D.id).where(D.active.is_(False)))}

    def set_minimum(self, depot: str, item: str, qty: int) -> None:
        """Per-depot minimum (overrides the catalogue default)."""
        it = self.item(item)
        if isinstance(qty, bool) or not isinstance(qty, int) or qty < 0:
            raise LedgerError(f"最低储备量「{qty}」无效：应为非负整数")
        with self.transaction() as conn:
            self._depot_row(conn, depot)
            conn.execute(minimums_table.delete().where(and_(minimums_table.c.depot_id == depot,
                                                            minimums_table.c.item == it.id)))
            conn.execute(insert(minimums_table).values(depot_id=depot, item=it.id, min_qty=qty))

    def minimums(self) -> dict[tuple[str, str], int]:
        with self.db.reading() as conn:
            return {(r.depot_id, r.item): r.min_qty for r in conn.execute(select(minimums_table))}

    # ------------------------------------------------------------------ posting
    def post(self, postings: Sequence[Posting], *, actor: str, incident_id: str | None = None,
             request_id: str | None = None, at: datetime | None = None,
             conn: Connection | None = None, role: str = DEFAULT_ROLE) -> list[Movement]:
        """Post movements atomically: all of them, or none (with the reason).

        Without ``conn``: with their ``stock.*`` event (the kind of the first posting) in the
        same transaction. With ``conn`` (the caller's transaction), the caller's own event must
        carry the movements (:meth:`lines`), as an approval's incident event does.
        """
        actor = self.check_actor(actor)
        if conn is not None:
            return self._post(conn, postings, actor, incident_id, request_id, at)
        kind = postings[0].kind if postings else "adjust"
        return self.commit(trail.EVENT_TYPES.get(kind, "stock.posted"), actor, role, at, lambda _c: list(postings),
                             incident_id=incident_id, request_id=request_id)

    # ------------------------------------------------------------------ the chain
    def lines(self, conn: Connection, postings: Sequence[Posting], actor: str, occurred: datetime,
              incident_id: str | None = None, request_id: str | None = None) -> list[trail.Line]:
        """The movements ``postings`` will write, as the chain records them (read in ``conn``)."""
        occurred_us = to_us(occurred)
        created: set[tuple[str, str, str]] = set()
        out = []
        for p in postings:
            item = self.item(p.item).id
            key = (p.depot, item, p.lot)
            new = False
            if p.qty > 0 and key not in created:
                found = conn.execute(select(L.id).where(L.depot_id == p.depot, L.item == item, L.lot == p.lot)).first()
                new = found is None
                created.add(key)
            out.append(trail.Line(p.depot, item, p.lot, p.kind, p.qty, actor, occurred_us, incident_id, request_id,
                                  p.ref, p.reason, _iso(p.expiry) if new else None,
                                  _iso(p.produced) if new else None))
        return out

    def commit(self, type_: str, actor: str, role: str, at: datetime | None,
                 plan: Callable[[Connection], list[Posting]], *, incident_id: str | None = None,
                 request_id: str | None = None, summary: dict[str, Any] | None = None,
                 also: Callable[[Connection], None] | None = None,
                 touched: set[Topic] | None = None) -> list[Movement]:
        """Plan the postings in a read, then append their event and write them in one transaction.

        ``plan(conn)`` returns the postings (or refuses); ``also`` writes beside them (a
        request's decision), ``touched`` names the topics that write touches. The stream's version read before the
        plan is the append's expected version: if another console wrote stock meanwhile, the
        append is refused (nothing written) and the postings are planned again.
        """
        actor = self.check_actor(actor)
        role = role or DEFAULT_ROLE
        occurred = at or self.clock.now()
        with self.turn():
            return self._commit(type_, actor, role, occurred, plan, incident_id, request_id, summary, also, touched)

    def _commit(self, type_: str, actor: str, role: str, occurred: datetime,
                plan: Callable[[Connection], list[Posting]], incident_id: str | None, request_id: str | None,
                summary: dict[str, Any] | None, also: Callable[[Connection], None] | None,
                touched: set[Topic] | None) -> list[Movement]:
        for attempt in range(ATTEMPTS):
            version = self.log.stream_version(trail.STREAM)
            with self.db.reading() as conn:
                postings = plan(conn)
                lines = self.lines(conn, postings, actor, occurred, incident_id, request_id)
            event = NewEvent(type_, occurred, actor, role, trail.payload(lines, summary), self.mode)
            out: list[Movement] = []

            def write(conn: Connection, _evs: list[StoredEvent], postings: list[Posting] = postings,
                      out: list[Movement] = out) -> None:
                if also is not None:
                    also(conn)
                out.extend(self._post(conn, postings, actor, incident_id, request_id, occurred))

            try:
                self.log.append(trail.STREAM, version, [event], in_transaction=write, touched=touched)
            except StaleAppend:
                _back_off(attempt)
                continue
            except exc.IntegrityError as e:
                raise LedgerError(integrity_message(e)) from None
            return out
        raise LedgerError("储备台账正被其他指挥台频繁更新，本次操作未执行，请稍后重试")

    @contextmanager
    def turn(self) -> Iterator[None]:
        """PostgreSQL: stock writes take turns across consoles, from planning to commit (a session
        advisory lock), so that two busy consoles do not keep outdating each other's plans.
        SQLite: writers already queue on the database lock (nothing to do)."""
        if self.db.dialect != "postgresql":
            yield
            return
        with self.db.engine.connect() as conn:
            conn.exec_driver_sql(f"SELECT pg_advisory_lock({TURN_LOCK})")
            conn.commit()
            try:
                yield
            finally:
                conn.exec_driver_sql(f"SELECT pg_advisory_unlock({TURN_LOCK})")
                conn.commit()

    def verify_chain(self) -> trail.ChainCheck:
        """The stock tables against the hash chain: each movement against its event (the first
        that differs is named), then each lot's balance against its movements."""
        return trail.check(self.log, self.db, self.verify())

    def _post(self, conn: Connection, postings: Sequence[Posting], actor: str, incident_id: str | None,
              request_id: str | None, at: datetime | None) -> list[Movement]:
        self._check_incident(conn, incident_id)
        now = self.clock.now()
        occurred = to_us(at or now)
        recorded = to_us(now)
        out: list[Movement] = []
        depot_names: dict[str, str] = {}
        for p in postings:
            if p.depot not in depot_names:
                depot_names[p.depot] = self._depot_row(conn, p.depot).name
            it = self.item(p.item)
            lot = conn.execute(
                select(L.id, L.balance, L.expiry).where(L.depot_id == p.depot, L.item == it.id, L.lot == p.lot)
                .with_for_update()
            ).first()
            where = f"{depot_names[p.depot]}：{it.label} 批号 {p.lot or '（无批号）'}"
            if lot is None:
                if p.qty < 0:
                    raise LedgerError(f"{where} 不存在，无法{KIND_NAMES[p.kind]}")
                lot_id = conn.execute(insert(lots_table).values(
                    depot_id=p.depot, item=it.id, lot=p.lot, expiry=_iso(p.expiry), produced=_iso(p.produced),
                    balance=0, created_us=recorded).returning(L.id)).scalar_one()
                expiry = p.expiry
            else:
                lot_id, expiry = lot.id, _date(lot.expiry)
                if p.kind in ("receive", "transfer_in") and p.expiry is not None and expiry != p.expiry:
                    raise LedgerError(
                        f"{where} 已登记有效期至 {expiry or '（无）'}，与本次 {p.expiry} 不一致："
                        "同一批号的有效期必须相同，请核对批号或另编批号")
            if p.qty < 0 and p.kind in ("issue", "transfer_out", "consume") and expiry is not None \
                    and expiry < self.today():
                raise LedgerError(f"{where} 已于 {expiry} 过期，不得{KIND_NAMES[p.kind]}：请登记过期报废")
            if p.qty > 0:
                total = int(conn.execute(select(func.coalesce(func.sum(L.balance), 0))
                                         .where(L.depot_id == p.depot, L.item == it.id)).scalar_one())
                if total + p.qty > MAX_TOTAL_QTY:
                    raise LedgerError(
                        f"{depot_names[p.depot]}：{it.label} 合计库存将达 {total + p.qty:,} {it.unit}，"
                        f"不能大于 {MAX_TOTAL_QTY:,}，本次操作未执行")
            res = conn.execute(
                update(lots_table).where(L.id == lot_id, L.balance + p.qty >= 0, L.balance + p.qty <= MAX_LOT_QTY)
                .values(balance=L.balance + p.qty).returning(L.balance)
            ).first()
            if res is None:
                have = conn.execute(select(L.balance).where(L.id == lot_id)).scalar_one()
                if p.qty > 0:
                    raise LedgerError(f"{where} 库存将达 {have + p.qty:,} {it.unit}：单批次不能大于 "
                                      f"{MAX_LOT_QTY:,}，本次操作未执行")
                raise LedgerError(
                    f"{where} 库存不足：现有 {have} {it.unit}，{KIND_NAMES[p.kind]} {-p.qty} {it.unit}，"
                    f"库存不能为负，本次操作未执行")
            seq = conn.execute(insert(movements_table).values(
                lot_id=lot_id, kind=p.kind, qty=p.qty, occurred_us=occurred, recorded_us=recorded, actor=actor,
                incident_id=incident_id, request_id=request_id, ref=p.ref, reason=p.reason,
            ).returning(M.seq)).scalar_one()
            out.append(Movement(seq, lot_id, p.depot, it.id, p.lot, p.kind, p.qty, from_us(occurred), actor,
                                incident_id, request_id, p.ref, p.reason, expiry))
        return out

    # ------------------------------------------------------------------ commands
    def _qty(self, qty: object, depot: str, it: Item, what: str) -> int:
        """:meth:`check_qty`, the refusal naming the depot and the item."""
        try:
            return self.check_qty(qty)
        except LedgerError:
            return self.check_qty(qty, self._what(depot, it, what))

    def receive(self, depot: str, item: str, lot: str, qty: int, *, actor: str, expiry: date | None = None,
                produced: date | None = None, incident_id: str | None = None, reason: str | None = None,
                at: datetime | None = None, role: str = DEFAULT_ROLE) -> Movement:
        """入库: new lot or more of an existing lot (same expiry)."""
        it = self.item(item)
        qty = self._qty(qty, depot, it, "入库数量")
        if expiry is None and it.shelf_life is not None:
            if produced is None:
                raise LedgerError(f"{it.label} 有保质期，请填写有效期至或生产日期")
            expiry = produced + it.shelf_life
        if expiry is not None and produced is not None and expiry < produced:
            raise LedgerError(f"有效期至 {expiry} 早于生产日期 {produced}：请核对日期")
        posting = Posting(depot, it.id, lot.strip(), qty, "receive", expiry, produced, reason)
        return self.post([posting], actor=actor, incident_id=incident_id, at=at, role=role)[0]

    def fefo(self, conn: Connection, depot: str, item: str, qty: int, kind: str,
             lot: str | None = None, ref: str | None = None, reason: str | None = None) -> list[Posting]:
        """The postings that take ``qty`` of an item from a depot, first-expiring lot first.

        Expired lots are skipped (they may only be written off). Refuses with the shortfall.
        A plan, read without locks: posting it re-checks every lot's balance under the guard.
        """
        it = self.item(item)
        if lot is not None:
            return [Posting(depot, it.id, lot, -qty, kind, ref=ref, reason=reason)]
        today = self.today().isoformat()
        rows = conn.execute(
            select(L.lot, L.balance, L.expiry)
            .where(L.depot_id == depot, L.item == it.id, L.balance > 0,
                   (L.expiry.is_(None)) | (L.expiry >= today))
            .order_by(L.expiry.is_(None), L.expiry, L.lot)
        ).all()
        out, need = [], qty
        for r in rows:
            if need == 0:
                break
            take = min(need, r.balance)
            out.append(Posting(depot, it.id, r.lot, -take, kind, ref=ref, reason=reason))
            need -= take
        if need > 0:
            name = self._depot_row(conn, depot).name
            raise LedgerError(
                f"{name}：{it.label} 可用库存 {qty - need} {it.unit}，不足 {qty} {it.unit}"
                f"（过期批次不计），库存不能为负，本次操作未执行")
        return out

    def issue(self, depot: str, item: str, qty: int, *, actor: str, lot: str | None = None,
              incident_id: str | None = None, request_id: str | None = None, kind: str = "issue",
              reason: str | None = None, role: str = DEFAULT_ROLE) -> list[Movement]:
        """出库 (to an incident) or 消耗 (``kind="consume"``): FEFO unless a lot is named."""
        it = self.item(item)
        qty = self._qty(qty, depot, it, f"{KIND_NAMES.get(kind, kind)}数量")
        actor = self.check_actor(actor)

        def plan(conn: Connection) -> list[Posting]:
            self._depot_row(conn, depot)
            return self.fefo(conn, depot, it.id, qty, kind, lot, reason=reason)

        return self.commit(trail.EVENT_TYPES.get(kind, "stock.issued"), actor, role, None, plan,
                             incident_id=incident_id, request_id=request_id)

    def consume(self, depot: str, item: str, qty: int, *, actor: str, lot: str | None = None,
                incident_id: str | None = None, reason: str | None = None,
                role: str = DEFAULT_ROLE) -> list[Movement]:
        return self.issue(depot, item, qty, actor=actor, lot=lot, incident_id=incident_id, kind="consume",
                          reason=reason, role=role)

    def return_(self, depot: str, item: str, lot: str, qty: int, *, actor: str,
                incident_id: str | None = None, reason: str | None = None,
                role: str = DEFAULT_ROLE) -> Movement:
        """归还: unused stock comes back into an existing lot."""
        it = self.item(item)
        qty = self._qty(qty, depot, it, "归还数量")

        def plan(conn: Connection) -> list[Posting]:
            found = conn.execute(select(L.id).where(L.depot_id == depot, L.item == it.id, L.lot == lot)).first()
            if found is None:
                raise LedgerError(f"批号 {lot or '（无批号）'} 不在该储备库：归还须记入原批次")
            return [Posting(depot, it.id, lot, qty, "return", reason=reason)]

        return self.commit("stock.returned", actor, role, None, plan, incident_id=incident_id)[0]

    def adjust(self, depot: str, item: str, lot: str, delta: int, *, actor: str, reason: str,
               role: str = DEFAULT_ROLE) -> Movement:
        """盘点调整: a signed correction, always with its reason."""
        if not (reason or "").strip():
            raise LedgerError("盘点调整必须填写原因（如：盘点实盘数量与账面不符）")
        if isinstance(delta, bool) or not isinstance(delta, int) or delta == 0:
            raise LedgerError(f"调整数量「{delta}」无效：应为非零整数（正数为盘盈，负数为盘亏）")
        it = self.item(item)
        if abs(delta) > MAX_LOT_QTY:
            raise LedgerError(f"{self._what(depot, it, '调整数量')}「{delta:,}」过大：不能大于 {MAX_LOT_QTY:,}")
        return self.post([Posting(depot, it.id, lot, delta, "adjust", reason=reason.strip())],
                         actor=actor, role=role)[0]

    def expire(self, depot: str, item: str, lot: str, *, actor: str, reason: str | None = None,
               role: str = DEFAULT_ROLE) -> Movement:
        """过期报废: write off the whole remaining balance of a lot past its 有效期至."""
        it = self.item(item)

        def plan(conn: Connection) -> list[Posting]:
            row = conn.execute(select(L.balance, L.expiry).where(
                L.depot_id == depot, L.item == it.id, L.lot == lot)).first()
            if row is None:
                raise LedgerError(f"批号 {lot or '（无批号）'} 不在该储备库，无法报废")
            if row.expiry is None or date.fromisoformat(row.expiry) >= self.today():
                raise LedgerError(f"{it.label} 批号 {lot} 尚未过期（有效期至 {row.expiry or '无'}），不能登记过期报废")
            if row.balance == 0:
                raise LedgerError(f"{it.label} 批号 {lot} 已无库存，无需报废")
            return [Posting(depot, it.id, lot, -row.balance, "expire", reason=reason or "超过有效期报废")]

        return self.commit("stock.expired", actor, role, None, plan)[0]

    def transfer(self, from_depot: str, to_depot: str, item: str, qty: int, *, actor: str,
                 lot: str | None = None, incident_id: str | None = None,
                 reason: str | None = None, role: str = DEFAULT_ROLE) -> list[Movement]:
        """调拨 between depots: both legs (per lot) in one transaction, or nothing."""
        it = self.item(item)
        qty = self._qty(qty, from_depot, it, "调拨数量")
        actor = self.check_actor(actor)
        if from_depot == to_depot:
            raise LedgerError("调出与调入储备库相同：请选择不同的储备库")
        ref = "TR-" + uuid.uuid4().hex[:12]

        def plan(conn: Connection) -> list[Posting]:
            self._depot_row(conn, to_depot)
            outs = self.fefo(conn, from_depot, it.id, qty, "transfer_out", lot, ref=ref, reason=reason)
            postings: list[Posting] = []
            for p in outs:
                row = conn.execute(select(L.expiry, L.produced).where(
                    L.depot_id == from_depot, L.item == p.item, L.lot == p.lot)).first()
                if row is None:
                    name = self._depot_row(conn, from_depot).name
                    raise LedgerError(f"{name}：{it.label} 批号 {p.lot or '（无批号）'} "
                                      "不存在，无法调出")
                expiry, produced = row
                postings.append(p)
                postings.append(Posting(to_depot, p.item, p.lot, -p.qty, "transfer_in", _date(expiry),
                                        _date(produced), reason, ref))
            return postings

        return self.commit("stock.transferred", actor, role, None, plan, incident_id=incident_id)

    # ------------------------------------------------------------------ a stock count from a file
    def import_count(self, records: Sequence[StockRecord], *, actor: str, source: str,
                     role: str = DEFAULT_ROLE) -> dict[str, int]:
        """Post a stock count (checked rows of a file): a lot not yet in the ledger is received
        with the counted quantity, a known lot adjusted by the difference, all in one transaction
        with one ``stock.imported`` event (a summary and the movements' digests).

        Returns {"rows": n, "received": n, "adjusted": n, "unchanged": n}; ImportRejected (every
        row named) when a lot's 有效期至 differs or an item's total at a depot would pass
        :data:`MAX_TOTAL_QTY`.
        """
        actor = self.check_actor(actor)
        with self.turn():
            return self._import_count(records, actor, source, role)

    def _import_count(self, records: Sequence[StockRecord], actor: str, source: str,
                      role: str) -> dict[str, int]:
        for attempt in range(ATTEMPTS):
            version = self.log.stream_version(trail.STREAM)
            now = self.clock.now()
            now_us = to_us(now)
            with self.db.reading() as conn:
                existing = _all_lots(conn)
            plan = self._count_plan(records, existing, actor, now_us, source)
            summary = {"source": source, "rows": len(records), "received": len(plan.new_lots),
                       "adjusted": len(plan.adjust), "unchanged": plan.unchanged}
            event = NewEvent("stock.imported", now, actor, role or DEFAULT_ROLE,
                             trail.payload(plan.lines, summary), self.mode)

            def write(conn: Connection, _evs: list[StoredEvent], plan: _CountPlan = plan,
                      existing: dict[tuple[str, str, str], tuple[int, int, Any]] = existing,
                      at: int = now_us) -> None:
                self._write_count(conn, plan, existing, actor, at, source)

            try:
                self.log.append(trail.STREAM, version, [event], in_transaction=write)
            except (StaleAppend, _Replan):
                _back_off(attempt)
                continue
            except exc.IntegrityError as e:
                raise LedgerError(integrity_message(e)) from None
            return {"rows": len(records), "received": len(plan.new_lots), "adjusted": len(plan.adjust),
                    "unchanged": plan.unchanged}
        raise LedgerError("储备台账正被其他指挥台频繁更新，本次导入未执行，请稍后重试")

    def _count_plan(self, records: Sequence[StockRecord], existing: dict[tuple[str, str, str], tuple[int, int, Any]],
                    actor: str, now_us: int, source: str) -> _CountPlan:
        totals: dict[tuple[str, str], int] = defaultdict(int)
        for (d, i, _lot), (_lid, bal, _exp) in existing.items():
            totals[(d, i)] += bal
        problems: list[Problem] = []
        plan = _CountPlan()
        for r in records:
            old = existing.get((r.depot, r.item, r.lot))
            exp = r.expiry.isoformat() if r.expiry else None
            if old is not None and old[2] != exp:
                problems.append(Problem(r.row, "有效期至", (
                    f"批号 {r.lot or '（无批号）'} 已登记有效期至 {old[2] or '（无）'}，"
                    f"与文件中的 {exp or '（空）'} 不一致："
                    "同一批号的有效期必须相同，请核对")))
                continue
            balance = old[1] if old is not None else 0
            total = totals[(r.depot, r.item)] + r.qty - balance
            if r.qty > balance and total > MAX_TOTAL_QTY:
                label = self.catalogue.get(r.item).label
                problems.append(Problem(r.row, "数量", (
                    f"储备库 {r.depot} 的 {label} 合计库存将达 {total:,}，不能大于 {MAX_TOTAL_QTY:,}")))
                continue
            totals[(r.depot, r.item)] = total
            if old is None:
                if r.qty > 0:
                    prod = r.produced.isoformat() if r.produced else None
                    plan.new_lots.append((r.depot, r.item, r.lot, exp, prod, r.qty, now_us))
                    plan.lines.append(trail.Line(r.depot, r.item, r.lot, "receive", r.qty, actor, now_us,
                                                 reason=f"导入库存 {source}", expiry=exp, produced=prod))
                else:
                    plan.unchanged += 1
            elif r.qty != balance:
                plan.adjust.append((old[0], r.qty - balance, r))
            else:
                plan.unchanged += 1
        if problems:
            raise ImportRejected(problems, source)
        plan.lines += [trail.Line(r.depot, r.item, r.lot, "adjust", delta, actor, now_us,
                                  reason=_count_reason(source, r))
                       for _lot_id, delta, r in plan.adjust]
        return plan

    @staticmethod
    def _write_count(conn: Connection, plan: _CountPlan, existing: dict[tuple[str, str, str], tuple[int, int, Any]],
                     actor: str, now_us: int, source: str) -> None:
        ph = "?" if conn.dialect.name == "sqlite" else "%s"
        if conn.dialect.name == "postgresql":
            # A count is a snapshot: hold off concurrent movements on lots while it is posted.
            conn.exec_driver_sql("LOCK TABLE reserve_lots IN SHARE ROW EXCLUSIVE MODE")
        # An approval for an incident may have moved a lot since the count was planned (it is
        # in the incident's stream, not this one): then plan again.
        if _all_lots(conn) != existing:
            raise _Replan()
        # Plain DBAPI statements below: 100,000 rows must commit in seconds, and per-row
        # SQLAlchemy parameter processing alone would take longer than the insert.
        if plan.new_lots:
            before = conn.exec_driver_sql("SELECT COALESCE(MAX(id), 0) FROM reserve_lots").scalar_one()
            conn.exec_driver_sql(
                "INSERT INTO reserve_lots (depot_id, item, lot, expiry, produced, balance, created_us) "
                f"VALUES ({ph}, {ph}, {ph}, {ph}, {ph}, {ph}, {ph})", plan.new_lots)
            # The receipts in one statement: the new lots (ids above `before`, nobody else can
            # insert lots while this transaction holds the write lock) with their balances.
            conn.exec_driver_sql(
                "INSERT INTO reserve_movements (lot_id, kind, qty, occurred_us, recorded_us, actor, reason) "
                f"SELECT id, 'receive', balance, {ph}, {ph}, {ph}, {ph} FROM reserve_lots WHERE id > {ph} "
                "ORDER BY id", (now_us, now_us, actor, f"导入库存 {source}", before))
        if plan.adjust:
            conn.exec_driver_sql(f"UPDATE reserve_lots SET balance = balance + {ph} WHERE id = {ph}",
                                 [(delta, lot_id) for lot_id, delta, _ in plan.adjust])
            conn.exec_driver_sql(
                "INSERT INTO reserve_movements (lot_id, kind, qty, occurred_us, recorded_us, actor, reason) "
                f"VALUES ({ph}, {ph}, {ph}, {ph}, {ph}, {ph}, {ph})",
                [(lot_id, "adjust", delta, now_us, now_us, actor, _count_reason(source, r))
                 for lot_id, delta, r in plan.adjust])

    # ------------------------------------------------------------------ reading
    def balances(self, *, depot: str | None = None, item: str | None = None,
                 include_zero: bool = False) -> list[LotBalance]:
        q = select(L.id, L.depot_id, L.item, L.lot, L.balance, L.expiry, L.produced).order_by(
            L.depot_id, L.item, L.expiry, L.lot)
        if depot is not None:
            q = q.where(L.depot_id == depot)
        if item is not None:
            q = q.where(L.item == self.item(item).id)
        if not include_zero:
            q = q.where(L.balance > 0)
        with self.db.reading() as conn:
            rows = conn.execute(q).all()
        return [LotBalance(r.id, r.depot_id, r.item, r.lot, r.balance, _date(r.expiry), _date(r.produced))
                for r in rows]

    def ledger_balances(self) -> dict[int, int]:
        """Σ movements per lot: what the balances must equal."""
        with self.db.reading() as conn:
            return {r.lot_id: int(r.total) for r in conn.execute(
                select(M.lot_id, func.sum(M.qty).label("total")).group_by(M.lot_id))}

    def verify(self) -> list[str]:
        """Lots whose balance differs from the sum of their movements (empty = consistent)."""
        sums = self.ledger_balances()
        out = []
        for b in self.balances(include_zero=True):
            if sums.get(b.lot_id, 0) != b.qty:
                out.append(f"{b.depot} {b.item} 批号 {b.lot}：账面 {b.qty}，流水合计 {sums.get(b.lot_id, 0)}")
        return out

    def movements(self, *, depot: str | None = None, item: str | None = None, incident_id: str | None = None,
                  request_id: str | None = None, limit: int | None = None) -> list[Movement]:
        q = (select(M.seq, M.lot_id, L.depot_id, L.item, L.lot, M.kind, M.qty, M.occurred_us, M.actor,
                    M.incident_id, M.request_id, M.ref, M.reason, L.expiry)
             .join(lots_table, L.id == M.lot_id).order_by(M.seq))
        if depot is not None:
            q = q.where(L.depot_id == depot)
        if item is not None:
            q = q.where(L.item == self.item(item).id)
        if incident_id is not None:
            q = q.where(M.incident_id == incident_id)
        if request_id is not None:
            q = q.where(M.request_id == request_id)
        if limit is not None:
            q = q.limit(limit)
        with self.db.reading() as conn:
            rows = conn.execute(q).all()
        return [Movement(r.seq, r.lot_id, r.depot_id, r.item, r.lot, r.kind, r.qty, from_us(r.occurred_us),
                         r.actor, r.incident_id, r.request_id, r.ref, r.reason, _date(r.expiry)) for r in rows]

    def history(self, item: str, depot: str | None = None) -> list[tuple[datetime, int]]:
        """Stock of an item over time (at one depot or all): (time, quantity after the movement)."""
        total = 0
        out: list[tuple[datetime, int]] = []
        for m in self.movements(depot=depot, item=item):
            total += m.qty
            if out and out[-1][0] == m.occurred_at:
                out[-1] = (m.occurred_at, total)
            else:
                out.append((m.occurred_at, total))
        return out

    def stock_by_depot(self, as_of: date | None = None) -> dict[str, dict[str, int]]:
        """Usable quantity per depot and item (expired lots excluded)."""
        as_of = as_of or self.today()
        out: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for b in self.balances():
            if b.expiry is None or b.expiry >= as_of:
                out[b.depot][b.item] += b.qty
        return out


def _back_off(attempt: int) -> None:
    """A short random pause before planning again: two consoles writing stock without pause
    would otherwise fall into step, the same one losing every time."""
    time.sleep(random.uniform(0, 0.002 * min(attempt + 1, 10)))


class _Replan(LedgerError):
    """The stock moved between planning a write and writing it: plan again (never shown: the
    write is retried; the reason is there should it ever escape)."""

    def __init__(self) -> None:
        super().__init__("库存在本次操作期间已被其他操作变动，本次操作未执行，请重试")


@dataclass
class _CountPlan:
    new_lots: list[tuple[Any, ...]] = field(default_factory=list)
    adjust: list[tuple[int, int, StockRecord]] = field(default_factory=list)
    lines: list[trail.Line] = field(default_factory=list)
    unchanged: int = 0


def _count_reason(source: str, r: StockRecord) -> str:
    return f"盘点导入 {source} 第 {r.row} 行：实盘 {r.qty}"


def _all_lots(conn: Connection) -> dict[tuple[str, str, str], tuple[int, int, Any]]:
    """Every lot: (depot, item, lot) → (id, balance, expiry)."""
    return {(d, i, lot): (lid, bal, exp) for lid, d, i, lot, bal, exp in conn.exec_driver_sql(
        "SELECT id, depot_id, item, lot, balance, expiry FROM reserve_lots").fetchall()}


def depot_names(ledger: Ledger) -> dict[str, str]:
    return {d.id: d.name for d in ledger.depots()}


def summarise(movements: Iterable[Movement]) -> dict[str, int]:
    """Σ quantity per kind (for reports)."""
    out: dict[str, int] = defaultdict(int)
    for m in movements:
        out[m.kind] += m.qty
    return dict(out)
