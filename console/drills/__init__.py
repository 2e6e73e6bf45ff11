"""Drills (演练): scenarios (MSEL), the drill clock and runner, evaluation and after-action review.

Qt-free. A drill runs on the same engine and plans as a real incident, in its own database
seeded from a copy of the reference data (:mod:`console.drills.store`).
"""

from console.drills.clock import DrillClock
from console.drills.scenario import Scenario, ScenarioError, load_scenario

__all__ = ["DrillClock", "Scenario", "ScenarioError", "load_scenario"]
