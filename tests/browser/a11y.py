"""Helpers for the accessibility run: which pages each role can reach, and axe-core on a page.

Pages are found by following links with Django's test client (fast, in-process, the person's
own session), from a few declared starting points per role; the browser then opens each one.
One page per URL shape (`/learning/sessions/<n>/`, one course page of each template …) is
enough: the same template with other data gives the same markup.

axe-core comes from the `axe-playwright-python` package (MIT wrapper around Deque's axe-core,
MPL-2.0, vendored in the wheel); only its script is used, run with our own context and options.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

from axe_playwright_python.base import AXE_SCRIPT

# WCAG 2.0/2.1/2.2 A and AA, plus axe's best practices (landmarks, heading order, regions).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]

# Links never followed: they change state, leave the HTML site, or are Wagtail's own admin.
NEVER_FOLLOW = re.compile(
    r"""^/(
        static/|media/|documents/|sw\.js|favicon|healthz|i18n/|prefs/
      | accounts/(logout|confirm-email|password/reset/key|3rdparty|social)
      | learning/calendar/            # the .ics feed and its reset (POST)
      | learning/api/ | matching/api/ | notices/banners/ | push/
    )""",
    re.X,
)
LANGUAGE_PREFIX = re.compile(r"^/(en|vi|zh-hans|tl|ko|id|ne|pt|es|zh)/", re.I)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def links_in(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return parser.hrefs


# Paths that differ only in a slug naming the same kind of thing (one municipality's shelters).
SLUG_SHAPES = [(re.compile(r"^(/shelters/)[^/]+/$"), r"\1<slug>/")]


def url_shape(path: str) -> str:
    """The template a path stands for: numbers become <n> (one session page is every session page)."""
    path = re.sub(r"/\d+(?=/|$)", "/<n>", path)
    for pattern, shape in SLUG_SHAPES:
        path = pattern.sub(shape, path)
    return path


@dataclass
class Crawl:
    """Breadth-first over same-site links with a Django test client (one signed-in person)."""

    client: object
    follow: Callable[[str], bool] = lambda path: True
    audit: Callable[[str], bool] = lambda path: True  # pages only walked through are not kept
    per_shape: int = 1
    limit: int = 120  # pages fetched, a guard against a listing that links on forever
    found: list[str] = field(default_factory=list)

    def run(self, seeds: Iterable[str]) -> list[str]:
        queue = list(seeds)
        seen: set[str] = set()
        shapes: dict[str, int] = {}
        fetched = 0
        while queue and fetched < self.limit:
            path = queue.pop(0)
            if path in seen:
                continue
            seen.add(path)
            shape = url_shape(path)
            if shapes.get(shape, 0) >= self.per_shape:
                continue
            response = self.client.get(path)
            fetched += 1
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            shapes[shape] = shapes.get(shape, 0) + 1
            if self.audit(path):
                self.found.append(path)
            for href in links_in(response.content.decode()):
                target = _local_path(href)
                if target and target not in seen and self._may_follow(target):
                    queue.append(target)
        return self.found

    def _may_follow(self, path: str) -> bool:
        return (
            not NEVER_FOLLOW.match(path) and not LANGUAGE_PREFIX.match(path) and self.follow(path)
        )


def _local_path(href: str) -> str | None:
    href, _fragment = urldefrag(href)
    parts = urlsplit(href)
    if parts.scheme not in ("", "http", "https") or not parts.path.startswith("/"):
        return None
    if parts.netloc and not parts.netloc.startswith(("127.0.0.1", "localhost", "testserver")):
        return None
    # Filters and pages of a listing render the same template: the bare path stands for them.
    return parts.path


def axe_violations(page, *, include: list[str] | None = None, exclude: list[str] | None = None):
    """axe-core's violations on the page as it is now (after load and any script)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT)
    context: dict = {}
    if include:
        context["include"] = [[selector] for selector in include]
    if exclude:
        context["exclude"] = [[selector] for selector in exclude]
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    results = page.evaluate(
        "([context, options]) => axe.run(Object.keys(context).length ? context : document, options)",
        [context, options],
    )
    return results["violations"]


def describe(url: str, width: int, violations: list[dict]) -> list[str]:
    """One line per violating node: where, which rule, what axe says is wrong."""
    lines = []
    for violation in violations:
        for node in violation["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            summary = (node.get("failureSummary") or "").replace("\n", " ")[:240]
            lines.append(
                f"{url} @{width}px [{violation['id']}/{violation['impact']}] {target}: {summary}"
            )
    return lines
