"""Spreadsheet files in and out: cells safe to open, and limits on the files a user imports.

**Out.** A text cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
is a formula to Excel and WPS when the file is opened (CSV injection). Every text cell the
console writes into a CSV or XLSX file goes through :func:`neutralise`, which puts a ``'`` in
front of such a text (the OWASP advice); numbers stay numbers (``-5`` is a quantity, not a
formula). **In.** :func:`restore` takes that ``'`` off again, so an exported file imports to
the same values. A text that itself starts with ``'`` before such a character (``'=x``) gets
one more (``''=x``), so ``restore(neutralise(s)) == s`` for every text.

**Limits.** An import file is checked before anything is parsed or written: its size
(:func:`check_file_size`), for an ``.xlsx`` its zip directory (:func:`check_xlsx` — a zip
bomb is refused from the directory alone, in milliseconds, before openpyxl inflates
anything), then while reading the rows the number of rows and the length of each field
(:func:`check_row_count`, :func:`check_field`, :func:`csv_records`). Each check raises
:class:`FileRefused` naming the file, row and column; the importers turn it into their own
refusal.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from console.errors import Refused

__all__ = [
    "MAX_FIELD_CHARS",
    "MAX_FILE_BYTES",
    "MAX_ROWS",
    "MAX_XLSX_RATIO",
    "MAX_XLSX_UNPACKED",
    "FileRefused",
    "check_field",
    "check_file_size",
    "check_row_count",
    "check_size",
    "check_xlsx",
    "csv_records",
    "neutralise",
    "neutralise_row",
    "restore",
    "restore_row",
]

MAX_FILE_BYTES = 20 * 1024 * 1024  # an import file on disk
MAX_ROWS = 100_000  # data rows (header and blank lines not counted)
MAX_FIELD_CHARS = 2_000  # one cell; a column stored in a shorter field has its own limit
MAX_XLSX_UNPACKED = 100 * 1024 * 1024  # sum of the declared sizes of an .xlsx's parts
MAX_XLSX_RATIO = 200  # unpacked / packed, for a part above RATIO_FLOOR bytes
RATIO_FLOOR = 1024 * 1024

ACTIVE_STARTS = ("=", "+", "-", "@", "\t", "\r")

V = TypeVar("V")


# ---------------------------------------------------------------- cells


def neutralise(value: V) -> V | str:
    """The value to write into a cell: a text that a spreadsheet would run gets a ``'`` first."""
    if isinstance(value, str) and value.lstrip("'").startswith(ACTIVE_STARTS):
        return "'" + value
    return value


def neutralise_row(cells: Iterable[V]) -> list[V | str]:
    return [neutralise(c) for c in cells]


def restore(value: V) -> V | str:
    """A cell as read from a file: the ``'`` that :func:`neutralise` added is taken off."""
    if isinstance(value, str) and value.startswith("'") and value.lstrip("'").startswith(ACTIVE_STARTS):
        return value[1:]
    return value


def restore_row(cells: Iterable[V]) -> list[V | str]:
    return [restore(c) for c in cells]


# ---------------------------------------------------------------- limits


class FileRefused(Refused, ValueError):
    """An import file the console will not read: too big, a zip bomb, a broken or overlong row."""

    def __init__(self, source: str, detail: str, row: int | None = None, column: str = "") -> None:
        self.source = source
        self.detail = detail
        self.row = row
        self.column = column
        where = "" if row is None else f"第 {row} 行"
        if column:
            where += f"「{column}」列"
        elif where:
            where += "："
        name = f"文件 {source} " if source else "文件"
        super().__init__(f"{name}{where}{detail}，未导入任何数据")


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.0f} MB"


def check_file_size(path: Path) -> None:
    """Refuse a file above :data:`MAX_FILE_BYTES` before reading it."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise FileRefused(path.name, f"无法读取：{exc.strerror or exc}") from None
    check_size(path.name, size)


def check_size(source: str, size: int) -> None:
    """Refuse ``size`` bytes of an import file above :data:`MAX_FILE_BYTES`."""
    if size > MAX_FILE_BYTES:
        raise FileRefused(source, f"文件大小 {_mb(size)}，超过导入上限 {_mb(MAX_FILE_BYTES)}：请分成几个文件导入")


def check_xlsx(path: Path) -> None:
    """Check an ``.xlsx`` from its zip directory alone, before openpyxl opens it.

    Refused: not a zip at all (an ``.xlsx`` is one), parts that unpack to more than
    :data:`MAX_XLSX_UNPACKED` in all, or a large part packed more than :data:`MAX_XLSX_RATIO`
    times (a zip bomb: hundreds of MB of repeated bytes in one MB). The declared sizes bind:
    Python's zip reader stops at a part's declared size and fails its checksum, so a part
    cannot unpack to more than its directory says.
    """
    check_file_size(path)
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise FileRefused(path.name, "不是有效的 Excel（.xlsx）文件：文件已损坏，或只是改了扩展名；"
                                     "请在 Excel 中另存为 .xlsx 或 CSV UTF-8") from None
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_XLSX_RATIO * max(info.compress_size, 1):
            raise FileRefused(path.name, f"压缩包内 {info.filename} 的压缩比异常（{_mb(info.file_size)} 压缩为 "
                                         f"{info.compress_size} 字节），疑似压缩炸弹，拒绝打开")
    if total > MAX_XLSX_UNPACKED:
        raise FileRefused(path.name, f"解压后共 {_mb(total)}，超过上限 {_mb(MAX_XLSX_UNPACKED)}："
                                     "请分成几个文件导入")
    if not any(i.filename == "[Content_Types].xml" for i in infos):
        raise FileRefused(path.name, "不是有效的 Excel（.xlsx）文件（压缩包中没有工作簿）：请在 Excel 中另存为 .xlsx")


def check_row_count(source: str, count: int, row: int) -> None:
    """Refuse the file once its ``count``-th data row (spreadsheet row ``row``) is over the limit."""
    if count > MAX_ROWS:
        raise FileRefused(source, f"数据超过 {MAX_ROWS} 行：请分成几个文件导入", row)


def check_field(source: str, value: Any, row: int, column: str, limit: int = MAX_FIELD_CHARS) -> None:
    """Refuse a text cell longer than ``limit`` characters."""
    if isinstance(value, str) and len(value) > limit:
        raise FileRefused(source, f"超过 {limit} 个字符（共 {len(value)} 个）", row, column)


def csv_records(text: str, source: str) -> Iterator[tuple[int, list[str]]]:
    """The records of a CSV text with their spreadsheet row numbers (a quoted field may span lines).

    The csv module's own field limit (131,072 characters) is far above
    :data:`MAX_FIELD_CHARS` and is left as it is; a field beyond it, or a malformed record,
    is refused naming the row instead of escaping as ``csv.Error``.
    """
    reader = csv.reader(io.StringIO(text, newline=""))
    line = 1
    while True:
        try:
            rec = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            detail = str(exc)
            if "field larger than field limit" in detail:
                reason = f"有一个字段超过 {MAX_FIELD_CHARS} 个字符"
            else:
                reason = "格式有误（引号不配对或含有空字符）：请在 Excel 中另存为「CSV UTF-8（逗号分隔）」"
            raise FileRefused(source, reason, line) from None
        yield line, rec
        line = reader.line_num + 1
