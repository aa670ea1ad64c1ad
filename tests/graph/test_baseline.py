"""The latest version kept in memory for the next write: its document always (a big chain's with
its supplies packed), its validated package only while it is small enough to be worth the
memory."""

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
    assert latest is not None and (latest.document is document) is handed_back
    assert latest.document == document and list(latest.document) == list(document)
    start = kept.take_package(store, latest)
    assert (start is package) is handed_back
    assert start == package  # validated again from the document when it was not kept


def test_a_big_documents_supplies_are_packed_and_views_never_unpack_them(
    store: GraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(kept, "PACKAGE_KEPT_RECORDS", 3)
    package = ChainPackage.model_validate(tiny_package())
    written = import_package(store, package, author="test")
    document = package_document(package)
    assert document["supplies"]
    kept.remember(store, package.chain.id, written.version, written.created_at, document)
    latest = kept.latest_baseline(store, package.chain.id)
    assert latest is not None and latest.kept is not None and latest.kept.packed
    assert latest.kept.document["supplies"] == []  # not held as records
    unpacked = kept._Kept.whole
    monkeypatch.setattr(kept._Kept, "whole", lambda self: pytest.fail("unpacked for a view"))
    assert latest.without_supplies == {k: v for k, v in document.items() if k != "supplies"}
    monkeypatch.setattr(kept._Kept, "whole", unpacked)
    assert latest.document == document and list(latest.document) == list(document)
    assert latest.document is latest.document  # unpacked once per baseline


def test_a_small_document_is_kept_whole(store: GraphStore) -> None:
    package = ChainPackage.model_validate(tiny_package())
    written = import_package(store, package, author="test")
    latest = kept.latest_baseline(store, package.chain.id)
    assert latest is not None and latest.version == written.version
    assert latest.kept is not None and latest.kept.packed is None
    assert latest.kept.document is latest.document
