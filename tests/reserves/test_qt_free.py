from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def test_reserves_import_no_qt():
    """console/ must stay Qt-free: importing the reserves modules pulls in no GUI toolkit."""
    code = (
        "import sys\n"
        "import console.reserves.catalogue, console.reserves.roads, console.reserves.allocation\n"
        "import console.reserves.importing, console.reserves.alerts\n"
        "bad = [m for m in ('PySide6', 'pyqtgraph', 'qasync', 'shiboken6') if m in sys.modules]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).parents[2])
