"""The after-action review window: scrub a finished run and see the situation at that instant.

Drills and real incidents alike. Every position of the slider asks the core for the state at
that time (``RunReview.situation_at`` → the incident service's ``state_at``, read from the log);
"play" advances the slider at ×N. Export writes the DOCX/PDF report.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QMainWindow,
    QPushButton,
    QSlider,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from console.clock import CHINA_TZ
from console.drills.evaluation import fmt_span
from console.drills.report import ReportError, write_review_document
from console.review.service import RunReview
from console.store.signing import Signer
from ui.drills.watermark import Watermark

PLAY_TICK_MS = 100
PLAY_SPEEDS = (1, 10, 60, 600)


class ReviewWindow(QMainWindow):
    def __init__(self, review: RunReview, parent: QWidget | None = None, *, map_enabled: bool = True,
                 tile_url: str | None = None, signer: Signer | None = None):
        super().__init__(parent)
        self.review = review
        self.signer = signer  # the logged-in account signs the checkpoint an exported review prints
        tag = self.tr("【演练】") if review.is_drill else ""
        self.setWindowTitle(self.tr("复盘 — ") + tag + review.summary.title)
        central = QWidget()
        self.setCentralWidget(central)
        root = QVBoxLayout(central)
        self.header = QLabel(f"{tag}{review.summary.title}（{review.incident_id}）")
        root.addWidget(self.header)

        bar = QHBoxLayout()
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.total_s = max(int((review.end - review.start).total_seconds()), 1)
        self.slider.setRange(0, self.total_s)
        self.slider.setSingleStep(60)
        self.slider.setPageStep(600)
        self.time_label = QLabel()
        self.play_btn = QPushButton(self.tr("播放"))
        self.play_speed = QComboBox()
        for s in PLAY_SPEEDS:
            self.play_speed.addItem(f"×{s}", s)
        self.play_speed.setCurrentIndex(2)
        self.docx_btn = QPushButton(self.tr("导出 DOCX"))
        self.pdf_btn = QPushButton(self.tr("导出 PDF"))
        for w in (self.slider,):
            bar.addWidget(w, 1)
        for w in (self.time_label, self.play_btn, self.play_speed, self.docx_btn, self.pdf_btn):
            bar.addWidget(w)
        root.addLayout(bar)

        grid = QGridLayout()
        sit = QGroupBox(self.tr("态势"))
        sl = QVBoxLayout(sit)
        self.state_label = QLabel()
        self.level_label = QLabel()
        self.stock_label = QLabel()
        for w in (self.state_label, self.level_label, self.stock_label):
            w.setTextFormat(Qt.TextFormat.PlainText)
            sl.addWidget(w)
        grid.addWidget(sit, 0, 0)
        box = QGroupBox(self.tr("未完成任务"))
        QVBoxLayout(box).addWidget(tasks := QListWidget())
        self.tasks = tasks
        grid.addWidget(box, 0, 1)
        box = QGroupBox(self.tr("报告与超时"))
        QVBoxLayout(box).addWidget(reports := QListWidget())
        self.reports = reports
        grid.addWidget(box, 1, 0)
        box = QGroupBox(self.tr("已发出的注入") if review.is_drill else self.tr("记录"))
        QVBoxLayout(box).addWidget(injects := QListWidget())
        self.injects = injects
        grid.addWidget(box, 1, 1)
        self.map = None
        self._marker: tuple | None = None
        if map_enabled:
            from ui.map import MapView

            self.map = MapView(self, tile_url=tile_url)
            self.map.setMinimumSize(360, 280)
            grid.addWidget(self.map, 0, 2, 2, 1)
            grid.setColumnStretch(2, 2)
            self._show_jurisdiction()
        root.addLayout(grid, 1)

        mbox = QGroupBox(self.tr("关键指标（对照预案时限）"))
        ml = QVBoxLayout(mbox)
        self.metrics = QTableWidget(0, 4)
        self.metrics.setHorizontalHeaderLabels([self.tr("期限"), self.tr("时限"), self.tr("实际用时"), self.tr("结果")])
        self.metrics.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        header = self.metrics.horizontalHeader()  # the deadline's name takes the width, the figures stay whole
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2, 3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        ml.addWidget(self.metrics)
        root.addWidget(mbox)
        self.message = QLabel()
        root.addWidget(self.message)

        self._fill_metrics()
        self._play = QTimer(self)
        self._play.setInterval(PLAY_TICK_MS)
        self._play.timeout.connect(self._advance)
        self._carry = 0.0
        self.slider.valueChanged.connect(self.show_at_offset)
        self.play_btn.clicked.connect(self.toggle_play)
        self.docx_btn.clicked.connect(lambda: self._export_dialog(".docx"))
        self.pdf_btn.clicked.connect(lambda: self._export_dialog(".pdf"))
        self.watermark = Watermark(central) if review.is_drill else None
        self.fit_to_screen()
        self.show_at_offset(0)

    def fit_to_screen(self) -> None:
        """Open within the screen's free area (title bar included): 1100×760 where there is room,
        up to three quarters of a large screen, never taller or wider than the screen."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            self.resize(1100, 760)
            return
        room = screen.availableGeometry()
        frame = 40  # a title bar and borders, before the window manager has said
        w = min(max(1100, room.width() * 3 // 4), room.width() - 16)
        h = min(max(760, room.height() * 3 // 4), room.height() - frame)
        self.resize(w, h)
        self.move(room.x() + (room.width() - w) // 2, room.y() + max((room.height() - h - frame) // 2, 0))

    # -- scrubbing ---------------------------------------------------------------------
    def at(self) -> datetime:
        return self.review.start + timedelta(seconds=self.slider.value())

    def seek(self, at: datetime) -> None:
        self.slider.setValue(int((at - self.review.start).total_seconds()))

    def show_at_offset(self, _value: int) -> None:
        at = self.at()
        s = self.review.situation_at(at, stock=True)
        self.time_label.setText(at.astimezone(CHINA_TZ).strftime("%m-%d %H:%M"))
        self.state_label.setText(self.tr("状态：") + s.state_title)
        self.level_label.setText(self.tr("级别：") + s.level_title)
        if s.stock is not None:
            self.stock_label.setText(self.tr("储备库存：") + f"{len(s.stock)} " + self.tr("个品种，合计 ")
                                     + f"{sum(s.stock.values())}")
        else:
            self.stock_label.setText(self.tr("储备库存：无台账"))
        plan = self.review.plan
        self.tasks.clear()
        for t in s.open_tasks():
            unit = plan.units.get(t["unit"], {}).get("title", t["unit"])
            late = t["due_at"] is not None and t["due_at"] < at
            self.tasks.addItem(f"{unit}：{t['title']}" + (self.tr("（已超时）") if late else ""))
        self.reports.clear()
        for title, n in s.reports().items():
            self.reports.addItem(self.tr("已报 ") + f"{title} × {n}")
        for d in s.overdue():
            self.reports.addItem(self.tr("超时 ") + d["title"])
        self.injects.clear()
        for d in s.injects:
            self.injects.addItem(f"{d['at'].astimezone(CHINA_TZ):%H:%M} {d['inject']} {d['title']}")
        self.situation = s
        self._update_map(s)

    def _show_jurisdiction(self) -> None:
        from console.geo.boundaries import bbox, jurisdiction

        code = self.review.plan.jurisdiction_code
        try:
            self.map.set_boundaries(jurisdiction(code))  # type: ignore[union-attr]
            self.map.fit_bounds(bbox(code))  # type: ignore[union-attr]
        except (LookupError, ValueError, OSError):
            pass  # a plan for a place without shipped boundaries: the map shows the marker only

    def _update_map(self, s) -> None:  # type: ignore[no-untyped-def]
        """The incident's marker as it stood at the instant: absent before 接报, its level then."""
        sm = self.review.summary
        if self.map is None or sm.lat is None or sm.lon is None:
            return
        shown = None if s.state is None else (s.state.level, bool(s.overdue()))
        if shown == self._marker:
            return
        self._marker = shown
        if shown is None:
            self.map.remove_incident(sm.id)
        else:
            self.map.upsert_incident(sm.id, sm.lat, sm.lon, shown[0], sm.title, overdue=shown[1])

    # -- playback ------------------------------------------------------------------------
    def toggle_play(self) -> None:
        if self._play.isActive():
            self._play.stop()
            self.play_btn.setText(self.tr("播放"))
        else:
            if self.slider.value() >= self.total_s:
                self.slider.setValue(0)
            self._play.start()
            self.play_btn.setText(self.tr("暂停"))

    def _advance(self) -> None:
        self._carry += self.play_speed.currentData() * PLAY_TICK_MS / 1000
        step = int(self._carry)
        if step:
            self._carry -= step
            self.slider.setValue(min(self.slider.value() + step, self.total_s))
        if self.slider.value() >= self.total_s:
            self.toggle_play()

    # -- metrics and export ------------------------------------------------------------------
    def _fill_metrics(self) -> None:
        ms = self.review.metrics()
        self.metrics.setRowCount(len(ms))
        for r, m in enumerate(ms):
            for c, v in enumerate((m.title, self.tr("立即") if m.immediate else fmt_span(m.target),
                                    fmt_span(m.measured), m.status_zh)):
                item = QTableWidgetItem(v)
                item.setToolTip(v)
                self.metrics.setItem(r, c, item)

    def export(self, path: str | Path) -> bool:
        try:
            write_review_document(self.review, path, signer=self.signer)
        except ReportError as exc:
            self.message.setText(str(exc))
            return False
        self.message.setText(self.tr("已导出：") + str(path))
        return True

    def _export_dialog(self, ext: str) -> None:
        name, _ = QFileDialog.getSaveFileName(self, self.tr("导出总结报告"), f"{self.review.incident_id}{ext}",
                                              f"*{ext}")
        if name:
            self.export(name)

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802 - Qt override
        self._play.stop()
        super().closeEvent(event)
