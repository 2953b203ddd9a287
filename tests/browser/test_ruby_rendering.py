"""Ruby as the site renders it in Chromium: a word's base characters stay together."""

from __future__ import annotations

import io
from pathlib import Path

from simple_japanese.furigana import furigana

CSS = (Path(__file__).resolve().parents[2] / "site" / "static" / "css" / "site.css").read_text()


def _ink_width(png: bytes) -> int:
    """Width in pixels from the first to the last column with dark pixels."""
    from PIL import Image

    im = Image.open(io.BytesIO(png)).convert("L")
    w, h = im.size
    px = im.load()
    cols = [x for x in range(w) if any(px[x, y] < 128 for y in range(h))]
    return cols[-1] - cols[0] + 1 if cols else 0


def test_a_rubied_word_is_as_wide_as_the_plain_word(browser):
    # The readings are hidden (kept in the layout) so only the base text is measured; without
    # `ruby-align: center` Chromium spreads 勉強 under the wider べんきょう (70 px vs 62 px).
    html = (
        f"<html><head><style>{CSS} body{{font-size:32px;--ink:#000;--paper:#fff}}"
        " rt{visibility:hidden}</style></head><body>"
        f"<span id=ruby>{furigana('勉強')}</span><br><span id=plain>勉強</span></body></html>"
    )
    page = browser.new_page()
    try:
        page.set_content(html)
        assert page.locator("#ruby ruby").count() == 1  # one ruby for the word, not per kanji
        ruby = _ink_width(page.locator("#ruby").screenshot())
        plain = _ink_width(page.locator("#plain").screenshot())
    finally:
        page.close()
    assert plain > 0
    assert abs(ruby - plain) <= 1, (ruby, plain)
