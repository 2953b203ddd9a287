"""core/easyjp.py is the one gateway to the engine and follows the reading dictionary."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.core.signals import request_started
from django.template import Context, Template

from core import easyjp
from core.models import ReadingEntry

ROOT = Path(__file__).resolve().parents[2]
DJANGO_CODE = ["cms", "learning", "matching", "site"]
NAME = "猫石町"  # a made-up place name UniDic cannot know


def _imports_engine(path: Path) -> bool:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import) and any(
            a.name.split(".")[0] == "simple_japanese" for a in node.names
        ):
            return True
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == (
            "simple_japanese"
        ):
            return True
    return False


def test_only_the_gateway_imports_the_engine():
    importers = sorted(
        str(path.relative_to(ROOT))
        for folder in DJANGO_CODE
        for path in (ROOT / folder).rglob("*.py")
        if _imports_engine(path)
    )
    assert importers == ["site/core/easyjp.py"]


def test_no_receiver_syncs_the_engine_on_every_request():
    sync_receivers, async_receivers = request_started._live_receivers(None)
    modules = {getattr(r, "__module__", "") for r in [*sync_receivers, *async_receivers]}
    assert not any(m.startswith(("core", "cms", "learning")) for m in modules)


@pytest.mark.django_db
def test_a_dictionary_edit_changes_the_version_and_the_furigana_filters():
    template = Template("{% load furigana %}{{ text|furigana_text }}")
    before = easyjp.dictionary_version()
    entry = ReadingEntry.objects.create(word=NAME, reading="ねこいしちょう")
    assert easyjp.dictionary_version() != before
    assert "<rt>ねこいしちょう</rt>" in template.render(Context({"text": f"{NAME}です"}))
    entry.reading = "ねこいしまち"
    entry.save()
    assert "<rt>ねこいしまち</rt>" in template.render(Context({"text": f"{NAME}です"}))
    entry.delete()
    assert NAME not in easyjp.reading_overrides()


def test_text_beyond_the_engines_limit_is_shown_without_ruby_not_an_error(monkeypatch):
    from core import easyjp
    from simple_japanese.furigana import InputTooLong

    class TooLong:
        def furigana(self, text, **kwargs):
            raise InputTooLong(len(text))

        furigana_html = furigana

    monkeypatch.setattr(easyjp, "reader", TooLong)
    assert easyjp.ruby_text("<予約>漢字") == "&lt;予約&gt;漢字"
    assert easyjp.ruby_html("<p>漢字</p>") == "<p>漢字</p>"
