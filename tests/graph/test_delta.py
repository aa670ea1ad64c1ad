"""Edits and re-imports write only what changed: the store must still equal the package exactly,
records, properties and every relationship, as a full import of the same package would leave it."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from graph.errors import ConflictError, InvalidPackageError
from graph.package.models import (
    Achievement,
    ChainPackage,
    Enterprise,
    Event,
    Institution,
    Link,
    LinkFlow,
    Problem,
    Project,
    Segment,
    Supply,
)
from graph.reads.exporter import export_package
from graph.store.base import GraphStore
from graph.versioning.edits import apply_edit
from graph.versioning.importer import import_package
from graph.versioning.versions import version_package
from tests.canonical import canonical
from tests.factories import editor, tiny_package, unique_chain
from tests.stores import raw_query

Edit = Callable[[ChainPackage], ChainPackage]
# Every relationship that starts at a node of the chain (a scan: fine for a test's small store).
CHAIN_RELATIONSHIPS = """
MATCH (a)-[r]->(b)
WHERE a.chain = $chain OR (a:Chain AND a.id = $chain)
RETURN labels(a)[0] AS from_label, a.id AS from_id, type(r) AS type, labels(b)[0] AS to_label,
       b.id AS to_id, properties(r) AS props
"""
EDITOR = editor("delta-test")


def relationships(store: GraphStore, chain: str) -> list[str]:
    """Every relationship of the chain as comparable text (the chain's own id and `seen` left
    out), with repeats, so that a duplicate edge shows."""
    rows = raw_query(store, CHAIN_RELATIONSHIPS, {"chain": chain})
    out = []
    for r in rows:
        props = {k: v for k, v in (r["props"] or {}).items() if k != "seen"}
        start = "" if r["from_label"] == "Chain" else r["from_id"]
        item = [r["from_label"], start, r["type"], r["to_label"], r["to_id"], props]
        out.append(json.dumps(item, sort_keys=True, ensure_ascii=False))
    return sorted(out)


def assert_store_equals(store: GraphStore, expected: ChainPackage) -> None:
    """The chain's export is `expected`, and its relationships are those a fresh full import of
    `expected` makes."""
    chain = expected.chain.id
    assert canonical(export_package(store, chain)) == canonical(expected)
    reference = unique_chain("ref")
    renamed = expected.chain.model_copy(update={"id": reference})
    import_package(store, expected.model_copy(update={"chain": renamed}), author="test")
    assert relationships(store, chain) == relationships(store, reference)


def _find(records: list, record_id: str):  # type: ignore[no-untyped-def]
    return next(r for r in records if r.id == record_id)


def enterprises_change(p: ChainPackage) -> ChainPackage:
    _find(p.enterprises, "ring").links = ["rings"]
    mill = _find(p.enterprises, "mill")
    mill.tier = "follower"
    mill.revenue_10k_cny = {}
    _find(p.enterprises, "mill2").name_en = "Other mill"
    return p


def supplies_change(p: ChainPackage) -> ChainPackage:
    p.supplies = [s for s in p.supplies if s.supplier != "mill2"]
    for s in p.supplies:
        if s.supplier == "forge":
            s.share, s.product = 0.9, "锻件"
    p.enterprises.append(Enterprise(id="ball", name="钢球厂", province="山东", links=["rings"]))
    p.supplies.append(Supply(supplier="ring", customer="ball", link="rings"))
    p.supplies.append(Supply(supplier="mill", customer="ring", link="steel"))
    return p


def links_change(p: ChainPackage) -> ChainPackage:
    _find(p.links, "rings").parent = None
    p.links.append(Link(id="balls", name="钢球", segment="midstream", parent="rings", order=3))
    _find(p.links, "forging").segment = "upstream"
    steel = _find(p.links, "steel")
    steel.risk_points, steel.quality_characteristics = [], []
    return p


def problems_change(p: ChainPackage) -> ChainPackage:
    clean, noise = _find(p.problems, "p-clean"), _find(p.problems, "p-noise")
    clean.related, noise.related = [], ["p-clean"]
    clean.enterprises = ["mill", "forge"]
    clean.status = "tackling"
    noise.link = "forging"
    new = Problem.model_validate(
        {
            "id": "p-new",
            "title": "钢球硬度",
            "link": "balls",
            "category": "management",
            "scores": {"safety_competitiveness": 2, "spread": 2, "urgency_difficulty": 5},
            "related": ["p-noise"],
            "enterprises": ["ball"],
        }
    )
    p.problems.append(new)
    return p


def projects_change(p: ChainPackage) -> ChainPackage:
    pj1 = _find(p.projects, "pj1")
    pj1.lead, pj1.participants, pj1.problems = "lab", ["forge", "ring"], ["p-clean", "p-noise"]
    p.projects.append(Project(id="pj2", name="钢球攻关", problems=["p-new"], lead="ring"))
    return p


def achievements_change(p: ChainPackage) -> ChainPackage:
    pub = _find(p.achievements, "a-pub")
    pub.project, pub.problems = "pj2", ["p-new"]
    p.achievements = [a for a in p.achievements if a.id != "a-mem"]
    _find(p.achievements, "a-dir").directed_to = ["ring"]
    p.achievements.append(
        Achievement(id="a-new", name="新成果", project="pj1", problems=["p-clean"])
    )
    return p


def institutions_change(p: ChainPackage) -> ChainPackage:
    _find(p.institutions, "lab").serves = ["rings", "steel"]
    lab2 = Institution(id="lab2", name="二号中心", province="山东", serves=["forging"])
    p.institutions.append(lab2)
    _find(p.projects, "pj2").participants = ["lab2"]
    return p


def flows_and_events_change(p: ChainPackage) -> ChainPackage:
    p.link_flows = [f for f in p.link_flows if (f.from_, f.to) != ("forging", "rings")]
    p.link_flows.append(LinkFlow.model_validate({"from": "rings", "to": "balls", "source": "x"}))
    p.link_flows[0].basis = "illustrative"
    p.events = [e for e in p.events if e.id != "ev1"]
    p.events.append(
        Event(id="ev2", date="2025-01", dimension="product", title="新品", refs=["ball", "p-new"])
    )
    return p


def removals(p: ChainPackage) -> ChainPackage:
    p.enterprises = [e for e in p.enterprises if e.id != "mill2"]
    p.institutions = [i for i in p.institutions if i.id != "lab2"]
    _find(p.institutions, "lab").serves = ["steel"]
    p.problems = [x for x in p.problems if x.id != "p-noise"]
    _find(p.problems, "p-new").related = []
    _find(p.projects, "pj1").problems = ["p-clean"]
    p.projects = [x for x in p.projects if x.id != "pj2"]
    _find(p.achievements, "a-pub").project = None
    return p


def segments_change(p: ChainPackage) -> ChainPackage:
    p.segments.append(Segment(id="downstream", name="下游", order=2))
    _find(p.links, "balls").segment = "downstream"
    _find(p.segments, "midstream").name = "中游制造"
    return p


def link_and_segment_removal(p: ChainPackage) -> ChainPackage:
    p.links = [x for x in p.links if x.id != "balls"]
    p.segments = [s for s in p.segments if s.id != "downstream"]
    p.link_flows = [f for f in p.link_flows if "balls" not in (f.from_, f.to)]
    _find(p.problems, "p-new").link = "rings"
    p.chain.name = "测试轴承链（改）"
    p.indicators = {"I01": 81.5, "I02": 3.0}
    return p


def nothing(p: ChainPackage) -> ChainPackage:
    return p


EDITS: list[Edit] = [
    enterprises_change,
    supplies_change,
    links_change,
    problems_change,
    projects_change,
    achievements_change,
    institutions_change,
    flows_and_events_change,
    removals,
    segments_change,
    link_and_segment_removal,
    nothing,
]


def _edit(store: GraphStore, chain: str, edit: Edit) -> None:
    result = apply_edit(
        store, chain, edit, principal=EDITOR, action="test", target=chain, summary="t"
    )
    assert result.delta  # every version here has a snapshot to start from


def test_every_kind_of_edit_leaves_the_store_equal_to_the_package(store: GraphStore) -> None:
    expected = ChainPackage.model_validate(tiny_package())
    chain = expected.chain.id
    import_package(store, expected, author="test")
    for edit in EDITS:
        _edit(store, chain, edit)
        expected = edit(expected.model_copy(deep=True))
        assert_store_equals(store, expected)
    assert canonical(version_package(store, chain, "latest")) == canonical(expected)


def test_a_full_import_after_edits_sweeps_by_its_own_token(store: GraphStore) -> None:
    expected = ChainPackage.model_validate(tiny_package())
    chain = expected.chain.id
    import_package(store, expected, author="test")
    for edit in EDITS[:4]:
        _edit(store, chain, edit)
        expected = edit(expected.model_copy(deep=True))
    smaller = removals(projects_change(expected.model_copy(deep=True)))
    smaller.supplies = [s for s in smaller.supplies if "ball" not in (s.supplier, s.customer)]
    smaller.enterprises = [e for e in smaller.enterprises if e.id != "ball"]
    _find(smaller.problems, "p-new").enterprises = []
    result = import_package(store, smaller, author="test", mode="full")
    assert not result.delta
    assert_store_equals(store, smaller)


def test_reimport_with_few_changes_writes_only_them(store: GraphStore) -> None:
    package = ChainPackage.model_validate(tiny_package())
    import_package(store, package, author="test")
    changed = problems_change(links_change(supplies_change(package.model_copy(deep=True))))
    result = import_package(store, changed, author="test")
    assert result.delta
    assert result.diff.counts()["supplies"] == {"removed": 1, "changed": 1, "added": 2}
    assert_store_equals(store, changed)
    everything = import_package(store, package, author="test", mode="full")
    assert not everything.delta
    assert_store_equals(store, package)


def test_a_failed_edit_leaves_nothing_behind(store: GraphStore) -> None:
    package = ChainPackage.model_validate(tiny_package())
    chain = package.chain.id
    import_package(store, package, author="test")
    _edit(store, chain, nothing)  # the next edit starts from the package kept in memory

    def half_done(p: ChainPackage) -> ChainPackage:
        _find(p.problems, "p-clean").status = "resolved"
        raise ConflictError("changed my mind")

    with pytest.raises(ConflictError):
        _edit(store, chain, half_done)
    _edit(store, chain, enterprises_change)
    expected = enterprises_change(package.model_copy(deep=True))
    assert_store_equals(store, expected)
    assert _find(version_package(store, chain, "latest").problems, "p-clean").status == "identified"


def test_an_edit_is_checked_where_it_changed_things(store: GraphStore) -> None:
    package = ChainPackage.model_validate(tiny_package())
    chain = package.chain.id
    import_package(store, package, author="test")

    def bad_tier(p: ChainPackage) -> ChainPackage:
        _find(p.enterprises, "ring").tier = "giant"  # type: ignore[assignment]
        return p

    def dangling(p: ChainPackage) -> ChainPackage:
        p.links = [x for x in p.links if x.id != "rings"]
        return p

    with pytest.raises(InvalidPackageError) as bad:
        _edit(store, chain, bad_tier)
    position = [e.id for e in package.enterprises].index("ring")
    assert [i.path for i in bad.value.issues] == [f"$.enterprises[{position}].tier"]
    with pytest.raises(InvalidPackageError) as missing:
        _edit(store, chain, dangling)
    assert any("unknown link 'rings'" in i.message for i in missing.value.issues)
    assert canonical(export_package(store, chain)) == canonical(package)
    assert len(version_package(store, chain, "latest").links) == 3
