"""Test-wide settings: Qt offscreen, and a fresh data directory per test session."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox")
os.environ.setdefault("QT_QUICK_BACKEND", "software")  # as main.py runs the console
