"""Problem severity, the Annex D model of the guide: weighted score and star grade."""

from __future__ import annotations

from graph.models import Scores

__all__ = ["severity", "grade", "GRADES"]

GRADES = ("★", "★★", "★★★")


def severity(scores: Scores) -> float:
    """0.4·safety_competitiveness + 0.3·spread + 0.3·urgency_difficulty, to two decimals.

    Computed in integer tenths so that boundaries (2.5, 4.0) are exact.

    Example
    -------
    >>> severity(Scores(safety_competitiveness=4, spread=4, urgency_difficulty=4))
    4.0
    """
    tenths = 4 * scores.safety_competitiveness + 3 * scores.spread + 3 * scores.urgency_difficulty
    return tenths / 10


def grade(value: float) -> str:
    """★★★ (key) from 4.0, ★★ (important) from 2.5, else ★ (general)."""
    if value >= 4.0:
        return "★★★"
    if value >= 2.5:
        return "★★"
    return "★"
