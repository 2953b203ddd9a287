"""No page of the demo site shows a raw identifier, to any role, in Japanese or English.

The demo data (`load_demo`'s loaders) plus one assignment taken from proposed to accepted,
then a bounded crawl (tests/core/crawl.py) from the home page, the role's menu and, for staff,
the Wagtail admin's menu. Fails on `snake_case` or `ALL_CAPS_NAMES` in visible text,
`→`-joined states, and on the Japanese pages on an English interface string of the project
that the catalogue translates (a label not passed through gettext, or not translated).
Wagtail's own admin chrome is Wagtail's text and is not checked for msgids.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client

from cms.snippets import Topic
from core.demo import load_all
from matching import workflow
from matching.models import LearnerProfile, VolunteerProfile
from tests.core.crawl import (
    Finding,
    crawl,
    page_text,
    raw_identifiers,
    translated_msgids,
    untranslated,
)

ROLES = {
    "anonymous": None,
    "learner": "learner@example.com",
    "volunteer": "volunteer@example.com",
    "coordinator": "coordinator@example.com",
    "editor": "editor@example.com",
    "admin": "admin@example.com",  # coordinator and editor, superuser
}
STAFF = {"coordinator", "editor", "admin"}
# Wagtail's own admin strings that are also msgids of ours (its catalogue, its wording).
WAGTAIL_CHROME = {"Filter by"}


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker):
    """The demo data, and an assignment with a history (proposed, then accepted).

    Loaded once for the module inside a transaction rolled back at its end (each test's own
    transaction nests in it): loading the demo takes longer than crawling as one role.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        load_all()
        User = get_user_model()
        coordinator = User.objects.get(email="coordinator@example.com")
        volunteer = VolunteerProfile.objects.get(user__email="volunteer@example.com")
        learner = LearnerProfile.objects.get(user__email="learner@example.com")
        assignment = workflow.propose(coordinator, volunteer, learner=learner)
        workflow.accept(volunteer.user, assignment)
        yield assignment
        transaction.set_rollback(True)


def data_texts() -> set[str]:
    """Texts that are data, not interface strings (a topic's English name is meant to be English)."""
    return {name for pair in Topic.objects.values_list("name_en", "slug") for name in pair}


@pytest.mark.parametrize("role", list(ROLES))
def test_no_page_shows_a_raw_identifier_in_japanese_or_english(demo_site, db, role):
    findings: set[str] = set()
    for language in ("ja", "en"):
        client = Client()
        starts = ["/" if language == "ja" else f"/{language}/"]
        if ROLES[role]:
            client.force_login(get_user_model().objects.get(email=ROLES[role]))
        if role in STAFF:
            starts += ["/admin/", f"/admin/matching_assignment/inspect/{demo_site.pk}/"]
        msgids = None
        if language == "ja":
            msgids = translated_msgids("ja") - data_texts() - WAGTAIL_CHROME

        result = crawl(client, starts, language=language, msgids=msgids)

        assert result.server_errors == []
        assert len(result.visited) >= 10, result.visited  # the crawl really walked the site
        findings |= {f"[{language}] {f}" for f in result.findings}
    assert sorted(findings) == [], "\n".join(sorted(findings))


def test_the_crawl_reaches_the_admin_menu_and_the_assignment_history(demo_site, db):
    client = Client()
    client.force_login(get_user_model().objects.get(email="coordinator@example.com"))
    result = crawl(client, ["/", "/admin/"], language="en")
    assert "/admin/matching_suggest/" in result.visited
    assert "/admin/matching_assignment/" in result.visited
    assert f"/admin/matching_assignment/inspect/{demo_site.pk}/" in result.visited


# --- the checks themselves ----------------------------------------------------------------
def test_snake_case_in_visible_text_is_found():
    assert [f.text for f in raw_identifiers("/", "Status: score_breakdown")] == ["score_breakdown"]


def test_all_caps_identifiers_are_found():
    assert [f.kind for f in raw_identifiers("/", "(settings: MATCHING_WEIGHTS)")] == [
        "ALL_CAPS identifier"
    ]


def test_arrow_joined_states_are_found():
    assert [f.kind for f in raw_identifiers("/", "proposed → accepted")] == ["→-joined"]


def test_email_addresses_and_urls_are_not_identifiers():
    text = "Write to first_name@example.org or see https://example.org/some_path/"
    assert raw_identifiers("/", text) == []


def test_scripts_attributes_and_code_are_not_visible_text():
    html = (
        '<p class="some_class" data-x="A_B">Hello</p><script>var a_b = 1;</script>'
        "<code>load_demo</code><pre>MATCHING_WEIGHTS</pre><div hidden>None</div>"
    )
    assert page_text(html).blocks == ["Hello"]


def test_the_translated_msgids_are_read_from_the_japanese_catalogue():
    msgids = translated_msgids("ja")
    assert "Assignments" in msgids
    assert not any("%(" in msgid for msgid in msgids)  # never verbatim on a page


def test_an_english_msgid_on_a_japanese_page_is_found():
    assert untranslated("/admin/", "Assignments", {"Assignments"}) == [
        Finding("/admin/", "untranslated msgid", "Assignments")
    ]
