"""Panels for information reports, expert consultations and the duty log."""

from ui.records.consultations import ConsultationsPanel
from ui.records.duty import DutyLogPanel
from ui.records.experts import ExpertsPanel
from ui.records.reports import ReportsPanel

__all__ = ["ConsultationsPanel", "DutyLogPanel", "ExpertsPanel", "ReportsPanel"]
