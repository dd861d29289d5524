"""Which public content goes stale when newsroom data changes, as content-version scopes.

The public pages, feeds and anonymous API responses are cached under content
versions (``ops.httpcache.versions``).  This module names the scopes and bumps
exactly the ones a write touched, after the transaction commits:

- ``site``: what every page shows around the news — desk names and slugs in the
  navigation, staff names in bylines, tag names.  Bumped when a desk, a tag or a
  person's name changes.
- ``live``: the set and order of Live stories (the home page, the API list).
- ``desk:<slug>``: one desk's Live stories (its front, its feeds, the "latest
  on this desk" box).
- ``story:<id>``: one story's own page and API detail.

A story's scopes are bumped only if readers can read it now or could before
the write (``READABLE``: Live, and Archived — off every list but still at its
address): editing a draft changes nothing any reader can see.  At the same
moments ``purging`` names the URLs an upstream cache must drop and enqueues
their purge after the commit (when a purge backend is configured).  Signals (rather
than calls in ``services``) catch every writer, the Django admin included.
Bulk writes (``bulk_create``, ``update``) send no signals; the only one, the
demo loader, runs on an empty install with nothing cached.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_init, post_save

from newsbudget.accounts.models import User
from newsbudget.desks.models import Desk
from newsbudget.stories import purging
from newsbudget.stories.models import Status, Story, Tag
from ops.httpcache import versions
from ops.httpcache.versions import bump_on_commit

SITE = "site"
LIVE = "live"
READABLE = (Status.LIVE, Status.ARCHIVED)


def story_scope(story_id: int) -> str:
    return f"story:{story_id}"


def desk_scope(desk_slug: str) -> str:
    return f"desk:{desk_slug}"


ROUTE_TIMEOUT = 24 * 3600


# --- Reading scopes without rendering ---------------------------------------


def story_route(slug: str) -> tuple[int, str] | None:
    """(id, desk slug) of the readable story at ``slug``, from the cache if it can; None if none.

    A story page's URL names only the slug, but its scopes need the story's id
    and desk.  The answer is cached and dropped whenever that story changes
    publicly (``story_saved``), so a page hit or a 304 costs no query.
    """
    key = route_key(slug)
    route = cache.get(key)
    if route is None:
        route = (
            Story.objects.filter(slug=slug, status__in=READABLE)
            .values_list("pk", "desk__slug")
            .first()
        )
        if route is None:
            return None
        cache.set(key, route, ROUTE_TIMEOUT)
    story_id, desk_slug = route
    return story_id, desk_slug


def route_key(slug: str) -> str:
    """The cache key of a slug's route: a digest, so any slug in a URL makes a valid key.

    >>> route_key("a" * 5000) == route_key("a" * 5000), len(route_key("a" * 5000))
    (True, 53)
    """
    return f"newsroom:story-route:{hashlib.sha256(slug.encode()).hexdigest()[:32]}"


def known_desk(slug: str) -> bool:
    """Whether a desk has this slug, from a list cached under the ``site`` version.

    Only real desks get version numbers, so junk slugs cannot fill the cache.
    """
    site_version = versions.current([SITE])[SITE]
    key = f"newsroom:desk-slugs:{site_version}"
    slugs = cache.get(key)
    if slugs is None:
        slugs = frozenset(Desk.objects.values_list("slug", flat=True))
        cache.set(key, slugs, ROUTE_TIMEOUT)
    return slug in slugs


# --- Stories --------------------------------------------------------------


def remember_public_state(sender: type[Story], instance: Story, **kwargs: Any) -> None:
    """Note, as loaded, whether the story is public and on which desk (compared after a save).

    Read from ``__dict__``: a field left out with ``only()``/``defer()`` is
    unknown, not fetched (fetching would build another instance and recurse).
    An unknown status counts as public, so a save errs towards refreshing.
    """
    loaded = instance.__dict__
    instance._was_readable = loaded.get("status", Status.LIVE) in READABLE  # type: ignore[attr-defined]
    instance._loaded_desk_id = loaded.get("desk_id")  # type: ignore[attr-defined]
    instance._loaded_slug = loaded.get("slug")  # type: ignore[attr-defined]


def story_saved(sender: type[Story], instance: Story, **kwargs: Any) -> None:
    was_readable = getattr(instance, "_was_readable", False)
    if was_readable or instance.status in READABLE:
        loaded_desk = getattr(instance, "_loaded_desk_id", None)
        loaded_slug = getattr(instance, "_loaded_slug", None)
        desk_ids = {instance.desk_id, *([loaded_desk] if loaded_desk else [])}
        slugs = {instance.slug, *([loaded_slug] if loaded_slug else [])}
        bump_on_commit(story_scopes(instance.pk, desk_ids))
        forget_routes_on_commit(slugs)
        purging.purge_story_on_commit(story_id=instance.pk, slugs=slugs, desk_ids=desk_ids)
    remember_public_state(sender, instance)


def story_deleted(sender: type[Story], instance: Story, **kwargs: Any) -> None:
    if getattr(instance, "_was_readable", False):
        bump_on_commit(story_scopes(instance.pk, {instance.desk_id}))
        forget_routes_on_commit({instance.slug})
        purging.purge_story_on_commit(
            story_id=instance.pk, slugs={instance.slug}, desk_ids={instance.desk_id}
        )


def forget_routes_on_commit(slugs: set[str]) -> None:
    keys = [route_key(slug) for slug in slugs]
    transaction.on_commit(lambda: cache.delete_many(keys))


def story_relations_changed(sender: type, instance: Any, action: str, **kwargs: Any) -> None:
    """Bylines or tags of a Live story changed (from the story's side or the other side)."""
    if not action.startswith("post_"):
        return
    if isinstance(instance, Story):
        if instance.status in READABLE:
            bump_on_commit(story_scopes(instance.pk, {instance.desk_id}))
            purging.purge_story_on_commit(
                story_id=instance.pk, slugs={instance.slug}, desk_ids={instance.desk_id}
            )
        return
    live = Story.objects.filter(pk__in=kwargs.get("pk_set") or (), status__in=READABLE)
    for story_id, desk_id, slug in live.values_list("pk", "desk_id", "slug"):
        bump_on_commit(story_scopes(story_id, {desk_id}))
        purging.purge_story_on_commit(story_id=story_id, slugs={slug}, desk_ids={desk_id})


def story_scopes(story_id: int, desk_ids: set[int]) -> list[str]:
    slugs = Desk.objects.filter(pk__in=desk_ids).values_list("slug", flat=True)
    return [LIVE, story_scope(story_id), *(desk_scope(slug) for slug in slugs)]


# --- What surrounds the news ----------------------------------------------


def desk_changed(sender: type[Desk], instance: Desk, **kwargs: Any) -> None:
    bump_on_commit([SITE, LIVE, desk_scope(instance.slug)])
    purging.purge_desk_on_commit(slug=instance.slug)


def tag_changed(sender: type[Tag], instance: Tag, **kwargs: Any) -> None:
    bump_on_commit([SITE])


def remember_name(sender: type[User], instance: User, **kwargs: Any) -> None:
    instance._loaded_byline = (instance.first_name, instance.last_name, instance.username)  # type: ignore[attr-defined]


def person_saved(sender: type[User], instance: User, **kwargs: Any) -> None:
    """A renamed person changes bylines everywhere; logins (last_login) change nothing public."""
    name = (instance.first_name, instance.last_name, instance.username)
    if getattr(instance, "_loaded_byline", None) not in (None, name):
        bump_on_commit([SITE])
    remember_name(sender, instance)


def connect() -> None:
    """Wire the receivers; called once from the stories app's ``ready``."""
    post_init.connect(remember_public_state, sender=Story, dispatch_uid="fresh-story-init")
    post_save.connect(story_saved, sender=Story, dispatch_uid="fresh-story-save")
    post_delete.connect(story_deleted, sender=Story, dispatch_uid="fresh-story-delete")
    for relation in (Story.bylines.through, Story.tags.through):
        m2m_changed.connect(
            story_relations_changed, sender=relation, dispatch_uid=f"fresh-{relation.__name__}"
        )
    post_save.connect(desk_changed, sender=Desk, dispatch_uid="fresh-desk-save")
    post_delete.connect(desk_changed, sender=Desk, dispatch_uid="fresh-desk-delete")
    post_save.connect(tag_changed, sender=Tag, dispatch_uid="fresh-tag-save")
    post_delete.connect(tag_changed, sender=Tag, dispatch_uid="fresh-tag-delete")
    post_init.connect(remember_name, sender=User, dispatch_uid="fresh-user-init")
    post_save.connect(person_saved, sender=User, dispatch_uid="fresh-user-save")
