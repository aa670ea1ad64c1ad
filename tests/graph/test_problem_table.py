"""Tables for spreadsheet programs: text a user typed never becomes a formula."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from graph.libraries.problem_table import to_csv, to_xlsx

TYPED = ['=HYPERLINK("http://evil.example","点击")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "正常文字"]
HEADERS = [f"列{i}" for i in range(len(TYPED) + 1)]


def test_csv_cells_that_look_like_formulas_stay_text() -> None:
    rows = list(csv.reader(io.StringIO(to_csv([[*TYPED, 4.4]], HEADERS).decode("utf-8-sig"))))
    assert rows[0] == HEADERS
    assert rows[1] == [*("'" + t for t in TYPED[:-1]), "正常文字", "4.4"]


def test_xlsx_cells_that_look_like_formulas_stay_text() -> None:
    book = load_workbook(io.BytesIO(to_xlsx([[*TYPED, 4.4]], "测试链", headers=HEADERS)))
    sheet = book.active
    assert sheet is not None
    cells = list(sheet.iter_rows(min_row=3, values_only=False))[0]
    assert [c.value for c in cells] == [*TYPED, 4.4]
    assert all(c.data_type == "s" for c in cells[:-1]) and cells[-1].data_type == "n"
