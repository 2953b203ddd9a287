"""Roles are Django groups with permissions; a user may hold several.

One place defines which permissions each role carries, so the admin, the views and the tests
agree. Permissions of apps that do not exist yet are skipped and picked up by the next
`migrate` (ensure_roles runs after every migrate).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import DEFAULT_DB_ALIAS, connections

LEARNER = "learner"
VOLUNTEER = "volunteer"
COORDINATOR = "coordinator"
EDITOR = "editor"
ROLES = (LEARNER, VOLUNTEER, COORDINATOR, EDITOR)

# app_label -> codename prefixes ("*" means all of the app's permissions).
ROLE_PERMISSIONS: dict[str, list[str]] = {
    LEARNER: [],
    VOLUNTEER: [],
    COORDINATOR: [
        "wagtailadmin.access_admin",
        "learning.*",
        "matching.*",
    ],
    EDITOR: [
        "wagtailadmin.access_admin",
        "wagtailimages.*",
        "wagtaildocs.*",
        "cms.*",
        # The reading dictionary and the publish-gate setting (core: the engine's gateway reads them).
        "core.add_readingentry",
        "core.change_readingentry",
        "core.delete_readingentry",
        "core.view_readingentry",
        "core.change_easyjapanesesettings",
    ],
}
# Permissions a role once had and must lose on the next migrate (least privilege): coordinators
# do not need the list of every account and its e-mail address in /admin/users/.
REVOKED_PERMISSIONS: dict[str, list[str]] = {COORDINATOR: ["accounts.view_user"]}
# Extra role permissions other apps register (e.g. learning adds "learning.book_session").
EXTRA_ROLE_PERMISSIONS: dict[str, list[str]] = {role: [] for role in ROLES}


def _permissions_for(specs: list[str]) -> list[Permission]:
    perms: list[Permission] = []
    for spec in specs:
        app_label, codename = spec.split(".", 1)
        qs = Permission.objects.filter(content_type__app_label=app_label)
        if codename != "*":
            qs = qs.filter(codename=codename)
        perms.extend(qs)
    return perms


def ensure_roles(sender=None, **kwargs) -> None:
    """Create the role groups and grant their permissions (idempotent)."""
    using = kwargs.get("using", "default")
    for role in ROLES:
        group, _ = Group.objects.using(using).get_or_create(name=role)
        perms = _permissions_for(ROLE_PERMISSIONS[role] + EXTRA_ROLE_PERMISSIONS[role])
        if perms:
            group.permissions.add(*perms)
        revoked = _permissions_for(REVOKED_PERMISSIONS.get(role, []))
        if revoked:
            group.permissions.remove(*revoked)
        _ensure_wagtail_permissions(group, role, using)


# Wagtail checks pages and media per tree/collection, not with plain model permissions.
PAGE_PERMISSIONS = {
    EDITOR: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    COORDINATOR: ["add_page", "change_page", "publish_page"],
}
COLLECTION_PERMISSIONS = {
    EDITOR: [
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
    ],
    COORDINATOR: ["wagtailimages.choose_image", "wagtaildocs.choose_document"],
}


def _ensure_wagtail_permissions(group: Group, role: str, using: str) -> None:
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

    root_page = Page.objects.using(using).filter(depth=1).first()
    if root_page is not None:
        for codename in PAGE_PERMISSIONS.get(role, []):
            perm = (
                Permission.objects.using(using)
                .filter(content_type__app_label="wagtailcore", codename=codename)
                .first()
            )
            if perm:
                GroupPagePermission.objects.using(using).get_or_create(
                    group=group, page=root_page, permission=perm
                )
    root_collection = Collection.objects.using(using).filter(depth=1).first()
    if root_collection is not None:
        for spec in COLLECTION_PERMISSIONS.get(role, []):
            app_label, codename = spec.split(".")
            perm = (
                Permission.objects.using(using)
                .filter(content_type__app_label=app_label, codename=codename)
                .first()
            )
            if perm:
                GroupCollectionPermission.objects.using(using).get_or_create(
                    group=group, collection=root_collection, permission=perm
                )


def grant_role(user, role: str) -> None:
    if role not in ROLES:
        raise ValueError(f"Unknown role {role!r}; roles are {', '.join(ROLES)}")
    group, _ = Group.objects.get_or_create(name=role)
    user.groups.add(group)


def user_has_role(user, role: str) -> bool:
    """True for members of the role's group; superusers hold every role."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    cache = getattr(user, "_role_cache", None)
    if cache is None:
        cache = user._role_cache = _role_names(user)
    return role in cache


def remember_role_names(user, names) -> None:
    """Role names read together with the user (accounts.signin): no statement of their own."""
    user._role_cache = set(names)


def group_names_sql(user_key: str) -> tuple[str, str]:
    """The one SQL join of a user to their groups' names: (the name column of alias `g`,
    "FROM ... WHERE <the user's column> = `user_key`"), `user_key` being `%s` or a column."""
    membership = get_user_model()._meta.get_field("groups")
    group = Group._meta
    return group.get_field("name").column, (
        f"FROM {group.db_table} g JOIN {membership.m2m_db_table()} m "
        f"ON m.{membership.m2m_reverse_name()} = g.{group.pk.column} "
        f"WHERE m.{membership.m2m_column_name()} = {user_key}"
    )


def _role_names(user) -> set[str]:
    """The names of the user's groups: `set(user.groups.values_list("name", flat=True))` in
    SQL, because every signed-in request that acts asks (a third of a millisecond of ORM
    work per booking, against a tenth for the statement)."""
    name, rest = group_names_sql("%s")
    with connections[user._state.db or DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute(f"SELECT g.{name} {rest}", [user.pk])
        return {found for (found,) in cursor.fetchall()}


def is_coordinator(user) -> bool:
    return user_has_role(user, COORDINATOR)
