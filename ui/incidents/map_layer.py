"""The incidents on the map: a marker per open incident, coloured by level and ringed when
overdue (only what changed is sent to the page), and each incident's latest affected area."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from console.incidents import IncidentService, IncidentSummary


class IncidentMapLayer:
    def __init__(self, map_view: Any, service: IncidentService) -> None:
        self.map = map_view
        self.service = service
        self._shown: dict[str, tuple[Any, ...]] = {}  # what the page shows now, by incident

    def show(self, s: IncidentSummary, overdue: bool) -> None:
        """Draw (or move, recolour) the incident's marker when what it shows changed."""
        if s.lat is None or s.lon is None:
            return
        shown = (s.lat, s.lon, s.level, s.title, overdue)
        if self._shown.get(s.id) != shown:
            self._shown[s.id] = shown
            self.map.upsert_incident(s.id, s.lat, s.lon, s.level, s.title, overdue=overdue)

    def remove(self, incident_id: str) -> None:
        if self._shown.pop(incident_id, None) is not None:
            self.map.remove_incident(incident_id)

    def load_areas(self, summaries: Iterable[IncidentSummary]) -> None:
        """Each open incident's latest recorded affected area (its ``log.area`` events)."""
        for s in summaries:
            if s.status == "closed":
                continue
            area = None
            for ev in self.service.timeline(s.id):
                if ev.type == "log.area":
                    area = ev.payload.get("data", {}).get("area")
            if area:
                self.map.set_affected_area(s.id, area)
