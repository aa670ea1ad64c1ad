"""Downloads for the API and the console alike: a chain package (the JSON document, the zip of
its CSV form, or the survey workbook) and the problem library as the Annex C table."""

from __future__ import annotations

from typing import Literal

from fastapi import Response

from graph.libraries.problem_table import to_csv, to_xlsx
from graph.libraries.problems import annex_c_table
from graph.package.formats import package_to_csv_zip
from graph.package.models import ChainPackage, Problem
from graph.package.workbook import package_to_workbook
from graph.store.base import GraphStore

PackageFormat = Literal["json", "csv", "xlsx"]
TableFormat = Literal["csv", "xlsx"]
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook_response(workbook: bytes, filename: str) -> Response:
    return Response(
        workbook,
        media_type=XLSX_MEDIA_TYPE,
        headers={"Content-Disposition": f'attachment; filename="{filename}.xlsx"'},
    )


def package_response(package: ChainPackage, format: PackageFormat, filename: str) -> Response:
    """`filename` names the zip or workbook (without extension); JSON is served inline."""
    if format == "xlsx":
        return workbook_response(package_to_workbook(package), filename)
    if format == "csv":
        return Response(
            package_to_csv_zip(package),
            media_type="application/zip",
            headers={"Content-Disposition": f'attachment; filename="{filename}.zip"'},
        )
    return Response(
        package.model_dump_json(by_alias=True, exclude_none=True), media_type="application/json"
    )


def problem_table_response(
    store: GraphStore, chain: str, problems: list[Problem], format: TableFormat
) -> Response:
    """`problems` of `chain` as the Annex C table (表 C.1), an attachment."""
    name, rows = annex_c_table(store, chain, problems)
    if format == "csv":
        body, media = to_csv(rows), "text/csv; charset=utf-8"
    else:
        body, media = to_xlsx(rows, name), XLSX_MEDIA_TYPE
    disposition = f'attachment; filename="{chain}-problems.{format}"'
    return Response(body, media_type=media, headers={"Content-Disposition": disposition})
