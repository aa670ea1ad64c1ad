"""Small hand-made chain packages for view and rendering tests.

The bearing chain here is shaped like the Linqing one (seeds/README.md) but its enterprises, scores
and supplies are made up for the tests; nothing here is a seed fact.
"""

from __future__ import annotations

from typing import Any

from graph.package.models import ChainPackage


def _enterprise(
    id_: str,
    name: str,
    links: list[str],
    *,
    province: str = "山东",
    city: str | None = "聊城市",
    county: str | None = "临清市",
    tier: str = "follower",
    role: str = "member",
    products: list[str] | None = None,
    revenue: float | None = None,
    basis: str = "sourced",
) -> dict[str, Any]:
    return {
        "id": id_,
        "name": name,
        "province": province,
        "city": city,
        "county": county,
        "links": links,
        "tier": tier,
        "role": role,
        "products": products or [],
        "revenue_10k_cny": {"2023": revenue} if revenue is not None else {},
        "basis": basis,
    }


def _problem(
    id_: str, link: str, scores: tuple[int, int, int], *, status: str = "identified"
) -> dict[str, Any]:
    sc, spread, ud = scores
    return {
        "id": id_,
        "title": f"{link} 问题 {id_}",
        "link": link,
        "category": "technology",
        "status": status,
        "scores": {"safety_competitiveness": sc, "spread": spread, "urgency_difficulty": ud},
    }


def bearing_chain() -> ChainPackage:
    """A ten-link bearing chain with a sub-link, an illustrative tail and graded problems.

    FEEDS layering it should produce: steel 0; forging, rollers, cages 1; turning 2; heat 3;
    rings 4; assembly 5; market 6; logistics 7. `balls` (a sub-link of `rollers` without flows)
    shares layer 1 with its parent.
    """
    links = [
        ("steel", "轴承钢", "up", None, 0),
        ("forging", "锻造", "mid", None, 1),
        ("turning", "车加工", "mid", None, 2),
        ("heat", "热处理", "mid", None, 3),
        ("rings", "套圈", "mid", None, 4),
        ("rollers", "滚动体", "mid", None, 5),
        ("balls", "钢球", "mid", "rollers", 6),
        ("cages", "保持架", "mid", None, 7),
        ("assembly", "装配", "down", None, 8),
        ("market", "烟店轴承市场", "down", None, 9),
        ("logistics", "物流", "down", None, 10),
    ]
    flows = [
        ("steel", "forging"),
        ("forging", "turning"),
        ("turning", "heat"),
        ("heat", "rings"),
        ("steel", "rollers"),
        ("steel", "cages"),
        ("rings", "assembly"),
        ("rollers", "assembly"),
        ("cages", "assembly"),
        ("assembly", "market"),
    ]
    enterprises = [
        _enterprise(
            "xingpan",
            "兴潘特钢",
            ["steel"],
            tier="leader",
            role="backbone",
            products=["轴承钢"],
            revenue=120000,
        ),
        _enterprise(
            "citic",
            "中信泰富特钢",
            ["steel"],
            province="江苏",
            city="无锡市",
            county="江阴市",
            tier="leader",
            products=["轴承钢", "棒材"],
            revenue=900000,
        ),
        _enterprise("forge1", "临清锻造一厂", ["forging"], products=["锻件"], revenue=8000),
        _enterprise("forge2", "烟店锻造", ["forging"], county="烟店镇", products=["锻件"]),
        _enterprise("turn1", "潘庄车加工", ["turning"], county="潘庄镇", products=["车件"]),
        _enterprise(
            "heat1", "临清热处理中心", ["heat"], tier="leader", role="backbone", products=["热处理"]
        ),
        _enterprise("ring1", "临清套圈厂", ["rings", "turning"], products=["套圈"]),
        _enterprise("roller1", "临清滚子厂", ["rollers"], products=["圆柱滚子"]),
        _enterprise("ball1", "银星钢球", ["balls"], tier="leader", products=["钢球"]),
        _enterprise(
            "cage1",
            "河北保持架",
            ["cages"],
            province="河北",
            city="邢台市",
            county=None,
            products=["冲压保持架"],
        ),
        _enterprise(
            "yujie",
            "宇捷轴承",
            ["assembly"],
            tier="leader",
            role="chain_owner",
            products=["圆锥滚子轴承"],
            revenue=200000,
        ),
        _enterprise(
            "bote",
            "博特精工",
            ["assembly"],
            tier="leader",
            role="backbone",
            products=["直线导轨"],
            revenue=150000,
        ),
        _enterprise(
            "asm3",
            "浙江装配厂",
            ["assembly"],
            province="浙江",
            city="宁波市",
            county=None,
            products=["深沟球轴承"],
            basis="illustrative",
        ),
        _enterprise("shop1", "烟店某商户", ["market"], county="烟店镇", basis="illustrative"),
        _enterprise("logi1", "临清物流", ["logistics"], basis="illustrative"),
    ]
    supplies = [
        ("xingpan", "forge1", "steel", "轴承钢"),
        ("citic", "forge2", "steel", "轴承钢"),
        ("forge1", "turn1", "forging", "锻件"),
        ("turn1", "heat1", "turning", "车件"),
        ("heat1", "ring1", "heat", None),
        ("ring1", "yujie", "rings", "套圈"),
        ("roller1", "yujie", "rollers", "滚子"),
        ("ball1", "bote", "balls", "钢球"),
        ("cage1", "yujie", "cages", "保持架"),
        ("yujie", "shop1", "assembly", "轴承"),
    ]
    data: dict[str, Any] = {
        "chain": {"id": "bearing", "name": "临清轴承产业链", "home_province": "山东"},
        "segments": [
            {"id": "up", "name": "上游", "order": 0},
            {"id": "mid", "name": "中游", "order": 1},
            {"id": "down", "name": "下游", "order": 2},
        ],
        "links": [
            {
                "id": lid,
                "name": name,
                "segment": seg,
                "parent": parent,
                "order": order,
                "basis": "illustrative" if lid == "logistics" else "sourced",
                "quality_characteristics": (
                    [{"name": "纯净度", "target": "氧含量≤6ppm", "current": "8ppm"}]
                    if lid == "steel"
                    else []
                ),
                "quality_level": "国内先进" if lid == "steel" else None,
                "risk_points": ["残余奥氏体"] if lid == "heat" else [],
            }
            for lid, name, seg, parent, order in links
        ],
        "link_flows": [{"from": a, "to": b} for a, b in flows]
        + [{"from": "market", "to": "logistics", "basis": "illustrative"}],
        "enterprises": enterprises,
        "supplies": [
            {"supplier": s, "customer": c, "link": lk, "product": p} for s, c, lk, p in supplies
        ]
        + [{"supplier": "asm3", "customer": "shop1", "link": "assembly", "basis": "illustrative"}],
        "institutions": [
            {
                "id": "luozhou",
                "name": "山东洛轴所轴承研究院",
                "province": "山东",
                "city": "聊城市",
                "accreditations": ["CMA", "CNAS"],
                "capabilities": [
                    {"product": "滚动轴承", "parameter": "振动", "method": "GB/T 24610"}
                ],
                "serves": ["heat", "rings", "assembly"],
            },
            {
                "id": "mitutoyo",
                "name": "三丰轴承检测服务中心",
                "province": "山东",
                "serves": ["assembly"],
                "basis": "illustrative",
            },
        ],
        "problems": [
            _problem("p-steel", "steel", (5, 4, 4)),  # 4.4 ★★★
            _problem("p-heat", "heat", (3, 3, 3)),  # 3.0 ★★
            _problem("p-heat-done", "heat", (5, 5, 5), status="resolved"),  # ignored
            _problem("p-rings", "rings", (4, 4, 4), status="tackling"),  # exactly 4.0 ★★★
            _problem("p-rollers", "rollers", (2, 2, 2)),  # 2.0 ★
            _problem("p-cages", "cages", (2, 3, 3)),  # 2.6 ★★
        ],
    }
    return ChainPackage.model_validate(data)
