"""A console that outlives its window's change bus (a drill console closed, a test torn down):
its next command is not a logged error, and the dead bus stops listening."""

from __future__ import annotations

from typing import Any

import shiboken6

from console.app import Console
from console.clock import SystemClock
from console.store.db import open_database
from ui.bus import ChangeBus


def test_a_destroyed_bus_unsubscribes_instead_of_failing(qapp: Any, tmp_path: Any) -> None:
    console = Console(open_database(f"sqlite:///{tmp_path / 'c.sqlite3'}"), SystemClock())
    try:
        bus = ChangeBus(console)
        before = len(console.changes.errors)
        shiboken6.delete(bus)  # the C++ side is gone, the Python listener is still subscribed
        console.duty.note("交班前检查", actor="值班员", role="duty_officer")
        console.duty.note("再记一条", actor="值班员", role="duty_officer")
        assert len(console.changes.errors) == before  # nothing logged as a failed listener
    finally:
        console.close()
