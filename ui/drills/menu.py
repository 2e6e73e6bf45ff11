"""The 演练与复盘 menu: start a drill on a copy of the reference data, review an incident."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QInputDialog, QMenuBar

from console.paths import scenarios_dir
from console.store.db import Database


def menu_bar(win: Any) -> QMenuBar:
    """The window's own menu bar. A drill console stacks it with the 演练 banner in one menu
    widget; ``QMainWindow.menuBar()`` would then make a new, empty bar in place of both."""
    widget = win.menuWidget()
    if isinstance(widget, QMenuBar):
        return widget
    if widget is not None:
        bar = widget.findChild(QMenuBar)
        if bar is not None:
            return bar
    return win.menuBar()  # type: ignore[no-any-return]


def add_drill_menu(win: Any, db: Database, windows: list[Any]) -> None:
    """Add the menu to ``win``; the drill sessions and review windows it opens go to ``windows``.
    A drill console offers the review only: a drill is started from the real console."""
    menu = menu_bar(win).addMenu(win.tr("演练与复盘"))
    if getattr(win, "mode", "real") != "drill":
        act = menu.addAction(win.tr("开始演练…"))
        act.setObjectName("startDrill")
        act.triggered.connect(lambda: _keep(windows, start_drill(win, db)))
    act = menu.addAction(win.tr("复盘所选事件…"))
    act.setObjectName("reviewIncident")
    act.triggered.connect(lambda: _keep(windows, review_selected(win, db)))
    if getattr(win, "mode", "real") != "drill":
        act = menu.addAction(win.tr("整改台账…"))
        act.setObjectName("improvementRegister")
        act.triggered.connect(lambda: _keep(windows, open_improvements(win, db)))
        act = menu.addAction(win.tr("年度演练计划…"))
        act.setObjectName("annualDrillPlan")
        act.triggered.connect(lambda: _keep(windows, open_improvements(win, db, annual_plan=True)))


def open_improvements(win: Any, db: Database, *, annual_plan: bool = False) -> Any:
    """整改台账 (and the annual drill plan) of the real database; ``annual_plan``: open on the
    年度演练计划 tab."""
    from ui.improvements.dialog import ImprovementsDialog

    console = getattr(win, "console", None)
    dialog = ImprovementsDialog(db, actor=getattr(win, "user", None) or "", role=getattr(win, "role", "duty_officer"),
                                clock=getattr(console, "clock", None),
                                register=console.improvements if console is not None else None, parent=win)
    if annual_plan:
        tabs = dialog.tabs
        for i in range(tabs.count()):
            if tabs.widget(i).isAncestorOf(dialog.plan_table):
                tabs.setCurrentIndex(i)
    dialog.show()
    return dialog


def _keep(windows: list[Any], opened: Any) -> None:
    if opened is not None:
        windows.append(opened)


def start_drill(win: Any, db: Database, scenario: str | Path | None = None) -> Any:
    """Open a drill on a copy of this database's reference data (never on its incidents)."""
    from ui.drills.session import start_drill_session

    if scenario is None:
        scenario = choose_scenario(win)
        if not scenario:
            return None
    try:
        return start_drill_session(scenario, db, trainer=getattr(win, "user", None),
                                   signer=getattr(getattr(win, "console", None), "signer", None),
                                   settings=getattr(win, "settings", None))  # language, map, layout
    except Exception as exc:  # noqa: BLE001 — a bad script or file: say why, keep the console
        win.notify(win.tr("无法开始演练：{0}").format(getattr(exc, "reason", None) or exc), error=True)
        return None


def choose_scenario(win: Any, directory: str | Path | None = None) -> Path | None:
    """The trainer picks a shipped scenario by its title (or 其他文件… for one elsewhere)."""
    from ui.drills.picker import ScenarioPicker

    picker = ScenarioPicker(directory if directory is not None else scenarios_dir(), parent=win)
    try:
        return picker.chosen if picker.exec() else None
    finally:
        picker.deleteLater()


def review_selected(win: Any, db: Database, incident_id: str | None = None) -> Any:
    """The after-action review of the selected incident (scrub its log, export the report)."""
    from console.review.service import RunReview
    from ui.review.window import ReviewWindow

    iid = incident_id or win.selected_id
    if iid is None:
        ids = [s.id for s in win.service.list()]
        if not ids:
            win.notify(win.tr("没有可复盘的事件"), error=True)
            return None
        iid, ok = QInputDialog.getItem(win, win.tr("复盘"), win.tr("选择事件"), ids, 0, False)
        if not ok:
            return None
    window = ReviewWindow(RunReview(db, iid), tile_url=win.settings.tile_url,
                          signer=getattr(getattr(win, "console", None), "signer", None))
    window.show()
    return window
