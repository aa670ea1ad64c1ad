"""The breakthrough project library on a real store: plans, running records, warnings."""

from __future__ import annotations

from datetime import date

import pytest

from graph.errors import ConflictError, InvalidReferenceError, PreconditionFailedError
from graph.libraries.problems import get_problem
from graph.libraries.projects import (
    add_check,
    add_progress,
    close_risk,
    create_project,
    delete_project,
    get_project,
    list_projects,
    project_warnings,
    raise_risk,
    update_project,
)
from graph.package.models import ProgressUpdate, Project
from graph.reads.exporter import export_package
from graph.store.base import GraphStore
from tests.canonical import canonical
from tests.factories import editor, load_tiny


def _project(**fields: object) -> Project:
    data: dict = {
        "id": "pj2",
        "name": "振动噪声攻关",
        "problems": ["p-noise"],
        "lead": "ring",
        "participants": ["lab"],
        "status": "in_progress",
        "milestones": [
            {"date": "2025-03-31", "text": "方案", "done": False},
            {"date": "2025-12-31", "text": "验收", "done": False},
        ],
    }
    return Project.model_validate({**data, **fields})


def test_project_must_name_problems_and_actors_of_the_chain(store: GraphStore) -> None:
    chain = load_tiny(store)
    with pytest.raises(InvalidReferenceError) as caught:
        create_project(
            store,
            chain,
            _project(problems=["p-noise", "ghost"], lead="nobody"),
            principal=editor("k1"),
        )
    assert {i.path for i in caught.value.issues} == {"$.problems[1]", "$.lead"}
    create_project(store, chain, _project(), principal=editor("k1"))
    with pytest.raises(ConflictError):
        create_project(store, chain, _project(), principal=editor("k1"))
    assert [s.record.id for s in list_projects(store, chain, problem="p-noise")] == ["pj2"]


def test_accepting_every_project_leaves_the_problem_status_alone(store: GraphStore) -> None:
    chain = load_tiny(store)
    current = get_project(store, chain, "pj1")
    accepted = current.record.model_copy(update={"status": "accepted"})
    update_project(
        store, chain, accepted, principal=editor("k1"), reason="验收通过", if_match=current.etag
    )
    assert [s.record.status for s in list_projects(store, chain, problem="p-clean")] == ["accepted"]
    assert get_problem(store, chain, "p-clean").record.status == "identified"
    assert get_problem(store, chain, "p-clean").record.history == []


def test_plan_changes_are_recorded(store: GraphStore) -> None:
    chain = load_tiny(store)
    created = create_project(store, chain, _project(), principal=editor("k1"))
    changed = _project(lead="forge", period="2025-01 至 2026-06")
    after = update_project(store, chain, changed, principal=editor("k2"), reason="牵头单位调整")
    assert len(after.record.changes) == 1
    record = after.record.changes[0]
    assert "k2" in record and "牵头单位 ring → forge" in record and "牵头单位调整" in record
    assert "项目周期 （无） → 2025-01 至 2026-06" in record
    with pytest.raises(PreconditionFailedError):
        update_project(store, chain, changed, principal=editor("k2"), if_match=created.etag)
    unchanged = update_project(store, chain, changed, principal=editor("k2"))
    assert len(unchanged.record.changes) == 1


def test_running_record_and_warnings(store: GraphStore) -> None:
    chain = load_tiny(store)
    create_project(store, chain, _project(), principal=editor("k1"))
    warned = {w.project: w for w in project_warnings(store, chain, date(2025, 6, 1))}
    assert [m.text for m in warned["pj2"].overdue] == ["方案"]
    assert "pj1" not in warned  # its milestone is due 2025-06-30
    assert "pj1" not in {w.project for w in project_warnings(store, chain, date(2025, 6, 30))}
    later = {w.project: w for w in project_warnings(store, chain, date(2025, 7, 1))}
    assert [m.text for m in later["pj1"].overdue] == ["中试"]

    report = ProgressUpdate(period="2025Q2", text="方案完成")
    done = add_progress(store, chain, "pj2", report, principal=editor("k1"), milestones_done=[0])
    assert done.record.milestones[0].done and done.record.progress[0].by == "k1"
    assert "pj2" not in {w.project for w in project_warnings(store, chain, date(2025, 6, 1))}

    add_check(store, chain, "pj2", "需整改：样本量不足", principal=editor("k3"))
    flagged = raise_risk(store, chain, "pj2", "设备交付延迟", principal=editor("k1"))
    assert flagged.record.risks == ["设备交付延迟"]
    warned = {w.project: w for w in project_warnings(store, chain, date(2025, 6, 1))}
    assert warned["pj2"].risks == ["设备交付延迟"] and warned["pj2"].overdue == []
    closed = close_risk(store, chain, "pj2", 0, principal=editor("k1"), note="设备到货")
    assert closed.record.risks == [] and "风险解除：设备交付延迟" in closed.record.changes[-1]
    assert "需整改：样本量不足" in closed.record.checks[0]
    assert "pj2" not in {w.project for w in project_warnings(store, chain, date(2025, 6, 1))}

    package = export_package(store, chain)
    twin = load_tiny(store)
    from graph.versioning.importer import import_package

    renamed = package.chain.model_copy(update={"id": twin})
    import_package(store, package.model_copy(update={"chain": renamed}), author="t")
    again = export_package(store, twin)
    assert canonical(again)["projects"] == canonical(package)["projects"]


def test_delete_refuses_projects_with_achievements(store: GraphStore) -> None:
    chain = load_tiny(store)
    with pytest.raises(ConflictError, match="a-pub"):
        delete_project(store, chain, "pj1", principal=editor("k1"))
    create_project(store, chain, _project(), principal=editor("k1"))
    delete_project(store, chain, "pj2", principal=editor("k1"))
    assert [s.record.id for s in list_projects(store, chain)] == ["pj1"]
