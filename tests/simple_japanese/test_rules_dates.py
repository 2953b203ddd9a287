"""era-year, time-24h, time-range-tilde, date-weekday."""

from __future__ import annotations

from simple_japanese import analyze


def hits(text: str, rule: str):
    return [f for f in analyze(text).findings if f.rule == rule]


def test_era_year_alone_gets_the_western_year():
    (finding,) = hits("令和7年に 始まります。", "era-year")
    assert finding.suggestion == "2025年（令和7年）"


def test_era_year_next_to_the_western_year_passes():
    assert hits("2025年（令和7年）に 始まります。", "era-year") == []


def test_gannen_is_year_one():
    (finding,) = hits("令和元年に 始まりました。", "era-year")
    assert finding.suggestion.startswith("2019年")


def test_twenty_four_hour_time_gets_gogo():
    (finding,) = hits("13時に 来て ください。", "time-24h")
    assert finding.suggestion == "午後1時"


def test_clock_time_gets_gozen_or_gogo():
    text = "18:30に 始まります。9:05に 終わります。"
    assert [f.suggestion for f in hits(text, "time-24h")] == ["午後6時30分", "午前9時5分"]


def test_twelve_hour_time_and_durations_pass():
    assert hits("午後1時に 来て ください。24時間 あいて います。", "time-24h") == []


def test_tilde_range_gets_kara():
    (finding,) = hits("10時〜12時に 来て ください。", "time-range-tilde")
    assert finding.suggestion == "10時から"


def test_kara_made_passes():
    assert hits("10時から 12時まで あいて います。", "time-range-tilde") == []


def test_event_date_without_weekday_is_info():
    found = hits("11月5日までに 電話して ください。", "date-weekday")
    assert [f.severity for f in found] == ["info"]


def test_date_with_weekday_or_in_past_news_passes():
    assert hits("11月5日（水）までに 電話して ください。", "date-weekday") == []
    assert hits("11月5日に 会議が ありました。", "date-weekday") == []
