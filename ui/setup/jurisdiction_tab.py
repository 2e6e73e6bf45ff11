"""管理 → 辖区: the centre's jurisdiction as the database keeps it, and a way to change it (the
assistant's jurisdiction page on its own). Every change is a ``site.jurisdiction_set`` event."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from console.app import Console
from console.clock import CHINA_TZ
from ui.settings import ConsoleSettings


class JurisdictionTab(QWidget):
    """The jurisdiction (name, code, who set it and when) and 更改辖区…."""

    def __init__(self, console: Console, actor: str, settings: ConsoleSettings | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.console = console
        self.actor = actor
        self.settings = settings
        self.setObjectName("jurisdictionTab")
        self.current = QLabel()
        self.current.setObjectName("jurisdictionCurrent")
        self.current.setWordWrap(True)
        self.current.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.note = QLabel(self.tr("辖区保存在数据库中，连接这个数据库的所有指挥台都使用它：地图范围、坐标核对、"
                                   "接报时提供的预案。更改后，各指挥台重新启动即按新辖区显示地图。"))
        self.note.setWordWrap(True)
        self.change = QPushButton(self.tr("更改辖区…"))
        self.change.setObjectName("jurisdictionChange")
        self.change.clicked.connect(self.ask)
        row = QHBoxLayout()
        row.addWidget(self.change)
        row.addStretch(1)
        box = QVBoxLayout(self)
        box.addWidget(self.current)
        box.addWidget(self.note)
        box.addLayout(row)
        box.addStretch(1)
        self.refresh()

    def refresh(self) -> None:
        from console.geo.divisions import LEVEL_TITLES, division

        site = self.console.site.get()
        if site is None:
            self.current.setText(self.tr("尚未设置辖区：地图显示全国范围，储备库坐标无法核对。"))
            return
        d = division(site.jurisdiction)
        full = d.full_name if d is not None else site.name
        level = LEVEL_TITLES.get(d.level, d.level) if d is not None else ""
        self.current.setText(self.tr("本中心辖区：{full}（{code}，{level}）\n设置人：{who}　设置时间：{at}").format(
            full=full, code=site.jurisdiction, level=level, who=site.set_by,
            at=site.set_at.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M")))

    def ask(self) -> bool:
        """The jurisdiction page of the assistant; True when a new jurisdiction was recorded."""
        from ui.setup.wizard import SetupWizard

        before = self.console.site.get()
        wiz = SetupWizard(self.settings or ConsoleSettings(), db=self.console.db, clock=self.console.clock,
                          pages=("jurisdiction",), actor=self.actor, role="admin", parent=self)
        wiz.exec()
        self.refresh()
        return self.console.site.get() != before
