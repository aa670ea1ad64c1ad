"""The synthetic chain generator: deterministic, valid, skewed like real chains."""

from __future__ import annotations

import json
from collections import Counter

from graph.package.formats import check_references, parse_json_package
from seeds.generator import generate_package
from tests.factories import tiny_package

SKELETON = parse_json_package(json.dumps(tiny_package("skeleton")))


def test_same_seed_same_package_other_seed_other_package() -> None:
    a = generate_package(300, seed=3, skeleton=SKELETON)
    b = generate_package(300, seed=3, skeleton=SKELETON)
    c = generate_package(300, seed=4, skeleton=SKELETON)
    assert a.model_dump_json() == b.model_dump_json()
    assert a.model_dump_json() != c.model_dump_json()


def test_package_is_valid_and_sized_as_asked() -> None:
    package = generate_package(1000, seed=1, skeleton=SKELETON)
    assert len(package.enterprises) == 1000
    assert list(check_references(package)) == []
    assert all(e.basis == "illustrative" for e in package.enterprises)
    buyers = {s.customer for s in package.supplies}
    assert 8 < len(package.supplies) / len(package.enterprises) < 12  # about ten per firm
    assert len(buyers) < len(package.enterprises)  # firms in the first links buy nothing


def test_a_few_large_suppliers_serve_most_customers() -> None:
    package = generate_package(2000, seed=1, skeleton=SKELETON)
    out_degree = Counter(s.supplier for s in package.supplies)
    ranked = sorted(out_degree.values(), reverse=True)
    top_tenth = sum(ranked[: max(1, len(ranked) // 10)])
    assert top_tenth / sum(ranked) > 0.4
    single = Counter((s.customer, s.link) for s in package.supplies)
    assert 1 in single.values()  # single-source dependencies occur
