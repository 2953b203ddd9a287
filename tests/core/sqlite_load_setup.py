"""Run inside `manage.py shell` by test_sqlite_under_load: people, a page and sessions to load.

Prints one JSON line: the session cookies of an editor and of learners, the page and sessions.
"""

import json
from datetime import timedelta

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone
from wagtail.models import Page

from accounts.models import User
from accounts.roles import grant_role
from cms.models import MaterialIndexPage, MaterialPage
from learning.models import Session
from tests.learning.factories import SessionFactory


def login(user) -> str:
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


editor = User.objects.create_user("editor@example.org", "x", is_staff=True)
grant_role(editor, "editor")
learners = []
for n in range(4):
    learner = User.objects.create_user(f"learner{n}@example.org", "x")
    grant_role(learner, "learner")
    learners.append(learner)
home = Page.objects.get(depth=2)
index = MaterialIndexPage.objects.first()
if index is None:
    index = home.add_child(instance=MaterialIndexPage(title="教材", slug="materials"))
page = index.add_child(instance=MaterialPage(title="ごみの 出し方", slug="gomi", intro="ごみ"))
page.save_revision().publish()
sessions = [
    SessionFactory(capacity=2, starts_at=timezone.now() + timedelta(days=3 + n)).pk
    for n in range(2)
]
print(
    json.dumps(
        {
            "editor": login(editor),
            "learners": [[u.pk, login(u)] for u in learners],
            "page": page.pk,
            "sessions": sessions,
            "count": Session.objects.count(),
        }
    )
)
