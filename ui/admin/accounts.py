"""The 账号 tab of the administration window: the accounts, and what the administrator does
with them — 新建账号, 修改角色 (with 另任 and 工作组), 重设密码, 锁定/解锁, 停用/启用.

Every change goes through :class:`console.auth.accounts.AccountService` (the same checks and
the same ``admin.*`` events in the hash chain as ``python -m console user …``). A refusal is
shown in the dialog that asked, in Chinese, and nothing is written; the list is read again
after every change. The dangerous steps (重设密码, 锁定, 停用) ask first (Enter cancels).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from console.auth.accounts import MAX_LOCK_REASON, MIN_PASSWORD, AccountService, User
from console.auth.roles import ROLE_TITLES
from console.clock import CHINA_TZ
from console.errors import Refused
from console.store.chain import from_us
from ui.admin.window import AdminContext
from ui.widgets.confirm import ask_confirm
from ui.widgets.names import role_name

COLUMNS = 7
ERROR_STYLE = "color: #b00020;"
INFO_STYLE = "color: #1f4e79;"


def _when(us: int | None) -> str:
    if us is None:
        return "—"
    t: datetime = from_us(us).astimezone(CHINA_TZ)
    return f"{t:%Y-%m-%d %H:%M}"


class _ActionDialog(QDialog):
    """A form that asks what an action needs; OK runs ``action`` — a refusal is shown here and
    the dialog stays open; success closes it and calls ``done_``."""

    def __init__(self, title: str, ok_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(460)  # room for a refusal that lists the plans' units
        self.form = QFormLayout()
        self.error = QLabel(objectName="adminDialogError")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(
            self.tr("取消"))
        self.buttons.accepted.connect(self.run)
        self.buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addLayout(self.form)
        box.addWidget(self.error)
        box.addWidget(self.buttons)
        self.action: Callable[[], str | None] = lambda: None
        self.done_: Callable[[str], None] = lambda _m: None
        self.result_text: str | None = None

    def refuse(self, reason: str) -> None:
        self.error.setText(reason)
        self.error.show()

    def run(self) -> None:
        try:
            message = self.action()
        except Refused as exc:
            self.refuse(exc.reason)
            return
        if message is None:  # not confirmed, or the form said what is missing
            return
        self.result_text = message
        self.accept()
        self.done_(message)


def _role_combo(current: str | None = None) -> QComboBox:
    combo = QComboBox(objectName="adminRole")
    for r in ROLE_TITLES:
        combo.addItem(f"{role_name(r)}（{r}）", r)
    if current is not None:
        combo.setCurrentIndex(max(0, combo.findData(current)))
    return combo


def _also_list(selected: tuple[str, ...] = ()) -> QListWidget:
    lst = QListWidget(objectName="adminAlso")
    for r in ROLE_TITLES:
        it = QListWidgetItem(f"{role_name(r)}（{r}）")
        it.setData(Qt.ItemDataRole.UserRole, r)
        it.setFlags(it.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        it.setCheckState(Qt.CheckState.Checked if r in selected else Qt.CheckState.Unchecked)
        lst.addItem(it)
    lst.setMaximumHeight(120)
    return lst


def _checked(lst: QListWidget, primary: str) -> tuple[str, ...]:
    out = []
    for i in range(lst.count()):
        it = lst.item(i)
        r = str(it.data(Qt.ItemDataRole.UserRole))
        if it.checkState() == Qt.CheckState.Checked and r != primary:
            out.append(r)
    return tuple(out)


class _UnitCombo(QComboBox):
    """The units of the plans in the database (editable: a unit typed by name or id is checked
    by the account service, which names the known ones when it does not know it)."""

    def __init__(self, svc: AccountService, current: str | None = None) -> None:
        super().__init__(objectName="adminUnit")
        self.setEditable(True)
        self.addItem(self.tr("（无）"), "")
        for u in svc.known_units():
            self.addItem(u.label, u.title)
        if current:
            i = self.findData(current)
            if i >= 0:
                self.setCurrentIndex(i)
            else:
                self.setEditText(current)
        else:
            self.setCurrentIndex(0)

    def unit(self) -> str | None:
        text = self.currentText().strip()
        i = self.findText(text)
        if i >= 0:
            return str(self.itemData(i)) or None
        return text or None


class AccountDialog(_ActionDialog):
    """新建账号: 登录名, 姓名, 角色, 另任, 工作组, 密码 (twice)."""

    def __init__(self, svc: AccountService, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("新建账号"), self.tr("创建"), parent)
        self.setObjectName("adminNewAccount")
        self.username = QLineEdit(objectName="adminUsername")
        self.display_name = QLineEdit(objectName="adminDisplayName")
        self.role = _role_combo("duty_officer")
        self.also = _also_list()
        self.unit = _UnitCombo(svc)
        self.password = QLineEdit(objectName="adminPassword")
        self.password2 = QLineEdit(objectName="adminPassword2")
        for e in (self.password, self.password2):
            e.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("至少 {n} 位").format(n=MIN_PASSWORD))
        self.form.addRow(self.tr("登录名"), self.username)
        self.form.addRow(self.tr("姓名"), self.display_name)
        self.form.addRow(self.tr("角色"), self.role)
        self.form.addRow(self.tr("另任"), self.also)
        self.form.addRow(self.tr("工作组"), self.unit)
        self.form.addRow(self.tr("密码"), self.password)
        self.form.addRow(self.tr("再次输入密码"), self.password2)


class RoleDialog(_ActionDialog):
    """修改角色: the primary role, further roles (另任) and the unit (工作组)."""

    def __init__(self, svc: AccountService, user: User, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("修改角色 — {name}").format(name=user.username), self.tr("保存"), parent)
        self.setObjectName("adminRoleDialog")
        self.role = _role_combo(user.role)
        self.also = _also_list(user.roles[1:])
        self.unit = _UnitCombo(svc, user.unit)
        self.form.addRow(self.tr("账号"), QLabel(f"{user.username}（{user.display_name}）"))
        self.form.addRow(self.tr("角色"), self.role)
        self.form.addRow(self.tr("另任"), self.also)
        self.form.addRow(self.tr("工作组"), self.unit)


class PasswordDialog(_ActionDialog):
    """重设密码: the new password, twice."""

    def __init__(self, user: User, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("重设密码 — {name}").format(name=user.username), self.tr("重设"), parent)
        self.setObjectName("adminPasswordDialog")
        self.password = QLineEdit(objectName="adminPassword")
        self.password2 = QLineEdit(objectName="adminPassword2")
        for e in (self.password, self.password2):
            e.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("至少 {n} 位").format(n=MIN_PASSWORD))
        self.form.addRow(self.tr("账号"), QLabel(f"{user.username}（{user.display_name}）"))
        self.form.addRow(self.tr("新密码"), self.password)
        self.form.addRow(self.tr("再次输入新密码"), self.password2)


class LockDialog(_ActionDialog):
    """锁定: the reason, shown to the person when their login is refused."""

    def __init__(self, user: User, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("锁定账号 — {name}").format(name=user.username), self.tr("锁定"), parent)
        self.setObjectName("adminLockDialog")
        self.reason = QLineEdit(objectName="adminLockReason")
        self.reason.setMaxLength(MAX_LOCK_REASON)
        self.reason.setPlaceholderText(self.tr("如：调离岗位、密码疑似泄露"))
        self.form.addRow(self.tr("账号"), QLabel(f"{user.username}（{user.display_name}）"))
        self.form.addRow(self.tr("锁定原因"), self.reason)
        note = QLabel(self.tr("锁定后该账号不能登录，直到管理员解锁；登录时显示此原因。"))
        note.setWordWrap(True)
        self.form.addRow(note)


class AccountsTab(QWidget):
    """The accounts table and the administrator's buttons."""

    def __init__(self, context: AdminContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("adminAccounts")
        self.context = context
        self.svc = context.console.accounts
        self.me = context.username
        self.users: list[User] = []
        self.dialog: QDialog | None = None  # the dialog last opened (kept while it is open)
        self.table = QTableWidget(0, COLUMNS, objectName="accountsTable")
        self.table.setHorizontalHeaderLabels([self.tr("登录名"), self.tr("姓名"), self.tr("角色"), self.tr("另任"),
                                              self.tr("工作组"), self.tr("状态"), self.tr("最近登录")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemDoubleClicked.connect(lambda _i: self.change_role())

        def button(text: str, name: str, slot: Callable[[], object]) -> QPushButton:
            b = QPushButton(text, objectName=name)
            b.clicked.connect(lambda _=False: slot())
            return b

        self.new_button = button(self.tr("新建账号…"), "adminNew", self.new_account)
        self.role_button = button(self.tr("修改角色…"), "adminRole", self.change_role)
        self.password_button = button(self.tr("重设密码…"), "adminPassword", self.reset_password)
        self.lock_button = button(self.tr("锁定…"), "adminLock", self.lock_selected)
        self.unlock_button = button(self.tr("解锁"), "adminUnlock", self.unlock_selected)
        self.disable_button = button(self.tr("停用"), "adminDisable", lambda: self.set_active_selected(False))
        self.enable_button = button(self.tr("启用"), "adminEnable", lambda: self.set_active_selected(True))
        self.refresh_button = button(self.tr("刷新"), "adminRefresh", self.refresh)
        row = QHBoxLayout()
        for b in (self.new_button, self.role_button, self.password_button, self.lock_button, self.unlock_button,
                  self.disable_button, self.enable_button):
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(self.refresh_button)
        self.message = QLabel(objectName="adminMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()
        help_ = QLabel(self.tr("停用：不再使用的账号（离职、调离）。锁定：暂时不许登录，登录时显示原因，"
                               "解锁后照常使用；登录失败次数过多的锁定也在此解除。"))
        help_.setWordWrap(True)
        help_.setStyleSheet("color: #555;")
        box = QVBoxLayout(self)
        box.addLayout(row)
        box.addWidget(self.table, 1)
        box.addWidget(self.message)
        box.addWidget(help_)
        self.refresh()

    # -- reading ---------------------------------------------------------------------------
    def refresh(self) -> None:
        keep = self.selected_name()
        try:
            self.users = self.svc.list()
        except Refused as exc:
            self.say(exc.reason, error=True)
            return
        self.table.setRowCount(len(self.users))
        for r, u in enumerate(self.users):
            cells = [u.username, u.display_name, role_name(u.role), "、".join(role_name(x) for x in u.roles[1:]),
                     u.unit or "", self.status_text(u), _when(u.last_login_us)]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c == 5 and u.locked:
                    item.setToolTip(u.lock_text)
                if c == 5 and u.status != "启用":
                    item.setForeground(Qt.GlobalColor.darkRed)
                self.table.setItem(r, c, item)
        if keep is not None:
            self.select(keep)
        self._update_buttons()

    @staticmethod
    def status_text(u: User) -> str:
        """启用, 停用 or 锁定 with why (the status words have a context of their own: the
        buttons 停用/启用 are verbs)."""
        if not u.active:
            return QCoreApplication.translate("AccountStatus", "停用")
        if u.lock_reason is not None:
            return QCoreApplication.translate("AccountStatus", "锁定：{reason}").format(reason=u.lock_reason)
        if u.locked_until_us is not None:
            return QCoreApplication.translate("AccountStatus", "锁定（登录失败过多，至 {until}）").format(
                until=_when(u.locked_until_us)[11:])
        return QCoreApplication.translate("AccountStatus", "启用")

    def row_of(self, username: str) -> int:
        for r, u in enumerate(self.users):
            if u.username == username:
                return r
        return -1

    def select(self, username: str) -> bool:
        r = self.row_of(username)
        if r < 0:
            return False
        self.table.selectRow(r)
        return True

    def selected_name(self) -> str | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows or rows[0].row() >= len(self.users):
            return None
        return self.users[rows[0].row()].username

    def selected(self) -> User | None:
        name = self.selected_name()
        return next((u for u in self.users if u.username == name), None)

    def _update_buttons(self) -> None:
        u = self.selected()
        for b in (self.role_button, self.password_button):
            b.setEnabled(u is not None)
        self.lock_button.setEnabled(u is not None and u.lock_reason is None)
        self.unlock_button.setEnabled(u is not None and u.locked)
        self.disable_button.setEnabled(u is not None and u.active)
        self.enable_button.setEnabled(u is not None and not u.active)

    def say(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(ERROR_STYLE if error else INFO_STYLE)
        self.message.show()

    def _done(self, text: str, username: str | None = None) -> None:
        self.refresh()
        if username is not None:
            self.select(username)
        if self.svc.db.dialect == "postgresql":
            text += self.tr("。PostgreSQL：请数据库所有者运行 python -m console db grant，使数据库登录与账号一致"
                            "（新建、启用或解锁的账号再运行 db grant --user 登录名 设置其数据库密码）")
        self.say(text)

    def _me(self) -> User:
        me = self.svc.get(self.me)
        if me is None:
            raise Refused(self.tr("没有用户「{name}」").format(name=self.me))
        return me

    def _open(self, dlg: _ActionDialog) -> _ActionDialog:
        self.dialog = dlg
        dlg.setWindowModality(Qt.WindowModality.WindowModal)
        dlg.open()
        return dlg

    # -- the actions -----------------------------------------------------------------------
    def new_account(self) -> AccountDialog:
        dlg = AccountDialog(self.svc, self)

        def act() -> str | None:
            if dlg.password.text() != dlg.password2.text():
                dlg.refuse(self.tr("两次输入的密码不一致"))
                return None
            role = str(dlg.role.currentData())
            u = self.svc.create(dlg.username.text(), dlg.password.text(), role=role,
                                display_name=dlg.display_name.text(), by=self._me(), unit=dlg.unit.unit(),
                                also=_checked(dlg.also, role))
            return self.tr("已创建账号 {name}（{title}）").format(name=u.username, title=u.display_name)

        dlg.action = act
        dlg.done_ = lambda m: self._done(m, dlg.username.text().strip())
        return self._open(dlg)  # type: ignore[return-value]

    def change_role(self) -> RoleDialog | None:
        u = self.selected()
        if u is None:
            return None
        dlg = RoleDialog(self.svc, u, self)

        def act() -> str | None:
            role = str(dlg.role.currentData())
            also = _checked(dlg.also, role)
            self.svc.set_role(u.username, role, by=self._me(), unit=dlg.unit.unit(), also=also)
            return self.tr("已修改 {name} 的角色").format(name=u.username)

        dlg.action = act
        dlg.done_ = lambda m: self._done(m, u.username)
        return self._open(dlg)  # type: ignore[return-value]

    def reset_password(self) -> PasswordDialog | None:
        u = self.selected()
        if u is None:
            return None
        dlg = PasswordDialog(u, self)

        def act() -> str | None:
            if dlg.password.text() != dlg.password2.text():
                dlg.refuse(self.tr("两次输入的密码不一致"))
                return None
            own = u.username == self.me
            text = (self.tr("重设您自己的密码？下次登录用新密码。") if own else
                    self.tr("重设 {name}（{title}）的密码？旧密码立即失效，该账号的签名密钥换新，"
                            "其命令行会话结束。").format(name=u.username, title=u.display_name))
            if not ask_confirm(dlg, self.tr("重设密码"), text, yes=self.tr("重设密码")):
                return None
            signer = self.context.signer
            key = signer.key if own and signer is not None and signer.certificate is None else None
            self.svc.reset_password(u.username, dlg.password.text(), by=self._me(), key=key)
            return self.tr("已重设 {name} 的密码").format(name=u.username)

        dlg.action = act
        dlg.done_ = lambda m: self._done(m, u.username)
        return self._open(dlg)  # type: ignore[return-value]

    def lock_selected(self) -> LockDialog | None:
        u = self.selected()
        if u is None:
            return None
        if u.username == self.me:  # said at once, not after the reason and the question
            self.say(self.tr("不能锁定自己的账号"), error=True)
            return None
        dlg = LockDialog(u, self)

        def act() -> str | None:
            if not dlg.reason.text().strip():
                dlg.refuse(self.tr("请填写锁定原因（登录被拒时显示给本人）"))
                return None
            if not ask_confirm(dlg, self.tr("锁定账号"),
                               self.tr("锁定 {name}（{title}）？解锁前该账号不能登录，其命令行会话结束。")
                               .format(name=u.username, title=u.display_name), yes=self.tr("锁定")):
                return None
            self.svc.lock(u.username, dlg.reason.text(), by=self._me())
            return self.tr("已锁定账号 {name}").format(name=u.username)

        dlg.action = act
        dlg.done_ = lambda m: self._done(m, u.username)
        return self._open(dlg)  # type: ignore[return-value]

    def unlock_selected(self) -> bool:
        u = self.selected()
        if u is None:
            return False
        return self._try(lambda: self.svc.unlock(u.username, by=self._me()),
                         self.tr("已解锁账号 {name}").format(name=u.username), u.username)

    def set_active_selected(self, active: bool) -> bool:
        u = self.selected()
        if u is None:
            return False
        if not active:
            if u.username == self.me:
                self.say(self.tr("不能停用自己的账号"), error=True)
                return False
            if not ask_confirm(self, self.tr("停用账号"),
                               self.tr("停用 {name}（{title}）？该账号不能再登录，其命令行会话结束；"
                                       "账号与其记录保留，可再启用。").format(name=u.username, title=u.display_name),
                               yes=self.tr("停用")):
                return False
        done = self.tr("已启用账号 {name}") if active else self.tr("已停用账号 {name}")
        return self._try(lambda: self.svc.set_active(u.username, active, by=self._me()),
                         done.format(name=u.username), u.username)

    def _try(self, action: Callable[[], None], done: str, username: str) -> bool:
        try:
            action()
        except Refused as exc:
            self.refresh()
            self.say(exc.reason, error=True)
            return False
        self._done(done, username)
        return True


__all__ = ["AccountDialog", "AccountsTab", "LockDialog", "PasswordDialog", "RoleDialog"]
