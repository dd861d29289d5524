"""When the search index is updated: after every committed change to a story's searchable text.

Signals (not calls in ``stories.services``) catch every writer, the Django
admin included, the same way ``stories.freshness`` does for caches.  The
document is rewritten *after the commit*, in the same process, rather than
through a queued task: it is a few small queries, a reader expects an edit to
be searchable at once, and a rolled-back change never touches the index.  A
failure there is logged and leaves the index behind for that story (see
``services.index_stories_quietly``); ``manage.py rebuild_search_index``
repairs any drift.

What changes a story's text: saving it; adding or removing tags or bylines
(from either side of the relation); renaming a tag; renaming a person who has
bylines.  A deleted story's document goes with it (a cascading delete), which
the FTS5 triggers see too.  Bulk writes (``bulk_create``, ``update``) send no
signals: the demo loader rebuilds the index itself, and status changes by
``update()`` need no reindexing (status is not in the index).
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db import transaction
from django.db.models.signals import m2m_changed, post_init, post_save

from newsbudget.accounts.models import User
from newsbudget.search.services import index_stories_quietly
from newsbudget.stories.models import Story, Tag


def index_on_commit(story_ids: set[int]) -> None:
    if story_ids:
        transaction.on_commit(partial(index_stories_quietly, sorted(story_ids)))


def story_saved(sender: type[Story], instance: Story, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        index_on_commit({instance.pk})


def story_relations_changed(sender: type, instance: Any, action: str, **kwargs: Any) -> None:
    """Tags or bylines changed, from the story's side or from the tag's or person's."""
    if not action.startswith("post_"):
        return
    if isinstance(instance, Story):
        index_on_commit({instance.pk})
    elif action == "post_clear":
        index_on_commit(set(instance.stories.values_list("pk", flat=True)))
    else:
        index_on_commit(set(kwargs.get("pk_set") or ()))


def tag_saved(sender: type[Tag], instance: Tag, created: bool = False, **kwargs: Any) -> None:
    if not created:
        index_on_commit(set(instance.stories.values_list("pk", flat=True)))


def remember_byline(sender: type[User], instance: User, **kwargs: Any) -> None:
    loaded = instance.__dict__
    instance._search_byline = (  # type: ignore[attr-defined]
        loaded.get("first_name"),
        loaded.get("last_name"),
        loaded.get("username"),
    )


def person_saved(sender: type[User], instance: User, created: bool = False, **kwargs: Any) -> None:
    name = (instance.first_name, instance.last_name, instance.username)
    if not created and getattr(instance, "_search_byline", name) != name:
        index_on_commit(set(instance.stories.values_list("pk", flat=True)))
    remember_byline(sender, instance)


def connect() -> None:
    """Wire the receivers; called once from the search app's ``ready``."""
    post_save.connect(story_saved, sender=Story, dispatch_uid="search-story-save")
    for relation in (Story.bylines.through, Story.tags.through):
        m2m_changed.connect(
            story_relations_changed, sender=relation, dispatch_uid=f"search-{relation.__name__}"
        )
    post_save.connect(tag_saved, sender=Tag, dispatch_uid="search-tag-save")
    post_init.connect(remember_byline, sender=User, dispatch_uid="search-user-init")
    post_save.connect(person_saved, sender=User, dispatch_uid="search-user-save")
