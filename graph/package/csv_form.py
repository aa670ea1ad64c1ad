"""The CSV form of a chain package: a zip archive with one `<key>.csv` per top-level key
(docs/architecture.md, CSV form). Problems are placed by file, row and column:
`enterprises.csv row 5 tier` (row 1 is the header).
"""

from __future__ import annotations

import csv
import io
import zipfile
from typing import Any

from graph.errors import PackageIssue
from graph.package.cells import record_model, text_to_value, value_to_text
from graph.package.checks import TABLES, check_document
from graph.package.models import ChainPackage
from graph.package.references import Found, Loc

__all__ = ["package_to_csv_zip", "read_csv_package"]


def _rows(text: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and the non-blank rows of a CSV text, each with its row number."""
    reader = csv.reader(io.StringIO(text))
    header = next(reader, [])
    rows = [(n, row) for n, row in enumerate(reader, start=2) if any(c.strip() for c in row)]
    return header, rows


class _Places:
    """Where each record of the document came from: file and row."""

    def __init__(self) -> None:
        self.rows: dict[str, list[int]] = {}
        self.keys: dict[str, int] = {}  # indicators: key -> row

    def issue(self, loc: Loc, message: str) -> PackageIssue:
        table = str(loc[0]) if loc else ""
        if table not in TABLES:
            return PackageIssue("$", message)
        file = f"{table}.csv"
        if table == "chain":
            row, rest = 2, loc[1:]
        elif table == "indicators":
            row, rest = (self.keys.get(str(loc[1]), 0), ("value",)) if len(loc) > 1 else (0, ())
        elif len(loc) > 1 and isinstance(loc[1], int) and loc[1] < len(self.rows.get(table, [])):
            row, rest = self.rows[table][loc[1]], loc[2:]
        else:
            return PackageIssue(file, message, sheet=file)
        column = str(rest[0]) if rest else None
        tail = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in rest).lstrip(".")
        path = f"{file} row {row} {tail}".rstrip() if row else f"{file} {tail}".rstrip()
        return PackageIssue(path, message, sheet=file, row=row or None, column=column)


def read_csv_package(raw: bytes) -> tuple[ChainPackage | None, list[PackageIssue]]:
    """The package of a CSV-form archive, or every problem with its file, row and column."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except zipfile.BadZipFile as exc:
        return None, [PackageIssue("$", f"not a zip archive: {exc}")]
    places = _Places()
    early: list[Found] = []
    data: dict[str, Any] = {}
    names = {name.rsplit("/", 1)[-1]: name for name in archive.namelist()}
    for table in TABLES:
        name = names.get(f"{table}.csv")
        if name is None:
            continue
        try:
            text = archive.read(name).decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            early.append(((table,), f"{table}.csv is not UTF-8 text: {exc}"))
            continue
        header, rows = _rows(text)
        if table == "indicators":
            for n, row in rows:
                cells = dict(zip(header, row, strict=False))
                places.keys[cells.get("key", "")] = n
            data[table] = {
                cells.get("key", ""): cells.get("value")
                for cells in (dict(zip(header, row, strict=False)) for _, row in rows)
            }
            continue
        model = record_model(table)
        records = []
        for position, (_, row) in enumerate(rows):
            record: dict[str, Any] = {}
            for column, cell in zip(header, row, strict=False):
                if column == "" or cell == "":
                    continue
                try:
                    record[column] = text_to_value(model, column, cell)
                except ValueError as exc:
                    loc: Loc = (table, column) if table == "chain" else (table, position, column)
                    early.append((loc, f"bad JSON: {exc}"))
            records.append(record)
        places.rows[table] = [n for n, _ in rows]
        data[table] = (records[0] if records else {}) if table == "chain" else records
    if "chain.csv" not in names:
        missing = PackageIssue(
            "chain.csv", "missing: the archive needs chain.csv", sheet="chain.csv"
        )
        return None, [missing, *(places.issue(loc, message) for loc, message in early)]
    package, found = check_document(data, early)
    return package, [places.issue(loc, message) for loc, message in found]


def package_to_csv_zip(package: ChainPackage) -> bytes:
    """The CSV form of a package, as a zip archive that `read_csv_package` reads back."""
    document = package.model_dump(mode="json", by_alias=True, exclude_none=True)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for table in TABLES:
            value: Any = document.get(table)
            rows: list[dict[str, Any]]
            if table == "indicators":
                rows = [{"key": k, "value": v} for k, v in (value or {}).items()]
                columns = ["key", "value"]
            else:
                rows = [value] if table == "chain" else list(value or [])
                model = record_model(table)
                columns = [f.alias or name for name, f in model.model_fields.items()]
                rows = [{k: value_to_text(model, k, v) for k, v in row.items()} for row in rows]
            out = io.StringIO()
            writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
            writer.writeheader()
            writer.writerows(rows)
            archive.writestr(f"{table}.csv", out.getvalue())
    return buffer.getvalue()
