"""Versions kept as patches on the version before them: exact, small, bounded chains."""

from __future__ import annotations

import copy
from typing import Any

from graph.package.diff import diff_packages
from graph.package.models import ChainPackage
from graph.package.patches import KEYFRAME_EVERY, apply_patch, make_patch
from graph.store.base import GraphStore
from graph.versioning.baseline import forget, latest_baseline
from graph.versioning.importer import import_package, package_document
from graph.versioning.versions import list_versions, version_package
from tests.factories import seed_package


def _edited(data: dict[str, Any], step: int) -> dict[str, Any]:
    """The package after one planner's edit: a firm's products, a new firm, a dropped supply."""
    edited = copy.deepcopy(data)
    edited["enterprises"][step % 10]["products"] = [f"第{step}代轴承"]
    if step % 3 == 0:
        new = {"id": f"new-{step}", "name": f"新企业{step}", "province": "山东"}
        edited["enterprises"].insert(step % 7, {**new, "links": ["market"]})
    if step % 5 == 0:
        edited["supplies"].pop(0)
    if step % 11 == 0:
        edited["chain"]["name"] = f"临清轴承产业链（第{step}版）"
    return edited


def test_a_patch_rebuilds_the_next_document_exactly() -> None:
    before = seed_package("patch")
    after = _edited(before, 165)  # every kind of edit: 165 = 3 × 5 × 11
    patch = make_patch(before, after, diff_packages(before, after))
    assert patch is not None and apply_patch(before, patch) == after
    assert set(patch["lists"]) == {"enterprises", "supplies"} and "chain" in patch["set"]
    assert len(before["enterprises"]) + 1 == len(apply_patch(before, patch)["enterprises"])

    reordered = copy.deepcopy(before)
    reordered["enterprises"].reverse()  # no record changed, but the package is not the same
    assert make_patch(before, reordered, diff_packages(before, reordered)) is None


def test_versions_are_patches_between_snapshots_and_read_back_exactly(store: GraphStore) -> None:
    data = seed_package()
    chain = data["chain"]["id"]
    written = []
    for step in range(KEYFRAME_EVERY + 3):
        data = _edited(data, step) if step else data
        package = ChainPackage.model_validate(data)
        import_package(store, package, author="test")
        written.append(package)

    versions = list_versions(store, chain)
    stored = [v.stored_as for v in versions]
    assert stored[0] == "snapshot" and stored[KEYFRAME_EVERY] == "snapshot"
    assert set(stored[1:KEYFRAME_EVERY]) == {"patch"} and stored[KEYFRAME_EVERY + 1] == "patch"
    snapshot_chars = versions[0].snapshot_chars or 0
    assert all((v.snapshot_chars or 0) * 5 < snapshot_chars for v in versions[1:KEYFRAME_EVERY])

    for version, package in zip(versions, written, strict=True):
        assert version_package(store, chain, str(version.seq)) == package, version.id
    forget(store, chain)  # the next write rebuilds its starting point from the store
    baseline = latest_baseline(store, chain)
    assert baseline is not None and baseline.depth == 2
    assert baseline.document == package_document(written[-1])
