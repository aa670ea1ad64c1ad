"""Diffs, snapshots and name matching, on plain data and on a real store."""

from __future__ import annotations

import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from graph.package.diff import diff_packages, touched_links
from graph.package.formats import parse_json_package
from graph.store.base import GraphStore
from graph.versioning.importer import import_package
from graph.versioning.latest import LatestVersions
from graph.versioning.matching import generic_terms, normalise_name
from graph.versioning.snapshots import decode_snapshot, encode_snapshot
from graph.versioning.versions import list_versions, version_package
from tests.factories import load_tiny, tiny_package, unique_chain


def test_diff_keys_records_and_reports_changed_fields() -> None:
    a = tiny_package("c")
    b = json.loads(json.dumps(a))
    b["supplies"][2]["share"] = 0.5
    b["links"][0]["risk_points"] = []
    del b["institutions"][0]
    diff = diff_packages(a, b)
    assert [(c.kind, c.key, c.op) for c in diff.changes] == [
        ("links", "steel", "changed"),
        ("supplies", "forge>ring@forging", "changed"),
        ("institutions", "lab", "removed"),
    ]
    assert [(f.field, f.before, f.after) for f in diff.changes[1].fields] == [("share", 0.7, 0.5)]
    assert touched_links(diff, a) == {"steel", "forging", "rings"}
    assert diff_packages(a, a).changes == []
    assert {c.op for c in diff_packages(None, a).changes} == {"added"}


@pytest.mark.parametrize(
    ("name", "places", "core"),
    [
        ("临清市宇捷轴承有限公司", ["山东", "聊城", "临清"], "宇捷"),
        ("山东省宇捷轴承制造有限公司", [], "宇捷"),
        ("宇捷轴承", [], "宇捷"),
        ("聊城市中瑞轴承配件股份有限公司", [], "中瑞配件"),
        ("华隆威斯特轴承（临清）", [], "华隆威斯特"),
        ("Ｓｋｆ　(中国)", [], "skf"),
        ("轴承厂", [], "轴承"),  # never below two characters
    ],
)
def test_names_normalise_to_their_core(name: str, places: list[str], core: str) -> None:
    assert normalise_name(name, places, {"轴承"}) == core


def test_generic_terms_come_from_the_chain() -> None:
    names = ["宇捷轴承", "博特轴承", "毅轩轴承", "兴潘特钢", "同兴锻造"]
    assert generic_terms(names) == {"轴承"}
    assert generic_terms(names[:2]) == set()  # too few names to call a word generic


def test_snapshots_round_trip_and_shrink() -> None:
    document = tiny_package("c")
    parts = encode_snapshot(document)
    assert decode_snapshot(parts) == document
    assert sum(map(len, parts)) < len(json.dumps(document))


def test_every_version_reads_back_from_the_store(store: GraphStore) -> None:
    data = tiny_package()
    chain = data["chain"]["id"]
    first = parse_json_package(json.dumps(data))
    import_package(store, first, author="test")
    data["enterprises"][0]["tier"] = "follower"
    second = import_package(store, parse_json_package(json.dumps(data)), author="test")
    assert [(t.id, t.before, t.after) for t in second.diff.tier_changes()] == [
        ("mill", "leader", "follower")
    ]
    versions = list_versions(store, chain)
    assert [v.touched_links for v in versions] == [["forging", "rings", "steel"], ["steel"]]
    assert version_package(store, chain, "1") == first
    assert version_package(store, chain, "latest").enterprises[0].tier == "follower"


def test_latest_versions_follow_this_process_writes(store: GraphStore) -> None:
    """Kept between reads on the embedded store, asked anew on Neo4j: right after a write
    either way."""
    latest = LatestVersions(store)
    chain = unique_chain()
    assert latest.get(chain) is None
    load_tiny(store, chain)
    assert latest.get(chain) == f"{chain}@1"
    load_tiny(store, chain)  # the same package again: a new version all the same
    assert latest.get(chain) == f"{chain}@2" == latest.get(chain)


def test_concurrent_asks_of_the_latest_version_share_queries(
    store: GraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Calls that overlap share a query that started after each of them came (on Neo4j) or
    the kept id (embedded): every one sees the version written before it, with fewer queries
    than calls."""
    chain = unique_chain()
    load_tiny(store, chain)
    latest = LatestVersions(store)
    read, asked = store.read, []

    def slow_read(name: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        if name == "version/latest":
            asked.append(name)
            time.sleep(0.02)  # long enough for the other calls to come meanwhile
        return read(name, params)

    monkeypatch.setattr(store, "read", slow_read)
    start = threading.Barrier(16)

    def ask(_: int) -> list[str | None]:
        start.wait()
        return [latest.get(chain) for _ in range(5)]

    with ThreadPoolExecutor(16) as pool:
        answers = [a for found in pool.map(ask, range(16)) for a in found]
    assert answers == [f"{chain}@1"] * 80
    assert 1 <= len(asked) <= 40, len(asked)
    load_tiny(store, chain)
    assert latest.get(chain) == f"{chain}@2"
