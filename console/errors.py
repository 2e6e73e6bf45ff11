"""Refusals: one base for every request the console refuses, with a Chinese reason.

A :class:`Refused` is the console saying no to what a person asked for — a command the plan
does not allow, a bad form or import file, a stale edit, a database it cannot use. Its
``reason`` (also ``str(exc)``) is shown to the user as it is, and nothing was written. A
window or a command line catches ``Refused`` and shows the reason; anything else that
escapes is a bug and keeps its traceback. Programming errors (a caller passing the wrong
type, an internal invariant broken) are never ``Refused``.
"""

from __future__ import annotations

from dataclasses import dataclass


class Refused(Exception):
    """A request the console refuses; ``reason`` (Chinese, ``== str(exc)``) says why.

    Subclasses keep their own base classes too (``class DurationError(Refused, ValueError)``),
    so existing ``except ValueError`` clauses still catch them.
    """

    reason: str

    def __init__(self, reason: str, *args: object) -> None:
        super().__init__(reason, *args)
        self.reason = reason

    def __str__(self) -> str:
        return self.reason


class RecordError(Refused):
    """A refused request of the records services. Nothing was written."""


@dataclass(frozen=True)
class Problem:
    """One problem in the input: which field (and row, for imports) and what is wrong."""

    field: str
    label: str
    message: str
    row: int | None = None

    def __str__(self) -> str:
        where = f"第 {self.row} 行" if self.row is not None else ""
        return f"{where}「{self.label}」{self.message}" if self.label else f"{where}{self.message}"


class InvalidInput(RecordError):
    """Several problems at once (a form or an import file); nothing was written."""

    def __init__(self, problems: list[Problem], heading: str = "输入有误"):
        self.problems = list(problems)
        shown = "；".join(str(p) for p in self.problems[:20])
        more = f"；另有 {len(self.problems) - 20} 处问题" if len(self.problems) > 20 else ""
        super().__init__(f"{heading}：{shown}{more}")

    def by_field(self) -> dict[str, str]:
        """The first message for each field (the form shows them inline)."""
        out: dict[str, str] = {}
        for p in self.problems:
            out.setdefault(p.field, p.message)
        return out


class OutOfBounds(Refused):
    """An input beyond its bounds — a number, a time, a position, a text's length — refused
    before anything is written. ``field`` names it (a Chinese label, as the reason does)."""

    field: str = ""


class ValueOutOfBounds(OutOfBounds):
    """A number that is not finite, not a number or beyond its limit (a fact's ``max``)."""


class TimeOutOfBounds(OutOfBounds):
    """A time in the future, before the incident's last event, or back-filled unconfirmed."""


class PositionOutOfBounds(OutOfBounds):
    """Coordinates that are not finite, or beyond ±90° latitude / ±180° longitude."""


class OutsideJurisdiction(PositionOutOfBounds):
    """A position outside the jurisdiction's bounding box, not confirmed as such."""


class TextTooLong(OutOfBounds):
    """A text beyond its length limit (title, place, a note, a text fact)."""


class ProjectionMismatch(Refused):
    """The stored projection of an incident differs from its event log: the row was changed
    outside the console. The row has been rebuilt from the log; the command was not run."""
