"""The contacts panel (通讯录与通知)."""

from ui.contacts.panel import ContactsPanel

__all__ = ["ContactsPanel"]
