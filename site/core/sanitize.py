"""Rich text is cleaned when it is rendered: only the markup editors can make survives.

Draftail saves whitelisted HTML, but rich text also arrives by import, the shell, the API or a
compromised editor account, and Wagtail renders the stored HTML as it is. `clean_html` keeps
what our editor features, Wagtail's link/embed expansion and the furigana layer produce, and
drops everything else (script, event handlers, javascript: URLs, style). nh3 (Rust's ammonia)
parses like a browser, so malformed markup cannot smuggle a tag through.
"""

from __future__ import annotations

import nh3

TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "b", "strong", "i", "em", "u", "s", "sub",
    "sup", "code", "blockquote", "ul", "ol", "li", "a", "img", "figure", "figcaption",
    "ruby", "rt", "rp", "span", "div", "table", "thead", "tbody", "tr", "th", "td", "iframe",
}  # fmt: skip
ATTRIBUTES = {
    "*": {"class", "lang", "dir", "id"},
    "a": {"href", "title", "target", "rel"},
    "img": {"src", "alt", "width", "height", "srcset", "sizes", "loading"},
    "iframe": {"src", "width", "height", "title", "allow", "allowfullscreen", "frameborder"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def clean_html(html: str) -> str:
    """Editor HTML without anything that could run; text and allowed markup unchanged."""
    if not html:
        return ""
    return nh3.clean(
        str(html),
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,  # links stay as the editor made them (the furigana tests hold that)
        strip_comments=True,
    )
