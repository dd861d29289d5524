"""The newsroom roles as Django groups with real permissions.

Roles are data (groups an admin can inspect in the Django admin) but their
permissions are defined here, in code, and re-applied after every migrate, so a
deploy can never leave a role with a stale or hand-edited permission set.

- **Reporter** files and edits their own stories.
- **Editor** also edits any story on their desks, moves stories between
  budget days, schedules, publishes, unpublishes, archives and spikes,
  issues and revokes partner API keys, reads the ops dashboard and the
  error groups, and opens Wagtail's admin for the editorial pages.
- **Admin** does everything on every desk and manages desks and staff, including
  unlocking sign-ins and resetting a colleague's two-factor authentication,
  and marks error groups resolved.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group, Permission

REPORTER = "Reporter"
EDITOR = "Editor"
ADMIN = "Admin"

REPORTER_PERMISSIONS = [
    "stories.view_story",
    "stories.add_story",
    "stories.change_story",
    "stories.view_tag",
    "stories.add_tag",
    "desks.view_desk",
]
EDITOR_PERMISSIONS = [
    *REPORTER_PERMISSIONS,
    "stories.edit_desk_stories",
    "stories.move_story",
    "stories.schedule_story",
    "stories.publish_story",
    "stories.spike_story",
    "stories.view_storytransition",
    # Partner API keys: issue, edit limits, revoke (a change), read usage; never delete.
    "apikeys.view_apikey",
    "apikeys.add_apikey",
    "apikeys.change_apikey",
    "apikeys.view_keyusage",
    # The ops pages: the dashboard and the error groups (marking one resolved is an admin's).
    "dashboard.view_minuterollup",
    "errors.view_errorgroup",
    # Wagtail's admin (/cms/) for the editorial pages; what they may do to which pages is
    # Wagtail's page permissions, granted per group in its admin (docs/cms.md).
    "wagtailadmin.access_admin",
    # What readers sent through the contact form (read-only in the Django admin).
    "pages.view_contactmessage",
]
ADMIN_PERMISSIONS = [
    *EDITOR_PERMISSIONS,
    "stories.edit_all_stories",
    "stories.delete_story",
    "stories.change_tag",
    "stories.delete_tag",
    "desks.add_desk",
    "desks.change_desk",
    "desks.delete_desk",
    "accounts.view_user",
    "accounts.add_user",
    "accounts.change_user",
    "auth.view_group",
    # Account recovery: unlock sign-ins (django-axes), reset 2FA (django-allauth's MFA).
    "axes.view_accessattempt",
    "axes.delete_accessattempt",
    "axes.view_accessfailurelog",
    "axes.view_accesslog",
    "mfa.view_authenticator",
    "mfa.delete_authenticator",
    "errors.change_errorgroup",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    REPORTER: REPORTER_PERMISSIONS,
    EDITOR: EDITOR_PERMISSIONS,
    ADMIN: ADMIN_PERMISSIONS,
}


def permissions_named(dotted_names: list[str]) -> list[Permission]:
    """Permission rows for ``app_label.codename`` names; unknown names are an error."""
    wanted = {tuple(name.split(".", 1)) for name in dotted_names}
    found = [
        permission
        for permission in Permission.objects.select_related("content_type")
        if (permission.content_type.app_label, permission.codename) in wanted
    ]
    missing = wanted - {(p.content_type.app_label, p.codename) for p in found}
    if missing:
        raise LookupError(f"Unknown permissions for roles: {sorted(missing)}")
    return found


def sync_roles() -> None:
    """Create the role groups and set their permissions to exactly what the code says."""
    for role, names in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.set(permissions_named(names))


def sync_roles_after_migrate(sender: Any, **kwargs: Any) -> None:
    """post_migrate receiver: sync once per migrate run (it fires once per app)."""
    if sender.label == "accounts":
        _sync_when_permissions_exist(kwargs.get("using", "default"))


def _sync_when_permissions_exist(using: str) -> None:
    # Permissions for every app are created by auth's own post_migrate handler;
    # ours may run before it for later apps, so create them first.
    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    sync_roles()


def assign_role(user: Any, role: str) -> None:
    """Put ``user`` in exactly one role group; editors and admins get Django admin access."""
    if role not in ROLE_PERMISSIONS:
        raise ValueError(f"Unknown role {role!r}; choose one of {', '.join(ROLE_PERMISSIONS)}")
    user.groups.set([Group.objects.get(name=role)])
    user.is_staff = role in (EDITOR, ADMIN)
    user.save(update_fields=["is_staff"])
