import doctest

import pytest

import graph.package.severity
from graph.analytics import bottleneck, dependency, impact, structure, supply_graph


@pytest.mark.parametrize(
    "module", [bottleneck, dependency, impact, structure, supply_graph, graph.package.severity]
)
def test_docstring_examples_run(module):
    result = doctest.testmod(module)
    assert result.attempted > 0
    assert result.failed == 0
