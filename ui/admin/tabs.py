"""The administration window's tabs beyond 账号, one line per feature that has something to set
up: registered when the window is first opened (titles translated then, not at import)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from ui.admin.window import AdminContext, register_admin_tab


def install_tabs() -> None:
    """Register the plan library, jurisdiction and reference-data tabs (idempotent: by key).
    Backups join here with the deployment work (db backup / db restore)."""
    from ui.library import PlanLibraryWidget
    from ui.reference.dialog import ReferenceDialog
    from ui.setup.jurisdiction_tab import JurisdictionTab

    def plans(ctx: AdminContext) -> PlanLibraryWidget:
        return PlanLibraryWidget(ctx.console, ctx.username, "admin")

    register_admin_tab("plans", QCoreApplication.translate("AdminTabs", "预案库"), plans)

    def jurisdiction(ctx: AdminContext) -> JurisdictionTab:
        return JurisdictionTab(ctx.console, ctx.username, ctx.settings)

    register_admin_tab("jurisdiction", QCoreApplication.translate("AdminTabs", "辖区"), jurisdiction)

    def reference(ctx: AdminContext) -> ReferenceDialog:
        return ReferenceDialog(ctx.console, actor=ctx.username, role="admin", embedded=True)

    register_admin_tab("reference", QCoreApplication.translate("AdminTabs", "基础数据"), reference)

    def backups(ctx: AdminContext) -> QWidget:
        from ui.admin.backup import BackupTab

        return BackupTab(ctx.console, ctx.username)

    register_admin_tab("backups", QCoreApplication.translate("AdminTabs", "备份"), backups)
