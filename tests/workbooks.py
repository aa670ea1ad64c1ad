"""Editing survey workbooks in tests as a person would in Excel: by sheet, row and column key."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from graph.package.workbook_layout import SHEET_TITLES

__all__ = ["edit_workbook", "KEY_ROW", "PLANTED_ERRORS"]

KEY_ROW = 2  # the row of field keys under the Chinese headers
# Five mistakes in the tiny chain's filled workbook, schema and references mixed: a bad tier
# (mill), an unknown link (mill2), a second firm with id ring, a supplier nobody, and the
# link forging claiming another chain.
PLANTED_ERRORS: list[tuple[str, int, str, Any]] = [
    ("enterprises", 3, "tier", "boss"),
    ("enterprises", 4, "links", "steel;ghost-link"),
    ("enterprises", 7, "id", "ring"),
    ("enterprises", 7, "name", "重复的套圈厂"),
    ("enterprises", 7, "province", "山东"),
    ("enterprises", 7, "links", "rings"),
    ("supplies", 4, "supplier", "nobody"),
    ("links", 4, "chain", "another-chain"),
]


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
