"""The static overview of a chain (guide Annex B): links grouped into upstream / midstream /
downstream columns, in-province industries above and out-of-province ones below, each with its
leading firms and regions."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from graph.package.models import (
    ChainPackage,
    Enterprise,
    Link,
)
from graph.package.severity import Grade, grade, severity
from graph.views.layout import enterprise_rank, link_columns
from graph.views.models import (
    GRADE_RANK,
    OverviewColumn,
    OverviewEnterprise,
    OverviewIndustry,
    OverviewView,
    Region,
    is_open,
)

__all__ = ["build_overview_view"]


def _regions(enterprises: list[Enterprise], in_province: bool, limit: int) -> list[Region]:
    """In-province industries are located by city / county, the others by province."""
    counts: dict[str, int] = defaultdict(int)
    for e in enterprises:
        name = (e.county or e.city or e.province) if in_province else e.province
        counts[name] += 1
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    return [Region(name=n, count=c, in_province=in_province) for n, c in ranked]


def _products(enterprises: list[Enterprise], limit: int) -> list[str]:
    counts: dict[str, int] = defaultdict(int)
    first_seen: dict[str, int] = {}
    for e in sorted(enterprises, key=enterprise_rank):
        for p in e.products:
            counts[p] += 1
            first_seen.setdefault(p, len(first_seen))
    ranked = sorted(counts, key=lambda p: (-counts[p], first_seen[p]))
    return ranked[:limit]


def build_overview_view(
    package: ChainPackage,
    *,
    version: str | None,
    generated_on: date,
    top_enterprises: int = 6,
    top_regions: int = 4,
    top_products: int = 5,
) -> OverviewView:
    """Build the static overview map of Annex B: one column per segment, in-province above.

    Parameters
    ----------
    package : ChainPackage
    version : str or None
        Shown in the title block (e.g. the store's Version id).
    generated_on : date
        Shown in the title block.
    top_enterprises, top_regions, top_products : int
        How many main enterprises (leaders first, then role, then latest revenue), regions and
        key products each industry box lists.

    Returns
    -------
    OverviewView
        For every link, an in-province industry (if it has in-province enterprises, or has no
        enterprises at all) and an out-of-province one (if it has others).
    """
    home = package.chain.home_province
    ordered = [lk.id for col in link_columns(package) for lk in col]
    order_index = {lid: i for i, lid in enumerate(ordered)}
    grades: dict[str, Grade] = {}
    for p in package.problems:
        if is_open(p):
            g = grade(severity(p.scores))
            if p.link not in grades or GRADE_RANK[g] > GRADE_RANK[grades[p.link]]:
                grades[p.link] = g
    members: dict[str, list[Enterprise]] = defaultdict(list)
    for e in package.enterprises:
        for lid in e.links:
            members[lid].append(e)

    def industry(lk: Link, ents: list[Enterprise], in_province: bool) -> OverviewIndustry:
        ranked = sorted(ents, key=enterprise_rank)
        return OverviewIndustry(
            link=lk.id,
            name=lk.name,
            in_province=in_province,
            enterprises=[
                OverviewEnterprise(
                    id=e.id,
                    name=e.name,
                    leader=e.tier == "leader",
                    role=e.role,
                    province=e.province,
                    illustrative=e.basis == "illustrative",
                )
                for e in ranked[:top_enterprises]
            ],
            more_enterprises=max(0, len(ranked) - top_enterprises),
            leaders=sum(e.tier == "leader" for e in ents),
            followers=sum(e.tier == "follower" for e in ents),
            regions=_regions(ents, in_province, top_regions),
            products=_products(ents, top_products),
            grade=grades.get(lk.id),
            illustrative=lk.basis == "illustrative",
        )

    columns = []
    for seg in sorted(package.segments, key=lambda s: (s.order, s.id)):
        seg_links = sorted(
            (lk for lk in package.links if lk.segment == seg.id),
            key=lambda lk: order_index[lk.id],
        )
        inside, outside = [], []
        for lk in seg_links:
            ents = members.get(lk.id, [])
            ins = [e for e in ents if e.province == home]
            outs = [e for e in ents if e.province != home]
            if ins or not ents:
                inside.append(industry(lk, ins, True))
            if outs:
                outside.append(industry(lk, outs, False))
        columns.append(
            OverviewColumn(
                segment=seg.id,
                name=seg.name,
                links=[lk.name for lk in seg_links],
                in_province=inside,
                out_of_province=outside,
            )
        )
    return OverviewView(
        chain_id=package.chain.id,
        chain_name=package.chain.name,
        home_province=home,
        version=version,
        generated_on=generated_on,
        columns=columns,
    )
