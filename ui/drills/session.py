"""Starting a drill from the console: a new drill database, the controller window, and the
players' full console (every panel, as in real work) on the drill database in drill mode, with
the 演练 watermark over it. Both windows are shown."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from console.app import DRILL, Console
from console.drills.clock import DrillClock
from console.drills.runner import DrillRun
from console.drills.scenario import load_scenario
from console.drills.store import create_drill_database, new_drill_path
from console.store.db import Database
from ui.drills.controller import ControllerWindow
from ui.drills.watermark import Watermark


@dataclass
class DrillSession:
    run: DrillRun
    controller: ControllerWindow
    console: Any | None  # ui.main_window.MainWindow on the drill database
    watermark: Watermark | None

    def close(self) -> None:
        for w in (self.controller, self.console):
            if w is not None:
                w.close()
        self.run.db.close()


def start_drill_session(scenario_path: str | Path, reference: Database | None, *, drill_db: str | Path | None = None,
                        speed: float = 1, with_console: bool = True, start: datetime | None = None,
                        show: bool = True, live: bool = False, trainer: str | None = None,
                        **window_kwargs: Any) -> DrillSession:
    """Open everything for a drill; the trainer then presses 开始 in the controller window."""
    from ui.wiring import build_window

    scenario = load_scenario(scenario_path)
    at = start or datetime.now(UTC)
    db = create_drill_database(drill_db or new_drill_path(scenario.id, at), reference)
    clock = DrillClock(at, speed)
    app = Console(db, clock, mode=DRILL, jurisdiction=scenario.plan.jurisdiction_code)
    run = DrillRun(scenario, db, clock, incidents=app.incidents)
    controller = ControllerWindow(run, trainer=trainer)
    window = mark = None
    if with_console:
        window_kwargs.setdefault("role", "duty_officer")
        window = build_window(app, live=live, **window_kwargs)
        mark = Watermark(window.centralWidget())
    if show:
        controller.show()
        if window is not None:
            window.show()
    return DrillSession(run, controller, window, mark)
