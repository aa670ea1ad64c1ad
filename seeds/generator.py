"""Synthetic chains for scale: the Linqing link skeleton filled with generated enterprises.

The skew is the one planners see: in every link a few large suppliers serve most customers
(Zipf-like weights by rank) and most firms are small. Each enterprise buys, for every link that
feeds its own, from one or more suppliers of that link, so single-source dependencies occur
naturally. Deterministic for a seed. Every generated record is marked illustrative.
"""

from __future__ import annotations

import random
from bisect import bisect
from collections import defaultdict
from itertools import accumulate

from graph.package.models import Chain, ChainPackage, Enterprise, Supply

__all__ = ["generate_package"]

HOME_SHARE = 0.6
OTHER_PROVINCES = ["江苏", "浙江", "河南", "辽宁", "河北", "上海", "安徽", "湖北", "广东"]
ZIPF_EXPONENT = 1.0


def generate_package(
    enterprises: int,
    seed: int = 1,
    *,
    suppliers_per_enterprise: float = 10.0,
    skeleton: ChainPackage | None = None,
) -> ChainPackage:
    """A chain package with `enterprises` generated firms over the links of `skeleton`.

    Parameters
    ----------
    enterprises : number of enterprises to generate (at least one per link that has flows).
    seed : random seed; the same seed gives the same package.
    suppliers_per_enterprise : supply edges per enterprise on average over the whole chain
        (firms in links nothing feeds buy nothing; the others buy more).
    skeleton : the package whose chain, segments, links and link flows are reused
        (default: the shipped Linqing bearing seed).

    Example
    -------
    >>> p = generate_package(200, seed=7)
    >>> len(p.enterprises)
    200
    """
    if skeleton is None:
        from seeds import load_seed

        skeleton = load_seed()
    rng = random.Random(seed)
    home = skeleton.chain.home_province
    flowing = {f.from_ for f in skeleton.link_flows} | {f.to for f in skeleton.link_flows}
    links = [link for link in skeleton.links if link.id in flowing]
    if enterprises < len(links):
        raise ValueError(f"need at least {len(links)} enterprises, one per link with flows")
    upstream_of: dict[str, list[str]] = defaultdict(list)
    for flow in skeleton.link_flows:
        upstream_of[flow.to].append(flow.from_)

    # Enterprises spread over links with a mild skew; ranks inside a link decide firm size.
    weights = [rng.uniform(0.5, 1.5) for _ in links]
    per_link = [max(1, int(enterprises * w / sum(weights))) for w in weights]
    per_link[-1] += enterprises - sum(per_link)
    members: dict[str, list[str]] = {}
    firms: list[Enterprise] = []
    number = 0
    for link, count in zip(links, per_link, strict=True):
        ids = []
        for rank in range(count):
            number += 1
            big = rank < max(1, count // 20)
            firms.append(
                Enterprise(
                    id=f"syn-{number:06d}",
                    name=f"合成{link.name}企业{number:06d}",
                    province=home if rng.random() < HOME_SHARE else rng.choice(OTHER_PROVINCES),
                    links=[link.id],
                    tier="leader" if big else "follower",
                    tier_basis="synthetic: top 5% of the link by size",
                    role="chain_owner" if number == 1 else ("backbone" if big else "member"),
                    basis="illustrative",
                    source=f"synthetic (seeds/generator.py, seed {seed})",
                )
            )
            ids.append(firms[-1].id)
        members[link.id] = ids

    cumulative = {
        link: list(accumulate(1 / (rank + 1) ** ZIPF_EXPONENT for rank in range(len(ids))))
        for link, ids in members.items()
    }
    # Firms in the first links buy nothing here; the others carry the mean for everyone.
    buyers = sum(len(members[link.id]) for link in links if upstream_of.get(link.id))
    per_buyer = suppliers_per_enterprise * enterprises / max(buyers, 1)
    supplies: list[Supply] = []
    for link in links:
        sources = upstream_of.get(link.id, [])
        if not sources:
            continue
        mean = per_buyer / len(sources)
        for customer in members[link.id]:
            for source in sources:
                pool, cum = members[source], cumulative[source]
                wanted = min(len(pool), 1 + int(rng.expovariate(1 / max(mean - 1, 0.01))))
                chosen: set[str] = set()
                for _ in range(wanted * 3):
                    chosen.add(pool[bisect(cum, rng.random() * cum[-1])])
                    if len(chosen) >= wanted:
                        break
                supplies.extend(
                    Supply(supplier=s, customer=customer, link=source, basis="illustrative")
                    for s in sorted(chosen)
                )
    chain = Chain(
        **{
            **skeleton.chain.model_dump(),
            "id": f"{skeleton.chain.id}-synthetic-{enterprises}-{seed}",
            "name": f"{skeleton.chain.name}（合成 {enterprises}）",
            "basis": "illustrative",
        }
    )
    return ChainPackage(
        chain=chain,
        segments=skeleton.segments,
        links=skeleton.links,
        link_flows=skeleton.link_flows,
        enterprises=firms,
        supplies=supplies,
    )
