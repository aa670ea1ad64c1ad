"""Writing the survey workbook: the instructions sheet (说明), one sheet per table with its two
header rows, its records and its dropdowns, and the hidden sheet of codes the dropdowns offer.
Streamed (openpyxl's write-only mode), so a chain of 100,000 supplies stays cheap to write.
"""

from __future__ import annotations

import io
import json
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from graph.package.checks import TABLES
from graph.package.models import ChainPackage
from graph.package.workbook_layout import (
    CODE_LABELS,
    FIRST_DATA_ROW,
    HOW_TO,
    LISTS_SHEET,
    NOTES_SHEET,
    PROVINCES,
    SHEET_NOTES,
    SHEET_TITLES,
    Column,
    coded,
    columns_of,
)

__all__ = ["write_workbook"]

# Blank rows below the records that still carry the dropdowns, for new records.
ROOM = 1000
# Columns are as wide as their header and the first records need, up to a bound.
WIDTH_SAMPLE = 200
YES, NO = "是", "否"
_HEADER = Font(bold=True)
_KEY = Font(color="808080", italic=True)
_REQUIRED = PatternFill("solid", fgColor="FCE4D6")
_OPTIONAL = PatternFill("solid", fgColor="DDEBF7")


def _quoted(sheet: str) -> str:
    return "'" + sheet.replace("'", "''") + "'"


class _Lists:
    """The hidden sheet of codes: one column per list a dropdown offers."""

    def __init__(self) -> None:
        self.columns: list[tuple[str, list[str]]] = []

    def range_of(self, name: str, values: list[str]) -> str:
        # One column per distinct list: enterprise and problem statuses are both `status`.
        lists = [known for _, known in self.columns]
        if values not in lists:
            self.columns.append((name, values))
            lists.append(values)
        letter = get_column_letter(lists.index(values) + 1)
        return f"{_quoted(LISTS_SHEET)}!${letter}$2:${letter}${len(values) + 1}"

    def write(self, book: Workbook) -> None:
        sheet = book.create_sheet(LISTS_SHEET)
        sheet.sheet_state = "hidden"
        depth = max((len(v) for _, v in self.columns), default=0)
        sheet.append([name for name, _ in self.columns])
        for k in range(depth):
            sheet.append([values[k] if k < len(values) else None for _, values in self.columns])


def _safe(value: Any, sheet: Any) -> Any:
    """Text as text: never a formula (a cell starting with `=` stays a string), and without
    the control characters a workbook cannot hold."""
    if not isinstance(value, str):
        return value
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if value.startswith("="):
        cell = WriteOnlyCell(sheet, value)
        cell.data_type = "s"
        return cell
    return value


def _cell(column: Column, record: dict[str, Any]) -> Any:
    value: Any = record
    for part in column.path:
        value = value.get(part) if isinstance(value, dict) else None
    if value is None:
        return None
    if column.kind == "list":
        # One item a line when an item holds a `;` itself (Chinese risk points often do).
        items = [str(v) for v in value]
        return ("\n" if any(";" in v for v in items) else ";").join(items) or None
    if column.kind == "json":
        return json.dumps(value, ensure_ascii=False) if value else None
    if column.kind == "bool":
        return YES if value else NO
    if column.codes and isinstance(value, str):
        return coded(column, value)
    return value


def _validation(column: Column, lists: _Lists, extents: dict[str, int]) -> DataValidation | None:
    several = column.kind == "list"
    hint = "多个用 ; 分隔 / separate several with ;" if several else None
    if column.codes:
        values = [coded(column, c) for c in column.codes]
        formula = lists.range_of(column.key, values)
        strict = not column.open_codes
    elif column.ids_from is not None:
        source = column.ids_from
        letter = get_column_letter(
            next(n for n, c in enumerate(columns_of(source), 1) if c.key == "id")
        )
        rows = f"${letter}${FIRST_DATA_ROW}:${letter}${extents[source]}"
        formula = f"{_quoted(SHEET_TITLES[source])}!{rows}"
        strict = False  # the ids may be typed before their sheet is filled, or several at once
        hint = hint or f"{SHEET_TITLES[source]} 表中的编号 / an id of that sheet"
    elif column.provinces:
        formula, strict = lists.range_of("province", list(PROVINCES)), False
    elif column.kind == "bool":
        formula, strict = lists.range_of("yes_no", [YES, NO]), True
    elif column.scores:
        rule = DataValidation(type="whole", operator="between", formula1="1", formula2="5")
        rule.error, rule.errorStyle, rule.showErrorMessage = (
            "1–5 的整数 / a whole number 1–5",
            "stop",
            True,
        )
        return rule
    else:
        return None
    rule = DataValidation(type="list", formula1=formula, allow_blank=True)
    rule.showErrorMessage = True
    rule.errorStyle = "stop" if strict else "warning"
    rule.error = "请从下拉列表选择 / pick a value from the list"
    if hint:
        rule.showInputMessage, rule.prompt = True, hint
    return rule


def _width(value: Any) -> int:
    """About how many character widths a value takes: a Chinese character takes two."""
    if value is None:
        return 0
    text = str(value).split("\n")[0]
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _header_cells(sheet: Any, columns: list[Column]) -> tuple[list[Any], list[Any]]:
    labels, keys = [], []
    for column in columns:
        label = WriteOnlyCell(sheet, column.header)
        label.font, label.alignment = _HEADER, Alignment(wrap_text=True, vertical="top")
        label.fill = _REQUIRED if column.required else _OPTIONAL
        key = WriteOnlyCell(sheet, column.key)
        key.font = _KEY
        labels.append(label)
        keys.append(key)
    return labels, keys


def _table_sheet(
    book: Workbook,
    table: str,
    records: list[dict[str, Any]],
    lists: _Lists,
    extents: dict[str, int],
) -> None:
    sheet = book.create_sheet(SHEET_TITLES[table])
    columns = columns_of(table)
    rows = [[_cell(c, record) for c in columns] for record in records]
    for n, column in enumerate(columns, 1):
        dimension = sheet.column_dimensions[get_column_letter(n)]
        sample = [_width(row[n - 1]) for row in rows[:WIDTH_SAMPLE]]
        dimension.width = min(40, max([_width(column.header), 8, *sample]) + 2)
        if column.kind != "number":
            dimension.number_format = "@"  # typed ids and codes stay text, never numbers
    sheet.freeze_panes = f"A{FIRST_DATA_ROW}"
    # The size is known before the rows are streamed: the writer puts it at the top when asked
    # (openpyxl's `calculate_dimension`), so a reader need not scan the sheet to find it.
    size = f"A1:{get_column_letter(len(columns))}{FIRST_DATA_ROW + len(records) - 1}"
    setattr(sheet, "calculate_dimension", lambda: size)  # noqa: B010 - not a method of this class
    for n, column in enumerate(columns, 1):
        rule = _validation(column, lists, extents)
        if rule is not None:
            letter = get_column_letter(n)
            rule.add(f"{letter}{FIRST_DATA_ROW}:{letter}{extents[table]}")
            sheet.data_validations.append(rule)
    for row in _header_cells(sheet, columns):
        sheet.append(row)
    for row in rows:
        sheet.append([_safe(value, sheet) for value in row])


NOTES_WIDTHS = (26, 70, 70)


def _notes_rows(package: ChainPackage | None) -> list[tuple[list[str], bool]]:
    """The instructions sheet's rows after its title, each with whether it is a heading."""
    rows: list[tuple[list[str], bool]] = []
    if package is not None:
        rows.append((["产业链 Chain", f"{package.chain.name}（{package.chain.id}）"], False))
    rows.append((["说明", "中文", "English"], True))
    rows += [(list(line), False) for line in HOW_TO]
    rows += [([], False), (["工作表 Sheet", "内容 Contents", "必填列 Required"], True)]
    for table in TABLES:
        required = "、".join(c.label for c in columns_of(table) if c.required)
        rows.append(([SHEET_TITLES[table], SHEET_NOTES[table], required], False))
    rows += [([], False), (["代码 Code", "含义 Meaning", "用于 Used in"], True)]
    # code -> column label -> the sheets (Chinese names) where that column takes it
    used: dict[str, dict[str, list[str]]] = {}
    for table in TABLES:
        for column in columns_of(table):
            for code in column.codes:
                sheets = used.setdefault(code, {}).setdefault(column.label, [])
                sheets.append(SHEET_TITLES[table].split()[0])
    for code, labels in used.items():
        where = "；".join(f"{label}：{'、'.join(sheets)}" for label, sheets in labels.items())
        rows.append(([code, CODE_LABELS.get(code, ""), where], False))
    return rows


def _notes(book: Workbook, package: ChainPackage | None) -> None:
    sheet = book.create_sheet(NOTES_SHEET)
    for n, width in enumerate(NOTES_WIDTHS, 1):
        sheet.column_dimensions[get_column_letter(n)].width = width
    rows = _notes_rows(package)
    # Row heights are set before the rows are streamed: a wrapped text needs its lines.
    for n, (texts, _) in enumerate(rows, 2):
        widths = zip(texts, NOTES_WIDTHS, strict=False)
        lines = max([1, *(-(-_width(t) // (w - 2)) for t, w in widths)])
        if lines > 1:
            sheet.row_dimensions[n].height = 15 * lines
    title = WriteOnlyCell(sheet, "产业链质量图谱 · 调查填报工作簿  Chain survey workbook")
    title.font = Font(bold=True, size=14)
    sheet.append([title])
    for texts, heading in rows:
        sheet.append([_bold(sheet, t) if heading else _wrapped(sheet, t) for t in texts])


def _wrapped(sheet: Any, text: str) -> Any:
    cell = WriteOnlyCell(sheet, text)
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    return cell


def _bold(sheet: Any, text: str) -> Any:
    cell = WriteOnlyCell(sheet, text)
    cell.font = _HEADER
    return cell


def write_workbook(package: ChainPackage | None) -> bytes:
    """The workbook of a package, or the blank template when there is none."""
    document = package.model_dump(mode="json", by_alias=True, exclude_none=True) if package else {}
    tables: dict[str, list[dict[str, Any]]] = {}
    for table in TABLES:
        value = document.get(table)
        if table == "chain":
            tables[table] = [value] if value else []
        elif table == "indicators":
            tables[table] = [{"key": k, "value": v} for k, v in (value or {}).items()]
        else:
            tables[table] = list(value or [])
    extents = {t: FIRST_DATA_ROW + len(rows) + ROOM - 1 for t, rows in tables.items()}
    extents["chain"] = FIRST_DATA_ROW
    book = Workbook(write_only=True)
    _notes(book, package)
    lists = _Lists()
    for table in TABLES:
        _table_sheet(book, table, tables[table], lists, extents)
    lists.write(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
