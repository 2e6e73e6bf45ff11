"""Fixtures for the map tests: a real MapView on the real offline page."""

from __future__ import annotations

import json
from typing import Any

import pytest

from console.geo import boundaries


def eval_js(qtbot, view, expr: str, timeout: int = 10000) -> Any:
    """Evaluate a JS expression in the page and return its JSON value."""
    box: list[Any] = []
    view.run_js(f"JSON.stringify({expr})", lambda value: box.append(value))
    qtbot.waitUntil(lambda: bool(box), timeout=timeout)
    return None if box[0] in (None, "undefined") else json.loads(box[0])


@pytest.fixture
def make_map_view(qapp):
    """Factory for MapViews that are really deleted at teardown (page before profile,
    while QtWebEngine is still up), instead of lingering until interpreter exit."""
    from PySide6.QtCore import QCoreApplication, QEvent

    from ui.map import MapView

    made = []

    def make(**kwargs):
        view = MapView(**kwargs)
        made.append(view)
        return view

    yield make
    for view in made:
        view.close()
        view.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def map_view(qtbot, make_map_view):
    """A shown 1000×700 MapView with 濮阳市 loaded and fitted, bridge ready."""
    view = make_map_view()
    view.resize(1000, 700)
    view.show()
    view.set_boundaries(boundaries.jurisdiction("410900"))
    view.fit_bounds(boundaries.bbox("410900"))
    qtbot.waitUntil(lambda: view.is_ready or view.load_failed_reason is not None, timeout=30000)
    assert view.load_failed_reason is None
    assert view.wait_painted() is not None
    return view
