"""A version's analysis is the same whether loaded from the store or from the version's
package document, and a big chain's load answers 503 (retry) instead of making a request wait."""

from __future__ import annotations

import time
from typing import Any

import pytest

from graph.analytics.chain_analysis import AnalysisCache, ChainAnalysis
from graph.errors import NotReadyError
from graph.package.models import ChainPackage
from graph.store.base import GraphStore
from graph.versioning.importer import import_package, package_document
from seeds.generator import generate_package
from tests.factories import unique_chain


def _package(chain: str) -> ChainPackage:
    """A generated chain with what the loads must both leave out: closed suppliers and
    resolved problems."""
    package = generate_package(300, seed=7)
    package.chain = package.chain.model_copy(update={"id": chain})
    for e in package.enterprises[::9]:
        e.status = "closed"
    for p in package.problems[::2]:
        p.status = "resolved"
    return ChainPackage.model_validate(package.model_dump(by_alias=True))


def _facts(analysis: ChainAnalysis) -> dict[str, Any]:
    g = analysis.graph
    return {
        "home": analysis.home_province,
        "nodes": sorted((n, sorted(d.items())) for n, d in g.nodes(data=True)),
        "edges": sorted(g.edges(keys=True)),
        "links": analysis.links,
        "flows": sorted(analysis.link_flows),
        "grades": {link: sorted(gs) for link, gs in analysis.open_grades.items()},
    }


def test_the_document_gives_the_analysis_the_store_gives(store: GraphStore) -> None:
    package = _package(unique_chain("ca"))
    result = import_package(store, package, author="test")
    chain = package.chain.id
    from_store = ChainAnalysis.from_store(store, chain, result.version)
    from_document = ChainAnalysis.from_document(chain, result.version, package_document(package))
    facts = _facts(from_store)
    assert facts == _facts(from_document)
    closed = {e.id for e in package.enterprises if e.status == "closed"}
    assert closed and not any(s in closed for s, _, _ in facts["edges"])
    assert sum(len(gs) for gs in facts["grades"].values()) == sum(
        p.status != "resolved" for p in package.problems
    )
    assert from_store.bottlenecks == from_document.bottlenecks


def test_a_slow_load_answers_not_ready_then_the_analysis(store: GraphStore) -> None:
    package = _package(unique_chain("cb"))
    import_package(store, package, author="test")
    analyses = AnalysisCache(store, wait_s=0)
    with pytest.raises(NotReadyError) as raised:
        analyses.get(package.chain.id)
    assert raised.value.retry_after > 0
    deadline = time.monotonic() + 30
    while True:
        try:
            analysis = analyses.get(package.chain.id)
            break
        except NotReadyError:
            assert time.monotonic() < deadline, "the analysis never became ready"
            time.sleep(0.05)
    assert analysis.graph.number_of_nodes() == len(package.enterprises)


def test_a_new_version_is_loaded_again(store: GraphStore) -> None:
    package = _package(unique_chain("cc"))
    first = import_package(store, package, author="test")
    analyses = AnalysisCache(store)
    before = analyses.get(package.chain.id)
    assert before.version == first.version
    firm = next(e for e in package.enterprises if list(before.graph.successors(e.id)))
    firm.status = "closed"
    second = import_package(store, package, author="test")
    analysis = analyses.get(package.chain.id)
    assert analysis.version == second.version
    assert not list(analysis.graph.successors(firm.id))


def test_a_document_without_closed_firms_keeps_every_supply() -> None:
    document = package_document(generate_package(300, seed=7))
    assert all(e.get("status", "active") == "active" for e in document["enterprises"])
    analysis = ChainAnalysis.from_document("c", None, document)
    assert sorted(analysis.graph.edges(keys=True)) == sorted(
        (s["supplier"], s["customer"], s["link"]) for s in document["supplies"]
    )
    document["enterprises"][0]["status"] = "closed"
    closed = document["enterprises"][0]["id"]
    assert any(s["supplier"] == closed for s in document["supplies"])
    analysis = ChainAnalysis.from_document("c", None, document)
    assert closed in analysis.graph and not list(analysis.graph.successors(closed))
