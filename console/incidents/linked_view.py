"""What an incident shows of its linked incidents (the window, ``incident show|links``, the review)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

RELATIONS = {"link": "关联", "merged_here": "已并入本事件", "merged_into": "并入至", "handover_to": "移交至",
             "handover_from": "移交自"}


@dataclass(frozen=True)
class LinkedRow:
    incident: str
    title: str | None
    kind: str  # a key of RELATIONS
    relation: str  # its Chinese title
    received_at: datetime | None
    reason: str
    at: datetime | None  # when the link was recorded
    status: str | None  # open | closed (None: not in this database)
    facts: dict[str, Any]


def relation_of(rec: dict[str, Any]) -> str:
    if rec.get("handover") == "to":
        return "handover_to"
    if rec.get("handover") == "from":
        return "handover_from"
    if rec.get("into"):
        return "merged_into"
    if rec.get("merged"):
        return "merged_here"
    return "link"


def rows_of(state: Any, status: Any = None) -> list[LinkedRow]:
    """The links of ``state`` (``status(incident) -> str | None`` tells whether each is open)."""
    out = []
    for iid, rec in state.linked.items():
        kind = relation_of(rec)
        out.append(LinkedRow(iid, rec.get("title"), kind, RELATIONS[kind], rec.get("received_at"),
                             str(rec.get("reason") or ""), rec.get("at"), status(iid) if status else None,
                             dict(rec.get("facts") or {})))
    hf = state.handed_from
    if hf and hf.get("incident") not in state.linked:
        out.append(LinkedRow(hf["incident"], None, "handover_from", RELATIONS["handover_from"], None, "", None,
                             status(hf["incident"]) if status else None, {}))
    return sorted(out, key=lambda r: (r.at is None, r.at.timestamp() if r.at else 0.0, r.incident))


def linked_rows(svc: Any, incident_id: str) -> list[LinkedRow]:
    """The linked incidents of one incident, each with whether it is still open."""
    state = svc.state(incident_id)

    def status(iid: str) -> str | None:
        try:
            return str(svc.summary(iid).status)
        except LookupError:
            return None

    return rows_of(state, status)
