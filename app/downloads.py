"""A chain package as an HTTP download: the JSON document, the zip of its CSV form, or the
survey workbook (.xlsx)."""

from __future__ import annotations

from typing import Literal

from fastapi import Response

from graph.package.formats import package_to_csv_zip
from graph.package.models import ChainPackage
from graph.package.workbook import package_to_workbook

PackageFormat = Literal["json", "csv", "xlsx"]
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
