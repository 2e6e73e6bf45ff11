"""Names that come from data (plans, the role table, report phases, the level-decision bases)
as the UI's language shows them.

The log and the plans keep their Chinese words: a role is recorded as ``commander``, a level
decision's basis as 「政府认定」, a report phase as ``initial``. In Chinese the window shows the
data's own name; in English it shows the name from these tables, keyed by the id (or by the
Chinese word where the data has no id), so an English window has no Chinese left in a role,
a report type or a basis. A name not in a table is shown as the data has it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QLocale

ROLES_EN: dict[str, str] = {
    "commander": "Commander",
    "deputy": "Deputy commander",
    "duty_officer": "Duty officer",
    "group_staff": "Working group staff",
    "expert": "Expert",
    "controller": "Exercise controller",
    "evaluator": "Evaluator",
    "observer": "Observer",
    "admin": "Administrator",
    "system": "System",
}

REPORT_PHASES_EN: dict[str, str] = {
    "initial": "Initial report",
    "progress": "Follow-up report",
    "verified": "Verification report",
    "final": "Final report",
    "adr_group": "Basic information form for a group adverse drug event",
}

REPORT_STATUSES_EN: dict[str, str] = {  # console.reports.service.STATUS_TITLES, by status id
    "draft": "Draft",
    "reviewed": "Reviewed",
    "signed": "Signed",
    "submitted": "Submitted",
}

LEVEL_BASES_EN: dict[str, str] = {  # the basis of a level decision, as recorded (Chinese)
    "专家核定": "Expert assessment",
    "政府认定": "Government decision",
    "上级通知": "Notice from a higher authority",
    "其他": "Other",
}


def english() -> bool:
    """Whether the window speaks English (ui.i18n sets the default locale with the translator)."""
    return QLocale().language() == QLocale.Language.English


def role_name(role: str, chinese: str | None = None) -> str:
    """A role as the UI shows it: the plan's (or the role table's) Chinese title, or English."""
    if english():
        return ROLES_EN.get(role, chinese or role)
    if chinese:
        return chinese
    from console.auth.roles import ROLE_TITLES

    return ROLE_TITLES.get(role, role)


def report_phase_name(phase: str, chinese: str | None = None) -> str:
    """A report phase (初报、续报、终报…) in the UI's language."""
    if english():
        return REPORT_PHASES_EN.get(phase, chinese or phase)
    if chinese:
        return chinese
    from console.reports.forms import PHASE_TITLES

    return PHASE_TITLES.get(phase, phase)


def level_basis_name(basis: str) -> str:
    """The basis of a level decision (「政府认定」) in the UI's language."""
    return LEVEL_BASES_EN.get(basis, basis) if english() else basis


def report_title(record: Any) -> str:
    """A report (console.reports.service.ReportRecord) as the register names it: 「初报第2次（更正第1版）」,
    or in English "Initial report no. 2 (correction 1)"."""
    if not english():
        return str(record.display_title)
    text = report_phase_name(record.kind, record.kind_title)
    if record.seq_no > 1:
        text += f" no. {record.seq_no}"
    if record.version > 1:
        text += f" (correction {record.version - 1})"
    return text


def report_status_name(record: Any) -> str:
    """A report's status (拟稿 / 已审核 / 已签发 / 已报送) in the UI's language."""
    return REPORT_STATUSES_EN.get(record.status, record.status_title) if english() else str(record.status_title)
