"""The reports panel."""

from ui.reports.panel import ReportsPanel

__all__ = ["ReportsPanel"]
