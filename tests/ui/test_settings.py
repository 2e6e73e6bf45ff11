"""Settings: defaults, bad values and damaged files fall back with a notice; the dialog validates inline."""

from __future__ import annotations

import pytest

from ui.settings import ConsoleSettings


def test_defaults_and_round_trip(qapp, tmp_path):
    s = ConsoleSettings(tmp_path / "c.ini")
    assert (s.language, s.tile_url, s.user, s.role) == ("zh_CN", None, "值班员", "commander")
    assert s.notices == []
    s.set("language", "en")
    s.set("tile_url", "http://tiles.local/{z}/{x}/{y}.png")
    again = ConsoleSettings(tmp_path / "c.ini")
    assert again.language == "en" and again.tile_url == "http://tiles.local/{z}/{x}/{y}.png"
    assert again.notices == []


def test_a_bad_value_is_reset_with_a_notice_naming_it(qapp, tmp_path):
    path = tmp_path / "c.ini"
    path.write_text("[General]\nlanguage=klingon\ntile_url=ftp://x/{z}\nuser=张三\n", encoding="utf-8")
    s = ConsoleSettings(path)
    assert s.language == "zh_CN" and s.tile_url is None and s.user == "张三"
    assert len(s.notices) == 2
    assert "language" in s.notices[0] and "klingon" in s.notices[0] and "zh_CN" in s.notices[0]
    assert "tile_url" in s.notices[1]
    assert ConsoleSettings(path).notices == []  # reset for good


@pytest.mark.parametrize("content", [b"\xff\xfe\x00\x01binary", b"[General\nlanguage=en\n", b"just some words\n"])
def test_damaged_file_falls_back_to_defaults(qapp, tmp_path, content):
    path = tmp_path / "c.ini"
    path.write_bytes(content)
    s = ConsoleSettings(path)
    assert s.language == "zh_CN"
    assert len(s.notices) == 1 and "已损坏" in s.notices[0] and str(path) in s.notices[0]
    assert (tmp_path / "c.ini.corrupt").read_bytes() == content
    s.set("user", "李四")
    assert ConsoleSettings(path).user == "李四" and ConsoleSettings(path).notices == []


def test_settings_dialog_validates_inline_and_saves(qapp, qtbot, tmp_path):
    from ui.incidents.dialogs import SettingsDialog

    s = ConsoleSettings(tmp_path / "c.ini")
    dlg = SettingsDialog(s, {"commander": "指挥长", "duty_officer": "值班员"})
    qtbot.addWidget(dlg)
    dlg.open()
    dlg.tile_url.setText("tiles.local/{z}/{x}/{y}.png")
    dlg.buttons.accepted.emit()
    assert dlg.isVisible() and dlg.tile_error.isVisible() and "http://" in dlg.tile_error.text()
    assert s.tile_url is None  # nothing saved
    dlg.tile_url.setText("http://10.1.2.3:8080/{z}/{x}/{y}.png")
    dlg.language.setCurrentIndex(dlg.language.findData("en"))
    dlg.role.setCurrentIndex(dlg.role.findData("duty_officer"))
    dlg.buttons.accepted.emit()
    assert not dlg.isVisible()
    again = ConsoleSettings(tmp_path / "c.ini")
    assert (again.language, again.tile_url, again.role) == ("en", "http://10.1.2.3:8080/{z}/{x}/{y}.png",
                                                            "duty_officer")


def test_settings_dialog_chooses_the_database(qapp, qtbot, tmp_path):
    from ui.incidents.dialogs import SettingsDialog

    s = ConsoleSettings(tmp_path / "c.ini")
    assert s.database is None  # the embedded database
    dlg = SettingsDialog(s, {"commander": "指挥长"})
    qtbot.addWidget(dlg)
    dlg.open()
    dlg.database.setText("mysql://somewhere/db")
    dlg.buttons.accepted.emit()
    assert dlg.isVisible() and dlg.database_error.isVisible() and "postgresql://" in dlg.database_error.text()
    assert s.database is None
    dlg.database.setText("postgresql://console@10.1.2.3/fds")
    dlg.buttons.accepted.emit()
    assert not dlg.isVisible()
    assert ConsoleSettings(tmp_path / "c.ini").database == "postgresql://console@10.1.2.3/fds"
    # a hand-edited bad value falls back to the embedded database with a notice
    (tmp_path / "c.ini").write_text("[General]\ndatabase=ftp://x\n", "utf-8")
    bad = ConsoleSettings(tmp_path / "c.ini")
    assert bad.database is None and any("database" in n for n in bad.notices)
