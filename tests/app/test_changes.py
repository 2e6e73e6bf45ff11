"""Change sets: which topics each event type touches, and how a view asks about them."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from console.changes import LOCAL, REMOTE, ChangeHub, ChangeSet, Topic, topics_of

PLAN_STEP = {Topic.INCIDENTS, Topic.STATE, Topic.TIMELINE}


@dataclass(frozen=True)
class Ev:
    seq: int
    stream: str
    type: str


@pytest.mark.parametrize(("event_type", "topics"), [
    ("open", PLAN_STEP), ("fire", PLAN_STEP), ("facts", PLAN_STEP), ("decide_level", PLAN_STEP),
    ("complete_task", PLAN_STEP), ("deadline_missed", PLAN_STEP),
    ("submit_report", PLAN_STEP | {Topic.REPORTS}),
    ("consult_concluded", PLAN_STEP | {Topic.CONSULTATIONS}),
    ("materials_delivered", PLAN_STEP | {Topic.REQUESTS}),
    ("note", {Topic.DUTY, Topic.TIMELINE}),
    ("log.report_corrected", {Topic.REPORTS, Topic.TIMELINE}),
    ("log.consult_opinion", {Topic.CONSULTATIONS, Topic.TIMELINE}),
    ("log.materials_dispatched", {Topic.REQUESTS, Topic.STOCK, Topic.TIMELINE}),
    ("log.area", {Topic.AREAS, Topic.TIMELINE}),
    ("log.handover", {Topic.DUTY, Topic.TIMELINE}),
    ("log.inject", {Topic.DRILL, Topic.TIMELINE}),
    ("log.something_new", {Topic.TIMELINE}),
    ("a_future_plan_event", PLAN_STEP),
])
def test_topics_of_each_event_type(event_type: str, topics: set[Topic]) -> None:
    assert topics_of(event_type) == topics


def test_from_events_collects_incidents_types_and_positions_in_order() -> None:
    cs = ChangeSet.from_events([Ev(7, "A", "fire"), Ev(8, "A", "note"), Ev(9, "B", "log.area")], origin=REMOTE)
    assert cs.incidents == {"A", "B"} and cs.event_types == {"fire", "note", "log.area"}
    assert cs.seqs == (7, 8, 9) and cs.origin == REMOTE
    assert cs.topics == PLAN_STEP | {Topic.DUTY, Topic.AREAS}


def test_touches_filters_by_topic_and_incident() -> None:
    duty_note = ChangeSet.from_events([Ev(1, "A", "note")])
    assert duty_note.touches(Topic.DUTY) and duty_note.touches(Topic.DUTY, incident="A")
    assert not duty_note.touches(Topic.DUTY, incident="B")
    assert not duty_note.touches(Topic.INCIDENTS, Topic.STATE, Topic.AREAS)  # the map and list are left alone
    centre = ChangeSet.of(Topic.DUTY)  # no incident named: every incident's view may show it
    assert centre.touches(Topic.DUTY, incident="B") and centre.incidents == frozenset()
    # an empty change set is falsy, a change set with a topic is not
    assert not ChangeSet() and ChangeSet.of(Topic.STOCK)


def test_merging_keeps_everything_and_local_only_when_both_are_local() -> None:
    a = ChangeSet.from_events([Ev(1, "A", "fire")])
    b = ChangeSet.of(Topic.REQUESTS, incidents=["A"])
    merged = a | b
    assert merged.topics == PLAN_STEP | {Topic.REQUESTS} and merged.seqs == (1,) and merged.origin == LOCAL
    assert (a | ChangeSet.of(Topic.STOCK, origin=REMOTE)).origin == REMOTE


def test_hub_unsubscribe_and_empty_changes_are_not_published() -> None:
    hub = ChangeHub()
    got: list[ChangeSet] = []
    stop = hub.subscribe(got.append)
    hub.publish(ChangeSet())
    hub.publish(ChangeSet.of(Topic.STOCK))
    stop()
    hub.publish(ChangeSet.of(Topic.STOCK))
    assert got == [ChangeSet.of(Topic.STOCK)]
