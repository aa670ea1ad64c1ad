"""Editing survey workbooks in tests as a person would in Excel: by sheet, row and column key."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from graph.package.workbook_layout import SHEET_TITLES

__all__ = ["edit_workbook", "KEY_ROW"]

KEY_ROW = 2  # the row of field keys under the Chinese headers


def edit_workbook(raw: bytes, edits: list[tuple[str, int, str, Any]]) -> bytes:
    """The workbook with each (table, row, key, value) written: row as Excel numbers it, key
    a field key of row 2 (a key the sheet lacks becomes a new column)."""
    book = load_workbook(io.BytesIO(raw))
    for table, row, key, value in edits:
        sheet = book[SHEET_TITLES[table]]
        keys = [c.value for c in sheet[KEY_ROW]]
        if key not in keys:
            keys.append(key)
            sheet.cell(KEY_ROW, len(keys), key)
        sheet[f"{get_column_letter(keys.index(key) + 1)}{row}"] = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
