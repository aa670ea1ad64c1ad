"""The report's sections as pure functions of a package and its analysis: the disruption case
picks the right province, bottleneck rows count single-source customers, projects know what is
overdue, charts hold what the tables hold."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

from graph.analytics.chain_analysis import ChainAnalysis
from graph.package.models import ChainPackage
from graph.reports.sections import (
    bottleneck_rows,
    chain_numbers,
    charts,
    disruption,
    project_rows,
)
from graph.views.overview_view import SINGLE_SOURCE_FLAG
from tests.factories import TINY


def _package(**changes: Any) -> tuple[ChainPackage, ChainAnalysis]:
    data = copy.deepcopy(TINY)
    data.update(changes)
    package = ChainPackage.model_validate(data)
    document = package.model_dump(mode="json", by_alias=True)
    return package, ChainAnalysis.from_document(package.chain.id, "v1", document)


def test_disruption_fails_the_outside_province_that_supplies_home_most() -> None:
    package, analysis = _package()
    section = disruption(package, analysis)
    # Only 外省钢厂 (江苏) supplies a 山东 firm from outside; 锻造厂 keeps 兴潘特钢.
    assert section.province == "江苏"
    assert section.supply_edges_into_home == 1
    assert section.failed == 1 and section.cut_off == 0


def test_disruption_cascades_when_the_outside_supplier_is_the_only_one() -> None:
    supplies = [s for s in TINY["supplies"] if s["supplier"] != "mill"]
    package, analysis = _package(supplies=supplies)
    section = disruption(package, analysis)
    assert section.province == "江苏"
    # 锻造厂 loses its only steel supplier, then 套圈厂 its only forging supplier.
    assert section.cut_off == 2 and section.cut_off_in_home == 2
    assert section.by_round == [(1, 1), (2, 1)]
    assert dict(section.by_link) == {"轴承钢": 1, "锻造": 1}


def test_a_chain_without_outside_supply_has_no_disruption_case() -> None:
    supplies = [s for s in TINY["supplies"] if s["supplier"] != "mill2"]
    package, analysis = _package(supplies=supplies)
    section = disruption(package, analysis)
    assert section.province is None and section.cut_off == 0


def test_bottleneck_rows_count_single_source_customers_by_name() -> None:
    package, analysis = _package()
    rows = {r.link: r for r in bottleneck_rows(package, analysis)}
    assert set(rows) == {lk.name for lk in package.links}
    forging = rows["锻造"]
    assert forging.single_sources == 1
    assert [(x.customer, x.supplier) for x in forging.examples] == [("套圈厂", "锻造厂")]
    assert rows["轴承钢"].single_sources == 0  # 锻造厂 has two steel suppliers
    flagged = forging.single_source_share is not None
    assert flagged and forging.single_source_share >= SINGLE_SOURCE_FLAG
    assert any(f.startswith("单一来源") for f in forging.flags)
    scores = [r.score for r in bottleneck_rows(package, analysis)]
    assert scores == sorted(scores, reverse=True)


def test_projects_know_overdue_milestones_and_open_risks() -> None:
    projects = copy.deepcopy(TINY["projects"])
    projects[0]["risks"] = ["设备交付延迟"]
    projects[0]["milestones"].append({"date": "2030-01-01", "text": "验收", "done": False})
    projects[0]["milestones"].append({"date": "2024-01-01", "text": "立项", "done": True})
    package, _ = _package(projects=projects)
    (row,) = project_rows(package, date(2026, 1, 1))
    assert row.overdue == ["2025-06-30 中试"]  # past, not done; the done and future ones not
    assert row.milestones_done == 1 and row.milestones_total == 3
    assert row.risks == ["设备交付延迟"] and row.lead == "兴潘特钢"
    assert row.problems == ["轴承钢洁净度不足"]
    accepted = copy.deepcopy(projects)
    accepted[0]["status"] = "accepted"
    package, _ = _package(projects=accepted)
    assert project_rows(package, date(2026, 1, 1))[0].overdue == []


def test_charts_hold_what_the_tables_hold() -> None:
    package, _ = _package()
    numbers = chain_numbers(package, supplies=3)
    result = charts(package, project_rows(package, date(2026, 1, 1)))
    provinces = result["provinces"]
    assert list(zip(provinces.categories, provinces.series[0][1], strict=True)) == [
        (p, float(n)) for p, n in numbers.provinces
    ]
    grades = result["grades"]
    open_problems = sum(p.status != "resolved" for p in package.problems)
    assert sum(sum(values) for _, values in grades.series) == open_problems
    assert grades.categories == ["轴承钢", "套圈"]
    progress = result["progress"]
    assert progress.categories == ["高洁净轴承钢攻关"]
    assert [values[0] for _, values in progress.series] == [0.0, 1.0, 0.0]  # done, overdue, due
