"""Load and check every shipped plan (``plans/*.yaml``): the time ``plan check`` and the
console's start-up spend on plans. Target: ≤ 100 ms for all of them together, warm.

Also reported: the first (cold) load, which builds the JSON Schema validator and reads the
reserves catalogue once per process, and how the warm time splits between YAML parsing,
schema validation and compiling/checking; and ``plan upgrade`` of the municipal plan written in
``emergency-plan/1`` (both texts loaded and checked, the ruamel.yaml composition, the insertions
and the diff).

Run: ``python -m bench.bench_plans``. ``run()`` returns rows for ``python -m bench``.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
TARGET_MS = 100.0


def _row(name: str, value: float, unit: str, target: str = "", met: bool | None = None) -> dict[str, Any]:
    return {"name": name, "value": round(value, 3), "unit": unit, "target": target, "met": met}


def run() -> list[dict[str, Any]]:
    t = time.perf_counter()
    from console.plan import loader
    from console.plan.loader import load_plan_with_warnings
    from console.plan.schema import schema_errors
    from console.plan.yamlpos import load_positioned
    from console.reserves import shipped_catalogue  # installs it for the plans, as the console does

    import_ms = (time.perf_counter() - t) * 1000
    paths = sorted((ROOT / "plans").glob("*.yaml"))
    loader.clear_cache()
    t = time.perf_counter()
    for p in paths:
        load_plan_with_warnings(p)
    cold_ms = (time.perf_counter() - t) * 1000

    def warm(cached: bool) -> float:
        if not cached:
            loader.clear_cache()  # every file parsed, validated and compiled again
        t = time.perf_counter()
        for p in paths:
            load_plan_with_warnings(p)
        return (time.perf_counter() - t) * 1000

    warm_ms = min(warm(False) for _ in range(10))
    cached_ms = min(warm(True) for _ in range(10))
    texts = [p.read_text("utf-8") for p in paths]
    docs = [load_positioned(x) for x in texts]

    def part(fn) -> float:
        best = float("inf")
        for _ in range(10):
            t = time.perf_counter()
            fn()
            best = min(best, (time.perf_counter() - t) * 1000)
        return best

    yaml_ms = part(lambda: [load_positioned(x) for x in texts])
    schema_ms = part(lambda: [schema_errors(d) for d in docs])
    catalogue_ms = part(shipped_catalogue)

    from console.plan.upgrade import upgrade_text

    v1 = (ROOT / "plans" / "food-municipal.yaml").read_text("utf-8").replace(
        "format: emergency-plan/2", "format: emergency-plan/1", 1)

    def upgrade() -> None:
        loader.clear_cache()  # both texts loaded and checked afresh, as `plan upgrade` does once
        upgrade_text(v1, "food-municipal-format1.yaml")

    upgrade_ms = part(upgrade)
    n = len(paths)
    return [
        _row("plans: import loader (+jsonschema-rs, yaml)", import_ms, "ms"),
        _row(f"plans: load+check {n} shipped plans, cold (first in process)", cold_ms, "ms"),
        _row(f"plans: load+check {n} shipped plans, warm (validator built)", warm_ms, "ms", f"≤ {TARGET_MS:g} ms",
             warm_ms <= TARGET_MS),
        _row(f"plans: load {n} shipped plans again (same bytes: compiled-plan cache)", cached_ms, "ms"),
        _row("plans: of which YAML parse (positioned)", yaml_ms, "ms"),
        _row("plans: of which JSON Schema validation", schema_ms, "ms"),
        _row(f"plans: of which reserves catalogue load ({n}×)", catalogue_ms * n, "ms"),
        _row("plans: of which compile + static checks (rest)", max(warm_ms - yaml_ms - schema_ms - catalogue_ms * n, 0),
             "ms"),
        _row("plans: upgrade the municipal plan 1 → 2 (load both, edit, diff)", upgrade_ms, "ms"),
    ]


if __name__ == "__main__":
    print(f"{'benchmark':<66} {'value':>9} {'unit':<5} {'target':<10} met")
    for r in run():
        met = {True: "yes", False: "NO", None: "—"}[r["met"]]
        print(f"{r['name']:<66} {r['value']:>9.2f} {r['unit']:<5} {r['target']:<10} {met}")
