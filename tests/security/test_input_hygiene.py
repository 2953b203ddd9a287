"""NUL bytes and invalid encodings anywhere in a request: 400 or 404, never 500.

Before: /learning/calendar/%00.ics was a 500 on PostgreSQL (NUL passed to the database), as
was any other NUL that reached a query. The fuzz list below walks every URL pattern of the
site (Wagtail's admin included) and puts each bad value in the place of its variables.
"""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern

pytestmark = pytest.mark.django_db

BAD_VALUES = ["%00", "a%00b", "%FF", "%C3%28", "%ED%A0%80", "%0A%0D", "%7F"]
BAD_QUERIES = ["q=%00", "page=%FF", "ids=1%002", "next=%C3%28", "token=%ED%A0%80"]
ROUTE_VARIABLE = re.compile(r"<[^>]+>")
REGEX_META = re.compile(r"[\\^$.|?*+()\[\]{}]")


def _literal(pattern) -> str:
    """The pattern's fixed text with a '{}' where a variable goes (None: cannot tell)."""
    if isinstance(pattern, LocalePrefixPattern):
        return ""
    if isinstance(pattern, RoutePattern):
        return ROUTE_VARIABLE.sub("{}", str(pattern))
    if isinstance(pattern, RegexPattern):
        text = str(pattern).lstrip("^").rstrip("$").replace("\\Z", "")
        meta = REGEX_META.search(text)
        return text if meta is None else text[: meta.start()] + "{}"
    return ""


def url_templates() -> list[str]:
    """Every route of the site as a path template, '{}' for each variable part."""
    found: set[str] = set()

    def walk(patterns, prefix: str) -> None:
        for entry in patterns:
            literal = _literal(entry.pattern)
            if literal is None:
                continue
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, prefix + literal)
            elif isinstance(entry, URLPattern):
                found.add(prefix + literal)

    walk(get_resolver().url_patterns, "")
    return sorted(found)


def paths_with(value: str) -> list[str]:
    paths = []
    for template in url_templates():
        filled = template.replace("{}", value) if "{}" in template else template + value
        paths.append("/" + filled)
    return paths


def test_the_fuzz_list_covers_the_routes_of_every_app():
    templates = url_templates()
    assert len(templates) > 100  # Wagtail's admin alone has hundreds
    for prefix in ("learning/", "matching/", "accounts/", "admin/", "search/", "healthz"):
        assert any(t.startswith(prefix) for t in templates), prefix


@pytest.mark.parametrize("value", BAD_VALUES)
def test_a_bad_value_in_any_path_is_400_or_404(client, value):
    failures = {}
    for path in paths_with(value):
        status = client.get(path).status_code
        if status not in (400, 404):
            failures[path] = status
    assert failures == {}


def test_bad_values_in_the_query_string_are_400_on_every_route(client):
    failures = {}
    for template in url_templates():
        if "{}" in template:
            continue
        for query in BAD_QUERIES:
            path = f"/{template}?{query}"
            status = client.get(path).status_code
            if status != 400:
                failures[path] = status
    assert failures == {}


def test_a_signed_in_coordinator_gets_no_500_either(client, coordinator):
    client.force_login(coordinator)
    for path in paths_with("%00")[::3]:
        assert client.get(path).status_code in (400, 404), path


def test_the_calendar_feed_with_a_nul_is_not_a_server_error(client):
    assert client.get("/learning/calendar/%00.ics").status_code in (400, 404)


def test_nul_in_a_form_field_is_400(client, learner):
    client.force_login(learner)
    assert client.post("/prefs/furigana/", {"furigana": "off\x00", "next": "/"}).status_code == 400
    response = client.post("/accounts/login/", {"login": "a\x00@example.com", "password": "x"})
    assert response.status_code == 400


def test_a_json_caller_gets_a_json_400(client):
    response = client.get("/learning/api/counts/?ids=1%00", HTTP_ACCEPT="application/json")
    assert response.status_code == 400 and response.json()["error"] == "bad_input"


def test_ordinary_japanese_in_paths_queries_and_forms_is_untouched(client):
    assert client.get("/search/?q=%E3%81%94%E3%81%BF").status_code == 200  # ごみ
    response = client.post("/prefs/furigana/", {"furigana": "off", "next": "/ごみ/\n"})
    assert response.status_code == 302
