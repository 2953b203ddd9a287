"""In Chromium: every Japanese run marked lang="ja", dates in the reader's format, the switcher."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from core.demo import load_all

pytestmark = pytest.mark.django_db(transaction=True)

# Text nodes holding kana or kanji whose nearest lang="…" is not Japanese. The switcher's own
# options are skipped: each carries its language's code (中文 is lang="zh-hans", not Japanese).
UNMARKED_JAPANESE = """() => {
  const japanese = /[\\u3040-\\u30ff\\u3400-\\u9fff]/;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const found = [];
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const parent = node.parentElement;
    if (!japanese.test(node.data) || parent.closest("script, style, noscript, #language-select")) continue;
    const lang = (parent.closest("[lang]") || document.documentElement).getAttribute("lang");
    if (!lang.startsWith("ja")) found.push(node.data.trim().slice(0, 40) + " @" + lang);
  }
  return found;
}"""

ENGLISH_DATE_WORDS = re.compile(
    r"\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun|January|February|March|April|May|June|July|August|"
    r"September|October|November|December|AM|PM)\b"
)
BARE_MONTH_DAY = re.compile(r"(?<![\d/.])\d{1,2}/\d{1,2}(?![\d/])")


def _publish_demo_notice() -> None:
    """The demo's emergency notice, live, so its banner (and its expiry time) is on every page."""
    from cms.models import EmergencyNoticePage

    notice = EmergencyNoticePage.objects.get(slug="ooame")
    notice.expires_at = timezone.now() + timezone.timedelta(days=1)
    notice.save_revision().publish()


@pytest.mark.parametrize("language", ["en", "vi"])
def test_class_schedule_marks_every_japanese_run_and_writes_dates_in_the_readers_format(
    page, live_server, language
):
    load_all()
    _publish_demo_notice()
    page.goto(f"/{language}/classes/")
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("li.session-card").count() > 0
    assert page.locator(".banner__until").count() == 1

    assert page.evaluate(UNMARKED_JAPANESE) == []
    # Course titles and venues are Japanese, and say so.
    assert page.locator(".session-card__title [lang=ja]").count() > 0
    assert page.locator(".session-card__where [lang=ja]").count() > 0

    text = page.locator("body").inner_text()
    assert not BARE_MONTH_DAY.search(text), BARE_MONTH_DAY.search(text)
    if language == "vi":
        assert "tháng" in page.locator(".session-card__when").first.inner_text()
        assert "tháng" in page.locator(".banner__until").inner_text()
        assert not ENGLISH_DATE_WORDS.search(text), ENGLISH_DATE_WORDS.search(text)
        # Session-card labels come from the Vietnamese catalogue.
        assert "Đăng nhập để đặt chỗ" in text
    else:
        assert re.search(
            r"\d{1,2}:\d\d (AM|PM)", page.locator(".session-card__when").first.inner_text()
        )


def test_a_vietnamese_browser_opening_the_root_lands_on_vietnamese(new_page, live_server):
    load_all()
    page = new_page(locale="vi-VN")
    page.goto("/")
    assert page.url == f"{live_server.url}/vi/"
    assert page.locator("html").get_attribute("lang") == "vi"


def test_choosing_a_language_switches_at_once_and_keeps_the_page(page, live_server):
    load_all()
    page.goto("/en/classes/")
    # No button to press: the switcher is visible on a phone without opening the menu.
    page.set_viewport_size({"width": 375, "height": 740})
    page.reload()
    assert page.locator("#language-select").is_visible()
    assert not page.locator(".language-switcher button").is_visible()
    with page.expect_navigation():
        page.select_option("#language-select", "vi")
    assert page.url == f"{live_server.url}/vi/classes/"
    assert page.locator("html").get_attribute("lang") == "vi"
    # Back to Japanese: the choice is remembered, so `/` stays Japanese for a Vietnamese browser.
    with page.expect_navigation():
        page.select_option("#language-select", "ja")
    assert page.url == f"{live_server.url}/classes/"
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "ja"


def test_menu_links_and_form_labels_get_ruby_only_while_furigana_are_on(page, live_server):
    load_all()
    page.goto("/classes/")
    assert page.locator("#furigana-toggle").get_attribute("aria-pressed") == "true"
    assert page.locator("#site-nav a ruby").count() > 0
    assert page.locator("form.filter-form label ruby").count() > 0
    assert page.locator("#site-nav a ruby rt").first.inner_text() == "よてい"

    # The reader turns furigana off; the next page has no ruby in the interface strings.
    # The script hides the ruby at once and stores the choice with a POST: wait for its answer
    # (which sets the cookie) before opening the next page, or the page may come first.
    with page.expect_response("**/prefs/furigana/"):
        page.locator("#furigana-toggle").click()
    page.wait_for_function("document.documentElement.classList.contains('furigana-off')")
    page.goto("/classes/")
    assert page.locator("#site-nav a ruby").count() == 0
    assert page.locator("form.filter-form label ruby").count() == 0
    assert page.locator("form.filter-form label").first.text_content() == "市町村"


# Interface strings in English that must not show on a Vietnamese page (proper nouns aside).
ENGLISH_UI = [
    "Log in",
    "Log out",
    "Sign up",
    "Password",
    "E-mail address",
    "Book a seat",
    "Seats left",
    "Classes",
    "Search",
    "Home",
    "Your seat is booked",
    "Confirm your e-mail",
]


def _all_vietnamese(page) -> None:
    assert page.locator("html").get_attribute("lang") == "vi", page.url
    assert page.evaluate(UNMARKED_JAPANESE) == [], page.url
    text = page.locator("body").inner_text()
    assert [s for s in ENGLISH_UI if s in text] == [], page.url


def test_a_vietnamese_newcomer_signs_up_confirms_logs_in_and_books_in_vietnamese(
    new_page, live_server, mailoutbox
):
    load_all()
    page = new_page(locale="vi-VN")
    page.goto("/")
    assert page.url == f"{live_server.url}/vi/"
    _all_vietnamese(page)

    page.get_by_role("link", name="Đăng ký").click()
    _all_vietnamese(page)
    page.fill("input[name=email]", "lan@example.com")
    page.fill("input[name=password1]", "a-long-Passw0rd!")
    page.fill("input[name=password2]", "a-long-Passw0rd!")
    page.fill("input[name=family_name]", "Tran")
    page.fill("input[name=given_name]", "Lan")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    _all_vietnamese(page)

    # The confirmation e-mail is in Vietnamese, text and HTML, and names the site.
    mail = mailoutbox[0]
    assert mail.body.startswith("Xin chào, đây là Nihongo Link.")
    assert '<html lang="vi">' in mail.alternatives[0][0]
    link = re.search(r"https?://[^/\s]+(/\S+)", mail.body).group(1)
    assert link.startswith("/vi/")
    page.goto(link)
    _all_vietnamese(page)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    _all_vietnamese(page)

    # Log out and in again.
    page.locator(".account-links button[type=submit]").click()
    page.wait_for_load_state()
    page.goto("/vi/accounts/login/")
    _all_vietnamese(page)
    page.fill("input[name=login]", "lan@example.com")
    page.fill("input[name=password]", "a-long-Passw0rd!")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert (
        page.locator(".signed-in-as").inner_text() == "Tran Lan"
    )  # the name given at sign-up, not the e-mail

    # Book a seat on the class schedule.
    page.goto("/vi/classes/")
    _all_vietnamese(page)
    page.locator("button[data-book-button]").first.click()
    page.wait_for_load_state()
    assert "Bạn đã đặt chỗ thành công." in page.locator(".messages").inner_text()
    _all_vietnamese(page)
