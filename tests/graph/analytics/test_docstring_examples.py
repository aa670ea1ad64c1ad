import doctest

import pytest

import graph.severity
from graph.analytics import bottleneck, dependency, impact, structure, supply_graph


@pytest.mark.parametrize(
    "module", [bottleneck, dependency, impact, structure, supply_graph, graph.severity]
)
def test_docstring_examples_run(module):
    result = doctest.testmod(module)
    assert result.attempted > 0
    assert result.failed == 0
