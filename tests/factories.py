"""Small chain packages built in code, so every test can own a chain of its own."""

from __future__ import annotations

import copy
import uuid
from typing import Any

from graph.access.principal import Principal


def unique_chain(prefix: str = "t") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


TINY: dict[str, Any] = {
    "chain": {"id": "tiny", "name": "测试轴承链", "home_province": "山东", "source": "test"},
    "segments": [
        {"id": "upstream", "name": "上游", "order": 0},
        {"id": "midstream", "name": "中游", "order": 1},
    ],
    "links": [
        {
            "id": "steel",
            "name": "轴承钢",
            "segment": "upstream",
            "order": 0,
            "quality_characteristics": [{"name": "氧含量", "target": "≤6 ppm", "current": "8 ppm"}],
            "risk_points": ["洁净度"],
        },
        {"id": "forging", "name": "锻造", "segment": "midstream", "order": 1},
        {"id": "rings", "name": "套圈", "segment": "midstream", "order": 2, "parent": "forging"},
    ],
    "link_flows": [{"from": "steel", "to": "forging"}, {"from": "forging", "to": "rings"}],
    "enterprises": [
        {
            "id": "mill",
            "name": "兴潘特钢",
            "province": "山东",
            "links": ["steel"],
            "tier": "leader",
            "revenue_10k_cny": {"2019": 120000.0},
            "source": "002 §test",
        },
        {"id": "mill2", "name": "外省钢厂", "province": "江苏", "links": ["steel"]},
        {
            "id": "forge",
            "name": "锻造厂",
            "province": "山东",
            "links": ["forging"],
            "role": "backbone",
        },
        {"id": "ring", "name": "套圈厂", "province": "山东", "links": ["rings", "forging"]},
    ],
    "supplies": [
        {"supplier": "mill", "customer": "forge", "link": "steel", "product": 'GCr15 "棒材"'},
        {"supplier": "mill2", "customer": "forge", "link": "steel", "basis": "illustrative"},
        {"supplier": "forge", "customer": "ring", "link": "forging", "share": 0.7},
    ],
    "institutions": [
        {
            "id": "lab",
            "name": "轴承检测中心",
            "province": "山东",
            "accreditations": ["CMA", "CNAS"],
            "capabilities": [{"product": "滚动轴承", "parameter": "振动", "method": "JB/T 5314"}],
            "serves": ["rings"],
        },
    ],
    "problems": [
        {
            "id": "p-clean",
            "title": "轴承钢洁净度不足",
            "link": "steel",
            "category": "technology",
            "scores": {"safety_competitiveness": 5, "spread": 4, "urgency_difficulty": 4},
            "enterprises": ["mill"],
            "related": ["p-noise"],
        },
        {
            "id": "p-noise",
            "title": "振动噪声",
            "link": "rings",
            "category": "technology",
            "status": "analyzing",
            "scores": {"safety_competitiveness": 3, "spread": 2, "urgency_difficulty": 2},
        },
    ],
    "projects": [
        {
            "id": "pj1",
            "name": "高洁净轴承钢攻关",
            "problems": ["p-clean"],
            "lead": "mill",
            "participants": ["lab", "forge"],
            "milestones": [{"date": "2025-06-30", "text": "中试", "done": False}],
        },
    ],
    "achievements": [
        {"id": "a-pub", "name": "公开成果", "project": "pj1", "sharing": "public"},
        {"id": "a-mem", "name": "会员成果", "sharing": "members"},
        {"id": "a-dir", "name": "定向成果", "sharing": "directed", "directed_to": ["forge"]},
    ],
    "events": [
        {
            "id": "ev1",
            "date": "2024-05-01",
            "dimension": "policy",
            "title": "产业大脑上线",
            "refs": ["steel", "mill"],
            "triggers_update": True,
        },
    ],
    "indicators": {"I01": 80.0},
}


def tiny_package(chain: str | None = None) -> dict[str, Any]:
    """The tiny package as a dict, with its own chain id."""
    data = copy.deepcopy(TINY)
    data["chain"]["id"] = chain or unique_chain()
    return data


def load_tiny(store: Any, chain: str | None = None) -> str:
    """Import the tiny package into `store` under its own chain id and return that id."""
    from graph.package.models import ChainPackage
    from graph.versioning.importer import import_package

    package = ChainPackage.model_validate(tiny_package(chain))
    import_package(store, package, author="test")
    return package.chain.id


def seed_package(chain: str | None = None) -> dict[str, Any]:
    """The Linqing seed as a dict, with its own chain id."""
    from seeds import load_seed

    data = load_seed().model_dump(mode="json", by_alias=True, exclude_none=True)
    data["chain"]["id"] = chain or unique_chain("seed")
    return data


def editor(key_id: str) -> Principal:
    """An editor key's principal, for writes made in code."""
    return Principal(key_id=key_id, role="editor")


def problem_update_body(problem: dict[str, Any]) -> dict[str, Any]:
    """A problem as read from the API, cut down to the fields a PUT accepts (ProblemUpdate)."""
    from app.schemas import ProblemUpdate

    return {k: v for k, v in problem.items() if k in ProblemUpdate.model_fields}
