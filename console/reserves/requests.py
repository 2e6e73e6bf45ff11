"""Material requests → allocation proposal → the duty officer approves, edits or rejects.

Requests come from two places: a plan effect (``materials`` in the plan: entering the
response state asks for a list of items, per level) — picked up from the incident's
state by :meth:`Requests.sync_incident`, once per effect — and people (:meth:`create`).

Approval is one transaction: the request is marked approved (only if still pending, so
two officers cannot both dispatch it), the issue movements are posted against the
ledger (tied to the incident and the officer), and — when the request belongs to an
incident — a ``log.materials_dispatched`` event is appended to the incident's log in
the same transaction (through ``IncidentService.command(in_transaction=…)``). Either all
of it is recorded or none of it, with the reason.
"""

from __future__ import annotations

import builtins
import json
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, exc, func, insert, select, update

from console.auth.roles import check_action
from console.changes import ChangeSet, Topic
from console.clock import CHINA_TZ
from console.effects import EffectContext
from console.reserves import trail
from console.reserves.allocation import DemandPoint, Depot, Lot, allocate
from console.reserves.ledger import Ledger, LedgerError, Posting, integrity_message
from console.reserves.models import lots_table, requests_table
from console.reserves.roads import (
    Located,
    RoadGraph,
    RoadGraphError,
    build_road_graph,
    load_geojson_roads,
)
from console.store.chain import from_us, to_us
from console.store.eventlog import StaleAppend
from console.store.models import incidents_table

if TYPE_CHECKING:
    from console.incidents.service import IncidentService

R = requests_table.c
L = lots_table.c
I = incidents_table.c  # noqa: E741

__all__ = ["Proposal", "ProposalLine", "Request", "RequestLine", "Requests", "request_number_pattern"]

STATUS_NAMES = {"pending": "待审批", "approved": "已批准", "rejected": "已驳回"}
PLAN_ACTOR = "预案自动生成"
#: Every request made from now on is numbered WZ-<day of creation, China time>-<sequence of that day>,
#: e.g. WZ-20261204-003 (a plan's request too); requests written by earlier releases keep their number.
NUMBER_PREFIX = "WZ-"


def request_number_pattern() -> str:
    """The request number, as a regular expression (for checks and tests)."""
    return r"WZ-\d{8}-\d{3,}"


@dataclass(frozen=True)
class RequestLine:
    """One line of a request: an item, how many, in which unit."""

    item: str
    name: str
    qty: int
    unit: str

    @property
    def text(self) -> str:
        return f"{self.name} {self.qty} {self.unit}"


@dataclass(frozen=True)
class Request:
    id: str
    incident_id: str | None
    plan_ref: str | None
    title: str
    items: list[tuple[str, int]]
    place: str
    lat: float | None
    lon: float | None
    status: str
    created_at: datetime
    created_by: str
    proposal: dict[str, Any] | None = None
    decided_at: datetime | None = None
    decided_by: str | None = None
    reason: str | None = None

    @property
    def status_name(self) -> str:
        return STATUS_NAMES.get(self.status, self.status)


@dataclass(frozen=True)
class ProposalLine:
    depot: str
    item: str
    qty: int
    lots: tuple[tuple[str, int], ...] = ()
    minutes: float | None = None
    path: tuple[tuple[float, float], ...] = ()
    depot_name: str = ""
    name: str = ""  # the item's name and unit (empty in proposals saved by earlier releases)
    unit: str = ""

    @property
    def qty_text(self) -> str:
        """「一次性防护服 80 套」 (the short id when the name is not known)."""
        return f"{self.name or self.item} {self.qty}" + (f" {self.unit}" if self.unit else "")


@dataclass(frozen=True)
class Proposal:
    request_id: str
    lines: tuple[ProposalLine, ...]
    shortfalls: tuple[str, ...] = ()
    total_cost: float = 0.0  # Σ qty × travel minutes
    place: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def routes(self, *, planned: bool = False) -> list[dict[str, Any]]:
        """One route per sending depot, in ``MapView.set_routes`` form: from the depot to the site,
        labelled with the request number, the depot, every item with its quantity and unit (the map
        adds the ETA). ``planned``: a proposal not yet approved (the label says 方案)."""
        by_depot: dict[str, list[ProposalLine]] = defaultdict(list)
        for ln in self.lines:
            by_depot[ln.depot].append(ln)
        out = []
        for depot, lines in by_depot.items():
            ln = max(lines, key=lambda x: x.minutes or 0.0)
            path = [tuple(p) for p in ln.path]
            if len(path) == 1:  # depot and site on one road node: draw the point as a stub
                path = [path[0], path[0]]
            if not path:
                continue
            eta = round(ln.minutes or 0.0, 1)
            items = "、".join(x.qty_text for x in lines)
            out.append({"id": f"{self.request_id}:{depot}", "path": path, "eta_min": eta,
                        "request": self.request_id, "depot": ln.depot_name or depot,
                        "items": [{"item": x.item, "name": x.name or x.item, "qty": x.qty, "unit": x.unit}
                                  for x in lines],
                        "label": f"{'【方案】' if planned else ''}{self.request_id} "
                                 f"{ln.depot_name or depot} → {self.place or '现场'}",
                        "detail": items})
        return out

    @property
    def depots(self) -> list[str]:
        """The sending depots' names, in order of first appearance."""
        return list(dict.fromkeys(ln.depot_name or ln.depot for ln in self.lines))

    @property
    def latest_minutes(self) -> float | None:
        """When the last of the materials arrives (minutes after dispatch), if known."""
        times = [ln.minutes for ln in self.lines if ln.minutes is not None]
        return max(times) if times else None

    def summary(self) -> str:
        """The proposal in plain figures with units: lines, depots, the latest arrival, shortfalls."""
        late = self.latest_minutes
        text = f"共 {len(self.lines)} 行，来自 {len(self.depots)} 个储备库"
        if late is not None:
            text += f"，最晚约 {late:.0f} 分钟送达"
        if self.shortfalls:
            text += f"；缺口 {len(self.shortfalls)} 项（见下）"
        return text

    def to_json(self) -> dict[str, Any]:
        return {"request_id": self.request_id, "place": self.place, "total_cost": self.total_cost,
                "shortfalls": list(self.shortfalls),
                "lines": [{**asdict(ln), "lots": [list(x) for x in ln.lots], "path": [list(p) for p in ln.path]}
                          for ln in self.lines]}

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> Proposal:
        lines = tuple(ProposalLine(ln["depot"], ln["item"], int(ln["qty"]), tuple(tuple(x) for x in ln.get("lots", [])),
                                   ln.get("minutes"), tuple(tuple(p) for p in ln.get("path", [])),
                                   ln.get("depot_name", ""), ln.get("name", ""), ln.get("unit", ""))
                      for ln in d.get("lines", []))
        return cls(d["request_id"], lines, tuple(d.get("shortfalls", [])), float(d.get("total_cost", 0.0)),
                   d.get("place", ""))


@dataclass(frozen=True)
class Waypoint:
    """A place the synthetic road graph passes through (a township), not a depot."""

    id: str
    lat: float
    lon: float


def _hold_back(lots: builtins.list[Lot], keep: int) -> builtins.list[Lot]:
    """The lots minus ``keep`` units, taken from the latest-expiring end (FEFO stays intact)."""
    ordered = sorted(lots, key=lambda x: (x.expiry or date.max, x.lot))
    out: builtins.list[Lot] = []
    for lot in reversed(ordered):
        take = min(keep, lot.qty)
        keep -= take
        if lot.qty - take > 0:
            out.append(Lot(lot.lot, lot.qty - take, lot.expiry))
    return out[::-1]


def _row_to_request(r: Any) -> Request:
    return Request(r.id, r.incident_id, r.plan_ref, r.title, [(i["item"], int(i["qty"])) for i in json.loads(r.items)],
                   r.place, r.lat, r.lon, r.status, from_us(r.created_us), r.created_by,
                   json.loads(r.proposal) if r.proposal else None,
                   from_us(r.decided_us) if r.decided_us is not None else None, r.decided_by, r.reason)


class Requests:
    """Requests, proposals and decisions over one ledger (and the incident log, if given)."""

    def __init__(self, ledger: Ledger, incidents: IncidentService | None = None,
                 road_file: str | Path | None = None, waypoints: Sequence[Located] = ()):
        """``road_file``: a GeoJSON road network (optional). ``waypoints``: more places for the
        synthetic road graph (townships), so routes run town to town as roads do."""
        self.ledger = ledger
        self.db = ledger.db
        self.incidents = incidents
        self.changes = ledger.changes  # requests without an incident announce themselves here
        self.road_file = Path(road_file) if road_file else None
        self.waypoints = [Waypoint(f"~t:{w.id}", w.lat, w.lon) for w in waypoints]

    # ------------------------------------------------------------------ creating
    def create(self, items: Sequence[tuple[str, int]] | Mapping[str, int], *, title: str, actor: str,
               lat: float | None = None, lon: float | None = None, place: str = "",
               incident_id: str | None = None, plan_ref: str | None = None) -> Request:
        """A request from a person (or, with ``plan_ref``, from a plan effect)."""
        actor = self.ledger.check_actor(actor)
        pairs = list(items.items()) if isinstance(items, Mapping) else list(items)
        if not pairs:
            raise LedgerError("申请中没有物资：请至少填写一种物资及数量")
        clean: dict[str, int] = {}
        for ref, qty in pairs:
            it = self.ledger.item(ref)
            self.ledger.check_qty(qty, f"{it.label} 的申请数量")
            clean[it.id] = self.ledger.check_qty(clean.get(it.id, 0) + qty, f"{it.label} 的申请数量合计")
        title = (title or "").strip() or "应急物资调用"
        with self.ledger.transaction() as conn:
            req = self._insert(conn, clean, title=title, actor=actor, lat=lat, lon=lon, place=place,
                               incident_id=incident_id, plan_ref=plan_ref)
        self.changes.publish(ChangeSet.of(Topic.REQUESTS, incidents=[incident_id] if incident_id else []))
        return req

    def _insert(self, conn: Connection, clean: dict[str, int], *, title: str, actor: str, lat: float | None,
                lon: float | None, place: str, incident_id: str | None, plan_ref: str | None,
                check_inside: bool = True) -> Request:
        """Write one request row in ``conn`` (idempotent for a plan effect: incident + plan_ref)."""
        if incident_id is not None:
            inc = conn.execute(select(I.lat, I.lon, I.place, I.title).where(I.id == incident_id)).first()
            if inc is None:
                raise LedgerError(f"事件「{incident_id}」不存在：请核对事件编号")
            if lat is None and lon is None:
                lat, lon = inc.lat, inc.lon
            place = place or inc.place or inc.title
            if plan_ref is not None:
                dup = conn.execute(select(R.id).where(R.incident_id == incident_id, R.plan_ref == plan_ref)).first()
                if dup is not None:
                    return self._get(conn, dup.id)
        if (lat is None) != (lon is None):
            raise LedgerError("送达地点的纬度和经度须同时填写")
        if check_inside and lat is not None and lon is not None and not self.ledger.inside(lat, lon):
            raise LedgerError(f"送达地点 ({lat}, {lon}) 不在本辖区内：请核对经纬度（GCJ-02）")
        now = self.ledger.clock.now()
        rid = self._new_id(conn, now)
        cat = self.ledger.catalogue
        conn.execute(insert(requests_table).values(
            id=rid, incident_id=incident_id, plan_ref=plan_ref, title=title[:200],
            items=json.dumps([{"item": k, "qty": v, "unit": cat.get(k).unit} for k, v in clean.items()],
                             ensure_ascii=False),
            place=place[:200], lat=lat, lon=lon, status="pending", created_us=to_us(now), created_by=actor))
        return self._get(conn, rid)

    @staticmethod
    def _new_id(conn: Connection, now: datetime) -> str:
        """The next number of the day: WZ-20261204-003 (see :data:`NUMBER_PREFIX`)."""
        prefix = NUMBER_PREFIX + now.astimezone(CHINA_TZ).strftime("%Y%m%d")
        n = conn.execute(select(func.count()).select_from(requests_table).where(R.id.like(f"{prefix}-%"))).scalar_one()
        return f"{prefix}-{n + 1:03d}"

    def on_materials_effect(self, ctx: EffectContext, effect: Mapping[str, Any]) -> None:
        """The ``materials`` effect handler: the plan's request written in the command's transaction.

        The delivery point is the incident's own location, accepted when the incident was
        received (a point outside the jurisdiction was confirmed there), so it is not refused here.
        """
        if not effect.get("items"):
            return
        clean: dict[str, int] = {}
        for it in effect["items"]:
            ref = self.ledger.item(it["item"]).id
            clean[ref] = clean.get(ref, 0) + int(it["qty"])
        self._insert(ctx.conn, clean, title=str(effect.get("title") or "应急物资调用"), actor=PLAN_ACTOR,
                     lat=None, lon=None, place="", incident_id=ctx.incident_id, plan_ref=str(effect["id"]),
                     check_inside=False)
        ctx.touched.add(Topic.REQUESTS)

    def from_effects(self, incident_id: str, effects: Sequence[Mapping[str, Any]]) -> list[Request]:
        """Requests for the ``materials`` effects a command returned (idempotent per effect)."""
        out = []
        for e in effects:
            if e.get("kind") == "materials" and e.get("items"):
                out.append(self.create([(i["item"], int(i["qty"])) for i in e["items"]], title=e.get("title", ""),
                                       actor=PLAN_ACTOR, incident_id=incident_id, plan_ref=str(e["id"])))
        return out

    def sync_incident(self, incident_id: str) -> list[Request]:
        """Requests for every ``materials`` effect recorded in the incident's state (idempotent)."""
        with self.db.reading() as conn:
            row = conn.execute(select(I.state).where(I.id == incident_id)).first()
        if row is None:
            raise LedgerError(f"事件「{incident_id}」不存在：请核对事件编号")
        mats = json.loads(row.state).get("materials") or []
        return self.from_effects(incident_id, [{"kind": "materials", **m} for m in mats])

    def sync_open_incidents(self) -> int:
        """Pick up plan requests of every open incident; returns how many incidents were looked at."""
        with self.db.reading() as conn:
            ids = [r.id for r in conn.execute(select(I.id).where(I.status == "open"))]
        for iid in ids:
            self.sync_incident(iid)
        return len(ids)

    # ------------------------------------------------------------------ reading
    def _get(self, conn: Connection, request_id: str) -> Request:
        row = conn.execute(select(requests_table).where(R.id == request_id)).first()
        if row is None:
            raise LedgerError(f"物资申请「{request_id}」不存在")
        return _row_to_request(row)

    def get(self, request_id: str) -> Request:
        with self.db.reading() as conn:
            return self._get(conn, request_id)

    def lines(self, req: Request) -> builtins.list[RequestLine]:
        """The request's lines with each item's name and unit (a request of an earlier release,
        stored without units, reads the same)."""
        cat = self.ledger.catalogue
        out = []
        for item, qty in req.items:
            it = cat.resolve(item)
            out.append(RequestLine(item, it.name if it else item, qty, it.unit if it else ""))
        return out

    def items_text(self, req: Request) -> str:
        """「无菌采样袋 5 包、一次性防护服 100 套」"""
        return "、".join(ln.text for ln in self.lines(req))

    def list(self, *, status: str | None = None, incident_id: str | None = None) -> list[Request]:
        q = select(requests_table).order_by(R.created_us, R.id)
        if status is not None:
            q = q.where(R.status == status)
        if incident_id is not None:
            q = q.where(R.incident_id == incident_id)
        with self.db.reading() as conn:
            return [_row_to_request(r) for r in conn.execute(q)]

    # ------------------------------------------------------------------ proposing
    def _roads(self, depots: Sequence[Depot], demand: DemandPoint) -> RoadGraph:
        places: builtins.list[Located] = [*depots, demand]
        if self.road_file is not None:
            return load_geojson_roads(self.road_file, places)
        return build_road_graph([*places, *self.waypoints])

    def propose(self, request_id: str, *, as_of: date | None = None, keep_minimum: bool = False) -> Proposal:
        """Which depots send what: min Σ qty × travel minutes, first-expiring lots first.

        ``keep_minimum``: each depot offers only what it holds above its minimum (the
        per-depot one, else the catalogue default), so a township station is not emptied
        for one incident; the freshest lots are the ones held back.
        """
        req = self.get(request_id)
        if req.lat is None or req.lon is None:
            raise LedgerError("该申请没有送达地点坐标：请先在地图上标注事件位置或填写送达地点经纬度")
        as_of = as_of or self.ledger.today()
        wanted = {it for it, _ in req.items}
        lots: dict[str, dict[str, list[Lot]]] = defaultdict(lambda: defaultdict(list))
        for b in self.ledger.balances():
            if b.item in wanted and (b.expiry is None or b.expiry >= as_of):
                lots[b.depot][b.item].append(Lot(b.lot, b.qty, b.expiry))
        if keep_minimum:
            mins = self.ledger.minimums()
            for depot, per_item in lots.items():
                for item, held in per_item.items():
                    keep = mins.get((depot, item), self.ledger.catalogue.get(item).min_stock)
                    per_item[item] = _hold_back(held, keep)
        infos = self.ledger.depots(active=True)  # a deactivated depot (停用) offers nothing
        names = {d.id: d.name for d in infos}
        depots = [Depot(d.id, d.lat, d.lon, dict(lots.get(d.id, {})), d.name) for d in infos]
        demand = DemandPoint("~request", req.lat, req.lon, dict(req.items), req.place or "现场")
        try:
            roads = self._roads(depots, demand)
        except RoadGraphError as exc:
            raise LedgerError(str(exc)) from None
        result = allocate(depots, [demand], roads, catalogue=self.ledger.catalogue, as_of=as_of)
        cat = self.ledger.catalogue
        lines = tuple(
            ProposalLine(ln.depot, ln.item, ln.qty, ln.lots, round(ln.minutes, 3),
                         tuple(roads.coords(n) for n in ln.path), names.get(ln.depot, ln.depot),
                         cat.get(ln.item).name, cat.get(ln.item).unit)
            for ln in sorted(result.lines, key=lambda x: (x.minutes, x.depot, x.item)))
        shortfalls = tuple(result.messages())
        if keep_minimum and shortfalls:
            shortfalls += ("以上缺口按各储备库保留最低储备计算；如需动用最低储备，请不选「保留最低储备」重新生成方案",)
        return Proposal(req.id, lines, shortfalls, result.total_cost, req.place)

    # ------------------------------------------------------------------ deciding
    def approve(self, request_id: str, *, actor: str, role: str = "duty_officer",
                lines: Sequence[ProposalLine] | None = None, note: str = "",
                keep_minimum: bool = False) -> Proposal:
        """Approve (optionally with edited lines): post the issue movements, return the routes."""
        check_action(role, "reserves.dispatch")
        actor = self.ledger.check_actor(actor)
        req = self.get(request_id)
        self._check_pending(req)
        proposal = (self.propose(request_id, keep_minimum=keep_minimum) if lines is None
                    else self._edited(req, lines))
        if not proposal.lines:
            raise LedgerError("方案中没有可调拨的物资（库存全部不足）：请驳回并说明原因，或从上级调拨后再批准")
        data: dict[str, Any] = {
            "request": req.id, "plan_ref": req.plan_ref, "title": req.title, "note": note,
            "lines": [{"depot": ln.depot, "depot_name": ln.depot_name, "item": ln.item, "name": ln.name,
                       "qty": ln.qty, "unit": ln.unit, "eta_min": ln.minutes}
                      for ln in proposal.lines],
            "shortfalls": list(proposal.shortfalls)}

        def plan(conn: Connection) -> list[Posting]:
            postings: list[Posting] = []
            for ln in proposal.lines:
                if ln.lots:
                    postings += [Posting(ln.depot, ln.item, lot, -q, "issue") for lot, q in ln.lots]
                else:
                    postings += self.ledger.fefo(conn, ln.depot, ln.item, ln.qty, "issue")
            return postings

        def decide(conn: Connection) -> None:
            res = conn.execute(update(requests_table).where(R.id == req.id, R.status == "pending").values(
                status="approved", decided_us=to_us(self.ledger.clock.now()), decided_by=actor,
                reason=note or None, proposal=json.dumps(proposal.to_json(), ensure_ascii=False)))
            if res.rowcount != 1:
                raise LedgerError(f"物资申请「{req.id}」已被他人处理，请刷新后查看")

        if req.incident_id is not None and self.incidents is not None:
            # The movements go in the incident's event (planned now, written exactly so).
            at = self.ledger.clock.now()
            with self.db.reading() as conn:
                postings = plan(conn)
                data["stock"] = trail.payload(self.ledger.lines(conn, postings, actor, at, req.incident_id, req.id))

            def write(conn: Connection, _events: Any = None) -> None:
                decide(conn)
                self.ledger.post(postings, actor=actor, incident_id=req.incident_id, request_id=req.id,
                                 conn=conn, at=at)

            self._logged(req, "log.materials_dispatched", data, actor, role, write)
        else:
            self.ledger.commit("stock.issued", actor, role, None, plan, request_id=req.id,
                               summary={"request": req.id, "title": req.title, "note": note},
                               also=decide, touched={Topic.REQUESTS})
        return proposal

    def reject(self, request_id: str, *, actor: str, reason: str, role: str = "duty_officer") -> Request:
        check_action(role, "reserves.dispatch")
        actor = self.ledger.check_actor(actor)
        reason = (reason or "").strip()
        if not reason:
            raise LedgerError("驳回物资申请必须填写原因")
        req = self.get(request_id)
        self._check_pending(req)

        def write(conn: Connection, _events: Any = None) -> None:
            res = conn.execute(update(requests_table).where(R.id == req.id, R.status == "pending").values(
                status="rejected", decided_us=to_us(self.ledger.clock.now()), decided_by=actor, reason=reason))
            if res.rowcount != 1:
                raise LedgerError(f"物资申请「{req.id}」已被他人处理，请刷新后查看")

        if req.incident_id is not None and self.incidents is not None:
            self._logged(req, "log.materials_rejected",
                         {"request": req.id, "plan_ref": req.plan_ref, "title": req.title, "reason": reason},
                         actor, role, write)
        else:
            with self.ledger.transaction() as conn:
                write(conn)
        return self.get(request_id)

    def delivered_at(self, request_id: str) -> datetime | None:
        """When the materials of an approved request arrived, from the incident's log (or None)."""
        req = self.get(request_id)
        if req.incident_id is None or self.incidents is None:
            return None
        if req.plan_ref is not None:
            for m in self.incidents.state(req.incident_id).materials:
                if m["id"] == req.plan_ref and m.get("status") == "delivered":
                    return m["delivered_at"]
            return None
        for e in self.incidents.timeline(req.incident_id):
            if e.type == "log.materials_delivered" and e.payload.get("data", {}).get("request") == req.id:
                return e.occurred_at
        return None

    def status_text(self, req: Request) -> str:
        """The status a person reads: 待审批, 已驳回, 已批准, or 已送达 with the time once the approved
        materials arrived on site."""
        if req.status == "approved":
            when = self.delivered_at(req.id)
            if when is not None:
                return f"已送达 {when.astimezone(CHINA_TZ):%m-%d %H:%M}"
        return req.status_name

    def deliver(self, request_id: str, *, actor: str, role: str = "duty_officer", note: str = "") -> datetime:
        """Record that an approved request's materials arrived on site (送达).

        For a plan's request this is the engine's ``materials_delivered`` event, which meets
        (or records as late) the plan's deadline; a person's request gets a timeline entry.
        """
        actor = self.ledger.check_actor(actor)
        req = self.get(request_id)
        if req.status != "approved":
            raise LedgerError(f"物资申请「{req.id}」{req.status_name}，只有已批准出库的申请才能登记送达")
        if req.incident_id is None or self.incidents is None:
            raise LedgerError(f"物资申请「{req.id}」没有关联事件，无需登记送达")
        when = self.delivered_at(request_id)
        if when is not None:
            raise LedgerError(f"物资申请「{req.id}」已于 {when.astimezone(CHINA_TZ):%m-%d %H:%M} "
                              "登记送达，不能重复登记")
        if req.plan_ref is not None:
            type_, data = "materials_delivered", {"request": req.plan_ref, "dispatch": req.id, "note": note or None}
        else:
            type_, data = "log.materials_delivered", {"request": req.id, "title": req.title, "note": note or None}
        try:
            r = self.incidents.command(req.incident_id, type_, data, actor=actor, role=role)
        except StaleAppend:
            r = self.incidents.command(req.incident_id, type_, data, actor=actor, role=role)
        return r.events[-1].occurred_at

    def _logged(self, req: Request, type_: str, data: dict[str, Any], actor: str, role: str,
                write: Any) -> None:
        """The decision as an incident event, written in the same transaction as ``write``.

        Another console may append to the incident at the same moment (StaleAppend): look
        again — if the request was decided meanwhile, say so; else try once more.
        """
        assert self.incidents is not None and req.incident_id is not None
        for attempt in range(3):
            try:
                self.incidents.command(req.incident_id, type_, data, actor=actor, role=role,
                                       in_transaction=write)
                return
            except exc.IntegrityError as e:
                raise LedgerError(integrity_message(e)) from None
            except StaleAppend:
                self._check_pending(self.get(req.id))
                if attempt == 2:
                    raise LedgerError("事件正被其他指挥台频繁更新，本次审批未执行，请稍后重试") from None

    @staticmethod
    def _check_pending(req: Request) -> None:
        if req.status != "pending":
            who = f"（{req.decided_by}）" if req.decided_by else ""
            raise LedgerError(f"物资申请「{req.id}」{req.status_name}{who}，不能再次审批")

    def _edited(self, req: Request, lines: Sequence[ProposalLine]) -> Proposal:
        """The officer's own lines: checked against the request, routes recomputed."""
        asked = dict(req.items)
        total: dict[str, int] = defaultdict(int)
        infos = {d.id: d for d in self.ledger.depots()}
        clean = []
        for ln in lines:
            it = self.ledger.item(ln.item)
            if ln.depot not in infos:
                raise LedgerError(f"储备库「{ln.depot}」不存在：请核对调拨方案")
            if not infos[ln.depot].active:
                raise LedgerError(f"储备库「{infos[ln.depot].name}」已停用（{infos[ln.depot].status_reason}），"
                                  "不能从该库调拨")
            self.ledger.check_qty(ln.qty, f"{it.label} 的调拨数量")
            if it.id not in asked:
                raise LedgerError(f"{it.label} 不在本申请中：请另行提交申请")
            total[it.id] += ln.qty
            clean.append((ln, it.id))
        for item, q in total.items():
            if q > asked[item]:
                it = self.ledger.item(item)
                raise LedgerError(f"{it.label} 调拨合计 {q} {it.unit}，超过申请数量 {asked[item]} {it.unit}")
        out = []
        if req.lat is not None and req.lon is not None:
            used = [Depot(d.id, d.lat, d.lon, {}, d.name) for d in infos.values()]
            demand = DemandPoint("~request", req.lat, req.lon, {}, req.place)
            roads = self._roads(used, demand)
        for ln, item in clean:
            minutes, path = ln.minutes, ln.path
            if req.lat is not None:
                r = roads.route(ln.depot, "~request")
                minutes, path = round(r.minutes, 3), r.coords
            it = self.ledger.item(item)
            out.append(ProposalLine(ln.depot, item, ln.qty, tuple(ln.lots), minutes, tuple(path),
                                    infos[ln.depot].name, it.name, it.unit))
        shortfalls = []
        for item, q in asked.items():
            if total.get(item, 0) < q:
                it = self.ledger.item(item)
                shortfalls.append(f"{req.place or '现场'}：{it.label}缺口 {q - total.get(item, 0)} {it.unit}"
                                  f"（需求 {q}，调拨 {total.get(item, 0)}）")
        cost = sum(ln.qty * (ln.minutes or 0.0) for ln in out)
        return Proposal(req.id, tuple(out), tuple(shortfalls), cost, req.place)

    def routes(self, *, incident_id: str | None = None) -> builtins.list[dict[str, Any]]:
        """Map routes (with ETA) of approved requests, for ``MapView.set_routes``."""
        out: builtins.list[dict[str, Any]] = []
        for r in self.list(status="approved", incident_id=incident_id):
            if r.proposal:
                out += self.named(Proposal.from_json(r.proposal)).routes()
        return out

    def named(self, p: Proposal) -> Proposal:
        """The proposal with every line's item name and unit (saved proposals of earlier releases
        have none)."""
        cat = self.ledger.catalogue
        lines = []
        for ln in p.lines:
            it = cat.resolve(ln.item)
            if it is not None and not (ln.name and ln.unit):
                ln = replace(ln, name=it.name, unit=it.unit)
            lines.append(ln)
        return replace(p, lines=tuple(lines))
