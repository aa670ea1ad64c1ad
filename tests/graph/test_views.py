"""The links' reading order and the overview's view builder (the map skeleton's own tests are
in test_map_skeleton.py)."""

from __future__ import annotations

from datetime import date

import pytest

from graph.package.models import ChainPackage
from graph.views.layout import link_columns
from graph.views.overview_view import build_overview_view
from seeds.generator import generate_package
from tests.sample_chains import bearing_chain


@pytest.fixture(scope="module")
def package() -> ChainPackage:
    return bearing_chain()


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


def test_a_cycle_in_the_flows_is_broken_against_the_declared_order() -> None:
    data = bearing_chain().model_dump(by_alias=True)
    data["link_flows"].append({"from": "assembly", "to": "steel"})  # against order
    cols = link_columns(ChainPackage.model_validate(data))
    assert cols[0][0].id == "steel"
    assert cols[-2][0].id == "market"


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
