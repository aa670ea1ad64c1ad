from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from fastapi.concurrency import run_in_threadpool

from app.deps import AnalysesDep, PrincipalDep, SettingsDep, StoreDep, require
from app.downloads import XLSX_MEDIA_TYPE, PackageFormat, package_response, workbook_response
from app.schemas import ImportMatches, ImportSummary, MatchReport
from graph.access.principal import Principal
from graph.access.sharing import shared_view
from graph.package.formats import parse_package
from graph.package.workbook import package_to_workbook, template_workbook
from graph.reads.exporter import export_package
from graph.versioning.intake import receive_package

router = APIRouter(prefix="/api/v1", tags=["packages"])

PACKAGE_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/ChainPackage"}},
            "application/zip": {"schema": {"type": "string", "format": "binary"}},
            XLSX_MEDIA_TYPE: {"schema": {"type": "string", "format": "binary"}},
        },
    }
}


async def _read_bounded(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise HTTPException(413, f"the package is over the limit of {limit} bytes")
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > limit:
            raise HTTPException(413, f"the package is over the limit of {limit} bytes")
    return bytes(body)


@router.post("/import", response_model=ImportSummary, status_code=201, openapi_extra=PACKAGE_BODY)
async def create_import(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    analyses: AnalysesDep,
    principal: Annotated[Principal, Depends(require("editor"))],
) -> ImportSummary:
    """Import a chain package (JSON, a zip of its CSV form, or an Excel workbook; told apart by
    content) as one new version.

    The package is checked first; a bad one gets every problem, schema and references
    together, each with its JSON path, CSV file, row and column, or workbook sheet, row and
    column (422), and the store is left unchanged."""
    raw = await _read_bounded(request, settings.max_package_bytes)
    # Reading a 10,000-firm workbook and writing it take seconds: off the event loop, so the
    # service keeps answering meanwhile.
    package = await run_in_threadpool(parse_package, raw)
    intake = await run_in_threadpool(receive_package, store, package, principal)
    result, outcome = intake.result, intake.matches
    # The new version's analysis starts loading now, from the document the import kept.
    analyses.warm(result.chain)
    return ImportSummary(
        chain=result.chain,
        version=result.version,
        counts=result.counts,
        changes=result.diff.counts(),
        matches=ImportMatches(
            matched=[MatchReport(**vars(d)) for d in outcome.of("matched")],
            potential=[MatchReport(**vars(d)) for d in outcome.of("potential")],
            new=len(outcome.of("new")),
        ),
    )


@router.get(
    "/chains/{chain}/export",
    responses={200: {"content": {"application/zip": {}, XLSX_MEDIA_TYPE: {}}}},
)
def read_export(
    chain: str, store: StoreDep, principal: PrincipalDep, format: PackageFormat = "json"
) -> Response:
    """The chain as a package; achievements only as far as the caller's sharing level allows."""
    return package_response(shared_view(principal, export_package(store, chain)), format, chain)


@router.get("/templates/chain.xlsx", responses={200: {"content": {XLSX_MEDIA_TYPE: {}}}})
def read_template(
    store: StoreDep,
    principal: PrincipalDep,
    chain: Annotated[
        str | None, Query(max_length=128, description="fill it with this chain")
    ] = None,
) -> Response:
    """The survey workbook to fill in and import: one sheet per record kind, Chinese and English
    headers, an instructions sheet (说明) and dropdowns. With `chain`, filled with that chain as
    far as the caller's sharing level allows (what its export would hold)."""
    if chain is None:
        return workbook_response(template_workbook(), "chain-template")
    package = shared_view(principal, export_package(store, chain))
    return workbook_response(package_to_workbook(package), chain)
