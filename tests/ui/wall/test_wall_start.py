"""``main.py --demo --wall --screenshot``: the wall alone, started as a person would, headless."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

pytestmark = pytest.mark.gui
ROOT = Path(__file__).resolve().parents[3]


def test_main_wall_screenshot_at_4k(tmp_path):  # noqa: ANN001
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_DATA_HOME=str(tmp_path / "data"),
               XDG_CONFIG_HOME=str(tmp_path / "config"))
    env.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox")
    out = tmp_path / "wall.png"
    r = subprocess.run([sys.executable, str(ROOT / "main.py"), "--settings", str(tmp_path / "s.ini"), "--demo",
                        "--wall", "--rotate", "20", "--screenshot", str(out), "--wall-size", "3840x2160"],
                       cwd=ROOT, env=env, capture_output=True, text=True, timeout=240)
    assert r.returncode == 0, r.stdout[-1500:] + r.stderr[-3000:]
    assert "Traceback" not in r.stderr, r.stderr[-3000:]
    assert f"已保存截图 {out}" in r.stdout
    img = QImage(str(out))
    assert (img.width(), img.height()) == (3840, 2160)
    assert img.pixelColor(3, 3).name() == "#000000"  # the dark wall, not the console window
