"""Annex D severity: the weighted score and its grade, exactly at the boundaries."""

from __future__ import annotations

import pytest

from graph.models import Scores
from graph.severity import grade, severity


@pytest.mark.parametrize(
    ("scores", "score", "stars"),
    [
        ((3, 2, 2), 2.4, "★"),
        ((4, 1, 2), 2.5, "★★"),
        ((3, 4, 5), 3.9, "★★"),
        ((4, 4, 4), 4.0, "★★★"),
        ((1, 1, 1), 1.0, "★"),
        ((5, 5, 5), 5.0, "★★★"),
    ],
)
def test_boundaries(scores: tuple[int, int, int], score: float, stars: str) -> None:
    a, b, c = scores
    value = severity(Scores(safety_competitiveness=a, spread=b, urgency_difficulty=c))
    assert value == score
    assert grade(value) == stars


def test_weights_are_40_30_30() -> None:
    base = severity(Scores(safety_competitiveness=1, spread=1, urgency_difficulty=1))
    assert severity(Scores(safety_competitiveness=2, spread=1, urgency_difficulty=1)) - base == (
        pytest.approx(0.4)
    )
    assert severity(Scores(safety_competitiveness=1, spread=2, urgency_difficulty=1)) - base == (
        pytest.approx(0.3)
    )
    assert severity(Scores(safety_competitiveness=1, spread=1, urgency_difficulty=2)) - base == (
        pytest.approx(0.3)
    )
