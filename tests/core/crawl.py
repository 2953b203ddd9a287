"""A bounded same-host crawl with Django's test client, and the raw-identifier checks it runs.

Used by test_no_raw_identifiers: what a person reads on a page (text outside <script>,
<style>, code blocks and attribute values) must not show program identifiers
(`snake_case`, `ALL_CAPS_NAMES`), state names joined with `→`, or, on Japanese pages, an
English interface string that has a Japanese translation in the catalogue.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import polib
from django.conf import settings
from django.test import Client

# Text inside these elements is not prose a person reads as the page's wording.
SKIPPED_ELEMENTS = {
    "script",
    "style",
    "code",
    "pre",
    "kbd",
    "samp",
    "template",
    "textarea",
    "rt",
    "rp",
}
VOID_ELEMENTS = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}  # fmt: skip
# Elements that end a run of text (a "block"): an English sentence split by <a>/<strong>
# inside a block is still caught, two neighbouring cells are not glued together.
BLOCK_ELEMENTS = {
    "address", "article", "aside", "blockquote", "body", "button", "caption", "dd", "details",
    "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1",
    "h2", "h3", "h4", "h5", "h6", "header", "hr", "label", "legend", "li", "main", "nav", "ol",
    "option", "p", "section", "select", "summary", "table", "tbody", "td", "tfoot", "th",
    "thead", "title", "tr", "ul", "br",
}  # fmt: skip

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
URL = re.compile(r"(?:https?|webcal|wss?)://\S+|(?<![\w/])/[\w./?=&%-]*")
SNAKE_CASE = re.compile(r"(?<![\w.-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w-])")
ALL_CAPS_IDENTIFIER = re.compile(r"(?<![\w.-])[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+(?![\w-])")
ARROW_JOINED = re.compile(r"\w\s*→\s*\w")

# Paths never followed: they change state on GET, log out, download files, or are not pages.
SKIPPED_PATH = re.compile(
    r"logout|/delete|delete/|export|\.ics|\.csv|\.xlsx|/calendar/|/feed/|/documents/|/media/|"
    r"/static/|/healthz|/sw\.js|/i18n/|/prefs/|/favicon|/preview/|/usage/|/revisions/|"
    r"/unpublish|/copy/|/move/|/lock/|/unlock/|/convert_alias|/chooser|/choose|/autocomplete|"
    r"/workflow|/history/|/api/|/search/\?|/admin/sites|/admin/users|/admin/groups|"
    r"/admin/locales|/admin/settings|/admin/reports|/admin/localize|/admin/django_q|"
    r"/admin/workflows|/admin/tasks|/admin/redirects/add|/admin/embeds|/add_subpage|"
    r"/edit/preview|/admin/images/multiple|/admin/documents/multiple|/admin/bulk/"
)


@dataclass
class Finding:
    url: str
    kind: str
    text: str

    def __str__(self) -> str:
        return f"{self.url}: {self.kind}: {self.text!r}"


@dataclass
class Crawl:
    """What a crawl visited and what it found (one finding per url, kind and text)."""

    visited: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    server_errors: list[str] = field(default_factory=list)


class VisibleText(HTMLParser):
    """Blocks of text a person reads, and the links of the page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.links: list[str] = []
        self._skipping: list[str] = []
        self._current: list[str] = []
        self._in_sidebar = False

    def _flush(self) -> None:
        text = " ".join("".join(self._current).split())
        if text:
            self.blocks.append(text)
        self._current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)
        if tag in VOID_ELEMENTS:
            if tag in BLOCK_ELEMENTS:
                self._flush()
            return
        if tag in SKIPPED_ELEMENTS or self._skipping or any(name == "hidden" for name, _ in attrs):
            # Wagtail's admin menu is drawn by script from this JSON: its entries are links too.
            self._in_sidebar = tag == "script" and ("id", "wagtail-sidebar-props") in attrs
            self._skipping.append(tag)
            return
        if tag in BLOCK_ELEMENTS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if self._skipping:
            if tag in self._skipping:
                while self._skipping and self._skipping.pop() != tag:
                    pass
            return
        if tag in BLOCK_ELEMENTS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self._in_sidebar:
            self.links += re.findall(r'"url": "(/admin/[^"]*)"', data)
            self._in_sidebar = False
        if not self._skipping:
            self._current.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def page_text(html: str) -> VisibleText:
    parser = VisibleText()
    parser.feed(html)
    parser.close()
    return parser


def _catalogue_path(code: str) -> str:
    return str(settings.BASE_DIR / "site" / "locale" / code / "LC_MESSAGES" / "django.po")


def translated_msgids(code: str = "ja") -> set[str]:
    """English interface strings of the project that the catalogue gives another wording.

    A msgid whose translation is the msgid itself (names, codes) is left out; so are strings
    with placeholders (they never appear verbatim).
    """
    found = set()
    for entry in polib.pofile(_catalogue_path(code)):
        if entry.obsolete or "fuzzy" in entry.flags or "%" in entry.msgid or "{" in entry.msgid:
            continue
        msgstr = entry.msgstr or entry.msgstr_plural.get(0, "")
        msgid = " ".join(entry.msgid.split())
        if msgstr and msgstr != entry.msgid and re.search(r"[A-Za-z]{2}", msgid):
            found.add(msgid)
    return found


def raw_identifiers(url: str, text: str) -> list[Finding]:
    """Identifiers and arrow-joined states in one block of visible text."""
    cleaned = URL.sub(" ", EMAIL.sub(" ", text))
    found = [Finding(url, "snake_case", m) for m in SNAKE_CASE.findall(cleaned)]
    found += [Finding(url, "ALL_CAPS identifier", m) for m in ALL_CAPS_IDENTIFIER.findall(cleaned)]
    if ARROW_JOINED.search(cleaned):
        found.append(Finding(url, "→-joined", text[:120]))
    return found


def untranslated(url: str, text: str, msgids: set[str]) -> list[Finding]:
    """On a Japanese page: a block that is exactly a translated English msgid."""
    return [Finding(url, "untranslated msgid", text)] if text in msgids else []


def _internal_path(base: str, href: str) -> str | None:
    absolute = urljoin(base, href)
    parts = urlsplit(absolute)
    if parts.scheme not in ("http", "") or parts.netloc not in ("testserver", ""):
        return None
    return parts.path or "/"


def _shape(path: str) -> str:
    """Paths that differ only by numbers are one shape: one of each is enough."""
    return re.sub(r"\d+", "N", path)


def crawl(
    client: Client,
    starts: Iterable[str],
    *,
    language: str,
    max_pages: int = 150,
    per_shape: int = 2,
    msgids: set[str] | None = None,
    allow: re.Pattern[str] | None = None,
) -> Crawl:
    """GET every internal page reachable from `starts` (per_shape per path shape, max_pages).

    Japanese pages live at the root and other languages under /<code>/; the admin follows the
    language cookie. Links into another language than `language` are not followed.
    """
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    prefixes = tuple(f"/{code}/" for code, _ in settings.LANGUAGES if code != language)

    def in_language(path: str) -> bool:
        """Japanese pages are unprefixed; the admin and other unprefixed views follow the cookie."""
        if language == settings.LANGUAGE_CODE:
            return not path.startswith(prefixes)
        return path.startswith((f"/{language}/", "/admin/", "/accounts/"))

    result = Crawl()
    queue = deque(starts)
    seen: set[str] = set()
    shapes: Counter[str] = Counter()
    while queue and len(result.visited) < max_pages:
        path = queue.popleft()
        shape = _shape(path)
        if path in seen or shapes[shape] >= per_shape:
            continue
        seen.add(path)
        shapes[shape] += 1
        response = client.get(path, HTTP_ACCEPT_LANGUAGE=language)
        if response.status_code >= 500:
            result.server_errors.append(f"{path}: {response.status_code}")
            continue
        if response.status_code in (301, 302):
            target = _internal_path(path, response["Location"])
            if target and not SKIPPED_PATH.search(target):
                queue.appendleft(target)
            continue
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        result.visited.append(path)
        parsed = page_text(response.content.decode())
        for block in parsed.blocks:
            result.findings += raw_identifiers(path, block)
            if msgids is not None:
                result.findings += untranslated(path, block, msgids)
        for href in parsed.links:
            target = _internal_path(path, href)
            if (
                target
                and not SKIPPED_PATH.search(target)
                and in_language(target)
                and (allow is None or allow.search(target))
                and target not in seen
            ):
                queue.append(target)
    return result
