"""Run every benchmark: ``python -m bench`` (or ``make bench``). Prints one table.

Each ``bench/bench_*.py`` exposes ``run() -> list[dict]`` with rows
``{name, value, unit, target, met}``; figures go into docs/benchmarks.md by hand, with the
machine and the date.
"""

from __future__ import annotations

import importlib
import platform
import sys
import traceback
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    wanted = set(argv)
    names = sorted(p.stem for p in HERE.glob("bench_*.py"))
    print(f"# {date.today()} · {platform.machine()} · {platform.processor() or platform.platform()}"
          f" · Python {platform.python_version()}")
    print(f"{'benchmark':<70} {'value':>12} {'unit':<8} {'target':<14} met")
    failed = False
    for name in names:
        if wanted and name not in wanted and name.removeprefix("bench_") not in wanted:
            continue
        try:
            rows = importlib.import_module(f"bench.{name}").run()
        except Exception:
            failed = True
            print(f"{name}: failed\n{traceback.format_exc()}")
            continue
        for r in rows:
            v = r["value"]
            shown = f"{v:.4g}" if isinstance(v, float) else str(v)
            met = {True: "yes", False: "NO", None: "—"}[r.get("met")]
            print(f"{r['name']:<70} {shown:>12} {r['unit']:<8} {str(r.get('target') or ''):<14} {met}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
