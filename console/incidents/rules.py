"""What a duty officer must still act on: the console's rules over the engine's deadlines.

One definition for the live console (list, markers, detail) and for the review of a past
instant, so the two never disagree about what was overdue.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from console.plan.engine import IncidentState
from console.plan.records import Deadline, Task


def outstanding(d: Deadline, state: IncidentState) -> bool:
    """Is a deadline still something to act on? Open ones are; a missed one is while what
    it asked for is still undone (the task open, no report of that kind yet, the
    consultation not concluded, the materials not delivered). A missed deadline whose task
    was done late is history, not an alarm: it must not keep the marker blinking. Nothing of a
    closed incident (结案、已排除) is: its countdowns stop."""
    if state.closed:
        return False
    status = d.get("status")
    if status == "open":
        return True
    if status != "missed":
        return False
    kind = d.get("kind")
    if kind == "task":
        task = state.tasks.get(d.get("task", ""))
        return task is not None and task.get("status") == "open"
    if kind == "report":
        return not d.get("every") and state.reports.get(d.get("report_kind", ""), 0) == 0
    if kind == "consult":
        consultation = state.consultations.get(d.get("question", ""))
        return consultation is None or consultation.get("status") != "concluded"
    if kind == "report_hop":  # one hop of a reporting chain: until it is reported (迟报 too)
        return d.get("forwarded_at") is None
    if kind == "materials":
        req = next((m for m in state.materials if m.get("id") == d.get("request")), None)
        return req is None or req.get("status") != "delivered"
    return True


def is_overdue(d: Deadline, state: IncidentState, now: datetime) -> bool:
    """Outstanding and past due (recorded as missed, or due before ``now``). A 立即 (immediate)
    deadline is never overdue by the clock: it is shown first, as 「立即」."""
    return outstanding(d, state) and (d.get("status") == "missed"
                                      or (d["due_at"] < now and not d.get("immediate", False)))


def overdue_deadlines(state: IncidentState, now: datetime) -> list[Deadline]:
    """The deadlines overdue at ``now``, the earliest due first."""
    return sorted((d for d in state.deadlines.values() if is_overdue(d, state, now)),
                  key=lambda d: (d["due_at"], d["id"]))


def most_urgent(state: IncidentState) -> Deadline | None:
    """The deadline to show in a list: a missed one first, else the earliest due (None: nothing open).
    A 立即 (immediate) deadline has no countdown: it is shown in the incident, never as the next due."""
    live = [d for d in state.deadlines.values() if outstanding(d, state) and not d.get("immediate", False)]
    return min(live, key=lambda d: (d["status"] != "missed", d["due_at"])) if live else None


#: How soon a task is to be acknowledged (签收) by its unit when the plan does not say (``ack_within``).
ACK_WITHIN = timedelta(minutes=10)


def ack_window(task: Task) -> timedelta:
    """How long a task may stay unacknowledged: the plan's ``ack_within``, else :data:`ACK_WITHIN`."""
    seconds = task.get("ack_within")
    return timedelta(seconds=seconds) if seconds is not None else ACK_WITHIN


def ack_overdue(task: Task, now: datetime) -> bool:
    """An open task nobody has acknowledged (签收) within its window: flagged in the task list."""
    return task["status"] == "open" and task.get("acked_at") is None and now - task["created_at"] > ack_window(task)
