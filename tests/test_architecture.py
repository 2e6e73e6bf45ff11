"""House rules checked mechanically: a Qt-free core, plans as data, an engine without a wall clock."""

from __future__ import annotations

import ast
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


# -- no private names across modules ---------------------------------------------------------

# Private names of other libraries the code cannot do without, each with its reason.
ALLOWED_PRIVATE = {
    "_SubParsersAction": "argparse: the type of add_subparsers() has no public name",
}
# Private names still used across modules in files another change is splitting; to be tightened.
ALLOWED_PRIVATE_IN = {
    ("console/drills/cli.py", "_shown"): "the headless drill marks the injects it printed",
}


def _is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _defined_here(tree: ast.Module) -> set[str]:
    """Private names a module defines itself: its functions and methods, class attributes,
    slots and ``self._x`` attributes. A module may use those on any object (its own classes)."""
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            out.add(node.name)
            if isinstance(node, ast.ClassDef):
                for item in node.body:
                    if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                        out.add(item.target.id)
                    elif isinstance(item, ast.Assign):
                        out.update(t.id for t in item.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store) \
                and isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"):
            out.add(node.attr)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            out.update(t.id for t in targets if isinstance(t, ast.Name))
    return {n for n in out if _is_private(n)}


def private_uses(path: Path) -> list[str]:
    """``from x import _name`` and ``obj._name`` (obj not self/cls) of names defined elsewhere."""
    rel = path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else path.name
    tree = ast.parse(path.read_text("utf-8"), str(path))
    own = _defined_here(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            names = [a.name for a in node.names if _is_private(a.name)]
            found += [f"{rel}:{node.lineno}: from {node.module} import {n}" for n in names
                      if n not in ALLOWED_PRIVATE and (rel, n) not in ALLOWED_PRIVATE_IN]
        elif isinstance(node, ast.Attribute) and _is_private(node.attr):
            if isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"):
                continue
            if node.attr in own or node.attr in ALLOWED_PRIVATE or (rel, node.attr) in ALLOWED_PRIVATE_IN:
                continue
            found.append(f"{rel}:{node.lineno}: {ast.unparse(node)}")
    return found


def test_no_private_names_across_modules():
    files = sorted((ROOT / "console").rglob("*.py")) + sorted((ROOT / "ui").rglob("*.py"))
    assert len(files) > 100
    found = [use for f in files for use in private_uses(f)]
    assert not found, "private names used outside their module (give them a public name):\n" + "\n".join(found)


def test_the_private_name_check_finds_what_it_should(tmp_path):
    bad = tmp_path / "probe.py"  # parsed only, never imported
    src = ("from console.plan.loader import _load, load_plan\n"
           "from console.reserves.readiness import depots_for_map as _depots\n"
           "class Mine:\n    _kept: int = 0\n"
           "    def __init__(self):\n        self._own = 1\n"
           "def f(ledger, other: Mine):\n"
           "    ledger._post()\n    other._kept\n    other._own\n    other.__class__\n")
    bad.write_text(src, "utf-8")
    found = private_uses(bad)
    assert [u.split(": ", 1)[1] for u in found] == ["from console.plan.loader import _load", "ledger._post"]


# -- typing ------------------------------------------------------------------------------------

# The modules mypy does not yet check strictly ([tool.mypy.overrides] in pyproject.toml). The
# list only shrinks: a module leaves it once it passes strict, none joins it.
NOT_YET_STRICT = {
    "console.auth.*", "console.consultations.*", "console.demo.*",
    "console.documents.*", "console.drills.*", "console.duty.*", "console.experts.*", "console.geo.*",
    "console.reports.*", "console.reserves.*",
    "console.review.*", "console.sync.*", "console.timeline.*", "console.cli", "console.__main__",
    "console.incidents.cli", "console.plan.cli", "console.store.cli",
}


def test_the_not_yet_strict_list_only_shrinks():
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["mypy"]
    assert config["strict"] is True
    relaxed = [o for o in config["overrides"] if o.get("disallow_untyped_defs") is False]
    assert len(relaxed) == 1
    modules = set(relaxed[0]["module"])
    assert modules <= NOT_YET_STRICT, f"newly relaxed (make them strict instead): {sorted(modules - NOT_YET_STRICT)}"
    core = {"console.plan", "console.store", "console.incidents", "console.app", "console.changes",
            "console.effects", "console.errors", "console.clock"}
    assert not {m.removesuffix(".*") for m in modules} & core
