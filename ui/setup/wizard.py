"""The first-run assistant (首次运行向导): a new centre sets up its console without a developer.

Pages: 数据库 (embedded, a SQLite file or a PostgreSQL server; saved in the settings file) →
辖区 (the jurisdiction from the offline division list, searched by name or code; kept with the
database, console/site) → 管理员 (the first administrator account) → 预案 → 基础数据 (the
registered imports of :mod:`ui.setup.steps`, each optional) → 完成 (a summary).

Each page writes when it is left with 下一步 (the jurisdiction, the account, each import: each
complete in itself, all-or-nothing). Cancelling keeps what was written: the next start on that
database resumes — the assistant opens again while the database has no account and no incident,
with the jurisdiction already chosen; once the administrator exists the console opens with the
login, and plans and data can be added later from the console or the command line.

``SetupWizard(..., pages=("jurisdiction",))`` is the jurisdiction page alone, for a database
that has data but no jurisdiction yet.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from console.app import Console
from console.clock import Clock, SystemClock
from console.errors import Refused
from console.store.db import Database, DatabaseError, default_database_url, normalise_url, open_database
from ui.settings import ConsoleSettings
from ui.setup.steps import ImportStep, steps_for

PAGES = ("database", "jurisdiction", "admin", "plans", "data", "done")
ERROR_STYLE = "color: #b3261e;"
OK_STYLE = "color: #1e6b35;"


@dataclass(frozen=True)
class DatabaseChoice:
    kind: str  # embedded | file | server
    url: str  # what open_database takes ("" for the embedded database)

    @property
    def setting(self) -> str:
        """The settings file's ``database`` value ("" = the embedded database)."""
        return self.url


class SetupWizard(QWizard):
    """The assistant. After ``exec()`` returns Accepted: ``console`` is the console on the
    chosen database (its jurisdiction set), ``login`` the new administrator's login (None in
    the jurisdiction-only form), ``summaries`` what each import did."""

    def __init__(self, settings: ConsoleSettings, *, db: Database | None = None, clock: Clock | None = None,
                 jurisdiction: str | None = None, pages: Sequence[str] = PAGES, actor: str = "",
                 role: str = "admin", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.clock: Clock = clock or SystemClock()
        self.db: Database | None = db
        self.console: Console | None = Console(db, self.clock) if db is not None else None
        self.login: Any = None
        self.actor = actor
        self.role = role
        self.preset = jurisdiction
        self.summaries: list[str] = []
        self.setObjectName("setupWizard")
        self.setWindowTitle(self.tr("首次运行向导 — 食品药品安全应急指挥台"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        for button, text in ((QWizard.WizardButton.NextButton, self.tr("下一步 >")),
                             (QWizard.WizardButton.BackButton, self.tr("< 上一步")),
                             (QWizard.WizardButton.CancelButton, self.tr("取消")),
                             (QWizard.WizardButton.FinishButton, self.tr("完成")),
                             (QWizard.WizardButton.CommitButton, self.tr("创建并继续"))):
            self.setButtonText(button, text)
        makers = {"database": DatabasePage, "jurisdiction": JurisdictionPage, "admin": AdminPage,
                  "plans": lambda: ImportPage("plans"), "data": lambda: ImportPage("data"), "done": DonePage}
        self.pages: dict[str, QWizardPage] = {}
        for key in pages:
            page = makers[key]()
            self.pages[key] = page
            self.addPage(page)
        self._fit()

    def _fit(self) -> None:
        """At most 960×680, and never larger than the screen (1280×800 desks)."""
        screen = QGuiApplication.primaryScreen()
        w, h = 960, 680
        if screen is not None:
            avail = screen.availableGeometry()
            w, h = min(w, avail.width() - 40), min(h, avail.height() - 60)
        self.resize(w, h)

    # -- what the pages share -----------------------------------------------------------
    def use_database(self, choice: DatabaseChoice) -> None:
        """Open (and migrate) the chosen database; refused unless nobody has used it yet."""
        url = choice.url or default_database_url()
        current = self.db.url if self.db is not None else None
        if current is None or normalise_url(url) != current:
            db = open_database(url)  # DatabaseError (Refused) says why not
            try:
                fresh = Console(db, self.clock).site.first_run()
            except Refused:
                db.close()
                raise
            if not fresh:
                db.close()
                raise DatabaseError(self.tr(
                    "该数据库已有账号或事件，不是新数据库：要使用它，请取消向导，用 --db 打开（或在「设置」中"
                    "选择），登录后由系统管理员设置辖区。首次设置请选择一个空数据库。"))
            if self.db is not None:
                self.db.close()
            self.db = db
        elif self.console is not None and not self.console.site.first_run():
            raise DatabaseError(self.tr("该数据库已有账号或事件，不是新数据库：请选择一个空数据库。"))
        self.settings.set("database", choice.setting)
        self.rebuild()

    def rebuild(self) -> None:
        """A fresh Console on the database: it reads the jurisdiction just set."""
        assert self.db is not None
        self.console = Console(self.db, self.clock)

    @property
    def who(self) -> tuple[str, str]:
        """(actor, role) of the writes: the new administrator once created."""
        if self.login is not None:
            return self.login.username, "admin"
        return self.actor, self.role


def _wrapping(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class DatabasePage(QWizardPage):
    """数据库: where the console keeps its data."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("setupDatabase")
        self.setTitle(self.tr("数据库"))
        self.setSubTitle(self.tr("指挥台的全部数据（事件日志、账号、物资、专家）保存在这里。单机使用选内置数据库；"
                                 "多台指挥台共用一个数据库时选 PostgreSQL 服务器。"))
        lay = QVBoxLayout(self)
        self.group = QButtonGroup(self)
        self.embedded = QRadioButton(self.tr("内置数据库（推荐单机使用）"))
        self.embedded.setObjectName("dbEmbedded")
        self.file = QRadioButton(self.tr("SQLite 数据库文件"))
        self.file.setObjectName("dbFile")
        self.server = QRadioButton(self.tr("PostgreSQL 服务器"))
        self.server.setObjectName("dbServer")
        for b in (self.embedded, self.file, self.server):
            self.group.addButton(b)
        self.embedded_path = _wrapping()
        self.file_path = QLineEdit()
        self.file_path.setObjectName("dbFilePath")
        self.file_path.setPlaceholderText(self.tr("如 D:/指挥台/centre.sqlite3"))
        browse = QPushButton(self.tr("选择文件…"))
        browse.clicked.connect(self._browse)
        self.server_url = QLineEdit()
        self.server_url.setObjectName("dbServerUrl")
        self.server_url.setPlaceholderText(self.tr("postgresql://用户名@服务器:5432/数据库名"))
        self.test = QPushButton(self.tr("测试连接"))
        self.test.setObjectName("dbTest")
        self.test.clicked.connect(self.test_connection)
        self.result = _wrapping()
        self.result.setObjectName("dbResult")
        lay.addWidget(self.embedded)
        lay.addWidget(self.embedded_path)
        lay.addWidget(self.file)
        row = QHBoxLayout()
        row.addWidget(self.file_path, 1)
        row.addWidget(browse)
        lay.addLayout(row)
        lay.addWidget(self.server)
        lay.addWidget(self.server_url)
        lay.addWidget(_wrapping(self.tr(
            "服务器的准备（建库、为每个账号建登录）见 docs/admin.md 第 8 节与 docs/security.md。"
            "选择保存在设置文件中，以后启动直接打开这个数据库。")))
        row = QHBoxLayout()
        row.addWidget(self.test)
        row.addWidget(self.result, 1)
        lay.addLayout(row)
        lay.addStretch(1)
        self.embedded.setChecked(True)
        for w in (self.file_path, self.server_url):
            w.textEdited.connect(self._typed)

    def initializePage(self) -> None:
        wiz = self._wizard()
        self.embedded_path.setText(self.tr("位置：{path}").format(
            path=default_database_url().removeprefix("sqlite:///")))
        db = wiz.db
        if db is None:
            return
        if db.url.startswith("postgresql"):
            self.server.setChecked(True)
            self.server_url.setText(db.url)
        elif db.url != normalise_url(default_database_url()):
            self.file.setChecked(True)
            self.file_path.setText(db.url.removeprefix("sqlite:///"))

    def _wizard(self) -> SetupWizard:
        wiz = self.wizard()
        assert isinstance(wiz, SetupWizard)
        return wiz

    def _typed(self) -> None:
        (self.file if self.sender() is self.file_path else self.server).setChecked(True)
        self.result.clear()

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("数据库文件"), self.file_path.text(),
                                              self.tr("SQLite 数据库 (*.sqlite3 *.db)"),
                                              options=QFileDialog.Option.DontConfirmOverwrite)
        if path:
            self.file_path.setText(path)
            self.file.setChecked(True)

    def choice(self) -> DatabaseChoice:
        """The chosen database; Refused (DatabaseError) with a reason when the entry is not usable."""
        if self.embedded.isChecked():
            return DatabaseChoice("embedded", "")
        if self.file.isChecked():
            text = self.file_path.text().strip()
            if not text:
                raise DatabaseError(self.tr("请填写数据库文件的位置"))
            url = text if text.startswith("sqlite:///") else "sqlite:///" + str(Path(text).expanduser().resolve())
            if Path(url.removeprefix("sqlite:///")).suffix.lower() not in (".sqlite3", ".sqlite", ".db") \
                    or not ConsoleSettings.valid_database(url):
                raise DatabaseError(self.tr(
                    "「{path}」不是 SQLite 数据库文件名：请以 .sqlite3、.sqlite 或 .db 结尾").format(path=text))
            return DatabaseChoice("file", url)
        text = self.server_url.text().strip()
        if not text.startswith(("postgresql://", "postgres://", "postgresql+psycopg://")) \
                or not ConsoleSettings.valid_database(text):
            raise DatabaseError(self.tr("请填写 PostgreSQL 地址，如 postgresql://用户名@服务器:5432/数据库名"))
        return DatabaseChoice("server", text.replace("postgres://", "postgresql://", 1)
                              if text.startswith("postgres://") else text)

    def test_connection(self) -> bool:
        """Open the database without changing it and say what is there."""
        try:
            choice = self.choice()
            db = open_database(choice.url or default_database_url(), upgrade=False)
        except Refused as exc:
            self._say(self.tr("无法连接：{reason}").format(reason=exc), ok=False)
            return False
        try:
            from console.store.migrate import current_revision

            revision = current_revision(db.engine)
        except Exception as exc:  # noqa: BLE001 — a server that refuses the query: say so, never a traceback
            self._say(self.tr("无法连接：{reason}").format(reason=exc), ok=False)
            return False
        finally:
            db.close()
        self._say(self.tr("连接成功：空数据库，下一步将建立数据表") if revision is None
                  else self.tr("连接成功：已有数据表（版本 {revision}）").format(revision=revision), ok=True)
        return True

    def _say(self, text: str, *, ok: bool) -> None:
        self.result.setText(text)
        self.result.setStyleSheet(OK_STYLE if ok else ERROR_STYLE)

    def validatePage(self) -> bool:
        try:
            self._wizard().use_database(self.choice())
        except Refused as exc:
            self._say(str(exc), ok=False)
            return False
        return True


class JurisdictionPage(QWizardPage):
    """辖区: the centre's jurisdiction from the offline division list."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("setupJurisdiction")
        self.setTitle(self.tr("辖区"))
        self.setSubTitle(self.tr("选择本中心的辖区（行政区划）。地图、坐标核对和预案排序都以辖区为准；"
                                 "辖区保存在数据库中，所有连接这个数据库的指挥台都使用它。"))
        lay = QVBoxLayout(self)
        self.search = QLineEdit()
        self.search.setObjectName("divisionSearch")
        self.search.setPlaceholderText(self.tr("输入名称或行政区划代码查找，如 郑州、金水、4101"))
        self.search.setClearButtonEnabled(True)
        self.list = QListWidget()
        self.list.setObjectName("divisionList")
        self.chosen = _wrapping()
        self.chosen.setObjectName("divisionChosen")
        self.error = _wrapping()
        self.error.setStyleSheet(ERROR_STYLE)
        lay.addWidget(self.search)
        lay.addWidget(self.list, 1)
        lay.addWidget(self.chosen)
        lay.addWidget(self.error)
        self.code: str | None = None
        self.search.textChanged.connect(self.refresh)
        self.list.currentItemChanged.connect(self._picked)

    def _wizard(self) -> SetupWizard:
        wiz = self.wizard()
        assert isinstance(wiz, SetupWizard)
        return wiz

    def initializePage(self) -> None:
        from console.geo.divisions import division

        wiz = self._wizard()
        site = wiz.console.site.get() if wiz.console is not None else None
        code = wiz.preset or (site.jurisdiction if site is not None else None)
        d = division(code) if code else None
        if d is not None:
            self.search.setText(d.name)
            self.choose(d.code)
        else:
            self.refresh()

    def refresh(self) -> None:
        from console.geo.divisions import search_divisions

        found = search_divisions(self.search.text(), limit=300)
        self.list.blockSignals(True)
        self.list.clear()
        for d in found:
            item = QListWidgetItem(f"{d.label}　{d.full_name}")
            item.setData(Qt.ItemDataRole.UserRole, d.code)
            self.list.addItem(item)
            if d.code == self.code:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        if not found:
            self.error.setText(self.tr("没有找到「{query}」：请输入名称的一部分或代码前缀").format(query=self.search.text()))
        else:
            self.error.clear()

    def _picked(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.choose(str(item.data(Qt.ItemDataRole.UserRole)))

    def choose(self, code: str) -> None:
        """Select a division by code (the list shows it when the search finds it)."""
        from console.geo.divisions import LEVEL_TITLES, division

        d = division(code)
        if d is None:
            self.error.setText(self.tr("行政区划代码「{code}」不在离线行政区划数据中").format(code=code))
            return
        self.code = d.code
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == d.code and self.list.currentItem() is not item:
                self.list.blockSignals(True)
                self.list.setCurrentItem(item)
                self.list.blockSignals(False)
        self.chosen.setText(self.tr("已选择：{code} {full}（{level}）").format(
            code=d.code, full=d.full_name, level=LEVEL_TITLES.get(d.level, d.level)))
        self.error.clear()
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.code is not None

    def validatePage(self) -> bool:
        wiz = self._wizard()
        assert wiz.console is not None and self.code is not None
        actor, role = wiz.who
        try:
            wiz.console.site.set_jurisdiction(self.code, actor=actor, role=role)
        except Refused as exc:
            self.error.setText(str(exc))
            return False
        wiz.rebuild()
        return True


class AdminPage(QWizardPage):
    """管理员: the first account, a 系统管理员."""

    def __init__(self) -> None:
        super().__init__()
        from console.auth.accounts import MAX_USERNAME, MIN_PASSWORD

        self.setObjectName("setupAdmin")
        self.setTitle(self.tr("管理员"))
        self.setSubTitle(self.tr("创建第一个账号：系统管理员。之后由管理员在「账号」中为值班员、指挥长等创建账号；"
                                 "有账号后，每次启动都需要登录，所有操作记录在事件日志中。"))
        self.setCommitPage(True)
        form = QFormLayout(self)
        self.username = QLineEdit()
        self.username.setObjectName("adminUsername")
        self.username.setText("admin")
        self.display_name = QLineEdit()
        self.display_name.setObjectName("adminName")
        self.password = QLineEdit()
        self.password.setObjectName("adminPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.again = QLineEdit()
        self.again.setObjectName("adminPasswordAgain")
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("登录名"), self.username)
        form.addRow(self.tr("姓名"), self.display_name)
        form.addRow(self.tr("密码"), self.password)
        form.addRow(self.tr("再次输入密码"), self.again)
        form.addRow(_wrapping(self.tr(
            "规则：登录名不能含空格，不超过 {n} 个字符；密码至少 {m} 位，请勿使用生日、电话号码等"
            "容易猜到的密码。密码丢失后只能由另一位管理员重置。").format(n=MAX_USERNAME, m=MIN_PASSWORD)))
        self.error = _wrapping()
        self.error.setObjectName("adminError")
        self.error.setStyleSheet(ERROR_STYLE)
        form.addRow(self.error)
        for w in (self.username, self.display_name, self.password, self.again):
            w.textChanged.connect(self.completeChanged)

    def isComplete(self) -> bool:
        return all(w.text().strip() for w in (self.username, self.display_name, self.password, self.again))

    def validatePage(self) -> bool:
        wiz = self.wizard()
        assert isinstance(wiz, SetupWizard) and wiz.console is not None
        if self.password.text() != self.again.text():
            self.error.setText(self.tr("两次输入的密码不一致，请重新输入"))
            return False
        accounts = wiz.console.accounts
        try:
            accounts.create(self.username.text().strip(), self.password.text(), role="admin",
                            display_name=self.display_name.text().strip(), by=None)
            wiz.login = accounts.login(self.username.text().strip(), self.password.text())
        except Refused as exc:
            self.error.setText(str(exc))
            return False
        wiz.console.signer = wiz.login.signer()
        wiz.summaries.append(self.tr("系统管理员：{name}（{user}）").format(
            name=self.display_name.text().strip(), user=self.username.text().strip()))
        return True


class StepRow(QGroupBox):
    """One import: the file, 选择文件…, 使用示例, 导入, and what happened."""

    def __init__(self, step: ImportStep, page: ImportPage) -> None:
        super().__init__(step.title)
        self.step = step
        self.page = page
        self.setObjectName(f"step_{step.key}")
        lay = QVBoxLayout(self)
        if step.hint:
            hint = _wrapping(step.hint)
            hint.setStyleSheet("color: #555;")
            lay.addWidget(hint)
        row = QHBoxLayout()
        self.path = QLineEdit()
        self.path.setObjectName(f"path_{step.key}")
        self.path.setPlaceholderText(self.tr("文件路径（可不导入，直接下一步）"))
        browse = QPushButton(self.tr("选择文件…"))
        browse.clicked.connect(self._browse)
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        if step.sample is not None:
            sample = QPushButton(self.tr("使用示例"))
            sample.setToolTip(str(step.sample))
            sample.clicked.connect(lambda: self.path.setText(str(step.sample)))
            row.addWidget(sample)
        self.run_button = QPushButton(self.tr("导入"))
        self.run_button.setObjectName(f"run_{step.key}")
        self.run_button.clicked.connect(self.run)
        row.addWidget(self.run_button)
        lay.addLayout(row)
        self.status = _wrapping()
        self.status.setObjectName(f"status_{step.key}")
        lay.addWidget(self.status)
        self.done: list[str] = []

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.step.title, self.path.text(), self.step.file_filter)
        if path:
            self.path.setText(path)

    def run(self) -> bool:
        """Import the file; the summary, or every problem the importer found (nothing written)."""
        wiz = self.page.wizard()
        assert isinstance(wiz, SetupWizard) and wiz.console is not None
        text = self.path.text().strip()
        if not text:
            self._say(self.tr("请先选择文件"), ok=False)
            return False
        actor, role = wiz.who
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            summary = self.step.run(wiz.console, Path(text), actor, role)
        except Refused as exc:
            self._say(self.tr("未导入：{reason}").format(reason=exc), ok=False)
            return False
        except OSError as exc:
            self._say(self.tr("未导入：无法读取文件（{reason}）").format(reason=exc.strerror or exc), ok=False)
            return False
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.done.append(summary)
        wiz.summaries.append(f"{self.step.title}：{summary}")
        self._say("\n".join(self.done), ok=True)
        return True

    def _say(self, text: str, *, ok: bool) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(OK_STYLE if ok else ERROR_STYLE)


class ImportPage(QWizardPage):
    """预案 or 基础数据: the registered import steps of one page (each may be skipped)."""

    def __init__(self, key: str) -> None:
        super().__init__()
        self.key = key
        self.setObjectName(f"setup_{key}")
        if key == "plans":
            self.setTitle(self.tr("预案"))
            self.setSubTitle(self.tr("把本中心的应急预案（YAML 格式）加入这个数据库的预案库。每个预案先经检查，有错误时"
                                     "列出文件、行、列，不会加入。接报时只提供预案库中的预案；也可以稍后由管理员在"
                                     "「管理 → 预案库」中加入。"))
        else:
            self.setTitle(self.tr("基础数据"))
            self.setSubTitle(self.tr("导入储备库、应急物资库存、专家库、乡镇和监管对象名录、最低储备量"
                                     "（CSV 或 Excel）。每个文件全部通过检查才写入；有问题时逐行列出，不写入任何数据。"
                                     "也可以跳过，以后在「管理 → 基础数据」中导入。"))
        outer = QVBoxLayout(self)
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setFrameShape(QScrollArea.Shape.NoFrame)
        inner = QWidget()
        self.box = QVBoxLayout(inner)
        area.setWidget(inner)
        outer.addWidget(area)
        self.rows: dict[str, StepRow] = {}

    def initializePage(self) -> None:
        if self.rows:
            return
        for step in steps_for(self.key):  # read now: steps registered after import are included
            row = StepRow(step, self)
            self.rows[step.key] = row
            self.box.addWidget(row)
        self.box.addStretch(1)


class DonePage(QWizardPage):
    """完成: what was set up."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("setupDone")
        self.setTitle(self.tr("完成"))
        self.setSubTitle(self.tr("设置完成。点「完成」打开指挥台，并以新建的管理员身份登录。"))
        lay = QVBoxLayout(self)
        self.summary = _wrapping()
        self.summary.setObjectName("setupSummary")
        lay.addWidget(self.summary)
        lay.addStretch(1)

    def initializePage(self) -> None:
        wiz = self.wizard()
        assert isinstance(wiz, SetupWizard) and wiz.console is not None and wiz.db is not None
        site = wiz.console.site.get()
        lines = [self.tr("数据库：{db}").format(db=str(wiz.db)),
                 self.tr("辖区：{name}（{code}）").format(name=site.full_name or site.name, code=site.jurisdiction)
                 if site is not None else self.tr("辖区：未设置")]
        lines += wiz.summaries or []
        skipped = [s.title for key in ("plans", "data") if key in wiz.pages
                   for s in steps_for(key) if not _page_rows(wiz.pages[key]).get(s.key)]
        if skipped:
            lines.append(self.tr("未导入（以后可在指挥台或命令行中导入）：{what}").format(what="、".join(skipped)))
        self.summary.setText("\n".join(lines))


def _page_rows(page: QWizardPage) -> dict[str, bool]:
    rows = getattr(page, "rows", {})
    return {k: bool(r.done) for k, r in rows.items()}
