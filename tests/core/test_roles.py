"""Roles are groups; a user may hold several; coordinators and editors reach the admin."""

import pytest
from django.contrib.auth.models import Group

from accounts.roles import ROLES, ensure_roles, grant_role, user_has_role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_every_role_exists_as_a_group_after_migrate():
    assert set(Group.objects.filter(name__in=ROLES).values_list("name", flat=True)) == set(ROLES)


def test_ensure_roles_is_idempotent():
    ensure_roles()
    ensure_roles()
    assert Group.objects.filter(name="coordinator").count() == 1


def test_a_user_can_hold_several_roles():
    user = UserFactory(roles=["volunteer", "learner"])
    assert user_has_role(user, "volunteer") and user_has_role(user, "learner")
    assert not user_has_role(user, "coordinator")


def test_unknown_role_is_refused():
    with pytest.raises(ValueError, match="Unknown role"):
        grant_role(UserFactory(), "wizard")


@pytest.mark.parametrize(
    "role, can_admin",
    [("coordinator", True), ("editor", True), ("volunteer", False), ("learner", False)],
)
def test_only_staff_roles_can_use_the_wagtail_admin(role, can_admin):
    user = UserFactory(roles=[role])
    assert user.has_perm("wagtailadmin.access_admin") is can_admin


@pytest.mark.parametrize(
    "role, status", [("coordinator", 200), ("editor", 200), ("learner", 302), ("volunteer", 302)]
)
def test_admin_dashboard_follows_the_role(client, role, status):
    client.force_login(UserFactory(roles=[role]))
    response = client.get("/admin/")
    assert response.status_code == status


def test_editors_may_edit_pages_and_learners_may_not():
    editor = UserFactory(roles=["editor"])
    learner = UserFactory(roles=["learner"])
    from wagtail.models import Page

    home = Page.objects.get(depth=2)
    assert home.permissions_for_user(editor).can_edit()
    assert home.permissions_for_user(editor).can_publish()
    assert not home.permissions_for_user(learner).can_edit()


def test_new_sign_ups_are_learners(client, mailoutbox):
    client.post(
        "/accounts/signup/",
        {
            "email": "new@example.com",
            "family_name": "Lee",
            "given_name": "Min",
            "password1": "a-long-Passw0rd!",
            "password2": "a-long-Passw0rd!",
        },
    )
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(email="new@example.com")
    assert user_has_role(user, "learner")
    assert not user_has_role(user, "coordinator")


def test_wagtail_user_admin_works_with_email_login(client):
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    assert client.get("/admin/users/").status_code == 200
    response = client.post(
        "/admin/users/new/",
        {
            "email": "staff@example.com",
            "first_name": "Aki",
            "last_name": "Sato",
            "password1": "Str0ng-pass-word",
            "password2": "Str0ng-pass-word",
            "groups": [Group.objects.get(name="coordinator").pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    from django.contrib.auth import get_user_model

    created = get_user_model().objects.get(email="staff@example.com")
    assert user_has_role(created, "coordinator")
