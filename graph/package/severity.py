"""Problem severity and grade, the Annex D model (docs/analytics.md, Severity).

severity = 0.4·safety_competitiveness + 0.3·spread + 0.3·urgency_difficulty, each score an
integer 1-5. The sum is computed in tenths with integers, so severities are exact one-decimal
values (4·4 + 3·3 + 3·3 tenths is 3.4, never 3.4000000000000004).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from graph.package.models import Scores

__all__ = ["Grade", "GRADES", "severity", "grade", "KEY", "IMPORTANT"]

Grade = Literal["★★★", "★★", "★"]
#: The grades from the lowest to the highest.
GRADES: tuple[Grade, ...] = ("★", "★★", "★★★")

#: Lowest severity graded ★★★ (key problem).
KEY = 4.0
#: Lowest severity graded ★★ (important problem).
IMPORTANT = 2.5

_TENTHS = {"safety_competitiveness": 4, "spread": 3, "urgency_difficulty": 3}


def severity(scores: Scores | Mapping[str, int]) -> float:
    """Severity of a problem from its three Annex D scores.

    Parameters
    ----------
    scores : Scores or mapping
        ``safety_competitiveness``, ``spread`` and ``urgency_difficulty``, integers 1-5.

    Returns
    -------
    float
        0.4·safety_competitiveness + 0.3·spread + 0.3·urgency_difficulty, between 1.0 and 5.0,
        exactly the nearest float to a one-decimal value (so also rounded to 2 decimals).

    Raises
    ------
    ValueError
        If a score is missing, not an integer or outside 1-5.

    Example
    -------
    >>> severity({"safety_competitiveness": 4, "spread": 3, "urgency_difficulty": 3})
    3.4
    """
    values = scores.model_dump() if isinstance(scores, Scores) else scores
    tenths = 0
    for name, weight in _TENTHS.items():
        value = values.get(name)
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
            raise ValueError(f"{name} must be an integer from 1 to 5, got {value!r}")
        tenths += weight * value
    return tenths / 10


def grade(severity: float) -> Grade:
    """Grade of a severity: ★★★ key (>= 4.0), ★★ important (>= 2.5), else ★ general.

    Parameters
    ----------
    severity : float
        A severity as returned by :func:`severity`.

    Returns
    -------
    str
        ``"★★★"``, ``"★★"`` or ``"★"``.

    Example
    -------
    >>> grade(4.0), grade(3.9), grade(2.5), grade(2.4)
    ('★★★', '★★', '★★', '★')
    """
    if severity >= KEY:
        return "★★★"
    if severity >= IMPORTANT:
        return "★★"
    return "★"
