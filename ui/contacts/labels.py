"""The contacts feature's words in the window's language, one literal per text so that the
translation tooling finds each (the core keeps the Chinese: console/contacts)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def methods() -> dict[str, str]:
    return {"phone": QCoreApplication.translate("MainWindow", "电话"),
            "sms": QCoreApplication.translate("MainWindow", "短信"),
            "fax": QCoreApplication.translate("MainWindow", "传真"),
            "in_person": QCoreApplication.translate("MainWindow", "当面")}


def results() -> dict[str, str]:
    return {"connected": QCoreApplication.translate("MainWindow", "已接通"),
            "no_answer": QCoreApplication.translate("MainWindow", "未接通"),
            "informed": QCoreApplication.translate("MainWindow", "已告知"),
            "replied": QCoreApplication.translate("MainWindow", "已回复")}


def kinds() -> dict[str, str]:
    return {"unit": QCoreApplication.translate("MainWindow", "单位"),
            "leader": QCoreApplication.translate("MainWindow", "带班领导"),
            "person": QCoreApplication.translate("MainWindow", "联络人"),
            "member": QCoreApplication.translate("MainWindow", "成员单位"),
            "expert": QCoreApplication.translate("MainWindow", "专家")}


def channels() -> dict[str, str]:
    """A plan notice's channel, by its Chinese title (as console.contacts.notifications gives it)."""
    return {"电话": QCoreApplication.translate("MainWindow", "电话"),
            "公文": QCoreApplication.translate("MainWindow", "公文"),
            "系统": QCoreApplication.translate("MainWindow", "系统"),
            "短信": QCoreApplication.translate("MainWindow", "短信"),
            "传真": QCoreApplication.translate("MainWindow", "传真")}


def columns() -> dict[str, str]:
    """The directory's columns (console.contacts.directory.COLUMNS)."""
    return {"code": QCoreApplication.translate("MainWindow", "编号"),
            "kind": QCoreApplication.translate("MainWindow", "类别"),
            "name": QCoreApplication.translate("MainWindow", "名称或姓名"),
            "organisation": QCoreApplication.translate("MainWindow", "所属单位"),
            "position": QCoreApplication.translate("MainWindow", "职务或值班角色"),
            "office_phone": QCoreApplication.translate("MainWindow", "办公电话"),
            "mobile": QCoreApplication.translate("MainWindow", "手机"),
            "fax": QCoreApplication.translate("MainWindow", "传真"),
            "duties": QCoreApplication.translate("MainWindow", "职责"),
            "plan_units": QCoreApplication.translate("MainWindow", "预案工作组"),
            "region": QCoreApplication.translate("MainWindow", "地区"),
            "note": QCoreApplication.translate("MainWindow", "备注")}
