"""The consultations panel."""

from ui.consultations.panel import ConsultationsPanel

__all__ = ["ConsultationsPanel"]
