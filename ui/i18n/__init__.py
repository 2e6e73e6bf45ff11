"""Translations of the console's UI (Chinese source strings, English translation).

The UI is written in Chinese (the users' language); ``console_en.ts`` holds the English
translation, compiled to ``console_en.qm`` by ``python -m tools.i18n_update`` (which runs
``pyside6-lupdate`` and ``pyside6-lrelease`` from the venv). Texts that come from plans
(state, event, rule titles) are data and stay as the plan writes them.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

HERE = Path(__file__).resolve().parent

__all__ = ["install_translators"]

_installed: list[QTranslator] = []


def install_translators(app: QCoreApplication, language: str) -> bool:
    """Install the translators for ``language`` ('zh_CN' or 'en') on the application,
    replacing any installed before. Returns False when the English file is missing."""
    for t in _installed:
        app.removeTranslator(t)
    _installed.clear()
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    ok = True
    if language == "en":
        t = QTranslator(app)
        ok = t.load(str(HERE / "console_en.qm"))
        if ok:
            app.installTranslator(t)
            _installed.append(t)
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    else:
        base = QTranslator(app)  # Qt's own buttons (确定/取消) in Chinese
        if base.load("qtbase_zh_CN", qt_dir):
            app.installTranslator(base)
            _installed.append(base)
        from ui.i18n.qt_zh import QtLeftovers

        rest = QtLeftovers(app)  # the few texts of Qt's dialogs its catalogue leaves in English
        app.installTranslator(rest)
        _installed.append(rest)
        QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    return ok
