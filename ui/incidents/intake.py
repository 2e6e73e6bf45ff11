"""接报 in the window: the 接报 dialog opened from the map or Ctrl+N, place search, picking the
point on the map while the dialog stays, opening the incident with the call's facts, and the
接报并起草初报 path — the 初报 drafted from the same facts and reviewed in one window
(:class:`InitialReportDialog`) before it is submitted.

The window owns one :class:`Intake`; ``MainWindow.new_incident_at`` hands over to it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from console.clock import CHINA_TZ
from console.errors import InvalidInput, Refused
from console.geo.places import Place, PlaceIndex, build_index
from console.reports.forms import ReportForm, display
from console.reports.service import ReportRecord, ReportService
from ui.incidents.dialogs import NewIncidentDialog
from ui.widgets.confirm import ask_confirm

_ERR = "color:#c0392b;"
_OK = "background:#eafaf1;color:#1d6a3a;padding:8px;border:1px solid #a9dfbf;font-weight:bold;"
# The 初报's fields shown read-only at the top of the review: what the call and the form gave.
SUMMARY_KEYS = ("title", "occurred_at", "received_at", "location_detail", "venue_type", "cases", "hospitalized",
                "deaths", "reporter", "phone", "reporting_unit", "recipients", "symptoms")


def _county_name(code: str) -> str:
    from console.geo.boundaries import region

    return region(code).name


def initial_kind(plan: Any) -> str | None:
    """The plan's first-report kind (phase ``initial``), else its first report kind."""
    kinds = dict(plan.report_kinds)
    for k, decl in kinds.items():
        if decl.get("phase", k) == "initial":
            return str(k)
    return next(iter(kinds), None)


class InitialReportDialog(QDialog):
    """The 初报 drafted from the call, on one screen: what was pre-filled (read-only), then the
    required narrative fields (事件简要经过、已采取的措施、控制情况 …) and any required field still
    empty, editable, in view without scrolling; 报送 asks once more, naming the recipients and
    the fields to have been reviewed and that the content is then frozen; after it, a green line
    says it was submitted (its number, time and SHA-256)."""

    def __init__(self, reports: ReportService, record: ReportRecord, *, actor: str, role: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("initialReportDialog")
        self.reports, self.actor, self.role = reports, actor, role
        self.record = record
        self.form: ReportForm = reports.form(record.incident_id, record.kind)
        plan = reports.incidents.plan_for(record.incident_id)
        levels = {lv.id: lv.name for lv in plan.levels}
        self.setWindowTitle(self.tr("核对并报送{kind}").format(kind=self.form.title))
        lay = QVBoxLayout(self)
        self.head = QLabel(f"<b>{record.display_title}</b>　{record.report_no}　" + self.tr("草稿"))
        lay.addWidget(self.head)
        summary = QGroupBox(self.tr("已由来电和接报信息预填"))
        sf = QFormLayout(summary)
        sf.setVerticalSpacing(2)
        fields = record.fields
        problems = {p.field for p in reports.problems(record.id)}
        self.editable = [f for f in self.form.fields
                         if f.required and (f.type == "longtext" or f.key in problems)]
        editable_keys = {f.key for f in self.editable}
        for key in SUMMARY_KEYS:
            if key in editable_keys or key not in self.form.keys:
                continue
            spec = self.form.spec(key)
            value = QLabel(display(spec, fields.get(key), levels))
            value.setObjectName(f"summary_{key}")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            sf.addRow(spec.label, value)
        lay.addWidget(summary)
        box = QGroupBox(self.tr("请核对必填的叙述内容（可修改）"))
        ef = QFormLayout(box)
        self.editors: dict[str, QLineEdit | QPlainTextEdit] = {}
        self.errors: dict[str, QLabel] = {}
        for f in self.editable:
            v = fields.get(f.key)
            w: QLineEdit | QPlainTextEdit
            if f.type == "longtext":
                w = QPlainTextEdit("" if v is None else str(v))
                w.setFixedHeight(64)
                w.textChanged.connect(lambda k=f.key: self._edited(k))
            else:
                w = QLineEdit("" if v is None else str(v))
                w.textChanged.connect(lambda _t, k=f.key: self._edited(k))
            w.setObjectName(f"review_{f.key}")
            err = QLabel()
            err.setStyleSheet(_ERR)
            err.setWordWrap(True)
            err.hide()
            holder = QWidget()
            hl = QVBoxLayout(holder)
            hl.setContentsMargins(0, 0, 0, 0)
            hl.setSpacing(1)
            hl.addWidget(w)
            hl.addWidget(err)
            ef.addRow(f.label + " *", holder)
            self.editors[f.key] = w
            self.errors[f.key] = err
        lay.addWidget(box)
        self.message = QLabel()
        self.message.setObjectName("reportMessage")
        self.message.setWordWrap(True)
        self.message.hide()
        lay.addWidget(self.message)
        buttons = QDialogButtonBox()
        # 报送 by a click or Alt+S, never by a stray Enter (no button of this window is the default)
        self.submit_button = QPushButton(self.tr("报送{kind}(&S)").format(kind=self.form.title))
        self.submit_button.setObjectName("submitInitial")
        self.submit_button.setAutoDefault(False)
        self.later_button = QPushButton(self.tr("保存草稿，稍后报送"))
        self.later_button.setAutoDefault(False)
        buttons.addButton(self.submit_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.later_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.submit_button.clicked.connect(self.submit)
        self.later_button.clicked.connect(self.save_and_close)
        self.buttons = buttons
        lay.addWidget(buttons)
        screen = self.screen().availableGeometry() if self.screen() is not None else None
        self.resize(640, min(self.sizeHint().height(), screen.height() - 60) if screen is not None else 700)

    # -- editing ---------------------------------------------------------------------------
    def values(self) -> dict[str, str]:
        return {k: (w.toPlainText() if isinstance(w, QPlainTextEdit) else w.text()) for k, w in self.editors.items()}

    def _edited(self, key: str) -> None:
        err = self.errors[key]
        if not err.isHidden():
            text = self.values()[key].strip()
            if text:
                err.hide()

    def field_errors(self) -> dict[str, str]:
        return {k: e.text() for k, e in self.errors.items() if not e.isHidden()}

    def _mark(self, problems: list[Any]) -> None:
        for e in self.errors.values():
            e.hide()
        loose = []
        for p in problems:
            err = self.errors.get(p.field)
            if err is not None:
                err.setText(str(p))
                err.show()
            else:
                loose.append(str(p))
        if loose:
            self._say("；".join(loose), error=True)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet(_ERR + "padding:4px;" if error else _OK)
        self.message.setText(text)
        self.message.show()

    def save(self) -> bool:
        try:
            self.record = self.reports.save(self.record.id, self.values(), actor=self.actor)
        except InvalidInput as exc:
            self._mark(exc.problems)
            return False
        except Refused as exc:
            self._say(exc.reason, error=True)
            return False
        return True

    def save_and_close(self) -> None:
        if self.record.status != "draft" or self.save():
            self.reject()

    def confirm(self, title: str, text: str) -> bool:
        """Ask before the irreversible step (tests replace this): the window's one confirmation,
        whose default is 取消 — Enter never submits; 确认报送 is a click or Alt+Y."""
        return ask_confirm(self, title, text, yes=self.tr("确认报送(&Y)"))

    def submit(self) -> bool:
        """Save the edits, ask, submit; a success line in the dialog (and True) or the problems inline."""
        if self.record.status != "draft" or not self.save():
            return False
        problems = self.reports.problems(self.record.id)
        if problems:
            self._mark(problems)
            return False
        to = self.record.fields.get("recipients") or self.tr("（未填主送单位）")
        reviewed = "、".join(f.label for f in self.editable)
        text = self.tr("报送「{title}」至 {to}？").format(title=self.record.display_title, to=to)
        if reviewed:
            text += "\n" + self.tr("请确认已核对：{fields}。").format(fields=reviewed)
        text += "\n" + self.tr("报送后内容冻结并记入事件日志，不能再修改（如需更正，须另建更正版本）。")
        may_sign = self.role in self.reports.signer_roles(self.record.incident_id)
        if may_sign:  # 拟稿 → 审核 → 签发 → 报送: the signer at the desk takes the steps at once
            text += "\n" + self.tr("确认后依次记入审核、签发（签发人：{who}）与报送。").format(who=self.actor)
        else:
            text += "\n" + self.tr("您的角色不能签发：确认后记为已审核，由指挥长或副指挥长在「信息报送」中签发后报送。")
        if not self.confirm(self.tr("报送{kind}").format(kind=self.form.title), text):
            return False
        try:
            rec = self.reports.review(self.record.id, actor=self.actor, role=self.role)
            self.record = rec
            if not may_sign:
                self.submit_button.setEnabled(False)
                for w in self.editors.values():
                    w.setReadOnly(True)
                self._say(self.tr("{kind}已审核，待签发：请指挥长或副指挥长在「信息报送」中签发后报送").format(
                    kind=self.form.title))
                return False
            rec = self.reports.sign(rec.id, actor=self.actor, role=self.role)
            self.record = self.reports.submit(rec.id, actor=self.actor, role=self.role)
        except InvalidInput as exc:
            self._mark(exc.problems)
            return False
        except Refused as exc:
            self._say(exc.reason, error=True)
            return False
        self.submit_button.setEnabled(False)
        self.head.setText(f"<b>{self.record.display_title}</b>　{self.record.report_no}　" + self.tr("已报送"))
        for w in self.editors.values():
            w.setReadOnly(True)
        self.later_button.setText(self.tr("关闭"))
        self._say(self.tr("✔ {kind}已报送：{no}，{at}；内容摘要 SHA-256 {hash}…").format(
            kind=self.form.title, no=self.record.report_no,
            at=self.record.submitted_at.astimezone(CHINA_TZ).strftime("%H:%M") if self.record.submitted_at else "",
            hash=(self.record.content_hash or "")[:16]))
        self.later_button.setFocus()
        return True


class Intake(QObject):
    """The window's 接报: dialog, place search, map pick, opening, and 接报并起草初报."""

    def __init__(self, win: Any, *, townships: Iterable[Mapping[str, Any]] = (),
                 entities: Callable[[], Iterable[Mapping[str, Any]]] | Iterable[Mapping[str, Any]] | None = None
                 ) -> None:
        super().__init__(win)
        self.win = win
        self.townships = list(townships)
        self._entities = entities
        self.index: PlaceIndex | None = None  # the full index, once built
        self._quick: PlaceIndex | None = None  # townships and received places, while it is built
        self._building: threading.Thread | None = None
        self._lock = threading.Lock()
        self._added: list[Place] = []
        self.dialog: NewIncidentDialog | None = None
        self.report_dialog: InitialReportDialog | None = None
        self.picking = False

    # -- place search --------------------------------------------------------------------------
    def take_entities(self, entities: Iterable[Mapping[str, Any]] | None) -> None:
        """The regulated entities, once read (the map's load hands them over before freeing them):
        the full index is built on a worker thread (a pure function, ~0.2–2 s for 31,000 entities),
        so the window never waits for it; until it is ready the search covers the townships and
        the places already received."""
        if entities is None or self.index is not None or self._building is not None:
            return
        rows = list(entities)
        self._entities = None
        addresses = self._addresses()
        thread = threading.Thread(target=self._build_full, args=(rows, addresses), name="place-index",
                                  daemon=True)
        self._building = thread
        thread.start()

    def _build_full(self, entities: list[Mapping[str, Any]], addresses: list[dict[str, Any]]) -> None:
        index = build_index(townships=self.townships, entities=entities, addresses=addresses,
                            county_name=_county_name)
        with self._lock:
            extra = self._added  # places received while it was being built
            self.index = PlaceIndex(index.places + tuple(extra), index.keys + tuple(p.text.lower() for p in extra))
            self._building = None

    def place_index(self) -> PlaceIndex:
        """What the place search searches now: townships, the places of incidents received and,
        once built, the entities."""
        with self._lock:
            if self.index is not None:
                return self.index
            building = self._building is not None
        if not building and self._entities is not None:  # no map: read the entities now, build aside
            ents = self._entities() if callable(self._entities) else self._entities
            self.take_entities(ents)
        if self._quick is None:
            self._quick = build_index(townships=self.townships, addresses=self._addresses(),
                                      county_name=_county_name)
        return self._quick

    def wait_for_index(self, timeout: float = 30) -> PlaceIndex:
        """The full index (waiting for the worker thread; tests and scripts)."""
        self.place_index()  # starts the build if nothing did yet
        thread = self._building
        if thread is not None:
            thread.join(timeout)
        return self.place_index()

    def _addresses(self) -> list[dict[str, Any]]:
        return [{"place": s.place, "lat": s.lat, "lon": s.lon} for s in self.win.service.list() if s.place]

    def _remember(self, place: Place) -> None:
        """A place just received is searchable at once."""
        with self._lock:
            self._added.append(place)
            if self.index is not None:
                self.index = PlaceIndex(self.index.places + (place,), self.index.keys + (place.text.lower(),))
        if self._quick is not None:
            self._quick = PlaceIndex(self._quick.places + (place,), self._quick.keys + (place.text.lower(),))

    # -- the dialog ------------------------------------------------------------------------------
    def new_incident_at(self, lat: float | None, lon: float | None) -> NewIncidentDialog | None:
        """The 接报 dialog at a point (None: no point yet). A point outside the jurisdiction asks first."""
        place = ""
        if lat is not None and lon is not None:
            place_or_none = self._place_at(lat, lon)
            if place_or_none is None:
                return None
            place = place_or_none
        win = self.win
        plans = win.plans()
        dlg = NewIncidentDialog(plans, lat, lon, place, win, places=self.place_index,
                                now=win.service.clock.now(), can_pick=win.map is not None,
                                no_plans_text="" if plans else self.no_plans_text())
        dlg.setWindowModality(Qt.WindowModality.NonModal)  # the map stays usable: 在地图上选点
        dlg.accepted.connect(lambda: self.open_incident(dlg))
        dlg.finished.connect(lambda _r: self._stop_pick())  # closed while waiting for a map click
        dlg.sig_pick.connect(self.start_pick)
        self.dialog = dlg
        dlg.show()
        dlg.raise_()
        dlg.activateWindow()
        return dlg

    def no_plans_text(self) -> str:
        """What the 接报 form says when the plan library offers no plan here."""
        from console.library.divisions import division_name

        name = division_name(self.win.jurisdiction) or self.win.jurisdiction
        text = self.tr("预案库中没有{name}（{code}）可用的预案，不能接报。请管理员在「文件 → 预案库…」中添加"
                       "本辖区的预案（命令行：python -m console plan add 预案文件.yaml）。")
        return text.format(name=name, code=self.win.jurisdiction)

    def _place_at(self, lat: float, lon: float) -> str | None:
        """The county (and nearest township) at a point; None when the person declined a point
        outside the jurisdiction."""
        from console.geo.boundaries import county_at, region

        win = self.win
        code = county_at(lat, lon, within=win.jurisdiction)
        if code is None:
            if not win.confirm(self.tr("位置在辖区外"),
                               self.tr("该位置（{lat:.5f}, {lon:.5f}）不在{name}辖区内。仍要在此处接报吗？")
                               .format(lat=lat, lon=lon, name=region(win.jurisdiction).name)):
                return None
            return ""
        return str(win.place_name(lat, lon, code))

    # -- picking on the map --------------------------------------------------------------------
    def start_pick(self) -> None:
        win = self.win
        if win.map is None or self.dialog is None:
            return
        self.picking = True
        win.map.start_pick()
        # out of the map's way, still in view
        geo = win.geometry()
        self.dialog.move(geo.left() + 8, self.dialog.y())
        win.notify(self.tr("请在地图上单击事发地点（Esc 取消）"))

    def _stop_pick(self) -> None:
        if self.picking and self.win.map is not None:
            self.win.map.cancel_pick()
        self.picking = False

    def point_picked(self, lat: float, lon: float) -> None:
        """The map's click after 在地图上选点: the point and its township into the open dialog."""
        if not self.picking or self.dialog is None or not self.dialog.isVisible():
            return
        self.picking = False
        place = self._place_at(lat, lon)
        if place is None:
            self.dialog.raise_()
            return
        self.dialog.set_point(lat, lon, place)

    # -- opening -----------------------------------------------------------------------------------
    def open_incident(self, dlg: NewIncidentDialog) -> str | None:
        """接报 (and, for 接报并起草初报, the 初报 draft) on the window's command queue: the GUI
        thread stays free while the database writes. Returns the new id when the queue runs
        inline (tests, an in-memory database), else None (the result arrives later)."""
        win = self.win
        v = dlg.values()
        service, reports, user, role = win.service, win.console.reports, win.user, win.role
        draft = bool(v.get("draft_initial"))
        opened_id: list[str] = []

        def op() -> tuple[Any, Any]:  # on the worker thread: no widget is touched
            # a point outside the jurisdiction was confirmed before it reached the dialog
            r = service.open(v["plan"], title=v["title"], actor=user, role=role, facts=v["facts"],
                             lat=v["lat"], lon=v["lon"], place=v["place"], outside_ok=True, call=v["call"])
            return r, (self._draft(reports, service, r.incident_id, user) if draft else None)

        def failed(exc: Exception) -> None:
            if not isinstance(exc, (Refused, LookupError)):  # the plan, the bounds, or the server said no
                raise exc
            reason = getattr(exc, "reason", str(exc))
            win.notify(self.tr("接报失败：{reason}").format(reason=reason), error=True)
            dlg.show_error(reason, getattr(exc, "field", None))
            dlg.show()

        def opened(result: tuple[Any, Any]) -> None:
            r, drafted = result
            win.bus.flush()  # the list draws the new incident from the command's change set
            win.select(r.incident_id)
            win.notify(self.tr("已接报：{id} {title}").format(id=r.incident_id, title=v["title"]))
            if v["place"]:  # the new place is searchable from now on
                self._remember(Place(v["place"], "address", v["lat"], v["lon"]))
            if draft:
                self._show_draft(drafted)
            opened_id.append(str(r.incident_id))

        win.runner.run(self.tr("接报"), op, success=opened, failure=failed)
        return opened_id[0] if opened_id else None

    @staticmethod
    def _draft(reports: ReportService, service: Any, incident_id: str, actor: str) -> ReportRecord | str:
        """The 初报 draft, or why there is none (a text for the status bar)."""
        kind = initial_kind(service.plan_for(incident_id))
        if kind is None:
            return QCoreApplication.translate("Intake", "该预案没有报告类型，未起草初报")
        try:
            return reports.draft(incident_id, kind, actor=actor)
        except Refused as exc:
            return QCoreApplication.translate("Intake", "初报未起草：{reason}").format(reason=exc.reason)

    def draft_initial(self, incident_id: str) -> InitialReportDialog | None:
        """Draft the incident's 初报 from the call and open it for review and 报送."""
        win = self.win
        return self._show_draft(self._draft(win.console.reports, win.service, incident_id, win.user))

    def _show_draft(self, drafted: ReportRecord | str) -> InitialReportDialog | None:
        win = self.win
        if isinstance(drafted, str):
            win.notify(drafted, error=True)
            return None
        win.bus.flush()
        dlg = InitialReportDialog(win.console.reports, drafted, actor=win.user, role=win.role, parent=win)
        dlg.setWindowModality(Qt.WindowModality.WindowModal)
        dlg.finished.connect(lambda _r: self._report_closed(dlg))
        self.report_dialog = dlg
        dlg.show()
        dlg.raise_()
        dlg.activateWindow()
        return dlg

    def _report_closed(self, dlg: InitialReportDialog) -> None:
        rec = dlg.record
        if rec.status == "submitted":
            self.win.notify(self.tr("{title}已报送（{no}）").format(title=rec.display_title, no=rec.report_no))
        else:
            self.win.notify(self.tr("{title}草稿已保存，可在“信息报送”中继续编辑后报送").format(title=rec.display_title))
        self.win.bus.flush()


__all__ = ["InitialReportDialog", "Intake", "initial_kind"]
