"""Dialogs: level decision (with a mandatory reason), new incident, settings.

Each dialog validates inline (the error under the field, the dialog stays open) and only
returns clean values; the window runs the command. Dialogs are opened with ``open()``
(window-modal, not a nested event loop), so tests drive them like a user would.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from console.clock import CHINA_TZ
from console.geo.places import Place, PlaceIndex
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


def channel_names() -> dict[str, str]:
    """接报方式 as the window names them (translated): the keys of ``console.incidents.call.CHANNELS``."""
    return {"phone": QCoreApplication.translate("NewIncidentDialog", "电话"),
            "hotline": QCoreApplication.translate("NewIncidentDialog", "12345/12315 转办"),
            "hospital": QCoreApplication.translate("NewIncidentDialog", "医院报告"),
            "school": QCoreApplication.translate("NewIncidentDialog", "学校报告"),
            "cdc": QCoreApplication.translate("NewIncidentDialog", "疾控机构报告"),
            "superior": QCoreApplication.translate("NewIncidentDialog", "上级交办"),
            "media": QCoreApplication.translate("NewIncidentDialog", "媒体"),
            "other": QCoreApplication.translate("NewIncidentDialog", "其他")}


def parse_occurred(text: str, now: datetime) -> datetime | None:
    """发生时间 as typed: 「11:50」 (today, China time), 「11-22 11:50」 or 「2026-11-22 11:50」.
    None when empty; ValueError when it is not a time."""
    text = text.strip().replace("：", ":").replace("T", " ")
    if not text:
        return None
    local = now.astimezone(CHINA_TZ)
    for fmt in ("%H:%M", "%H%M", "%m-%d %H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y/%m/%d %H:%M"):
        try:
            t = datetime.strptime(text, fmt)
        except ValueError:
            continue
        if fmt in ("%H:%M", "%H%M"):
            return local.replace(hour=t.hour, minute=t.minute, second=0, microsecond=0)
        if fmt.startswith("%m"):
            return t.replace(year=local.year, tzinfo=CHINA_TZ)
        return t.replace(tzinfo=CHINA_TZ)
    raise ValueError(text)


class NewIncidentDialog(QDialog):
    """接报: the call (地点, 报告人, 来电号码, 报告单位, 发生时间, 接报方式, 主要症状), the plan, the
    title (proposed from place, setting and people when left empty) and the first facts.

    Two ways out: 「接报」 opens the incident; 「接报并起草初报」 opens it and drafts the 初报 from
    the same facts (``values()["draft_initial"]``). 「在地图上选点」 emits ``sig_pick`` and the
    dialog stays: the window fills the point and the township (:meth:`set_point`). The place
    field completes from ``places`` (a :class:`console.geo.places.PlaceIndex`, or a callable
    giving the current one) as one types."""

    sig_pick = Signal()
    """The 「在地图上选点」 button: the next click on the map gives the point."""

    def __init__(self, plans: list[Plan], lat: float | None, lon: float | None, place: str = "",
                 parent: QWidget | None = None, *, places: PlaceIndex | Callable[[], PlaceIndex] | None = None,
                 now: datetime | None = None, can_pick: bool = False, no_plans_text: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("接报：新建事件"))
        self.setObjectName("newIncidentDialog")
        self.plans = plans
        self.lat, self.lon = lat, lon
        self.places = places
        self.now = now or datetime.now(CHINA_TZ)
        self.matches: list[Place] = []
        self._values: dict[str, Any] = {}
        self._auto_place = bool(place)  # the place text was filled by the map, not typed

        # -- the call (left)
        call = QFormLayout()
        self.place = QLineEdit(place)
        self.place.setObjectName("intakePlace")
        self.place.setPlaceholderText(self.tr("输入乡镇、村、地址或单位名称查找，如“清丰城关”"))
        self.place_error = _error_label()
        self.pick_button = QPushButton(self.tr("在地图上选点"))
        self.pick_button.setObjectName("pickOnMap")
        self.pick_button.setEnabled(can_pick)
        self.pick_button.setToolTip(self.tr("本窗口保留；在地图上单击事发地点，即填入坐标和乡镇"))
        self.pick_button.clicked.connect(self._pick)
        self.position = QLabel()
        self.position.setObjectName("intakePosition")
        self._show_position()
        pos_row = QHBoxLayout()
        pos_row.addWidget(self.position, 1)
        pos_row.addWidget(self.pick_button)
        self.caller = QLineEdit()
        self.caller.setObjectName("intakeCaller")
        self.caller.setPlaceholderText(self.tr("来电人姓名或称呼"))
        self.phone = QLineEdit()
        self.phone.setObjectName("intakePhone")
        self.phone_error = _error_label()
        self.caller_unit = QLineEdit()
        self.caller_unit.setObjectName("intakeCallerUnit")
        self.occurred = QLineEdit()
        self.occurred.setObjectName("intakeOccurred")
        self.occurred.setPlaceholderText(self.tr("如 11:50 或 2026-11-22 11:50；留空为接报时间"))
        self.occurred_error = _error_label()
        self.channel = QComboBox()
        self.channel.setObjectName("intakeChannel")
        for key, name in channel_names().items():
            self.channel.addItem(name, key)
        self.symptoms = QLineEdit()
        self.symptoms.setObjectName("intakeSymptoms")
        self.symptoms.setPlaceholderText(self.tr("如：呕吐、腹痛"))
        call.addRow(self.tr("地点 *"), self.place)
        call.addRow("", self.place_error)
        call.addRow(self.tr("坐标"), pos_row)
        call.addRow(self.tr("报告人"), self.caller)
        call.addRow(self.tr("来电号码"), self.phone)
        call.addRow("", self.phone_error)
        call.addRow(self.tr("发生时间"), self.occurred)
        call.addRow("", self.occurred_error)
        call.addRow(self.tr("报告单位"), self.caller_unit)
        call.addRow(self.tr("接报方式"), self.channel)
        call.addRow(self.tr("主要症状"), self.symptoms)
        left = QGroupBox(self.tr("来电"))
        left.setLayout(call)

        # -- the incident (right)
        form = QFormLayout()
        self.plan = QComboBox()
        for p in plans:
            self.plan.addItem(p.title, p.content_hash)
        self.title_edit = QLineEdit()
        self.title_edit.setObjectName("intakeTitle")
        self.title_error = _error_label()
        form.addRow(self.tr("预案"), self.plan)
        # an empty plan library: say so, and who may add a plan (the form cannot receive a call)
        self.no_plans = QLabel(no_plans_text
                               or self.tr("预案库中没有可用的预案，不能接报。请管理员在「文件 → 预案库…」中添加预案。"))
        self.no_plans.setObjectName("intakeNoPlans")
        self.no_plans.setWordWrap(True)
        self.no_plans.setStyleSheet(_ERR)
        self.no_plans.setVisible(not plans)
        self.plan.setEnabled(bool(plans))
        form.addRow("", self.no_plans)
        form.addRow(self.tr("事件名称"), self.title_edit)
        form.addRow("", self.title_error)
        right = QGroupBox(self.tr("事件"))
        rl = QVBoxLayout(right)
        rl.addLayout(form)
        rl.addWidget(QLabel(self.tr("接报时掌握的事实：")))
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        rl.addWidget(self.scroll, 1)

        cols = QHBoxLayout()
        cols.addWidget(left, 1)
        cols.addWidget(right, 1)
        lay = QVBoxLayout(self)
        lay.addLayout(cols, 1)
        self.error = _error_label()
        lay.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("接报"))
        self.draft_button = buttons.addButton(self.tr("接报并起草初报(&D)"), QDialogButtonBox.ButtonRole.ActionRole)
        self.draft_button.setAutoDefault(False)
        self.draft_button.setObjectName("intakeAndDraft")
        self.draft_button.setToolTip(self.tr("接报，并用来电信息预填初报草稿，核对后报送"))
        self.draft_button.clicked.connect(lambda: self._check(draft=True))
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        lay.addWidget(buttons)
        self.facts: FactsForm | None = None
        self.plan.currentIndexChanged.connect(self._plan_changed)
        self._plan_changed()
        if not plans:
            buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
            self.draft_button.setEnabled(False)

        # place search: a completer whose list is the search's matches for what is typed
        self.completer_model = QStandardItemModel(self)
        self.completer = QCompleter(self.completer_model, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setMaxVisibleItems(10)
        self.completer.setCompletionRole(Qt.ItemDataRole.UserRole)  # the list shows the kind too
        self.place.setCompleter(self.completer)
        self.completer.activated[QModelIndex].connect(self._completion_chosen)
        self.place.textEdited.connect(self._place_typed)
        self.completer.popup().installEventFilter(self)  # Enter with nothing highlighted: the best match
        # inline errors clear as soon as their field is right
        self.place.textChanged.connect(lambda _t: self._recheck("place"))
        self.title_edit.textChanged.connect(lambda _t: self._recheck("title"))
        self.occurred.textChanged.connect(lambda _t: self._recheck("occurred"))
        self.phone.textChanged.connect(lambda _t: self._recheck("phone"))
        for w in (self.place, self.symptoms):
            w.textChanged.connect(self._propose)
        screen = self.screen().availableGeometry() if self.screen() is not None else None
        self.resize(900, min(640, screen.height() - 60) if screen is not None else 640)
        self.place.setFocus()

    # -- plan and facts ----------------------------------------------------------------------
    def current_plan(self) -> Plan:
        return self.plans[self.plan.currentIndex()]

    def _plan_changed(self) -> None:
        if not self.plans:
            return
        self.facts = FactsForm(self.current_plan())
        self.facts.sig_edited.connect(self._facts_edited)
        self.scroll.setWidget(self.facts)
        self._propose()
        self._tab_order()

    def _tab_order(self) -> None:
        """The order a caller tells it: where, who, which number, since when — then how many and
        where it happened (the plan's required facts and 发生场所), then the rest."""
        assert self.facts is not None
        plan = self.current_plan()
        key_facts = [n for n, d in plan.facts.items() if d.required] + (["setting"] if "setting" in plan.facts else [])
        chain: list[QWidget] = [self.place, self.caller, self.phone, self.occurred]
        chain += [self.facts.fields[n] for n in dict.fromkeys(key_facts) if n in self.facts.fields]
        chain += [self.caller_unit, self.channel, self.symptoms, self.pick_button, self.plan, self.title_edit]
        for a, b in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(a, b)

    def _facts_edited(self) -> None:
        assert self.facts is not None
        shown = self.facts.visible_errors()
        if shown:  # errors already on screen clear as their fields are fixed
            _values, errors = self.facts.collect()
            self.facts.show_errors({k: v for k, v in errors.items() if k in shown})
        self._propose()

    # -- place search and the map --------------------------------------------------------------
    def _place_typed(self, text: str) -> None:
        self._auto_place = False
        index = self.places() if callable(self.places) else self.places
        if index is None:
            return
        from console.geo.places import search

        self.matches = search(index, text)
        self.completer_model.clear()
        for p in self.matches:
            item = QStandardItem(p.label)
            item.setData(p.text, Qt.ItemDataRole.UserRole)
            self.completer_model.appendRow(item)
        if self.matches:
            self.completer.complete()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        popup = self.completer.popup()
        if watched is popup and event.type() == QEvent.Type.KeyPress and self.matches \
                and isinstance(event, QKeyEvent) and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) \
                and not popup.currentIndex().isValid():
            popup.hide()
            self.choose_place(self.matches[0])
            return True
        return super().eventFilter(watched, event)

    def _completion_chosen(self, index: QModelIndex) -> None:
        if 0 <= index.row() < len(self.matches):
            self.choose_place(self.matches[index.row()])

    def choose_place(self, place: Place) -> None:
        """A place from the search: its text into 地点 and its point as the position."""
        self.place.setText(place.text)
        if place.lat is not None and place.lon is not None:
            self.lat, self.lon = place.lat, place.lon
            self._show_position()
        self.caller.setFocus()  # the next thing the caller says

    def set_point(self, lat: float, lon: float, township: str = "") -> None:
        """A point picked on the map: the position, and the township as 地点 unless a place was typed."""
        self.lat, self.lon = lat, lon
        self._show_position()
        typed = self.place.text().strip()
        if township and (not typed or self._auto_place or not typed.startswith(township)):
            if not typed or self._auto_place:
                self.place.setText(township)
            else:
                self.place.setText(township + typed)
            self._auto_place = True
        self.pick_button.setText(self.tr("在地图上选点"))
        self.raise_()
        self.activateWindow()

    def _pick(self) -> None:
        self.pick_button.setText(self.tr("请在地图上单击…"))
        self.sig_pick.emit()

    def _show_position(self) -> None:
        if self.lat is not None and self.lon is not None:
            self.position.setText(f"{self.lat:.5f}, {self.lon:.5f}（GCJ-02）")
        else:
            self.position.setText(self.tr("（未定位）"))

    # -- the title ------------------------------------------------------------------------------
    def proposed_title(self) -> str:
        """The title the form's facts give (place + setting + people + symptoms), or empty."""
        from console.incidents.call import propose_title

        cases: int | None = None
        setting: str | None = None
        if self.facts is not None:
            w = self.facts.fields.get("cases")
            if isinstance(w, QLineEdit):
                try:
                    cases = int(w.text().replace(",", "").strip())
                except ValueError:
                    cases = None
            w = self.facts.fields.get("setting")
            if isinstance(w, QComboBox) and w.currentData() is not None:
                setting = w.currentText()
        if not cases and not self.symptoms.text().strip():
            return ""
        return propose_title(self.place.text(), setting, cases, self.symptoms.text())

    def _propose(self, *_: Any) -> None:
        proposal = self.proposed_title()
        self.title_edit.setPlaceholderText(
            self.tr("留空则用：{title}").format(title=proposal) if proposal
            else self.tr("留空则按地点、场所、人数自动拟定"))
        if proposal and not self.title_error.isHidden():
            _show(self.title_error, None)

    # -- checking -------------------------------------------------------------------------------
    def _field_error(self, field: str) -> str | None:
        if field == "place":
            return None if self.place.text().strip() else self.tr("请填写地点（初报必填）")
        if field == "title":
            if self.title_edit.text().strip() or self.proposed_title():
                return None
            return self.tr("请填写事件名称（或填写地点和人数，由系统拟定）")
        if field == "occurred":
            try:
                at = parse_occurred(self.occurred.text(), self.now)
            except ValueError:
                return self.tr("发生时间无效：请填写如 11:50 或 2026-11-22 11:50")
            if at is not None and at > self.now + timedelta(minutes=5):
                return self.tr("发生时间晚于接报时间：事件须在接报之前发生")
            return None
        if field == "phone":
            text = self.phone.text().strip()
            ok = not text or all(c.isdigit() or c in " +-()转" for c in text)
            return None if ok else self.tr("来电号码只能包含数字、空格和 + - ( )")
        return None

    def _labels(self) -> dict[str, QLabel]:
        return {"place": self.place_error, "title": self.title_error, "occurred": self.occurred_error,
                "phone": self.phone_error}

    def _recheck(self, field: str) -> None:
        label = self._labels()[field]
        if not label.isHidden() and self._field_error(field) is None:
            _show(label, None)
        if field == "place" and not self.title_error.isHidden() and self._field_error("title") is None:
            _show(self.title_error, None)

    def field_errors(self) -> dict[str, str]:
        """The inline errors on screen, by field (place, title, occurred, phone and the facts)."""
        out = {k: lbl.text() for k, lbl in self._labels().items() if not lbl.isHidden()}
        if self.facts is not None:
            out.update(self.facts.visible_errors())
        return out

    def _check(self, draft: bool = False) -> None:
        if not self.plans:
            return
        bad = False
        for field, label in self._labels().items():
            msg = self._field_error(field)
            _show(label, msg)
            bad = bad or msg is not None
        assert self.facts is not None
        facts, errors = self.facts.collect()
        if bad or errors:
            return
        from console.incidents.call import CallFacts

        call = CallFacts(occurred_at=parse_occurred(self.occurred.text(), self.now),
                         caller=self.caller.text().strip() or None,
                         caller_unit=self.caller_unit.text().strip() or None,
                         phone=self.phone.text().strip() or None, channel=self.channel.currentData(),
                         symptoms=self.symptoms.text().strip() or None)
        title = self.title_edit.text().strip() or self.proposed_title()
        self._values = {"plan": self.current_plan(), "title": title, "facts": facts,
                        "place": self.place.text().strip() or None, "lat": self.lat, "lon": self.lon,
                        "call": call, "draft_initial": draft}
        self.accept()

    def show_error(self, text: str, field: str | None = None) -> None:
        """A refusal: under its field when the form has it (发生时间, 来电号码, 地点, 事件名称), else below."""
        label = {"发生时间": self.occurred_error, "来电号码": self.phone_error, "地点": self.place_error,
                 "事件名称": self.title_error}.get(field or "")
        _show(label if label is not None else self.error, text)

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
        from ui.admin.schedule import ScheduleBox  # 定时备份 (docs/storage.md)

        self.backup_schedule = ScheduleBox(settings, self)
        lay.addWidget(self.backup_schedule)
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
        if bad_url or not user or bad_db or not self.backup_schedule.save():
            return
        self.settings.set("language", self.language.currentData())
        self.settings.set("tile_url", url)
        self.settings.set("user", user)
        self.settings.set("role", self.role.currentData())
        self.settings.set("database", database)
        self.accept()
