"""The map and overview view builders: layering, grid placement, grades, illustrative data."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import pytest

from graph.package.models import ChainPackage
from graph.views.layout import ENTERPRISE_CELL_HEIGHT, ENTERPRISE_CELL_WIDTH, link_columns
from graph.views.map_view import build_map_view
from graph.views.models import MapView
from graph.views.overview_view import build_overview_view
from seeds.generator import generate_package
from tests.sample_chains import bearing_chain


@pytest.fixture(scope="module")
def package() -> ChainPackage:
    return bearing_chain()


@pytest.fixture(scope="module")
def view(package: ChainPackage) -> MapView:
    return build_map_view(package)


def _nodes(view: MapView, kind: str) -> dict[str, object]:
    return {n.ref: n for n in view.nodes if n.kind == kind}


def test_link_columns_follow_longest_feeds_path(package: ChainPackage) -> None:
    columns = [[lk.id for lk in col] for col in link_columns(package)]
    assert columns == [
        ["steel"],
        ["forging", "rollers", "balls", "cages"],  # balls (no flows) right under its parent
        ["turning"],
        ["heat"],
        ["rings"],
        ["assembly"],
        ["market"],
        ["logistics"],
    ]


def test_links_run_left_to_right_along_every_flow(package: ChainPackage, view: MapView) -> None:
    links = _nodes(view, "link")
    for flow in package.link_flows:
        assert links[flow.from_].x < links[flow.to].x, (flow.from_, flow.to)


def test_a_cycle_in_the_flows_is_broken_against_the_declared_order() -> None:
    data = bearing_chain().model_dump(by_alias=True)
    data["link_flows"].append({"from": "assembly", "to": "steel"})  # against order
    cols = link_columns(ChainPackage.model_validate(data))
    assert cols[0][0].id == "steel"
    assert cols[-2][0].id == "market"


def test_segments_sit_above_their_links_in_segment_order(view: MapView) -> None:
    segments = _nodes(view, "segment")
    links = _nodes(view, "link")
    assert segments["up"].x < segments["mid"].x < segments["down"].x
    assert all(s.y < min(lk.y for lk in links.values()) for s in segments.values())


def test_enterprises_sit_below_the_links_under_their_first_link(view: MapView) -> None:
    links = _nodes(view, "link")
    lowest_link = max(lk.y for lk in links.values())
    for e in _nodes(view, "enterprise").values():
        assert e.y > lowest_link
        first = links[e.links[0]]
        # Within its block, which is centred on the link.
        assert abs(e.x - first.x) <= ENTERPRISE_CELL_WIDTH * 2


def _assert_no_overlap(view: MapView) -> None:
    cells: dict[tuple[int, int], str] = {}
    for n in view.nodes:
        if n.kind != "enterprise":
            continue
        key = (round(n.x / ENTERPRISE_CELL_WIDTH * 2), round(n.y / ENTERPRISE_CELL_HEIGHT * 2))
        assert key not in cells, f"{n.id} overlaps {cells[key]}"
        cells[key] = n.id
    # Exact pairwise check on the boxes: no two cells intersect.
    xs = sorted(
        ((n.x, n.y, n.id) for n in view.nodes if n.kind == "enterprise"), key=lambda t: t[1]
    )
    rows: dict[float, list[float]] = defaultdict(list)
    for x, y, _ in xs:
        rows[y].append(x)
    ys = sorted(rows)
    for i, y in enumerate(ys):
        for y2 in ys[i:]:
            if y2 - y >= ENTERPRISE_CELL_HEIGHT - 1e-6:
                break
            row = sorted(rows[y] + (rows[y2] if y2 != y else []))
            for a, b in zip(row, row[1:], strict=False):
                assert b - a >= ENTERPRISE_CELL_WIDTH - 1e-6, (y, y2, a, b)


def test_enterprise_grid_cells_never_overlap(view: MapView) -> None:
    _assert_no_overlap(view)


def test_enterprise_grid_cells_never_overlap_at_scale() -> None:
    big = build_map_view(generate_package(3000, seed=7))
    assert sum(n.kind == "enterprise" for n in big.nodes) == 3000
    _assert_no_overlap(big)


def test_link_badge_is_worst_open_grade_and_resolved_problems_are_ignored(
    view: MapView,
) -> None:
    grades = {ref: n.grade for ref, n in _nodes(view, "link").items()}
    assert grades["steel"] == "★★★"  # 4.4
    assert grades["rings"] == "★★★"  # exactly 4.0
    assert grades["heat"] == "★★"  # 3.0 open; the 5.0 one is resolved
    assert grades["cages"] == "★★"  # 2.6
    assert grades["rollers"] == "★"  # 2.0
    assert grades["forging"] is None
    heat = _nodes(view, "link")["heat"].details
    assert [p.id for p in heat.open_problems] == ["p-heat"]


def test_link_details_list_enterprises_leaders_first_and_institutions(view: MapView) -> None:
    assembly = _nodes(view, "link")["assembly"].details
    assert [e.id for e in assembly.enterprises] == ["yujie", "bote", "asm3"]
    assert {i.id for i in assembly.institutions} == {"luozhou", "mitutoyo"}
    steel = _nodes(view, "link")["steel"].details
    assert steel.quality_characteristics[0].current == "8ppm"


def test_enterprise_details_carry_suppliers_and_customers_with_link(view: MapView) -> None:
    yujie = _nodes(view, "enterprise")["yujie"].details
    assert {(p.id, p.link) for p in yujie.suppliers} == {
        ("ring1", "rings"),
        ("roller1", "rollers"),
        ("cage1", "cages"),
    }
    assert {(p.id, p.link_name) for p in yujie.customers} == {("shop1", "装配")}
    citic = _nodes(view, "enterprise")["citic"]
    assert citic.in_province is False and citic.details.province == "江苏"


def test_illustrative_records_are_flagged(view: MapView) -> None:
    flagged = {n.id for n in view.nodes if n.illustrative}
    assert flagged == {
        "link:logistics",
        "institution:mitutoyo",
        "enterprise:asm3",
        "enterprise:shop1",
        "enterprise:logi1",
    }
    dashed = {e.id for e in view.edges if e.illustrative}
    assert any(e.startswith("feeds:") for e in dashed)
    assert any(e.startswith("serves:") for e in dashed)
    assert any(e.startswith("supplies:") for e in dashed)


def test_hide_illustrative_removes_them_and_what_hung_on_them(package: ChainPackage) -> None:
    view = build_map_view(package, hide_illustrative=True)
    assert not any(n.illustrative for n in view.nodes)
    assert not any(e.illustrative for e in view.edges)
    ids = {n.id for n in view.nodes}
    assert "link:logistics" not in ids and "enterprise:asm3" not in ids
    assert all(e.source in ids and e.target in ids for e in view.edges)
    assembly = next(n for n in view.nodes if n.id == "link:assembly").details
    assert [e.id for e in assembly.enterprises] == ["yujie", "bote"]
    yujie = next(n for n in view.nodes if n.id == "enterprise:yujie").details
    assert yujie.customers == []  # shop1 was illustrative


def test_every_edge_joins_two_nodes(view: MapView) -> None:
    ids = {n.id for n in view.nodes}
    assert all(e.source in ids and e.target in ids for e in view.edges)
    assert len({e.id for e in view.edges}) == len(view.edges)


def test_overview_splits_industries_by_province_in_segment_columns(
    package: ChainPackage,
) -> None:
    ov = build_overview_view(package, version="v3", generated_on=date(2025, 1, 2))
    assert [c.name for c in ov.columns] == ["上游", "中游", "下游"]
    up = ov.columns[0]
    assert [i.link for i in up.in_province] == ["steel"]
    assert [i.link for i in up.out_of_province] == ["steel"]
    steel_in, steel_out = up.in_province[0], up.out_of_province[0]
    assert [e.name for e in steel_in.enterprises] == ["兴潘特钢"]
    assert steel_in.regions[0].name == "临清市" and steel_in.regions[0].in_province
    assert [r.name for r in steel_out.regions] == ["江苏"]
    assert steel_in.grade == "★★★"
    down = ov.columns[2]
    assembly = next(i for i in down.in_province if i.link == "assembly")
    assert [e.name for e in assembly.enterprises] == ["宇捷轴承", "博特精工"]
    assert all(e.leader for e in assembly.enterprises)
    assert ov.version == "v3" and ov.generated_on == date(2025, 1, 2)


def test_overview_lists_top_enterprises_and_counts_the_rest() -> None:
    pkg = generate_package(400, seed=3)
    ov = build_overview_view(pkg, version=None, generated_on=date(2025, 1, 1), top_enterprises=3)
    for column in ov.columns:
        for ind in column.in_province + column.out_of_province:
            assert len(ind.enterprises) <= 3
            total = ind.leaders + ind.followers
            assert ind.more_enterprises == max(0, total - 3)
            leaders_shown = [e.leader for e in ind.enterprises]
            assert leaders_shown == sorted(leaders_shown, reverse=True)  # leaders first
