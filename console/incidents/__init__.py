"""Incidents: opening, commands, missed deadlines, projections, state-at-time and replay."""

from console.incidents.service import (
    CommandResult,
    IncidentService,
    IncidentSummary,
    IncidentView,
    PlanStore,
)

__all__ = ["CommandResult", "IncidentService", "IncidentSummary", "IncidentView", "PlanStore"]
