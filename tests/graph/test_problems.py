"""The problem library on a real store: writes as the importer writes, status moves, ETags."""

from __future__ import annotations

import pytest

from graph.errors import (
    ConflictError,
    InvalidReferenceError,
    PreconditionFailedError,
    RecordNotFoundError,
)
from graph.libraries.problems import (
    create_problem,
    delete_problem,
    get_problem,
    grade_badges,
    list_problems,
    move_status,
    update_problem,
)
from graph.package.models import Problem, Scores
from graph.reads.exporter import export_package
from graph.store.base import GraphStore
from graph.versioning.importer import import_package
from tests.canonical import canonical
from tests.factories import editor, load_tiny


def _problem(pid: str = "p-new", **fields: object) -> Problem:
    data: dict = {
        "id": pid,
        "title": "保持架材料",
        "link": "forging",
        "category": "management",
        "scores": {"safety_competitiveness": 4, "spread": 1, "urgency_difficulty": 2},
        "enterprises": ["forge"],
        "related": ["p-clean"],
    }
    return Problem.model_validate({**data, **fields})


def test_created_problem_is_stored_as_an_import_would_store_it(store: GraphStore) -> None:
    chain = load_tiny(store)
    created = create_problem(store, chain, _problem(), principal=editor("k1"))
    assert (created.props["severity"], created.props["grade"]) == (2.5, "★★")
    assert [(h.by, h.from_status, h.to_status) for h in created.record.history] == [
        ("k1", None, "identified")
    ]
    package = export_package(store, chain)
    twin = load_tiny(store)
    import_package(
        store,
        package.model_copy(update={"chain": package.chain.model_copy(update={"id": twin})}),
        author="test",
    )
    imported = get_problem(store, twin, "p-new").props
    assert imported == {**created.props, "chain": twin, "seen": f"{twin}@2"}
    assert canonical(export_package(store, chain)) == canonical(package)
    related = {p.record.id: p.record.related for p in list_problems(store, chain)}
    assert related["p-new"] == ["p-clean"]


def test_filters_and_severity_order(store: GraphStore) -> None:
    chain = load_tiny(store)
    create_problem(store, chain, _problem(), principal=editor("k1"))
    ranked = [(s.record.id, s.props["grade"]) for s in list_problems(store, chain)]
    assert ranked == [("p-clean", "★★★"), ("p-new", "★★"), ("p-noise", "★")]
    assert [s.record.id for s in list_problems(store, chain, sort="severity")][0] == "p-noise"
    assert [s.record.id for s in list_problems(store, chain, grade="★★")] == ["p-new"]
    assert [s.record.id for s in list_problems(store, chain, link="rings")] == ["p-noise"]
    assert [s.record.id for s in list_problems(store, chain, category="management")] == ["p-new"]
    assert [s.record.id for s in list_problems(store, chain, status="analyzing")] == ["p-noise"]


def test_unknown_references_are_all_reported(store: GraphStore) -> None:
    chain = load_tiny(store)
    bad = _problem(link="nowhere", related=["p-clean", "ghost"], enterprises=["nobody"])
    with pytest.raises(InvalidReferenceError) as caught:
        create_problem(store, chain, bad, principal=editor("k1"))
    assert {i.path for i in caught.value.issues} == {"$.link", "$.related[1]", "$.enterprises[0]"}
    with pytest.raises(RecordNotFoundError):
        get_problem(store, chain, "p-new")
    with pytest.raises(ConflictError):
        create_problem(store, chain, _problem("p-clean"), principal=editor("k1"))


def test_update_recomputes_severity_and_keeps_status(store: GraphStore) -> None:
    chain = load_tiny(store)
    before = get_problem(store, chain, "p-noise")
    lowered = before.record.model_copy(
        update={
            "scores": Scores(safety_competitiveness=1, spread=1, urgency_difficulty=1),
            "status": "resolved",
        }
    )
    after = update_problem(store, chain, lowered, principal=editor("k1"), if_match=before.etag)
    assert (after.props["severity"], after.props["grade"]) == (1.0, "★")
    assert after.record.status == "analyzing"
    assert after.etag != before.etag
    with pytest.raises(PreconditionFailedError):
        update_problem(store, chain, lowered, principal=editor("k1"), if_match=before.etag)


def test_status_moves_are_recorded(store: GraphStore) -> None:
    chain = load_tiny(store)
    moved = move_status(store, chain, "p-clean", "analyzing", principal=editor("k1"), note="专家组")
    moved = move_status(
        store, chain, "p-clean", "tackling", principal=editor("k2"), if_match=moved.etag
    )
    assert [(h.by, h.from_status, h.to_status, h.note) for h in moved.record.history] == [
        ("k1", "identified", "analyzing", "专家组"),
        ("k2", "analyzing", "tackling", None),
    ]
    with pytest.raises(ConflictError):
        move_status(store, chain, "p-clean", "tackling", principal=editor("k1"))
    exported = export_package(store, chain)
    assert [h.to_status for h in exported.problems[0].history] == ["analyzing", "tackling"]


def test_delete_refuses_referenced_problems(store: GraphStore) -> None:
    chain = load_tiny(store)
    with pytest.raises(ConflictError, match="ADDRESSES from pj1"):
        delete_problem(store, chain, "p-clean", principal=editor("k1"))
    with pytest.raises(ConflictError, match="RELATED_TO from p-clean"):
        delete_problem(store, chain, "p-noise", principal=editor("k1"))
    create_problem(store, chain, _problem(related=[]), principal=editor("k1"))
    delete_problem(store, chain, "p-new", principal=editor("k1"))
    assert "p-new" not in {p.id for p in export_package(store, chain).problems}


def test_grade_badges_count_open_problems_per_link(store: GraphStore) -> None:
    chain = load_tiny(store)
    move_status(store, chain, "p-noise", "resolved", principal=editor("k1"))
    badges = grade_badges(store, chain)
    assert badges["steel"]["open"] == {"★": 0, "★★": 0, "★★★": 1}
    assert badges["steel"]["highest_open_grade"] == "★★★"
    assert badges["rings"] == {
        "open": {"★": 0, "★★": 0, "★★★": 0},
        "resolved": 1,
        "highest_open_grade": None,
    }
