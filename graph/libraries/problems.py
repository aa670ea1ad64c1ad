"""The quality problem library (guide §5.4): reads, single-record writes and status moves.

Every write is an edit of the chain package (graph.versioning.edits.apply_edit), so it makes a
version with its diff and audit entry (`problem.create|update|status|delete`). Severity and grade
are computed from the Annex D scores by the importer, never taken from a client. Status moves are
explicit: `move_status` appends a `StatusChange` (who, when, from, to, note) to the problem's
`history`, which travels with the problem in exports. Nothing else changes a status: not an update,
not a project's completion.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Literal

from graph.access.principal import Principal
from graph.errors import ConflictError, InvalidReferenceError, PackageIssue
from graph.libraries.problem_table import annex_c_rows
from graph.libraries.records import Library, Stored, Writer, now
from graph.package.models import ChainPackage, Link, Problem, ProblemStatus, Segment, StatusChange
from graph.package.records import from_props
from graph.package.severity import GRADES
from graph.reads.chains import get_chain
from graph.reads.lookup import require_chain
from graph.store.base import GraphStore

__all__ = [
    "STATUSES",
    "ProblemSort",
    "list_problems",
    "get_problem",
    "create_problem",
    "update_problem",
    "move_status",
    "delete_problem",
    "grade_badges",
    "annex_c_table",
]

STATUSES: tuple[ProblemStatus, ...] = ("identified", "analyzing", "tackling", "resolved")
ProblemSort = Literal["severity", "-severity", "id"]


def _check_references(package: ChainPackage, problem: Problem) -> None:
    issues: list[PackageIssue] = []
    if problem.link not in {x.id for x in package.links}:
        issues.append(PackageIssue("$.link", f"unknown link {problem.link!r}"))
    known = {p.id for p in package.problems} | {problem.id}
    issues += [
        PackageIssue(f"$.related[{n}]", f"unknown problem {x!r}")
        for n, x in enumerate(problem.related)
        if x not in known
    ]
    if problem.id in problem.related:
        issues.append(PackageIssue("$.related", "a problem cannot be related to itself"))
    enterprises = {e.id for e in package.enterprises}
    issues += [
        PackageIssue(f"$.enterprises[{n}]", f"unknown enterprise {x!r}")
        for n, x in enumerate(problem.enterprises)
        if x not in enterprises
    ]
    if issues:
        raise InvalidReferenceError(issues)


def _referrers(package: ChainPackage, problem_id: str) -> list[str]:
    """What names the problem, as `RELATION from id`, in relation then id order: projects,
    achievements, events or related problems that name it make deleting it a conflict (the
    package would no longer hold together)."""
    found = [("ADDRESSES", pj.id) for pj in package.projects if problem_id in pj.problems]
    found += [("REFERS_TO", ev.id) for ev in package.events if problem_id in ev.refs]
    found += [("RELATED_TO", pr.id) for pr in package.problems if problem_id in pr.related]
    found += [("SOLVES", a.id) for a in package.achievements if problem_id in a.problems]
    return [f"{relation} from {other}" for relation, other in sorted(found)]


PROBLEMS = Library(
    "problem", "problems", Problem, "problems", check=_check_references, referrers=_referrers
)


def list_problems(
    store: GraphStore,
    chain: str,
    *,
    link: str | None = None,
    category: str | None = None,
    status: str | None = None,
    grade: str | None = None,
    sort: ProblemSort = "-severity",
) -> list[Stored[Problem]]:
    """The chain's problems that match every filter given, most severe first by default."""
    require_chain(store, chain)
    params = {"chain": chain, "link": link, "category": category, "status": status, "grade": grade}
    found = [PROBLEMS.stored(row["props"]) for row in store.read("problems/list", params)]
    if sort == "id":
        return sorted(found, key=lambda s: s.record.id)
    reverse = sort == "-severity"
    # Ties keep id order whichever way severity runs.
    found.sort(key=lambda s: s.record.id)
    return sorted(found, key=lambda s: float(s.props["severity"]), reverse=reverse)


def get_problem(store: GraphStore, chain: str, problem_id: str) -> Stored[Problem]:
    return PROBLEMS.get(store, chain, problem_id)


def create_problem(
    store: GraphStore, chain: str, problem: Problem, *, principal: Principal
) -> Stored[Problem]:
    """Add a problem; its first history entry records the status it starts in."""
    writer = Writer(store, chain, principal)
    first = StatusChange(at=now(), by=writer.by, to_status=problem.status, note="created")
    created = problem.model_copy(update={"history": [first]})
    PROBLEMS.create(writer, created, f"problem {problem.id}: created ({problem.status})")
    return get_problem(store, chain, problem.id)


def update_problem(
    store: GraphStore,
    chain: str,
    problem: Problem,
    *,
    principal: Principal,
    if_match: str | None = None,
) -> Stored[Problem]:
    """Replace a problem's fields; its status and history stay as they are (see move_status)."""
    changed: list[str] = []

    def change(old: Problem) -> Problem:
        new = problem.model_copy(update={"status": old.status, "history": old.history})
        changed.extend(f for f in Problem.model_fields if getattr(old, f) != getattr(new, f))
        return new

    def summary() -> str:
        return f"problem {problem.id}: updated " + (", ".join(changed) or "(no field changed)")

    writer = Writer(store, chain, principal)
    PROBLEMS.change(writer, problem.id, change, if_match=if_match, action="update", summary=summary)
    return get_problem(store, chain, problem.id)


def move_status(
    store: GraphStore,
    chain: str,
    problem_id: str,
    to: ProblemStatus,
    *,
    principal: Principal,
    note: str | None = None,
    if_match: str | None = None,
) -> Stored[Problem]:
    """Move a problem to another status and record who moved it, when, from where and why.

    Any status may follow any other (a resolved problem can be reopened); staying put is a
    conflict, so that the history holds moves only."""
    writer = Writer(store, chain, principal)
    moves: list[str] = []

    def change(problem: Problem) -> Problem:
        if problem.status == to:
            raise ConflictError(f"problem {problem_id!r} is already {to}")
        move = StatusChange(
            at=now(), by=writer.by, from_status=problem.status, to_status=to, note=note
        )
        moves.append(f"{problem.status} → {to}")
        return problem.model_copy(update={"status": to, "history": [*problem.history, move]})

    def summary() -> str:
        return f"problem {problem_id}: status {moves[0]}" + (f" ({note})" if note else "")

    PROBLEMS.change(writer, problem_id, change, if_match=if_match, action="status", summary=summary)
    return get_problem(store, chain, problem_id)


def delete_problem(
    store: GraphStore,
    chain: str,
    problem_id: str,
    *,
    principal: Principal,
    if_match: str | None = None,
) -> Problem:
    """Remove a problem nothing else refers to (see `_referrers`)."""
    removed, _ = PROBLEMS.delete(Writer(store, chain, principal), problem_id, if_match=if_match)
    return removed


def grade_badges(store: GraphStore, chain: str) -> dict[str, dict[str, Any]]:
    """Per link: open problems by grade, resolved count and the highest open grade.

    What the map shows to everyone; titles and descriptions stay in the member-level library."""
    require_chain(store, chain)
    badges: dict[str, dict[str, Any]] = {}
    for row in store.read("problems/badges", {"chain": chain}):
        badge = badges.setdefault(
            row["link"], {"open": Counter({g: 0 for g in GRADES}), "resolved": 0}
        )
        if row["status"] == "resolved":
            badge["resolved"] += int(row["problems"])
        else:
            badge["open"][row["grade"]] += int(row["problems"])
    for badge in badges.values():
        open_grades = [g for g in GRADES if badge["open"][g]]
        badge["open"] = dict(badge["open"])
        badge["highest_open_grade"] = open_grades[-1] if open_grades else None
    return badges


def annex_c_table(
    store: GraphStore, chain: str, problems: list[Problem]
) -> tuple[str, list[list[str | float]]]:
    """(chain name, Annex C rows) for `problems` of the chain, in the order given."""
    head = get_chain(store, chain)
    scope = {"chain": chain}
    segments = [from_props(Segment, r["props"]) for r in store.read("export/segments", scope)]
    links = [from_props(Link, r["props"]) for r in store.read("links/list", scope)]
    ids = sorted({e for p in problems for e in p.enterprises})
    names = {
        r["id"]: r["name"] for r in store.read("lookup/enterprise_names", {**scope, "ids": ids})
    }
    return head.name, annex_c_rows(head, segments, links, problems, names)
