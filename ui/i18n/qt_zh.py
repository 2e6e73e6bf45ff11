"""Qt's own dialog texts that ``qtbase_zh_CN.qm`` leaves in English.

The shipped Chinese catalogue of Qt predates some of its sources: the non-native file dialog's
「&Look in:」 and 「Files of &type:」 labels and a few standard buttons have no translation, so a
Chinese window showed them in English. This translator, installed after Qt's own, answers
only those.
"""

from __future__ import annotations

from PySide6.QtCore import QTranslator

LEFTOVERS: dict[tuple[str, str], str] = {
    ("QFileDialog", "&Look in:"): "查找范围(&L)：",
    ("QFileDialog", "Files of &type:"): "文件类型(&T)：",
    ("QFileDialog", "File name:"): "文件名：",
    ("QPlatformTheme", "Don't Save"): "不保存",
    ("QPlatformTheme", "Close without Saving"): "关闭且不保存",
    ("QPlatformTheme", "Yes to All"): "全部是",
    ("QPlatformTheme", "No to All"): "全部否",
}


class QtLeftovers(QTranslator):
    """Chinese for the Qt texts in :data:`LEFTOVERS`; every other text is left to the others."""

    def translate(self, context: str, source: str, disambiguation: str | None = None,
                  n: int = -1) -> str | None:
        return LEFTOVERS.get((context, source))  # None: not ours (an empty text would hide the others')

    def isEmpty(self) -> bool:  # noqa: N802 (Qt name)
        return False
