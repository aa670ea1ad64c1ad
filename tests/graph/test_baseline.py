"""The latest version kept in memory for the next write: its document always, its validated
package only while it is small enough to be worth the memory."""

from __future__ import annotations

import pytest

from graph.package.models import ChainPackage
from graph.store.base import GraphStore
from graph.versioning import baseline as kept
from graph.versioning.importer import import_package, package_document
from tests.factories import tiny_package


@pytest.mark.parametrize("limit, handed_back", [(1_000, True), (3, False)])
def test_a_package_is_kept_for_the_next_edit_only_up_to_the_record_limit(
    store: GraphStore, monkeypatch: pytest.MonkeyPatch, limit: int, handed_back: bool
) -> None:
    monkeypatch.setattr(kept, "PACKAGE_KEPT_RECORDS", limit)
    package = ChainPackage.model_validate(tiny_package())
    written = import_package(store, package, author="test")
    document = package_document(package)
    kept.remember(store, package.chain.id, written.version, written.created_at, document, package)
    latest = kept.latest_baseline(store, package.chain.id)
    assert latest is not None and latest.document is document
    start = kept.take_package(store, latest)
    assert (start is package) is handed_back
    assert start == package  # validated again from the document when it was not kept
