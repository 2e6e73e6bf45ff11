"""``fds-console``: start the window of an installed console.

The window's entry point is ``main.py`` (``python main.py --demo`` from a checkout); an installed
console carries it as a data file (console.paths), and this runs it with the same arguments.
"""

from __future__ import annotations

import runpy
import sys

from console.paths import data_root


def main() -> int:
    path = data_root() / "main.py"
    if not path.is_file():
        print(f"找不到指挥台主程序 {path}（安装不完整，请重新安装）", file=sys.stderr)
        return 2
    namespace = runpy.run_path(str(path), run_name="fds_console_main")
    return int(namespace["main"](sys.argv[1:]))
