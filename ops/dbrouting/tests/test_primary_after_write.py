"""Readers' requests may read from a replica; a client that wrote reads from the primary."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory
from django.utils.functional import SimpleLazyObject

from ops.dbrouting import decorators
from ops.dbrouting.health import PROCESS_HEALTH
from ops.dbrouting.middleware import COOKIE, DatabaseRoutingMiddleware
from ops.dbrouting.state import Routing, current, routing_scope

factory = RequestFactory()


def seen(request: HttpRequest) -> Routing:
    """Run a replica_reads view for ``request``; the routing state the view saw."""
    states: list[Routing] = []

    @decorators.replica_reads
    def view(request: HttpRequest) -> HttpResponse:
        state = current()
        assert state is not None
        states.append(Routing(**vars(state)))
        return HttpResponse("ok")

    if current() is None:  # as under the middleware
        with routing_scope():
            view(request)
    else:
        view(request)
    return states[0]


def reader(method: str = "get", **extra: Any) -> HttpRequest:
    request = getattr(factory, method)("/stories/a-story/", **extra)
    request.user = AnonymousUser()
    return request


def test_a_readers_get_may_use_a_replica() -> None:
    assert seen(reader()).may_use_replica
    assert seen(reader("head")).may_use_replica


def test_a_post_never_uses_a_replica() -> None:
    assert not seen(reader("post")).replica_reads


def test_anyone_with_a_session_reads_from_the_primary(settings: Any) -> None:
    request = reader()
    request.COOKIES[settings.SESSION_COOKIE_NAME] = "a-session-key"
    assert not seen(request).replica_reads


def test_deciding_loads_neither_the_session_nor_the_user() -> None:
    request = reader()
    request.user = SimpleLazyObject(lambda: pytest.fail("the user was loaded"))
    assert seen(request).may_use_replica


def middleware(view: Any, *, replicated: bool = True, seconds: int = 10) -> Any:
    wrapped = DatabaseRoutingMiddleware(view)
    wrapped.replicated = replicated
    return wrapped


def writing_view(request: HttpRequest) -> HttpResponse:
    from ops.dbrouting.routers import ReplicaRouter

    ReplicaRouter(["replica_0"]).db_for_write(get_user_model())  # what a save does first
    return HttpResponse("saved")


def test_a_request_that_wrote_pins_the_client_to_the_primary_for_a_few_seconds(
    settings: Any,
) -> None:
    settings.DATABASE_PRIMARY_AFTER_WRITE_SECONDS = 7

    response = middleware(writing_view)(factory.post("/newsroom/stories/1/"))

    cookie = response.cookies[COOKIE]
    assert cookie.value == "1"
    assert cookie["max-age"] == 7
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"


def test_a_pinned_client_reads_from_the_primary() -> None:
    states: list[Routing] = []

    def view(request: HttpRequest) -> HttpResponse:
        states.append(seen(request))
        return HttpResponse("page")

    request = reader()
    request.COOKIES[COOKIE] = "1"
    middleware(view)(request)

    assert states[0].pinned
    assert not states[0].may_use_replica


def test_a_request_that_only_read_sets_no_cookie() -> None:
    response = middleware(lambda request: HttpResponse("page"))(reader())
    assert COOKIE not in response.cookies


def test_without_replicas_or_with_the_setting_at_zero_no_cookie_is_set(settings: Any) -> None:
    assert COOKIE not in middleware(writing_view, replicated=False)(factory.post("/")).cookies
    settings.DATABASE_PRIMARY_AFTER_WRITE_SECONDS = 0
    assert COOKIE not in middleware(writing_view)(factory.post("/")).cookies


def test_a_replica_failing_mid_request_reruns_the_view_on_the_primary(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(decorators, "failed_on", lambda alias: alias == "replica_0")
    runs: list[Routing] = []

    @decorators.replica_reads
    def view(request: HttpRequest) -> HttpResponse:
        state = current()
        assert state is not None
        runs.append(Routing(**vars(state)))
        if len(runs) == 1:
            state.replica = "replica_0"  # the router chose it, then it died
            raise OperationalError("server closed the connection unexpectedly")
        return HttpResponse("page")

    try:
        with routing_scope():
            response = view(reader())
    finally:
        PROCESS_HEALTH.reset()

    assert response.status_code == 200
    assert runs[0].may_use_replica
    assert not runs[1].replica_reads


def test_an_error_on_the_primary_is_not_retried(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(decorators, "failed_on", lambda alias: False)

    @decorators.replica_reads
    def view(request: HttpRequest) -> HttpResponse:
        state = current()
        assert state is not None
        state.replica = "replica_0"
        raise OperationalError("statement timeout")

    with routing_scope(), pytest.raises(OperationalError):
        view(reader())
