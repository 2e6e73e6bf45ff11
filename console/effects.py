"""Plan effects carried out by the core, in the command's own transaction.

The engine is pure: a step returns effects (a task created, a report falling due, a
consultation requested, materials to send, a notice to give). The plan state already holds
what the engine itself tracks (tasks, deadlines, consultations, notices); a feature that keeps
records of its own registers a handler for the effect kinds it owns — the reserves turn a
``materials`` effect into a materials request — and the incident service runs the handlers
inside the transaction that writes the events: the event and what it caused commit together
or not at all, whoever issued the command (window, CLI, drill injector, deadline tick).
Viewing anything never writes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection

from console.changes import Topic


@dataclass
class EffectContext:
    """What a handler may use: the open transaction, the incident, and the topics it touched."""

    conn: Connection
    incident_id: str
    touched: set[Topic] = field(default_factory=set)


EffectHandler = Callable[[EffectContext, Mapping[str, Any]], None]


class EffectHandlers:
    """Handlers by effect kind; each feature registers its own (see :mod:`console.app`)."""

    def __init__(self) -> None:
        self._by_kind: dict[str, list[EffectHandler]] = {}

    def register(self, kind: str, handler: EffectHandler) -> None:
        self._by_kind.setdefault(kind, []).append(handler)

    def kinds(self) -> frozenset[str]:
        return frozenset(self._by_kind)

    def run(self, ctx: EffectContext, effects: Sequence[Mapping[str, Any]]) -> None:
        """Run every handler for every effect, in order; an exception aborts the transaction."""
        for effect in effects:
            for handler in self._by_kind.get(str(effect.get("kind")), ()):
                handler(ctx, effect)
