"""accounts.signin: the signed-in user in one statement, with Django's session rules intact."""

from __future__ import annotations

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from accounts.roles import COORDINATOR, LEARNER, is_coordinator, user_has_role
from accounts.signin import get_user, load_user
from tests.factories import UserFactory

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
ALLAUTH_BACKEND = "allauth.account.auth_backends.AuthenticationBackend"


def signed_in_request(user, *, backend=MODEL_BACKEND, auth_hash=None):
    from django.contrib.sessions.backends.db import SessionStore

    request = RequestFactory().get("/")
    request.session = SessionStore()
    request.session[SESSION_KEY] = str(user.pk)
    request.session[BACKEND_SESSION_KEY] = backend
    request.session[HASH_SESSION_KEY] = (
        user.get_session_auth_hash() if auth_hash is None else auth_hash
    )
    request.session.save()
    return request


@pytest.mark.django_db
@pytest.mark.parametrize("backend", [MODEL_BACKEND, ALLAUTH_BACKEND])
def test_the_user_and_their_roles_come_in_one_statement(backend):
    person = UserFactory(roles=[LEARNER, COORDINATOR])
    request = signed_in_request(person, backend=backend)
    request.session.load()  # (the session's own read is not the user's)
    with CaptureQueriesContext(connection) as queries:
        user = get_user(request)
        assert user_has_role(user, LEARNER) and is_coordinator(user)
    assert user.pk == person.pk and user.email == person.email
    assert user.is_authenticated
    assert len(queries) == 1


@pytest.mark.django_db
def test_the_row_is_the_one_the_orm_reads():
    person = UserFactory(roles=[LEARNER])
    user = load_user(ModelBackend(), str(person.pk))
    expected = type(person).objects.get(pk=person.pk)
    for field in type(person)._meta.concrete_fields:
        assert getattr(user, field.attname) == getattr(expected, field.attname), field.name
    assert user._state.adding is False and user._state.db == "default"


@pytest.mark.django_db
def test_a_user_without_groups_has_no_roles():
    user = load_user(ModelBackend(), UserFactory().pk)
    assert user._role_cache == set()


@pytest.mark.django_db
def test_a_wrong_session_hash_signs_out_and_clears_the_session():
    person = UserFactory()
    request = signed_in_request(person, auth_hash="not-the-hash")
    assert isinstance(get_user(request), AnonymousUser)
    assert SESSION_KEY not in request.session


@pytest.mark.django_db
def test_a_session_without_a_hash_signs_out():
    person = UserFactory()
    request = signed_in_request(person, auth_hash="")
    assert isinstance(get_user(request), AnonymousUser)


@pytest.mark.django_db
def test_a_password_change_signs_other_sessions_out():
    person = UserFactory()
    request = signed_in_request(person)
    person.set_password("a different passphrase 42")
    person.save()
    assert isinstance(get_user(request), AnonymousUser)


@pytest.mark.django_db
def test_a_hash_made_with_a_rotated_secret_is_accepted_and_renewed(settings):
    person = UserFactory()
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    request = signed_in_request(person)
    old_key = request.session.session_key
    settings.SECRET_KEY = "a new secret key, long enough to be a real one: 0123456789abcdef"
    user = get_user(request)
    assert user.pk == person.pk
    assert request.session[HASH_SESSION_KEY] == person.get_session_auth_hash()
    assert request.session.session_key != old_key  # rotated, as Django does


@pytest.mark.django_db
def test_an_inactive_account_is_anonymous():
    person = UserFactory(is_active=False)
    assert isinstance(get_user(signed_in_request(person)), AnonymousUser)


@pytest.mark.django_db
def test_a_deleted_account_is_anonymous():
    person = UserFactory()
    request = signed_in_request(person)
    person.delete()
    assert isinstance(get_user(request), AnonymousUser)


@pytest.mark.django_db
def test_a_backend_no_longer_configured_is_anonymous(settings):
    person = UserFactory()
    request = signed_in_request(person, backend="accounts.tests.RemovedBackend")
    assert isinstance(get_user(request), AnonymousUser)


class OwnBackend(ModelBackend):
    def get_user(self, user_id):
        user = super().get_user(user_id)
        if user is not None:
            user.came_through_own_backend = True
        return user


@pytest.mark.django_db
def test_a_backend_with_its_own_get_user_is_asked(settings):
    path = f"{__name__}.OwnBackend"
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, path]
    person = UserFactory()
    user = get_user(signed_in_request(person, backend=path))
    assert user.pk == person.pk and user.came_through_own_backend


@pytest.mark.django_db
def test_the_site_signs_requests_in_through_it(client):
    from django.conf import settings

    assert "accounts.signin.AuthenticationMiddleware" in settings.MIDDLEWARE
    person = UserFactory(roles=[LEARNER])
    client.force_login(person)
    response = client.get("/accounts/profile/")
    assert response.wsgi_request.user.pk == person.pk
    assert response.wsgi_request.user._role_cache == {LEARNER}
