"""Chain evaluation: the collaboration indicators of `000` §7.1 and the Annex K figures of `004`.

Collaboration indicators
------------------------
The 17 second-level indicators of `000` §7.1 in six dimensions, weights totalling 100. Each has
a stable id (the key of the chain package's `indicators` dict). A value is the degree of
attainment on a 0-100 scale: for ratio indicators the percentage itself (e.g. 35 for 35 % of
enterprises with smart-manufacturing upgrades); for the others (inventory turnover, tracing
timeliness, energy / emission reduction, brand influence, satisfaction) the evaluator's score of
the chain against its target. An indicator scores `weight × value / 100`.

A supplied value wins; otherwise the graph supplies what it can (see `COMPUTED`); otherwise the
indicator is listed as missing and the scores say how much weight they cover. Nothing missing
is ever counted as zero.

Annex K figures
---------------
Counts the libraries can give (problems resolved, key problems resolved, coverage, projects,
patents and standards among achievements, participating enterprises and institutions).
Achievement counts only include what the caller may see.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from graph.access.principal import Principal
from graph.access.sharing import visible_achievements
from graph.package.models import ChainPackage
from graph.package.severity import grade, severity
from graph.reads.exporter import export_package
from graph.store.base import GraphStore

__all__ = [
    "Indicator",
    "INDICATORS",
    "DIMENSIONS",
    "COMPUTED",
    "IndicatorResult",
    "DimensionResult",
    "Evaluation",
    "evaluate",
    "evaluate_package",
    "quality_figures",
]


@dataclass(frozen=True)
class Indicator:
    id: str
    dimension: str
    name: str
    weight: int
    description: str


DIMENSIONS: dict[str, tuple[str, int]] = {
    "rd": ("研发协同", 20),
    "production": ("生产协同", 20),
    "quality": ("质量协同", 20),
    "supply_logistics": ("供应链与物流协同", 10),
    "market": ("市场销售协同", 15),
    "sustainability": ("可持续发展", 15),
}

INDICATORS: tuple[Indicator, ...] = (
    Indicator("rd_collaboration_projects", "rd", "产学研合作项目数量", 6,
              "产学研合作项目数占产业链企业总数的比例"),
    Indicator("rd_investment_ratio", "rd", "研发投入占比", 8,
              "企业研发费用占营业收入比例的产业链平均水平"),
    Indicator("patent_conversion_rate", "rd", "专利转化率", 6,
              "授权专利中实现产业化应用的比例"),
    Indicator("smart_manufacturing_coverage", "production", "智能化改造覆盖率", 10,
              "完成智能化改造并通过验收的企业占比"),
    Indicator("green_factory_rate", "production", "绿色工厂认证率", 10,
              "获得国家级或省级绿色工厂认证的企业比例"),
    Indicator("traceability_coverage", "quality", "全产业链质量追溯覆盖率", 5,
              "建立全流程质量追溯体系的企业比例"),
    Indicator("standard_compliance_rate", "quality", "质量标准执行率", 5,
              "企业执行国家/行业质量标准的合规率"),
    Indicator("quality_seminar_participation", "quality", "质量协同研讨会参与率", 5,
              "链主企业牵头的质量研讨会覆盖上下游企业的比例"),
    Indicator("problem_tracing_timeliness", "quality", "质量问题溯源及时率", 5,
              "从发现质量异常到明确责任环节的平均响应时间（按目标评分）"),
    Indicator("supply_platform_access", "supply_logistics", "供应链协同平台接入率", 3,
              "接入行业级供应链协同平台的企业比例"),
    Indicator("inventory_turnover", "supply_logistics", "库存周转率", 3,
              "产业链平均库存周转次数（按目标评分）"),
    Indicator("green_logistics_rate", "supply_logistics", "绿色物流达标率", 4,
              "符合绿色物流评估指标体系的物流企业比例"),
    Indicator("brand_influence", "market", "行业品牌影响力", 8,
              "目标市场知晓行业品牌的客户占比及美誉度评分"),
    Indicator("after_sales_satisfaction", "market", "售后服务满意度", 7,
              "售后服务评价为满意及以上的客户占比"),
    Indicator("energy_intensity_reduction", "sustainability", "单位产品能耗", 5,
              "单位产值能耗下降率（按目标评分）"),
    Indicator("emission_intensity_reduction", "sustainability", "污染物排放强度", 5,
              "单位产品主要污染物排放下降率（按目标评分）"),
    Indicator("green_design_share", "sustainability", "绿色设计产品占比", 5,
              "低碳环保（免维护、低加工量）产品的比重"),
)  # fmt: skip


def _rd_collaboration(package: ChainPackage) -> tuple[float, str] | None:
    institutions = {i.id for i in package.institutions}
    if not package.enterprises:
        return None
    joint = [
        p
        for p in package.projects
        if ({p.lead} | set(p.participants)) & institutions
        and ({p.lead} | set(p.participants)) & {e.id for e in package.enterprises}
    ]
    value = min(100.0, 100 * len(joint) / len(package.enterprises))
    basis = (
        f"{len(joint)} breakthrough project(s) joining enterprises and institutions / "
        f"{len(package.enterprises)} enterprises"
    )
    return round(value, 2), basis


# Indicators the graph can tell: id -> function of the package giving (value, basis) or None.
COMPUTED: dict[str, Callable[[ChainPackage], tuple[float, str] | None]] = {
    "rd_collaboration_projects": _rd_collaboration,
}

Source = Literal["supplied", "computed", "missing"]


@dataclass(frozen=True)
class IndicatorResult:
    id: str
    dimension: str
    name: str
    weight: int
    description: str
    source: Source
    value: float | None = None
    score: float | None = None
    basis: str | None = None


@dataclass(frozen=True)
class DimensionResult:
    id: str
    name: str
    weight: int
    score: float
    covered_weight: int
    missing: list[str]


@dataclass(frozen=True)
class Evaluation:
    chain: str
    indicators: list[IndicatorResult]
    dimensions: list[DimensionResult]
    score: float
    covered_weight: int
    complete: bool
    missing: list[str]
    unknown_inputs: list[str]
    invalid_inputs: list[str]
    quality: dict[str, float | int | None] = field(default_factory=dict)


def _indicator(spec: Indicator, package: ChainPackage, invalid: set[str]) -> IndicatorResult:
    def result(
        source: Source, value: float | None = None, basis: str | None = None
    ) -> IndicatorResult:
        score = None if value is None else round(spec.weight * value / 100, 2)
        return IndicatorResult(
            spec.id, spec.dimension, spec.name, spec.weight, spec.description,
            source, value, score, basis,
        )  # fmt: skip

    supplied = package.indicators.get(spec.id)
    if supplied is not None and spec.id not in invalid:
        return result("supplied", supplied)
    computed = COMPUTED[spec.id](package) if spec.id in COMPUTED else None
    if computed is not None:
        return result("computed", *computed)
    return result("missing")


def quality_figures(package: ChainPackage, principal: Principal) -> dict[str, float | int | None]:
    """The Annex K (and Annex I) figures the three libraries give."""
    problems = package.problems
    resolved = [p for p in problems if p.status == "resolved"]
    key_resolved = [p for p in resolved if grade(severity(p.scores)) == "★★★"]
    addressed = {pr for pj in package.projects for pr in pj.problems}
    links_with = {p.link for p in problems}
    links_addressed = {p.link for p in problems if p.id in addressed}
    common = {p.id for p in problems if p.common}
    achievements = visible_achievements(principal, package.achievements)
    institutions = {i.id for i in package.institutions}
    actors = {a for pj in package.projects for a in [pj.lead, *pj.participants] if a}
    return {
        "problems_total": len(problems),
        "problems_resolved": len(resolved),
        "problems_resolved_share": round(100 * len(resolved) / len(problems), 2)
        if problems
        else None,
        "key_problems_resolved": len(key_resolved),
        "improvement_coverage": round(100 * len(links_addressed) / len(links_with), 2)
        if links_with
        else None,
        "projects_total": len(package.projects),
        "projects_accepted": sum(p.status == "accepted" for p in package.projects),
        "common_problem_projects": sum(bool(set(p.problems) & common) for p in package.projects),
        "achievements_visible": len(achievements),
        "patents": sum(a.type == "patent" for a in achievements),
        "standards": sum(a.type == "standard" for a in achievements),
        "participating_enterprises": len(actors - institutions),
        "participating_institutions": len(actors & institutions),
    }


def evaluate(store: GraphStore, chain: str, principal: Principal) -> Evaluation:
    """The chain's collaboration evaluation and Annex K figures, as `principal` may see them."""
    return evaluate_package(export_package(store, chain), principal)


def evaluate_package(package: ChainPackage, principal: Principal) -> Evaluation:
    """`evaluate` of a package the caller already holds (unfiltered: the achievements are cut
    to what `principal` may see here)."""
    chain = package.chain.id
    known = {i.id for i in INDICATORS}
    invalid = sorted(k for k, v in package.indicators.items() if k in known and not 0 <= v <= 100)
    results = [_indicator(spec, package, set(invalid)) for spec in INDICATORS]
    dimensions = []
    for dim_id, (name, weight) in DIMENSIONS.items():
        mine = [r for r in results if r.dimension == dim_id]
        dimensions.append(
            DimensionResult(
                id=dim_id,
                name=name,
                weight=weight,
                score=round(sum(r.score or 0.0 for r in mine if r.score is not None), 2),
                covered_weight=sum(r.weight for r in mine if r.source != "missing"),
                missing=[r.id for r in mine if r.source == "missing"],
            )
        )
    missing = [r.id for r in results if r.source == "missing"]
    covered = sum(d.covered_weight for d in dimensions)
    return Evaluation(
        chain=chain,
        indicators=results,
        dimensions=dimensions,
        score=round(sum(d.score for d in dimensions), 2),
        covered_weight=covered,
        complete=not missing,
        missing=missing,
        unknown_inputs=sorted(set(package.indicators) - known),
        invalid_inputs=invalid,
        quality=quality_figures(package, principal),
    )
