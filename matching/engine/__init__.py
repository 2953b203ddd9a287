"""The matching engine: hard filters, explained scores, ranking and global assignment.

Pure Python + numpy/scipy, no Django: the Django side adapts its models to `Need` and
`Candidate` (see matching/adapters.py) and calls these functions.

- `hard_filter_reasons(need, volunteer)`: why a pair is not allowed (empty: eligible).
- `score(need, volunteer, weights)`: a `ScoreBreakdown` of named components, explained in
  Japanese and English.
- `rank(need, volunteers, weights, k=5)`: the best k eligible volunteers for one need.
- `assign(needs, volunteers, weights)`: the optimal assignment across all open needs,
  respecting every hard filter and capacity; `greedy_assign` is the first-come baseline.
"""

from .model import (
    A1,
    A2,
    B1,
    B2,
    C1,
    C2,
    COMPONENT_LABELS,
    COMPONENTS,
    DEFAULT_NAMES,
    DEFAULT_WEIGHTS,
    LEVEL_LABELS,
    UNKNOWN_LEVEL,
    Candidate,
    Component,
    Match,
    Names,
    Need,
    Reason,
    ScoreBreakdown,
    Slot,
    SupportKind,
    Weights,
    is_safeguarding_valid,
    language_name,
    normalise_availability,
    parse_level,
    reason_text,
    total_score,
)
from .scoring import hard_filter_reasons, is_eligible, score
from .solver import assign, greedy_assign, rank

__all__ = [
    "A1",
    "A2",
    "B1",
    "B2",
    "C1",
    "C2",
    "COMPONENTS",
    "COMPONENT_LABELS",
    "DEFAULT_NAMES",
    "DEFAULT_WEIGHTS",
    "LEVEL_LABELS",
    "UNKNOWN_LEVEL",
    "Candidate",
    "Component",
    "Match",
    "Names",
    "Need",
    "Reason",
    "ScoreBreakdown",
    "Slot",
    "SupportKind",
    "Weights",
    "assign",
    "greedy_assign",
    "hard_filter_reasons",
    "is_eligible",
    "is_safeguarding_valid",
    "language_name",
    "normalise_availability",
    "parse_level",
    "rank",
    "reason_text",
    "score",
    "total_score",
]
