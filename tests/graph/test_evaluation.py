"""Evaluation: the 17 indicators of 000 §7.1, supplied and computed values, missing inputs."""

from __future__ import annotations

from graph.access.principal import ANONYMOUS, Principal
from graph.libraries.evaluation import DIMENSIONS, INDICATORS, evaluate
from graph.package.models import ChainPackage
from graph.store.base import GraphStore
from graph.versioning.importer import import_package
from tests.factories import tiny_package

EDITOR = Principal(key_id="e", role="editor")


def test_catalogue_has_17_indicators_weighing_100() -> None:
    assert len(INDICATORS) == 17
    assert sum(i.weight for i in INDICATORS) == 100
    for dim, (_, weight) in DIMENSIONS.items():
        assert sum(i.weight for i in INDICATORS if i.dimension == dim) == weight
    assert len({i.id for i in INDICATORS}) == 17


def test_supplied_computed_and_missing(store: GraphStore) -> None:
    data = tiny_package()
    data["indicators"] = {
        "green_factory_rate": 50.0,
        "brand_influence": 100.0,
        "inventory_turnover": 130.0,
        "I01": 80.0,
    }
    data["problems"][1]["status"] = "resolved"
    package = ChainPackage.model_validate(data)
    import_package(store, package, author="t")
    result = evaluate(store, package.chain.id, EDITOR)
    by_id = {r.id: r for r in result.indicators}
    assert (by_id["green_factory_rate"].source, by_id["green_factory_rate"].score) == (
        "supplied",
        5.0,
    )
    assert by_id["brand_influence"].score == 8.0
    # pj1 joins the lab (an institution) and two enterprises: 1 project / 4 enterprises = 25 %.
    rd = by_id["rd_collaboration_projects"]
    assert (rd.source, rd.value, rd.score) == ("computed", 25.0, 1.5)
    assert by_id["inventory_turnover"].source == "missing"
    assert result.invalid_inputs == ["inventory_turnover"]
    assert result.unknown_inputs == ["I01"]
    assert len(result.missing) == 14 and not result.complete
    assert result.score == 14.5
    assert result.covered_weight == 10 + 8 + 6
    dims = {d.id: d for d in result.dimensions}
    assert (dims["production"].score, dims["production"].covered_weight) == (5.0, 10)
    assert dims["quality"].missing == [i.id for i in INDICATORS if i.dimension == "quality"]
    q = result.quality
    assert (q["problems_total"], q["problems_resolved"], q["problems_resolved_share"]) == (
        2,
        1,
        50.0,
    )
    assert q["key_problems_resolved"] == 0
    assert q["improvement_coverage"] == 50.0  # steel is addressed by pj1, rings by nothing
    assert (q["participating_enterprises"], q["participating_institutions"]) == (2, 1)
    assert q["achievements_visible"] == 3
    assert evaluate(store, package.chain.id, ANONYMOUS).quality["achievements_visible"] == 1
