"""What an incident shows of its linked incidents (the window, ``incident show|links``, the review)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
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


def describe_link_event(type: str, data: Mapping[str, Any],
                        facts_text: Callable[[dict[str, Any]], str] | None = None) -> str:
    """One Chinese line for 关联事件、取消关联、关联事件的事实更新、并入 and the 移交 links (移交至 / 移交自);
    ``facts_text`` words a fact set (the timeline passes its plan's labels)."""
    other = str(data.get("incident", ""))
    named = other + (f"「{data['title']}」" if data.get("title") else "")
    why = f"（{data['reason']}）" if data.get("reason") else ""
    if type == "link_incident":
        if data.get("handover") == "to":
            return f"移交至事件 {named}{why}"
        if data.get("handover") == "from":
            return f"移交自事件 {named}{why}"
        return (f"与事件 {named} 合并处置（并入）" if data.get("merged") else f"关联事件 {named}") + why
    if type == "unlink_incident":
        return f"取消与事件 {other} 的关联{why}"
    if type == "linked_facts":
        facts = dict(data.get("facts") or {})
        shown = facts_text(facts) if facts_text is not None else "，".join(
            f"{k}：{'清除' if v is None else v}" for k, v in facts.items())
        return f"关联事件 {other} 的事实更新：{shown}"
    return f"并入事件 {other}，本事件结案{why}"
