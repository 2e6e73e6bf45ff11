"""House rules checked mechanically: a Qt-free core, plans as data, an engine without a wall clock."""

from __future__ import annotations

import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import console

ROOT = Path(__file__).resolve().parents[1]


def test_every_console_module_imports_with_qt_blocked():
    modules = [m.name for m in pkgutil.walk_packages(console.__path__, "console.")
               if ".migrations" not in m.name and not m.name.endswith("__main__")]
    assert len(modules) > 15
    code = ("import sys\n"
            "for name in ('PySide6', 'pyqtgraph', 'qasync', 'shiboken6'):\n"
            "    sys.modules[name] = None  # importing any of them now raises ImportError\n"
            f"import importlib\nfor m in {modules!r}:\n    importlib.import_module(m)\n"
            "print('ok')\n")
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "ok"


def test_no_eval_or_exec_and_no_wall_clock_in_the_engine():
    for path in (ROOT / "console").rglob("*.py"):
        text = path.read_text("utf-8")
        assert not re.search(r"(^|[^_.\w])(eval|exec)\(", text), path
    for path in (ROOT / "console" / "plan").rglob("*.py"):
        text = path.read_text("utf-8")
        assert "datetime.now(" not in text and "time.time()" not in text, path
