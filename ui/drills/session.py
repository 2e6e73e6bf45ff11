"""Starting a drill from the console: a new drill database, the controller window, and the players'
normal console opened on the drill database in drill mode, with the 演练 watermark over it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from console.drills.clock import DrillClock
from console.drills.runner import DrillRun
from console.drills.scenario import load_scenario
from console.drills.store import create_drill_database, new_drill_path
from console.incidents.service import IncidentService
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
                        **console_kwargs: Any) -> DrillSession:
    """Open everything for a drill; the trainer then presses 开始 in the controller window."""
    scenario = load_scenario(scenario_path)
    at = start or datetime.now(UTC)
    db = create_drill_database(drill_db or new_drill_path(scenario.id, at), reference)
    clock = DrillClock(at, speed)
    run = DrillRun(scenario, db, clock)
    controller = ControllerWindow(run)
    console = mark = None
    if with_console:
        from ui.main_window import MainWindow

        console = MainWindow(IncidentService(db, clock, mode="drill"), clock=clock, **console_kwargs)
        mark = Watermark(console.centralWidget())
        controller.sig_changed.connect(lambda _what: console.refresh())
    return DrillSession(run, controller, console, mark)
