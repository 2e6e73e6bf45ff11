"""The room in the incident list: the 指派给 column (who each incident is assigned to, from the
room's assignments, kept up to date as they change) and a row changed at another seat
highlighted for a few seconds (``IncidentList.flash``), next to the toast naming who did it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject

from console.app import Console
from console.changes import CENTRE_STREAMS, REMOTE, ChangeSet, Topic
from console.room.stream import display_names
from console.store.db import DatabaseError
from ui.bus import bus_for


class RoomListing(QObject):
    """Feeds ``win.incidents`` (an ``IncidentList``) from the room."""

    def __init__(self, win: Any, console: Console) -> None:
        super().__init__(win)
        self.win, self.console = win, console
        self._names: dict[str, str] | None = None
        bus_for(console).sig_changed.connect(self.on_changes)
        self.refresh_assignees()

    def on_changes(self, changes: ChangeSet) -> None:
        try:
            if changes.touches(Topic.ROOM, Topic.INCIDENTS):
                self.refresh_assignees()
            if changes.origin == REMOTE and changes.seqs:
                self.win.incidents.flash(self.incidents_of(changes))
        except (DatabaseError, RuntimeError):  # an outage (the banner says so), or the window is closing
            pass

    def incidents_of(self, changes: ChangeSet) -> set[str]:
        """The incidents another seat's events changed: their own streams, and the room's events
        that name one (an instruction about it, an assignment)."""
        found = set(changes.incidents)
        if any(t.startswith("room.") for t in changes.event_types):
            wanted = set(changes.seqs)
            first = min(wanted)
            for e in self.console.log.read(after_seq=first - 1, limit=max(wanted) - first + 1):
                if e.seq in wanted and e.stream in CENTRE_STREAMS and isinstance(e.payload.get("incident"), str):
                    found.add(e.payload["incident"])
        return found

    def refresh_assignees(self) -> None:
        """The open assignments of whole incidents, by incident: the assignee's display name."""
        open_ = [a for a in self.console.room.assignments.list(open_only=True) if a.kind == "incident"]
        if self._names is None or any(a.assignee not in self._names for a in open_):
            self._names = display_names(self.console.db)
        names = self._names
        self.win.incidents.set_assignees({a.incident_id: names.get(a.assignee) or a.assignee for a in open_})


def install(win: Any, console: Console) -> RoomListing:
    return RoomListing(win, console)
