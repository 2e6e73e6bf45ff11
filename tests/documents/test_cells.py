"""Formula-safe cells: what a spreadsheet would run gets a ``'``, and the ``'`` comes off on import."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from console.documents.cells import neutralise, restore

ACTIVE = ["=1+2", "+86 393", "-B7", "@SUM(A1)", "\t=cmd", "\r=cmd", "=HYPERLINK(\"http://x\")"]


def test_formula_like_text_gets_a_quote_and_everything_else_stays() -> None:
    assert [neutralise(t) for t in ACTIVE] == ["'" + t for t in ACTIVE]
    for same in ("王建国", "0393-8888001", "B-7", "", "'quoted", -2, 3.5, 0, None, date(2027, 6, 1)):
        assert neutralise(same) == same
    assert neutralise("'=x") == "''=x" and restore("''=x") == "'=x"  # a quote of its own survives
    assert [restore("'" + t) for t in ACTIVE] == ACTIVE
    assert restore("'quoted") == "'quoted" and restore(-2) == -2


@given(st.text(alphabet=st.sampled_from("'=+-@\t\rab1 ,\"库"), max_size=12))
def test_any_text_survives_the_round_trip(text: str) -> None:
    assert restore(neutralise(text)) == text


@given(st.lists(st.text(alphabet=st.sampled_from("'=+-@ab1,\"\n"), max_size=8), min_size=1, max_size=5))
def test_a_neutralised_csv_row_is_never_a_formula_and_reads_back(row: list[str]) -> None:
    buf = io.StringIO()
    csv.writer(buf).writerow([neutralise(c) for c in row])
    back = next(csv.reader(io.StringIO(buf.getvalue())))
    assert not any(c.startswith(("=", "+", "-", "@")) for c in back)
    assert [restore(c) for c in back] == row


def test_openpyxl_stores_a_neutralised_cell_as_text(tmp_path: Path) -> None:
    wb = Workbook()
    wb.active.append([neutralise(t) for t in ACTIVE[:4]] + [neutralise(-2)])
    wb.save(tmp_path / "x.xlsx")
    cells = list(load_workbook(tmp_path / "x.xlsx").active[1])
    assert [c.data_type for c in cells] == ["s", "s", "s", "s", "n"]
    assert [restore(c.value) for c in cells] == [*ACTIVE[:4], -2]
