"""The map skeleton: links in reading order with their grades, institutions and illustrative
marks, and the same counts from a validated package as from the stored rows."""

from __future__ import annotations

import pytest

from graph.views.map_skeleton import MapSkeleton, build_map_skeleton
from tests.sample_chains import bearing_chain


@pytest.fixture(scope="module")
def skeleton() -> MapSkeleton:
    return build_map_skeleton(bearing_chain(), embed_firms=True)


def test_stages_and_reading_order_run_along_every_flow(skeleton: MapSkeleton) -> None:
    links = {lk.id: lk for lk in skeleton.links}
    for flow in bearing_chain().link_flows:
        assert links[flow.from_].stage < links[flow.to].stage, (flow.from_, flow.to)
    assert [lk.rank for lk in skeleton.links] == list(range(len(skeleton.links)))
    stages = [lk.stage for lk in skeleton.links]
    assert stages == sorted(stages)
    assert [s.id for s in skeleton.segments] == ["up", "mid", "down"]


def test_link_grade_is_the_worst_open_grade_and_resolved_problems_are_ignored(
    skeleton: MapSkeleton,
) -> None:
    links = {lk.id: lk for lk in skeleton.links}
    grades = {lid: lk.worst_grade for lid, lk in links.items()}
    assert grades["steel"] == "★★★"  # 4.4
    assert grades["rings"] == "★★★"  # exactly 4.0
    assert grades["heat"] == "★★"  # 3.0 open; the 5.0 one is resolved
    assert grades["cages"] == "★★"  # 2.6
    assert grades["rollers"] == "★"  # 2.0
    assert grades["forging"] is None
    assert [p.id for p in links["heat"].open_problems] == ["p-heat"]


def test_links_list_their_institutions_and_quality_characteristics(
    skeleton: MapSkeleton,
) -> None:
    links = {lk.id: lk for lk in skeleton.links}
    assert {i.id for i in links["assembly"].institutions} == {"luozhou", "mitutoyo"}
    # mitutoyo is illustrative in the sample chain: the list marks it 示意, as the docs promise
    assert {i.id for i in links["assembly"].institutions if i.illustrative} == {"mitutoyo"}
    assert links["steel"].quality_characteristics[0].current == "8ppm"


def test_illustrative_records_are_flagged_and_flows_join_known_links(
    skeleton: MapSkeleton,
) -> None:
    assert {lk.id for lk in skeleton.links if lk.illustrative} == {"logistics"}
    assert {f.id for f in skeleton.firms or [] if f.illustrative} == {"asm3", "shop1", "logi1"}
    assert {(f.source, f.target) for f in skeleton.flows if f.illustrative} == {
        ("market", "logistics")
    }
    ids = {lk.id for lk in skeleton.links}
    assert all(f.source in ids and f.target in ids for f in skeleton.flows)
    assert len({(f.source, f.target) for f in skeleton.flows}) == len(skeleton.flows)


@pytest.mark.parametrize("hide", [False, True])
def test_rows_of_the_document_give_the_skeleton_of_the_package(hide: bool) -> None:
    package = bearing_chain()
    document = package.model_dump(mode="json", by_alias=True, exclude_none=True)
    from_package = build_map_skeleton(package, hide_illustrative=hide, embed_firms=True)
    from_rows = build_map_skeleton(
        package.model_copy(update={"enterprises": []}),
        hide_illustrative=hide,
        embed_firms=True,
        enterprise_rows=document["enterprises"],
    )
    assert from_rows == from_package
    assert from_package.enterprise_total == len(from_package.firms or [])


def test_hiding_illustrative_drops_them_and_what_hung_on_them() -> None:
    package = bearing_chain()
    shown = build_map_skeleton(package, hide_illustrative=True, embed_firms=True)
    illustrative = {e.id for e in package.enterprises if e.basis == "illustrative"}
    assert illustrative and not illustrative & {f.id for f in shown.firms or []}
    assert "logistics" not in {lk.id for lk in shown.links}
    assert not any(lk.illustrative for lk in shown.links)
    assert not any(f.illustrative for f in shown.flows)
    ids = {lk.id for lk in shown.links}
    assert all(f.source in ids and f.target in ids for f in shown.flows)
    assembly = next(lk for lk in shown.links if lk.id == "assembly")
    assert assembly.enterprise_count == 2  # yujie and bote; asm3 was illustrative
    assert {i.id for i in assembly.institutions} == {"luozhou"}  # mitutoyo was illustrative
