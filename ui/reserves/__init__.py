"""The reserves panel (应急物资): stock, alerts, readiness, history, requests."""

from ui.reserves.panel import ReservesPanel

__all__ = ["ReservesPanel"]
