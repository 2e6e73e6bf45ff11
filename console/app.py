"""The console as one object: a database, a clock, a mode, and every service built once.

Everything that runs the console — the window (``main.py``), a drill, the review, the CLI,
the benchmarks and the tests — builds a :class:`Console` and uses its services, the way
Anki's ``Collection`` is the one handle on a collection. The services share one event log and
one :class:`~console.changes.ChangeHub`, so every committed change, whichever service made it,
is announced once; plan effects are carried out by the handlers the features register here.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import console.library  # noqa: F401 - installs the division data plan files' jurisdictions are checked against
import console.reference  # noqa: F401 - installs the vocabulary the plans' consultation specialties are checked against
import console.reserves  # noqa: F401 - installs the catalogue the plans' materials are checked against
from console.attachments.service import AttachmentService
from console.changes import LOCAL, ChangeHub, ChangeSet
from console.clock import Clock, SystemClock
from console.consultations.service import ConsultationService
from console.drills.refusals import watch_refusals
from console.duty.log import DutyLog
from console.effects import EffectHandlers
from console.experts.registry import ExpertRegistry
from console.incidents.service import IncidentService
from console.reports.service import ReportService
from console.site.settings import SiteSettings
from console.store.checkpoints import HOURLY_REASON, CheckpointRecord, Checkpoints, reason_for
from console.store.db import Database
from console.store.eventlog import EventLog
from console.store.signing import Signer

if TYPE_CHECKING:
    from console.auth.accounts import AccountService
    from console.contacts.directory import ContactDirectory
    from console.contacts.notifications import NotificationLog
    from console.improvements.register import ImprovementRegister
    from console.library.library import PlanLibrary
    from console.plan.model import Plan
    from console.reference.registers import ReferenceData
    from console.reserves.ledger import Ledger
    from console.reserves.requests import Requests
    from console.reserves.roads import Located
    from console.room.service import Room

REAL = "real"
DRILL = "drill"


class Console:
    """The application core: owns every service on one database (Qt-free).

    ``mode`` is ``"real"`` or ``"drill"`` (a drill console writes drill incidents only, on
    its own database). ``jurisdiction`` is the 行政区划代码 the reserves check positions
    against; None: the one the database's site record names (``console.site``), else no check.
    ``waypoints`` are extra places for the synthetic road graph.
    """

    def __init__(self, db: Database, clock: Clock | None = None, *, mode: str = REAL,
                 jurisdiction: str | None = None, waypoints: Sequence[Located] = (),
                 road_file: str | Path | None = None) -> None:
        if mode not in (REAL, DRILL):
            raise ValueError(f"mode must be {REAL!r} or {DRILL!r}, not {mode!r}")
        self.db = db
        self.clock: Clock = clock if clock is not None else SystemClock()
        self.mode = mode
        self.changes = ChangeHub()
        self.effects = EffectHandlers()
        self.log = EventLog(db, self.clock, changes=self.changes)
        # the centre's jurisdiction, kept with the database (console/site); an explicit one overrides
        self.site = SiteSettings(db, self.clock, self.log, mode=mode)
        if jurisdiction is None:
            jurisdiction = self.site.jurisdiction
        self.jurisdiction = jurisdiction
        self.incidents = IncidentService(db, self.clock, mode=mode, log=self.log, effects=self.effects,
                                         area=self._jurisdiction_box if jurisdiction else None)
        # a player's refused command is recorded in a drill incident's log (never a real one's)
        watch_refusals(self.incidents)
        self.experts = ExpertRegistry(db, self.clock, changes=self.changes, mode=mode)
        self.reports = ReportService(db, self.clock, self.incidents)
        self.consultations = ConsultationService(db, self.clock, self.incidents, self.experts)
        self.duty = DutyLog(db, self.clock, self.incidents)
        self.attachments = AttachmentService(db, self.clock, self.incidents)
        # Who signs checkpoints at this console: set by a login (window or CLI session); None on
        # a database without accounts, whose events are unauthenticated.
        self.signer: Signer | None = None
        self.checkpoints = Checkpoints(db, self.clock)
        self.changes.subscribe(self._checkpoint_after)
        self._waypoints = tuple(waypoints)
        self._road_file = road_file
        # each feature's effect handlers (a feature to come registers its own here)
        self.effects.register("materials", lambda ctx, effect: self.requests.on_materials_effect(ctx, effect))
        # 移交 (a final state's handover): the receiving plan is the library's in-use one
        self.incidents.handover_plan = self._handover_plan

    def _handover_plan(self, plan_id: str, source: Plan) -> Plan | None:
        """The in-use plan ``plan_id`` for this centre's jurisdiction (else the handing plan's)."""
        jurisdiction = self.jurisdiction or source.jurisdiction_code
        return next((p for p in self.library.offered(jurisdiction, None) if p.id == plan_id), None)

    def _jurisdiction_box(self) -> tuple[float, float, float, float] | None:
        """The jurisdiction's bounding box (west, south, east, north), read on first use."""
        from console.geo.boundaries import jurisdiction_box

        return jurisdiction_box(self.jurisdiction) if self.jurisdiction else None

    # The reserves load the material catalogue: built on first use, not at start.
    @cached_property
    def ledger(self) -> Ledger:
        from console.reserves.ledger import Ledger

        return Ledger(self.db, self.clock, jurisdiction=self.jurisdiction, changes=self.changes, mode=self.mode)

    @cached_property
    def requests(self) -> Requests:
        from console.reserves.requests import Requests

        return Requests(self.ledger, self.incidents, road_file=self._road_file, waypoints=self._waypoints)

    # The directory and the notification log (console/contacts), built on first use.
    @cached_property
    def contacts(self) -> ContactDirectory:
        from console.contacts.directory import ContactDirectory

        return ContactDirectory(self.db, self.clock, log=self.log, experts=self.experts, mode=self.mode)

    @cached_property
    def notifications(self) -> NotificationLog:
        from console.contacts.notifications import NotificationLog

        return NotificationLog(self.db, self.clock, incidents=self.incidents, reports=self.reports,
                               directory=self.contacts)

    @cached_property
    def reference(self) -> ReferenceData:
        """Townships, regulated entities, specialty synonyms, depot status, minimums (console.reference)."""
        from console.reference.registers import ReferenceData

        return ReferenceData(self.db, self.clock, log=self.log, jurisdiction=lambda: self.jurisdiction,
                             mode=self.mode)

    @cached_property
    def accounts(self) -> AccountService:
        from console.auth.accounts import AccountService

        return AccountService(self.db, self.clock)

    @cached_property
    def library(self) -> PlanLibrary:
        """The plan library (console/library): the plans 接报 offers, each version kept."""
        from console.library.library import PlanLibrary

        return PlanLibrary(self.db, self.clock, self.log, mode=self.mode)

    @cached_property
    def improvements(self) -> ImprovementRegister:
        """The improvement register and the annual drill plan (console/improvements)."""
        from console.improvements.register import ImprovementRegister

        return ImprovementRegister(self.db, self.clock, self.log, mode=self.mode)

    @cached_property
    def room(self) -> Room:
        """Presence, instructions, assignments and alarm acknowledgements (console.room)."""
        from console.room.service import Room

        return Room(self.db, self.clock, self.incidents)

    def _checkpoint_after(self, changes: ChangeSet) -> None:
        """Sign the head after an incident's status changed, a report went out, a consultation
        concluded (console.store.checkpoints.REASONS) — when someone is signed in."""
        if self.signer is None or changes.origin != LOCAL:
            return
        reason = reason_for(changes.event_types)
        if reason is not None:
            self.checkpoints.sign(self.signer, reason)

    def checkpoint_if_due(self) -> CheckpointRecord | None:
        """The hourly checkpoint while an incident is open (the window's timer, the CLI after a write)."""
        if self.signer is None or not self.checkpoints.due(self.clock.now()):
            return None
        return self.checkpoints.sign(self.signer, HOURLY_REASON)

    def close(self) -> None:
        self.db.close()
