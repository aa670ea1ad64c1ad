"""A large atomic write, such as a big chain's import, keeps the all-or-nothing rule for readers
(they see the chain before it or after it, never between) without making them wait: reads of
other chains keep answering while it runs. On the embedded store such a write runs on a staged
copy of the graph that replaces it in one rename; on Neo4j it is one transaction."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest

from graph.store.base import GraphStore, Statement
from graph.store.factory import open_embedded
from graph.versioning.statements import package_statements
from seeds.generator import generate_package
from tests.factories import load_tiny, unique_chain
from tests.waiting import wait_until

# Enough firms for a write of a few seconds on this machine.
ENTERPRISES = 4000


def _big_write(chain: str) -> list[Statement]:
    package = generate_package(ENTERPRISES, seed=3)
    package = package.model_copy(update={"chain": package.chain.model_copy(update={"id": chain})})
    return list(package_statements(package, f"{chain}@1"))


def _enterprises(store: GraphStore, chain: str) -> int:
    return len(store.read("export/enterprises", {"chain": chain}))


def test_reads_answer_while_a_large_write_runs_and_see_it_whole_or_not_at_all(
    store: GraphStore,
) -> None:
    other = load_tiny(store)
    chain = unique_chain("big")
    statements = _big_write(chain)
    window: dict[str, float] = {}
    failure: list[BaseException] = []

    def write() -> None:
        window["start"] = time.monotonic()
        try:
            store.write_atomically(statements)
        except BaseException as exc:  # reported below, in the test's thread
            failure.append(exc)
        window["end"] = time.monotonic()

    writer = threading.Thread(target=write)
    writer.start()
    answered: list[float] = []
    seen: set[int] = set()
    while writer.is_alive():
        assert store.read("chains/get", {"chain": other})
        answered.append(time.monotonic())
        seen.add(_enterprises(store, chain))
    writer.join()
    assert not failure, failure

    assert seen <= {0, ENTERPRISES}, f"a reader saw part of the write: {sorted(seen)}"
    assert _enterprises(store, chain) == ENTERPRISES
    span = window["end"] - window["start"]
    middle = [t for t in answered if window["start"] + span / 5 < t < window["end"] - span / 5]
    # A write that held the store would let no read through in the middle of it.
    assert len(middle) >= 10, f"{len(middle)} reads answered in the middle of a {span:.1f} s write"


def test_a_large_write_whose_last_statement_fails_leaves_the_store_as_it_was(
    store: GraphStore,
) -> None:
    chain = unique_chain("big")
    # A map is expected for the version's properties: the store refuses the statement.
    broken = ("version/create", {"chain": chain, "id": f"{chain}@1", "props": "not a map"})
    with pytest.raises(Exception):  # noqa: B017 - each store words its refusal its own way
        store.write_atomically([*_big_write(chain), broken])
    assert store.read("chains/get", {"chain": chain}) == []
    assert _enterprises(store, chain) == 0


@pytest.mark.parametrize("round_", range(3))
def test_an_acknowledged_large_write_survives_kill_9_of_the_embedded_server(
    tmp_path: Path, round_: int
) -> None:
    """Right after the write returns, before any rewrite: the append-only file must already
    hold it (with fsync every second the server could answer first; one kill in four lost the
    whole import), and it loads in a moment (effects, not query text, are logged)."""
    opened = open_embedded(tmp_path / "data")
    try:
        server = opened.server
        assert server is not None and server.pid is not None
        opened.store.compact_after_writes = False  # type: ignore[attr-defined]
        chain = unique_chain("big")
        opened.store.write_atomically(_big_write(chain))
        os.kill(server.pid, signal.SIGKILL)
        assert wait_until(lambda: not server.running, 10)
        server.restart()
        assert _enterprises(opened.store, chain) == ENTERPRISES
    finally:
        opened.close()
