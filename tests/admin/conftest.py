"""The administration window's tests: a real SQLite file (and the real PostgreSQL server) with
the municipal plan pinned and a first administrator; pytest-qt, offscreen."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher

from console.app import Console
from console.clock import ManualClock
from tests.incidents.conftest import T0
from tests.store.conftest import db_url, pg_database  # noqa: F401  (shared real-database fixtures)

ROOT = Path(__file__).resolve().parents[2]
FAST = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)  # real argon2id, cheap parameters
ADMIN_PW = "admin-pass-1"


def centre_console(url: str, clock: ManualClock | None = None) -> Console:
    """A centre's console: the municipal plan pinned, the first administrator ``admin``."""
    from console.store.db import open_database

    console = Console(open_database(url), clock or ManualClock(T0))
    console.accounts.hasher = FAST
    console.incidents.plans.register_file(ROOT / "plans" / "food-municipal.yaml")
    if not console.accounts.has_users():
        console.accounts.create("admin", ADMIN_PW, role="admin", display_name="系统管理员", by=None)
    return console


@pytest.fixture
def centre(tmp_path: Path) -> Iterator[Console]:
    console = centre_console(f"sqlite:///{tmp_path / 'centre.sqlite3'}")
    yield console
    console.close()


@pytest.fixture
def admin_window(qtbot: Any, centre: Console) -> Any:
    from ui.admin.window import AdminWindow, make_context

    w = AdminWindow(make_context(centre, "admin"))
    qtbot.addWidget(w)
    w.show()
    return w


@pytest.fixture
def answer(qtbot: Any) -> Callable[[bool], list[str]]:
    """answer(accept) → the texts of the next modal message box, which is answered with its
    accepting button (accept) or Enter (its default: 取消)."""
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    def arm(accept: bool) -> list[str]:
        seen: list[str] = []

        def act() -> None:
            box = QApplication.activeModalWidget()
            if not isinstance(box, QMessageBox):
                QTimer.singleShot(20, act)
                return
            seen.append(box.text())
            if accept:
                (yes,) = [b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole]
                yes.click()
            else:
                qtbot.keyClick(box, Qt.Key.Key_Return)

        QTimer.singleShot(0, act)
        return seen

    return arm
