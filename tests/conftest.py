"""Test-wide settings: Qt offscreen, and a fresh data directory per test session."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if os.environ["QT_QPA_PLATFORM"] == "offscreen":
    # a desk's 1920×1080 screen rather than the plugin's 800×800: the window opens at the
    # screen's size (tests/ui/layout runs the 1280×800 one in its own process)
    _SCREEN = os.path.join(os.path.dirname(__file__), "ui", "layout", "screen-1920x1080.json")
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={_SCREEN}"
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox")
os.environ.setdefault("QT_QUICK_BACKEND", "software")  # as main.py runs the console
