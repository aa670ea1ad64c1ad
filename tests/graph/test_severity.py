from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph.package.models import Scores
from graph.package.severity import grade, severity


def scores(safety, spread, urgency):
    return {"safety_competitiveness": safety, "spread": spread, "urgency_difficulty": urgency}


@pytest.mark.parametrize(
    ("triple", "expected_severity", "expected_grade"),
    [
        ((3, 2, 2), 2.4, "★"),  # 1.2 + 0.6 + 0.6
        ((1, 3, 4), 2.5, "★★"),  # 0.4 + 0.9 + 1.2
        ((3, 4, 5), 3.9, "★★"),  # 1.2 + 1.2 + 1.5
        ((4, 4, 4), 4.0, "★★★"),  # 1.6 + 1.2 + 1.2
        ((1, 1, 1), 1.0, "★"),
        ((5, 5, 5), 5.0, "★★★"),
    ],
)
def test_boundaries(triple, expected_severity, expected_grade):
    value = severity(scores(*triple))
    assert value == expected_severity
    assert grade(value) == expected_grade


def test_grade_thresholds_directly():
    assert [grade(v) for v in (2.49, 2.5, 3.99, 4.0)] == ["★", "★★", "★★", "★★★"]


def test_accepts_the_scores_model():
    assert severity(Scores(safety_competitiveness=4, spread=3, urgency_difficulty=3)) == 3.4


@pytest.mark.parametrize("bad", [0, 6, 2.5, True, None])
def test_rejects_scores_outside_one_to_five(bad):
    with pytest.raises(ValueError, match="spread"):
        severity(scores(3, bad, 3))


@given(st.integers(1, 5), st.integers(1, 5), st.integers(1, 5))
def test_severity_is_the_exact_weighted_sum_with_no_float_artefacts(a, b, c):
    value = severity(scores(a, b, c))
    exact = Fraction(4, 10) * a + Fraction(3, 10) * b + Fraction(3, 10) * c
    assert value == round(value, 2) == float(exact)
    assert grade(value) == ("★★★" if exact >= 4 else "★★" if exact >= Fraction(5, 2) else "★")


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
