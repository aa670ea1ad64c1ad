"""The chain quality report of the latest version, as `principal` may see it: the one module of
`graph.reports` that reads the store. Sharing is applied once, to the package every section is
built from (`shared_view`), and to the evaluation and the diff by their own libraries."""

from __future__ import annotations

from datetime import date

from graph.access.principal import Principal, at_least
from graph.access.sharing import shared_view
from graph.analytics.chain_analysis import ChainAnalysis
from graph.errors import VersionNotFoundError
from graph.libraries.evaluation import DIMENSIONS, evaluate_package
from graph.libraries.problem_table import HEADERS, annex_c_rows
from graph.package.models import ChainPackage
from graph.reads.exporter import export_package
from graph.reports.models import (
    ChartSeries,
    DiffSection,
    EvaluationSection,
    IndicatorRow,
    ReportView,
)
from graph.reports.sections import (
    achievement_rows,
    bottleneck_rows,
    chain_numbers,
    charts,
    disruption,
    project_rows,
)
from graph.store.base import GraphStore
from graph.versioning.baseline import latest_baseline
from graph.versioning.versions import VersionDiff, compare_versions, list_versions
from graph.views.chain_views import chain_overview_view

__all__ = ["FIGURE_LABELS", "KIND_LABELS", "chain_charts", "chain_report"]

KIND_LABELS = {
    "chain": "产业链",
    "segments": "链段",
    "links": "环节",
    "link_flows": "环节流向",
    "enterprises": "企业",
    "supplies": "供货关系",
    "institutions": "质量技术机构",
    "problems": "质量问题",
    "projects": "攻关项目",
    "achievements": "成果",
    "events": "监测事件",
}
#: The Annex K figures of `graph.libraries.evaluation.quality_figures`, in words.
FIGURE_LABELS = {
    "problems_total": "质量问题总数",
    "problems_resolved": "已解决质量问题数",
    "problems_resolved_share": "质量问题解决率（%）",
    "key_problems_resolved": "已解决关键问题（★★★）数",
    "improvement_coverage": "质量改进覆盖率（%，有攻关项目的问题环节占比）",
    "projects_total": "攻关项目数",
    "projects_accepted": "已验收攻关项目数",
    "common_problem_projects": "针对共性问题的攻关项目数",
    "achievements_visible": "可见成果数",
    "patents": "专利数",
    "standards": "标准数",
    "participating_enterprises": "参与攻关的企业数",
    "participating_institutions": "参与攻关的机构数",
}
SOURCE_LABELS = {"supplied": "填报", "computed": "图谱计算", "missing": "缺"}


def _package(
    store: GraphStore, chain: str, analysis: ChainAnalysis | None
) -> tuple[ChainPackage, ChainAnalysis, str | None]:
    """The latest package (its supplies left to the analysis, which reads them raw) and the
    version's analysis (the one given, else built here)."""
    baseline = latest_baseline(store, chain)
    kept = baseline.without_supplies if baseline is not None else None
    if baseline is None or kept is None:
        version = baseline.version if baseline else None
        package = export_package(store, chain)
        return package, analysis or ChainAnalysis.from_store(store, chain, version), version
    package = ChainPackage.model_validate(kept)
    if analysis is None:
        document = baseline.document
        assert document is not None  # it has one: `kept` is its document without the supplies
        analysis = ChainAnalysis.from_document(chain, baseline.version, document)
    return package, analysis, baseline.version


def chain_charts(store: GraphStore, chain: str, principal: Principal) -> dict[str, ChartSeries]:
    """The report's charts alone, for the chart endpoints: no analysis needed."""
    baseline = latest_baseline(store, chain)
    kept = baseline.without_supplies if baseline is not None else None
    package = export_package(store, chain) if kept is None else ChainPackage.model_validate(kept)
    seen = shared_view(principal, package)
    return charts(seen, project_rows(seen, date.today()) if at_least(principal, "member") else [])


def _evaluation(package: ChainPackage, principal: Principal) -> EvaluationSection:
    result = evaluate_package(package, principal)
    names = {k: name for k, (name, _) in DIMENSIONS.items()}

    def shown(value: float | int | None) -> str:
        return "—" if value is None else f"{value:g}"

    return EvaluationSection(
        score=result.score,
        covered_weight=result.covered_weight,
        dimensions=[(d.name, d.weight, d.score, d.covered_weight) for d in result.dimensions],
        indicators=[
            IndicatorRow(
                dimension=names.get(i.dimension, i.dimension),
                name=i.name,
                weight=i.weight,
                value=i.value,
                score=i.score,
                source=SOURCE_LABELS.get(i.source, i.source),
            )
            for i in result.indicators
        ],
        figures=[(FIGURE_LABELS.get(k, k), shown(v)) for k, v in result.quality.items()],
    )


TIER_LABELS = {"leader": "领导者", "follower": "跟随者"}
STATUS_LABELS = {"active": "在营", "closed": "关停", "moved": "迁出"}
#: Changes listed in words at most; the counts cover all of them.
NEWS_LIMIT = 200


def _news(diff: VersionDiff) -> list[str]:
    """What a planner wants to hear about first, in Chinese (versions' `news` is English)."""
    news = [
        f"企业 {t.name or t.id} 由{TIER_LABELS.get(t.before or '', t.before or '—')}"
        f"变为{TIER_LABELS.get(t.after or '', t.after or '—')}"
        for t in diff.tier_changes
    ]
    problems = diff.kinds.get("problems")
    enterprises = diff.kinds.get("enterprises")
    for c in enterprises.changed if enterprises else []:
        for f in c.fields:
            if f.field == "status":
                news.append(f"企业 {c.name or c.key} 现为{STATUS_LABELS.get(f.after, f.after)}")
    for c in problems.changed if problems else []:
        for f in c.fields:
            if f.field == "status" and f.after == "resolved":
                news.append(f"质量问题 {c.name or c.key} 已解决")
    for c in problems.added if problems else []:
        news.append(f"新增质量问题 {c.name or c.key}")
    for c in enterprises.added if enterprises else []:
        news.append(f"新增企业 {c.name or c.key}")
    for c in enterprises.removed if enterprises else []:
        news.append(f"移除企业 {c.name or c.key}")
    return news


def _diff(store: GraphStore, chain: str, principal: Principal) -> DiffSection | None:
    versions = list_versions(store, chain)
    if len(versions) < 2:
        return None
    before, after = versions[-2].id, versions[-1].id
    try:
        diff = compare_versions(store, chain, before, after, principal, NEWS_LIMIT)
    except VersionNotFoundError:  # an older version kept without a snapshot: nothing to compare
        return None
    return DiffSection(
        from_version=diff.from_version,
        to_version=diff.to_version,
        counts=[
            (
                KIND_LABELS.get(kind, kind),
                ops.get("added", 0),
                ops.get("removed", 0),
                ops.get("changed", 0),
            )
            for kind, ops in diff.counts.items()
        ],
        news=_news(diff),
    )


def chain_report(
    store: GraphStore,
    chain: str,
    principal: Principal,
    *,
    issuer: str | None = None,
    today: date | None = None,
    analysis: ChainAnalysis | None = None,
) -> ReportView:
    """Everything the chain quality report shows, for `principal`.

    Below `member` the report has the public face only: problems without their content (as
    on the map: id, link, category, status, grade), no projects, no evaluation (member data:
    docs/architecture.md, Sharing), achievements by their sharing level.

    Parameters
    ----------
    issuer : str, optional
        The issuing body (编制单位) printed on the title page; by default the chain record's.
    today : date, optional
        The report's date; milestones before it and not done are overdue.
    analysis : ChainAnalysis, optional
        The latest version's analysis, when the caller holds it (the service's cache).
    """
    today = today or date.today()
    package, analysis, version = _package(store, chain, analysis)
    seen = shared_view(principal, package)
    members = at_least(principal, "member")
    versions = list_versions(store, chain)
    names = {e.id: e.name for e in seen.enterprises}
    projects = project_rows(seen, today)
    rows = annex_c_rows(seen.chain, seen.segments, seen.links, seen.problems, names)
    return ReportView(
        chain_id=chain,
        chain_name=seen.chain.name,
        chain_name_en=seen.chain.name_en,
        home_province=seen.chain.home_province,
        issuer=issuer or seen.chain.issuer,
        version=version,
        version_created_at=versions[-1].created_at if versions else None,
        generated_on=today,
        audience=principal.role or "viewer",
        member_data=members,
        source=seen.chain.source,
        overview=chain_overview_view(
            store, chain, principal, bottlenecks=analysis.bottlenecks.links
        ),
        numbers=chain_numbers(seen, analysis.graph.number_of_edges()),
        bottlenecks=bottleneck_rows(seen, analysis),
        disruption=disruption(seen, analysis),
        problem_headers=list(HEADERS),
        problem_rows=[[c if isinstance(c, str) else f"{c:g}" for c in r] for r in rows],
        projects=projects if members else [],
        achievements=achievement_rows(seen),
        evaluation=_evaluation(package, principal) if members else None,
        diff=_diff(store, chain, principal),
        charts=charts(seen, projects if members else []),
    )
