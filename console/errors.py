"""Refusals of the records services: one Chinese message naming what is wrong and where."""

from __future__ import annotations

from dataclasses import dataclass


class RecordError(Exception):
    """A refused request; ``str(exc)`` is shown to the user as it is. Nothing was written."""


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
