"""What one command costs the window: SQL statements and view redraws, by kind of command.

Run: ``python -m bench commands``. On a copy of the 濮阳市 demo, the whole console assembled
(every panel docked, map off: the map's own cost is in ``bench ui``), an open graded incident
selected, and the clicks a duty officer makes: a plan step (the first allowed action), a fact
saved, a duty note on the incident. For each: the SELECT statements sent while the click is
handled and its change set delivered, how many times the incident list was refilled and the
detail redrawn, and how many times the timeline and the reserves panel reloaded.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any


def _row(name: str, value: float, unit: str, target: str = "", met: bool | None = None) -> dict[str, Any]:
    return {"name": name, "value": value, "unit": unit, "target": target, "met": met}


def run() -> list[dict[str, Any]]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication
    from sqlalchemy import event

    from console.app import Console
    from console.clock import ManualClock
    from console.demo import open_demo
    from console.demo.records import seed_records
    from console.reserves.demo import seed_reserves
    from console.store.db import open_database
    from ui.settings import ConsoleSettings
    from ui.wiring import build_window

    app = QApplication.instance() or QApplication([])  # noqa: F841
    now = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
    tmp = Path(tempfile.mkdtemp(prefix="bench-commands-"))
    seeded = tmp / "seed.sqlite3"
    open_demo(now, f"sqlite:///{seeded}").close()
    db0 = open_database(f"sqlite:///{seeded}")
    seed_reserves(db0, "puyang", now)
    seed_records(db0, "puyang", now)
    db0.close()
    rows: list[dict[str, Any]] = []
    for what in ("plan step", "facts saved", "duty note"):
        path = tmp / f"{what.replace(' ', '-')}.sqlite3"
        shutil.copy(seeded, path)
        db = open_database(f"sqlite:///{path}")
        console = Console(db, ManualClock(now), jurisdiction="410900")
        win = build_window(console, settings=ConsoleSettings(tmp / "s.ini"), map_enabled=False, live=False,
                           role="commander", user="指挥长")
        win.show()
        target = next(s for s in console.incidents.list(status="open") if s.level)
        win.select(target.id)
        QCoreApplication.processEvents()
        a = win.assembly
        calls: Counter[str] = Counter()
        for name, obj, attr in [("list", win.incidents, "fill"), ("detail", win.detail, "refresh"),
                                ("timeline", a.timeline, "refresh"), ("reserves", a.reserves, "refresh")]:
            original = getattr(obj, attr)

            def counted(*args: Any, _o: Any = original, _n: str = name, _c: Counter[str] = calls, **kw: Any) -> Any:
                _c[_n] += 1
                return _o(*args, **kw)

            setattr(obj, attr, counted)
        selects = [0]

        def count(_c: Any, _cur: Any, statement: str, *_a: Any, _s: list[int] = selects) -> None:
            if statement.lstrip().upper().startswith("SELECT"):
                _s[0] += 1

        event.listen(db.engine, "before_cursor_execute", count)
        if what == "plan step":
            button = next(b for b in win.detail.action_buttons if b.isEnabled())
            button.click()
        elif what == "facts saved":
            win.detail.run("facts", {"facts": {"cases": 40}}, "已保存")
        else:
            a.duty.set_incident(target.id)
            selects[0] = 0
            calls.clear()
            a.duty.note_text.setPlainText("现场已封存剩余食品")
            a.duty.add_note()
        win.runner.wait()  # the command runs on the worker thread; its result applied here
        QCoreApplication.processEvents()
        event.remove(db.engine, "before_cursor_execute", count)
        rows.append(_row(f"{what}: SELECT statements (command + every view)", selects[0], "stmts"))
        for name, label in (("list", "incident list refilled"), ("detail", "detail redrawn"),
                            ("timeline", "timeline reloaded"), ("reserves", "reserves panel reloaded")):
            rows.append(_row(f"{what}: {label}", calls[name], "times"))
        win.close()
        win.deleteLater()
        QCoreApplication.processEvents()
        db.close()
    shutil.rmtree(tmp, ignore_errors=True)
    return rows


if __name__ == "__main__":
    for r in run():
        print(r)
