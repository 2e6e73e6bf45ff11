"""The wall at 1920×1080 and 3840×2160 on the demo database: the big numbers and the countdown are
drawn large enough to read across a room, and every text colour contrasts ≥ 4.5:1 with its ground."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QColor, QImage

from ui.wall import theme

OUT = Path(os.environ.get("WALL_SCREENSHOTS", "")) if os.environ.get("WALL_SCREENSHOTS") else None


def _ink_height(img: QImage, rect: QRect, ground: str) -> tuple[int, str]:
    """The height in pixels of what is drawn in ``rect`` over ``ground`` (rows with any pixel far
    from the ground colour), and the colour of the brightest such pixel."""
    g = QColor(ground)
    rows = []
    brightest, best = None, -1.0
    for y in range(rect.top(), rect.bottom() + 1):
        hit = False
        for x in range(rect.left(), rect.right() + 1, 2):
            c = img.pixelColor(x, y)
            if abs(c.red() - g.red()) + abs(c.green() - g.green()) + abs(c.blue() - g.blue()) > 120:
                hit = True
                lum = theme.luminance(c.name())
                if lum > best:
                    best, brightest = lum, c.name()
        if hit:
            rows.append(y)
    return (rows[-1] - rows[0] + 1 if rows else 0), (brightest or ground)


def _rect(wall, widget) -> QRect:  # noqa: ANN001
    return QRect(widget.mapTo(wall, QPoint(0, 0)), widget.size())


def test_palette_contrast():
    for text, ground in theme.PAIRS:
        assert theme.contrast(text, ground) >= 4.5, (text, ground)


@pytest.mark.parametrize("size", [(1920, 1080), (3840, 2160)], ids=["1080p", "2160p"])
def test_wall_reads_across_the_room(qtbot, make_wall, tmp_path, size):  # noqa: ANN001
    w, h = size
    wall, _console = make_wall(w, h)
    wall.freeze()
    assert wall.width() == w and wall.height() == h
    qtbot.waitUntil(lambda: wall.map.is_ready, timeout=30000)
    wall.map.set_still(True)
    summary = wall.map.wait_painted(timeout_ms=30000)
    assert summary is not None and set(summary["incidents"]) == {i.id for i in wall.snapshot.incidents}
    assert summary["areas"]  # the affected areas are drawn
    img = wall.grab().toImage()
    assert (img.width(), img.height()) == (w, h)
    path = (OUT or tmp_path) / f"wall-{w}x{h}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    assert img.save(str(path))
    # the big numbers: each figure at least 4 % of the screen's height, in a colour that reads
    for key, tile in wall.tiles.items():
        if tile.number.text() == "—":
            continue
        height, ink = _ink_height(img, _rect(wall, tile.number), theme.PANEL)
        assert height >= 0.04 * h, (key, height)
        assert theme.contrast(ink, theme.PANEL) >= 4.5, (key, ink)
    # the countdown of the incident in focus: larger still
    assert wall.countdown_label.text()
    height, ink = _ink_height(img, _rect(wall, wall.countdown_label), theme.PANEL)
    assert height >= 0.05 * h, height
    assert theme.contrast(ink, theme.PANEL) >= 4.5
    # the ticker's line
    height, ink = _ink_height(img, _rect(wall, wall.ticker), theme.PANEL)
    assert height >= 0.015 * h and theme.contrast(ink, theme.PANEL) >= 4.5
    # font sizes follow the screen: the same fraction of the height at both sizes
    assert abs(wall.countdown_label.font().pixelSize() / h - theme.SIZES.countdown) < 0.002
