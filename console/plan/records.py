"""The records the plan engine keeps in an incident's state, key by key.

The engine writes them (:mod:`console.plan.engine`, ``_run_effects`` and the event handlers)
and never changes one in place: a changed record replaces the old one. Everyone else — the
incident rules, the review, the reports, the timeline, the window — reads them. They are plain
dicts (the state goes to JSON and back unchanged), typed here so that a key read anywhere is
checked against the keys the engine writes. Times are timezone-aware ``datetime`` values.
"""

# No ``from __future__ import annotations``: the types are evaluated at runtime, so that
# ``__required_keys__`` / ``__optional_keys__`` know which keys are NotRequired.
from datetime import datetime
from typing import Any, Literal, NotRequired, TypedDict

# not_needed (不再需要): still open when the incident reached a final state (format 2)
TaskStatus = Literal["open", "done", "not_needed"]
DeadlineKind = Literal["task", "report", "consult", "materials", "timer", "approval", "report_hop"]
# unfinished: still open when the incident closed (a format-2 deadline the plan did not cancel)
DeadlineStatus = Literal["open", "met", "missed", "cancelled", "expired", "unfinished"]
ConsultationStatus = Literal["requested", "concluded"]
MaterialsStatus = Literal["requested", "delivered"]


class Task(TypedDict):
    """A task given to a unit (``tasks`` by id ``T<n>``)."""

    id: str
    plan_id: str | None  # the task's id in the plan, when it has one
    unit: str
    title: str
    state: str  # the plan state whose effects created it
    created_at: datetime
    due_at: datetime | None  # None: no time limit
    status: TaskStatus
    done_at: datetime | None
    done_by: str | None
    note: Any  # the plan's note, or the one given on completion (text)
    ack_within: NotRequired[float]  # seconds: 签收 expected within this (when the plan says)
    acked_at: NotRequired[datetime]  # 签收: when the named unit or person acknowledged it
    acked_by: NotRequired[str]  # who acknowledged (as recorded: a person or unit, else the account)
    ack_recorded_by: NotRequired[str]  # the account that recorded the acknowledgement
    reopened_at: NotRequired[datetime]  # 撤销完成: the last time a completion was withdrawn
    reopened_by: NotRequired[str]
    reopen_reason: NotRequired[str]
    ended_at: NotRequired[datetime]  # not_needed: when the final state ended it (format 2)
    ended_reason: NotRequired[str]  # not_needed: why (「事件已排除：…」「响应已终止」)


class Deadline(TypedDict):
    """A time limit (``deadlines`` by id: the id of the task, report, consultation, materials
    request or timer it is for). The keys after ``every`` say what it is for, by ``kind``."""

    id: str
    kind: DeadlineKind
    title: str
    scope: str  # the plan state it belongs to (see cancel_on_exit)
    created_at: datetime
    anchor_at: datetime  # what the time limit is measured from
    due_at: datetime
    status: DeadlineStatus
    closed_at: datetime | None
    level: str | None  # the level when it was set
    fire: str | None  # the plan event fired when it is missed (a timer: when it expires)
    alert: str | None  # the alert raised when it is missed
    every: float | None  # seconds: a periodic report is due again one period later
    unit: NotRequired[str]  # kind task
    task: NotRequired[str]  # kind task
    report_kind: NotRequired[str]  # kind report
    to: NotRequired[str | None]  # kind report: to whom
    question: NotRequired[str]  # kind consult
    request: NotRequired[str]  # kind materials
    timer: NotRequired[str]  # kind timer: the timer's id in the plan
    approval: NotRequired[str]  # kind approval: the approval's id in the plan (format 2)
    # Format-2 plans: does leaving ``scope`` (and closing the incident) cancel it? Absent (a
    # format-1 plan): yes, always. False: it lasts until done — met, missed, or 未完成
    # ("unfinished") when the incident closed first.
    cancel_on_exit: NotRequired[bool]
    # Format-2 additions (console.plan.chain_engine). ``immediate``: 立即 — due at its anchor and
    # never recorded missed by the clock. ``anchor``: what it is measured from when that is not
    # the moment it was set (fact:, report:, hop:, task:, exit:); ``anchor_note`` says how the
    # time was taken (发现时间未填写，暂自接报时起算).
    immediate: NotRequired[bool]
    anchor: NotRequired[str]
    anchor_note: NotRequired[str]
    watch: NotRequired[str]  # a report due on a change (on_change): the watching effect's id
    # kind report_hop: one hop of a reporting chain (报送/转报), met by ``forward_report``
    report: NotRequired[str]  # the chain's id (the report effect's R<n>)
    hop: NotRequired[str]  # the hop's id in the plan
    hop_index: NotRequired[int]  # its place in the chain (0 first)
    report_title: NotRequired[str]  # the chain's report title (初报)
    by: NotRequired[str | None]  # who reports
    channel: NotRequired[str | None]  # the plan's channel (phone, document …)
    basis: NotRequired[str | None]
    forwarded_at: NotRequired[datetime]  # when it was reported (also after a miss: 迟报)
    forwarded_by: NotRequired[str]  # the account that recorded it
    forward_channel: NotRequired[str | None]  # the channel actually used, when given
    doc_no: NotRequired[str | None]
    forward_note: NotRequired[str | None]


class Deferred(TypedDict):
    """A deadline waiting for its anchor (``deferred``, in order): created when the anchor
    happens (a report first submitted, a hop reported, a task done, a state left); or, ``what``
    "on_change", a report effect watching facts / the level (it stays while its state lasts)."""

    id: str  # the deadline id it will have (R<n>, R<n>.<hop>, T<n> …); on_change: W<n>
    what: str  # DeadlineKind, or "on_change"
    title: str
    waits_for: str  # Chinese: 「初报」首次报送后 / 「事发单位→县级市场监管部门」报送后
    anchor: str  # report:initial, hop:R3.unit, task:ID, exit:STATE; on_change: ""
    effect: str  # the plan effect's path (Effect.path)
    scope: str
    cancel_on_exit: bool
    created_at: datetime
    ref: NotRequired[dict[str, Any]]  # what the deadline will be for (its keys after ``every``)
    report: NotRequired[str]  # a hop: its chain's id
    hop: NotRequired[str]
    hop_index: NotRequired[int]


class MaterialsItem(TypedDict):
    item: str  # the catalogue's short id (KJ-001)
    qty: int


class MaterialsRequest(TypedDict):
    """A materials request (物资调用) of the plan (``materials``, in order; id ``M<n>``)."""

    id: str
    title: str
    items: list[MaterialsItem]
    created_at: datetime
    due_at: datetime | None
    level: str | None
    status: MaterialsStatus
    delivered_at: datetime | None
    delivered_by: str | None
    note: NotRequired[Any]  # once delivered, as the command gave it (text)
    dispatch: NotRequired[Any]  # once delivered: the reserves' request id


class ConsultationRecord(TypedDict):
    """An expert consultation (``consultations`` by question: grade, escalate …)."""

    id: str
    question: str
    title: str
    specialties: list[str]
    quorum: int | None
    status: ConsultationStatus
    outcome: Literal["approve", "reject"] | None
    level: str | None  # the level the experts advise
    requested_at: datetime
    concluded_at: datetime | None
    due_at: datetime | None
    summary: NotRequired[Any]  # once concluded, as the command gave it (text)
    consultation: NotRequired[Any]  # once concluded: the consultation record's id


class Notice(TypedDict):
    """A notice the plan gives (``notices``, in order)."""

    audience: str
    channel: str
    kind: str
    text: str
    at: datetime


class Alert(TypedDict):
    """An alert shown on the incident (``alerts``, in order)."""

    text: str
    severity: str  # warning | critical
    at: datetime
