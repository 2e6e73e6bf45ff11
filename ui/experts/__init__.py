"""The experts panel."""

from ui.experts.panel import ExpertsPanel

__all__ = ["ExpertsPanel"]
