"""The site header from 320 to 1920 px: nothing overflows and no word breaks across lines.

Home page in Japanese and English, logged out and as a coordinator (the longest menu). On a
phone the menu is opened first. Screenshots at 360, 768 and 1280 px go to the test artefacts
(tests/browser/conftest.py `artifacts_dir`).
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from core.demo import load_all

pytestmark = pytest.mark.django_db(transaction=True)
WIDTHS = (320, 360, 768, 1024, 1280, 1920)
SCREENSHOTS = {360, 768, 1280}

# Every visible header item whose text breaks over two lines (a word split in the middle, or a
# label wrapped), every item wider than its box or past the right edge of the window.
MEASURE = """() => {
  const problems = [];
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth > width + 1) problems.push("page wider than window");
  const items = document.querySelectorAll(
    ".site-header a, .site-header button, .site-header select, .site-header .signed-in-as");
  for (const el of items) {
    const box = el.getBoundingClientRect();
    if (!box.width || getComputedStyle(el).visibility === "hidden") continue;
    const name = (el.innerText || el.value || el.tagName).trim().replace(/\\s+/g, " ");
    if (box.right > width + 1 || box.left < -1) problems.push(`outside the window: ${name}`);
    if (el.scrollWidth > el.clientWidth + 1 && el.tagName !== "SELECT")
      problems.push(`overflows its box: ${name}`);
    // The lines the item's text sits on (furigana in <rt> sit above their base: not counted).
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    const bottoms = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.data.trim() || node.parentElement.closest("rt, rp")) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const r of range.getClientRects()) if (r.width > 0) bottoms.push(r.bottom);
    }
    bottoms.sort((a, b) => a - b);
    let lines = bottoms.length ? 1 : 0;
    for (let i = 1; i < bottoms.length; i++) if (bottoms[i] - bottoms[i - 1] > 8) lines++;
    if (lines > 1) problems.push(`broken over ${lines} lines: ${name}`);
  }
  return problems;
}"""


def login_cookie(email: str) -> str:
    client = Client()
    client.force_login(get_user_model().objects.get(email=email))
    return client.cookies["sessionid"].value


@pytest.mark.parametrize("who", ["anonymous", "coordinator"])
@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_header_fits_every_width_without_broken_words(
    new_page, live_server, artifacts_dir, who, language
):
    load_all()
    page = new_page(locale="ja-JP" if language == "ja" else "en-US")
    if who == "coordinator":
        page.context.add_cookies(
            [
                {
                    "name": "sessionid",
                    "value": login_cookie("coordinator@example.com"),
                    "url": live_server.url,
                }
            ]
        )
    path = "/" if language == "ja" else "/en/"
    problems = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(path)
        toggle = page.locator(".nav-toggle")
        if toggle.is_visible():
            toggle.click()  # a phone: open the menu, its items must fit too
        found = page.evaluate(MEASURE)
        if found:
            problems[width] = found
        if width in SCREENSHOTS:
            page.screenshot(
                path=str(artifacts_dir / f"header-{language}-{who}-{width}.png"), full_page=False
            )
    assert problems == {}
