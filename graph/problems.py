"""The quality problem library (guide §5.4): reads, single-record writes and status moves.

Severity and grade are computed from the Annex D scores on every write (graph.importer's
`problem_props`), never taken from a client. Status moves are explicit: `move_status` appends a
`StatusChange` (who, when, from, to, note) to the problem's `history`, which travels with the
problem in exports. Nothing else changes a status: not an update, not a project's completion.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any, Literal

from graph.chains import get_chain
from graph.importer import problem_props
from graph.models import Link, Problem, ProblemStatus, Segment, StatusChange
from graph.package import PackageIssue
from graph.problem_table import annex_c_rows
from graph.records import from_props
from graph.severity import GRADES
from graph.store.base import GraphStore, Statement
from graph.writes import (
    WRITE_TOKEN,
    ConflictError,
    InvalidReferenceError,
    RecordNotFoundError,
    Stored,
    check_if_match,
    etag_of,
    missing_ids,
    now,
    require_chain,
    write_lock,
)

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


def _stored(props: dict[str, Any]) -> Stored[Problem]:
    return Stored(from_props(Problem, props), etag_of(props), props)


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
    found = [_stored(row["props"]) for row in store.read("problems/list", params)]
    if sort == "id":
        return sorted(found, key=lambda s: s.record.id)
    reverse = sort == "-severity"
    # Ties keep id order whichever way severity runs.
    found.sort(key=lambda s: s.record.id)
    return sorted(found, key=lambda s: float(s.props["severity"]), reverse=reverse)


def get_problem(store: GraphStore, chain: str, problem_id: str) -> Stored[Problem]:
    require_chain(store, chain)
    rows = store.read("problems/get", {"chain": chain, "id": problem_id})
    if not rows:
        raise RecordNotFoundError(f"chain {chain!r} has no problem {problem_id!r}")
    return _stored(rows[0]["props"])


def _check_references(store: GraphStore, chain: str, problem: Problem) -> None:
    issues: list[PackageIssue] = []
    if missing_ids(store, "links", chain, [problem.link]):
        issues.append(PackageIssue("$.link", f"unknown link {problem.link!r}"))
    unknown = missing_ids(store, "problems", chain, problem.related) - {problem.id}
    issues += [
        PackageIssue(f"$.related[{n}]", f"unknown problem {x!r}")
        for n, x in enumerate(problem.related)
        if x in unknown
    ]
    if problem.id in problem.related:
        issues.append(PackageIssue("$.related", "a problem cannot be related to itself"))
    unknown = missing_ids(store, "enterprises", chain, problem.enterprises)
    issues += [
        PackageIssue(f"$.enterprises[{n}]", f"unknown enterprise {x!r}")
        for n, x in enumerate(problem.enterprises)
        if x in unknown
    ]
    if issues:
        raise InvalidReferenceError(issues)


def _statements(chain: str, problem: Problem) -> Iterator[Statement]:
    """Node and edges exactly as an import of the same record writes them."""
    scope = {"chain": chain, "token": WRITE_TOKEN}
    yield "problems/put", {**scope, "id": problem.id, "props": problem_props(problem)}
    yield "problems/unlink", {"chain": chain, "id": problem.id}
    yield "import/problem_at", {**scope, "rows": [{"from": problem.id, "to": problem.link}]}
    related = [{"from": problem.id, "to": other} for other in problem.related]
    yield "import/problem_related", {**scope, "rows": related}
    concerns = [{"from": problem.id, "to": e} for e in problem.enterprises]
    yield "import/problem_concerns", {**scope, "rows": concerns}


def _write(store: GraphStore, chain: str, problem: Problem) -> Stored[Problem]:
    store.write_atomically(list(_statements(chain, problem)))
    return get_problem(store, chain, problem.id)


def create_problem(store: GraphStore, chain: str, problem: Problem, *, by: str) -> Stored[Problem]:
    """Add a problem; its first history entry records the status it starts in."""
    with write_lock:
        require_chain(store, chain)
        if store.read("problems/get", {"chain": chain, "id": problem.id}):
            raise ConflictError(f"chain {chain!r} already has a problem {problem.id!r}")
        _check_references(store, chain, problem)
        first = StatusChange(at=now(), by=by, to_status=problem.status, note="created")
        return _write(store, chain, problem.model_copy(update={"history": [first]}))


def update_problem(
    store: GraphStore, chain: str, problem: Problem, *, by: str, if_match: str | None = None
) -> Stored[Problem]:
    """Replace a problem's fields; its status and history stay as they are (see move_status)."""
    with write_lock:
        current = get_problem(store, chain, problem.id)
        check_if_match(if_match, current.etag)
        _check_references(store, chain, problem)
        kept = {"status": current.record.status, "history": current.record.history}
        return _write(store, chain, problem.model_copy(update=kept))


def move_status(
    store: GraphStore,
    chain: str,
    problem_id: str,
    to: ProblemStatus,
    *,
    by: str,
    note: str | None = None,
    if_match: str | None = None,
) -> Stored[Problem]:
    """Move a problem to another status and record who moved it, when, from where and why.

    Any status may follow any other (a resolved problem can be reopened); staying put is a
    conflict, so that the history holds moves only."""
    with write_lock:
        current = get_problem(store, chain, problem_id)
        check_if_match(if_match, current.etag)
        problem = current.record
        if problem.status == to:
            raise ConflictError(f"problem {problem_id!r} is already {to}")
        change = StatusChange(at=now(), by=by, from_status=problem.status, to_status=to, note=note)
        moved = problem.model_copy(update={"status": to, "history": [*problem.history, change]})
        props = problem_props(moved)
        store.write(
            "problems/put", {"chain": chain, "id": problem_id, "props": props, "token": WRITE_TOKEN}
        )
        return get_problem(store, chain, problem_id)


def delete_problem(
    store: GraphStore, chain: str, problem_id: str, *, by: str, if_match: str | None = None
) -> Problem:
    """Remove a problem nothing else refers to; projects, achievements or related problems that
    name it make this a conflict (the package would no longer hold together)."""
    with write_lock:
        current = get_problem(store, chain, problem_id)
        check_if_match(if_match, current.etag)
        referrers = [
            f"{row['relation']} from {row['id']}"
            for row in store.read("problems/referrers", {"chain": chain, "id": problem_id})
        ]
        if referrers:
            raise ConflictError(
                f"problem {problem_id!r} is still referred to: {', '.join(referrers)}"
            )
        store.write("problems/delete", {"chain": chain, "id": problem_id})
        return current.record


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
