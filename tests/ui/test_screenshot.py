"""`python main.py --demo --screenshot out.png` really renders the window with a painted map."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

pytestmark = pytest.mark.gui
ROOT = Path(__file__).resolve().parents[2]


def _mask(img: QImage, rgb: tuple[int, int, int], tol: int, box=None, step: int = 2):
    x0, y0, x1, y1 = box or (0, 0, img.width(), img.height())
    hits = []
    for y in range(y0, y1, step):
        for x in range(x0, x1, step):
            c = img.pixelColor(x, y)
            if abs(c.red() - rgb[0]) <= tol and abs(c.green() - rgb[1]) <= tol and abs(c.blue() - rgb[2]) <= tol:
                hits.append((x, y))
    return hits


def _shoot(tmp_path, screen: str) -> QImage:
    """``main.py --demo --screenshot`` on an offscreen screen of ``screen`` (WxH) pixels."""
    out = tmp_path / "console.png"
    config = ROOT / "tests" / "ui" / "layout" / f"screen-{screen}.json"
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}")
    env.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox")
    r = subprocess.run([sys.executable, str(ROOT / "main.py"), "--demo", "--db", f"sqlite:///{tmp_path / 'd.sqlite3'}",
                        "--settings", str(tmp_path / "s.ini"), "--screenshot", str(out)],
                       cwd=ROOT, env=env, capture_output=True, text=True, timeout=180)
    assert r.returncode == 0, r.stderr[-2000:]
    return QImage(str(out)).convertToFormat(QImage.Format.Format_RGB32)


def _map_box(img: QImage) -> tuple[int, int, int, int]:
    """Where the map's own background colour is (it appears nowhere else)."""
    bg = _mask(img, (0xD5, 0xDD, 0xE3), 3, step=4)
    assert len(bg) > 2000
    xs, ys = [p[0] for p in bg], [p[1] for p in bg]
    return min(xs), min(ys), max(xs), max(ys)


def test_demo_screenshot_has_boundaries_markers_and_entities(tmp_path):
    img = _shoot(tmp_path, "1920x1080")
    # the window fills the 1920×1080 screen and no more (a frame of a few pixels aside)
    assert 1880 <= img.width() <= 1920 and 1040 <= img.height() <= 1080
    box = _map_box(img)
    assert box[2] - box[0] > 750 and box[3] - box[1] > 500  # the room goes to the map
    assert len(_mask(img, (0x1B, 0x26, 0x31), 18, box)) > 150      # the city's outline
    assert len(_mask(img, (0xFB, 0xFC, 0xFC), 3, box)) > 5000      # counties filled
    # incident discs (24 px, ~110 samples each; the legend's swatches give ~30 at most)
    assert len(_mask(img, (0xF1, 0xC4, 0x0F), 25, box)) > 100      # the three open Ⅲ-level incidents
    assert len(_mask(img, (0xE6, 0x7E, 0x22), 25, box)) > 70       # the Ⅱ-level incident
    assert len(_mask(img, (0x37, 0x47, 0x4F), 20, box)) > 100      # entity clusters


def test_demo_screenshot_at_1280_by_800_keeps_the_map_and_fits_the_screen(tmp_path):
    img = _shoot(tmp_path, "1280x800")
    assert img.width() <= 1280 and img.height() <= 800  # never larger than the screen
    assert img.width() >= 1240 and img.height() >= 760
    box = _map_box(img)
    assert box[2] - box[0] > 480 and box[3] - box[1] > 450  # a map still worth looking at
    assert len(_mask(img, (0x1B, 0x26, 0x31), 18, box)) > 100   # the city's outline
    assert len(_mask(img, (0xE6, 0x7E, 0x22), 25, box)) > 30       # the Ⅱ-level incident
