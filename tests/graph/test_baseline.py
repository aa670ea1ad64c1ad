"""The latest version kept in memory for the next write: its document always (a big chain's with
its supplies packed), its validated package only while it is small enough to be worth the
memory."""

from __future__ import annotations

import pytest

from graph.analytics.chain_analysis import AnalysisCache
from graph.package.models import ChainPackage
from graph.store.base import GraphStore
from graph.versioning import baseline as kept
from graph.versioning.importer import ImportResult, import_package, package_document
from tests.factories import tiny_package
from tests.waiting import wait_until


@pytest.mark.parametrize("limit, handed_back", [(1_000, True), (3, False)])
def test_a_package_is_kept_for_the_next_edit_only_up_to_the_record_limit(
    store: GraphStore, monkeypatch: pytest.MonkeyPatch, limit: int, handed_back: bool
) -> None:
    monkeypatch.setattr(kept, "PACKAGE_KEPT_RECORDS", limit)
    package, written = _imported(store)
    document = package_document(package)
    kept.remember(store, package.chain.id, written.version, written.created_at, document, package)
    latest = kept.latest_baseline(store, package.chain.id)
    assert latest is not None and latest.document is document
    start = kept.take_package(store, latest)
    assert (start is package) is handed_back
    assert start == package  # validated again from the document when it was not kept


def test_a_big_documents_supplies_are_packed_and_views_never_unpack_them(
    store: GraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(kept, "PACKAGE_KEPT_RECORDS", 3)
    package, written = _imported(store)
    document = package_document(package)
    assert document["supplies"]
    kept.remember(store, package.chain.id, written.version, written.created_at, document)
    before = kept.latest_baseline(store, package.chain.id)
    assert before is not None and before.kept is not None and before.kept.packed is None
    kept.pack(store, package.chain.id, written.version)
    latest = kept.latest_baseline(store, package.chain.id)
    assert latest is not None and latest.kept is not None and latest.kept.packed
    assert latest.kept.document["supplies"] == []  # not held as records
    assert before.document is document  # a baseline handed out keeps what it holds
    unpacked = kept._Kept.whole
    monkeypatch.setattr(kept._Kept, "whole", lambda self: pytest.fail("unpacked for a view"))
    assert latest.without_supplies == {k: v for k, v in document.items() if k != "supplies"}
    monkeypatch.setattr(kept._Kept, "whole", unpacked)
    assert latest.document == document and list(latest.document) == list(document)
    assert latest.document is latest.document  # unpacked once per baseline


def test_a_small_document_is_never_packed(store: GraphStore) -> None:
    package, written = _imported(store)
    kept.pack(store, package.chain.id, written.version)
    latest = kept.latest_baseline(store, package.chain.id)
    assert latest is not None and latest.version == written.version
    assert latest.kept is not None and latest.kept.packed is None
    assert latest.kept.document is latest.document


def test_the_service_packs_a_big_chain_once_its_analysis_is_prepared(
    store: GraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(kept, "PACKAGE_KEPT_RECORDS", 3)
    package, written = _imported(store)
    analyses = AnalysisCache(store)
    assert analyses.get(package.chain.id).version == written.version
    assert wait_until(lambda: _packed(store, package.chain.id), 10)


def _packed(store: GraphStore, chain: str) -> bool:
    latest = kept.latest_baseline(store, chain)
    return latest is not None and latest.kept is not None and latest.kept.packed is not None


def _imported(store: GraphStore) -> tuple[ChainPackage, ImportResult]:
    package = ChainPackage.model_validate(tiny_package())
    return package, import_package(store, package, author="test")
