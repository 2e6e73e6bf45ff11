"""The map's legend and layer box fold to their titles in a small map (issue #16, item 12) and
open in a large one; a fold the user chose by clicking stays as they left it."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from console.geo import boundaries
from tests.ui.map.conftest import eval_js

pytestmark = pytest.mark.gui


def _folded(qtbot, view):
    return eval_js(qtbot, view, "FDSMap.folded()")


def test_legend_and_layer_box_fold_in_a_small_map_and_the_users_choice_stays(qtbot, make_map_view):
    view = make_map_view()
    view.resize(520, 600)  # the map's share of a 1280×800 window
    view.show()
    view.set_boundaries(boundaries.jurisdiction("410900"))
    qtbot.waitUntil(lambda: view.is_ready or view.load_failed_reason is not None, timeout=30000)
    assert view.load_failed_reason is None
    assert view.wait_painted() is not None
    assert _folded(qtbot, view) == [True, True]  # legend, layer box: titles only
    # the box's own rows are hidden, its title stays
    assert eval_js(qtbot, view, "document.querySelector('.fds-legend .fds-box-body').offsetHeight") == 0
    assert eval_js(qtbot, view, "document.querySelector('.fds-legend .fds-toggle').offsetHeight") > 0

    view.resize(1100, 800)  # a 1920×1080 window's map: both open
    QApplication.processEvents()
    qtbot.waitUntil(lambda: _folded(qtbot, view) == [False, False], timeout=10000)
    assert eval_js(qtbot, view, "document.querySelector('.leaflet-control-layers-list').offsetHeight") > 50

    # the user folds the legend by its title: it stays folded through later resizes
    eval_js(qtbot, view, "document.querySelector('.fds-legend .fds-toggle').click() || 1")
    assert _folded(qtbot, view) == [True, False]
    view.resize(1200, 820)
    QApplication.processEvents()
    qtbot.waitUntil(lambda: eval_js(qtbot, view, "FDSMap.map.getSize().x") > 1150, timeout=10000)
    assert _folded(qtbot, view)[0] is True
