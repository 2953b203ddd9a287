"""Exact weekly overlap of two availabilities, one pair at a time or many at once.

Both sides are merged and sorted (see `normalise_availability`), so the pieces where a slot of
one side meets a slot of the other are disjoint and never touch: their lengths add up to the
total overlap, and the longest piece of a weekday is the longest stretch free on both sides.
The vectorised form pads every weekday to the same number of slots with empty (0, 0) slots,
which overlap nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .model import Slot

WEEKDAYS = 7


def overlap_by_day(a: Sequence[Slot], b: Sequence[Slot]) -> tuple[int, tuple[int, ...]]:
    """(total overlap in minutes, longest shared stretch on each weekday)."""
    total = 0
    longest = [0] * WEEKDAYS
    for day_a, start_a, end_a in a:
        for day_b, start_b, end_b in b:
            if day_a != day_b:
                continue
            piece = min(end_a, end_b) - max(start_a, start_b)
            if piece > 0:
                total += piece
                longest[day_a] = max(longest[day_a], piece)
    return total, tuple(longest)


def sessions_that_fit(a: Sequence[Slot], b: Sequence[Slot], minutes_per_session: int) -> int:
    """Weekdays on which a session of the given length fits in a stretch free on both sides."""
    _, longest = overlap_by_day(a, b)
    return sum(1 for minutes in longest if minutes >= minutes_per_session)


def encode(availabilities: Sequence[Sequence[Slot]]) -> np.ndarray:
    """Availabilities as an int16 array (n, 7, slots_per_day, 2) of (start, end), zero-padded."""
    per_day = 1
    for slots in availabilities:
        counts = np.bincount([s[0] for s in slots], minlength=WEEKDAYS) if slots else [0]
        per_day = max(per_day, int(max(counts)))
    out = np.zeros((len(availabilities), WEEKDAYS, per_day, 2), dtype=np.int16)
    for i, slots in enumerate(availabilities):
        filled = [0] * WEEKDAYS
        for day, start, end in slots:
            out[i, day, filled[day]] = (start, end)
            filled[day] += 1
    return out


def day_masks(availabilities: Sequence[Sequence[Slot]], min_minutes: int) -> np.ndarray:
    """Bit d set when the availability has a slot of at least min_minutes on weekday d."""
    masks = np.zeros(len(availabilities), dtype=np.int64)
    for i, slots in enumerate(availabilities):
        for day, start, end in slots:
            if end - start >= min_minutes:
                masks[i] |= 1 << day
    return masks


def pair_overlaps(
    a: np.ndarray,
    b: np.ndarray,
    a_index: np.ndarray,
    b_index: np.ndarray,
    max_cells: int = 1 << 22,
) -> tuple[np.ndarray, np.ndarray]:
    """For pairs (a[a_index[p]], b[b_index[p]]): total overlap (P,) and longest per day (P, 7).

    Works through the pairs in chunks so memory stays bounded (about max_cells cells).
    Minutes fit in int16: a week has 10,080.
    """
    n_pairs = len(a_index)
    total = np.zeros(n_pairs, dtype=np.int16)
    longest = np.zeros((n_pairs, WEEKDAYS), dtype=np.int16)
    per_pair = WEEKDAYS * a.shape[2] * b.shape[2]
    step = max(1, max_cells // per_pair)
    for lo in range(0, n_pairs, step):
        hi = min(n_pairs, lo + step)
        sa = a[a_index[lo:hi]]  # (p, 7, m, 2)
        sb = b[b_index[lo:hi]]  # (p, 7, k, 2)
        start = np.maximum(sa[:, :, :, None, 0], sb[:, :, None, :, 0])
        end = np.minimum(sa[:, :, :, None, 1], sb[:, :, None, :, 1])
        pieces = np.clip(end - start, 0, None)  # (p, 7, m, k)
        longest[lo:hi] = pieces.max(axis=(2, 3))
        total[lo:hi] = pieces.sum(axis=(1, 2, 3), dtype=np.int16)
    return total, longest
