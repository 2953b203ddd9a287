"""The engine's plain data: needs, candidates, weights, score breakdowns and reason codes.

Nothing here knows about Django. Values are validated and normalised on construction so the
scoring code can trust them (weekly availability merged and sorted, levels in range).
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field, fields
from datetime import date, timedelta
from enum import StrEnum
from typing import NamedTuple

# --- levels ---------------------------------------------------------------------------------
# 日本語教育の参照枠 (the Japanese adaptation of the CEFR): A1..C2 as 1..6; 0 = not known.
# A child's Japanese stage (DLA stage or the school's 1-6 scale) uses the same 1..6 range.
UNKNOWN_LEVEL = 0
A1, A2, B1, B2, C1, C2 = range(1, 7)
LEVEL_LABELS = ("?", "A1", "A2", "B1", "B2", "C1", "C2")
MAX_LEVEL = C2


def parse_level(value: str | int | None) -> int:
    """'B1' -> 3, 4 -> 4, None/'' -> 0 (unknown)."""
    if value is None or value == "":
        return UNKNOWN_LEVEL
    if isinstance(value, int):
        level = value
    else:
        text = value.strip().upper()
        level = LEVEL_LABELS.index(text) if text in LEVEL_LABELS[1:] else int(text)
    if not UNKNOWN_LEVEL <= level <= MAX_LEVEL:
        raise ValueError(f"level must be between 0 and {MAX_LEVEL}, got {value!r}")
    return level


class SupportKind(StrEnum):
    JAPANESE = "japanese"  # Japanese instruction
    SUBJECT = "subject"  # subject support in the mother tongue
    INTERPRETING = "interpreting"  # interpreting for parents


# Kinds that cannot be given without the child's or learner's mother tongue.
MOTHER_TONGUE_KINDS = frozenset({SupportKind.SUBJECT, SupportKind.INTERPRETING})


# --- weekly availability --------------------------------------------------------------------
# A slot is (weekday, start_minute, end_minute): weekday 0 = Monday .. 6 = Sunday, minutes from
# midnight, 0 <= start < end <= 1440. A slot never crosses midnight.
Slot = tuple[int, int, int]
MINUTES_PER_DAY = 24 * 60


def normalise_availability(slots: Iterable[Iterable[int]]) -> tuple[Slot, ...]:
    """Validate, sort and merge overlapping or touching slots of the same weekday."""
    checked: list[Slot] = []
    for slot in slots:
        weekday, start, end = (int(x) for x in slot)
        if not 0 <= weekday <= 6:
            raise ValueError(f"weekday must be 0 (Monday) to 6 (Sunday), got {weekday}")
        if not 0 <= start < end <= MINUTES_PER_DAY:
            raise ValueError(f"need 0 <= start < end <= {MINUTES_PER_DAY}, got {start}-{end}")
        checked.append((weekday, start, end))
    checked.sort()
    merged: list[Slot] = []
    for weekday, start, end in checked:
        if merged and merged[-1][0] == weekday and start <= merged[-1][2]:
            last = merged[-1]
            merged[-1] = (weekday, last[1], max(last[2], end))
        else:
            merged.append((weekday, start, end))
    return tuple(merged)


# --- needs and candidates -------------------------------------------------------------------
@dataclass(frozen=True)
class Need:
    """A support request for a child, or an adult learner looking for a partner.

    `municipality` is where sessions can happen in person (None: online only); `level` is the
    learner's overall level (CEFR 1..6) or the child's Japanese stage (1..6), 0 if not known.
    A session needs one weekday on which both sides are free for `minutes_per_session` in one
    stretch; the request needs `sessions_per_week` such weekdays.
    """

    id: Hashable
    mother_tongue: str
    kind: SupportKind = SupportKind.JAPANESE
    is_child: bool = False
    level: int = UNKNOWN_LEVEL
    other_languages: frozenset[str] = frozenset()
    goals: frozenset[str] = frozenset()
    availability: tuple[Slot, ...] = ()
    sessions_per_week: int = 1
    minutes_per_session: int = 60
    municipality: str | None = None
    online_ok: bool = False
    previous_volunteer_ids: frozenset[Hashable] = frozenset()
    excluded_volunteer_ids: frozenset[Hashable] = frozenset()
    # None: follow the kind (subject support and interpreting need the mother tongue).
    requires_mother_tongue_support: bool | None = None

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "kind", SupportKind(self.kind))
        set_(self, "level", parse_level(self.level))
        set_(self, "availability", normalise_availability(self.availability))
        for name in (
            "other_languages",
            "goals",
            "previous_volunteer_ids",
            "excluded_volunteer_ids",
        ):
            set_(self, name, frozenset(getattr(self, name)))
        if self.sessions_per_week < 1 or self.sessions_per_week > 7:
            raise ValueError("sessions_per_week must be 1..7 (one session a weekday at most)")
        if self.minutes_per_session < 1:
            raise ValueError("minutes_per_session must be positive")
        if self.municipality is None and not self.online_ok:
            raise ValueError("a need without a municipality must allow online sessions")

    @property
    def needs_mother_tongue_support(self) -> bool:
        if self.requires_mother_tongue_support is not None:
            return self.requires_mother_tongue_support
        return self.kind in MOTHER_TONGUE_KINDS

    @property
    def minutes_needed(self) -> int:
        return self.sessions_per_week * self.minutes_per_session

    @property
    def minutes_available(self) -> int:
        return sum(end - start for _, start, end in self.availability)


@dataclass(frozen=True)
class Candidate:
    """A volunteer as the engine sees them.

    `languages` maps language codes to levels 1..6 (Japanese is "ja"); `support_languages`
    are the languages they offer mother-tongue support in. `municipalities` are the places
    they can reach in person (their home municipality counts too). `safeguarding_cleared`
    is decided by `is_safeguarding_valid` (background check still valid and training done).
    """

    id: Hashable
    languages: Mapping[str, int] = field(default_factory=dict)
    support_languages: frozenset[str] = frozenset()
    home_municipality: str | None = None
    municipalities: frozenset[str] = frozenset()
    online: bool = False
    availability: tuple[Slot, ...] = ()
    capacity: int = 1
    active_assignments: int = 0
    safeguarding_cleared: bool = False
    children_experience: bool = False
    teaching_experience: bool = False
    qualified: bool = False  # 日本語教育能力検定試験 passed or 登録日本語教員
    goals: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "languages", {code: parse_level(lv) for code, lv in self.languages.items()})
        set_(self, "support_languages", frozenset(self.support_languages))
        set_(self, "municipalities", frozenset(self.municipalities))
        set_(self, "goals", frozenset(self.goals))
        set_(self, "availability", normalise_availability(self.availability))
        if self.capacity < 0 or self.active_assignments < 0:
            raise ValueError("capacity and active_assignments must not be negative")

    @property
    def reachable_municipalities(self) -> frozenset[str]:
        """Where they can meet in person: the places they listed and where they live."""
        if self.home_municipality:
            return self.municipalities | {self.home_municipality}
        return self.municipalities

    @property
    def capacity_left(self) -> int:
        return max(0, self.capacity - self.active_assignments)

    def level_in(self, language: str) -> int:
        return self.languages.get(language, UNKNOWN_LEVEL)


SAFEGUARDING_CHECK_VALID_FOR = timedelta(days=3 * 365)


def is_safeguarding_valid(
    checked_on: date | None,
    training_done: bool,
    today: date,
    valid_for: timedelta = SAFEGUARDING_CHECK_VALID_FOR,
) -> bool:
    """A volunteer may be matched with a child only with a current check and the training."""
    if checked_on is None or not training_done:
        return False
    return checked_on <= today < checked_on + valid_for


# --- reasons a pair is not eligible ---------------------------------------------------------
class Reason(StrEnum):
    CAPACITY = "capacity"
    SAFEGUARDING = "safeguarding"
    MOTHER_TONGUE = "mother_tongue"
    LOCATION = "location"
    AVAILABILITY = "availability"
    EXCLUDED = "excluded"


REASON_TEXT: dict[Reason, tuple[str, str]] = {  # (ja, en)
    Reason.CAPACITY: ("担当できる件数の上限に達しています。", "Has no capacity left."),
    Reason.SAFEGUARDING: (
        "子どもの支援に必要な確認（身元確認・研修）が有効ではありません。",
        "No valid background check and safeguarding training for work with children.",
    ),
    Reason.MOTHER_TONGUE: (
        "必要な母語での支援ができません。",
        "Cannot support in the mother tongue this request needs.",
    ),
    Reason.LOCATION: (
        "この地域に行けず、オンラインでも対応できません。",
        "Cannot reach the place and the request cannot be met online.",
    ),
    Reason.AVAILABILITY: (
        "必要な回数・時間の空き時間が重なりません。",
        "Free times do not overlap enough for the sessions needed.",
    ),
    Reason.EXCLUDED: (
        "この依頼への提案を以前に辞退しているか、除外されています。",
        "Declined or was excluded from this request before.",
    ),
}


def reason_text(reason: str, lang: str = "en") -> str:
    ja, en = REASON_TEXT[Reason(reason)]
    return ja if lang.startswith("ja") else en


# --- weights and scores ---------------------------------------------------------------------
COMPONENTS = (
    "language_fit",
    "level_fit",
    "availability",
    "travel",
    "experience",
    "continuity",
    "load_balance",
)

COMPONENT_LABELS: dict[str, tuple[str, str]] = {  # (ja, en)
    "language_fit": ("言語の適合", "Language fit"),
    "level_fit": ("レベルの適合", "Level fit"),
    "availability": ("時間の重なり", "Availability overlap"),
    "travel": ("移動", "Travel"),
    "experience": ("経験", "Experience"),
    "continuity": ("継続性", "Continuity"),
    "load_balance": ("負担の分散", "Load balance"),
}


@dataclass(frozen=True)
class Weights:
    """Points each component is worth at its best; a score is the sum of value x weight.

    The defaults add up to 100 so a score reads as points out of 100.
    """

    language_fit: float = 25.0
    level_fit: float = 15.0
    availability: float = 15.0
    travel: float = 15.0
    experience: float = 10.0
    continuity: float = 10.0
    load_balance: float = 10.0

    def __post_init__(self) -> None:
        for f in fields(self):
            value = float(getattr(self, f.name))
            if not math.isfinite(value) or value < 0:
                raise ValueError(f"weight {f.name} must be a finite number >= 0, got {value}")
            object.__setattr__(self, f.name, value)

    @classmethod
    def from_mapping(cls, values: Mapping[str, float] | None) -> Weights:
        """Weights from a settings dict; missing names keep their default, unknown ones fail."""
        values = dict(values or {})
        unknown = set(values) - set(COMPONENTS)
        if unknown:
            raise ValueError(f"unknown matching weights: {sorted(unknown)}")
        return cls(**values)

    def as_dict(self) -> dict[str, float]:
        return {name: getattr(self, name) for name in COMPONENTS}

    @property
    def maximum(self) -> float:
        return sum(self.as_dict().values())


DEFAULT_WEIGHTS = Weights()


@dataclass(frozen=True)
class Component:
    name: str
    value: float  # 0..1
    weight: float
    explanation_ja: str
    explanation_en: str

    @property
    def points(self) -> float:
        return self.value * self.weight

    def label(self, lang: str = "en") -> str:
        ja, en = COMPONENT_LABELS[self.name]
        return ja if lang.startswith("ja") else en

    def explanation(self, lang: str = "en") -> str:
        return self.explanation_ja if lang.startswith("ja") else self.explanation_en


@dataclass(frozen=True)
class ScoreBreakdown:
    need_id: Hashable
    volunteer_id: Hashable
    components: tuple[Component, ...]

    @property
    def total(self) -> float:
        return sum(c.points for c in self.components)

    def component(self, name: str) -> Component:
        for c in self.components:
            if c.name == name:
                return c
        raise KeyError(name)

    def explanations(self, lang: str = "en") -> list[str]:
        return [f"{c.label(lang)}: {c.explanation(lang)}" for c in self.components]

    def as_dict(self, lang: str = "en") -> dict[str, object]:
        return {
            "need_id": self.need_id,
            "volunteer_id": self.volunteer_id,
            "total": round(self.total, 2),
            "components": [
                {
                    "name": c.name,
                    "label": c.label(lang),
                    "value": round(c.value, 4),
                    "weight": c.weight,
                    "points": round(c.points, 2),
                    "explanation": c.explanation(lang),
                }
                for c in self.components
            ],
        }


class Match(NamedTuple):
    need_id: Hashable
    volunteer_id: Hashable
    score: float


def total_score(matches: Iterable[Match]) -> float:
    return float(sum(m.score for m in matches))


# --- display names of common languages (ja, en); codes not listed are shown as they are ----
# The engine is pure (no Django), so it keeps this fallback; the site passes the names of its
# core.Language rows as `Names` (matching/adapters.py), so those win wherever the site runs.
LANGUAGE_NAMES: dict[str, tuple[str, str]] = {
    "ja": ("日本語", "Japanese"),
    "en": ("英語", "English"),
    "zh": ("中国語", "Chinese"),
    "ko": ("韓国語", "Korean"),
    "vi": ("ベトナム語", "Vietnamese"),
    "tl": ("タガログ語", "Tagalog"),
    "fil": ("フィリピノ語", "Filipino"),
    "pt": ("ポルトガル語", "Portuguese"),
    "es": ("スペイン語", "Spanish"),
    "ne": ("ネパール語", "Nepali"),
    "id": ("インドネシア語", "Indonesian"),
    "th": ("タイ語", "Thai"),
    "my": ("ミャンマー語", "Burmese"),
    "mn": ("モンゴル語", "Mongolian"),
    "ru": ("ロシア語", "Russian"),
    "uk": ("ウクライナ語", "Ukrainian"),
    "bn": ("ベンガル語", "Bengali"),
    "hi": ("ヒンディー語", "Hindi"),
    "si": ("シンハラ語", "Sinhala"),
    "ur": ("ウルドゥー語", "Urdu"),
    "fr": ("フランス語", "French"),
    "de": ("ドイツ語", "German"),
    "ar": ("アラビア語", "Arabic"),
    "fa": ("ペルシャ語", "Persian"),
    "km": ("クメール語", "Khmer"),
}


def language_name(code: str, lang: str = "en") -> str:
    names = LANGUAGE_NAMES.get(code)
    if names is None:
        return code
    return names[0] if lang.startswith("ja") else names[1]


@dataclass(frozen=True)
class Names:
    """Display names (ja, en) for explanations: languages by code, places by the code used in
    `Need.municipality`. Anything not listed falls back to the built-in language names or to
    the code itself."""

    languages: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    places: Mapping[str, tuple[str, str]] = field(default_factory=dict)

    def language(self, code: str, lang: str = "en") -> str:
        names = self.languages.get(code)
        if names is None:
            return language_name(code, lang)
        return names[0] if lang.startswith("ja") else names[1]

    def place(self, code: str, lang: str = "en") -> str:
        names = self.places.get(code)
        if names is None:
            return code
        return names[0] if lang.startswith("ja") else names[1]


DEFAULT_NAMES = Names()
