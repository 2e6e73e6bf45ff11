"""The 濮阳市 demo database for the wall's core tests (seeded once, copied per test)."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime

import pytest

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def wall_template(tmp_path_factory):  # noqa: ANN001, ANN201
    from console.demo import open_demo

    path = tmp_path_factory.mktemp("wall") / "demo.sqlite3"
    open_demo(NOW, f"sqlite:///{path}").close()
    return path


@pytest.fixture
def wall_console(wall_template, tmp_path):  # noqa: ANN001, ANN201
    from console.app import Console
    from console.clock import ManualClock
    from console.store.db import open_database

    path = tmp_path / "demo.sqlite3"
    shutil.copy(wall_template, path)
    db = open_database(f"sqlite:///{path}")
    yield Console(db, ManualClock(NOW), jurisdiction="410900")
    db.close()
