"""The plan library in the window (预案库): ``PlanLibraryWidget`` (embeddable), ``PlanLibraryDialog``
(文件 → 预案库…); the administration window embeds the widget."""

from ui.library.panel import PlanLibraryDialog, PlanLibraryWidget

__all__ = ["PlanLibraryDialog", "PlanLibraryWidget"]
