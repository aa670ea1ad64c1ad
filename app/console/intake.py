"""Survey intake in the console: upload a package, see every problem with where it is, see what
importing it would change (a dry run), then write it; and review potential matches.

Uploads go through the API import's own functions: `parse_package` reads and checks the file
(JSON, a zip of CSVs, and whatever else it learns to read), `preview_package` is the dry run and
`receive_package` the write, with the dry run's version as a precondition.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from starlette.datastructures import FormData, UploadFile
from starlette.responses import Response

from app.console.pages import ConsoleRoute, issues_of, redirect, render
from app.console.session import EditorSession, MemberSession, PostedForm, Refused
from app.deps import SettingsDep, StoreDep
from graph.errors import InvalidPackageError
from graph.package.formats import parse_package
from graph.package.models import Chain
from graph.reads.chains import get_chain, list_chains
from graph.versioning.intake import preview_package, receive_package
from graph.versioning.matching import confirm_match, list_candidates, reject_match

router = APIRouter(prefix="/console", route_class=ConsoleRoute, include_in_schema=False)

SHOWN_CHANGES = 500  # records listed in a dry run; the counts cover all


def _chain_or_none(store: StoreDep, chain: str | None) -> Chain | None:
    """The chain named, if the store holds it (intake also takes packages of new chains)."""
    return next((c for c in list_chains(store) if c.id == chain), None)


@router.get("/intake")
def intake_page(
    request: Request, store: StoreDep, session: EditorSession, chain: str | None = None
) -> Response:
    return render(
        request, session, "intake.html", chain=_chain_or_none(store, chain), here="intake"
    )


def _too_large(request: Request, settings: SettingsDep) -> None:
    """Refuse an upload that says it is over the package limit before its form is read."""
    limit = settings.max_package_bytes
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise Refused(413, f"文件超过 {limit} 字节的上限 · the upload is over {limit} bytes")


def _upload(form: FormData, limit: int) -> tuple[str, bytes]:
    upload = form.get("package")
    if not isinstance(upload, UploadFile) or not upload.filename:
        raise Refused(422, "请选择要导入的文件 · choose a file to import")
    raw = upload.file.read(limit + 1)
    if len(raw) > limit:
        raise Refused(413, f"文件超过 {limit} 字节的上限 · the upload is over {limit} bytes")
    return upload.filename, raw


@router.post("/intake", dependencies=[Depends(_too_large)])
def dry_run(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    session: EditorSession,
    form: PostedForm,
) -> Response:
    filename, raw = _upload(form, settings.max_package_bytes)
    context_chain = _chain_or_none(store, request.query_params.get("chain"))
    try:
        package = parse_package(raw)
    except InvalidPackageError as exc:
        return render(
            request,
            session,
            "intake.html",
            status=422,
            chain=context_chain,
            here="intake",
            filename=filename,
            issues=issues_of(exc),
        )
    preview = preview_package(store, package)
    token = request.app.state.console_staging.put(
        session.principal.key_id or "", filename, raw, preview.base or ""
    )
    return render(
        request,
        session,
        "intake_preview.html",
        chain=_chain_or_none(store, package.chain.id) or package.chain,
        here="intake",
        filename=filename,
        preview=preview,
        changes=preview.diff.changes[:SHOWN_CHANGES],
        token=token,
    )


@router.post("/intake/{token}/write")
def write_import(
    request: Request, token: str, store: StoreDep, session: EditorSession, _: PostedForm
) -> Response:
    staged = request.app.state.console_staging.take(token, session.principal.key_id or "")
    if staged is None:
        raise Refused(
            410, "试运行已过期，请重新上传 · the dry run has expired; upload the file again"
        )
    package = parse_package(staged.raw)
    intake = receive_package(store, package, session.principal, expected_base=staged.base)
    chain = intake.result.chain
    request.app.state.analyses.warm(chain)
    target = "matches" if intake.matches.of("potential") else "versions"
    return redirect(request, f"/console/chains/{chain}/{target}?imported={intake.result.version}")


@router.get("/chains/{chain}/matches")
def match_page(
    request: Request,
    chain: str,
    store: StoreDep,
    session: MemberSession,
    status: str = "pending",
    imported: str | None = None,
) -> Response:
    head = get_chain(store, chain)
    wanted = status if status in ("pending", "confirmed", "rejected", "superseded") else None
    return render(
        request,
        session,
        "matches.html",
        chain=head,
        here="matches",
        candidates=list_candidates(store, chain, wanted),
        shown=wanted,
        imported=imported,
    )


@router.post("/chains/{chain}/matches/{candidate_id}/{decision}")
def decide_match(
    request: Request,
    chain: str,
    candidate_id: str,
    decision: str,
    store: StoreDep,
    session: EditorSession,
    _: PostedForm,
) -> Response:
    if decision == "confirm":
        confirm_match(store, chain, candidate_id, principal=session.principal)
    elif decision == "reject":
        reject_match(store, chain, candidate_id, principal=session.principal)
    else:
        raise Refused(404, f"no decision {decision!r}")
    return redirect(request, f"/console/chains/{chain}/matches?status={decision}ed")
