"""The administration window (管理 → 账号管理…): accounts, and the tabs other features plug in.

``ui.admin.window.AdminWindow`` holds the tabs; ``ui.admin.window.register_admin_tab`` adds a
tab (预案库, 辖区, 基础数据, 备份 …) to every administration window opened afterwards;
``ui.admin.menu.add_admin_menu`` adds the 管理 menu for an administrator.
"""
