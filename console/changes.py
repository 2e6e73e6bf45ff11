"""Change sets: what a command touched, so that every view redraws only what changed.

Every write in the console ends in a :class:`ChangeSet` — the incidents it touched, the event
types it wrote and the *topics* (aggregates) those events change: the incident list, an
incident's plan state, its reports, consultations, duty log, materials, affected area, the
stock, the expert registry. The same change set comes from a local command and from another
console's events arriving through the change feed (``origin``), so a panel has one rule for
both: redraw when a topic it shows was touched for the incident it shows.

This is Anki's ``OpChanges`` for the console: the core says what changed, each view decides.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

log = logging.getLogger(__name__)


class Topic(StrEnum):
    """An aggregate a change can touch (what a view may have to redraw)."""

    INCIDENTS = "incidents"  # the list: an incident received, its level, status or next deadline
    STATE = "state"  # an incident's plan state: current step, facts, tasks, deadlines, actions
    TIMELINE = "timeline"  # an incident's log gained an entry
    REPORTS = "reports"  # information reports (初报/续报/核报/终报)
    CONSULTATIONS = "consultations"  # expert consultations (专家会商)
    DUTY = "duty"  # the duty log (应急值守): notes and shift handovers
    REQUESTS = "requests"  # materials requests and their dispatch (物资申请)
    STOCK = "stock"  # depots, lots and movements (应急物资储备)
    AREAS = "areas"  # an incident's affected area on the map
    EXPERTS = "experts"  # the expert registry (专家库)
    CONTACTS = "contacts"  # the directory (通讯录) and the notification log (通知记录)
    DRILL = "drill"  # a drill's own records (injects, evaluation, hotwash)
    ROOM = "room"  # the room: instructions (批示/指令), assignments, alarm acknowledgements
    PLANS = "plans"  # the plan library (预案库): a plan added, retired or restored
    SITE = "site"  # the centre's jurisdiction (辖区), kept with the database
    IMPROVEMENTS = "improvements"  # the improvement register (整改台账) and the annual drill plan
    REFERENCE = "reference"  # reference data: townships, regulated entities, specialty synonyms


LOCAL = "local"
REMOTE = "remote"

_PLAN_STEP = frozenset({Topic.INCIDENTS, Topic.STATE, Topic.TIMELINE})
# Plan-engine events and the log entries of each feature, by event type.
_BY_TYPE: dict[str, frozenset[Topic]] = {
    "open": _PLAN_STEP,
    "fire": _PLAN_STEP,
    "facts": _PLAN_STEP,
    "decide_level": _PLAN_STEP,
    "complete_task": _PLAN_STEP,
    "reopen_task": _PLAN_STEP,
    "acknowledge_task": _PLAN_STEP,
    "deadline_missed": _PLAN_STEP,
    "approval_decided": _PLAN_STEP,  # 上级批复 (plan format 2)
    "submit_report": _PLAN_STEP | {Topic.REPORTS},
    "forward_report": _PLAN_STEP | {Topic.REPORTS},
    "consult_concluded": _PLAN_STEP | {Topic.CONSULTATIONS},
    "materials_delivered": _PLAN_STEP | {Topic.REQUESTS},
    "note": frozenset({Topic.DUTY, Topic.TIMELINE}),
    "link_incident": _PLAN_STEP,  # 关联事件 / 移交 (both incidents' logs, one transaction)
    "unlink_incident": _PLAN_STEP,
    "linked_facts": _PLAN_STEP,
    "merged_into": _PLAN_STEP,  # 并入: closes the incident
}
# ``log.*`` entries change no plan state: their prefix names the feature that wrote them.
_BY_PREFIX: tuple[tuple[str, frozenset[Topic]], ...] = (
    ("log.report", frozenset({Topic.REPORTS, Topic.TIMELINE})),
    ("log.consult", frozenset({Topic.CONSULTATIONS, Topic.TIMELINE})),
    ("log.materials", frozenset({Topic.REQUESTS, Topic.STOCK, Topic.TIMELINE})),
    ("log.area", frozenset({Topic.AREAS, Topic.TIMELINE})),
    ("log.handover", frozenset({Topic.DUTY, Topic.TIMELINE})),
    ("log.duty", frozenset({Topic.DUTY, Topic.TIMELINE})),
    ("log.inject", frozenset({Topic.DRILL, Topic.TIMELINE})),
    ("log.drill", frozenset({Topic.DRILL, Topic.TIMELINE})),
    ("log.evaluation", frozenset({Topic.DRILL, Topic.TIMELINE})),
    ("log.hotwash", frozenset({Topic.DRILL, Topic.TIMELINE})),
    ("log.improvement", frozenset({Topic.DRILL, Topic.TIMELINE})),
    # the centre's own streams (see CENTRE_STREAMS), each event written with its table's row:
    ("stock.", frozenset({Topic.STOCK})),  # the stock ledger's movements
    ("duty.", frozenset({Topic.DUTY})),  # a centre-level duty note or handover
    ("experts.", frozenset({Topic.EXPERTS})),  # the expert registry
    ("contacts.", frozenset({Topic.CONTACTS})),  # the directory and the notification log
    # the room: instructions and assignments are shown on the incident's timeline too
    ("room.instruction", frozenset({Topic.ROOM, Topic.TIMELINE})),
    ("room.assign", frozenset({Topic.ROOM, Topic.TIMELINE})),
    ("room.report_draft", frozenset({Topic.ROOM, Topic.REPORTS})),  # a report draft started or saved
    ("room.seat_", frozenset({Topic.ROOM, Topic.TIMELINE})),  # a seat joined or left
    ("room.", frozenset({Topic.ROOM})),  # an alarm acknowledged
    ("library.", frozenset({Topic.PLANS})),  # the plan library
    ("site.", frozenset({Topic.SITE})),  # the jurisdiction set (console.site)
    ("improvements.", frozenset({Topic.IMPROVEMENTS})),  # the improvement register (console.improvements)
    # reference data (console.reference): a depot's status and the minimums are stock too
    ("reference.depot", frozenset({Topic.REFERENCE, Topic.STOCK})),
    ("reference.minimum", frozenset({Topic.REFERENCE, Topic.STOCK})),
    ("reference.", frozenset({Topic.REFERENCE})),
)
_TIMELINE_ONLY = frozenset({Topic.TIMELINE})
# Streams of the centre as a whole: a change in one names no incident.
CENTRE_STREAMS = frozenset({"reserves", "duty", "experts", "contacts", "admin", "auth", "room", "library", "site",
                            "improvements", "reference"})


def topics_of(event_type: str) -> frozenset[Topic]:
    """The topics an event of this type touches (an unknown ``log.*`` entry: the timeline)."""
    found = _BY_TYPE.get(event_type)
    if found is not None:
        return found
    for prefix, topics in _BY_PREFIX:
        if event_type.startswith(prefix):
            return topics
    return _PLAN_STEP if not event_type.startswith("log.") else _TIMELINE_ONLY


class _Stored(Protocol):
    """What a change set needs of a stored event (``console.store.eventlog.StoredEvent``)."""

    @property
    def seq(self) -> int: ...
    @property
    def stream(self) -> str: ...
    @property
    def type(self) -> str: ...


@dataclass(frozen=True)
class ChangeSet:
    """What one command (or one batch of another console's events) changed."""

    topics: frozenset[Topic] = frozenset()
    incidents: frozenset[str] = frozenset()  # the incidents touched (empty: none in particular)
    event_types: frozenset[str] = frozenset()
    seqs: tuple[int, ...] = ()  # the log positions written, in order (empty: no event)
    origin: str = LOCAL  # LOCAL (this console) or REMOTE (another console, through the feed)

    @classmethod
    def of(cls, *topics: Topic, incidents: Iterable[str] = (), origin: str = LOCAL) -> ChangeSet:
        """A change that wrote no event (a depot, a materials request)."""
        return cls(frozenset(topics), frozenset(incidents) - CENTRE_STREAMS, origin=origin)

    @classmethod
    def from_events(cls, events: Iterable[_Stored], *, origin: str = LOCAL) -> ChangeSet:
        evs = list(events)
        topics: set[Topic] = set()
        types = {e.type for e in evs}
        for t in types:
            topics |= topics_of(t)
        return cls(frozenset(topics), frozenset(e.stream for e in evs) - CENTRE_STREAMS, frozenset(types),
                   tuple(e.seq for e in evs), origin)

    def __bool__(self) -> bool:
        return bool(self.topics)

    def __or__(self, other: ChangeSet) -> ChangeSet:
        return ChangeSet(self.topics | other.topics, self.incidents | other.incidents,
                         self.event_types | other.event_types, self.seqs + other.seqs,
                         self.origin if self.origin == other.origin else REMOTE)

    def touches(self, *topics: Topic, incident: str | None = None) -> bool:
        """Whether any of ``topics`` changed (for ``incident``, when given and the change names any)."""
        if not self.topics.intersection(topics):
            return False
        return incident is None or not self.incidents or incident in self.incidents


Listener = Callable[[ChangeSet], None]


@dataclass
class ChangeHub:
    """Where every committed change is announced, Qt-free (the window's bus listens here).

    Services publish after their transaction commits, on the thread that ran the command.
    A listener that raises does not stop the others, nor undo the command.
    """

    _listeners: list[Listener] = field(default_factory=list)
    errors: list[BaseException] = field(default_factory=list)

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def publish(self, changes: ChangeSet) -> None:
        if not changes:
            return
        for listener in list(self._listeners):
            try:
                listener(changes)
            except Exception as exc:  # noqa: BLE001 — the change is committed whatever a view does
                log.exception("a change listener failed")
                self.errors.append(exc)
                del self.errors[:-20]
