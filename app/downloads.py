"""A chain package as an HTTP download: the JSON document, or the zip of its CSV form."""

from __future__ import annotations

from typing import Literal

from fastapi import Response

from graph.package.formats import package_to_csv_zip
from graph.package.models import ChainPackage

PackageFormat = Literal["json", "csv"]


def package_response(package: ChainPackage, format: PackageFormat, filename: str) -> Response:
    """`filename` names the zip (without extension); JSON is served inline."""
    if format == "csv":
        return Response(
            package_to_csv_zip(package),
            media_type="application/zip",
            headers={"Content-Disposition": f'attachment; filename="{filename}.zip"'},
        )
    return Response(
        package.model_dump_json(by_alias=True, exclude_none=True), media_type="application/json"
    )
