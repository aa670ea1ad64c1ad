"""The quality problem library of a chain (guide §5.4, Annexes C and D).

The library is member-level data (docs/architecture.md, Sharing); anyone may read the per-link
grade badges the map shows. Writes need an editor key and accept `If-Match` with the ETag of the
last read."""

from typing import Literal

from fastapi import APIRouter, Response

from app.deps import EditorDep, IfMatchDep, MemberDep, RecordId, StoreDep
from app.downloads import XLSX_MEDIA_TYPE, problem_table_response
from app.records import located, public
from app.schemas import (
    BadgeList,
    LinkBadge,
    ProblemCreate,
    ProblemList,
    ProblemPublic,
    ProblemUpdate,
    StatusMove,
)
from graph.libraries.problems import (
    ProblemSort,
    create_problem,
    delete_problem,
    get_problem,
    grade_badges,
    list_problems,
    move_status,
    update_problem,
)
from graph.libraries.records import Stored
from graph.package.models import Category, Problem, ProblemStatus

router = APIRouter(prefix="/api/v1/chains/{chain}/problems", tags=["problems"])

Grade = Literal["★", "★★", "★★★"]


def _public(chain: str, stored: Stored[Problem], response: Response | None = None) -> ProblemPublic:
    """Severity and grade as the importer computed and stored them."""
    grading = {"severity": float(stored.props["severity"]), "grade": str(stored.props["grade"])}
    return public(ProblemPublic, chain, stored, response, **grading)


@router.get("", response_model=ProblemList)
def read_problems(
    chain: str,
    store: StoreDep,
    _: MemberDep,
    link: str | None = None,
    category: Category | None = None,
    status: ProblemStatus | None = None,
    grade: Grade | None = None,
    sort: ProblemSort = "-severity",
) -> ProblemList:
    """The chain's problems, filtered by link, category, status and grade; most severe first."""
    found = list_problems(
        store, chain, link=link, category=category, status=status, grade=grade, sort=sort
    )
    return ProblemList(items=[_public(chain, s) for s in found], total=len(found))


@router.get(
    "/export",
    responses={200: {"content": {"text/csv": {}, XLSX_MEDIA_TYPE: {}}}},
    response_class=Response,
)
def read_problem_table(
    chain: str,
    store: StoreDep,
    _: MemberDep,
    format: Literal["csv", "xlsx"] = "xlsx",
    link: str | None = None,
    category: Category | None = None,
    status: ProblemStatus | None = None,
    grade: Grade | None = None,
) -> Response:
    """The library as the Annex C table (表 C.1), Chinese headers, most severe first."""
    found = list_problems(store, chain, link=link, category=category, status=status, grade=grade)
    return problem_table_response(store, chain, [s.record for s in found], format)


@router.get("/grades", response_model=BadgeList)
def read_grade_badges(chain: str, store: StoreDep) -> BadgeList:
    """Per link, open problems by grade and the highest open grade: what the map shows to all."""
    badges = grade_badges(store, chain)
    return BadgeList(items=[LinkBadge(link=link, **b) for link, b in sorted(badges.items())])


@router.post("", response_model=ProblemPublic, status_code=201)
def create_problem_record(
    chain: str, body: ProblemCreate, store: StoreDep, principal: EditorDep, response: Response
) -> ProblemPublic:
    """Add a problem; severity and grade are computed from its Annex D scores."""
    stored = create_problem(store, chain, Problem(**body.model_dump()), principal=principal)
    located(response, f"/api/v1/chains/{chain}/problems/{stored.record.id}", stored)
    return _public(chain, stored)


@router.get("/{problem_id}", response_model=ProblemPublic)
def read_problem(
    chain: str, problem_id: str, store: StoreDep, _: MemberDep, response: Response
) -> ProblemPublic:
    """One problem with its status history; the ETag header tags this version."""
    return _public(chain, get_problem(store, chain, problem_id), response)


@router.put("/{problem_id}", response_model=ProblemPublic)
def update_problem_record(
    chain: str,
    problem_id: RecordId,
    body: ProblemUpdate,
    store: StoreDep,
    principal: EditorDep,
    response: Response,
    if_match: IfMatchDep = None,
) -> ProblemPublic:
    """Replace a problem's fields (not its status: see `/status`)."""
    current = get_problem(store, chain, problem_id).record
    problem = Problem(**body.model_dump(), id=problem_id, status=current.status)
    stored = update_problem(store, chain, problem, principal=principal, if_match=if_match)
    return _public(chain, stored, response)


@router.post("/{problem_id}/status", response_model=ProblemPublic)
def move_problem_status(
    chain: str,
    problem_id: str,
    body: StatusMove,
    store: StoreDep,
    principal: EditorDep,
    response: Response,
    if_match: IfMatchDep = None,
) -> ProblemPublic:
    """Move a problem to another status; the move is recorded in its history."""
    stored = move_status(
        store,
        chain,
        problem_id,
        body.to,
        principal=principal,
        note=body.note,
        if_match=if_match,
    )
    return _public(chain, stored, response)


@router.delete("/{problem_id}", status_code=204, response_class=Response)
def delete_problem_record(
    chain: str, problem_id: str, store: StoreDep, principal: EditorDep, if_match: IfMatchDep = None
) -> Response:
    """Remove a problem that no project, achievement or other problem refers to (else 409)."""
    delete_problem(store, chain, problem_id, principal=principal, if_match=if_match)
    return Response(status_code=204)
