"""A synthetic chain package of any size, for benchmarks and scale tests.

Used when `graph.generate.generate_package` is not available. Everything it makes is marked
illustrative; the structure (segments, links, FEEDS, supplies from feeding links) is a
bearing-like chain so the layered layout sees realistic fan-in and fan-out.
"""

from __future__ import annotations

import random
from typing import Any

from graph.models import ChainPackage

__all__ = ["synthetic_package"]

_LINKS = [
    # id, name, segment, parent, feeds-from
    ("steel", "轴承钢", "up", None, []),
    ("tube", "钢管", "up", None, ["steel"]),
    ("forging", "锻造", "mid", None, ["steel", "tube"]),
    ("turning", "车加工", "mid", None, ["forging"]),
    ("heat", "热处理", "mid", None, ["turning"]),
    ("grinding", "磨加工", "mid", None, ["heat"]),
    ("rings", "套圈", "mid", None, ["grinding"]),
    ("rollers", "滚动体", "mid", None, ["steel"]),
    ("balls", "钢球", "mid", "rollers", ["steel"]),
    ("cages", "保持架", "mid", None, ["steel"]),
    ("assembly", "装配", "down", None, ["rings", "rollers", "balls", "cages"]),
    ("market", "轴承市场", "down", None, ["assembly"]),
    ("logistics", "物流", "down", None, ["market"]),
]
_PROVINCES = ["山东"] * 6 + ["江苏", "浙江", "河北", "河南", "辽宁", "上海"]
_SURNAMES = "华恒鑫盛隆兴达泰丰瑞宏昌永安富通和祥德顺"


def synthetic_package(enterprises: int, seed: int = 0) -> ChainPackage:
    """A chain of 13 links and `enterprises` enterprises with 1-3 suppliers each."""
    rng = random.Random(seed)
    link_ids = [lk[0] for lk in _LINKS]
    weights = [1, 0.5, 2, 2, 1, 1.5, 2, 1.5, 1, 1, 3, 4, 0.5]
    members: dict[str, list[str]] = {lid: [] for lid in link_ids}
    ents: list[dict[str, Any]] = []
    for i in range(enterprises):
        lid = rng.choices(link_ids, weights)[0]
        eid = f"e{i:05d}"
        members[lid].append(eid)
        province = rng.choice(_PROVINCES)
        name = "".join(rng.choice(_SURNAMES) for _ in range(2))
        ents.append(
            {
                "id": eid,
                "name": f"{name}{dict((x[0], x[1]) for x in _LINKS)[lid]}{i}号厂",
                "province": province,
                "city": "聊城市" if province == "山东" else None,
                "county": rng.choice(["临清市", "烟店镇", "潘庄镇", "唐园镇"])
                if province == "山东"
                else None,
                "links": [lid],
                "tier": "leader" if rng.random() < 0.08 else "follower",
                "role": rng.choices(["chain_owner", "backbone", "member"], [1, 8, 91])[0],
                "products": [f"产品{rng.randint(1, 40)}"],
                "revenue_10k_cny": {"2023": round(rng.lognormvariate(8, 1.2), 1)},
                "basis": "illustrative",
            }
        )
    supplies = []
    for lid, _name, _seg, _parent, feeds_from in _LINKS:
        pool = [s for src in feeds_from for s in members[src]]
        if not pool:
            continue
        for customer in members[lid]:
            for supplier in set(rng.sample(pool, k=min(len(pool), rng.randint(1, 3)))):
                supplier_link = next(x for x in feeds_from if supplier in set(members[x]))
                supplies.append(
                    {
                        "supplier": supplier,
                        "customer": customer,
                        "link": supplier_link,
                        "basis": "illustrative",
                    }
                )
    data: dict[str, Any] = {
        "chain": {
            "id": "synthetic",
            "name": f"合成轴承产业链 {enterprises}",
            "home_province": "山东",
        },
        "segments": [
            {"id": "up", "name": "上游", "order": 0},
            {"id": "mid", "name": "中游", "order": 1},
            {"id": "down", "name": "下游", "order": 2},
        ],
        "links": [
            {"id": lid, "name": name, "segment": seg, "parent": parent, "order": i}
            for i, (lid, name, seg, parent, _) in enumerate(_LINKS)
        ],
        "link_flows": [{"from": src, "to": lid} for lid, *_rest, feeds in _LINKS for src in feeds],
        "enterprises": ents,
        "supplies": supplies,
        "institutions": [
            {
                "id": f"inst{i}",
                "name": f"第{i}检测中心",
                "province": "山东",
                "accreditations": ["CMA"],
                "serves": rng.sample(link_ids, 2),
                "basis": "illustrative",
            }
            for i in range(8)
        ],
        "problems": [
            {
                "id": f"p{i}",
                "title": f"质量问题{i}",
                "link": rng.choice(link_ids),
                "category": "technology",
                "status": rng.choice(["identified", "tackling", "resolved"]),
                "scores": {
                    "safety_competitiveness": rng.randint(1, 5),
                    "spread": rng.randint(1, 5),
                    "urgency_difficulty": rng.randint(1, 5),
                },
                "basis": "illustrative",
            }
            for i in range(30)
        ],
    }
    return ChainPackage.model_validate(data)
