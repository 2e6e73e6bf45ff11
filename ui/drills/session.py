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
from ui.drills.inbox import InjectInbox
from ui.drills.watermark import Watermark


@dataclass
class DrillSession:
    run: DrillRun
    controller: ControllerWindow
    console: Any | None  # ui.main_window.MainWindow on the drill database
    watermark: Watermark | None
    inbox: InjectInbox | None = None  # the players' 演练消息 dock in that window

    def close(self) -> None:
        for w in (self.controller, self.console):
            if w is not None:
                w.close()
        self.run.db.close()


def start_drill_session(scenario_path: str | Path, reference: Database | None, *, drill_db: str | Path | None = None,
                        speed: float = 1, with_console: bool = True, start: datetime | None = None,
                        show: bool = True, live: bool = False, trainer: str | None = None,
                        signer: Any = None, **window_kwargs: Any) -> DrillSession:
    """Open everything for a drill; the trainer then presses 开始 in the controller window."""
    from ui.wiring import build_window

    scenario = load_scenario(scenario_path)
    at = start or datetime.now(UTC)
    db = create_drill_database(drill_db or new_drill_path(scenario.id, at), reference)
    clock = DrillClock(at, speed)
    app = Console(db, clock, mode=DRILL, jurisdiction=scenario.plan.jurisdiction_code)
    run = DrillRun(scenario, db, clock, incidents=app.incidents)
    controller = ControllerWindow(run, trainer=trainer, signer=signer)
    controller.reference = reference  # the real database: 导入整改项到台账 after the drill
    window = mark = inbox = None
    if with_console:
        window_kwargs.setdefault("role", "duty_officer")
        window = build_window(app, live=live, **window_kwargs)
        window.keeps_layout = False  # the players' arrangement is not saved over the console's own
        mark = Watermark(window.centralWidget())
        inbox = add_inbox(window, app, scenario.plan.role_title)
    if show:
        controller.show()
        if window is not None:
            window.show()
    return DrillSession(run, controller, window, mark, inbox)


def add_inbox(window: Any, app: Console, role_title: Any) -> InjectInbox:
    """The players' 演练消息 dock: its title counts the unread messages; a new one is announced in
    the status bar and brought to the front."""
    inbox = InjectInbox(app, role_title)
    inbox.setObjectName("drillInbox")
    title = window.tr("演练消息")
    dock = window.add_dock("drillInbox", title, inbox)

    def unread(n: int) -> None:
        dock.setWindowTitle(window.tr("演练消息（{0} 条未读）").format(n) if n else title)

    def arrived(m: Any) -> None:
        window.notify(window.tr("收到演练消息：{title}（{sender}，{channel}）").format(
            title=m.title, sender=m.sender, channel=m.channel))
        dock.show()
        dock.raise_()

    inbox.unread_changed.connect(unread)
    inbox.arrived.connect(arrived)
    unread(inbox.unread())
    return inbox
