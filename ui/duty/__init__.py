"""The duty panel."""

from ui.duty.panel import DutyLogPanel

__all__ = ["DutyLogPanel"]
