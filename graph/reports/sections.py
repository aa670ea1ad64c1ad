"""The report's sections, each a pure function of the chain package as the reader may see it
(and of the version's analysis): numbers, bottlenecks, the disruption case, projects,
achievements and the charts' data."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date

from graph.analytics.bottleneck import LinkScore
from graph.analytics.chain_analysis import ChainAnalysis
from graph.package.models import ChainPackage, Milestone
from graph.package.severity import grade, severity
from graph.reports.models import (
    AchievementRow,
    BottleneckRow,
    ChainNumbers,
    ChartSeries,
    DisruptionSection,
    ProjectRow,
    SingleSource,
)
from graph.views.overview_view import bottleneck_marks

__all__ = [
    "PROJECT_STATUS_LABELS",
    "ROLE_LABELS",
    "SHARING_LABELS",
    "achievement_rows",
    "bottleneck_rows",
    "chain_numbers",
    "charts",
    "disruption",
    "project_rows",
]

ROLE_LABELS = {"chain_owner": "链主", "backbone": "骨干", "member": "成员"}
PROJECT_STATUS_LABELS = {
    "planned": "计划",
    "in_progress": "实施中",
    "accepted": "已验收",
    "terminated": "已终止",
    "suspended": "暂停",
}
SHARING_LABELS = {"public": "公开", "members": "成员共享", "directed": "定向", "paid": "有偿"}
TYPE_LABELS = {
    "patent": "专利",
    "know-how": "技术秘密",
    "software": "软件",
    "standard": "标准",
    "solution": "解决方案",
    "database": "数据库",
    "case": "案例",
    "other": "其他",
}
#: Examples of single-source dependencies listed per link; the rest are counted.
SINGLE_SOURCE_EXAMPLES = 5
PROVINCES_SHOWN = 12
GRADE_COLOURS = {"★★★": "#c0392b", "★★": "#e67e22", "★": "#b7950b"}
GRADE_NAMES = {"★★★": "★★★ 关键", "★★": "★★ 重要", "★": "★ 一般"}


def chain_numbers(package: ChainPackage, supplies: int) -> ChainNumbers:
    home = package.chain.home_province
    ents = package.enterprises
    per_segment = Counter(lk.segment for lk in package.links)
    segments = sorted(package.segments, key=lambda s: (s.order, s.id))
    provinces = Counter(e.province for e in ents)
    return ChainNumbers(
        segments=[(s.name, per_segment[s.id]) for s in segments],
        links=len(package.links),
        enterprises=len(ents),
        in_province=provinces[home],
        leaders=sum(e.tier == "leader" for e in ents),
        followers=sum(e.tier == "follower" for e in ents),
        roles={ROLE_LABELS[r]: n for r, n in Counter(e.role for e in ents).most_common()},
        provinces=sorted(provinces.items(), key=lambda kv: (-kv[1], kv[0])),
        institutions=len(package.institutions),
        supplies=supplies,
    )


def bottleneck_rows(package: ChainPackage, analysis: ChainAnalysis) -> list[BottleneckRow]:
    """Every link, weakest first, with its single-source dependencies counted and a few named."""
    links = {lk.id: lk for lk in package.links}
    segments = {s.id: s.name for s in package.segments}
    names = {e.id: e.name for e in package.enterprises}
    per_link: dict[str, list[SingleSource]] = defaultdict(list)
    counts: Counter[str] = Counter()
    for dep in analysis.bottlenecks.single_source:
        counts[dep["link"]] += 1
        if len(per_link[dep["link"]]) < SINGLE_SOURCE_EXAMPLES:
            per_link[dep["link"]].append(
                SingleSource(
                    customer=names.get(dep["customer"], dep["customer"]),
                    supplier=names.get(dep["supplier"], dep["supplier"]),
                )
            )

    def row(s: LinkScore) -> BottleneckRow:
        lk = links[s.link]
        return BottleneckRow(
            link=lk.name,
            segment=segments.get(lk.segment, lk.segment),
            score=s.score,
            enterprises=s.enterprises,
            supply_edges=s.supply_edges,
            single_source_share=s.single_source_share,
            concentration=s.concentration,
            has_home_leader=s.has_home_leader,
            out_of_province=s.out_of_province,
            top_open_grade=s.top_open_grade,
            flags=bottleneck_marks(s).flags,
            single_sources=counts[s.link],
            examples=per_link[s.link],
        )

    return [row(s) for s in analysis.bottlenecks.links if s.link in links]


def disruption(package: ChainPackage, analysis: ChainAnalysis) -> DisruptionSection:
    """The cascade when every firm of the outside province that supplies the home province most
    (by supply edges into home firms) stops: the §5.3.5 case a bureau asks first."""
    home = package.chain.home_province
    nodes = analysis.graph.nodes
    into_home: Counter[str] = Counter()
    for supplier, customer in analysis.graph.edges():
        if nodes[customer].get("province") == home:
            province = nodes[supplier].get("province")
            if province and province != home:
                into_home[province] += 1
    if not into_home:
        return DisruptionSection(
            province=None,
            supply_edges_into_home=0,
            failed=0,
            cut_off=0,
            cut_off_in_home=0,
            by_round=[],
            by_link=[],
        )
    province, edges = min(into_home.items(), key=lambda kv: (-kv[1], kv[0]))
    result = analysis.impact([], [], [province])
    link_names = {lk.id: lk.name for lk in package.links}
    summary = result.summary
    return DisruptionSection(
        province=province,
        supply_edges_into_home=edges,
        failed=summary.total_failed,
        cut_off=summary.total_cut_off,
        cut_off_in_home=summary.by_province.get(home, 0),
        by_round=sorted(summary.by_round.items()),
        by_link=sorted(
            ((link_names.get(k, k), n) for k, n in summary.by_link.items()),
            key=lambda kv: (-kv[1], kv[0]),
        ),
    )


def _overdue(m: Milestone, today: date) -> bool:
    try:
        return not m.done and date.fromisoformat(m.date[:10]) < today
    except ValueError:  # a milestone dated in words is never counted overdue
        return False


def project_rows(package: ChainPackage, today: date) -> list[ProjectRow]:
    """Annex E / F: each project's lead, period, targets, milestones, overdue ones, open risks
    and its latest progress report."""
    names = {e.id: e.name for e in package.enterprises}
    names.update({i.id: i.name for i in package.institutions})
    titles = {p.id: p.title for p in package.problems}
    rows = []
    for p in package.projects:
        latest = p.progress[-1] if p.progress else None
        finished = p.status in ("accepted", "terminated")
        rows.append(
            ProjectRow(
                id=p.id,
                name=p.name,
                status=PROJECT_STATUS_LABELS.get(p.status, p.status),
                lead=names.get(p.lead, p.lead) if p.lead else "—",
                period=p.period or "—",
                problems=[titles.get(x, x) for x in p.problems],
                targets=list(p.targets),
                milestones_done=sum(m.done for m in p.milestones),
                milestones_total=len(p.milestones),
                overdue=[]
                if finished
                else [f"{m.date} {m.text}" for m in p.milestones if _overdue(m, today)],
                risks=list(p.risks),
                checks=list(p.checks),
                changes=len(p.changes),
                latest_progress=f"{latest.period}：{latest.text}" if latest else None,
            )
        )
    return rows


def achievement_rows(package: ChainPackage) -> list[AchievementRow]:
    """The achievements in the package: the caller has already cut it to what they may see."""
    return [
        AchievementRow(
            id=a.id,
            name=a.name,
            type=TYPE_LABELS.get(a.type, a.type),
            contributor=a.contributor or "—",
            sharing=SHARING_LABELS.get(a.sharing, a.sharing),
            summary=a.summary or "",
        )
        for a in package.achievements
    ]


def charts(package: ChainPackage, projects: list[ProjectRow]) -> dict[str, ChartSeries]:
    """The report's three charts: open problems by grade per link, enterprises per province,
    milestones done per project."""
    link_names = [lk.name for lk in sorted(package.links, key=lambda lk: (lk.order, lk.id))]
    by_id = {lk.id: lk.name for lk in package.links}
    grades: dict[str, Counter[str]] = defaultdict(Counter)
    for p in package.problems:
        if p.status != "resolved":
            grades[by_id.get(p.link, p.link)][grade(severity(p.scores))] += 1
    with_problems = [n for n in link_names if grades.get(n)]
    provinces = Counter(e.province for e in package.enterprises)
    top = sorted(provinces.items(), key=lambda kv: (-kv[1], kv[0]))
    shown = top[:PROVINCES_SHOWN]
    rest = sum(n for _, n in top[PROVINCES_SHOWN:])
    if rest:
        shown.append((f"其他 {len(top) - PROVINCES_SHOWN} 省", rest))
    return {
        "grades": ChartSeries(
            title="各环节未解决质量问题分级",
            categories=with_problems,
            series=[
                (GRADE_NAMES[g], [float(grades[n][g]) for n in with_problems])
                for g in GRADE_COLOURS
            ],
            unit="个问题",
            colours=list(GRADE_COLOURS.values()),
        ),
        "provinces": ChartSeries(
            title="各省（区、市）企业数",
            categories=[n for n, _ in shown],
            series=[("企业", [float(c) for _, c in shown])],
            unit="家企业",
            colours=["#1f618d"],
        ),
        "progress": ChartSeries(
            title="攻关项目里程碑完成情况",
            categories=[p.name for p in projects],
            series=[
                ("已完成", [float(p.milestones_done) for p in projects]),
                ("逾期", [float(len(p.overdue)) for p in projects]),
                (
                    "未到期",
                    [
                        float(p.milestones_total - p.milestones_done - len(p.overdue))
                        for p in projects
                    ],
                ),
            ],
            unit="个里程碑",
            colours=["#1e8449", "#c0392b", "#aab7b8"],
        ),
    }
