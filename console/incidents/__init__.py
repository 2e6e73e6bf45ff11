"""Incidents: opening, commands, missed deadlines, projections, state-at-time and replay."""

from console.incidents.service import (
    ColumnDifference,
    CommandResult,
    IncidentService,
    IncidentSummary,
    IncidentView,
    LoggedIncident,
    PlanStore,
)

__all__ = ["ColumnDifference", "CommandResult", "IncidentService", "IncidentSummary", "IncidentView",
           "LoggedIncident", "PlanStore"]
