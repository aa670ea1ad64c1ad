"""The static overview of a chain (guide Annex B): links grouped into upstream / midstream /
downstream columns, in-province industries above and out-of-province ones below, each with its
leading firms and regions, its risk points, the links it feeds and its bottleneck marks.

Enterprises are read in their document form (plain mappings, as a version's snapshot holds
them) in one pass that keeps counts and, per industry box, the few firms it names: only those
few are validated as models, so a 100,000-firm chain costs one cheap loop, not 100,000 models.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from graph.analytics.bottleneck import LinkScore
from graph.package.models import ChainPackage, Enterprise, Link
from graph.package.severity import Grade, grade, severity
from graph.views.layout import link_columns
from graph.views.models import (
    GRADE_RANK,
    BottleneckMarks,
    OverviewColumn,
    OverviewEnterprise,
    OverviewIndustry,
    OverviewView,
    Region,
    is_open,
)

__all__ = [
    "CONCENTRATION_FLAG",
    "SINGLE_SOURCE_FLAG",
    "bottleneck_marks",
    "build_overview_view",
]

#: A link is marked 单一来源 when at least this share of its supply edges is a customer's only
#: supplier in the link, and 集中 when the HHI of its edges by supplier reaches this (the
#: 0.25 of competition practice: "highly concentrated").
SINGLE_SOURCE_FLAG = 0.5
CONCENTRATION_FLAG = 0.25

_ROLE_RANK = {"chain_owner": 0, "backbone": 1, "member": 2}


def bottleneck_marks(score: LinkScore) -> BottleneckMarks:
    """What the overview and the report mark on a link, from its bottleneck components."""
    flags = []
    if score.single_source_share is not None and score.single_source_share >= SINGLE_SOURCE_FLAG:
        flags.append(f"单一来源 {score.single_source_share:.0%}")
    if score.concentration is not None and score.concentration >= CONCENTRATION_FLAG:
        flags.append(f"集中度 {score.concentration:.2f}")
    if not score.has_home_leader:
        flags.append("无省内领导者")
    return BottleneckMarks(
        score=score.score,
        single_source_share=score.single_source_share,
        concentration=score.concentration,
        has_home_leader=score.has_home_leader,
        flags=flags,
    )


def _rank(e: Mapping[str, Any]) -> tuple[int, int, float, str]:
    """Leaders first, then chain owner / backbone / member, then latest revenue, then name; on
    the document form of an enterprise."""
    revenue = e.get("revenue_10k_cny") or {}
    latest = revenue[max(revenue)] if revenue else 0.0
    return (
        0 if e.get("tier") == "leader" else 1,
        _ROLE_RANK[e.get("role") or "member"],
        -latest,
        e["name"],
    )


@dataclass
class _Tally:
    """One industry box's counts, and its best-ranked firms (a bounded heap)."""

    count: int = 0
    leaders: int = 0
    regions: Counter[str] = field(default_factory=Counter)
    products: Counter[str] = field(default_factory=Counter)
    top: list[tuple[tuple[int, int, float, str], int, Mapping[str, Any]]] = field(
        default_factory=list
    )  # best first, at most `keep`


def _tally(
    enterprises: Iterable[Mapping[str, Any]], home: str, keep: int
) -> tuple[dict[tuple[str, bool], _Tally], int]:
    tallies: dict[tuple[str, bool], _Tally] = {}
    total = 0
    for n, e in enumerate(enterprises):
        total += 1
        inside = e["province"] == home
        region = (e.get("county") or e.get("city") or e["province"]) if inside else e["province"]
        key = None
        for lid in set(e["links"]):
            t = tallies.get((lid, inside))
            if t is None:
                t = tallies[(lid, inside)] = _Tally()
            t.count += 1
            t.leaders += e.get("tier") == "leader"
            t.regions[region] += 1
            t.products.update(e.get("products") or ())
            if key is None:
                key = _rank(e)
            # The index breaks ties, so the mapping itself is never compared.
            if len(t.top) < keep:
                bisect.insort(t.top, (key, n, e))
            elif (key, n) < t.top[-1][:2]:
                t.top.pop()
                bisect.insort(t.top, (key, n, e))
    return tallies, total


def build_overview_view(
    package: ChainPackage,
    *,
    version: str | None,
    generated_on: date,
    enterprises: Iterable[Mapping[str, Any]] | None = None,
    bottlenecks: Iterable[LinkScore] = (),
    top_enterprises: int = 6,
    top_regions: int = 4,
    top_products: int = 5,
) -> OverviewView:
    """Build the static overview map of Annex B: one column per segment, in-province above.

    Parameters
    ----------
    package : ChainPackage
        The chain; its `enterprises` are used unless `enterprises` is given.
    version : str or None
        Shown in the title block (e.g. the store's Version id).
    generated_on : date
        Shown in the title block.
    enterprises : iterable of mappings, optional
        The enterprises in their document (JSON) form, already validated by the write that
        stored them: the fast path for a big chain, whose package then need not hold them.
    bottlenecks : iterable of LinkScore
        The chain's link bottleneck scores; each link box gets its marks from them.
    top_enterprises, top_regions, top_products : int
        How many main enterprises (leaders first, then role, then latest revenue), regions and
        key products each industry box lists; the rest are counted.

    Returns
    -------
    OverviewView
        For every link, an in-province industry (if it has in-province enterprises, or has no
        enterprises at all) and an out-of-province one (if it has others).
    """
    home = package.chain.home_province
    ordered = [lk.id for col in link_columns(package) for lk in col]
    order_index = {lid: i for i, lid in enumerate(ordered)}
    names = {lk.id: lk.name for lk in package.links}
    grades: dict[str, Grade] = {}
    for p in package.problems:
        if is_open(p):
            g = grade(severity(p.scores))
            if p.link not in grades or GRADE_RANK[g] > GRADE_RANK[grades[p.link]]:
                grades[p.link] = g
    marks = {s.link: bottleneck_marks(s) for s in bottlenecks}
    feeds: dict[str, list[str]] = {}
    for f in package.link_flows:
        feeds.setdefault(f.from_, []).append(f.to)
    if enterprises is None:
        enterprises = (e.model_dump() for e in package.enterprises)
    tallies, total = _tally(enterprises, home, top_enterprises)

    def industry(lk: Link, t: _Tally | None, in_province: bool) -> OverviewIndustry:
        t = t or _Tally()
        ranked = [Enterprise.model_validate(e) for _, _, e in t.top]
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
                for e in ranked
            ],
            more_enterprises=max(0, t.count - len(ranked)),
            leaders=t.leaders,
            followers=t.count - t.leaders,
            regions=[
                Region(name=n, count=c, in_province=in_province)
                for n, c in sorted(t.regions.items(), key=lambda kv: (-kv[1], kv[0]))[:top_regions]
            ],
            products=[p for p, _ in sorted(t.products.items(), key=lambda kv: (-kv[1], kv[0]))][
                :top_products
            ],
            grade=grades.get(lk.id),
            illustrative=lk.basis == "illustrative",
            risk_points=list(lk.risk_points),
            feeds=[names[to] for to in feeds.get(lk.id, []) if to in names],
            marks=marks.get(lk.id),
        )

    columns = []
    for seg in sorted(package.segments, key=lambda s: (s.order, s.id)):
        seg_links = sorted(
            (lk for lk in package.links if lk.segment == seg.id),
            key=lambda lk: order_index[lk.id],
        )
        inside, outside = [], []
        for lk in seg_links:
            ins, outs = tallies.get((lk.id, True)), tallies.get((lk.id, False))
            if ins is not None or outs is None:
                inside.append(industry(lk, ins, True))
            if outs is not None:
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
        flows=[(f.from_, f.to) for f in package.link_flows],
        enterprise_count=total,
    )
