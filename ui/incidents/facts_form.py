"""A facts form generated from a plan's declared facts (types, ranges, enums, units).

Why generated: every plan declares its own facts; the form follows the declaration, so a
new plan needs no new screen. Each field checks itself with the engine's own
``validate_facts`` (the same Chinese messages as the CLI) and shows the error under the
field; the caller saves nothing while any field is in error.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from console.clock import local_time
from console.plan.engine import Rejected, check_fact_relations, validate_facts
from console.plan.model import FactDecl, Plan

_ERROR_STYLE = "color:#c0392b;font-size:12px;"
_BAD_FIELD = "border:1px solid #c0392b;"


class FactsForm(QWidget):
    """One row per declared fact; ``collect()`` returns (facts, errors)."""

    sig_edited = Signal()

    def __init__(self, plan: Plan, parent: QWidget | None = None, *, assessed: bool = False) -> None:
        super().__init__(parent)
        self.plan = plan
        self.fields: dict[str, QWidget] = {}
        # 经评估可能 (plan format 2): a second field beside each assessable fact, when asked for
        self.assessed_fields: dict[str, QWidget] = {}
        self.assessed_dirty: set[str] = set()
        self.errors: dict[str, QLabel] = {}
        # Fields the user changed since the form was last filled: a change from another console
        # arriving meanwhile never overwrites them (see merge_values).
        self.dirty: set[str] = set()
        self._filling = False
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for name, decl in plan.facts.items():
            widget = self._make(decl)
            widget.setObjectName(f"fact_{name}")
            err = QLabel()
            err.setObjectName(f"fact_error_{name}")
            err.setStyleSheet(_ERROR_STYLE)
            err.setWordWrap(True)
            err.hide()
            box = QWidget()
            lay = QVBoxLayout(box)
            lay.setContentsMargins(0, 0, 0, 0)
            lay.setSpacing(1)
            if assessed and decl.assessable:
                pair = QHBoxLayout()
                pair.setContentsMargins(0, 0, 0, 0)
                pair.addWidget(widget, 1)
                other = self._make(decl, assessed=True)
                other.setObjectName(f"assessed_{name}")
                other.setToolTip(self.tr("经评估认为可能达到的值（可能造成的后果），分级规则中“含经评估可能”的条件会用到"))
                pair.addWidget(QLabel(self.tr("经评估可能")))
                pair.addWidget(other, 1)
                lay.addLayout(pair)
                self.assessed_fields[name] = other
            else:
                lay.addWidget(widget)
            lay.addWidget(err)
            label = decl.label + ("（" + decl.unit + "）" if decl.unit else "") + (" *" if decl.required else "")
            lbl = QLabel(label)
            lbl.setWordWrap(True)
            if decl.help:
                lbl.setToolTip(decl.help)
            form.addRow(lbl, box)
            if not decl.input:  # set by the plan (最后发病时间 follows 发病人数): kept, not shown
                form.setRowVisible(box, False)
            self.fields[name] = widget
            self.errors[name] = err

    def _make(self, decl: FactDecl, *, assessed: bool = False) -> QWidget:
        def edited(n: str = decl.id) -> None:
            if assessed:
                if not self._filling:
                    self.assessed_dirty.add(n)
                    self.sig_edited.emit()
            else:
                self._edited(n)

        if decl.type in ("bool", "enum"):
            combo = QComboBox()
            combo.addItem(self.tr("（未填）"), None)
            if decl.type == "bool":
                combo.addItem(self.tr("是"), True)
                combo.addItem(self.tr("否"), False)
            else:
                for v in decl.values:
                    combo.addItem(decl.labels.get(v, v), v)
            combo.currentIndexChanged.connect(lambda _i: edited())
            return combo
        edit = QLineEdit()
        if decl.type in ("int", "number"):
            def num(v: float) -> str:
                return f"{v:,.0f}" if float(v).is_integer() else f"{v:,g}"

            if decl.min is not None and decl.max is not None:
                rng = f"{num(decl.min)}–{num(decl.max)}"
            elif decl.min is not None:
                rng = f"≥ {num(decl.min)}"
            elif decl.max is not None:
                rng = f"≤ {num(decl.max)}"
            else:
                rng = ""
            kind = self.tr("整数") if decl.type == "int" else self.tr("数值")
            edit.setPlaceholderText(" ".join(x for x in (kind, rng, decl.unit or "") if x))
        elif decl.type == "datetime":
            edit.setPlaceholderText(self.tr("时间，如 2026-11-22 14:15"))
        elif decl.type == "duration":
            edit.setPlaceholderText(self.tr("时长，如 PT72H（72 小时）、P3D（3 天）"))
        edit.textEdited.connect(lambda _t: edited())
        return edit

    def _edited(self, name: str) -> None:
        if not self._filling:
            self.dirty.add(name)
            self.recheck(name)
            self.sig_edited.emit()

    def recheck(self, name: str) -> None:
        """A field showing an error is checked again as it is edited: the error goes as soon as
        the field is fixed (and a bound partner's — 死亡人数 under 发病人数 — with it); a field
        without an error is left alone until the form is saved."""
        partners = {name} | {n for n, d in self.plan.facts.items() if d.at_most == name}
        partners |= {d for d in [self.plan.facts[name].at_most] if d}
        shown = {n for n in partners if n in self.errors and not self.errors[n].isHidden()}
        if not shown:
            return
        _values, errors = self._check()
        for n in shown:
            self._show_error(n, errors.get(n))

    # -- values ---------------------------------------------------------------
    def set_values(self, facts: dict[str, Any]) -> None:
        """Fill every field from ``facts``; the user's unsaved edits are dropped."""
        self._fill(facts, self.fields)
        self.dirty.clear()
        self.clear_errors()

    def merge_values(self, facts: dict[str, Any]) -> None:
        """Fill the fields the user has not edited; keep the user's unsaved input in the others."""
        self._fill(facts, {n: w for n, w in self.fields.items() if n not in self.dirty})

    def settle(self, facts: dict[str, Any]) -> None:
        """Edited fields whose value now equals the stored one (just saved, or the same change
        made elsewhere) are no longer unsaved edits."""
        values, errors = self.collect()
        for name in list(self.dirty):
            if name not in errors and values.get(name) == facts.get(name):
                self.dirty.discard(name)

    def _fill(self, facts: dict[str, Any], fields: dict[str, QWidget]) -> None:
        self._filling = True
        try:
            for name, widget in fields.items():
                value = facts.get(name)
                if isinstance(widget, QComboBox):
                    i = widget.findData(value) if value is not None else 0
                    widget.setCurrentIndex(max(i, 0))
                else:
                    text = "" if value is None else (f"{value:g}" if isinstance(value, float) else str(value))
                    widget.setText(text)  # type: ignore[attr-defined]
        finally:
            self._filling = False

    def set_text(self, name: str, text: str) -> None:
        """Type into a text field (tests, scripted input): an edit, as if typed."""
        widget = self.fields[name]
        assert isinstance(widget, QLineEdit)
        widget.setText(text)
        self._edited(name)

    def _raw(self, name: str, decl: FactDecl, widget: QWidget | None = None) -> tuple[Any, str | None]:
        widget = self.fields[name] if widget is None else widget
        if isinstance(widget, QComboBox):
            return widget.currentData(), None
        text = widget.text().strip()  # type: ignore[attr-defined]
        if text == "":
            return None, None
        if decl.type == "int":
            try:
                return int(text.replace(",", "")), None
            except ValueError:
                return None, self.tr("「{label}」必须是整数，而不是「{text}」").format(label=decl.label, text=text)
        if decl.type == "number":
            try:
                return float(text.replace(",", "")), None
            except ValueError:
                return None, self.tr("「{label}」必须是数值，而不是「{text}」").format(label=decl.label, text=text)
        if decl.type == "datetime":  # 「2026-12-06 08:15」 is China time; stored with its zone
            try:
                return local_time(text).isoformat(timespec="seconds"), None
            except ValueError:
                return None, self.tr("「{label}」必须是时间（如 2026-12-06 08:15），而不是「{text}」").format(
                    label=decl.label, text=text)
        return text, None

    def collect(self) -> tuple[dict[str, Any], dict[str, str]]:
        """(facts with a value, {fact: error}); shows every error inline."""
        values, errors = self._check()
        self.show_errors(errors)
        return values, errors

    def _check(self) -> tuple[dict[str, Any], dict[str, str]]:
        values: dict[str, Any] = {}
        errors: dict[str, str] = {}
        for name, decl in self.plan.facts.items():
            value, err = self._raw(name, decl)
            if err is None and value is None and decl.required:
                err = self.tr("「{label}」为必填项").format(label=decl.label)
            if err is None and value is not None:
                try:
                    validate_facts(self.plan, {name: value})
                except Rejected as r:
                    err = r.reason
            if err:
                errors[name] = err
            elif value is not None:
                values[name] = value
        for name, decl in self.plan.facts.items():  # 死亡人数 ≤ 发病人数 and the like, on the form's values
            if decl.at_most is not None and name not in errors:
                try:
                    check_fact_relations(self.plan, {k: values.get(k) for k in (name, decl.at_most)})
                except Rejected as r:
                    errors[name] = r.reason
                    values.pop(name, None)
        return values, errors

    # -- 经评估可能 (plan format 2) ----------------------------------------------
    def set_assessed(self, assessed: dict[str, Any]) -> None:
        """Fill the 经评估可能 fields; the user's unsaved edits in them are dropped."""
        self._fill(assessed, self.assessed_fields)
        self.assessed_dirty.clear()

    def set_assessed_text(self, name: str, text: str) -> None:
        """Type into a 经评估可能 field (tests, scripted input)."""
        widget = self.assessed_fields[name]
        assert isinstance(widget, QLineEdit)
        widget.setText(text)
        self.assessed_dirty.add(name)

    def assessed_changes(self, current: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
        """The 经评估可能 values that differ from ``current`` (a cleared field maps to None), and
        errors (keyed by fact; shown under the fact's row)."""
        out: dict[str, Any] = {}
        errors: dict[str, str] = {}
        for name, widget in self.assessed_fields.items():
            decl = self.plan.facts[name]
            value, err = self._raw(name, decl, widget)
            if err is None and value is not None:
                try:
                    validate_facts(self.plan, {name: value})
                except Rejected as r:
                    err = r.reason
            if err:
                errors[name] = self.tr("经评估可能：{reason}").format(reason=err)
                self._show_error(name, errors[name])
            elif value != current.get(name):
                out[name] = value
        return out, errors

    def changes(self, current: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
        """Only what differs from ``current`` (a cleared field maps to None), and errors."""
        values, errors = self.collect()
        out = {k: v for k, v in values.items() if current.get(k) != v or type(current.get(k)) is not type(v)}
        out.update({k: None for k in current if k in self.plan.facts and k not in values and k not in errors})
        return out, errors

    def show_errors(self, errors: dict[str, str]) -> None:
        for name in self.errors:
            self._show_error(name, errors.get(name))

    def _show_error(self, name: str, msg: str | None) -> None:
        label = self.errors[name]
        label.setText(msg or "")
        label.setVisible(bool(msg))
        self.fields[name].setStyleSheet(_BAD_FIELD if msg else "")

    def clear_errors(self) -> None:
        self.show_errors({})

    def visible_errors(self) -> dict[str, str]:
        return {n: lbl.text() for n, lbl in self.errors.items() if not lbl.isHidden() and lbl.text()}
