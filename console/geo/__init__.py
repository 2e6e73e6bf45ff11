"""Geography for the console: jurisdictions (boundaries), the datum, distances.

Qt-free on purpose: the CLI, the plan engine and tests use it without a window.
Everything is GCJ-02; see :mod:`console.geo.coords`.
"""

from __future__ import annotations
