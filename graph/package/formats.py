"""Reading and checking chain packages in their three forms: the JSON document, the zip of its
CSV form and the Excel workbook (docs/architecture.md, Chain package).

`check_package` reads raw bytes of any form, found by their content, and gives the package or
every problem with its place (a JSON path; a CSV file, row and column; a workbook sheet, row
and column): schema and reference problems together, in one pass. `parse_package` raises
`InvalidPackageError` with them instead. Nothing here touches a store.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from graph.collector import collection_paused
from graph.errors import InvalidPackageError, PackageIssue
from graph.package.checks import check_document, json_path
from graph.package.csv_form import package_to_csv_zip, read_csv_package
from graph.package.models import ChainPackage
from graph.package.references import records_of, reference_issues
from graph.package.workbook import read_workbook_package

__all__ = [
    "PackageCheck",
    "PackageForm",
    "check_package",
    "check_references",
    "detect_form",
    "package_to_csv_zip",
    "parse_csv_package",
    "parse_json_package",
    "parse_package",
    "parse_workbook_package",
]

PackageForm = Literal["json", "csv", "xlsx"]
# What a zip (CSV form or workbook) may unpack to: a 100,000-firm workbook unpacks to about
# 330 MB, and a few kilobytes of zip can claim gigabytes.
MAX_UNPACKED_BYTES = 2 * 1024**3


@dataclass(frozen=True)
class PackageCheck:
    """What checking a package found: its form, and either the package or every problem."""

    form: PackageForm
    package: ChainPackage | None
    issues: list[PackageIssue] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.package is not None

    def checked(self) -> ChainPackage:
        """The package; raises InvalidPackageError with every problem when there is none."""
        if self.package is None:
            raise InvalidPackageError(self.issues)
        return self.package


def detect_form(raw: bytes) -> PackageForm:
    """By content, not by name: a zip holding `xl/workbook.xml` is a workbook (.xlsx), any
    other zip the CSV form, anything else JSON."""
    if raw[:4] != b"PK\x03\x04":
        return "json"
    try:
        names = zipfile.ZipFile(io.BytesIO(raw)).namelist()
    except zipfile.BadZipFile:
        return "csv"  # reading it as the CSV form says what is wrong
    return "xlsx" if "xl/workbook.xml" in names else "csv"


def _unpacks_too_far(raw: bytes) -> PackageIssue | None:
    """Sizes as the archive declares them; reading never goes past a declared size."""
    try:
        unpacked = sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(raw)).infolist())
    except zipfile.BadZipFile:
        return None  # the form's reader says what is wrong
    if unpacked <= MAX_UNPACKED_BYTES:
        return None
    return PackageIssue(
        "$", f"the archive unpacks to {unpacked} bytes, over the limit of {MAX_UNPACKED_BYTES}"
    )


def _read_json(raw: bytes | str) -> tuple[ChainPackage | None, list[PackageIssue]]:
    data: Any
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        return None, [PackageIssue("$", f"not a JSON document: {exc}")]
    except RecursionError:
        return None, [PackageIssue("$", "the document is nested too deeply")]
    package, found = check_document(data)
    return package, [PackageIssue(json_path(loc), message) for loc, message in found]


@collection_paused(freeze_after=True)  # a big package is millions of objects (graph.collector)
def check_package(raw: bytes) -> PackageCheck:
    """Parse and check a package of any form without writing anything (a dry run): the
    package, or every problem with its place. Never raises for bad input."""
    form = detect_form(raw)
    if form != "json" and (too_big := _unpacks_too_far(raw)) is not None:
        return PackageCheck(form, None, [too_big])
    if form == "xlsx":
        package, issues = read_workbook_package(raw)
    elif form == "csv":
        package, issues = read_csv_package(raw)
    else:
        package, issues = _read_json(raw)
    return PackageCheck(form, package, issues)


def parse_package(raw: bytes) -> ChainPackage:
    """A package of any form; raises InvalidPackageError with every problem found."""
    return check_package(raw).checked()


def parse_json_package(raw: bytes | str) -> ChainPackage:
    return PackageCheck("json", *_read_json(raw)).checked()


def parse_csv_package(raw: bytes) -> ChainPackage:
    return PackageCheck("csv", *read_csv_package(raw)).checked()


def parse_workbook_package(raw: bytes) -> ChainPackage:
    return PackageCheck("xlsx", *read_workbook_package(raw)).checked()


def check_references(p: ChainPackage) -> Iterator[PackageIssue]:
    """The reference problems of a package whose schema holds (an edited one, say): ids
    unique per kind, every id a record names present in the package."""
    tables = {kind: records_of(getattr(p, kind)) for kind in ChainPackage.model_fields}
    for loc, message in reference_issues(tables):
        yield PackageIssue(json_path(loc), message)
