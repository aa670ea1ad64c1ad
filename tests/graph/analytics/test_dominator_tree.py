"""The whole graph's dominator tree answers every firm's choke points as the per-firm
computation over its ancestors does, and a ChainAnalysis answers the same before and after
its tree is ready."""

from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import given

from graph.analytics import NoSourceAncestorError, choke_points, dominator_tree
from graph.analytics.chain_analysis import ChainAnalysis
from graph.versioning.importer import package_document
from seeds.generator import generate_package
from tests.graph.analytics.graphs import CYCLE, DIAMOND, random_supply_graphs, supply_graph

CYCLE_FED = "cycle-fed"

# The cycle a → b → c → a feeds d (and nothing else does) and m, which t of the diamond
# s → p, q → t also feeds; e ⇄ f is a cycle entered from the source r, feeding g.
CYCLE_AND_DIAMOND = [
    *CYCLE,
    ("s", "p", "steel"),
    ("s", "q", "steel"),
    ("p", "t", "forging"),
    ("q", "t", "forging"),
    ("t", "u", "turning"),
    ("c", "m", "lc"),
    ("t", "m", "turning"),
    ("r", "e", "l1"),
    ("e", "f", "l2"),
    ("f", "e", "l1"),
    ("f", "g", "l2"),
]


def _answer(G: nx.MultiDiGraph, x: str, tree: dict | None) -> list[str] | str:
    try:
        return choke_points(G, x, tree)
    except NoSourceAncestorError:
        return CYCLE_FED


def _assert_tree_answers_as_per_firm(G: nx.MultiDiGraph) -> dict[str, list[str] | str]:
    tree = dominator_tree(G)
    per_firm = {x: _answer(G, x, None) for x in G}
    assert {x: _answer(G, x, tree) for x in G} == per_firm
    return per_firm


def test_a_generated_chain_every_firm() -> None:
    # Sparse (1.5 suppliers a firm), so that many firms have choke points, some several deep.
    package = generate_package(2000, seed=3, suppliers_per_enterprise=1.5)
    G = ChainAnalysis.from_document("gen", "v", package_document(package)).graph
    answers = _assert_tree_answers_as_per_firm(G)
    assert len(answers) == 2000
    depths = [len(a) for a in answers.values() if a != CYCLE_FED]
    assert sum(d > 0 for d in depths) > 100 and max(depths) >= 3


def test_a_cycle_fed_firm_and_a_diamond() -> None:
    G = supply_graph(CYCLE_AND_DIAMOND)
    answers = _assert_tree_answers_as_per_firm(G)
    assert {x for x, a in answers.items() if a == CYCLE_FED} == {"a", "b", "c", "d"}
    assert answers["u"] == ["t", "s"]
    assert answers["m"] == ["t", "s"]  # its supplier c on the cycle is never reached
    assert answers["g"] == ["f", "e", "r"]
    assert answers["t"] == ["s"] and answers["s"] == []
    assert set(dominator_tree(G)) == set(G) - {"a", "b", "c", "d"}


def test_the_diamond_tree() -> None:
    tree = dominator_tree(supply_graph(DIAMOND))
    assert {x: d for x, d in tree.items() if isinstance(d, str)} == {"a": "s", "b": "s", "t": "s"}


@given(G=random_supply_graphs())
def test_random_graphs_every_firm(G: nx.MultiDiGraph) -> None:
    _assert_tree_answers_as_per_firm(G)


def test_an_analysis_answers_the_same_before_and_after_its_tree(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    package = generate_package(400, seed=5, suppliers_per_enterprise=1.5)
    analysis = ChainAnalysis.from_document("gen", "v", package_document(package))
    firms = sorted(analysis.graph)
    with monkeypatch.context() as held:  # the tree may not start: every answer is per firm
        held.setattr(analysis, "start_dominator_tree", lambda: None)
        before = {x: _answer_of(analysis, x) for x in firms}
    assert analysis._dominators is None
    analysis.choke_points(firms[0])  # the first question starts the tree
    assert analysis.dominators_done.wait(30)
    assert analysis._dominators is not None
    assert {x: _answer_of(analysis, x) for x in firms} == before
    assert any(before.values())


def _answer_of(analysis: ChainAnalysis, x: str) -> list[str] | str:
    try:
        return analysis.choke_points(x)
    except NoSourceAncestorError:
        return CYCLE_FED


def test_the_tree_is_made_once() -> None:
    analysis = ChainAnalysis.from_document(
        "gen", "v", package_document(generate_package(50, seed=2))
    )
    analysis.start_dominator_tree()
    assert analysis.dominators_done.wait(30)
    made = analysis._dominators
    analysis.start_dominator_tree()
    analysis.choke_points(sorted(analysis.graph)[0])
    assert analysis._dominators is made


def test_unknown_firm_with_a_tree() -> None:
    G = supply_graph(DIAMOND)
    with pytest.raises(nx.NodeNotFound):
        choke_points(G, "zz", dominator_tree(G))
