"""The two-window race (two consoles, one incident, one database — SQLite file and PostgreSQL):
seat A sends 派员核实 and seat B sends 排除, both from the version on their screens, at the same
moment. Exactly one is accepted; the other is refused naming who changed the incident and when,
writes nothing, and that seat reads the new state. The PostgreSQL case is skipped, saying so,
when no server answers at 127.0.0.1:5432."""

from __future__ import annotations

import threading
from typing import Any

from console.store.eventlog import StaleAppend
from tests.room.conftest import open_new


def test_exactly_one_of_two_simultaneous_commands_is_accepted(console, other) -> None:  # noqa: ANN001
    iid = open_new(console)
    v = console.incidents.summary(iid).version
    assert other.incidents.summary(iid).version == v  # both screens show version v
    start = threading.Barrier(2)
    outcome: dict[str, Any] = {}

    def send(name: str, seat: Any, event: str, actor: str, role: str) -> None:
        start.wait()
        try:
            seat.incidents.command(iid, "fire", {"event": event}, actor=actor, role=role, expected_version=v)
            outcome[name] = "accepted"
        except StaleAppend as exc:
            outcome[name] = exc

    a = threading.Thread(target=send, args=("A", console, "dispatch", "值班员甲", "duty_officer"))
    b = threading.Thread(target=send, args=("B", other, "dismiss", "张指挥", "commander"))
    a.start()
    b.start()
    a.join(30)
    b.join(30)
    assert sorted(k for k, x in outcome.items() if x == "accepted") in (["A"], ["B"]), outcome
    winner = "A" if outcome["A"] == "accepted" else "B"
    loser = "B" if winner == "A" else "A"
    refused = outcome[loser]
    assert isinstance(refused, StaleAppend)
    who = "值班员甲" if winner == "A" else "张指挥"
    assert refused.last_actor == who and who in str(refused) and refused.last_recorded_at is not None
    now = console.incidents.summary(iid).version
    assert (refused.expected, refused.actual) == (v, now)
    # only the winner's command was written (排除 with its end_tasks record); both seats read the new state
    evs = list(console.log.read(iid, after_version=v))
    assert {e.actor for e in evs} == {who}
    first = evs[0]
    assert (first.type, first.payload["data"].get("event")) == ("fire", "dispatch" if winner == "A" else "dismiss")
    assert [e.type for e in evs] == (["fire"] if winner == "A" else ["fire", "end_tasks"])
    seen = other.incidents.state(iid) if loser == "B" else console.incidents.state(iid)
    assert seen.version == now == other.incidents.summary(iid).version
    assert seen.closed == (winner == "B") and (seen.leaf == "verifying") == (winner == "A")
    assert console.log.verify().ok


def test_the_refused_seat_is_told_what_changed(console, other) -> None:  # noqa: ANN001
    """Sequenced: B's 排除 lands first; A's 派员核实 from the same version is refused with who,
    what (the event's title from the log) and when."""
    iid = open_new(console)
    v = console.incidents.summary(iid).version
    other.incidents.command(iid, "fire", {"event": "dismiss"}, actor="张指挥", role="commander", expected_version=v)
    try:
        console.incidents.command(iid, "fire", {"event": "dispatch"}, actor="值班员甲", role="duty_officer",
                                  expected_version=v)
    except StaleAppend as exc:
        refused = exc
    else:  # pragma: no cover
        raise AssertionError("a command from a stale version was accepted")
    assert refused.last_actor == "张指挥" and "张指挥" in str(refused)
    changed = [e for e in console.log.read(iid, after_version=refused.expected)]
    plan = console.incidents.plan_for(iid)
    assert [plan.event_title(e.payload["data"]["event"]) for e in changed if e.type == "fire"] == [
        plan.event_title("dismiss")]
    assert console.incidents.state(iid).closed and console.incidents.summary(iid).version == v + 2  # 排除 + end_tasks
