"""Lee & Hasebe through jreadability with our tokens, and its six bands."""

from __future__ import annotations

from pathlib import Path

import pytest
from jreadability import compute_readability

from simple_japanese import analyze
from simple_japanese.readability import band, lee_hasebe, readability
from simple_japanese.tokens import tagger, tokenize

CORPUS = Path(__file__).resolve().parents[1] / "data" / "easy_vs_regular"


def corpus_lines() -> list[str]:
    lines = []
    for path in sorted(CORPUS.glob("*/*.txt")):
        lines += [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return lines


def test_replayed_tokens_give_jreadabilitys_own_result():
    """The stand-in tagger must feed jreadability exactly what fugashi would (line by line)."""
    lines = corpus_lines()
    assert len(lines) > 100
    for line in lines:
        assert lee_hasebe(line, tokenize(line)) == pytest.approx(
            compute_readability(line, tagger())
        )


def test_without_tokens_the_shared_tagger_is_used():
    text = "地震が 起きたら、机の 下に 入って ください。"
    assert lee_hasebe(text) == pytest.approx(compute_readability(text, tagger()))


@pytest.mark.parametrize(
    ("score", "band_id"),
    [
        (0.2, "upper-advanced"),
        (1.0, "upper-advanced"),
        (2.0, "lower-advanced"),
        (3.0, "upper-intermediate"),
        (4.0, "lower-intermediate"),
        (5.0, "upper-elementary"),
        (6.0, "lower-elementary"),
        (7.5, "lower-elementary"),
    ],
)
def test_scores_map_to_the_six_bands(score, band_id):
    assert band(score).band == band_id


def test_bands_carry_labels_in_both_languages():
    r = band(5.9)
    assert (r.label_en, r.label_ja) == ("Lower elementary", "初級前半")


def test_empty_text_has_no_readability():
    assert lee_hasebe("   ") is None
    assert readability("") is None


def test_easy_text_reads_easier_than_ordinary_text():
    easy = (CORPUS / "easy" / "02_earthquake.txt").read_text(encoding="utf-8")
    hard = (CORPUS / "regular" / "02_earthquake.txt").read_text(encoding="utf-8")
    assert lee_hasebe(easy) > lee_hasebe(hard)


def test_report_carries_the_readability_of_its_text():
    report = analyze("地震が 起きたら、机の 下に 入って ください。")
    assert report.readability is not None
    assert report.readability.band == band(report.readability.score).band
