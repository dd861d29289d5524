"""Where the current unit of work may read from, held in a context variable.

Each request gets a fresh ``Routing`` (``routing_scope``, entered by the
middleware) and loses it when it ends, so nothing carries over from one
request to the next in a worker.  Outside any scope (tasks, commands, the
scheduler, the health probes) there is no state, and the router sends every
query to the primary.  A context variable rather than a thread-local, so it
also holds per task under ASGI.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass
class Routing:
    """The routing decisions of one request.

    ``replica_reads``: a view that opted in is running.  ``pinned``: the client
    wrote moments ago (its cookie says so), so it reads its own writes from the
    primary.  ``wrote``: this request has written; every later query uses the
    primary.  ``replica``: the replica chosen for this request (one per request,
    so its reads are consistent with each other).  ``fell_back``: no replica was
    usable; do not try again during this request.
    """

    replica_reads: bool = False
    pinned: bool = False
    wrote: bool = False
    replica: str | None = None
    fell_back: bool = False

    @property
    def may_use_replica(self) -> bool:
        return self.replica_reads and not (self.pinned or self.wrote or self.fell_back)


_current: ContextVar[Routing | None] = ContextVar("ops_dbrouting_state", default=None)


def current() -> Routing | None:
    """This unit of work's routing state, or None outside a request."""
    return _current.get()


@contextlib.contextmanager
def routing_scope() -> Iterator[Routing]:
    """A fresh ``Routing`` for the duration of the block (one request)."""
    state = Routing()
    token = _current.set(state)
    try:
        yield state
    finally:
        _current.reset(token)


@contextlib.contextmanager
def replica_reads_allowed() -> Iterator[Routing]:
    """Allow replica reads inside the block (entering a scope if there is none)."""
    with contextlib.ExitStack() as stack:
        state = current() or stack.enter_context(routing_scope())
        before = state.replica_reads
        state.replica_reads = True
        try:
            yield state
        finally:
            state.replica_reads = before


@contextlib.contextmanager
def primary_reads() -> Iterator[None]:
    """Read from the primary inside the block, even where replica reads are allowed.

    ``ops.httpcache`` renders a page whose content changed moments ago this way:
    the page is about to be cached under its new version, so it must not be
    rendered from a replica that may not have the change yet.
    """
    state = current()
    if state is None:
        yield
        return
    before = state.pinned
    state.pinned = True
    try:
        yield
    finally:
        state.pinned = before
