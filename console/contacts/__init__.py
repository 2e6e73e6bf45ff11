"""Contacts: the directory of units and people (通讯录) and the notification log (通知记录)."""
