"""Dialogs: level decision (with a mandatory reason), new incident, settings.

Each dialog validates inline (the error under the field, the dialog stays open) and only
returns clean values; the window runs the command. Dialogs are opened with ``open()``
(window-modal, not a nested event loop), so tests drive them like a user would.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from console.plan.engine import IncidentState
from console.plan.model import Plan
from ui.incidents.facts_form import FactsForm
from ui.settings import LANGUAGES, ConsoleSettings
from ui.widgets.names import level_basis_name

_ERR = "color:#c0392b;"


def _error_label() -> QLabel:
    lbl = QLabel()
    lbl.setStyleSheet(_ERR)
    lbl.setWordWrap(True)
    lbl.hide()
    return lbl


def _show(label: QLabel, text: str | None) -> None:
    label.setText(text or "")
    label.setVisible(bool(text))


class LevelDialog(QDialog):
    """认定级别: the level, the basis and a reason (mandatory), with the suggestion shown."""

    BASES = ("专家核定", "政府认定", "上级通知", "其他")

    def __init__(self, plan: Plan, state: IncidentState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("认定事件级别"))
        self.setMinimumWidth(460)
        lay = QVBoxLayout(self)
        sug = state.suggestion or {}
        rule = next((r for r in plan.rules if r.id == sug.get("winner")), None)
        hint = self.tr("系统建议：{level}").format(level=plan.level_name(sug.get("level")))
        if rule:
            hint += "\n" + self.tr("依据规则：{rule}").format(rule=rule.title)
        info = QLabel(hint)
        info.setWordWrap(True)
        lay.addWidget(info)
        form = QFormLayout()
        self.level = QComboBox()
        for lv in plan.levels:
            self.level.addItem(f"{lv.name}（{lv.id}级）", lv.id)
        self.level.addItem(self.tr("不分级（非级别事件）"), None)
        want = state.level or sug.get("level")
        self.level.setCurrentIndex(max(self.level.findData(want), 0) if want else self.level.count() - 1)
        self.basis = QComboBox()
        self.basis.setEditable(True)
        for b in self.BASES:  # recorded in Chinese, shown in the UI's language
            self.basis.addItem(level_basis_name(b), b)
        self.reason = QPlainTextEdit()
        self.reason.setPlaceholderText(self.tr("必填：认定的理由，如“经专家会商核定”“市政府决定”"))
        self.reason.setFixedHeight(80)
        self.reason_error = _error_label()
        form.addRow(self.tr("级别"), self.level)
        form.addRow(self.tr("认定依据"), self.basis)
        form.addRow(self.tr("理由 *"), self.reason)
        form.addRow("", self.reason_error)
        lay.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        lay.addWidget(buttons)

    def _check(self) -> None:
        if not self.reason.toPlainText().strip():
            _show(self.reason_error, self.tr("请填写认定级别的理由"))
            self.reason.setFocus()
            return
        self.accept()

    def values(self) -> dict[str, Any]:
        i = self.basis.currentIndex()
        typed = self.basis.currentText().strip()
        basis = str(self.basis.itemData(i)) if i >= 0 and typed == self.basis.itemText(i) else typed
        return {"level": self.level.currentData(), "basis": basis or "政府认定",
                "reason": self.reason.toPlainText().strip()}


class NewIncidentDialog(QDialog):
    """接报：a new incident at a point, under a plan, with its first facts."""

    def __init__(self, plans: list[Plan], lat: float | None, lon: float | None, place: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("接报：新建事件"))
        self.resize(560, 680)
        self.plans = plans
        self.lat, self.lon = lat, lon
        lay = QVBoxLayout(self)
        form = QFormLayout()
        self.plan = QComboBox()
        for p in plans:
            self.plan.addItem(p.title, p.content_hash)
        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText(self.tr("如：某小学食堂午餐后多名学生腹痛"))
        self.title_error = _error_label()
        self.place = QLineEdit(place)
        pos = f"{lat:.5f}, {lon:.5f}（GCJ-02）" if lat is not None and lon is not None else self.tr("（未定位）")
        form.addRow(self.tr("预案"), self.plan)
        form.addRow(self.tr("事件名称 *"), self.title_edit)
        form.addRow("", self.title_error)
        form.addRow(self.tr("地点"), self.place)
        form.addRow(self.tr("坐标"), QLabel(pos))
        lay.addLayout(form)
        lay.addWidget(QLabel(self.tr("接报时掌握的事实：")))
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        lay.addWidget(self.scroll, 1)
        self.error = _error_label()
        lay.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("接报"))
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        lay.addWidget(buttons)
        self.facts: FactsForm | None = None
        self.plan.currentIndexChanged.connect(self._plan_changed)
        self._plan_changed()
        self._values: dict[str, Any] = {}

    def current_plan(self) -> Plan:
        return self.plans[self.plan.currentIndex()]

    def _plan_changed(self) -> None:
        self.facts = FactsForm(self.current_plan())
        self.scroll.setWidget(self.facts)

    def _check(self) -> None:
        title = self.title_edit.text().strip()
        _show(self.title_error, None if title else self.tr("请填写事件名称"))
        assert self.facts is not None
        facts, errors = self.facts.collect()
        if not title or errors:
            return
        self._values = {"plan": self.current_plan(), "title": title, "facts": facts,
                        "place": self.place.text().strip() or None, "lat": self.lat, "lon": self.lon}
        self.accept()

    def show_error(self, text: str) -> None:
        _show(self.error, text)

    def values(self) -> dict[str, Any]:
        return self._values


class SettingsDialog(QDialog):
    """设置: language (applies at the next start), tile server, user and role."""

    def __init__(self, settings: ConsoleSettings, roles: dict[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle(self.tr("设置"))
        self.setMinimumWidth(520)
        lay = QVBoxLayout(self)
        form = QFormLayout()
        self.language = QComboBox()
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(self.language.findData(settings.language), 0))
        self.tile_url = QLineEdit(settings.tile_url or "")
        self.tile_url.setPlaceholderText("http://tiles.internal/{z}/{x}/{y}.png")
        self.tile_error = _error_label()
        self.user = QLineEdit(settings.user)
        self.user_error = _error_label()
        self.role = QComboBox()
        for rid, title in roles.items():
            self.role.addItem(f"{title}（{rid}）", rid)
        self.role.setCurrentIndex(max(self.role.findData(settings.role), 0))
        self.database = QLineEdit(settings.database or "")
        self.database.setPlaceholderText(self.tr("留空：本机内置数据库；多席位共用：postgresql://用户@服务器/库名"))
        self.database_error = _error_label()
        form.addRow(self.tr("界面语言"), self.language)
        form.addRow(self.tr("内部瓦片服务 URL"), self.tile_url)
        form.addRow("", self.tile_error)
        form.addRow(self.tr("用户"), self.user)
        form.addRow("", self.user_error)
        form.addRow(self.tr("角色"), self.role)
        form.addRow(self.tr("数据库"), self.database)
        form.addRow("", self.database_error)
        lay.addLayout(form)
        note = QLabel(
            self.tr("界面语言、瓦片服务和数据库在重新启动指挥台后生效；留空瓦片 URL 则只显示行政区划底图（完全离线）。")
        )
        note.setWordWrap(True)
        note.setStyleSheet("color:#566573;")
        lay.addWidget(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        lay.addWidget(buttons)

    def _save(self) -> None:
        url = self.tile_url.text().strip()
        user = self.user.text().strip()
        bad_url = not self.settings.valid_tile_url(url)
        _show(self.tile_error, self.tr("瓦片 URL 必须以 http:// 或 https:// 开头，并包含 {z}、{x}、{y}")
              if bad_url else None)
        _show(self.user_error, None if user else self.tr("请填写用户名"))
        database = self.database.text().strip()
        bad_db = not self.settings.valid_database(database)
        _show(self.database_error,
              self.tr("数据库应为 SQLite 文件（*.sqlite3）或 postgresql://… 地址") if bad_db else None)
        if bad_url or not user or bad_db:
            return
        self.settings.set("language", self.language.currentData())
        self.settings.set("tile_url", url)
        self.settings.set("user", user)
        self.settings.set("role", self.role.currentData())
        self.settings.set("database", database)
        self.accept()
