"""The offline bundle: ``make dist`` (targets: ≤ 5 min) and installing from it (≤ 2 min).

Builds the whole bundle (Linux and Windows wheelhouses, the .deb) into a temporary directory,
then installs its Linux part with ``install.sh`` into a fresh directory with no pip index and no
pip configuration, as the offline test does (tests/dist). Reports the bundle's size too.

Run: ``python -m bench dist``. ``run()`` returns rows for ``python -m bench``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def _row(name: str, value: float, unit: str, target: str = "", met: bool | None = None) -> dict[str, Any]:
    return {"name": name, "value": round(value, 1), "unit": unit, "target": target, "met": met}


def run() -> list[dict[str, Any]]:
    rows = []
    with tempfile.TemporaryDirectory(prefix="fds-bench-dist-") as tmp:
        out = Path(tmp) / "dist"
        t = time.perf_counter()
        subprocess.run([sys.executable, str(ROOT / "tools" / "dist.py"), "--out", str(out)], check=True,
                       capture_output=True)
        build_s = time.perf_counter() - t
        rows.append(_row("make dist: whole bundle (Linux + Windows wheels, .deb)", build_s, "s", "≤ 300 s",
                         build_s <= 300))
        (bundle,) = out.glob("fds-console-*")
        size = sum(f.stat().st_size for f in bundle.rglob("*") if f.is_file()) / 1e6
        rows.append(_row("bundle size", size, "MB"))
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "VIRTUAL_ENV"))}
        env.update({"PIP_NO_INDEX": "1", "PIP_CONFIG_FILE": os.devnull,
                    "PYTHON": getattr(sys, "_base_executable", None) or shutil.which("python3") or sys.executable})
        t = time.perf_counter()
        subprocess.run(["sh", str(bundle / "install.sh"), str(Path(tmp) / "fds")], check=True, env=env,
                       capture_output=True)
        install_s = time.perf_counter() - t
        rows.append(_row("install.sh from the bundle, offline (venv + wheels + plan check)", install_s, "s",
                         "≤ 120 s", install_s <= 120))
    return rows


if __name__ == "__main__":
    for r in run():
        print(r)
