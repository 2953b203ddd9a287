"""Optimal assignment vs the first-come greedy baseline, measured in the same run.

    .venv/bin/python bench/matching.py            # 200x100, 2,000x1,000, 5,000x2,000
    .venv/bin/python bench/matching.py 2000x1000  # one size

Instances are synthetic but shaped like the association's data: Iwate's municipalities weighted
by where people live, the mother tongues of foreign residents, school-day windows for
children and evening/weekend ones for adults, one to three places per volunteer. Each size
reports the wall time (eligibility, scoring and solving included) and the total score of both
methods; every chosen pair is checked against the hard filters and capacities afterwards.
"""

from __future__ import annotations

import sys

# bench/http.py is a bench script, not the standard library's `http`: Python puts a script's
# folder first on the import path, so move it last (bench modules still import, after stdlib)
sys.path.append(sys.path.pop(0))

import random
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from matching.engine import (  # noqa: E402
    DEFAULT_WEIGHTS,
    Candidate,
    Need,
    SupportKind,
    assign,
    greedy_assign,
    hard_filter_reasons,
    total_score,
)

SIZES = [(200, 100), (2_000, 1_000), (5_000, 2_000)]
TARGET = (2_000, 1_000, 5.0)  # needs, volunteers, seconds

# (municipality, rough weight by population)
MUNICIPALITIES = [
    ("盛岡市", 28),
    ("一関市", 11),
    ("奥州市", 11),
    ("花巻市", 9),
    ("北上市", 9),
    ("滝沢市", 5),
    ("宮古市", 5),
    ("釜石市", 3),
    ("大船渡市", 3),
    ("久慈市", 3),
    ("紫波町", 3),
    ("矢巾町", 2),
    ("二戸市", 2),
    ("八幡平市", 2),
    ("遠野市", 2),
    ("陸前高田市", 2),
    ("金ケ崎町", 1),
    ("雫石町", 1),
    ("山田町", 1),
    ("大槌町", 1),
    ("岩手町", 1),
    ("洋野町", 1),
    ("一戸町", 1),
]
PLACES = [m for m, _ in MUNICIPALITIES]
PLACE_WEIGHTS = [w for _, w in MUNICIPALITIES]
MOTHER_TONGUES = [
    ("vi", 25),
    ("zh", 20),
    ("tl", 18),
    ("ne", 8),
    ("id", 8),
    ("pt", 5),
    ("en", 5),
    ("ko", 4),
    ("my", 4),
    ("th", 3),
]
TONGUES = [c for c, _ in MOTHER_TONGUES]
TONGUE_WEIGHTS = [w for _, w in MOTHER_TONGUES]
GOALS = ["daily_life", "work", "jlpt", "school"]


def _windows(
    rng: random.Random, days: list[int], count: int, earliest: int, latest: int, lengths: list[int]
) -> list[tuple[int, int, int]]:
    slots = []
    for _ in range(count):
        length = rng.choice(lengths)
        start = rng.randrange(earliest, latest - length + 1, 15)
        slots.append((rng.choice(days), start, start + length))
    return slots


def make_need(rng: random.Random, i: int) -> Need:
    tongue = rng.choices(TONGUES, TONGUE_WEIGHTS)[0]
    if rng.random() < 0.6:  # a child at school
        kind = rng.choices(list(SupportKind), [70, 20, 10])[0]
        return Need(
            id=f"c{i}",
            mother_tongue=tongue,
            kind=kind,
            is_child=True,
            level=rng.randint(1, 6),
            availability=_windows(
                rng,
                [0, 1, 2, 3, 4],
                rng.randint(2, 6),
                8 * 60 + 30,
                15 * 60 + 30,
                [45, 50, 90, 100, 120],
            ),
            sessions_per_week=rng.randint(1, 3),
            minutes_per_session=45,
            municipality=rng.choices(PLACES, PLACE_WEIGHTS)[0],
            online_ok=rng.random() < 0.1,
        )
    online_only = rng.random() < 0.2
    return Need(
        id=f"l{i}",
        mother_tongue=tongue,
        other_languages=frozenset(["en"]) if rng.random() < 0.4 else frozenset(),
        level=rng.randint(0, 5),
        goals=frozenset(rng.sample(GOALS[:3], rng.randint(1, 2))),
        availability=_windows(
            rng, list(range(7)), rng.randint(1, 4), 9 * 60, 21 * 60, [60, 90, 120, 180]
        ),
        sessions_per_week=1,
        minutes_per_session=rng.choice([60, 90]),
        municipality=None if online_only else rng.choices(PLACES, PLACE_WEIGHTS)[0],
        online_ok=online_only or rng.random() < 0.6,
    )


def make_volunteer(rng: random.Random, j: int) -> Candidate:
    languages: dict[str, int] = {}
    support: set[str] = set()
    if rng.random() < 0.8:  # Japanese native speaker
        languages["ja"] = 6
        if rng.random() < 0.5:
            languages["en"] = rng.randint(2, 5)
        if rng.random() < 0.15:
            extra = rng.choices(TONGUES, TONGUE_WEIGHTS)[0]
            languages[extra] = rng.randint(3, 5)
            if languages[extra] >= 4:
                support.add(extra)
    else:  # a long-term foreign resident
        tongue = rng.choices(TONGUES, TONGUE_WEIGHTS)[0]
        languages[tongue] = 6
        languages["ja"] = rng.randint(3, 5)
        support.add(tongue)
    home = rng.choices(PLACES, PLACE_WEIGHTS)[0]
    capacity = rng.choice([1, 1, 2, 2, 3])
    return Candidate(
        id=j,
        languages=languages,
        support_languages=frozenset(support),
        home_municipality=home,
        municipalities=frozenset(rng.choices(PLACES, PLACE_WEIGHTS, k=rng.randint(0, 3))),
        online=rng.random() < 0.5,
        availability=_windows(
            rng, list(range(7)), rng.randint(1, 5), 8 * 60, 21 * 60, [60, 120, 180, 240, 300]
        ),
        capacity=capacity,
        active_assignments=rng.randint(0, capacity - 1) if rng.random() < 0.3 else 0,
        safeguarding_cleared=rng.random() < 0.6,
        children_experience=rng.random() < 0.3,
        teaching_experience=rng.random() < 0.4,
        qualified=rng.random() < 0.15,
        goals=frozenset(rng.sample(GOALS, rng.randint(0, 3))),
    )


def make_instance(
    n_needs: int, n_volunteers: int, seed: int = 0
) -> tuple[list[Need], list[Candidate]]:
    rng = random.Random(seed)
    return (
        [make_need(rng, i) for i in range(n_needs)],
        [make_volunteer(rng, j) for j in range(n_volunteers)],
    )


def check(matches, needs, volunteers) -> None:
    by_need = {x.id: x for x in needs}
    by_vol = {x.id: x for x in volunteers}
    assert len({m.need_id for m in matches}) == len(matches), "a need matched twice"
    load = Counter(m.volunteer_id for m in matches)
    for vid, count in load.items():
        assert count <= by_vol[vid].capacity_left, f"volunteer {vid} over capacity"
    for m in matches:
        reasons = hard_filter_reasons(by_need[m.need_id], by_vol[m.volunteer_id])
        assert not reasons, f"{m} violates {reasons}"


def run(n_needs: int, n_volunteers: int) -> tuple[float, float, float]:
    needs, volunteers = make_instance(n_needs, n_volunteers)
    t0 = time.perf_counter()
    optimal = assign(needs, volunteers, DEFAULT_WEIGHTS)
    t_opt = time.perf_counter() - t0
    t0 = time.perf_counter()
    greedy = greedy_assign(needs, volunteers, DEFAULT_WEIGHTS)
    t_greedy = time.perf_counter() - t0
    check(optimal, needs, volunteers)
    check(greedy, needs, volunteers)
    s_opt, s_greedy = total_score(optimal), total_score(greedy)
    print(
        f"{n_needs:>6,} x {n_volunteers:<6,}"
        f"  optimal {t_opt:6.2f} s  total {s_opt:10.1f}  served {len(optimal):>5,}"
        f"  |  greedy {t_greedy:6.2f} s  total {s_greedy:10.1f}  served {len(greedy):>5,}"
        f"  |  optimal/greedy {s_opt / s_greedy if s_greedy else float('nan'):.3f}",
        flush=True,
    )
    return t_opt, s_opt, s_greedy


def main(argv: list[str]) -> int:
    sizes = [tuple(int(x) for x in a.lower().split("x")) for a in argv] or SIZES
    print("requests x volunteers  (wall time includes filtering and scoring)")
    ok = True
    for n_needs, n_volunteers in sizes:
        t_opt, s_opt, s_greedy = run(n_needs, n_volunteers)
        if s_opt + 1e-6 < s_greedy:
            print("  FAIL: optimal total below greedy")
            ok = False
        if (n_needs, n_volunteers) == TARGET[:2]:
            met = t_opt < TARGET[2]
            print(f"  target {TARGET[2]:.0f} s at 2,000 x 1,000: {'met' if met else 'MISSED'}")
            ok = ok and met
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
