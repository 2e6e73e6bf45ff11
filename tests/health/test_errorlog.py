"""The console's error log: typed records written through logging, read back newest first."""

from __future__ import annotations

import logging
from datetime import datetime

import pytest

from console.health import errorlog
from console.health.errorlog import ErrorRecord, install, read_errors, record_error, uninstall


@pytest.fixture
def handler(tmp_path):
    h = install(tmp_path / "data" / "errors.log")
    yield h
    uninstall(h)


def _fail_here() -> None:
    1 / 0  # noqa: B018


def test_an_exception_is_recorded_with_where_it_arose_and_its_traceback(handler):
    log = logging.getLogger("ui.incidents.panels")
    try:
        _fail_here()
    except ZeroDivisionError:
        log.error("刷新事件列表失败", exc_info=True)
    log.warning("数据库暂时无法访问：locked", extra={"where": "数据库状态横幅"})
    logging.getLogger("quiet").info("不记录")  # below WARNING: not an error

    records = read_errors(handler.path, 10)
    assert [r.level for r in records] == ["WARNING", "ERROR"]  # newest first
    warning, error = records
    assert isinstance(error, ErrorRecord) and isinstance(error.time, datetime) and error.time.tzinfo
    assert error.where.startswith("ui.incidents.panels:")
    assert "刷新事件列表失败" in error.message and "ZeroDivisionError" in error.message
    assert "_fail_here" in error.traceback and "Traceback" in error.traceback
    assert warning.where == "数据库状态横幅" and warning.traceback == ""
    assert read_errors(handler.path, 1) == [warning]


def test_record_error_names_the_place_and_keeps_the_exception(handler):
    try:
        raise RuntimeError("地图页面无响应")
    except RuntimeError as exc:
        record_error("地图", "地图加载失败", exc=exc)
    (r,) = read_errors(handler.path)
    assert (r.where, r.level) == ("地图", "ERROR") and "地图页面无响应" in r.traceback


def test_the_log_rotates_and_the_reader_reads_across_files(tmp_path, monkeypatch):
    monkeypatch.setattr(errorlog, "MAX_BYTES", 2_000)
    h = install(tmp_path / "errors.log")
    try:
        for i in range(60):
            logging.getLogger("soak").error("第 %d 个错误", i)
    finally:
        uninstall(h)
    files = errorlog.log_files(tmp_path / "errors.log")
    assert len(files) == 1 + errorlog.BACKUPS  # errors.log, .1, .2, .3: older ones dropped
    assert all(f.stat().st_size <= 2_500 for f in files)
    records = read_errors(tmp_path / "errors.log", 1000)
    assert records[0].message == "第 59 个错误"
    numbers = [int(r.message.split()[1]) for r in records]
    assert numbers == sorted(numbers, reverse=True) and len(numbers) > 20


def test_lines_that_are_not_records_are_skipped(tmp_path):
    path = tmp_path / "errors.log"
    good = ErrorRecord(datetime.fromisoformat("2026-12-04T10:00:00+00:00"), "ERROR", "x:y", "坏了", "tb")
    path.write_text("手工编辑的一行\n" + good.line() + "\n{\"time\": \"2026-12\n", encoding="utf-8")
    assert read_errors(path) == [good]
    assert read_errors(tmp_path / "missing.log") == []


def test_the_default_file_is_beside_the_database_unless_the_environment_names_one(tmp_path, monkeypatch):
    monkeypatch.delenv(errorlog.ENV, raising=False)
    from console.store.db import default_database_url

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    db_file = default_database_url().removeprefix("sqlite:///")
    assert errorlog.default_path().parent == __import__("pathlib").Path(db_file).parent
    monkeypatch.setenv(errorlog.ENV, str(tmp_path / "elsewhere.log"))
    assert errorlog.default_path() == tmp_path / "elsewhere.log"


def test_installing_twice_keeps_one_handler(tmp_path):
    a = install(tmp_path / "errors.log")
    b = install(tmp_path / "errors.log")
    try:
        assert a is b
        logging.getLogger("x").error("一次")
        assert len(read_errors(tmp_path / "errors.log")) == 1
    finally:
        uninstall(a)
