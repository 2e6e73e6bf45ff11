"""The plan library in the window (预案库): ``PlanLibraryWidget`` (embeddable), ``PlanLibraryDialog``
(文件 → 预案库…) and ``setup.add_plan_file`` for the first-run assistant."""

from ui.library.panel import PlanLibraryDialog, PlanLibraryWidget

__all__ = ["PlanLibraryDialog", "PlanLibraryWidget"]
