"""食品药品安全应急指挥台 — the Qt-free core of the command console.

Everything a user can do in the window can be done through this package alone:
plans, the plan engine, the event log, domain services and the CLI.
"""

__version__ = "0.1.0"
