"""The Linqing bearing seed: schema validity, referential integrity and provenance."""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from importlib import resources

import pytest

from graph.package.models import ChainPackage, Problem, Sourced

# Names exactly as 002 lists them (§发展重点/重点企业十强 L1140-1228, §高成长性企业十强 L1230-1313).
TOP_KEY_FIRMS = {
    "山东省宇捷轴承制造有限公司",
    "山东博特轴承有限公司",
    "临清市毅轩轴承有限公司",
    "山东华工轴承有限公司",
    "临清市同兴轴承锻造有限公司",
    "山东永翔特种轴承有限公司",
    "山东华隆威斯特轴承股份有限公司",
    "聊城市中瑞轴承配件股份有限公司",
    "山东蓝宇精密轴承制造有限公司",
    "山东华钢精密轴承制造有限公司",
}
TOP_GROWTH_FIRMS = {
    "聊城市同心轴承有限公司",
    "临清市万达轴承有限公司",
    "山东省扬帆轴承有限公司",
    "临清森信轴承制造有限公司",
    "山东锡迈克轴承有限公司",
    "临清市金彬轴承有限公司",
    "临清市海滨轴承制造有限公司",
    "临清市九星轴承科技有限公司",
    "临清市致杰轴承有限公司",
    "临清市四通精密轴承制造有限公司",
}
SOURCE_FILE = re.compile(r"\b00[0-4]\b")


@pytest.fixture(scope="module")
def package() -> ChainPackage:
    text = resources.files("seeds").joinpath("linqing_bearing.json").read_text(encoding="utf-8")
    return ChainPackage.model_validate(json.loads(text))


def annex_d_grade(problem: Problem) -> str:
    """Grade of a problem by 004 Annex D, computed in tenths to avoid float edge effects."""
    s = problem.scores
    tenths = 4 * s.safety_competitiveness + 3 * s.spread + 3 * s.urgency_difficulty
    if tenths >= 40:
        return "★★★"
    return "★★" if tenths >= 25 else "★"


def sourced_records(package: ChainPackage) -> Iterable[tuple[str, Sourced]]:
    yield "chain", package.chain
    for kind in (
        "links",
        "link_flows",
        "enterprises",
        "supplies",
        "institutions",
        "problems",
        "projects",
        "achievements",
        "events",
    ):
        for record in getattr(package, kind):
            yield kind, record


def test_ids_are_unique_per_kind(package: ChainPackage) -> None:
    for kind in (
        "segments",
        "links",
        "enterprises",
        "institutions",
        "problems",
        "projects",
        "achievements",
        "events",
    ):
        ids = [r.id for r in getattr(package, kind)]
        duplicates = [i for i, n in Counter(ids).items() if n > 1]
        assert not duplicates, f"{kind}: {duplicates}"


def test_links_point_at_segments_and_parents(package: ChainPackage) -> None:
    segments = {s.id for s in package.segments}
    links = {link.id: link for link in package.links}
    for link in package.links:
        assert link.segment in segments, link.id
        if link.parent is not None:
            assert link.parent in links, link.id
            assert link.parent != link.id


def test_flows_run_between_known_links_left_to_right(package: ChainPackage) -> None:
    links = {link.id: link for link in package.links}
    for flow in package.link_flows:
        assert flow.from_ in links and flow.to in links, (flow.from_, flow.to)
        assert links[flow.from_].order < links[flow.to].order, (flow.from_, flow.to)


def test_enterprises_name_existing_links(package: ChainPackage) -> None:
    links = {link.id for link in package.links}
    for enterprise in package.enterprises:
        assert set(enterprise.links) <= links, enterprise.id


def test_supplies_are_consistent(package: ChainPackage) -> None:
    enterprises = {e.id: e for e in package.enterprises}
    keys = [(s.supplier, s.customer, s.link) for s in package.supplies]
    assert len(keys) == len(set(keys)), "one SUPPLIES edge per (supplier, customer, link)"
    for s in package.supplies:
        assert s.supplier in enterprises and s.customer in enterprises, s
        assert s.supplier != s.customer, s
        assert s.link in enterprises[s.supplier].links, f"{s.supplier} is not in link {s.link}"


def test_supplies_cover_links_with_single_and_multi_source(package: ChainPackage) -> None:
    assert 80 <= len(package.supplies) <= 160
    supplied_links = {s.link for s in package.supplies}
    consuming_only = {"applications"}
    for link in package.links:
        members = [e for e in package.enterprises if link.id in e.links]
        if members and link.id not in consuming_only:
            assert link.id in supplied_links, f"no supply flows out of link {link.id}"
    suppliers: dict[tuple[str, str], set[str]] = defaultdict(set)
    for s in package.supplies:
        suppliers[(s.customer, s.link)].add(s.supplier)
    counts = Counter(len(v) for v in suppliers.values())
    assert counts[1] > 0, "some single-source dependencies"
    assert sum(n for k, n in counts.items() if k > 1) > 0, "some multi-source supply"


def test_institutions_serve_existing_links(package: ChainPackage) -> None:
    links = {link.id for link in package.links}
    assert len(package.institutions) >= 8
    for institution in package.institutions:
        assert institution.serves and set(institution.serves) <= links, institution.id


def test_problems_refer_to_known_records(package: ChainPackage) -> None:
    links = {link.id for link in package.links}
    problems = {p.id for p in package.problems}
    enterprises = {e.id for e in package.enterprises}
    assert len(package.problems) >= 10
    for problem in package.problems:
        assert problem.link in links, problem.id
        assert set(problem.related) <= problems - {problem.id}, problem.id
        assert set(problem.enterprises) <= enterprises, problem.id


def test_all_three_grades_present(package: ChainPackage) -> None:
    assert {annex_d_grade(p) for p in package.problems} == {"★", "★★", "★★★"}


def test_projects_and_achievements_refer_to_known_records(package: ChainPackage) -> None:
    problems = {p.id for p in package.problems}
    actors = {e.id for e in package.enterprises} | {i.id for i in package.institutions}
    projects = {p.id for p in package.projects}
    for project in package.projects:
        assert set(project.problems) <= problems, project.id
        assert project.lead in actors, project.id
        assert set(project.participants) <= actors, project.id
    assert any(not m.done for p in package.projects for m in p.milestones)
    for achievement in package.achievements:
        assert achievement.project is None or achievement.project in projects, achievement.id
        assert set(achievement.problems) <= problems, achievement.id
        assert set(achievement.directed_to) <= actors, achievement.id
        assert bool(achievement.directed_to) == (achievement.sharing == "directed"), achievement.id
    assert {a.sharing for a in package.achievements} == {"public", "members", "directed", "paid"}


def test_events_refer_to_known_records(package: ChainPackage) -> None:
    known = (
        {link.id for link in package.links}
        | {e.id for e in package.enterprises}
        | {i.id for i in package.institutions}
    )
    for event in package.events:
        assert set(event.refs) <= known, event.id


def test_every_record_is_sourced_or_illustrative(package: ChainPackage) -> None:
    for kind, record in sourced_records(package):
        if record.basis == "sourced":
            assert record.source and SOURCE_FILE.search(record.source), (kind, record)
        else:
            assert record.basis == "illustrative"
            assert record.source, (kind, record)


def test_enterprises_include_the_named_firms(package: ChainPackage) -> None:
    names = {e.name for e in package.enterprises}
    sourced = [e for e in package.enterprises if e.basis == "sourced"]
    assert len(sourced) >= 45
    assert names >= TOP_KEY_FIRMS
    assert names >= TOP_GROWTH_FIRMS


def test_at_most_two_chain_owners(package: ChainPackage) -> None:
    owners = [e.id for e in package.enterprises if e.role == "chain_owner"]
    assert 1 <= len(owners) <= 2
