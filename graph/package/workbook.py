"""The workbook form of a chain package: an Excel (.xlsx) survey workbook, blank as a template
or filled with a chain, and read back (docs/architecture.md, Workbook form).

One sheet per top-level key (`graph.package.workbook_layout`), row 1 Chinese headers, row 2
the field keys, one record per row from row 3; an instructions sheet (说明) first, and a hidden
sheet of codes for the dropdowns. Problems are placed by sheet, row and column:
`企业 enterprises row 7 column E (tier)`.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from collections.abc import Iterator
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from graph.errors import PackageIssue
from graph.package.checks import TABLES, check_document
from graph.package.models import ChainPackage
from graph.package.references import Found, Loc
from graph.package.workbook_layout import (
    FIRST_DATA_ROW,
    LISTS_SHEET,
    NOTES_SHEET,
    SHEET_TITLES,
    Column,
    columns_of,
)
from graph.package.workbook_sheets import write_workbook

__all__ = ["package_to_workbook", "read_workbook_package", "template_workbook"]


def template_workbook() -> bytes:
    """The blank survey workbook: every sheet with its headers and dropdowns, no records."""
    return write_workbook(None)


def package_to_workbook(package: ChainPackage) -> bytes:
    """The workbook of a package; `read_workbook_package` reads it back to the same package."""
    return write_workbook(package)


# --- reading -------------------------------------------------------------------------------


def _sheet_for(titles: list[str], table: str) -> str | None:
    """The sheet holding a table: its title as written, or any title whose last word is the
    table's key (a sheet renamed `enterprises`, or `企业名录 enterprises`)."""
    for title in titles:
        if title == SHEET_TITLES[table] or title.split()[-1:] == [table]:
            return title
    return None


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _cell(column: Column, value: Any) -> Any:
    """A cell's value as the field's value; raises ValueError, saying why, for JSON that is not
    and for a number Excel has rounded."""
    if column.kind == "number":
        return value.strip() if isinstance(value, str) else value
    if column.kind == "bool":
        if isinstance(value, str) and value.strip() in ("是", "否"):
            return value.strip() == "是"
        return value.strip() if isinstance(value, str) else value
    if isinstance(value, int | float) and not isinstance(value, bool) and abs(value) >= 1e15:
        # Excel keeps 15 digits of a number: an 18-digit credit code typed as one is lost.
        raise ValueError(
            f"the number {value!r} has lost digits in Excel: format the column as text (文本) "
            "and type it again"
        )
    text = _text(value)
    if column.kind == "list":
        separator = "\n" if "\n" in text else ";"
        return [part.strip() for part in text.split(separator) if part.strip()]
    if column.kind == "json":
        try:
            return json.loads(text)
        except ValueError as exc:
            raise ValueError(f"not JSON: {exc}") from None
    if column.codes:
        head = text.split(maxsplit=1)[0] if text else text
        return head if head in column.codes else text
    return text


def _header(rows: list[tuple[Any, ...]], keys: set[str]) -> tuple[list[str], int]:
    """The field keys of a sheet and the row they are on: row 2 as written, or row 1 for a
    sheet made by hand with the keys as its only header."""

    def named(row: tuple[Any, ...]) -> list[str]:
        return [str(c).strip() if c is not None else "" for c in row]

    first = named(rows[0]) if rows else []
    second = named(rows[1]) if len(rows) > 1 else []
    if sum(k in keys for k in first) > sum(k in keys for k in second):
        return first, 1
    return second, 2


class _Sheet:
    """Where each record of one table came from: its sheet, rows and columns."""

    def __init__(self, title: str, header: list[str]) -> None:
        self.title = title
        self.rows: list[int] = []
        self.letters = {key: get_column_letter(n) for n, key in enumerate(header, 1) if key}
        self.keys: dict[str, int] = {}  # indicators: key -> row

    def issue(self, row: int | None, rest: Loc, message: str) -> PackageIssue:
        if not rest:
            path = f"{self.title} row {row}" if row else self.title
            return PackageIssue(path, message, sheet=self.title, row=row)
        key = str(rest[0])
        if len(rest) > 1 and f"{key}.{rest[1]}" in self.letters:
            key, rest = f"{key}.{rest[1]}", rest[2:]
        else:
            rest = rest[1:]
        field = key + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in rest)
        letter = self.letters.get(key) or None
        where = f"{self.title} row {row}" if row else self.title
        path = f"{where} column {letter} ({field})" if letter else f"{where} ({field})"
        return PackageIssue(path, message, sheet=self.title, row=row, column=letter, field=field)


def _records(
    table: str, sheet: _Sheet, header: list[str], rows: Iterator[tuple[Any, ...]], first: int
) -> tuple[list[dict[str, Any]], list[Found]]:
    columns = {c.key: c for c in columns_of(table)}
    records: list[dict[str, Any]] = []
    early: list[Found] = []
    for n, row in enumerate(rows, start=first):
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in row):
            continue
        record: dict[str, Any] = {}
        for key, value in zip(header, row, strict=False):
            if not key or value is None or (isinstance(value, str) and not value.strip()):
                continue
            column = columns.get(key)
            if column is None:  # an unknown column: the schema check reports it
                record[key] = value
                continue
            try:
                parsed = _cell(column, value)
            except ValueError as exc:
                place: Loc = (table,) if table == "chain" else (table, len(records))
                early.append(((*place, *column.path), str(exc)))
                continue
            target = record
            for part in column.path[:-1]:
                target = target.setdefault(part, {})
            target[column.path[-1]] = parsed
        sheet.rows.append(n)
        records.append(record)
    return records, early


def read_workbook_package(raw: bytes) -> tuple[ChainPackage | None, list[PackageIssue]]:
    """The package of a workbook, or every problem with its sheet, row and column."""
    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        return None, [PackageIssue("$", f"not an Excel workbook (.xlsx): {exc}")]
    try:
        return _read(book)
    finally:
        book.close()


def _read(book: Any) -> tuple[ChainPackage | None, list[PackageIssue]]:
    titles = [t for t in book.sheetnames if t not in (NOTES_SHEET, LISTS_SHEET)]
    sheets: dict[str, _Sheet] = {}
    data: dict[str, Any] = {}
    early: list[Found] = []
    for table in TABLES:
        title = _sheet_for(titles, table)
        if title is None:
            continue
        columns = columns_of(table)
        rows = book[title].iter_rows(values_only=True)
        head = [next(rows, ()), next(rows, ())]
        header, at = _header(head, {c.key for c in columns})
        if at == 1:  # the second row read is already a record
            rows = iter([head[1], *rows])
        sheet = sheets[table] = _Sheet(title, header)
        records, found = _records(table, sheet, header, rows, at + 1)
        early += found
        if table == "indicators":
            for n, r in zip(sheet.rows, records, strict=True):
                sheet.keys[str(r.get("key", ""))] = n
            data[table] = {str(r.get("key", "")): r.get("value") for r in records}
        elif table == "chain":
            data[table] = records[0] if records else {}
        else:
            data[table] = records
    if "chain" not in sheets:
        title = SHEET_TITLES["chain"]
        return None, [PackageIssue(title, "missing: the workbook needs this sheet", sheet=title)]
    package, found = check_document(data, early)
    return package, [_place(sheets, loc, message) for loc, message in found]


def _place(sheets: dict[str, _Sheet], loc: Loc, message: str) -> PackageIssue:
    table = str(loc[0]) if loc else ""
    sheet = sheets.get(table)
    if sheet is None:
        return PackageIssue("$" if not loc else f"{SHEET_TITLES.get(table, table)}", message)
    if table == "chain":
        return sheet.issue(sheet.rows[0] if sheet.rows else FIRST_DATA_ROW, loc[1:], message)
    if table == "indicators":
        if len(loc) < 2:
            return sheet.issue(None, (), message)
        return sheet.issue(sheet.keys.get(str(loc[1])), ("value",), message)
    if len(loc) > 1 and isinstance(loc[1], int) and loc[1] < len(sheet.rows):
        return sheet.issue(sheet.rows[loc[1]], loc[2:], message)
    return sheet.issue(None, (), message)
