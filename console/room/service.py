"""The room as one object on a console: presence, instructions, assignments and alarms."""

from __future__ import annotations

import builtins
from typing import Any

from console.clock import Clock
from console.incidents.service import IncidentService
from console.room.alarms import AlarmService
from console.room.assignments import AssignmentService
from console.room.instructions import InstructionService
from console.room.presence import PresenceService


class Room:
    def __init__(self, db: Any, clock: Clock, incidents: IncidentService) -> None:
        self.db = db
        self.clock = clock
        self.presence = PresenceService(db, clock, incidents.log, mode=incidents.mode)
        self.instructions = InstructionService(db, clock, incidents.log, mode=incidents.mode)
        self.assignments = AssignmentService(db, clock, incidents.log, mode=incidents.mode)
        self.alarms = AlarmService(incidents, self.instructions, clock)

    def verify(self) -> builtins.list[str]:
        """Every room row against its ``room`` event (empty: they agree)."""
        return self.instructions.verify() + self.assignments.verify() + self.alarms.verify()
