"""Reads from a version's document in memory answer exactly what the store answers: the same
pages in the same order with the same totals, the same firms, partners and link counts."""

from __future__ import annotations

import pytest

from graph.package.models import ChainPackage
from graph.reads.chains import get_enterprise, list_links, page_enterprises, page_partners
from graph.reads.memory import MemoryReads
from graph.store.base import GraphStore
from graph.versioning.baseline import latest_baseline
from graph.versioning.importer import import_package
from seeds.generator import generate_package
from tests.factories import seed_package, unique_chain


def _generated() -> ChainPackage:
    """A generated chain with some firms closed (their supplies stay, marked by status)."""
    package = generate_package(400, seed=5)
    data = package.model_dump(mode="json", by_alias=True, exclude_none=True)
    data["chain"]["id"] = unique_chain("memory")
    for firm in data["enterprises"][::37]:
        firm["status"] = "closed"
    return ChainPackage.model_validate(data)


@pytest.fixture(scope="module", params=["seed", "generated"])
def written(request: pytest.FixtureRequest, store: GraphStore) -> tuple[str, MemoryReads]:
    if request.param == "seed":
        package = ChainPackage.model_validate(seed_package())
    else:
        package = _generated()
    import_package(store, package, author="test")
    baseline = latest_baseline(store, package.chain.id)
    assert baseline is not None and baseline.document is not None
    reads = MemoryReads(baseline.document)
    reads.index()
    return package.chain.id, reads


def test_links_and_their_counts(store: GraphStore, written: tuple[str, MemoryReads]) -> None:
    chain, reads = written
    assert reads.links() == list_links(store, chain)
    baseline = latest_baseline(store, chain)
    assert baseline is not None and baseline.document is not None
    unindexed = MemoryReads(baseline.document)  # counted when asked, until indexed
    assert not unindexed.indexed and unindexed.links() == list_links(store, chain)


def test_pages_filtered_and_at_any_offset(
    store: GraphStore, written: tuple[str, MemoryReads]
) -> None:
    chain, reads = written
    _, total = page_enterprises(store, chain, limit=1)
    everyone, _ = page_enterprises(store, chain, limit=1000)
    filters: list[dict[str, str | None]] = [{}]
    filters += [{"link": link.id} for link, _ in list_links(store, chain)]
    filters += [{"province": p} for p in sorted({e.province for e in everyone})]
    filters += [{"tier": "leader"}, {"tier": "follower"}, {"role": "chain_owner"}]
    filters += [{"province": everyone[0].province, "tier": "follower"}]
    for where in filters:
        for limit, offset in [(50, 0), (7, 3), (1000, 0), (10, total - 4), (10, total + 5)]:
            expected = page_enterprises(store, chain, **where, limit=limit, offset=offset)
            assert reads.page(**where, limit=limit, offset=offset) == expected, (where, offset)


def test_every_firm_with_its_partners(store: GraphStore, written: tuple[str, MemoryReads]) -> None:
    chain, reads = written
    everyone, _ = page_enterprises(store, chain, limit=1000)
    assert len(everyone) < 1000
    for firm in everyone:
        _, expected, suppliers, customers = get_enterprise(store, firm.id, chain, partners=5)
        assert reads.enterprise(firm.id) == expected
        assert reads.partners(firm.id, "suppliers", limit=5) == suppliers, firm.id
        assert reads.partners(firm.id, "customers", limit=5) == customers, firm.id
    hub = max(everyone, key=lambda e: reads.partners(e.id, "customers", limit=1).total)
    for offset in (0, 3, 11):
        expected = page_partners(store, chain, hub.id, "customers", limit=4, offset=offset)
        assert reads.partners(hub.id, "customers", limit=4, offset=offset) == expected
