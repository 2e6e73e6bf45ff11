"""Where the console's shipped files are: the plans, drill scenarios and resources (the
material catalogue, the demo data, reference lists, sample files) and ``main.py``.

From a checkout they sit next to the ``console`` package. An installed console (the wheel from
``make dist``, see docs/install.md) carries them as data files under
``<prefix>/share/fds-console``. ``FDS_CONSOLE_DATA`` names another directory.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

INSTALLED_SUBDIR = ("share", "fds-console")


def data_root() -> Path:
    """The directory holding ``plans/``, ``scenarios/`` and ``resources/``."""
    env = os.environ.get("FDS_CONSOLE_DATA")
    if env:
        return Path(env)
    checkout = Path(__file__).resolve().parents[1]
    if (checkout / "resources").is_dir():
        return checkout
    installed = Path(sys.prefix).joinpath(*INSTALLED_SUBDIR)
    if (installed / "resources").is_dir():
        return installed
    return checkout


def resources_dir() -> Path:
    return data_root() / "resources"


def plans_dir() -> Path:
    return data_root() / "plans"


def scenarios_dir() -> Path:
    return data_root() / "scenarios"
