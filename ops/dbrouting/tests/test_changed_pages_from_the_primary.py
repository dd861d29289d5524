"""A page whose content changed moments ago is rendered from the primary, then cached.

The page cache stores a render, and hands out its ETag, under the content's new
version; a replica that has not replayed the change yet would pair that version
with the old content for as long as the page stays cached.
"""

from __future__ import annotations

import time
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from ops.dbrouting.decorators import replica_reads
from ops.dbrouting.state import current, routing_scope
from ops.httpcache import versions
from ops.httpcache.decorators import public_page

HOUR_NS = 3600 * 1_000_000_000


def page_render_may_use_replica() -> bool:
    seen: list[bool] = []

    def scopes(request: HttpRequest) -> list[str]:
        return ["story:1"]

    @replica_reads
    @public_page(scopes)
    def view(request: HttpRequest) -> HttpResponse:
        state = current()
        assert state is not None
        seen.append(state.may_use_replica)
        return HttpResponse("story")

    request = RequestFactory().get("/stories/one/")
    request.user = AnonymousUser()
    with routing_scope():
        view(request)
    return seen[0]


def test_a_page_changed_moments_ago_is_rendered_from_the_primary(settings: Any) -> None:
    settings.DATABASE_REPLICA_MAX_LAG_SECONDS = 10
    versions.bump(["story:1"])

    assert page_render_may_use_replica() is False


def test_a_page_unchanged_for_longer_than_the_allowed_lag_may_come_from_a_replica(
    settings: Any,
) -> None:
    settings.DATABASE_REPLICA_MAX_LAG_SECONDS = 10
    cache.set(versions.version_key("story:1"), time.time_ns() - HOUR_NS, timeout=None)

    assert page_render_may_use_replica() is True
