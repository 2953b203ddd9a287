"""Lee & Hasebe's readability formula, computed by the `jreadability` package, and its bands.

jreadability's `compute_readability(text, tagger)` takes the fugashi tagger to parse with. We
pass our own: either the shared per-thread tagger (`tokens.tagger()`), or — when `analyze` has
already tokenised the text — a small stand-in that replays those tokens, so the text is parsed
once. The formula stays jreadability's; we never copy it.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

from jreadability import compute_readability

from simple_japanese.report import Readability
from simple_japanese.tokens import Token, tagger

# Lee & Hasebe's six bands (score ranges as jreadability documents them).
BANDS: tuple[tuple[float, str, str, str], ...] = (
    (1.5, "upper-advanced", "Upper advanced", "上級後半"),
    (2.5, "lower-advanced", "Lower advanced", "上級前半"),
    (3.5, "upper-intermediate", "Upper intermediate", "中級後半"),
    (4.5, "lower-intermediate", "Lower intermediate", "中級前半"),
    (5.5, "upper-elementary", "Upper elementary", "初級後半"),
    (float("inf"), "lower-elementary", "Lower elementary", "初級前半"),
)


class _Feature(NamedTuple):
    goshu: str | None
    pos1: str
    pos2: str


class _Node(NamedTuple):
    surface: str
    feature: _Feature


@lru_cache(maxsize=1024)
def _feature(goshu: str, pos1: str, pos2: str) -> _Feature:
    """One shared feature record per (goshu, pos1, pos2): a few hundred in all."""
    return _Feature(goshu or None, pos1 or "*", pos2 or "*")


class _ReplayTagger:
    """Quacks like fugashi.Tagger for jreadability: returns already-made tokens as nodes.

    jreadability reads `surface`, `feature.goshu`, `feature.pos1` and `feature.pos2`;
    tests/simple_japanese/test_readability.py checks the result equals a real tagger's.
    """

    def __init__(self, tokens: Sequence[Token]) -> None:
        self._nodes = [_Node(t.surface, _feature(t.goshu, t.pos1, t.pos2)) for t in tokens]

    def __call__(self, text: str) -> list[_Node]:
        return self._nodes


def lee_hasebe(text: str, tokens: Sequence[Token] | None = None) -> float | None:
    """Lee & Hasebe's score (higher = easier, ≈ 0.5 … 6.5), or None for text with no words.

    Pass `tokens` (from `tokens.tokenize_cached(text)`) to reuse a tokenisation.
    """
    if not text.strip():
        return None
    if tokens is not None:
        replay = _ReplayTagger(tokens)
        if not replay._nodes:
            return None
        return compute_readability(text, replay)
    return compute_readability(text, tagger())


def band(score: float) -> Readability:
    """The Lee & Hasebe band a score falls in (scores past either end take the end band)."""
    for upper, band_id, en, ja in BANDS:
        if score < upper:
            return Readability(round(score, 3), band_id, en, ja)
    raise AssertionError("unreachable: the last band is unbounded")


def readability(text: str, tokens: Sequence[Token] | None = None) -> Readability | None:
    """Score and band together, or None for empty text."""
    score = lee_hasebe(text, tokens)
    return None if score is None else band(score)
