"""The review window opens within a small screen, and its chart's time axis reads minutes for a
short run and hours for a long one (issue #16, item 4)."""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO

import pytest
from PySide6.QtCore import QRect

from console.drills.report import time_axis, timeline_png
from console.review.service import RunReview
from tests.drills.conftest import SCHOOL, virtual_run

pytestmark = pytest.mark.gui


class _Screen:
    """A 1366×768 laptop's screen less a 32-pixel panel."""

    def availableGeometry(self) -> QRect:  # noqa: N802 (Qt name)
        return QRect(0, 0, 1366, 736)


def test_review_window_opens_within_a_small_screen(qtbot, tmp_path, monkeypatch):
    from ui.review.window import ReviewWindow

    run = virtual_run(SCHOOL, tmp_path)
    run.run_headless()
    monkeypatch.setattr(ReviewWindow, "screen", lambda self: _Screen())
    w = ReviewWindow(RunReview(run.db, run.incident_id), map_enabled=False)
    qtbot.addWidget(w)
    w.show()
    assert w.height() + 40 <= 736 and w.width() <= 1366  # with room for its title bar
    assert w.minimumSizeHint().height() <= 736 - 40
    assert w.y() >= 0 and w.x() >= 0
    # the metrics table: no deadline name, limit, time taken or result cut short
    table, fm = w.metrics, w.metrics.fontMetrics()
    for r in range(table.rowCount()):
        for c in range(4):
            text = table.item(r, c).text()
            assert fm.horizontalAdvance(text) <= table.columnWidth(c), (r, c, text)
            assert table.item(r, c).toolTip() == text
    w.close()
    run.db.close()


def test_chart_axis_in_minutes_for_a_short_run_and_hours_for_a_long_one():
    eight = time_axis(8 * 60)
    assert (eight.name, eight.unit_s, eight.span, eight.step) == ("分钟", 60, 8.0, 1.0)
    half = time_axis(47 * 60)
    assert half.name == "分钟" and half.step == 5.0  # 0, 5, … 45 minutes: at most 10 ticks
    long = time_axis(5 * 3600 + 5 * 60)
    assert long.name == "小时" and long.step == 1.0
    week = time_axis(3 * 24 * 3600)
    assert week.name == "小时" and 72 / week.step <= 10


def test_chart_of_a_short_run_reads_minutes(tmp_path, monkeypatch):
    """The chart itself: ticks at whole minutes, labelled 分钟 (matplotlib's own axis read back)."""
    from matplotlib.figure import Figure

    run = virtual_run(SCHOOL, tmp_path)
    run.run_headless()
    monkeypatch.setattr(RunReview, "end", property(lambda self: self.start + timedelta(minutes=8)))
    review = RunReview(run.db, run.incident_id)  # as if the run had lasted eight minutes
    axes = []
    real = Figure.add_subplot

    def keep(self, *a, **k):
        ax = real(self, *a, **k)
        axes.append(ax)
        return ax

    monkeypatch.setattr(Figure, "add_subplot", keep)
    png = timeline_png(review)
    assert png.startswith(b"\x89PNG") and len(BytesIO(png).getvalue()) > 1000
    ax = axes[0]
    assert "分钟" in ax.get_xlabel()
    assert ax.get_xlim() == (0.0, 8.0)
    ticks = [t for t in ax.get_xticks() if 0 <= t <= 8]
    assert ticks == [0, 1, 2, 3, 4, 5, 6, 7, 8]
    run.db.close()
