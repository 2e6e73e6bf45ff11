"""A wall (指挥大屏) on a copy of the demo database, with the real map page, offscreen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QEvent

from tests.ui.conftest import NOW


@pytest.fixture
def make_wall(qapp, demo_db):  # noqa: ANN001, ANN201
    from console.app import Console
    from console.clock import ManualClock
    from ui.wall.window import WallWindow

    made = []

    def make(width: int = 1920, height: int = 1080, **kwargs):  # noqa: ANN003, ANN202
        console = Console(demo_db, ManualClock(NOW), jurisdiction="410900")
        wall = WallWindow(console, jurisdiction="410900", **kwargs)
        made.append(wall)
        wall.resize(width, height)
        wall.show()
        QCoreApplication.processEvents()
        return wall, console

    yield make
    for wall in made:
        wall.close()
        wall.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
